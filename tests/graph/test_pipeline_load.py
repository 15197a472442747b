"""The real extractor's output for data/samples, loaded into the graph twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.loader import load_jsonl


@pytest.fixture(scope="module")
def extracted(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        from citykg.extract.pipeline import extract_paths
    except ImportError as e:  # the extractor is another part of the project
        pytest.skip(f"extract.pipeline.extract_paths is not available: {e}")
    out = tmp_path_factory.mktemp("extract") / "samples.jsonl"
    summary = extract_paths([sample_dir], out, progress=False)
    assert not summary.failures, summary.describe()
    return out


def test_extracted_samples_load_and_reload_without_change(
    store: FalkorDBStore, extracted: Path, sample_dir: Path
) -> None:
    records = [json.loads(line) for line in extracted.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = load_jsonl(store, extracted)
    assert not first.failures, first.describe()
    assert first.documents == len(records) == 5
    counts = store.counts()
    n_entities = len({e["id"] for r in records for e in r["entities"]})
    assert store.read("MATCH (e:Entity) RETURN count(e) AS c")[0]["c"] == n_entities
    assert store.read("MATCH (d:Document) RETURN count(d) AS c")[0]["c"] == 5
    props = store.read("MATCH (n) RETURN sum(size(keys(n))) AS c")[0]["c"]

    second = load_jsonl(store, extracted)
    assert (second.documents, second.skipped_unchanged) == (0, 5)
    assert store.counts() == counts
    assert store.read("MATCH (n) RETURN sum(size(keys(n))) AS c")[0]["c"] == props

    # every relationship the extractor stated has its evidence in the graph, spans intact
    root = sample_dir.parents[1]
    texts = {r["doc_id"]: (root / r["source"]).read_text(encoding="utf-8") for r in records}
    rels = store.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN r.evidence AS ev, r.count AS n")
    assert rels and all(row["n"] >= 1 and row["ev"] for row in rels)
    for row in rels:
        for ev in map(json.loads, row["ev"]):
            assert texts[ev["doc_id"]][ev["start"] : ev["end"]] == ev["text"]
