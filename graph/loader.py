"""Load extraction output (the JSON Lines contract, `extract.records`) into a GraphStore.

Idempotent and document-scoped:
- each `(:Document)` keeps `record_hash`, the sha256 of its record's JSON; a record whose hash is
  already there is skipped, so loading the same output twice changes nothing;
- a record whose document is there with another hash replaces it: first everything that document
  contributed is taken back (its MENTIONS edges and Evidence nodes go, the summaries of the
  relationships and entities it touched are recomputed from what other documents left,
  relationships and entities left with no document are deleted, aliases are recomputed from the
  remaining MENTIONS), then the new version is added;
- `record_hash` is written last, so a load cut short is repaired by the next one.

Writes are batched `UNWIND $rows AS r MERGE ...` statements in portable Cypher. Labels and
relationship types cannot be parameters: rows are grouped by them and only names from
`extract.records.ENTITY_TYPES` / `RELATION_TYPES` are put into the query text.

Nothing on an entity or relationship grows with the number of documents (hubs stay small): per
document facts are MENTIONS edges and Evidence nodes; a relationship keeps `count`, `first_seen`,
`last_seen`, `confidence` and at most SAMPLES evidence samples, an entity `doc_count` and
`first_seen`/`last_seen` (updated as documents are added, recomputed when one is taken back).
Relation properties (role, amount_krw, ...) are those of
the latest document that gave them. Entity names, aliases and properties are written only when
they change; the loader reads the stored state of entities it has not written in the same load.

One loader at a time per graph (`GraphStore.exclusive_load`, a lock across processes): rounds read
the stored state, then write.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from citykg.extract.records import ENTITY_TYPES, RELATION_TYPES, DocumentRecord
from citykg.graph.search import search_text
from citykg.graph.store import GraphStore, QueryError, StoreError, StoreUnavailable, chunks

log = logging.getLogger(__name__)

# Documents per load round (one hash lookup, one set of statements). Every round appends its
# documents to the entities and relationships it mentions: bigger rounds touch popular ones less
# often (benchmarks/load.py: 250 -> 1000 cut the load time of 10,000 documents by about a third).
BATCH_DOCS = 1000
ROUND_RETRIES = 2  # a round cut by the store going away is written again, at most this often
STORE_BACK_S = 20.0  # how long to wait for it to be back (its keeper restarts it within seconds)
BATCH_ROWS = 5000  # rows per UNWIND statement (a store can lower it with a `batch_rows` attribute)

ENTITY_RESERVED = {"id", "name", "aliases", "docs", "search_text", "doc_count", "first_seen", "last_seen"}
RELATION_RESERVED = {
    "docs", "doc_dates", "doc_confidences", "evidence", "count", "first_seen", "last_seen", "confidence",
    "evidence_count",
}  # fmt: skip
# Evidence samples kept on a relationship (all of it is in its Evidence nodes): a hub edge stays small.
SAMPLES = 3
DOCUMENT_SKIP = {"entities", "relations", "doc_id"}


@dataclass
class LoadSummary:
    documents: int = 0  # documents written (new or replaced)
    skipped_unchanged: int = 0
    replaced: int = 0
    entities: int = 0  # entity rows written (one per entity per load round)
    relations: int = 0  # relation facts written (one per document and (source, type, target))
    failures: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"loaded {self.documents} document(s) ({self.replaced} replaced), "
            f"{self.skipped_unchanged} unchanged skipped; {self.entities} entity and "
            f"{self.relations} relation write(s)"
        ]
        if self.failures:
            lines.append(f"{len(self.failures)} failure(s):")
            lines += [f"  {f}" for f in self.failures]
        return "\n".join(lines)


# --------------------------------------------------------------------------- input


def load_jsonl(store: GraphStore, path: Path | str, *, batch_docs: int = BATCH_DOCS) -> LoadSummary:
    """Load a JSON Lines file, or a folder's *.jsonl files in name order (shards); a bad line is reported
    as `path:line: reason` and the rest still loads."""
    path = Path(path)
    summary = LoadSummary()
    records = (rec for f in jsonl_files(path) for rec in _read_jsonl(f, summary))
    load_records(store, records, batch_docs=batch_docs, summary=summary)
    return summary


def jsonl_files(path: Path) -> list[Path]:
    """A JSON Lines file, or a folder's *.jsonl files in name order (the shards of `--engine ray`)."""
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def _read_jsonl(path: Path, summary: LoadSummary) -> Iterator[DocumentRecord]:
    first_line: dict[str, int] = {}
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(_lines(fh), 1):
            where = f"{path}:{lineno}"
            record = parse_line(raw, where, summary.failures)
            if record is None:
                continue
            if record.doc_id in first_line:
                summary.failures.append(
                    f"{where}: document {record.doc_id!r} is also at line {first_line[record.doc_id]}; "
                    "this later line replaces it"
                )
            first_line.setdefault(record.doc_id, lineno)
            yield record


