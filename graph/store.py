"""The one interface that the loader, the API and the CLI use to talk to a graph store.

Backends: `graph.falkordb_store.FalkorDBStore` (embedded, default) and
`citykg.graph.neo4j_store.Neo4jStore`. Each backend module holds its store's Cypher dialect; code
outside them writes portable Cypher or calls the dialect-dependent methods below.

Graph model (see README "Graph model"):
- entities: `(:Entity:<Label> {id, name, aliases, doc_count, first_seen, last_seen, <properties>})`, `id` unique;
- documents: `(:Document {id, source, title, date, publisher, content_hash, ...})`,
  `(:Document)-[:MENTIONS {mentions}]->(:Entity)`, `(:Document)-[:PUBLISHED_BY]->(:Entity)`;
- relations: `(a)-[:TYPE {count, first_seen, last_seen, confidence, evidence, <properties>}]->(b)`
  where `evidence` holds at most 3 samples, JSON strings `{"doc_id","start","end","text","date","rule"}`;
- evidence: `(:Document)-[:HAS_EVIDENCE]->(:Evidence {doc_id, rel_key, source, type, target, start, end,
  text, date, rule, confidence})`, one per document, relation and sentence (all of a relation's evidence).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Row = dict[str, Any]


class StoreError(RuntimeError):
    """A store could not be reached or refused an operation; the message says what to do."""


class ReadOnlyViolation(StoreError):
    """A read-only query tried to write; refused by the store itself."""


class StoreUnavailable(StoreError):
    """The connection to the store was lost (it crashed, was killed, or was restarted)."""


class QueryError(StoreError):
    """The query is not valid Cypher for this store, or its parameters are wrong."""


class QueryTimeout(StoreError):
    """The query ran past its time limit."""


@dataclass(frozen=True)
class Adapted:
    """A researcher's query as the store will run it, and one line per construct rewritten for it."""

    query: str
    rewrites: tuple[str, ...] = ()


class QueryTooBig(QueryError):
    """The query (or its result) needed more memory or rows than the store allows one query."""


def default_lock_dir() -> Path:
    """Where load locks live for stores without a data dir (Neo4j): $XDG_RUNTIME_DIR, else ~/.cache."""
    base = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return Path(base) / "citykg" / "locks"


