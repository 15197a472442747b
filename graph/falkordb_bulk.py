"""`citykg load --bulk` into FalkorDB: GRAPH.BULK with its binary format written directly.

Where the time of a load went (3,000 copied sample documents, 99 MB of JSON Lines, 166k nodes and
297k relationships; see benchmarks/scale_graph.py): the store was not the main cost. The incremental
loader spent ~12 s of CPU in Python against ~5 s in FalkorDB: the falkordb client turns every
parameter into Cypher text in Python (stringify_param_value, ~4 s for 83 MB of parameters), the
cyclic garbage collector re-scanned the records of a round over and over while JSON was parsed and
validated (json.loads + pydantic: 7.5 s with the collector on, 2.3 s with it off), and rows were built
as dicts and then serialized again. The Cypher bulk path had the same costs plus its planning process
pickling the rows to the writer.

Here:
- records are read, validated and hashed (the same `parse_line` and `record_hash` as the
  incremental loader) in reader processes, each taking every other round of lines, with the
  collector off (records hold no cycles);
- what a document adds on its own (its node, its Evidence nodes, the properties of its MENTIONS) is
  encoded there straight into GRAPH.BULK's binary format: no Cypher text, no per-row dicts;
- this process keeps the rows that span documents (one per distinct entity and relation), hands out
  node ids (GRAPH.BULK numbers the nodes of a new graph in the order they are sent), packs the edges
  and sends each round from a thread while the next round is being read;
- at the end: the relationships between entities (GRAPH.BULK), entity names, aliases and summaries
  and late type changes (Cypher, by node id), the indexes and constraints (built once over the
  whole graph), and `record_hash` last, so a bulk load cut short is repaired by the next `citykg load`.

GRAPH.BULK only creates graphs: the graph must be empty (an existing key holding only the schema
is deleted first; ensure_schema() makes the schema again). A document the incremental loader's
Cypher could not store (a NUL character in a text, a number that is not finite, a property name
with a backtick or an empty one) is not loaded and is reported, as the incremental loader does.
The result is the graph `load_records` makes (graph.checksum compares them).
"""

from __future__ import annotations

import gc
import math
import multiprocessing as mp
import pickle
import queue
import resource
import struct
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import redis

from citykg.extract.records import ENTITY_TYPES, DocumentRecord
from citykg.graph.loader import (
    ENTITY_RESERVED,
    RELATION_RESERVED,
    SAMPLES,
    LoadSummary,
    _document_props,
    _js,
    _lines,
    _rel_type,
    _relation_query,
    date_key,
    evidence_json,
    flatten_properties,
    jsonl_files,
    parse_line,
    record_hash,
    rel_key,
)
from citykg.graph.search import search_text
from citykg.graph.store import StoreError, chunks

BATCH_DOCS = 500  # documents per GRAPH.BULK call (about 12 MB of it for the sample documents)
READERS = 2  # reader processes (each reads every READERS-th round)
EDGES_PER_CALL = 200_000  # relationships between entities per GRAPH.BULK call at the end
SET_ROWS = 10_000  # rows per Cypher statement at the end

_LONG = struct.Struct("<q").pack
_DOUBLE = struct.Struct("<d").pack
_PAIR = struct.Struct("<QQ").pack
_SPAN = struct.Struct("<BqBq").pack  # start and end of an Evidence node: two LONG values
_I64 = (-(2**63), 2**63 - 1)
EVIDENCE_KEYS = (
    "doc_id", "rel_key", "source", "type", "target", "start", "end", "text", "date", "date_key", "rule",
    "confidence",
)  # fmt: skip
MENTION_KEYS = ("mentions", "names")


class Refused(ValueError):
    """A document the incremental loader's Cypher could not store either."""


# --------------------------------------------------------------------------- the binary format
# A GRAPH.BULK token: labels (or a relationship type) as a NUL-terminated string, a 4-byte property
# count, the property names NUL-terminated, then the entities: for a node its property values, for
# a relationship its source and target node ids (8 bytes each) then its values. A value is a type
# byte and its payload: 0 null (no property), 1 bool (1 byte), 2 double, 4 long (8 bytes),
# 3 string (NUL-terminated UTF-8), 5 array (8-byte length, then the values).