def parse_line(raw: bytes | None, where: str, failures: list[str]) -> DocumentRecord | None:
    """One line of JSON Lines as a record; None for a blank line, or one that is not a record (then
    `where: reason` is added to `failures`)."""
    if raw is None:
        failures.append(f"{where}: a line over {MAX_LINE_BYTES // 2**20} MB; not read")
        return None
    try:
        line = raw.decode("utf-8").strip()
    except UnicodeDecodeError as e:
        failures.append(f"{where}: not UTF-8 ({e.reason} at byte {e.start})")
        return None
    if not line:
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as e:
        failures.append(f"{where}: not valid JSON ({e.msg} at column {e.colno})")
        return None
    except RecursionError:
        failures.append(f"{where}: JSON nested too deeply")
        return None
    if not isinstance(data, dict):
        failures.append(f"{where}: expected a JSON object, found {type(data).__name__}")
        return None
    try:
        return DocumentRecord.model_validate(data)
    except ValidationError as e:
        doc = data.get("doc_id")
        failures.append(f"{where}: {f'document {doc!r}: ' if doc else ''}{_explain(e)}")
        return None


MAX_LINE_BYTES = 64 * 2**20  # one record; the largest document's record is far below it


def _lines(fh: Any) -> Iterator[bytes | None]:
    """The file's lines; None for a line longer than MAX_LINE_BYTES (skipped without holding it)."""
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := fh.readline(2**20)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield raw


def _explain(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:3]:
        loc = ".".join(str(x) for x in err["loc"]) or "record"
        parts.append(f"{loc}: {err['msg']}")
    more = f" (+{e.error_count() - 3} more)" if e.error_count() > 3 else ""
    return "does not follow the contract: " + "; ".join(parts) + more


