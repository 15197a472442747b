"""The loader against the real embedded FalkorDB, with records annotated on the seed documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from citykg.extract.records import DocumentRecord
from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.loader import load_jsonl, load_records, rel_key


def graph_fingerprint(store: FalkorDBStore) -> dict[str, Any]:
    """Node, relationship and property counts, plus every relationship's summary and evidence."""
    counts = store.counts()
    props_n = store.read("MATCH (n) RETURN sum(size(keys(n))) AS c")[0]["c"]
    props_r = store.read("MATCH ()-[r]->() RETURN sum(size(keys(r))) AS c")[0]["c"]
    rels = store.read(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS s, type(r) AS t, b.id AS o, r.evidence AS ev, "
        "r.count AS n, r.first_seen AS first, r.last_seen AS last, r.confidence AS conf ORDER BY s, t, o"
    )
    evidence = store.read(
        "MATCH (d:Document)-[:HAS_EVIDENCE]->(v:Evidence) RETURN d.id AS d, v.rel_key AS k, v.start AS start, "
        "v.rule AS rule ORDER BY d, k, start"
    )
    entities = store.read(
        "MATCH (e:Entity) RETURN e.id AS id, e.doc_count AS n, e.first_seen AS first, e.last_seen AS last ORDER BY id"
    )
    return {**counts, "node_props": props_n, "rel_props": props_r, "rels": rels, "evidence": evidence,
            "entities": entities}  # fmt: skip


def entity_docs(store: FalkorDBStore, eid: str) -> list[str]:
    """The documents that mention an entity (its MENTIONS edges), sorted."""
    rows = store.read("MATCH (d:Document)-[:MENTIONS]->(:Entity {id: $id}) RETURN d.id AS d ORDER BY d", {"id": eid})
    return [r["d"] for r in rows]


def relation_docs(store: FalkorDBStore, source: str, rtype: str, target: str) -> list[str]:
    """The documents that gave evidence for a relation (its Evidence nodes), sorted."""
    rows = store.read(
        "MATCH (v:Evidence {rel_key: $k}) RETURN DISTINCT v.doc_id AS d ORDER BY d",
        {"k": rel_key(source, rtype, target)},
    )
    return [r["d"] for r in rows]


def relation(store: FalkorDBStore, source: str, rtype: str, target: str) -> dict[str, Any] | None:
    rows = store.read(
        f"MATCH (:Entity {{id: $s}})-[r:{rtype}]->(:Entity {{id: $t}}) RETURN r", {"s": source, "t": target}
    )
    return rows[0]["r"] if rows else None


def entity(store: FalkorDBStore, eid: str) -> dict[str, Any] | None:
    rows = store.read("MATCH (e:Entity {id: $id}) RETURN e", {"id": eid})
    return rows[0]["e"] if rows else None


def changed(record: DocumentRecord, **updates: Any) -> DocumentRecord:
    data = record.model_dump(mode="json")
    data.update(updates)
    return DocumentRecord.model_validate(data)


