"""First import into an empty graph: plain CREATE batches, no MERGE and no reads of stored state.

The incremental loader (graph.loader) merges every round into what is stored. An empty graph needs
none of that: records are streamed in rounds, each round CREATEs its new entities, its documents
with their MENTIONS, PUBLISHED_BY and Evidence; what spans rounds (entity names, aliases, labels,
counts and dates; relationship summaries) is aggregated in memory, one row per distinct entity and
relation, and written once at the end. `record_hash` is written last, as in the loader: a bulk load
cut short leaves documents without it, and the next `citykg load` replaces them.

The result is the graph `load_records` makes from the same records (graph.checksum compares them).
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from pathlib import Path
from queue import Empty
from typing import Any

from citykg.extract.records import DocumentRecord
from citykg.graph.loader import (
    CREATE_PUBLISHED_BY,
    SAMPLES,
    LoadSummary,
    _gc_paused,
    _label,
    _Plan,
    _read_jsonl,
    _rel_type,
    jsonl_files,
    record_hash,
)
from citykg.graph.search import search_text
from citykg.graph.store import GraphStore, StoreError, chunks

BULK_DOCS = 1000  # documents per round (rounds are planned in a child process while the previous one is written)
BULK_ROWS = 10000  # rows per statement


class GraphNotEmpty(StoreError):
    """`citykg load --bulk` was pointed at a graph that already holds nodes."""


# A document row carries its evidence (created with the document: no lookup of it by id) and
# its mentions.
CREATE_DOCS_AND_MENTIONS = """
UNWIND $rows AS r
CREATE (d:Document)
SET d = r.props
FOREACH (v IN r.evidence |
    CREATE (d)-[:HAS_EVIDENCE]->(:Evidence {doc_id: v.doc, rel_key: v.key, source: v.s, type: v.type, target: v.t,
            start: v.start, end: v.end, text: v.text, date: v.date, date_key: v.day, rule: v.rule,
            confidence: v.conf}))
WITH d, r
UNWIND r.mentions AS m
MATCH (e:Entity {id: m.entity})
CREATE (d)-[:MENTIONS {mentions: m.mentions, names: m.names}]->(e)"""

SET_ENTITIES = """
UNWIND $rows AS r
MATCH (e:Entity {id: r.id})
SET e += r.set"""

FINALIZE = """
UNWIND $rows AS r
MATCH (d:Document {id: r.id})
SET d.record_hash = r.hash"""


def create_relations_query(rtype: str) -> str:
    return f"""