def record_hash(record: DocumentRecord) -> str:
    """sha256 of the record's JSON with entities and relations in a canonical order: equal records,
    equal hashes, whatever order the extractor listed them in (it may vary between runs).

    pydantic's Rust serializer writes the JSON (fields in model order): several times faster than
    json.dumps(sort_keys=True) over model_dump().
    """
    canonical = record.model_copy(
        update={
            "entities": sorted(record.entities, key=lambda e: e.id),
            "relations": sorted(
                record.relations,
                key=lambda r: (r.source, r.type, r.target, [(e.start, e.end) for e in r.evidence]),
            ),
        }
    )
    return hashlib.sha256(canonical.model_dump_json().encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


def load_records(
    store: GraphStore,
    records: Iterable[DocumentRecord],
    *,
    batch_docs: int = BATCH_DOCS,
    summary: LoadSummary | None = None,
) -> LoadSummary:
    """Load records in rounds of `batch_docs` documents; a later record with the same doc_id wins."""
    summary = summary if summary is not None else LoadSummary()
    with store.exclusive_load(), _Loader(store, summary) as loader:
        batch: dict[str, DocumentRecord] = {}
        for rec in records:
            if rec.doc_id in batch:  # the same document twice in one round: load the earlier one first
                loader.round(list(batch.values()))
                batch = {}
            batch[rec.doc_id] = rec
            if len(batch) >= batch_docs:
                loader.round(list(batch.values()))
                batch = {}
        if batch:
            loader.round(list(batch.values()))
    if summary.documents:  # what is reported as loaded survives a crash of the store from here on
        store.durable()
    return summary


class _Loader:
    """Loads rounds of records into one store, remembering what it wrote.

    `known` caches the stored state of entities this load has written, so that popular entities
    are read from the store once per load rather than once per round (one writer at a time).
    """

    def __init__(self, store: GraphStore, summary: LoadSummary) -> None:
        self.store, self.summary = store, summary
        self.rows_per = int(getattr(store, "batch_rows", BATCH_ROWS))
        self.known: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> _Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.known.clear()

    def round(self, records: list[DocumentRecord], retries: int = ROUND_RETRIES) -> None:
        try:
            self._write_round(records)
        except StoreUnavailable:
            # The store went away mid-round (a crash, kill -9, or the restart that stops a runaway
            # read) and its keeper starts it again: every acknowledged write is in its append-only
            # file, and a round is idempotent (record_hash last), so it is written again.
            if retries <= 0 or not _store_back(self.store):
                raise
            self.known.clear()
            self.round(records, retries - 1)
        except QueryError as e:
            self.known.clear()  # part of the round may have been written
            delete_unsupported_entities(self.store)
            if len(records) > 1:
                for rec in records:  # find the record the store refused; the others still load
                    self.round([rec])
                return
            rec = records[0]
            self.summary.failures.append(f"document {rec.doc_id!r} ({rec.source}): not loaded: {e}")
            try:  # take back what the refused round wrote of it
                remove_document(self.store, rec.doc_id)
            except QueryError:
                pass  # no record_hash was written: the next load replaces it anyway

    def _write_round(self, records: list[DocumentRecord]) -> None:
        """Skip unchanged documents, take back replaced ones, write the rest."""
        hashes = {r.doc_id: record_hash(r) for r in records}
        stored = self._stored_hashes(list(hashes))
        todo = [r for r in records if stored.get(r.doc_id, "") != hashes[r.doc_id]]
        replacing = [r for r in todo if r.doc_id in stored]
        if replacing:
            self.known.clear()  # taking documents back changes aliases and deletes entities
        for rec in replacing:
            remove_document(self.store, rec.doc_id, keep_node=True)
        if todo:
            with _gc_paused():
                plan = _Plan(todo, hashes)
            known = self.known
            existing = {eid: known[eid] for eid in plan.entities if eid in known}
            missing = [e for e in plan.entities if e not in known]
            existing.update(existing_entities(self.store, missing, self.rows_per))
            with _gc_paused():
                statements = list(plan.statements(self.rows_per, existing))
            self.store.write_batches(statements)
            known.update(plan.new_state)
            self.summary.entities += plan.entity_writes
            self.summary.relations += plan.relation_writes
        self.summary.documents += len(todo)
        self.summary.replaced += len(replacing)
        self.summary.skipped_unchanged += len(records) - len(todo)

    def _stored_hashes(self, ids: list[str]) -> dict[str, str | None]:
        return {
            row["id"]: row["hash"]
            for part in chunks(ids, self.rows_per)
            for row in self.store.read(
                "UNWIND $ids AS id MATCH (d:Document {id: id}) RETURN d.id AS id, d.record_hash AS hash",
                {"ids": list(part)},
            )
        }


# --------------------------------------------------------------------------- row building


def _store_back(store: GraphStore, wait_s: float = STORE_BACK_S) -> bool:
    """Reconnect to a store that went away, waiting up to `wait_s` for it to be back."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if not store.reconnect():
                return False
            store.read("RETURN 1 AS ok")
            log.warning("citykg: the store went away during the load and is back; writing the round again")
            return True
        except StoreError:
            time.sleep(0.5)
    return False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while a round's rows are built: that phase only allocates (no cycles), and
    with many records in memory each collection re-scans them all (measured: statement
    building went from 0.45 s to 0.03 s per 1000 documents)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def evidence_prefix(doc_id: str) -> str:
    """How every evidence JSON string of `doc_id` begins (evidence_json puts doc_id first)."""
    return '{"doc_id":' + _js(doc_id) + ","


def _js(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


def rel_key(source: str, rtype: str, target: str) -> str:
    """The key that ties Evidence nodes to their relationship `(source)-[rtype]->(target)`."""
    return f"{source}\t{rtype}\t{target}"


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_key(date: str | None) -> int | None:
    """An Evidence node's `date_key`: its date ("YYYY", "YYYY-MM" or "YYYY-MM-DD", as records are
    validated) as the number YYYYMMDD, missing parts 0, and no date as 9999 (99990000). It orders
    evidence as `coalesce(date, '9999')` does, so a numeric range over it (which the range index
    answers, unlike a range over strings) is a prefix of a relation's evidence, oldest first.
    None for a date of another form."""
    m = _DATE.fullmatch(date if date is not None else "9999")
    if m is None:
        return None
    return int(m.group(1)) * 10000 + int(m.group(2) or 0) * 100 + int(m.group(3) or 0)


def evidence_json(doc_id: str, start: int, end: int, text: str, date: str | None, rule: str | None = None) -> str:
    """`{"doc_id","start","end","text","date","rule"}` as compact JSON, doc_id first (see evidence_prefix).

    Written with the json module's C string encoder: the loader makes one per evidence and mention,
    and json.dumps per small object was most of the loader's own time.
    """
    return (
        f'{{"doc_id":{_js(doc_id)},"start":{int(start)},"end":{int(end)},"text":{_js(text)},'
        f'"date":{_js(date)},"rule":{_js(rule)}}}'
    )


def mention_json(start: int, end: int, text: str) -> str:
    return f'{{"start":{int(start)},"end":{int(end)},"text":{_js(text)}}}'


_SCALARS = (str, int, float, bool)


def _scalar_ok(v: Any) -> bool:
    return isinstance(v, _SCALARS)


def flatten_properties(props: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    """Property maps a graph store accepts: scalars and lists of one scalar type; the rest as JSON."""
    out: dict[str, Any] = {}
    for k, v in props.items():
        if k in reserved or v is None:
            continue
        if _scalar_ok(v):
            out[k] = v
        elif isinstance(v, list) and v and all(_scalar_ok(x) for x in v) and len({type(x) for x in v}) == 1:
            out[k] = v
        else:
            out[k] = json.dumps(v, ensure_ascii=False, sort_keys=True)
    return out


def _document_props(rec: DocumentRecord, rec_hash: str) -> dict[str, Any]:
    extras = {k: v for k, v in (rec.model_extra or {}).items() if k not in DOCUMENT_SKIP}
    props = flatten_properties(extras, set())
    props.update({
        "id": rec.doc_id,
        "source": rec.source,
        "title": rec.title,
        "date": rec.date,
        "publisher": rec.publisher,
        "entity_count": len(rec.entities),
        "relation_count": len(rec.relations),
    })  # fmt: skip
    props.setdefault("content_hash", rec_hash)
    return {k: v for k, v in props.items() if v is not None}


class _Plan:
    """The rows of one load round, grouped by label and relationship type."""

    def __init__(self, records: list[DocumentRecord], hashes: dict[str, str]) -> None:
        self.entities: dict[str, dict[str, Any]] = {}  # id -> row (aggregated over the round)
        self.entity_type: dict[str, str] = {}
        self.documents: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []
        self.published: list[dict[str, str]] = []
        self.relations: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.evidence: list[dict[str, Any]] = []  # one row per (document, relation, sentence)
        self.finals = [{"id": r.doc_id, "hash": hashes[r.doc_id]} for r in records]
        self.relation_writes = 0
        self.new_state: dict[str, dict[str, Any]] = {}  # entity id -> state after entity_rows()
        for rec in records:
            self._add(rec, hashes[rec.doc_id])
        self.entity_writes = len(self.entities)

    def _add(self, rec: DocumentRecord, rec_hash: str) -> None:
        doc = rec.doc_id
        self.documents.append({"id": doc, "props": _document_props(rec, rec_hash)})
        for ent in rec.entities:
            names = list(dict.fromkeys([ent.name, *ent.aliases]))
            row = self.entities.get(ent.id)
            if row is None:  # names and docs as dicts: ordered sets until the rows are written
                row = self.entities[ent.id] = {
                    "id": ent.id,
                    "name": ent.name,
                    "names": {},
                    "docs": set(),
                    "dates": [],
                    "props": {},
                }
            row["name"] = ent.name
            row["names"].update(dict.fromkeys(names))
            if doc not in row["docs"]:
                row["docs"].add(doc)
                if rec.date:
                    row["dates"].append(rec.date)
            if ent.properties:
                row["props"].update(flatten_properties(ent.properties, ENTITY_RESERVED))
            self.entity_type[ent.id] = ent.type
            spans = [mention_json(m.start, m.end, m.text) for m in ent.mentions]
            self.mentions.append({"doc": doc, "entity": ent.id, "mentions": spans, "names": names})
        if rec.publisher:
            self.published.append({"doc": doc, "entity": rec.publisher})
        per_doc: dict[tuple[str, str, str], dict[str, Any]] = {}
        for rel in rec.relations:
            key = (rel.source, rel.type, rel.target)
            cur = per_doc.setdefault(key, {"conf": rel.confidence, "evidence": {}, "props": {}})
            cur["conf"] = max(cur["conf"], rel.confidence)
            cur["props"].update(flatten_properties(rel.properties, RELATION_RESERVED))
            rule = rel.properties.get("rule")
            rule = rule if isinstance(rule, str) else None
            for ev in rel.evidence:
                span = (ev.start, ev.end)
                if span not in cur["evidence"]:
                    cur["evidence"][span] = {
                        "doc": doc, "key": rel_key(*key), "s": key[0], "type": key[1], "t": key[2],
                        "start": int(ev.start), "end": int(ev.end), "text": ev.text, "date": rec.date,
                        "day": date_key(rec.date), "rule": rule, "conf": float(rel.confidence),
                    }  # fmt: skip
        for key, cur in per_doc.items():
            row = self.relations.setdefault(
                key, {"s": key[0], "t": key[2], "n": 0, "ev": 0, "dates": [], "conf": 0.0, "samples": [], "props": {}}
            )
            row["n"] += 1
            # evidence_count: None once any of it has no date_key (then readers count and sort it all)
            keyed = all(ev["day"] is not None for ev in cur["evidence"].values())
            row["ev"] = row["ev"] + len(cur["evidence"]) if row["ev"] is not None and keyed else None
            if rec.date:
                row["dates"].append(rec.date)
            row["conf"] = max(row["conf"], float(cur["conf"]))
            for ev in cur["evidence"].values():
                if len(row["samples"]) < SAMPLES:
                    row["samples"].append(evidence_json(doc, ev["start"], ev["end"], ev["text"], rec.date, ev["rule"]))
                self.evidence.append(ev)
            row["props"].update(cur["props"])
        self.relation_writes += len(per_doc)

    def entity_rows(self, existing: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """Entity rows by statement kind, against the stored state of the same entities.

        New entities are created (with no documents yet); stored ones get their name, aliases and
        properties written only when they change (writing them re-indexes the node, which cost more
        than everything else in a load round). "docs" rows append the round's documents to every
        entity, after the MENTIONS edges exist (see statements()).
        """
        kinds: dict[str, list[dict[str, Any]]] = {}
        for eid, row in self.entities.items():
            label = self.entity_type[eid]
            docs = {
                "id": eid, "n": len(row["docs"]),
                "first": min(row["dates"], default=None), "last": max(row["dates"], default=None),
            }  # fmt: skip
            old = existing.get(eid)
            if old is None:
                aliases = [n for n in row["names"] if n != row["name"]]
                self.new_state[eid] = {
                    "name": row["name"], "aliases": aliases, "labels": ["Entity", label], "props": row["props"],
                }  # fmt: skip
                core = {"name": row["name"], "aliases": aliases, "search_text": search_text(row["name"], aliases)}
                kinds.setdefault(f"create:{label}", []).append({"id": eid, "set": {**row["props"], **core}})
                kinds.setdefault("docs", []).append(docs)
                continue
            known = list(dict.fromkeys([*old["aliases"], *([old["name"]] if old["name"] else [])]))
            names = known + [n for n in row["names"] if n not in known]
            aliases = [n for n in names if n != row["name"]]
            changes = {k: v for k, v in row["props"].items() if old["props"].get(k) != v}
            if row["name"] != old["name"] or aliases != old["aliases"]:
                changes.update(name=row["name"], aliases=aliases, search_text=search_text(row["name"], aliases))
            self.new_state[eid] = {
                "name": row["name"], "aliases": aliases, "labels": ["Entity", label],
                "props": {**old["props"], **row["props"]},
            }  # fmt: skip
            if changes:
                kinds.setdefault("update", []).append({"id": eid, "set": changes})
            kinds.setdefault("docs", []).append(docs)
            if label not in old["labels"]:
                kinds.setdefault(f"relabel:{label}", []).append({"id": eid})
        return kinds

    def statements(self, rows_per: int, existing: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
        """The round's statements, in an order that keeps a round cut short traceable: Document
        nodes first, entity `docs` and relationships only after the MENTIONS edges from them
        exist, so taking the documents back (remove_document) finds everything they added."""
        kinds = self.entity_rows(existing)
        doc_rows = kinds.pop("docs", [])
        for part in chunks(self.documents, rows_per):
            yield UPSERT_DOCUMENTS, {"rows": list(part)}
        for kind, rows in kinds.items():
            q = entity_query(kind)
            for part in chunks(rows, rows_per):
                yield q, {"rows": list(part)}
        for part in chunks(self.mentions, rows_per):
            yield CREATE_MENTIONS, {"rows": list(part)}
        for part in chunks(doc_rows, rows_per):
            yield ADD_ENTITY_DOCS, {"rows": list(part)}
        for part in chunks(self.published, rows_per):
            yield CREATE_PUBLISHED_BY, {"rows": list(part)}
        rel_by_type: dict[str, list[dict[str, Any]]] = {}
        for (_, rtype, _), row in self.relations.items():
            rel_by_type.setdefault(rtype, []).append(row)
        for rows in rel_by_type.values():
            for row in rows:
                dates = row.pop("dates")
                row.update(first=min(dates, default=None), last=max(dates, default=None))
        # Evidence before the relationships it supports: taking a document back finds the relations
        # it touched through its Evidence nodes, and recomputes their summaries from what is left.
        for part in chunks(self.evidence, rows_per):
            yield CREATE_EVIDENCE, {"rows": list(part)}
        for rtype, rows in rel_by_type.items():
            q = merge_relations_query(rtype)
            for part in chunks(rows, rows_per):
                yield q, {"rows": list(part)}
        for part in chunks(self.finals, rows_per):
            yield FINALIZE_DOCUMENTS, {"rows": list(part)}


# --------------------------------------------------------------------------- Cypher


def _label(label: str) -> str:
    if label not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {label!r}")
    return label


def _rel_type(rtype: str) -> str:
    if rtype not in RELATION_TYPES:
        raise ValueError(f"unknown relation type {rtype!r}")
    return rtype


EXISTING_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, coalesce(e.aliases, []) AS aliases, labels(e) AS labels,
       [k IN keys(e) WHERE NOT k IN $skip | [k, e[k]]] AS props"""