def _clamp(n: int) -> int:
    """An integer as FalkorDB's Cypher parser stores it: saturated to 64 bits."""
    return n if _I64[0] <= n <= _I64[1] else max(_I64[0], min(_I64[1], n))


def _text(s: str) -> bytes:
    if "\x00" in s:
        raise Refused("a text holds a NUL character")
    return b"\x03" + s.encode() + b"\x00"


def encode(v: Any) -> bytes:
    """One property value (what the Cypher path would have written, or Refused)."""
    if isinstance(v, str):
        return _text(v)
    if isinstance(v, bool):
        return b"\x01\x01" if v else b"\x01\x00"
    if isinstance(v, int):
        return b"\x04" + _LONG(_clamp(v))
    if isinstance(v, float):
        if not math.isfinite(v):
            raise Refused(f"a number that is not finite ({v})")
        return b"\x02" + _DOUBLE(v)
    if isinstance(v, list):
        return b"\x05" + _LONG(len(v)) + b"".join(map(encode, v))
    if v is None:
        return b"\x00"
    raise Refused(f"a value of type {type(v).__name__}")


def _texts(items: list[str]) -> bytes:
    """An array of strings that hold no NUL (checked by the caller)."""
    return b"\x05" + _LONG(len(items)) + ("\x03" + "\x00\x03".join(items) + "\x00").encode()


def _check_keys(props: dict[str, Any]) -> None:
    for k in props:
        if not k or "`" in k or "\x00" in k:
            raise Refused(f"a property name the store cannot take ({k!r})")


def _check_props(props: dict[str, Any]) -> None:
    _check_keys(props)
    for v in props.values():
        encode(v)


def token(name: str, keys: Iterable[str], count_body: bytes) -> bytes:
    keys = list(keys)
    head = b"".join(k.encode() + b"\x00" for k in keys)
    return name.encode() + b"\x00" + struct.pack("<I", len(keys)) + head + count_body


# --------------------------------------------------------------------------- one document