UNWIND $rows AS r
MATCH (a:Entity {{id: r.s}}), (b:Entity {{id: r.t}})
CREATE (a)-[x:{_rel_type(rtype)}]->(b)
SET x = r.props"""


class _Totals:
    """What spans rounds: one row per distinct entity and relation."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {}
        self.relations: dict[tuple[str, str, str], dict[str, Any]] = {}

    def add(self, plan: _Plan) -> list[dict[str, Any]]:
        """Fold a round in; the entities first met in it (to be created before its MENTIONS)."""
        new = []
        for eid, row in plan.entities.items():
            label = plan.entity_type[eid]
            cur = self.entities.get(eid)
            if cur is None:
                cur = self.entities[eid] = {"label": label, "name": row["name"], "names": {}, "props": {},
                                            "n": 0, "first": None, "last": None}  # fmt: skip
                new.append({"id": eid, "label": label})
            cur["label"], cur["name"] = label, row["name"]
            cur["names"].update(row["names"])
            cur["props"].update(row["props"])
            cur["n"] += len(row["docs"])
            cur["first"] = _min(cur["first"], min(row["dates"], default=None))
            cur["last"] = _max(cur["last"], max(row["dates"], default=None))
        for key, row in plan.relations.items():
            cur = self.relations.setdefault(
                key, {"s": key[0], "t": key[2], "n": 0, "ev": 0, "conf": None, "first": None, "last": None,
                      "samples": [], "props": {}},
            )  # fmt: skip
            cur["n"] += row["n"]
            cur["ev"] = None if cur["ev"] is None or row["ev"] is None else cur["ev"] + row["ev"]
            cur["conf"] = row["conf"] if cur["conf"] is None else max(cur["conf"], row["conf"])
            cur["first"] = _min(cur["first"], min(row["dates"], default=None))
            cur["last"] = _max(cur["last"], max(row["dates"], default=None))
            cur["samples"] = (cur["samples"] + row["samples"])[:SAMPLES]
            cur["props"].update(row["props"])
        return new

    def entity_rows(self) -> list[dict[str, Any]]:
        rows = []
        for eid, cur in self.entities.items():
            aliases = [n for n in cur["names"] if n != cur["name"]]
            core = {"name": cur["name"], "aliases": aliases, "search_text": search_text(cur["name"], aliases),
                    "doc_count": cur["n"], "first_seen": cur["first"], "last_seen": cur["last"]}  # fmt: skip
            rows.append({"id": eid, "label": cur["label"], "set": {**cur["props"], **core}})
        return rows

    def relation_rows(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for (s, rtype, t), cur in self.relations.items():
            summary = {"count": cur["n"], "confidence": cur["conf"], "first_seen": cur["first"],
                       "last_seen": cur["last"], "evidence": cur["samples"], "evidence_count": cur["ev"]}  # fmt: skip
            props = {k: v for k, v in {**cur["props"], **summary}.items() if v is not None}
            out.setdefault(rtype, []).append({"s": s, "t": t, "props": props})
        return out


def _min(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: str | None, b: str | None) -> str | None:
    return b if a is None else a if b is None else max(a, b)


def is_empty(store: GraphStore) -> bool:
    return not store.read("MATCH (n) RETURN 1 AS one LIMIT 1")


Planned = tuple[_Plan, list[str]]  # a round's rows, and the input problems met while reading it


def plan_rounds(records: Iterable[DocumentRecord], batch_docs: int, summary: LoadSummary) -> Iterator[Planned]:
    """Rounds of `batch_docs` documents as rows (_Plan). A doc_id seen twice keeps its first record
    and is reported: `citykg load` (incremental) applies the later one."""
    seen: set[str] = set()
    batch: list[DocumentRecord] = []

    def planned() -> Planned:
        with _gc_paused():
            plan = _Plan(batch, {r.doc_id: record_hash(r) for r in batch})
        failures = list(summary.failures)
        summary.failures.clear()
        return plan, failures

    for rec in records:
        if rec.doc_id in seen:
            summary.failures.append(
                f"document {rec.doc_id!r} ({rec.source}) is in the input twice; --bulk loaded the first, "
                "run `citykg load` on the input to apply the later one"
            )
            continue
        seen.add(rec.doc_id)
        batch.append(rec)
        if len(batch) >= batch_docs:
            yield planned()
            batch = []
    if batch or summary.failures:
        yield planned()


def bulk_load_records(
    store: GraphStore,
    records: Iterable[DocumentRecord],
    *,
    batch_docs: int = BULK_DOCS,
    summary: LoadSummary | None = None,
    progress: Any = None,
) -> LoadSummary:
    """Load records into an empty graph (GraphNotEmpty otherwise)."""
    summary = summary if summary is not None else LoadSummary()
    if _graph_bulk(store):
        from citykg.graph import falkordb_bulk

        rounds = falkordb_bulk.rounds_of_records(records, batch_docs or falkordb_bulk.BATCH_DOCS)
        return _write_graph_bulk(store, rounds, summary, progress)
    return _write_rounds(store, plan_rounds(records, batch_docs, LoadSummary()), summary, progress)


def _graph_bulk(store: GraphStore) -> bool:
    """FalkorDB takes GRAPH.BULK (graph.falkordb_bulk); other stores get plain CREATE batches."""
    return getattr(store, "backend", None) == "falkordb" and hasattr(store, "_db")


def _refuse_unless_empty(store: GraphStore) -> None:
    if not is_empty(store):
        raise GraphNotEmpty(
            "the graph is not empty: --bulk only makes a first import; load into it with `citykg load` "
            "(incremental), or empty it first (`citykg store reset` or a new graph name)"
        )


def _write_graph_bulk(store: GraphStore, rounds: Iterable[Any], summary: LoadSummary, progress: Any) -> LoadSummary:
    from citykg.graph.falkordb_bulk import bulk_load

    with store.exclusive_load():
        _refuse_unless_empty(store)
        bulk_load(store, rounds, summary, progress)
    if summary.documents:
        store.durable()
    return summary


def _write_rounds(store: GraphStore, rounds: Iterable[Planned], summary: LoadSummary, progress: Any) -> LoadSummary:
    rows_per = min(int(getattr(store, "batch_rows", BULK_ROWS)), BULK_ROWS)
    with store.exclusive_load():
        _refuse_unless_empty(store)
        store.ensure_schema()
        store.drop_indexes("Evidence")  # built once at the end: cheaper than row by row
        totals = _Totals()
        finals: list[dict[str, str]] = []
        for plan, failures in rounds:
            summary.failures += failures
            if not plan.documents:
                continue
            with _gc_paused():
                new = totals.add(plan)
            store.write_batches(_round_statements(plan, new, rows_per))
            finals.extend(plan.finals)
            summary.documents += len(plan.documents)
            summary.relations += plan.relation_writes
            if progress is not None:
                progress(len(plan.documents))
        # what spans rounds, once: entity names, labels, counts; relationships; then record_hash
        statements = []
        entity_rows = totals.entity_rows()
        relabel: dict[str, list[dict[str, Any]]] = {}
        for row in entity_rows:
            relabel.setdefault(row.pop("label"), []).append({"id": row["id"]})
        statements += [(SET_ENTITIES, {"rows": list(p)}) for p in chunks(entity_rows, rows_per)]
        for rtype, rows in totals.relation_rows().items():
            q = create_relations_query(rtype)
            statements += [(q, {"rows": list(p)}) for p in chunks(rows, rows_per)]
        statements += [(FINALIZE, {"rows": list(p)}) for p in chunks(finals, rows_per)]
        store.write_batches(statements)
        _fix_labels(store, relabel, rows_per)
        store.ensure_schema()
        summary.entities = len(entity_rows)
    if summary.documents:
        store.durable()
    return summary


def _round_statements(plan: _Plan, new: list[dict[str, Any]], rows_per: int) -> list[tuple[str, dict[str, Any]]]:
    """A round's new entities (bare: names and summaries come at the end), then its documents, each
    with its evidence and mentions, then PUBLISHED_BY."""
    mentions: dict[str, list[dict[str, Any]]] = {}
    for m in plan.mentions:
        mentions.setdefault(m["doc"], []).append(
            {"entity": m["entity"], "mentions": m["mentions"], "names": m["names"]}
        )
    evidence: dict[str, list[dict[str, Any]]] = {}
    for v in plan.evidence:
        evidence.setdefault(v["doc"], []).append(v)
    docs = [
        {"props": d["props"], "mentions": mentions.get(d["id"], []), "evidence": evidence.get(d["id"], [])}
        for d in plan.documents
    ]
    statements: list[tuple[str, dict[str, Any]]] = []
    by_label: dict[str, list[dict[str, Any]]] = {}
    for e in new:
        by_label.setdefault(e["label"], []).append({"id": e["id"]})
    for label, rows in by_label.items():
        q = f"UNWIND $rows AS r CREATE (:Entity:{_label(label)} {{id: r.id, doc_count: 0}})"
        statements += [(q, {"rows": list(p)}) for p in chunks(rows, rows_per)]
    per = max(1, rows_per // 50)  # a document row carries its mentions and evidence
    statements += [(CREATE_DOCS_AND_MENTIONS, {"rows": list(p)}) for p in chunks(docs, per)]
    statements += [(CREATE_PUBLISHED_BY, {"rows": list(p)}) for p in chunks(plan.published, rows_per)]
    return statements


def _fix_labels(store: GraphStore, final: dict[str, list[dict[str, Any]]], rows_per: int) -> None:
    """An entity created under one type and later given another (as `load_records` relabels it)."""
    from citykg.extract.records import ENTITY_TYPES

    for label, rows in final.items():
        others = ":".join(t for t in ENTITY_TYPES if t != _label(label))
        q = f"UNWIND $rows AS r MATCH (e:Entity {{id: r.id}}) WHERE NOT e:{label} REMOVE e:{others} SET e:{label}"
        for part in chunks(rows, rows_per):
            store.write(q, {"rows": list(part)})


# --------------------------------------------------------------------------- reading in a process of its own


def _plan_file(path: str, batch_docs: int, out: Any) -> None:
    """Child process: read, validate, hash and plan the file's rounds, handing each over as it is
    ready (the queue is bounded, so at most a few rounds are in memory)."""
    try:
        summary = LoadSummary()
        records = (rec for f in jsonl_files(Path(path)) for rec in _read_jsonl(f, summary))
        for planned in plan_rounds(records, batch_docs, summary):
            out.put(("round", planned))
        out.put(("done", None))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        out.put(("error", f"{type(e).__name__}: {e}"))


def _rounds_from(path: Path, batch_docs: int) -> Iterator[Planned]:
    """The rounds of a file, read and planned in a child process while this one writes: on two
    cores the store's writes and Python's parsing overlap."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue(maxsize=2)
    proc = ctx.Process(target=_plan_file, args=(str(path), batch_docs, queue))  # stopped below
    proc.start()
    try:
        while True:
            try:
                kind, value = queue.get(timeout=5)
            except Empty:
                if not proc.is_alive():
                    raise StoreError(f"{path}: the reading process died (exit code {proc.exitcode})") from None
                continue
            if kind == "done":
                return
            if kind == "error":
                raise StoreError(f"{path}: reading failed: {value}")
            yield value
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5)


def bulk_load_jsonl(store: GraphStore, path: Any, *, batch_docs: int = BULK_DOCS, progress: Any = None) -> LoadSummary:
    """`bulk_load_records` over a JSON Lines file, read and planned in a process of its own; bad lines
    are reported as the loader reports them."""
    summary = LoadSummary()
    if _graph_bulk(store):
        from citykg.graph import falkordb_bulk

        rounds = falkordb_bulk.rounds_of_file(Path(path), min(batch_docs, falkordb_bulk.BATCH_DOCS))
        return _write_graph_bulk(store, rounds, summary, progress)
    return _write_rounds(store, _rounds_from(Path(path), batch_docs), summary, progress)