def existing_entities(store: GraphStore, ids: list[str], rows_per: int) -> dict[str, dict[str, Any]]:
    """Stored name, aliases, labels and properties (not `docs`) of those of `ids` that exist."""
    skip = sorted(ENTITY_RESERVED)
    out: dict[str, dict[str, Any]] = {}
    for part in chunks(ids, rows_per):
        for row in store.read(EXISTING_ENTITIES, {"ids": list(part), "skip": skip}):
            out[row["id"]] = {
                "name": row["name"],
                "aliases": row["aliases"],
                "labels": row["labels"],
                "props": {k: v for k, v in row["props"]},
            }
    return out


def entity_query(kind: str) -> str:
    """The statement for one kind of entity row (see _Plan.entity_rows)."""
    if kind == "update":
        return "UNWIND $rows AS r MATCH (e:Entity {id: r.id}) SET e += r.set"
    action, label = kind.split(":")
    label = _label(label)
    if action == "create":
        return f"UNWIND $rows AS r CREATE (e:Entity:{label} {{id: r.id, doc_count: 0}}) SET e += r.set"
    others = ":".join(t for t in ENTITY_TYPES if t != label)
    return f"UNWIND $rows AS r MATCH (e:Entity {{id: r.id}}) REMOVE e:{others} SET e:{label}"