class Preparer:
    """Reads records as graph.loader._Plan does, into what a document adds on its own (encoded) and
    what it adds to the rows that span documents.

    A relation's evidence samples (the first SAMPLES of the load) are sent only while this reader has
    not sent SAMPLES of them already: later ones cannot be among the first (the documents of a reader
    come in load order; a document the writer drops as a second copy is handled there). The caches
    are bounded: dropping them only makes the reader send more.
    """

    CACHE = 200_000

    def __init__(self) -> None:
        self.heads: dict[tuple[str, str, str], bytes] = {}  # rel_key, source, type, target, encoded
        self.sampled: dict[tuple[str, str, str], int] = {}  # samples sent so far
        self.checked: dict[str, dict[str, Any]] = {}  # entity id -> properties last found storable

    def prepare(self, rec: DocumentRecord, rec_hash: str) -> tuple[Any, ...]:
        """Refused if the store could not hold the document (nothing of it is kept then)."""
        doc = rec.doc_id
        if "\x00" in doc:
            raise Refused("its doc_id holds a NUL character")
        props = _document_props(rec, rec_hash)
        _check_keys(props)
        dprops = {k: encode(v) for k, v in props.items()}
        checked = self.checked
        ents = []
        for ent in rec.entities:
            eid = ent.id
            names = list(dict.fromkeys([ent.name, *ent.aliases]))
            if "\x00" in eid or any("\x00" in n for n in names):
                raise Refused(f"entity {eid!r}: a name holds a NUL character")
            eprops = flatten_properties(ent.properties, ENTITY_RESERVED) if ent.properties else None
            if eprops and checked.get(eid) != eprops:
                _check_props(eprops)
            spans = [f'{{"start":{m.start},"end":{m.end},"text":{_js(m.text)}}}' for m in ent.mentions]
            ents.append((eid, ent.type, ent.name, names, eprops, _texts(spans) + _texts(names)))
        per_doc: dict[tuple[str, str, str], list[Any]] = {}
        for rel in rec.relations:
            key = (rel.source, rel.type, rel.target)
            cur = per_doc.get(key)
            if cur is None:
                cur = per_doc[key] = [rel.confidence, {}, {}]  # confidence, properties, evidence by span
            elif rel.confidence > cur[0]:
                cur[0] = rel.confidence
            if rel.properties:
                rprops = flatten_properties(rel.properties, RELATION_RESERVED)
                _check_props(rprops)
                cur[1].update(rprops)
                rule = rel.properties.get("rule")
                rule = rule if isinstance(rule, str) else None
            else:
                rule = None
            tail = b""
            for ev in rel.evidence:
                span = (ev.start, ev.end)
                if span not in cur[2]:
                    if not tail:
                        tail = encode(rule) + b"\x02" + _DOUBLE(float(rel.confidence))
                    cur[2][span] = (ev.start, ev.end, ev.text, rule, tail)
        date = rec.date
        day = date_key(date)
        date_b = encode(date) + encode(day)
        doc_b = _text(doc)
        sample_head = '{"doc_id":' + _js(doc) + ',"start":'
        date_js = ',"date":' + _js(date) + ',"rule":'
        evidence: list[bytes] = []
        rels = []
        heads, sampled = self.heads, self.sampled
        for key, (conf, rprops, spans) in per_doc.items():
            head = heads.get(key)
            if head is None:
                head = heads[key] = _text(rel_key(*key)) + _text(key[0]) + _text(key[1]) + _text(key[2])
            head = doc_b + head
            want = SAMPLES - sampled.get(key, 0)
            samples = []
            for start, end, text, rule, tail in spans.values():
                if "\x00" in text:
                    raise Refused("an evidence text holds a NUL character")
                evidence.append(
                    b"".join((head, _SPAN(4, _clamp(start), 4, _clamp(end)), b"\x03", text.encode(), b"\x00",
                              date_b, tail))
                )  # fmt: skip
                if want > 0:
                    want -= 1
                    samples.append(f'{sample_head}{start},"end":{end},"text":{_js(text)}{date_js}{_js(rule)}}}')
            rels.append((key[0], key[1], key[2], float(conf), rprops, len(spans), day is not None, samples))
        # kept: remember what was sent
        if len(heads) > self.CACHE:
            heads.clear()
        if len(sampled) > self.CACHE:
            sampled.clear()
        if len(checked) > self.CACHE:
            checked.clear()
        for r in rels:
            if r[7]:
                key = (r[0], r[1], r[2])
                sampled[key] = sampled.get(key, 0) + len(r[7])
        for e in ents:
            if e[4]:
                checked[e[0]] = e[4]
        return (doc, rec.source, rec_hash, date, rec.publisher, dprops, b"".join(evidence), len(evidence), ents, rels)

    def prepare_or_refuse(self, rec: DocumentRecord, failures: list[str]) -> tuple[Any, ...] | None:
        try:
            return self.prepare(rec, record_hash(rec))
        except Refused as e:
            failures.append(f"document {rec.doc_id!r} ({rec.source}): not loaded: {e}")
            return None


# --------------------------------------------------------------------------- reading


Round = tuple[list[tuple[Any, ...]], list[str]]  # prepared documents, input problems met reading them


def _rounds_of_records(records: Iterable[DocumentRecord], batch_docs: int) -> Iterator[Round]:
    docs: list[tuple[Any, ...]] = []
    failures: list[str] = []
    preparer = Preparer()
    for rec in records:
        doc = preparer.prepare_or_refuse(rec, failures)
        if doc is not None:
            docs.append(doc)
        if len(docs) >= batch_docs:
            yield docs, failures
            docs, failures = [], []
    if docs or failures:
        yield docs, failures


def _parse(raw: bytes | None, where: str, failures: list[str]) -> DocumentRecord | None:
    """parse_line, with pydantic parsing the JSON itself first (faster than json.loads and then
    validating; it accepts the same lines, and whatever it refuses goes through parse_line, which
    says why)."""
    if raw is not None:
        try:
            return DocumentRecord.model_validate_json(raw)
        except ValueError:
            pass
    return parse_line(raw, where, failures)


