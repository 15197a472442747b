"""`citykg load --bulk`: a first import with plain CREATEs gives the graph the incremental loader
gives (counts, checksum of names and edge keys, summaries), and refuses a graph that is not empty."""

from __future__ import annotations

from typing import Any

import pytest

from citykg.extract.records import DocumentRecord
from citykg.graph.bulk import GraphNotEmpty, bulk_load_records
from citykg.graph.checksum import graph_summary
from citykg.graph.loader import load_records


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