# Entities keep a count and first/last dates of the documents that mention them (the documents
# themselves are their MENTIONS edges).
ADD_ENTITY_DOCS = """
UNWIND $rows AS r
MATCH (e:Entity {id: r.id})
SET e.doc_count = coalesce(e.doc_count, 0) + r.n,
    e.first_seen = CASE WHEN r.first IS NULL THEN e.first_seen
                        WHEN e.first_seen IS NULL OR r.first < e.first_seen THEN r.first ELSE e.first_seen END,
    e.last_seen = CASE WHEN r.last IS NULL THEN e.last_seen
                       WHEN e.last_seen IS NULL OR r.last > e.last_seen THEN r.last ELSE e.last_seen END"""

CREATE_EVIDENCE = """
UNWIND $rows AS r
MATCH (d:Document {id: r.doc})
CREATE (d)-[:HAS_EVIDENCE]->(:Evidence {doc_id: r.doc, rel_key: r.key, source: r.s, type: r.type, target: r.t,
        start: r.start, end: r.end, text: r.text, date: r.date, date_key: r.day, rule: r.rule,
        confidence: r.conf})"""

UPSERT_DOCUMENTS = """
UNWIND $rows AS r
MERGE (d:Document {id: r.id})
SET d = r.props"""

CREATE_MENTIONS = """
UNWIND $rows AS r
MATCH (d:Document {id: r.doc}), (e:Entity {id: r.entity})
CREATE (d)-[:MENTIONS {mentions: r.mentions, names: r.names}]->(e)"""

