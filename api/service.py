"""Read and ingest operations shared by the REST API and the command line.

Everything goes through the `GraphStore` interface with portable Cypher; results are plain
dicts ready for JSON. Relationship evidence is stored as JSON strings and parsed here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from collections import Counter
from dataclasses import asdict, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from citykg.api.queries import header_defaults
from citykg.api.readonly import check_read_only
from citykg.extract.records import ENTITY_TYPES, RELATION_TYPES
from citykg.graph.loader import ENTITY_RESERVED, RELATION_RESERVED, date_key, rel_key
from citykg.graph.store import GraphStore, QueryError, Row

# Relationship keys the loader keeps for provenance (docs, evidence, dates...), not what the text states.
PROVENANCE_KEYS = frozenset(RELATION_RESERVED)
# Node keys shown at the top level of an entity (or internal to the loader), not among its `properties`.
ENTITY_KEYS = frozenset(ENTITY_RESERVED) | {"_labels"}
DOCUMENT_RELS = ("MENTIONS", "PUBLISHED_BY")


class NotFound(QueryError, LookupError):
    """An entity, document or query does not exist; the message names it.

    A QueryError (a wrong parameter) so that the CLI reports it like any other store refusal.
    """


# --------------------------------------------------------------------------- conversions


def parse_json_list(value: Any) -> list[Any]:
    """A list stored as JSON strings (or a JSON string of a list) as Python values; bad items skipped."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return []
    if isinstance(value, dict):
        return [value]
    out: list[Any] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            try:
                item = json.loads(item)
            except json.JSONDecodeError:
                continue
        out.append(item)
    return out


def entity_type(labels: list[str] | None) -> str | None:
    for label in labels or []:
        if label not in ("Entity", "Document"):
            return label
    return None


def entity_ref(node: Row | None) -> dict[str, Any] | None:
    """{id, name, type} of a node dict as the store returns it."""
    if node is None:
        return None
    return {"id": node.get("id"), "name": node.get("name"), "type": entity_type(node.get("_labels"))}


def edge_view(rel: Row, doc_id: str | None = None) -> dict[str, Any]:
    """A relationship's properties split into what the text states and its provenance."""
    props = {k: v for k, v in rel.items() if not k.startswith("_") and k not in PROVENANCE_KEYS}
    evidence = parse_json_list(rel.get("evidence"))
    if doc_id is not None:
        evidence = [e for e in evidence if isinstance(e, dict) and e.get("doc_id") == doc_id]
    return {
        "type": rel.get("_type"),
        "properties": props,
        "confidence": rel.get("confidence"),
        "count": rel.get("count"),
        "first_seen": rel.get("first_seen"),
        "last_seen": rel.get("last_seen"),
        # the documents of the evidence shown (a sample: GET /evidence pages through all of it)
        "docs": list(dict.fromkeys(e.get("doc_id") for e in evidence if isinstance(e, dict) and e.get("doc_id"))),
        "evidence": evidence,
    }


def jsonable(obj: Any) -> Any:
    """Summaries from other packages (dataclass, pydantic or plain) as JSON-ready values."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v) for v in obj]
    if isinstance(obj, str | int | float | bool) or obj is None:
        return obj
    if isinstance(obj, Path):
        return str(obj)
    return str(obj)


def _end_of_period(date: str) -> str:
    """'2016' -> '2016-12-31', '2016-03' -> '2016-03-31': so `until` includes the whole period."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return date + "-31"
    return date


# --------------------------------------------------------------------------- read-only Cypher


def run_readonly_page(
    store: GraphStore,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    limit: int = 1000,
    timeout_ms: int | None = None,
    rewrites: list[str] | None = None,
) -> tuple[list[Row], bool]:
    """Rows of a read-only query, at most `limit`, and whether more were cut off.

    The text pre-check gives a clear message; the store's read-only execution is the guarantee.
    Neo4j-style constructs the store runs in another form are rewritten (`GraphStore.adapt_query`,
    one line each appended to `rewrites`), or refused with the form that works.
    """
    check_read_only(query)
    # A query from cypher/queries documents its parameters: their defaults fill what is not given.
    params = {**header_defaults(query), **(params or {})}
    adapted = store.adapt_query(query)
    if adapted.query != query:
        check_read_only(adapted.query)  # a rewrite adds reads only; checked again all the same
    if rewrites is not None:
        rewrites.extend(adapted.rewrites)
    rows = store.read(adapted.query, params, timeout_ms=timeout_ms)
    return rows[:limit], len(rows) > limit