def _reader(paths: list[str], me: int, readers: int, batch_docs: int, out: Any) -> None:
    """Reader process `me`: rounds me, me + readers, ... of the input lines, prepared."""
    gc.disable()  # records hold no cycles; the collector would re-scan the round again and again
    try:
        preparer = Preparer()
        n = 0
        current: int | None = None
        docs: list[tuple[Any, ...]] = []
        failures: list[str] = []
        for path in paths:
            with open(path, "rb") as fh:
                for lineno, raw in enumerate(_lines(fh), 1):
                    r = n // batch_docs
                    n += 1
                    if r % readers != me:
                        continue
                    if r != current:
                        if current is not None:
                            out.put(("round", (docs, failures)))
                        current, docs, failures = r, [], []
                    rec = _parse(raw, f"{path}:{lineno}", failures)
                    if rec is not None and (doc := preparer.prepare_or_refuse(rec, failures)) is not None:
                        docs.append(doc)
        if current is not None:
            out.put(("round", (docs, failures)))
        out.put(("done", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        out.put(("error", f"{type(e).__name__}: {e}"))


READERS_PEAK_RSS_KB: list[int] = []  # peak resident memory of the last load's readers (benchmarks)


def _rounds_from_files(path: Path, batch_docs: int, readers: int) -> Iterator[Round]:
    """Rounds of `batch_docs` lines of a file (or a folder's shards), in order, prepared by
    `readers` processes that take turns."""
    paths = [str(p) for p in jsonl_files(path)]
    ctx = mp.get_context("fork")
    queues = [ctx.Queue(maxsize=2) for _ in range(readers)]
    procs = [ctx.Process(target=_reader, args=(paths, i, readers, batch_docs, queues[i]), daemon=True)
             for i in range(readers)]  # fmt: skip
    for p in procs:
        p.start()
    try:
        r = 0
        while True:
            i = r % readers
            while True:
                try:
                    kind, value = queues[i].get(timeout=5)
                    break
                except queue.Empty:
                    if not procs[i].is_alive():
                        raise StoreError(f"{path}: a reading process died (exit code {procs[i].exitcode})") from None
            if kind == "done":
                peaks = [value]
                for j in range(1, readers):  # the others are done too: their last rounds came before
                    other = queues[(i + j) % readers].get(timeout=60)
                    peaks.append(other[1] if other[0] == "done" else 0)
                READERS_PEAK_RSS_KB[:] = peaks
                return
            if kind == "error":
                raise StoreError(f"{path}: reading failed: {value}")
            yield value
            r += 1
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join(timeout=5)


# --------------------------------------------------------------------------- sending


class _Sender:
    """GRAPH.BULK calls from a thread: the server takes a round while the next one is read."""

    def __init__(self, conn: Any, graph: str) -> None:
        self.conn, self.graph = conn, graph
        self.todo: queue.Queue[list[Any] | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="citykg-bulk-sender", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (args := self.todo.get()) is not None:
            if self.error is None:
                try:
                    self.conn.execute_command("GRAPH.BULK", self.graph, *args)
                except BaseException as e:  # noqa: BLE001 - raised by put() or close()
                    self.error = e

    def _raise(self) -> None:
        if self.error is not None:
            raise _store_error(self.error)

    def put(self, args: list[Any]) -> None:
        self._raise()
        self.todo.put(args)

    def close(self) -> None:
        self.todo.put(None)
        self.thread.join()
        self._raise()


def _store_error(e: BaseException) -> StoreError:
    if isinstance(e, StoreError):
        return e
    return StoreError(f"FalkorDB's bulk insert (GRAPH.BULK) failed: {e}; the graph is left as it is: empty it "
                      "(`citykg store reset`) and run the load again")  # fmt: skip


Table = tuple[str, list[str], list[bytes], int]  # labels or type, property names, rows (blobs), count


def _call(nodes: list[Table], edges: list[Table]) -> list[Any]:
    """The arguments of one GRAPH.BULK call (after the graph name and BEGIN)."""
    ntok = [token(n, keys, b"".join(rows)) for n, keys, rows, count in nodes if count]
    etok = [token(n, keys, b"".join(rows)) for n, keys, rows, count in edges if count]
    n_nodes = sum(t[3] for t in nodes)
    n_edges = sum(t[3] for t in edges)
    return [n_nodes, n_edges, len(ntok), len(etok), *ntok, *etok]


# --------------------------------------------------------------------------- the load


class _Graph:
    """What spans documents, node ids, and the calls of one bulk load."""

    def __init__(self, summary: LoadSummary) -> None:
        self.summary = summary
        self.next_id = 0  # the node id GRAPH.BULK gives the next node sent
        self.entity: dict[str, list[Any]] = {}  # id -> [node id, created as, label, name, names, props, n, first, last]
        self.relations: dict[tuple[str, str, str], list[Any]] = {}
        self.seen: set[str] = set()  # doc ids loaded (a later copy of one is reported, not loaded)
        self.resample: set[tuple[str, str, str]] = set()  # relations whose samples are taken again at the end
        self.finals = tempfile.TemporaryFile()  # (node id, doc id, record hash) per round, pickled

    def round(self, docs: list[tuple[Any, ...]]) -> list[Any] | None:
        """A round's GRAPH.BULK call: its new entities, its documents with their Evidence nodes,
        HAS_EVIDENCE, MENTIONS and PUBLISHED_BY."""
        kept = []
        for d in docs:
            if d[0] in self.seen:
                self.summary.failures.append(
                    f"document {d[0]!r} ({d[1]}) is in the input twice; --bulk loaded the first, "
                    "run `citykg load` on the input to apply the later one"
                )
                # its reader counted the samples it sent as sent: take them from the Evidence nodes
                self.resample.update((r[0], r[1], r[2]) for r in d[9] if r[7])
                continue
            self.seen.add(d[0])
            kept.append(d)
        if not kept:
            return None
        new: dict[str, list[str]] = {}  # label -> ids of the entities first met in this round
        entity, relations = self.entity, self.relations
        nid = self.next_id
        for _, _, _, date, _, _, _, _, ents, rels in kept:
            counted = set()
            for eid, etype, name, names, eprops, _ in ents:
                cur = entity.get(eid)
                if cur is None:
                    new.setdefault(etype, []).append(eid)
                    cur = entity[eid] = [None, etype, etype, name, {}, {}, 0, None, None]
                cur[2], cur[3] = etype, name
                cur[4].update(dict.fromkeys(names))
                if eprops:
                    cur[5].update(eprops)
                if eid not in counted:
                    counted.add(eid)
                    cur[6] += 1
                    if date:
                        cur[7] = date if cur[7] is None or date < cur[7] else cur[7]
                        cur[8] = date if cur[8] is None or date > cur[8] else cur[8]
            for s, rtype, t, conf, rprops, n_ev, keyed, samples in rels:
                key = (s, rtype, t)
                cur = relations.get(key)
                if cur is None:
                    cur = relations[key] = [0, 0, conf, None, None, [], {}]  # n, ev, conf, first, last, samples, props
                cur[0] += 1
                cur[1] = cur[1] + n_ev if cur[1] is not None and keyed else None
                cur[2] = max(cur[2], conf)
                if date:
                    cur[3] = date if cur[3] is None or date < cur[3] else cur[3]
                    cur[4] = date if cur[4] is None or date > cur[4] else cur[4]
                if len(cur[5]) < SAMPLES:
                    cur[5] = (cur[5] + samples)[:SAMPLES]
                cur[6].update(rprops)
            self.summary.relations += len(rels)
        # node ids: new entities (by label), then documents, then their Evidence nodes
        nodes: list[Table] = []
        for label, eids in new.items():
            nodes.append((f"Entity:{label}", ["id"], [_text(eid) for eid in eids], len(eids)))
            for eid in eids:
                entity[eid][0] = nid
                nid += 1
        keys = list(dict.fromkeys(k for d in kept for k in d[5]))
        doc_rows = [b"".join(d[5].get(k, b"\x00") for k in keys) for d in kept]
        nodes.append(("Document", keys, doc_rows, len(kept)))
        doc_base = nid
        nid += len(kept)
        n_evidence = sum(d[7] for d in kept)
        nodes.append(("Evidence", list(EVIDENCE_KEYS), [d[6] for d in kept], n_evidence))
        has_evidence, mentions, published = [], [], []
        finals = []
        for i, (doc, _, rec_hash, _, publisher, _, _, n_ev, ents, _) in enumerate(kept):
            dn = doc_base + i
            finals.append((dn, doc, rec_hash))
            has_evidence.append(struct.pack(f"<{2 * n_ev}Q", *(x for e in range(nid, nid + n_ev) for x in (dn, e))))
            nid += n_ev
            for eid, _, _, _, _, mprops in ents:
                mentions.append(_PAIR(dn, entity[eid][0]) + mprops)
            if publisher:
                published.append(_PAIR(dn, entity[publisher][0]))
        call = _call(nodes, [
            ("HAS_EVIDENCE", [], has_evidence, n_evidence),
            ("MENTIONS", list(MENTION_KEYS), mentions, len(mentions)),
            ("PUBLISHED_BY", [], published, len(published)),
        ])  # fmt: skip
        self.next_id = nid
        pickle.dump(finals, self.finals)
        self.summary.documents += len(kept)
        return call

    def relation_calls(self) -> Iterator[list[Any]]:
        """The relationships between entities, with their summaries, by type."""
        by_type: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
        for (s, rtype, t), (n, ev, conf, first, last, samples, props) in self.relations.items():
            summary = {"count": n, "confidence": conf, "first_seen": first, "last_seen": last,
                       "evidence": samples, "evidence_count": ev}  # fmt: skip
            row = {k: v for k, v in {**props, **summary}.items() if v is not None}
            by_type.setdefault(_rel_type(rtype), []).append((self.entity[s][0], self.entity[t][0], row))
        for rtype, rows in by_type.items():
            for part in chunks(rows, EDGES_PER_CALL):
                keys = list(dict.fromkeys(k for _, _, row in part for k in row))
                body = [_PAIR(a, b) + b"".join(encode(row.get(k)) for k in keys) for a, b, row in part]
                yield _call([], [(rtype, keys, body, len(body))])

    def entity_rows(self) -> tuple[list[dict[str, Any]], dict[tuple[str, str], list[dict[str, Any]]]]:
        """Entity names, aliases, properties and summaries by node id; and the entities whose type
        changed after they were created, by (created as, final type)."""
        rows, relabel = [], {}
        for nid, created, label, name, names, props, n, first, last in self.entity.values():
            aliases = [x for x in names if x != name]
            core = {"name": name, "aliases": aliases, "search_text": search_text(name, aliases),
                    "doc_count": n, "first_seen": first, "last_seen": last}  # fmt: skip
            rows.append({"n": nid, "set": {**props, **core}})
            if label != created:
                relabel.setdefault((created, label), []).append({"n": nid})
        return rows, relabel

    def finals_rows(self) -> Iterator[list[dict[str, Any]]]:
        self.finals.seek(0)
        while True:
            try:
                part = pickle.load(self.finals)
            except EOFError:
                return
            yield [{"n": n, "id": doc, "h": h} for n, doc, h in part]


SET_ENTITIES = "UNWIND $rows AS r WITH r, r.n AS nid MATCH (e) WHERE id(e) = nid SET e += r.set"
FINALIZE = """
UNWIND $rows AS r
WITH r, r.n AS nid
MATCH (d:Document) WHERE id(d) = nid AND d.id = r.id
SET d.record_hash = r.h
RETURN count(d) AS n"""  # `WITH ... AS nid`: FalkorDB seeks a node by the id in a variable


SAMPLES_BY_ID = """
MATCH (v:Evidence {rel_key: $key})
RETURN v.doc_id AS doc_id, v.start AS start, v.end AS end, v.text AS text, v.date AS date, v.rule AS rule
ORDER BY id(v) LIMIT $k"""


def _resample(store: Any, key: tuple[str, str, str]) -> None:
    """A relation's evidence samples: its first Evidence nodes in load order (node ids)."""
    rows = store.read(SAMPLES_BY_ID, {"key": rel_key(*key), "k": SAMPLES})
    samples = [evidence_json(r["doc_id"], r["start"], r["end"], r["text"], r["date"], r["rule"]) for r in rows]
    store.write(_relation_query(key[1], "SET x.evidence = $samples"), {"s": key[0], "t": key[2], "samples": samples})


def _relabel_query(created: str, label: str) -> str:
    if created not in ENTITY_TYPES or label not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {created!r} or {label!r}")
    return f"UNWIND $rows AS r WITH r.n AS nid MATCH (e) WHERE id(e) = nid REMOVE e:{created} SET e:{label}"


def _begin(store: Any, call: list[Any]) -> None:
    """The first GRAPH.BULK call, which creates the graph: its key must not exist, so an empty
    graph's key (the schema alone) is deleted first; once more if a reader made it again meanwhile."""
    from citykg.graph.bulk import GraphNotEmpty, is_empty

    conn = store._db.connection
    for attempt in (1, 2, 3):
        if conn.exists(store.graph_name):
            if not is_empty(store):
                raise GraphNotEmpty("the graph is no longer empty: another process wrote to it")
            store.clear()
        try:
            conn.execute_command("GRAPH.BULK", store.graph_name, "BEGIN", *call)
            return
        except redis.ResponseError as e:
            if attempt == 3 or "already exists" not in str(e):
                raise _store_error(e) from e
        except redis.ConnectionError as e:
            raise StoreError(store._unreachable(e)) from e


def bulk_load(store: Any, rounds: Iterable[Round], summary: LoadSummary, progress: Any = None) -> LoadSummary:
    """Write `rounds` into `store`'s graph, which must be empty (checked by the caller, under its load lock)."""
    graph = _Graph(summary)
    sender: _Sender | None = None
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for docs, failures in rounds:
            summary.failures += failures
            call = graph.round(docs)
            if call is None:
                continue
            if sender is None:
                _begin(store, call)
                sender = _Sender(store._db.connection, store.graph_name)
            else:
                sender.put(call)
            if progress is not None:
                progress(len(docs))
        if sender is None:  # nothing to load
            store.ensure_schema()
            return summary
        for call in graph.relation_calls():
            sender.put(call)
        sender.close()
        sender = None
        rows, relabel = graph.entity_rows()
        for part in chunks(rows, SET_ROWS):
            store.write(SET_ENTITIES, {"rows": list(part)})
        for (created, label), nodes in relabel.items():
            for part in chunks(nodes, SET_ROWS):
                store.write(_relabel_query(created, label), {"rows": list(part)})
        summary.entities = len(rows)
        store.ensure_schema()
        for key in graph.resample:
            _resample(store, key)
        for part in graph.finals_rows():  # record_hash last: a load cut short before is redone by `citykg load`
            done = store.write(FINALIZE, {"rows": part})[0]["n"]
            if done != len(part):
                raise StoreError(
                    f"GRAPH.BULK numbered the nodes otherwise than expected ({done} of {len(part)} documents "
                    "found by node id); empty the graph and load it with `citykg load`"
                )
    finally:
        if sender is not None:
            sender.todo.put(None)
            sender.thread.join()
        graph.finals.close()
        if was_enabled:
            gc.enable()
    return summary


def rounds_of_records(records: Iterable[DocumentRecord], batch_docs: int = BATCH_DOCS) -> Iterator[Round]:
    return _rounds_of_records(records, batch_docs)


def rounds_of_file(path: Path, batch_docs: int = BATCH_DOCS, readers: int = READERS) -> Iterator[Round]:
    return _rounds_from_files(path, batch_docs, max(1, readers))
