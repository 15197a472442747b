"""Hubs stay small: a fact stated by many documents keeps a bounded summary on its edge (count,
first/last date, confidence, a few evidence samples), and every piece of evidence is an Evidence
node that the API pages through. Real embedded FalkorDB, records of the sample documents."""

from __future__ import annotations

import json
from typing import Any

from citykg.api.service import edge_evidence, get_document
from citykg.extract.records import DocumentRecord
from citykg.graph.checksum import graph_summary
from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.loader import SAMPLES, load_records, remove_document

COPIES = 40
MOLIT = "ministry:molit"


def hub_edge(store: FalkorDBStore) -> dict[str, Any]:
    """The relationship the most documents support, with its ends."""
    row = store.read(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, r ORDER BY r.count DESC, s, t, o "
        "LIMIT 1"
    )[0]
    return row


def all_evidence(store: FalkorDBStore, s: str, t: str, o: str, limit: int = 7) -> list[dict[str, Any]]:
    items, offset = [], 0
    while offset is not None:
        page = edge_evidence(store, s, t, o, limit=limit, offset=offset)
        items += page["items"]
        offset = page["next_offset"]
    return items


def test_arrays_stay_bounded_and_counts_grow(
    store: FalkorDBStore, sample_records: list[DocumentRecord], copies: Any
) -> None:
    load_records(store, copies(sample_records, 1))
    small = graph_summary(store)
    load_records(store, copies(sample_records, COPIES - 1, start=1), batch_docs=25)
    big = graph_summary(store)
    # 40x the documents, not one list longer: the longest is a per-document one (a mention list)
    assert big.largest_array == small.largest_array, big.largest_array_at
    assert big.labels["Document"] == COPIES * len(sample_records)

    molit = store.read("MATCH (e:Entity {id: $id}) RETURN e", {"id": MOLIT})[0]["e"]
    assert molit["doc_count"] == COPIES * 3 and "docs" not in molit
    assert (molit["first_seen"], molit["last_seen"]) == ("2021-01-01", "2021-02-09")

    hub = hub_edge(store)
    per_copy = sum(
        len(r.evidence) for rec in sample_records for r in rec.relations if (r.source, r.type, r.target) == (
            hub["s"], hub["t"], hub["o"])
    )  # fmt: skip
    docs_per_copy = sum(
        any((r.source, r.type, r.target) == (hub["s"], hub["t"], hub["o"]) for r in rec.relations)
        for rec in sample_records
    )
    assert hub["r"]["count"] == COPIES * docs_per_copy
    assert len(hub["r"]["evidence"]) == SAMPLES
    assert "docs" not in hub["r"] and "doc_dates" not in hub["r"]

    # the API still pages through every piece of evidence, with the rule that found it
    items = all_evidence(store, hub["s"], hub["t"], hub["o"])
    assert len(items) == COPIES * per_copy
    assert len({(i["doc_id"], i["start"]) for i in items}) == len(items)
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)
    assert all(i["rule"] == f"frame/{hub['t'].lower()}" for i in items)
    assert {json.loads(e)["doc_id"] for e in hub["r"]["evidence"]} <= {i["doc_id"] for i in items}


def test_replacing_and_deleting_documents_keep_the_summaries_right(
    store: FalkorDBStore, sample_records: list[DocumentRecord], copies: Any
) -> None:
    records = copies(sample_records, 10)
    load_records(store, records)
    hub = hub_edge(store)
    key = (hub["s"], hub["t"], hub["o"])
    supporting = [r for r in records if any((x.source, x.type, x.target) == key for x in r.relations)]
    count = hub["r"]["count"]
    assert count == len(supporting)

    # the latest supporting document is edited and no longer states the fact
    latest = max(supporting, key=lambda r: r.date or "")
    data = latest.model_dump(mode="json")
    data["relations"] = [x for x in data["relations"] if (x["source"], x["type"], x["target"]) != key]
    assert load_records(store, [DocumentRecord.model_validate(data)]).replaced == 1
    rel = hub_edge_of(store, *key)
    rest = [r for r in supporting if r.doc_id != latest.doc_id]
    assert rel["count"] == count - 1
    assert (rel["first_seen"], rel["last_seen"]) == (min(r.date for r in rest), max(r.date for r in rest))
    assert len(all_evidence(store, *key)) == len(all_evidence_of(rest, key))
    # the edited document still has its other relations, each with its own evidence
    assert all(ev["doc_id"] == latest.doc_id for r in get_document(store, latest.doc_id)["relations"]
               for ev in r["evidence"])  # fmt: skip

    # the earliest is deleted outright: its sample goes, another document's takes its place
    earliest = min(rest, key=lambda r: r.date or "")
    remove_document(store, earliest.doc_id)
    rel = hub_edge_of(store, *key)
    rest = [r for r in rest if r.doc_id != earliest.doc_id]
    assert rel["count"] == count - 2 and rel["first_seen"] == min(r.date for r in rest)
    samples = [json.loads(e) for e in rel["evidence"]]
    assert len(samples) == min(SAMPLES, len(all_evidence_of(rest, key)))
    assert earliest.doc_id not in {e["doc_id"] for e in samples}

    # every document deleted: the fact and the entities go, as before
    for rec in records:
        remove_document(store, rec.doc_id)
    assert store.counts() == {"nodes": 0, "relationships": 0}