CREATE_PUBLISHED_BY = """
UNWIND $rows AS r
MATCH (d:Document {id: r.doc}), (e:Entity {id: r.entity})
CREATE (d)-[:PUBLISHED_BY]->(e)"""

FINALIZE_DOCUMENTS = """
UNWIND $rows AS r
MATCH (d:Document {id: r.id})
SET d.record_hash = r.hash"""


def merge_relations_query(rtype: str) -> str:
    """Add the round's documents to each relationship's summary: count, confidence, first/last
    date, and evidence samples up to SAMPLES (every piece of evidence is an Evidence node). The
    summary is updated from the stored one and the row, never from per-document lists.

    `evidence_count` (the number of its Evidence nodes, all with a `date_key`) is set first, while
    `count` still tells a new relationship from a stored one: a relationship stored without it (by
    an older loader) keeps none, and its evidence is counted when it is read."""
    rtype = _rel_type(rtype)
    return f"""
UNWIND $rows AS r
MATCH (a:Entity {{id: r.s}}), (b:Entity {{id: r.t}})
MERGE (a)-[x:{rtype}]->(b)
SET x.evidence_count = CASE WHEN r.ev IS NULL THEN null WHEN x.count IS NULL THEN r.ev
                            WHEN x.evidence_count IS NULL THEN null ELSE x.evidence_count + r.ev END,
    x.count = coalesce(x.count, 0) + r.n,
    x.confidence = CASE WHEN x.confidence IS NULL OR r.conf > x.confidence THEN r.conf ELSE x.confidence END,
    x.first_seen = CASE WHEN r.first IS NULL THEN x.first_seen
                        WHEN x.first_seen IS NULL OR r.first < x.first_seen THEN r.first ELSE x.first_seen END,
    x.last_seen = CASE WHEN r.last IS NULL THEN x.last_seen
                       WHEN x.last_seen IS NULL OR r.last > x.last_seen THEN r.last ELSE x.last_seen END,
    x.evidence = CASE WHEN size(coalesce(x.evidence, [])) >= {SAMPLES} THEN x.evidence
                      ELSE (coalesce(x.evidence, []) + r.samples)[0..{SAMPLES}] END,
    x += r.props"""


