"""Loader throughput against a bare `UNWIND ... CREATE` of the same graph, in one fresh embedded store.

    .venv/bin/python benchmarks/load.py --docs 10000

Synthetic extraction output with realistic sizes: 15-40 entities and 10-40 relations per document,
entities drawn from a shared pool with Zipf-like popularity (a few ministries and cities in most
documents, a long tail of programs and firms), 1-3 mentions per entity, one evidence sentence per
relation. The loader (MERGE, per-document provenance, aggregation, idempotence) writes them into
one graph; the bare baseline CREATEs the same final nodes, relationships and properties into
another graph of the same server, with the same indexes. Prints nodes/s, relationships/s, the ratio
(target: loader >= 0.5 x bare at 10,000 documents), and checks that a second load is a no-op.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citykg.extract.records import ENTITY_TYPES, RELATION_TYPES, DocumentRecord  # noqa: E402
from citykg.graph.embedded import EmbeddedServer  # noqa: E402
from citykg.graph.falkordb_store import FalkorDBStore  # noqa: E402
from citykg.graph.loader import (  # noqa: E402
    BATCH_ROWS,
    _document_props,
    evidence_json,
    flatten_properties,
    load_records,
    record_hash,
)
from citykg.graph.search import search_text  # noqa: E402
from citykg.graph.store import chunks  # noqa: E402

SYLLABLES = "가나다라마바사아자차카타파하국토교통부세종시스마트도시혁신센터플랫폼데이터서비스"
TYPE_WEIGHTS = {
    "Ministry": 2,
    "City": 6,
    "Program": 10,
    "Company": 6,
    "Organization": 5,
    "Certification": 1,
    "Person": 3,
}


def synthetic_records(n_docs: int, seed: int = 7) -> list[DocumentRecord]:
    rng = random.Random(seed)
    pool_size = max(200, n_docs * 2)
    types = list(TYPE_WEIGHTS)
    pool = []
    for i in range(pool_size):
        etype = rng.choices(types, weights=list(TYPE_WEIGHTS.values()))[0]
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 9))) + f" {i}"
        aliases = [name[: rng.randint(2, 4)] + str(i)] if rng.random() < 0.4 else []
        props = {"kind": "ministry"} if etype == "Ministry" else {"level": "basic"} if etype == "City" else {}
        pool.append((f"{etype.lower()}:{i}", etype, name, aliases, props))
    # Zipf-like popularity: weight 1/(rank+1)
    cum, total = [], 0.0
    for r in range(pool_size):
        total += 1.0 / (r + 1)
        cum.append(total)
    records = []
    for d in range(n_docs):
        n_ent = rng.randint(15, 40)
        picked: dict[int, None] = {}
        while len(picked) < n_ent:
            for idx in rng.choices(range(pool_size), cum_weights=cum, k=n_ent):
                picked[idx] = None
        chosen = list(picked)[:n_ent]
        text_len = 3000
        entities = []
        for idx in chosen:
            eid, etype, name, aliases, props = pool[idx]
            mentions = []
            for _ in range(rng.randint(1, 3)):
                s = rng.randrange(0, text_len - 20)
                mentions.append({"start": s, "end": s + len(name), "text": name})
            entities.append({"id": eid, "type": etype, "name": name, "aliases": aliases,
                             "properties": props, "mentions": mentions})  # fmt: skip
        relations = []
        for _ in range(rng.randint(10, 40)):
            a, b = rng.sample(chosen, 2)
            s = rng.randrange(0, text_len - 120)
            relations.append({
                "source": pool[a][0], "type": rng.choice(RELATION_TYPES), "target": pool[b][0],
                "confidence": round(rng.uniform(0.5, 1.0), 2),
                "properties": {"role": "우선협상대상자"} if rng.random() < 0.1 else {},
                "evidence": [{"start": s, "end": s + 100,
                              "text": f"{pool[a][2]}는 {pool[b][2]}와 스마트시티 사업을 추진한다고 밝혔다 "}],
            })  # fmt: skip
        year = 2015 + d % 10
        records.append(DocumentRecord.model_validate({
            "doc_id": f"doc-{d:06d}", "source": f"corpus/doc-{d:06d}.txt", "title": f"보도자료 {d}",
            "date": f"{year}-{1 + d % 12:02d}-{1 + d % 28:02d}", "publisher": entities[0]["id"],
            "entities": entities, "relations": relations,
        }))  # fmt: skip
    return records


def final_graph_rows(records: list[DocumentRecord]) -> dict[str, Any]:
    """The final nodes and relationships the loader produces, as plain CREATE rows."""
    entities: dict[str, dict[str, Any]] = {}
    etype: dict[str, str] = {}
    docs, mentions, published = [], [], []
    rels: dict[tuple[str, str, str], dict[str, Any]] = {}
    for rec in records:
        h = record_hash(rec)
        docs.append({**_document_props(rec, h), "record_hash": h})
        for e in rec.entities:
            row = entities.setdefault(e.id, {"id": e.id, "name": e.name, "aliases": [], "docs": []})
            row["aliases"] = [a for a in dict.fromkeys(row["aliases"] + e.aliases) if a != e.name]
            row["docs"].append(rec.doc_id)
            row.update(flatten_properties(e.properties, set(row)))
            etype[e.id] = e.type
            spans = [
                json.dumps({"start": m.start, "end": m.end, "text": m.text}, ensure_ascii=False) for m in e.mentions
            ]
            mentions.append(
                {
                    "doc": rec.doc_id,
                    "entity": e.id,
                    "props": {"mentions": spans, "names": [e.name, *e.aliases]},
                }
            )
        if rec.publisher:
            published.append({"doc": rec.doc_id, "entity": rec.publisher})
        for r in rec.relations:
            row = rels.setdefault(
                (r.source, r.type, r.target),
                {"docs": [], "doc_dates": [], "doc_confidences": [], "evidence": []},
            )
            if rec.doc_id not in row["docs"]:
                row["docs"].append(rec.doc_id)
                row["doc_dates"].append(rec.date or "")
                row["doc_confidences"].append(r.confidence)
            row["evidence"] += [evidence_json(rec.doc_id, ev.start, ev.end, ev.text, rec.date) for ev in r.evidence]
            row.update(r.properties)
    for row in entities.values():
        row["search_text"] = search_text(row["name"], row["aliases"])
    rel_rows: dict[str, list[dict[str, Any]]] = {}
    for (s, t, o), row in rels.items():
        dates = [d for d in row["doc_dates"] if d]
        row.update(count=len(row["docs"]), confidence=max(row["doc_confidences"]),
                   first_seen=min(dates, default=None), last_seen=max(dates, default=None))  # fmt: skip
        rel_rows.setdefault(t, []).append({"s": s, "t": o, "props": {k: v for k, v in row.items() if v is not None}})
    ent_rows: dict[str, list[dict[str, Any]]] = {}
    for eid, row in entities.items():
        ent_rows.setdefault(etype[eid], []).append({"id": eid, "props": row})
    return {
        "entities": ent_rows,
        "documents": docs,
        "mentions": mentions,
        "published": published,
        "relations": rel_rows,
    }


def bare_create(store: FalkorDBStore, g: dict[str, Any], rows_per: int) -> None:
    for label, rows in g["entities"].items():
        assert label in ENTITY_TYPES
        for part in chunks(rows, rows_per):
            store.write(
                f"UNWIND $rows AS r CREATE (e:Entity:{label} {{id: r.id}}) SET e += r.props",
                {"rows": list(part)},
            )
    for part in chunks(g["documents"], rows_per):
        store.write("UNWIND $rows AS r CREATE (d:Document {id: r.id}) SET d += r", {"rows": list(part)})
    for part in chunks(g["mentions"], rows_per):
        store.write("UNWIND $rows AS r MATCH (d:Document {id: r.doc}), (e:Entity {id: r.entity}) "
                    "CREATE (d)-[m:MENTIONS]->(e) SET m = r.props", {"rows": list(part)})  # fmt: skip
    for part in chunks(g["published"], rows_per):
        store.write("UNWIND $rows AS r MATCH (d:Document {id: r.doc}), (e:Entity {id: r.entity}) "
                    "CREATE (d)-[:PUBLISHED_BY]->(e)", {"rows": list(part)})  # fmt: skip
    for rtype, rows in g["relations"].items():
        assert rtype in RELATION_TYPES
        for part in chunks(rows, rows_per):
            store.write(f"UNWIND $rows AS r MATCH (a:Entity {{id: r.s}}), (b:Entity {{id: r.t}}) "
                        f"CREATE (a)-[x:{rtype}]->(b) SET x = r.props", {"rows": list(part)})  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000, help="synthetic documents (target measured at 10000)")
    ap.add_argument("--batch-docs", type=int, default=None, help="documents per loader round")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    t = time.perf_counter()
    records = synthetic_records(args.docs, args.seed)
    n_ent = sum(len(r.entities) for r in records)
    n_rel = sum(len(r.relations) for r in records)
    print(f"{args.docs} synthetic documents: {n_ent} entity and {n_rel} relation records "
          f"({time.perf_counter() - t:.1f} s to generate)")  # fmt: skip

    with tempfile.TemporaryDirectory(prefix="citykg-bench-") as tmp:
        server = EmbeddedServer(Path(tmp))
        info = server.start()
        try:
            loaded = FalkorDBStore(info.host, info.port, "bench_loader", password=info.password)
            bare = FalkorDBStore(info.host, info.port, "bench_bare", password=info.password)
            for s in (loaded, bare):
                s.ensure_schema()

            t = time.perf_counter()
            kwargs = {"batch_docs": args.batch_docs} if args.batch_docs else {}
            summary = load_records(loaded, records, **kwargs)
            t_load = time.perf_counter() - t
            c_load = loaded.counts()

            g = final_graph_rows(records)
            t = time.perf_counter()
            bare_create(bare, g, BATCH_ROWS)
            t_bare = time.perf_counter() - t
            c_bare = bare.counts()

            t = time.perf_counter()
            again = load_records(loaded, records, **kwargs)
            t_again = time.perf_counter() - t
            c_again = loaded.counts()
        finally:
            server.stop()

    def rates(c: dict[str, int], secs: float) -> str:
        return (f"{c['nodes']:>8} nodes {c['nodes'] / secs:>9.0f}/s  {c['relationships']:>8} rels "
                f"{c['relationships'] / secs:>9.0f}/s  {secs:7.1f} s")  # fmt: skip

    print(f"loader (MERGE)   {rates(c_load, t_load)}")
    print(f"bare CREATE      {rates(c_bare, t_bare)}")
    print(f"ratio loader/bare (rate): {t_bare / t_load:.2f}  (target >= 0.5)")
    same = "unchanged" if c_again == c_load else f"CHANGED to {c_again}"
    print(f"second load: {again.skipped_unchanged} skipped in {t_again:.1f} s; counts {same}")
    if summary.failures:
        print(summary.describe())
    if c_load != c_bare:
        print(f"note: loader and bare graphs differ in size: {c_load} vs {c_bare}")


if __name__ == "__main__":
    main()