def test_round_trip_keeps_evidence_offsets_dates_and_provenance(
    store: FalkorDBStore, sample_records: list[DocumentRecord], sample_dir: Path
) -> None:
    summary = load_records(store, sample_records)
    assert not summary.failures
    assert (summary.documents, summary.replaced, summary.skipped_unchanged) == (3, 0, 0)

    # LG CNS is in two documents: one node, both documents mention it and count, labels from the ontology
    lg = entity(store, "company:lg-cns")
    assert lg["_labels"] == ["Entity", "Company"] or set(lg["_labels"]) == {"Entity", "Company"}
    assert entity_docs(store, "company:lg-cns") == ["001_0ef6639a4301d71c", "002_f7c082162298c1df"]
    assert lg["doc_count"] == 2 and "docs" not in lg

    sel = relation(store, "city:sejong", "SELECTED", "company:lg-cns")
    assert sel["count"] == 1 and sel["role"] == "우선협상대상자"
    assert sel["first_seen"] == sel["last_seen"] == "2020-11-12"
    (ev,) = [json.loads(e) for e in sel["evidence"]]
    text = (sample_dir / "002_f7c082162298c1df.txt").read_text(encoding="utf-8")
    assert text[ev["start"] : ev["end"]] == ev["text"] and "우선협상대상자로 선정했다" in ev["text"]
    assert ev["doc_id"] == "002_f7c082162298c1df" and ev["date"] == "2020-11-12"
    # each piece of evidence is also an Evidence node, with the rule that found the relation
    (node,) = store.read(
        "MATCH (:Document {id: '002_f7c082162298c1df'})-[:HAS_EVIDENCE]->(v:Evidence {rel_key: $k}) RETURN v",
        {"k": rel_key("city:sejong", "SELECTED", "company:lg-cns")},
    )
    assert (node["v"]["start"], node["v"]["text"]) == (ev["start"], ev["text"])
    assert node["v"].get("rule") == ev["rule"] == sel.get("rule")

    # provenance: Document nodes, MENTIONS with spans, PUBLISHED_BY for press releases
    pub = store.read("MATCH (d:Document)-[:PUBLISHED_BY]->(e:Entity) RETURN d.id AS d, e.name AS e ORDER BY d")
    assert pub == [
        {"d": "001_0ef6639a4301d71c", "e": "국토교통부"},
        {"d": "003_5d2136c12be6bee6", "e": "국토교통부"},
    ]
    m = store.read(
        "MATCH (:Document {id: '003_5d2136c12be6bee6'})-[m:MENTIONS]->(:Entity {id: 'city:daegu-dalseo'}) "
        "RETURN m.mentions AS spans"
    )[0]["spans"]
    span = json.loads(m[0])
    text3 = (sample_dir / "003_5d2136c12be6bee6.txt").read_text(encoding="utf-8")
    assert text3[span["start"] : span["end"]] == "대구 달서구"
    doc = store.read("MATCH (d:Document {id: '003_5d2136c12be6bee6'}) RETURN d")[0]["d"]
    assert doc["date"] == "2022-09-29" and doc["title"].startswith("스마트 도시 9곳") and len(doc["content_hash"]) == 64


def test_aliases_union_across_documents(store: FalkorDBStore, sample_records: list[DocumentRecord]) -> None:
    load_records(store, sample_records)
    dalseo = entity(store, "city:daegu-dalseo")
    assert dalseo["name"] == "대구광역시 달서구" and sorted(dalseo["aliases"]) == ["달서구", "대구 달서구"]
    molit = entity(store, "ministry:molit")
    assert molit["aliases"] == ["국토부"] and molit["doc_count"] == 3


def test_loading_twice_changes_nothing(store: FalkorDBStore, sample_records: list[DocumentRecord]) -> None:
    load_records(store, sample_records)
    before = graph_fingerprint(store)
    again = load_records(store, sample_records)
    assert (again.documents, again.skipped_unchanged) == (0, 3)
    assert graph_fingerprint(store) == before
    evidence = store.read("MATCH (v:Evidence) RETURN count(v) AS n")[0]["n"]
    assert before["nodes"] == 3 + 10 + evidence  # documents + distinct entities + evidence sentences
    assert evidence == sum(len(r.evidence) for rec in sample_records for r in rec.relations)


def test_changed_document_replaces_only_its_contribution(
    store: FalkorDBStore, sample_records: list[DocumentRecord]
) -> None:
    load_records(store, sample_records)
    doc2 = next(r for r in sample_records if r.doc_id.startswith("002"))
    # the new version no longer names LH and no longer states the selection of LG CNS
    v2 = changed(
        doc2,
        entities=[e.model_dump() for e in doc2.entities if e.id != "org:lh"],
        relations=[r.model_dump() for r in doc2.relations if r.target not in ("org:lh", "company:lg-cns")],
    )
    summary = load_records(store, [v2])
    assert (summary.documents, summary.replaced) == (1, 1)

    assert relation(store, "city:sejong", "SELECTED", "company:lg-cns") is None  # only doc 002 said it
    assert relation(store, "city:sejong", "PARTNERS_WITH", "org:lh") is None
    # LH stays (document 001 mentions it) but no longer lists 002; LG CNS is still named in 002
    assert entity_docs(store, "org:lh") == ["001_0ef6639a4301d71c"] and entity(store, "org:lh")["doc_count"] == 1
    assert entity_docs(store, "company:lg-cns") == ["001_0ef6639a4301d71c", "002_f7c082162298c1df"]
    # document 001's facts keep their evidence
    part = relation(store, "company:lg-cns", "PARTICIPATES_IN", "program:smartcity-direction")
    assert part["count"] == 1 and len(part["evidence"]) == 1
    # facts the new version still states are there once, not twice
    leads = relation(store, "city:sejong", "LEADS", "program:pilot-city")
    assert relation_docs(store, "city:sejong", "LEADS", "program:pilot-city") == ["002_f7c082162298c1df"]
    assert leads["count"] == 1 and len(leads["evidence"]) == 1

    # loading the old version again restores the earlier graph exactly
    fresh_counts = store.counts()
    load_records(store, [doc2])
    assert relation(store, "city:sejong", "SELECTED", "company:lg-cns")["count"] == 1
    assert store.counts()["relationships"] > fresh_counts["relationships"]


