"""`citykg load --bulk`: a first import (GRAPH.BULK on FalkorDB) gives the graph the incremental loader
gives (counts, checksum of names and edge keys, summaries), and refuses a graph that is not empty."""

from __future__ import annotations

import json
from typing import Any

import pytest

from citykg.extract.records import DocumentRecord
from citykg.graph.bulk import GraphNotEmpty, bulk_load_jsonl, bulk_load_records
from citykg.graph.checksum import graph_summary
from citykg.graph.loader import load_jsonl, load_records


def entities(store: Any) -> list[dict[str, Any]]:
    rows = store.read("MATCH (e:Entity) RETURN e ORDER BY e.id")
    for r in rows:
        r["e"]["_labels"] = sorted(r["e"]["_labels"])
        r["e"]["aliases"] = sorted(r["e"].get("aliases") or [])
    return rows


def relations(store: Any) -> list[dict[str, Any]]:
    return store.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, r ORDER BY a, t, b")


def test_bulk_gives_the_incremental_graph(
    new_graph_store: Any, sample_records: list[DocumentRecord], copies: Any
) -> None:
    ents = [e.model_dump() for e in sample_records[0].entities]
    for e in ents:  # a later document calls LH a company: the later type wins, in both loads
        if e["id"] == "org:lh":
            e["type"], e["properties"] = "Company", {"kind": "public"}
    later = DocumentRecord.model_validate({**sample_records[0].model_dump(mode="json"), "doc_id": "001-later",
                                           "entities": ents})  # fmt: skip
    records = [*copies(sample_records, 12), later]
    incremental, bulk = new_graph_store("incremental"), new_graph_store("bulk")
    load_records(incremental, records, batch_docs=10)
    summary = bulk_load_records(bulk, records, batch_docs=7)
    assert summary.documents == len(records) and not summary.failures
    a, b = graph_summary(incremental), graph_summary(bulk)
    assert a.nodes > 100 and a.same_graph(b), (a, b)
    assert a.largest_array == b.largest_array
    assert entities(incremental) == entities(bulk)
    assert relations(incremental) == relations(bulk)
    # both are finished loads: loading the same records again changes nothing
    assert load_records(bulk, records).skipped_unchanged == len(records)


def test_bulk_refuses_a_graph_that_is_not_empty(store: Any, sample_records: list[DocumentRecord]) -> None:
    load_records(store, sample_records[:1])
    with pytest.raises(GraphNotEmpty, match="not empty"):
        bulk_load_records(store, sample_records)


def _same(incremental: Any, bulk: Any) -> None:
    a, b = graph_summary(incremental), graph_summary(bulk)
    assert a.nodes > 0 and a.same_graph(b), (a, b)
    assert entities(incremental) == entities(bulk)
    assert relations(incremental) == relations(bulk)


def test_bulk_from_a_file_with_readers_gives_the_incremental_graph(
    new_graph_store: Any, sample_records: list[DocumentRecord], copies: Any, tmp_path: Any
) -> None:
    """GRAPH.BULK from a file read by two reader processes taking turns (rounds of 4 lines), with
    bad lines, documents the store cannot hold (refused by both loaders), shards in a folder."""
    records = copies(sample_records, 6)
    nul = records[3].model_dump(mode="json")
    nul["relations"][0]["evidence"][0]["text"] = "a\x00b"  # FalkorDB's Cypher cannot take it
    key = records[5].model_dump(mode="json")
    key["relations"][0]["properties"]["a`b"] = 1  # nor this property name
    inf = records[7].model_dump(mode="json")
    inf["entities"][0]["properties"]["area"] = float("inf")
    lines = [r.model_dump_json() for r in records]
    for i, r in zip((3, 5, 7), (nul, key, inf), strict=True):
        lines[i] = json.dumps(r, ensure_ascii=False)  # inf as Infinity, which json.loads reads back
    lines[10:10] = ["", "not json", '{"doc_id": "x"}']
    folder = tmp_path / "shards"
    folder.mkdir()
    (folder / "part-000000.jsonl").write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    (folder / "part-000001.jsonl").write_text("\n".join(lines[9:]) + "\n", encoding="utf-8")

    incremental, bulk = new_graph_store("incremental"), new_graph_store("bulk")
    inc = load_jsonl(incremental, folder, batch_docs=5)
    summary = bulk_load_jsonl(bulk, folder, batch_docs=4)
    assert summary.documents == inc.documents == len(records) - 3
    refused = [f for f in summary.failures if "not loaded" in f]
    assert len(refused) == 3 and "NUL" in refused[0] and "property name" in refused[1], refused
    assert "not finite" in refused[2]
    assert sum("part-000001.jsonl:" in f for f in summary.failures) == 2  # the two bad lines
    _same(incremental, bulk)
    assert load_records(bulk, [r for i, r in enumerate(records) if i not in (3, 5, 7)]).skipped_unchanged == 15


def test_bulk_keeps_the_first_copy_of_a_document_and_its_evidence_samples(
    new_graph_store: Any, sample_records: list[DocumentRecord], copies: Any, tmp_path: Any
) -> None:
    """A doc_id twice in the input: --bulk loads the first and says so; relation samples stay the first
    three of the load even when the dropped copy's reader had counted its samples as sent."""
    records = copies(sample_records, 4)
    again = records[1].model_copy(update={"date": "2030-01-01"})
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join(r.model_dump_json() for r in [*records[:6], again, *records[6:]]) + "\n")
    incremental, bulk = new_graph_store("incremental"), new_graph_store("bulk")
    load_records(incremental, records)
    summary = bulk_load_jsonl(bulk, path, batch_docs=2)
    assert [f for f in summary.failures if "in the input twice" in f], summary.failures
    _same(incremental, bulk)


def test_bulk_into_a_graph_emptied_after_use(
    store: Any, sample_records: list[DocumentRecord], new_graph_store: Any
) -> None:
    """A graph that held nodes and was emptied (its key and schema still there) takes a bulk load."""
    load_records(store, sample_records)
    store.write("MATCH (n) DETACH DELETE n")
    bulk_load_records(store, sample_records)
    incremental = new_graph_store("incremental")
    load_records(incremental, sample_records)
    _same(incremental, store)
    assert {r["label"] for r in store.read("CALL db.indexes() YIELD label RETURN label")} >= {"Entity", "Evidence"}