# --------------------------------------------------------------------------- taking a document back

REMOVE_STEPS = (
    # 1. mark the document as not loaded, so a cut-short replacement is redone by the next load
    "MATCH (d:Document {id: $id}) SET d.record_hash = null",
    # 2. provenance edges go
    "MATCH (d:Document {id: $id})-[p:PUBLISHED_BY]->() DELETE p",
)

# The relations the document gave evidence for; then its Evidence nodes go.
EVIDENCE_KEYS = """
MATCH (v:Evidence {doc_id: $id})
RETURN DISTINCT v.rel_key AS key, v.source AS s, v.type AS type, v.target AS t"""

DROP_EVIDENCE = "MATCH (v:Evidence {doc_id: $id}) DETACH DELETE v"

# A relationship's summary from the Evidence nodes left (only when a document is taken back).
REL_SUMMARY = """
MATCH (v:Evidence {rel_key: $key})
RETURN count(DISTINCT v.doc_id) AS n, max(v.confidence) AS conf,
       min(v.date) AS first, max(v.date) AS last, count(v) AS ev, count(v.date_key) AS keyed"""

REL_SAMPLES = """
MATCH (v:Evidence {rel_key: $key})
RETURN v.doc_id AS doc_id, v.start AS start, v.end AS end, v.text AS text, v.date AS date, v.rule AS rule
ORDER BY v.date, v.doc_id, v.start LIMIT $k"""