class GraphStore(ABC):
    backend: str
    # The folder of the lock that serializes loads into this store (embedded: its data dir).
    lock_dir: Path | None = None

    def lock_key(self) -> str:
        """What one load lock covers: the graph (per store address when there is no data dir)."""
        return getattr(self, "graph_name", "graph")

    @contextlib.contextmanager
    def exclusive_load(self, poll_s: float = 0.2) -> Iterator[None]:
        """One load at a time into this graph, across processes (a lock file, dropped by the kernel
        if the loading process dies). A second load waits, saying so, then runs on the result of
        the first: loads of the same document never interleave."""
        folder = self.lock_dir or default_lock_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", self.lock_key())[:100]
        fd = os.open(folder / f"load-{name}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            said = False
            started = time.monotonic()
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not said and time.monotonic() - started > 1.0:
                        print(f"citykg: another load into {folder} is running; waiting for it", file=sys.stderr)
                        said = True
                    time.sleep(poll_s)
            yield
        finally:
            os.close(fd)

    def adapt_query(self, query: str) -> Adapted:
        """The query in this store's dialect (Neo4j runs researchers' Cypher as written).

        Raises QueryError naming a construct the store cannot run, with the form that works.
        """
        return Adapted(query)

    @abstractmethod
    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None) -> list[Row]:
        """Run a query with the store's own read-only execution; rows as dicts keyed by column.

        Nodes come back as dicts of their properties plus `_labels`; relationships as dicts of
        their properties plus `_type`; paths as {"nodes": [...], "relationships": [...]}.
        Raises ReadOnlyViolation for any write, QueryTimeout past `timeout_ms`.
        """

    async def aread(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        """`read` for async code (the REST API's hot reads). Here in a worker thread; a store with an
        async client of its own (FalkorDB) waits for the answer on the event loop instead."""
        from anyio import to_thread

        return await to_thread.run_sync(lambda: self.read(query, params, timeout_ms=timeout_ms))

    async def asearch_entities(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
        """`search_entities` for async code (see `aread`)."""
        from anyio import to_thread

        return await to_thread.run_sync(lambda: self.search_entities(q, label, limit, offset))

    async def aclose(self) -> None:  # noqa: B027 - stores without an async client have nothing to close
        """Close what `aread` opened on the running event loop (before the loop ends)."""

    @abstractmethod
    def write(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run one write query (its own transaction)."""

    @abstractmethod
    def write_batches(self, statements: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Run several write statements as one unit: all of them or, on error, as few as the store allows."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create uniqueness of `id`, indexes and the full-text index on names and aliases (idempotent)."""

    @abstractmethod
    def search_entities(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
        """Partial, case-insensitive match of `q` over names and aliases, best first.

        Rows: {"id", "name", "type", "aliases", "score"}.
        """

    @abstractmethod
    def shortest_paths(
        self, source_id: str, target_id: str, max_hops: int = 4, limit: int = 5
    ) -> list[list[Row]]:
        """Shortest undirected paths between two entities (excluding Document nodes), shortest first.

        Each path is a list of hops {"source": node, "target": node, "type", "properties"}, in the
        direction the relationship is stored.
        """

    # Export pages (graph/export.py). Portable Cypher both stores run: keyset paging on the internal
    # id, so each page costs the same however deep into the graph it is (FalkorDB seeks by id), and
    # relationships are read by windows of their start nodes' ids (one node page at a time).
    NODE_PAGE = (
        "MATCH (n) WHERE id(n) > $after "
        "RETURN id(n) AS nid, labels(n) AS labels, properties(n) AS props ORDER BY nid LIMIT $limit"
    )
    RELATIONSHIP_PAGE = (
        "MATCH (a) WHERE id(a) >= $lo AND id(a) <= $hi MATCH (a)-[r]->(b) WHERE id(r) > $after "
        "RETURN id(r) AS rid, type(r) AS type, properties(r) AS props, "
        "id(a) AS start, a.id AS start_id, id(b) AS end, b.id AS end_id ORDER BY rid LIMIT $limit"
    )

    def node_page(self, after: int, limit: int) -> list[Row]:
        """Up to `limit` nodes with internal id > `after`, by id: {"nid", "labels", "props"}."""
        return self.read(self.NODE_PAGE, {"after": int(after), "limit": int(limit)})

    def relationship_page(self, lo: int, hi: int, after: int, limit: int) -> list[Row]:
        """Up to `limit` relationships leaving nodes with internal ids in [lo, hi], relationship id >
        `after`, by id: {"rid", "type", "props", "start", "start_id", "end", "end_id"}."""
        params = {"lo": int(lo), "hi": int(hi), "after": int(after), "limit": int(limit)}
        return self.read(self.RELATIONSHIP_PAGE, params)

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """{"nodes": N, "relationships": M}."""

    @abstractmethod
    def clear(self) -> None:
        """Delete the whole graph (tests, `citykg load --replace-all`)."""

    def drop_indexes(self, label: str) -> None:  # noqa: B027 - stores that index as they write keep them
        """Drop the plain indexes of `label` before a bulk load; ensure_schema() makes them again."""

    def reconnect(self) -> bool:
        """Find the store again after StoreUnavailable (the embedded one is started again by its
        keeper); False if this store cannot (then the caller gives up)."""
        return False

    def durable(self) -> None:  # noqa: B027 - a no-op for stores whose commits are durable
        """Return once every write so far survives a crash of the store (Neo4j: on commit already)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ping(self) -> bool:
        try:
            self.read("RETURN 1 AS ok")
            return True
        except StoreError:
            return False


def chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