def test_document_leaving_a_shared_fact_keeps_the_other_evidence(
    store: FalkorDBStore, sample_records: list[DocumentRecord]
) -> None:
    """The same press release reposted at a second address: both support its facts; then one changes."""
    doc3 = next(r for r in sample_records if r.doc_id.startswith("003"))
    mirror = changed(doc3, doc_id="003-mirror", source="https://example.org/repost/003", date="2022-10-04")
    load_records(store, [doc3, mirror])
    cert = relation(store, "city:incheon", "CERTIFIED", "cert:smart-city")
    assert cert["count"] == 2
    assert relation_docs(store, "city:incheon", "CERTIFIED", "cert:smart-city") == [
        "003-mirror",
        "003_5d2136c12be6bee6",
    ]
    assert (cert["first_seen"], cert["last_seen"]) == ("2022-09-29", "2022-10-04")
    assert len(cert["evidence"]) == 2

    # the mirror is edited: it drops Incheon's certification
    edited = changed(mirror, relations=[r.model_dump() for r in mirror.relations if r.source != "city:incheon"])
    load_records(store, [edited])
    cert = relation(store, "city:incheon", "CERTIFIED", "cert:smart-city")
    assert relation_docs(store, "city:incheon", "CERTIFIED", "cert:smart-city") == ["003_5d2136c12be6bee6"]
    assert cert["count"] == 1
    assert cert["first_seen"] == cert["last_seen"] == "2022-09-29"
    assert [json.loads(e)["doc_id"] for e in cert["evidence"]] == ["003_5d2136c12be6bee6"]
    # a fact both versions still state keeps both documents
    assert relation(store, "city:daegu-dalseo", "CERTIFIED", "cert:smart-city")["count"] == 2


def test_an_entity_no_document_mentions_any_more_is_deleted(
    store: FalkorDBStore, sample_records: list[DocumentRecord]
) -> None:
    doc3 = next(r for r in sample_records if r.doc_id.startswith("003"))
    load_records(store, [doc3])
    v2 = changed(
        doc3,
        entities=[e.model_dump() for e in doc3.entities if e.id != "city:daegu-dalseo"],
        relations=[r.model_dump() for r in doc3.relations if r.source != "city:daegu-dalseo"],
    )
    load_records(store, [v2])
    assert entity(store, "city:daegu-dalseo") is None
    assert store.search_entities("달서구") == []


def test_malformed_lines_are_reported_and_the_rest_loads(
    store: FalkorDBStore, sample_records: list[DocumentRecord], tmp_path: Path
) -> None:
    good = [r.to_json() for r in sample_records]
    bad_contract = json.loads(good[1])
    bad_contract["relations"][0]["target"] = "city:nowhere"
    lines = [
        good[0],
        '{"doc_id": "broken", "source": "x.txt", "entities": [',  # cut short
        json.dumps(bad_contract, ensure_ascii=False),
        "",
        '["not", "an", "object"]',
        good[2],
    ]
    path = tmp_path / "out.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = load_jsonl(store, path)
    assert summary.documents == 2
    assert len(summary.failures) == 3
    assert summary.failures[0].startswith(f"{path}:2: not valid JSON")
    assert summary.failures[1].startswith(f"{path}:3: document '002_f7c082162298c1df'")
    assert "city:nowhere" in summary.failures[1]
    assert summary.failures[2].startswith(f"{path}:5: expected a JSON object")
    assert "3 failure(s)" in summary.describe()
    assert store.read("MATCH (d:Document) RETURN d.id AS id ORDER BY id") == [
        {"id": "001_0ef6639a4301d71c"}, {"id": "003_5d2136c12be6bee6"},
    ]  # fmt: skip