def hub_edge_of(store: FalkorDBStore, s: str, t: str, o: str) -> dict[str, Any]:
    return store.read(f"MATCH (:Entity {{id: $s}})-[r:{t}]->(:Entity {{id: $o}}) RETURN r", {"s": s, "o": o})[0]["r"]


def all_evidence_of(records: list[DocumentRecord], key: tuple[str, str, str]) -> list[tuple[str, int]]:
    return sorted({
        (rec.doc_id, ev.start) for rec in records for r in rec.relations if (r.source, r.type, r.target) == key
        for ev in r.evidence
    })  # fmt: skip


def test_evidence_pages_read_a_window_oldest_first(
    store: FalkorDBStore, sample_records: list[DocumentRecord], copies: Any, monkeypatch: Any
) -> None:
    """A page of a hub edge's evidence is read from the oldest part only (date_key < a cut), and is
    the page of the whole relation sorted: dates of every form, documents without one (last)."""
    from citykg.api import service
    from citykg.graph.loader import rel_key

    records = []
    for i, rec in enumerate(copies(sample_records, 30)):
        date = None if i % 7 == 3 else rec.date[:4] if i % 11 == 5 else rec.date[:7] if i % 13 == 6 else rec.date
        records.append(rec.model_copy(update={"date": date}))
    load_records(store, records, batch_docs=40)
    hub = hub_edge(store)
    key = rel_key(hub["s"], hub["t"], hub["o"])
    whole = store.read("MATCH (v:Evidence {rel_key: $key}) RETURN count(v) AS n", {"key": key})[0]["n"]
    assert hub["r"]["evidence_count"] == whole > 20

    def ids(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
        return [(i["doc_id"], i["start"]) for i in items]

    expected = ids(service._evidence_page(store, key, 0, whole))  # the whole relation, sorted
    assert [d for d in (i["date"] for i in service._evidence_page(store, key, 0, whole)) if d is None]
    cuts: list[Any] = []
    page_of = service._evidence_page

    def spy(store: Any, key: str, offset: int, limit: int, cut: int | None = None) -> list[dict[str, Any]]:
        cuts.append(cut)
        return page_of(store, key, offset, limit, cut)

    monkeypatch.setattr(service, "EVIDENCE_WINDOW_MIN", 0)
    monkeypatch.setattr(service, "_evidence_page", spy)
    for limit in (1, 3, 10):
        for offset in range(0, whole + 2):
            page = edge_evidence(store, hub["s"], hub["t"], hub["o"], limit=limit, offset=offset)
            assert page["total"] == whole
            assert ids(page["items"]) == expected[offset : offset + limit], (limit, offset)
            assert page["next_offset"] == (offset + limit if offset + limit < whole else None)
    assert any(c is not None for c in cuts)  # windows were read

    # taking documents back keeps the count exact
    for rec in records[:12]:
        remove_document(store, rec.doc_id)
    hub_rel = hub_edge_of(store, hub["s"], hub["t"], hub["o"])
    left = store.read("MATCH (v:Evidence {rel_key: $key}) RETURN count(v) AS n", {"key": key})[0]["n"]
    assert hub_rel["evidence_count"] == left
    assert len(all_evidence(store, hub["s"], hub["t"], hub["o"])) == left


def test_edges_without_an_evidence_count_are_counted_when_read(
    store: FalkorDBStore, sample_records: list[DocumentRecord], copies: Any
) -> None:
    """A graph an older loader wrote (no evidence_count, no date_key): pages are still complete, and a
    document loaded into it later leaves the edge without a count rather than with a wrong one."""
    from citykg.graph.loader import rel_key

    records = copies(sample_records, 4)
    load_records(store, records[:10])
    store.write("MATCH ()-[r]->() REMOVE r.evidence_count")
    store.write("MATCH (v:Evidence) REMOVE v.date_key")
    load_records(store, records[10:])
    hub = hub_edge(store)
    assert "evidence_count" not in hub["r"]
    items = all_evidence(store, hub["s"], hub["t"], hub["o"], limit=3)
    key = rel_key(hub["s"], hub["t"], hub["o"])
    n = store.read("MATCH (v:Evidence {rel_key: $key}) RETURN count(v) AS n", {"key": key})[0]["n"]
    assert len(items) == n == edge_evidence(store, hub["s"], hub["t"], hub["o"])["total"]