def run_readonly(
    store: GraphStore,
    query: str,
    params: dict[str, Any] | None = None,
    limit: int = 1000,
    timeout_ms: int | None = None,
    rewrites: list[str] | None = None,
) -> list[Row]:
    return run_readonly_page(store, query, params, limit=limit, timeout_ms=timeout_ms, rewrites=rewrites)[0]


# --------------------------------------------------------------------------- entities


# The REST API's hot reads come in two forms, `f(store, ...)` and `async af(store, ...)` (through
# store.aread: FalkorDB answers on the event loop, no worker thread per request); both forms build
# their queries and shape their rows with the same helpers.


def search_entities(
    store: GraphStore, q: str, label: str | None = None, limit: int = 50, offset: int = 0
) -> list[Row]:
    return store.search_entities(q, label=label, limit=limit, offset=offset)


async def asearch_entities(
    store: GraphStore, q: str, label: str | None = None, limit: int = 50, offset: int = 0
) -> list[Row]:
    return await store.asearch_entities(q, label=label, limit=limit, offset=offset)


def list_entities(store: GraphStore, label: str | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
    """Entities without a search term: most connected first."""
    return store.read(*_list_entities_query(label, limit, offset))


async def alist_entities(store: GraphStore, label: str | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
    return await store.aread(*_list_entities_query(label, limit, offset))


def _list_entities_query(label: str | None, limit: int, offset: int) -> tuple[str, dict[str, Any]]:
    if label is not None and label not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {label!r}; use one of {', '.join(ENTITY_TYPES)}")
    match = f"MATCH (n:Entity:{label})" if label else "MATCH (n:Entity)"
    return (
        f"""{match}
        OPTIONAL MATCH (n)-[r:{_RELS}]-(:Entity)
        WITH n, count(r) AS degree
        RETURN n.id AS id, n.name AS name, labels(n) AS labels, n.aliases AS aliases, degree
        ORDER BY degree DESC, name SKIP $offset LIMIT $limit""",
        {"offset": offset, "limit": limit},
    )


def resolve_entity(store: GraphStore, ref: str) -> dict[str, Any]:
    """An entity by id, else by exact name or alias, else the best search hit; NotFound otherwise."""
    rows = store.read(
        "MATCH (n:Entity {id: $ref}) RETURN n.id AS id, n.name AS name, labels(n) AS labels", {"ref": ref}
    )
    if not rows:
        rows = store.read(
            f"""MATCH (n:Entity) WHERE n.name = $ref OR $ref IN n.aliases
            OPTIONAL MATCH (n)-[r:{_RELS}]-(:Entity)
            WITH n, count(r) AS degree
            RETURN n.id AS id, n.name AS name, labels(n) AS labels
            ORDER BY CASE WHEN n.name = $ref THEN 0 ELSE 1 END, degree DESC, n.id LIMIT 1""",
            {"ref": ref},
        )
    if rows:
        r = rows[0]
        return {"id": r["id"], "name": r["name"], "type": entity_type(r["labels"])}
    hits = store.search_entities(ref, limit=1)
    if hits:
        h = hits[0]
        return {"id": h["id"], "name": h["name"], "type": h.get("type")}
    raise NotFound(f"no entity with id, name or alias {ref!r}; try GET /entities?q=...")


def get_entity(store: GraphStore, entity_id: str, doc_limit: int = 100) -> dict[str, Any]:
    node, degree = _entity_node(store.read(_ENTITY_QUERY, {"id": entity_id}), entity_id)
    docs = store.read(_ENTITY_DOCS_QUERY, {"id": entity_id, "limit": doc_limit})
    return _entity_view(node, degree, docs)


async def aget_entity(store: GraphStore, entity_id: str, doc_limit: int = 100) -> dict[str, Any]:
    node, degree = _entity_node(await store.aread(_ENTITY_QUERY, {"id": entity_id}), entity_id)
    docs = await store.aread(_ENTITY_DOCS_QUERY, {"id": entity_id, "limit": doc_limit})
    return _entity_view(node, degree, docs)


def _entity_node(rows: list[Row], entity_id: str) -> tuple[Row, int]:
    if not rows or rows[0].get("n") is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    return rows[0]["n"], rows[0]["degree"]


def _entity_view(node: Row, degree: int, docs: list[Row]) -> dict[str, Any]:
    for d in docs:
        d["mentions"] = parse_json_list(d.get("mentions"))
    return {
        "id": node.get("id"),
        "name": node.get("name"),
        "type": entity_type(node.get("_labels")),
        "aliases": list(node.get("aliases") or []),
        "properties": {k: v for k, v in node.items() if k not in ENTITY_KEYS},
        "degree": degree,
        "documents": docs,
    }


# Only the ontology's relation types: a hub's MENTIONS edges (one per document) are never walked.
_RELS = "|".join(RELATION_TYPES)
_ENTITY_QUERY = f"""MATCH (n:Entity {{id: $id}})
        OPTIONAL MATCH (n)-[r:{_RELS}]-(:Entity)
        RETURN n, count(r) AS degree"""
_ENTITY_DOCS_QUERY = """MATCH (d:Document)-[m:MENTIONS]->(n:Entity {id: $id})
        RETURN d.id AS id, d.title AS title, d.date AS date, d.source AS source, m.mentions AS mentions
        ORDER BY date DESC, id LIMIT $limit"""
_NEIGHBOR_PATTERNS = {
    "out": f"(n:Entity {{id: $id}})-[r:{_RELS}]->(m:Entity)",
    "in": f"(n:Entity {{id: $id}})<-[r:{_RELS}]-(m:Entity)",
    "both": f"(n:Entity {{id: $id}})-[r:{_RELS}]-(m:Entity)",
}


def neighbors(
    store: GraphStore,
    entity_id: str,
    rel_type: str | None = None,
    direction: str = "both",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Edges of an entity with the entity at the other end and their evidence.

    Fetches one row more than `limit` to say whether there is a next page.
    """
    if not store.read(_EXISTS_QUERY, {"id": entity_id}):
        raise NotFound(f"no entity with id {entity_id!r}")
    rows = store.read(*_neighbors_query(entity_id, rel_type, direction, limit, offset))
    return _neighbors_page(rows, entity_id, limit, offset)


async def aneighbors(
    store: GraphStore,
    entity_id: str,
    rel_type: str | None = None,
    direction: str = "both",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    if not await store.aread(_EXISTS_QUERY, {"id": entity_id}):
        raise NotFound(f"no entity with id {entity_id!r}")
    rows = await store.aread(*_neighbors_query(entity_id, rel_type, direction, limit, offset))
    return _neighbors_page(rows, entity_id, limit, offset)


_EXISTS_QUERY = "MATCH (n:Entity {id: $id}) RETURN n.id AS id"


def _neighbors_query(
    entity_id: str, rel_type: str | None, direction: str, limit: int, offset: int
) -> tuple[str, dict[str, Any]]:
    where = "WHERE type(r) = $type" if rel_type else ""
    return (
        f"""MATCH {_NEIGHBOR_PATTERNS[direction]} {where}
        RETURN r, startNode(r).id = $id AS outgoing, m.id AS id, m.name AS name, labels(m) AS labels
        ORDER BY type(r), coalesce(r.count, 0) DESC, name, id SKIP $offset LIMIT $limit""",
        {"id": entity_id, "type": rel_type, "offset": offset, "limit": limit + 1},
    )


def _neighbors_page(rows: list[Row], entity_id: str, limit: int, offset: int) -> dict[str, Any]:
    edges = []
    for row in rows[:limit]:
        edge = edge_view(row["r"])
        edge["direction"] = "out" if row["outgoing"] else "in"
        edge["neighbor"] = {"id": row["id"], "name": row["name"], "type": entity_type(row["labels"])}
        edges.append(edge)
    return {
        "id": entity_id,
        "edges": edges,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
    }


# --------------------------------------------------------------------------- paths


def find_paths(store: GraphStore, a: str, b: str, max_hops: int = 4, limit: int = 5) -> dict[str, Any]:
    """Shortest paths between two entities given by id or name, each hop with its evidence."""
    source = resolve_entity(store, a)
    target = resolve_entity(store, b)
    paths = []
    if source["id"] != target["id"]:
        for hops in store.shortest_paths(source["id"], target["id"], max_hops=max_hops, limit=limit):
            view = []
            for hop in hops:
                edge = edge_view({**(hop.get("properties") or {}), "_type": hop.get("type")})
                edge["source"] = entity_ref(hop.get("source"))
                edge["target"] = entity_ref(hop.get("target"))
                view.append(edge)
            paths.append({"length": len(view), "hops": view})
    paths.sort(key=lambda p: p["length"])
    return {"source": source, "target": target, "max_hops": max_hops, "paths": paths}


# --------------------------------------------------------------------------- evidence and document text


def edge_evidence(
    store: GraphStore, source: str, rel_type: str, target: str, limit: int = 20, offset: int = 0
) -> dict[str, Any]:
    """Every evidence sentence of the relation `source -[rel_type]-> target`, oldest first, a page
    at a time, each with its document's title, date and publisher.

    The contract of `GET /evidence`: {"items": [{doc_id, start, end, text, date, title, publisher,
    rule, confidence}], "total", "next_offset"}; edges elsewhere carry only a sample of their evidence.
    """
    if rel_type not in RELATION_TYPES:
        raise QueryError(f"unknown relation type {rel_type!r}; use one of {', '.join(RELATION_TYPES)}")
    rows = store.read(
        f"""MATCH (a:Entity {{id: $source}})-[r:{rel_type}]->(b:Entity {{id: $target}})
        RETURN r.evidence_count AS total, r.first_seen AS first, r.last_seen AS last""",
        {"source": source, "target": target},
    )
    if not rows:
        raise NotFound(f"no {rel_type} relation from {source!r} to {target!r}")
    # Every piece of evidence is an Evidence node keyed by its relation (the edge keeps a sample,
    # and the number of them: evidence_count, absent on edges an older loader wrote).
    key = rel_key(source, rel_type, target)
    total = rows[0]["total"]
    if total is None:
        total = store.read("MATCH (v:Evidence {rel_key: $key}) RETURN count(v) AS n", {"key": key})[0]["n"]
        page = _evidence_page(store, key, offset, limit)
    else:
        page = _evidence_window_page(store, key, int(total), rows[0]["first"], rows[0]["last"], offset, limit)
    docs: dict[str, Row] = {}
    ids = sorted({e.get("doc_id") for e in page if e.get("doc_id")})
    if ids:
        for d in store.read(
            """UNWIND $ids AS id MATCH (d:Document {id: id})
            OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity)
            RETURN d.id AS id, d.title AS title, d.date AS date, d.publisher AS publisher, p.name AS pname""",
            {"ids": ids},
        ):
            docs[d["id"]] = d
    items = []
    for e in page:
        doc = docs.get(e.get("doc_id"), {})
        items.append(
            {
                "doc_id": e.get("doc_id"),
                "start": e.get("start"),
                "end": e.get("end"),
                "text": e.get("text"),
                "date": e.get("date") or doc.get("date"),
                "title": doc.get("title"),
                "publisher": doc.get("pname") or doc.get("publisher"),
                "rule": e.get("rule"),
                "confidence": e.get("confidence"),
            }
        )
    return {
        "items": items,
        "total": total,
        "next_offset": offset + limit if offset + limit < total else None,
    }


_EVIDENCE_PAGE = """MATCH (v:Evidence) WHERE v.rel_key = $key{window}
RETURN v.doc_id AS doc_id, v.start AS start, v.end AS end, v.text AS text, v.date AS date,
       v.rule AS rule, v.confidence AS confidence
ORDER BY coalesce(v.date, '9999'), v.doc_id, v.start SKIP $offset LIMIT $limit"""
EVIDENCE_WINDOW_MIN = 200  # a relation with at most this much evidence is sorted whole


def _evidence_page(store: GraphStore, key: str, offset: int, limit: int, cut: int | None = None) -> list[Row]:
    """A page of the relation's evidence, oldest first; with `cut`, of those with date_key < cut
    only (a prefix of the same order: date_key orders as coalesce(date, '9999') does)."""
    window = "" if cut is None else " AND v.date_key < $cut"
    params = {"key": key, "offset": offset, "limit": limit, "cut": cut}
    return store.read(_EVIDENCE_PAGE.format(window=window), params)


def _day(date: str | None) -> dt.date | None:
    """The first day of a stored date ("YYYY", "YYYY-MM", "YYYY-MM-DD"), None if it is none of these."""
    key = date_key(date) if date else None
    if key is None:
        return None
    try:
        return dt.date(key // 10000, max(1, key // 100 % 100), max(1, key % 100))
    except ValueError:
        return None


def _evidence_window_page(
    store: GraphStore, key: str, total: int, first: str | None, last: str | None, offset: int, limit: int
) -> list[Row]:
    """The page read from the oldest evidence only, not from all of it: the relation's first and
    last dates and its evidence count give the date by which offset + limit pieces are likely in
    (as if spread evenly); the window widens (four times) until it holds a full page, and the whole
    relation is read when the page reaches past its last date (its last page, dateless evidence)."""
    need = offset + limit
    lo, hi = _day(first), _day(last)
    if limit <= 0 or offset >= total:
        return []
    if need >= total or total <= EVIDENCE_WINDOW_MIN or lo is None or hi is None:
        return _evidence_page(store, key, offset, limit)
    span = (hi - lo).days + 1
    width = max(1, int(span * need / total * 2))
    while width < span:
        cut = lo + dt.timedelta(days=width)
        page = _evidence_page(store, key, offset, limit, cut.year * 10000 + cut.month * 100 + cut.day)
        if len(page) == limit:
            return page
        width *= 4
    return _evidence_page(store, key, offset, limit)


@lru_cache(maxsize=16)
def _read_text(path: str, mtime_ns: int, size: int) -> str:
    """A document's plain text as the extractor saw it (the key changes when the file does)."""
    from citykg.extract.readers import read_document

    return read_document(path).text


def document_text(store: GraphStore, doc_id: str) -> dict[str, Any]:
    """A document's full text (for reading an evidence span in place), read again from its source file.

    The graph keeps spans, not texts: the text comes from the file the document was loaded from, and
    is given only if every span the graph holds for the document still matches it. That refuses a
    file changed or moved since loading, and a `source` that was never the document's file.
    `text` is null with `text_unavailable` saying why when it cannot be given.
    """
    rows = store.read(
        """MATCH (d:Document {id: $id})
        OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity)
        RETURN d.id AS id, d.title AS title, d.date AS date, d.source AS source,
               d.publisher AS publisher, p.name AS pname""",
        {"id": doc_id},
    )
    if not rows:
        raise NotFound(f"no document with id {doc_id!r}")
    row = rows[0]
    view = {
        "doc_id": row["id"],
        "title": row["title"],
        "date": row["date"],
        "publisher": row["pname"] or row["publisher"],
        "source": row["source"],
        "text": None,
        "text_unavailable": None,
    }
    source = row["source"] or ""
    path = Path(source)
    try:
        stat = path.stat()  # relative sources are relative to where `citykg ingest` ran, as `make run` does
        text = _read_text(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        view["text_unavailable"] = f"its source {source or '(none)'} is not a file this server can read"
        return view
    except Exception as e:  # noqa: BLE001 - a ReadError or a reader's failure: say it, do not fail the page
        view["text_unavailable"] = f"its source file {source} cannot be read again: {e}"
        return view
    spans = store.read(
        """MATCH (d:Document {id: $id})-[m:MENTIONS]->(:Entity) RETURN m.mentions AS mentions""",
        {"id": doc_id},
    )
    checked = [s for r in spans for s in parse_json_list(r["mentions"]) if isinstance(s, dict)]
    if not checked or any(text[s.get("start", 0) : s.get("end", 0)] != s.get("text") for s in checked):
        view["text_unavailable"] = f"its source file {source} has changed since it was loaded; load it again"
        return view
    view["text"] = text
    return view


# --------------------------------------------------------------------------- relations and documents


def list_relations(
    store: GraphStore,
    rel_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Relations between entities whose [first_seen, last_seen] overlaps [since, until]."""
    conditions = []
    if rel_type:
        conditions.append("type(r) = $type")
    if since:
        conditions.append("coalesce(r.last_seen, r.first_seen) >= $since")
    if until:
        conditions.append("r.first_seen <= $until")
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    rows = store.read(
        f"""MATCH (a:Entity)-[r]->(b:Entity) {where}
        RETURN a.id AS a_id, a.name AS a_name, labels(a) AS a_labels, r,
               b.id AS b_id, b.name AS b_name, labels(b) AS b_labels
        ORDER BY r.first_seen, a_id, type(r), b_id SKIP $offset LIMIT $limit""",
        {
            "type": rel_type,
            "since": since,
            "until": _end_of_period(until) if until else None,
            "offset": offset,
            "limit": limit + 1,
        },
    )
    items = []
    for row in rows[:limit]:
        edge = edge_view(row["r"])
        edge["source"] = {"id": row["a_id"], "name": row["a_name"], "type": entity_type(row["a_labels"])}
        edge["target"] = {"id": row["b_id"], "name": row["b_name"], "type": entity_type(row["b_labels"])}
        items.append(edge)
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
    }


_DOC_KEYS = ("id", "source", "title", "date", "publisher")
_DOC_INTERNAL = ("record_hash",)


def _document_view(node: Row) -> dict[str, Any]:
    view = {k: node.get(k) for k in _DOC_KEYS}
    view["properties"] = {
        k: v
        for k, v in node.items()
        if k not in _DOC_KEYS and k not in _DOC_INTERNAL and not k.startswith("_")
    }
    return view


def list_documents(store: GraphStore, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    rows = store.read(
        """MATCH (d:Document)
        OPTIONAL MATCH (d)-[m:MENTIONS]->(:Entity)
        WITH d, count(m) AS entities
        RETURN d, entities ORDER BY d.date DESC, d.id SKIP $offset LIMIT $limit""",
        {"offset": offset, "limit": limit + 1},
    )
    items = []
    for row in rows[:limit]:
        view = _document_view(row["d"])
        view["entity_count"] = row["entities"]
        items.append(view)
    return {
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
    }


def get_document(store: GraphStore, doc_id: str) -> dict[str, Any]:
    rows = store.read(
        """MATCH (d:Document {id: $id})
        OPTIONAL MATCH (d)-[:PUBLISHED_BY]->(p:Entity)
        RETURN d, p.id AS pid, p.name AS pname, labels(p) AS plabels""",
        {"id": doc_id},
    )
    if not rows or rows[0].get("d") is None:
        raise NotFound(f"no document with id {doc_id!r}")
    row = rows[0]
    view = _document_view(row["d"])
    view["publisher"] = (
        {"id": row["pid"], "name": row["pname"], "type": entity_type(row["plabels"])} if row["pid"] else None
    )
    entities = store.read(
        """MATCH (d:Document {id: $id})-[m:MENTIONS]->(e:Entity)
        RETURN e.id AS id, e.name AS name, labels(e) AS labels, m.mentions AS mentions ORDER BY name, id""",
        {"id": doc_id},
    )
    view["entities"] = [
        {
            "id": e["id"],
            "name": e["name"],
            "type": entity_type(e["labels"]),
            "mentions": parse_json_list(e["mentions"]),
        }
        for e in entities
    ]
    # the relations this document gave evidence for, each with this document's evidence
    rels = store.read(
        """MATCH (v:Evidence {doc_id: $id})
        WITH v.source AS s, v.type AS t, v.target AS o,
             collect({doc_id: v.doc_id, start: v.start, end: v.end, text: v.text, date: v.date, rule: v.rule}) AS ev
        MATCH (a:Entity {id: s})-[r]->(b:Entity {id: o}) WHERE type(r) = t
        RETURN a.id AS a_id, a.name AS a_name, labels(a) AS a_labels, r, ev,
               b.id AS b_id, b.name AS b_name, labels(b) AS b_labels
        ORDER BY type(r), a_id, b_id""",
        {"id": doc_id},
    )
    view["relations"] = []
    for row in rels:
        edge = edge_view(row["r"], doc_id=doc_id)
        edge["evidence"] = sorted(row["ev"], key=lambda e: e.get("start") or 0)
        edge["docs"] = [doc_id]
        edge["source"] = {"id": row["a_id"], "name": row["a_name"], "type": entity_type(row["a_labels"])}
        edge["target"] = {"id": row["b_id"], "name": row["b_name"], "type": entity_type(row["b_labels"])}
        view["relations"].append(edge)
    return view


# --------------------------------------------------------------------------- statistics


def entity_graph(store: GraphStore) -> nx.Graph:
    """The entity graph (no Document nodes) for networkx, edge weight = number of relations.

    Undirected on purpose: a relation's direction is grammatical (who leads what), not an
    endorsement, so centrality should not favour the targets of LEADS.
    """
    g = nx.Graph()
    for n in store.read("MATCH (n:Entity) RETURN n.id AS id, n.name AS name, labels(n) AS labels"):
        g.add_node(n["id"], name=n["name"], type=entity_type(n["labels"]))
    for e in store.read("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, b.id AS b, type(r) AS type"):
        if e["a"] == e["b"]:
            continue
        if g.has_edge(e["a"], e["b"]):
            g[e["a"]][e["b"]]["weight"] += 1
            g[e["a"]][e["b"]]["types"].append(e["type"])
        else:
            g.add_edge(e["a"], e["b"], weight=1, types=[e["type"]])
    return g


def graph_stats(store: GraphStore, top: int = 10) -> dict[str, Any]:
    counts = store.counts()
    labels = store.read(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY count DESC"
    )
    rel_types = store.read("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY count DESC")
    docs_per_year = store.read(
        """MATCH (d:Document) WHERE d.date IS NOT NULL
        RETURN substring(d.date, 0, 4) AS year, count(*) AS count ORDER BY year"""
    )
    rels_per_year = store.read(
        """MATCH (:Entity)-[r]->(:Entity) WHERE r.first_seen IS NOT NULL
        RETURN substring(r.first_seen, 0, 4) AS year, count(*) AS count ORDER BY year"""
    )
    g = entity_graph(store)
    degree = Counter(dict(g.degree(weight="weight")))
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {}

    def top_of(scores: dict[str, float], key: str) -> list[dict[str, Any]]:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        return [
            {
                "id": n,
                "name": g.nodes[n].get("name"),
                "type": g.nodes[n].get("type"),
                key: int(s) if key == "degree" else round(float(s), 6),
            }
            for n, s in ranked
        ]

    return {
        "nodes": counts.get("nodes", 0),
        "relationships": counts.get("relationships", 0),
        "labels": {r["label"]: r["count"] for r in labels},
        "relationship_types": {r["type"]: r["count"] for r in rel_types},
        "documents_per_year": {r["year"]: r["count"] for r in docs_per_year},
        "relations_per_year": {r["year"]: r["count"] for r in rels_per_year},
        "top_by_degree": top_of(dict(degree), "degree"),
        "top_by_pagerank": top_of(pagerank, "pagerank"),
    }


# --------------------------------------------------------------------------- ingest


def record_summary(record: Any) -> dict[str, Any]:
    """What a DocumentRecord adds: its metadata, entities and relations (with evidence offsets)."""
    data = jsonable(record)
    return {
        "doc_id": data.get("doc_id"),
        "source": data.get("source"),
        "title": data.get("title"),
        "date": data.get("date"),
        "publisher": data.get("publisher"),
        "entities": [
            {
                "id": e["id"],
                "type": e["type"],
                "name": e["name"],
                "aliases": e.get("aliases", []),
                "mentions": e.get("mentions", []),
            }
            for e in data.get("entities", [])
        ],
        "relations": [
            {
                "source": r["source"],
                "type": r["type"],
                "target": r["target"],
                "confidence": r.get("confidence"),
                "properties": r.get("properties", {}),
                "evidence": r.get("evidence", []),
            }
            for r in data.get("relations", [])
        ],
    }


def ingest_record(store: GraphStore, record: Any) -> dict[str, Any]:
    from citykg.graph.loader import load_records

    before = store.counts()
    load_summary = load_records(store, [record])
    after = store.counts()
    failures = getattr(load_summary, "failures", None)
    if failures:
        raise ValueError(f"the document could not be loaded: {jsonable(failures)}")
    return {
        "document": record_summary(record),
        "load": jsonable(load_summary),
        "nodes_added": after.get("nodes", 0) - before.get("nodes", 0),
        "relationships_added": after.get("relationships", 0) - before.get("relationships", 0),
    }


def ingest_text(
    store: GraphStore, text: str, title: str | None = None, date: str | None = None, source: str | None = None
) -> dict[str, Any]:
    """Extract and load posted text; its id comes from its content, so posting it again changes nothing."""
    from citykg.extract.pipeline import extract_text

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    record = extract_text(
        text, source=source or f"api:{digest}", doc_id=f"doc:api-{digest}", title=title, date=date
    )
    return ingest_record(store, record)


def ingest_file(store: GraphStore, filename: str, content: bytes) -> dict[str, Any]:
    """Extract an uploaded file through a temporary file of the same name (readers go by suffix).

    The document id is the file name, as for `citykg ingest`: uploading a changed version replaces it.
    """
    from citykg.extract.pipeline import extract_document
    from citykg.extract.readers import ReadError

    name = Path(filename).name or "upload.txt"
    with tempfile.TemporaryDirectory(prefix="citykg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            record = extract_document(path)
        except ReadError as e:
            raise ValueError(str(e).replace(str(path), name)) from None
    record.source = f"upload:{name}"
    return ingest_record(store, record)