def test_non_utf8_line_is_reported(store: FalkorDBStore, sample_records: list[DocumentRecord], tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(sample_records[0].to_json().encode() + b"\n" + "세종".encode("cp949") + b"\n")
    summary = load_jsonl(store, path)
    assert summary.documents == 1
    assert summary.failures and summary.failures[0].startswith(f"{path}:2: not UTF-8")


def test_type_change_moves_the_label(store: FalkorDBStore, sample_records: list[DocumentRecord]) -> None:
    doc1 = sample_records[0]
    load_records(store, [doc1])
    ents = [e.model_dump() for e in doc1.entities]
    for e in ents:
        if e["id"] == "org:lh":
            e["type"] = "Company"
    load_records(store, [changed(doc1, entities=ents)])
    assert set(entity(store, "org:lh")["_labels"]) == {"Entity", "Company"}


def test_batching_does_not_change_the_graph(new_graph_store: Any, sample_records: list[DocumentRecord]) -> None:
    """One document per round (entities met again in later rounds: appended, relabelled, renamed)
    gives the same graph as one round for all."""
    doc1 = sample_records[0]
    ents = [e.model_dump() for e in doc1.entities]
    for e in ents:
        if e["id"] == "org:lh":  # a later document calls LH a company and adds a property
            e["type"], e["properties"] = "Company", {"kind": "public", "listed": False}
    later = changed(doc1, doc_id="001-later", entities=ents)
    records = [*sample_records, later]
    one_round, per_doc = new_graph_store("one_round"), new_graph_store("per_doc")
    load_records(one_round, records)
    load_records(per_doc, records, batch_docs=1)

    def full_state(st: FalkorDBStore) -> list[dict[str, Any]]:
        rows = st.read("MATCH (n) RETURN n ORDER BY n.id")
        for r in rows:
            r["n"]["_labels"] = sorted(r["n"]["_labels"])
            for k in ("aliases",):
                if k in r["n"]:
                    r["n"][k] = sorted(r["n"][k])
        return rows

    assert graph_fingerprint(one_round) == graph_fingerprint(per_doc)
    assert full_state(one_round) == full_state(per_doc)
    lh = entity(per_doc, "org:lh")
    assert set(lh["_labels"]) == {"Entity", "Company"} and lh["listed"] is False


def test_a_record_the_store_refuses_is_reported_and_the_others_load(
    store: FalkorDBStore, sample_records: list[DocumentRecord]
) -> None:
    doc1, doc2, doc3 = sample_records
    data = doc2.model_dump(mode="json")
    data["entities"][0]["properties"]["odd`key"] = 1  # FalkorDB cannot take a backtick in a map key
    summary = load_records(store, [doc1, DocumentRecord.model_validate(data), doc3])
    assert summary.documents == 2 and len(summary.failures) == 1
    assert summary.failures[0].startswith("document '002_f7c082162298c1df'") and "backtick" in summary.failures[0]
    docs = store.read("MATCH (d:Document) RETURN d.id AS id, d.record_hash IS NOT NULL AS done ORDER BY id")
    assert docs == [{"id": "001_0ef6639a4301d71c", "done": True}, {"id": "003_5d2136c12be6bee6", "done": True}]
    assert entity(store, "city:sejong") is None  # nothing of the refused document stays
    assert entity_docs(store, "company:lg-cns") == ["001_0ef6639a4301d71c"]


def test_a_load_cut_short_is_repaired_by_the_next_one(
    new_graph_store: Any, sample_records: list[DocumentRecord]
) -> None:
    """Stop a load after each of its statements in turn (as a crash would); loading again must give
    exactly the graph of an uninterrupted load."""
    from citykg.graph.loader import _Plan, record_hash

    clean = new_graph_store("clean")
    load_records(clean, sample_records)
    expected = graph_fingerprint(clean)
    plan = _Plan(sample_records, {r.doc_id: record_hash(r) for r in sample_records})
    statements = list(plan.statements(5000, {}))
    assert len(statements) > 10
    for cut in range(1, len(statements)):
        st = new_graph_store(f"cut{cut}")
        for query, params in statements[:cut]:
            st.write(query, params)
        load_records(st, sample_records)
        assert graph_fingerprint(st) == expected, f"cut after statement {cut}: {statements[cut - 1][0][:60]}"
        st.clear()


def test_the_same_record_listed_in_another_order_is_unchanged(
    store: FalkorDBStore, sample_records: list[DocumentRecord]
) -> None:
    load_records(store, sample_records)
    before = graph_fingerprint(store)
    shuffled = [changed(r, entities=r.model_dump()["entities"][::-1], relations=r.model_dump()["relations"][::-1])
                for r in sample_records]  # fmt: skip
    again = load_records(store, shuffled)
    assert (again.skipped_unchanged, again.documents) == (3, 0)
    assert graph_fingerprint(store) == before