DROP_MENTIONS = """
MATCH (d:Document {id: $id})-[m:MENTIONS]->(e:Entity)
DELETE m
RETURN DISTINCT e.id AS id"""

DELETE_ORPHANS = """
UNWIND $ids AS eid
MATCH (e:Entity {id: eid})
WHERE NOT (e)<-[:MENTIONS]-(:Document)
DETACH DELETE e"""

# An entity's summary and names from the documents that still mention it (aliases: the names the
# remaining documents use, MENTIONS.names, minus the canonical name).
NAMES_LEFT = """
UNWIND $ids AS eid
MATCH (d:Document)-[m:MENTIONS]->(e:Entity {id: eid})
RETURN e.id AS id, e.name AS name, collect(m.names) AS lists, count(d) AS n,
       min(d.date) AS first, max(d.date) AS last"""

SET_NAMES = """
UNWIND $rows AS r
MATCH (e:Entity {id: r.id})
SET e.aliases = r.aliases, e.search_text = r.search_text, e.doc_count = r.n,
    e.first_seen = r.first, e.last_seen = r.last"""


def delete_unsupported_entities(store: GraphStore) -> None:
    """Delete entities no document supports: what a round cut short between creating entities and
    linking them to its documents leaves behind."""
    store.write("MATCH (e:Entity) WHERE NOT (e)<-[:MENTIONS]-(:Document) DETACH DELETE e")


def _relation_query(rtype: str, body: str) -> str:
    return f"MATCH (a:Entity {{id: $s}})-[x:{_rel_type(rtype)}]->(b:Entity {{id: $t}}) {body}"


SET_REL_SUMMARY = (
    "SET x.evidence_count = $ev, x.count = $n, x.confidence = $conf, x.first_seen = $first, "
    "x.last_seen = $last, x.evidence = $samples"
)


def remove_document(store: GraphStore, doc_id: str, *, keep_node: bool = False) -> None:
    """Take back everything `doc_id` contributed (and the Document node unless `keep_node`).

    The summaries of the relations and entities it touched are recomputed from what other
    documents left (Evidence nodes, MENTIONS edges): right even after a round cut short."""
    store.write_batches((q, {"id": doc_id}) for q in REMOVE_STEPS)
    keys = store.read(EVIDENCE_KEYS, {"id": doc_id})
    store.write(DROP_EVIDENCE, {"id": doc_id})
    for key in keys:
        if key["type"] not in RELATION_TYPES:
            continue
        ends = {"s": key["s"], "t": key["t"]}
        left = store.read(REL_SUMMARY, {"key": key["key"]})[0]
        if not left["n"]:
            store.write(_relation_query(key["type"], "DELETE x"), ends)
            continue
        samples = [
            evidence_json(r["doc_id"], r["start"], r["end"], r["text"], r["date"], r["rule"])
            for r in store.read(REL_SAMPLES, {"key": key["key"], "k": SAMPLES})
        ]
        summary = {"n": left["n"], "conf": left["conf"], "first": left["first"], "last": left["last"],
                   "ev": left["ev"] if left["keyed"] == left["ev"] else None}  # fmt: skip
        store.write(_relation_query(key["type"], SET_REL_SUMMARY), {**ends, **summary, "samples": samples})
    touched = [r["id"] for r in store.write(DROP_MENTIONS, {"id": doc_id})]
    if touched:
        store.write(DELETE_ORPHANS, {"ids": touched})
        rows = []
        for row in store.read(NAMES_LEFT, {"ids": touched}):
            names = dict.fromkeys(n for lst in row["lists"] for n in lst)
            aliases = [n for n in names if n != row["name"]]
            rows.append({
                "id": row["id"], "aliases": aliases, "search_text": search_text(row["name"], aliases),
                "n": row["n"], "first": row["first"], "last": row["last"],
            })  # fmt: skip
        if rows:
            store.write(SET_NAMES, {"rows": rows})
    if not keep_node:
        store.write("MATCH (d:Document {id: $id}) DETACH DELETE d", {"id": doc_id})
