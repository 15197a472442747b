"""FalkorDB backend (the embedded default) through the `falkordb` Python client.

This module holds FalkorDB's Cypher dialect:
- reads go through GRAPH.RO_QUERY, which the server refuses to run if the query writes;
- uniqueness is `GRAPH.CONSTRAINT CREATE ... UNIQUE NODE <label> PROPERTIES 1 id` over a range index;
- full-text indexes are made with `db.idx.fulltext.createNodeIndex`;
- Neo4j-style researcher Cypher (shortestPath in MATCH, EXISTS { }, COUNT { }, =~ ...) is rewritten
  or refused by `falkordb_cypher.py` (`adapt_query`);
- `shortestPath` is directed only (and `allShortestPaths` wants its ends bound by an earlier
  clause), so undirected shortest paths are found by iterative deepening over a variable-length
  MATCH restricted to the ten relation types (Document nodes never lie on them).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import redis
import redis.asyncio
from falkordb import Edge, FalkorDB, Node
from falkordb import Path as FPath
from falkordb.query_result import QueryResult

from citykg.graph.search import contains_query, normalize
from citykg.graph.store import (
    Adapted,
    GraphStore,
    QueryError,
    QueryTimeout,
    QueryTooBig,
    ReadOnlyViolation,
    Row,
    StoreError,
    StoreUnavailable,
)

log = logging.getLogger("citykg.graph")

# what a store's log says when it could not write (a restart would fail the same way)
_WRITE_FAILURE = re.compile(r"no space|short write|error writing|fsync|MISCONF|can't open the append", re.I)

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "cypher" / "schema.falkordb.cypher"
DEFAULT_TIMEOUT_MS = 30_000
PATHS_TIMEOUT_MS = 10_000
DURABLE_TIMEOUT_MS = 10_000  # WAITAOF: at most this long for the append-only file's fsync
INDEX_BUILD_TIMEOUT_S = 3600.0  # ensure_schema() waits at most this long for new indexes to be built
# How long past a read's own time limit the client waits for FalkorDB's answer before it treats the
# query as one the store cannot stop (see embedded.py, "Bounded queries").
ANSWER_GRACE_S = 2.0  # at least; half the limit for limits above 4 s


def answer_grace_s(timeout_ms: int) -> float:
    return max(ANSWER_GRACE_S, timeout_ms / 2000)

# kill_runaway(query, older_than_ms) -> True if the store was restarted to stop the query.
RunawayKiller = Callable[[str, float], bool]
# recover() -> (host, port, password) of a live server for the same data, restarting it if needed.
Recover = Callable[[], tuple[str, int, str | None]]

# Labels and the property that must be unique for each (GRAPH.CONSTRAINT needs a range index first).
UNIQUE_ID_LABELS = ("Entity", "Document")


def relation_types() -> tuple[str, ...]:
    from citykg.extract.records import RELATION_TYPES

    return RELATION_TYPES


class FalkorDBStore(GraphStore):
    backend = "falkordb"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 6379,
        graph_name: str = "citykg",
        *,
        password: str | None = None,
        default_timeout_ms: int = DEFAULT_TIMEOUT_MS,
        paths_timeout_ms: int = PATHS_TIMEOUT_MS,
        kill_runaway: RunawayKiller | None = None,
        recover: Recover | None = None,
    ) -> None:
        self.host, self.port, self.graph_name = host, port, graph_name
        self.default_timeout_ms = default_timeout_ms
        self.paths_timeout_ms = paths_timeout_ms
        self.kill_runaway = kill_runaway
        self.recover = recover
        self.explain: Callable[[], str] | None = None  # the server's recent warnings, if it has a log
        self._timeout_max: int | None = None
        # aread()'s idle connections, per event loop (an asyncio connection belongs to its loop)
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[redis.asyncio.Connection]]
        self._connect(host, port, password)

    def lock_key(self) -> str:
        if self.lock_dir is not None:  # the data dir identifies the store; its port changes
            return self.graph_name
        return f"falkordb-{self.host}-{self.port}-{self.graph_name}"

    def _connect(self, host: str, port: int, password: str | None) -> None:
        self.host, self.port, self._password = host, port, password
        self._idle = weakref.WeakKeyDictionary()  # connections to an earlier address are not reused
        try:
            self._db = FalkorDB(host=host, port=port, password=password)
        except redis.RedisError as e:
            raise StoreError(self._unreachable(e)) from e
        self._graph = self._db.select_graph(self.graph_name)
        self._run_id = self._server_run_id()

    def _server_run_id(self) -> str | None:
        """The server process's run_id (INFO): it changes when the server is started again."""
        try:
            return str(self._db.connection.info("server").get("run_id"))
        except redis.RedisError:
            return None

    @property
    def timeout_max_ms(self) -> int:
        """The server's TIMEOUT_MAX (0: none): no query may ask for more, writes included."""
        if self._timeout_max is None:
            try:
                value = self._db.connection.execute_command("GRAPH.CONFIG", "GET", "TIMEOUT_MAX")
                self._timeout_max = int(value[1])
            except (redis.RedisError, IndexError, TypeError, ValueError):
                return 0
        return self._timeout_max

    def _unreachable(self, e: Exception) -> str:
        said = ""
        if getattr(self, "explain", None) is not None:
            with contextlib.suppress(Exception):
                said = self.explain()
        if said:
            return f"lost the connection to FalkorDB at {self.host}:{self.port} ({e}); its log says: {said}"
        return (
            f"cannot reach FalkorDB at {self.host}:{self.port} ({e}); start it with `citykg store start` "
            "or check CITYKG_DATA_DIR"
        )

    # ------------------------------------------------------------------ running queries

    def _run(self, query: str, params: dict[str, Any] | None, *, read_only: bool, timeout_ms: int | None) -> list[Row]:
        header, rows = self._run_raw(query, params, read_only=read_only, timeout_ms=timeout_ms)
        return [{k: to_plain(v) for k, v in zip(header, row, strict=False)} for row in rows]

    def _run_raw(
        self, query: str, params: dict[str, Any] | None, *, read_only: bool, timeout_ms: int | None, retry: bool = True
    ) -> tuple[list[str], list[list[Any]]]:
        """Column names and rows as the falkordb client parsed them (Node, Edge, Path objects).

        A read waits for the store at most its time limit plus answer_grace_s(): past that FalkorDB
        did not stop the query itself, and `kill_runaway` (the embedded server) stops it.
        """
        # writes: as long as the server allows (0 would mean TIMEOUT_DEFAULT)
        timeout = self._read_timeout(timeout_ms) if read_only else self.timeout_max_ms
        try:
            if read_only:
                result = self._bounded_ro_query(query, params, timeout)
            else:
                result = self._graph.query(query, params or None, timeout=timeout)
        except redis.ConnectionError as e:
            if read_only and retry and self.recover is not None:
                try:
                    self._connect(*self.recover())
                except StoreError as again:
                    raise StoreUnavailable(f"{self._unreachable(e)}; {again}") from e
                return self._run_raw(query, params, read_only=True, timeout_ms=timeout_ms, retry=False)
            raise StoreUnavailable(self._unreachable(e)) from e
        except redis.ResponseError as e:
            if read_only and retry and "empty key" in str(e):
                # reading a graph that does not exist yet (never written, or cleared): an empty graph
                self._graph.query("RETURN 0")
                return self._run_raw(query, params, read_only=True, timeout_ms=timeout_ms, retry=False)
            raise _map_error(str(e), timeout) from e
        except redis.RedisError as e:
            raise StoreError(f"FalkorDB error: {e}") from e
        except (ValueError, TypeError) as e:  # the client could not write the parameters
            raise QueryError(f"parameters FalkorDB cannot take: {e}") from e
        return _header(result), result.result_set

    def _read_timeout(self, timeout_ms: int | None) -> int:
        """The time limit a read asks for: its own, else the default, never above TIMEOUT_MAX."""
        ceiling = self.timeout_max_ms
        timeout = self.default_timeout_ms if timeout_ms is None else int(timeout_ms)
        if ceiling and (timeout <= 0 or timeout > ceiling):
            timeout = ceiling
        return timeout

    def _bounded_ro_query(self, query: str, params: dict[str, Any] | None, timeout_ms: int) -> QueryResult:
        """GRAPH.RO_QUERY on a connection of its own, waiting at most timeout + answer_grace_s()."""
        text = self._graph._build_params_header(params or None) + query
        command = ["GRAPH.RO_QUERY", self.graph_name, text, "--compact", "timeout", timeout_ms]
        pool = self._db.connection.connection_pool
        conn = pool.get_connection()
        try:
            conn.send_command(*command)
            grace = answer_grace_s(timeout_ms)
            wait = (timeout_ms / 1000 + grace) if timeout_ms else None
            if wait is not None and not conn.can_read(timeout=wait):
                conn.disconnect()  # its answer, if one ever comes, must not be read by the next query
                stopped = self.kill_runaway(text, wait * 1000) if self.kill_runaway else False
                raise _runaway(timeout_ms, stopped)
            response = conn.read_response()
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            conn.disconnect()
            raise
        finally:
            pool.release(conn)
        if isinstance(response, redis.ResponseError):
            raise response
        return QueryResult(self._graph, response)

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None) -> list[Row]:
        return self._run(query, params, read_only=True, timeout_ms=timeout_ms)

    # ------------------------------------------------------------------ async reads (the REST API)

    async def aread(
        self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> list[Row]:
        """`read` waiting for FalkorDB on the event loop: no worker thread per query.

        Each read takes an idle connection of this loop (or opens one) and gives it back once its
        answer is read; a connection whose answer was not read (a time limit, a cancelled request,
        a broken socket) is closed, never reused. The pool is a plain list, not redis.asyncio's
        ConnectionPool: that one locks, checks the socket and records metrics on every command,
        which halved the requests per second of the hot routes here. Same bounds as `read`: the
        time limit plus answer_grace_s(), then `kill_runaway` (in a thread). What needs the sync
        client's repairs (a lost store restarted by its keeper, a graph never written) is done by
        `read` in a worker thread.
        """
        timeout = self._read_timeout(timeout_ms)
        try:
            text = self._graph._build_params_header(params or None) + query
        except (ValueError, TypeError) as e:  # the client could not write the parameters
            raise QueryError(f"parameters FalkorDB cannot take: {e}") from e
        wait = (timeout / 1000 + answer_grace_s(timeout)) if timeout else None
        loop = asyncio.get_running_loop()
        idle = self._idle.get(loop)
        if idle is None:
            idle = self._idle[loop] = []
        conn = idle.pop() if idle else redis.asyncio.Connection(
            host=self.host, port=self.port, password=self._password
        )  # fmt: skip
        try:
            await conn.send_command("GRAPH.RO_QUERY", self.graph_name, text, "--compact", "timeout", timeout)
            response = await conn.read_response(timeout=wait)
        except redis.ResponseError as e:
            idle.append(conn)  # an error answer was read whole: the connection is clean
            if "empty key" in str(e):
                return await super().aread(query, params, timeout_ms=timeout_ms)
            raise _map_error(str(e), timeout) from e
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            await conn.disconnect(nowait=True)
            return await super().aread(query, params, timeout_ms=timeout_ms)  # reconnects, or says why not
        except BaseException:  # cancelled (the client went away) or worse: its answer may still come
            await conn.disconnect(nowait=True)
            raise
        if response is None:  # read_response's own timeout: the store did not stop the query
            await conn.disconnect(nowait=True)
            stopped = False
            if self.kill_runaway is not None and wait is not None:
                from anyio import to_thread

                stopped = await to_thread.run_sync(self.kill_runaway, text, wait * 1000)
            raise _runaway(timeout, stopped)
        idle.append(conn)
        result = QueryResult(self._graph, response)
        header = _header(result)
        return [{k: to_plain(v) for k, v in zip(header, row, strict=False)} for row in result.result_set]

    async def asearch_entities(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
        key = normalize(q)
        if not key:
            return []
        return await self.aread(contains_query(label), {"q": key, "limit": int(limit), "offset": int(offset)})

    async def aclose(self) -> None:
        for conn in self._idle.pop(asyncio.get_running_loop(), []):
            with contextlib.suppress(redis.RedisError, OSError):
                await conn.disconnect()

    def adapt_query(self, query: str) -> Adapted:
        """Neo4j-style Cypher that FalkorDB runs in another form (see graph/falkordb_cypher.py)."""
        from citykg.graph.falkordb_cypher import adapt_query

        return adapt_query(query)

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self._run(query, params, read_only=False, timeout_ms=None)

    def reconnect(self) -> bool:
        """Connect to the store again once its keeper restarted it; False when there is no keeper, or
        when the store's log says it failed writing (a full disk): a restart does not cure that."""
        if self.recover is None:
            return False
        said = ""
        if getattr(self, "explain", None) is not None:
            with contextlib.suppress(Exception):
                said = self.explain()
        if _WRITE_FAILURE.search(said):
            return False
        try:
            self._connect(*self.recover())
        except OSError:  # the keeper could not even write server.json
            return False
        return True

    def write_batches(self, statements: Iterable[tuple[str, dict[str, Any]]]) -> None:
        # FalkorDB has no multi-statement transactions: each statement is atomic on its own, and the
        # first failing one stops the batch (the loader is written so that re-running it repairs this).
        for query, params in statements:
            self.write(query, params)

    def durable(self) -> None:
        """Wait until the server's append-only file holds every write so far (WAITAOF), or, with no
        append-only file (Bolt on, or a server configured without one), save a snapshot."""
        conn = self._db.connection
        try:
            if str(conn.config_get("appendonly").get("appendonly")) == "yes":
                local, _ = conn.execute_command("WAITAOF", 1, 0, DURABLE_TIMEOUT_MS)
                if int(local) < 1:
                    raise StoreError(f"FalkorDB did not confirm the append-only file within {DURABLE_TIMEOUT_MS} ms")
            else:
                conn.save()
        except redis.RedisError as e:
            raise StoreError(f"FalkorDB could not make the writes durable: {e}") from e

    # ------------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Indexes and constraints of the schema file; returns once every index is built.

        FalkorDB builds an index in the background, and until it is built no query uses it: read
        while a bulk load's Evidence indexes were being built (millions of nodes), a page of
        evidence scanned every Evidence node, and every read waited on the building for the CPU.
        """
        existing = self._existing_indexes()
        for stmt in schema_statements():
            m = re.match(r"CREATE INDEX FOR \(n:(\w+)\) ON \(n\.(\w+)\)", stmt)
            if m and (m.group(1), m.group(2), "RANGE") in existing:
                continue
            m = re.match(r"CALL db\.idx\.fulltext\.createNodeIndex\('(\w+)'", stmt)
            if m and any(lbl == m.group(1) and kind == "FULLTEXT" for lbl, _, kind in existing):
                continue
            try:
                self.write(stmt)
            except QueryError as e:
                if "already indexed" not in str(e).lower() and "already exists" not in str(e).lower():
                    raise
        self.wait_for_indexes()
        constraints = {(r["label"], tuple(r["properties"])) for r in self.read(
            "CALL db.constraints() YIELD type, label, properties RETURN type, label, properties"
        )}  # fmt: skip
        for label in UNIQUE_ID_LABELS:
            if (label, ("id",)) in constraints:
                continue
            try:
                self._db.connection.execute_command(
                    "GRAPH.CONSTRAINT",
                    "CREATE",
                    self.graph_name,
                    "UNIQUE",
                    "NODE",
                    label,
                    "PROPERTIES",
                    "1",
                    "id",
                )
            except redis.ResponseError as e:
                if "already exists" not in str(e).lower():
                    raise StoreError(f"cannot create the uniqueness constraint on :{label}(id): {e}") from e

    def wait_for_indexes(self, timeout_s: float = INDEX_BUILD_TIMEOUT_S) -> None:
        """Wait until no index is being built (StoreError past `timeout_s`)."""
        deadline = time.monotonic() + timeout_s
        pause = 0.01
        while True:
            try:
                rows = self.read("CALL db.indexes() YIELD label, status RETURN label, status")
            except QueryError:
                return
            building = sorted({r["label"] for r in rows if str(r["status"]).upper() != "OPERATIONAL"})
            if not building:
                return
            if time.monotonic() > deadline:
                raise StoreError(f"the indexes of {', '.join(building)} were still being built after {timeout_s:.0f} s")
            time.sleep(pause)
            pause = min(0.5, pause * 2)

    def drop_indexes(self, label: str) -> None:
        """Drop the range indexes of `label` (a bulk load into an empty graph builds them once at the
        end, through ensure_schema(), rather than row by row)."""
        for lbl, prop, kind in sorted(self._existing_indexes()):
            if lbl == label and kind == "RANGE":
                self.write(f"DROP INDEX FOR (n:{label}) ON (n.{prop})")

    def _existing_indexes(self) -> set[tuple[str, str, str]]:
        try:
            rows = self.read("CALL db.indexes() YIELD label, properties, types RETURN label, properties, types")
        except QueryError:
            return set()
        out: set[tuple[str, str, str]] = set()
        for r in rows:
            for prop, kinds in (r["types"] or {}).items():
                for kind in kinds:
                    out.add((r["label"], prop, kind))
        return out

    # ------------------------------------------------------------------ search and paths

    def search_entities(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
        key = normalize(q)
        if not key:
            return []
        return self.read(contains_query(label), {"q": key, "limit": int(limit), "offset": int(offset)})

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4, limit: int = 5) -> list[list[Row]]:
        """Iterative deepening: the first length k at which undirected paths exist, up to `limit`.

        A variable-length MATCH with LIMIT stops at the first paths it finds (milliseconds on a
        graph of 10,000 synthetic documents), where algo.SPpaths took minutes there and ignored the
        query timeout. Proving that no path exists enumerates every path up to `max_hops` from the
        start, so the walk starts from the end with fewer relationships, and the whole search has
        a time budget (QueryTimeout past it).
        """
        hops = int(max_hops)
        if source_id == target_id or hops < 1:
            return []
        types = "|".join(relation_types())
        # relations only: counting all of a hub's edges would walk its MENTIONS (one per document)
        deg = self.read(
            f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) OPTIONAL MATCH (e)-[r:{types}]-(:Entity) "
            "RETURN id, count(r) AS d",
            {"ids": [source_id, target_id]},
        )
        degree = {r["id"]: r["d"] for r in deg}
        if len(degree) < 2 or 0 in degree.values():
            return []
        start, end = (source_id, target_id) if degree[source_id] <= degree[target_id] else (target_id, source_id)
        deadline = time.monotonic() + self.paths_timeout_ms / 1000
        for k in range(1, hops + 1):
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0:
                raise QueryTimeout(f"no path of up to {k - 1} hops, and no time left for {k}: try fewer --max-hops")
            _, rows = self._run_raw(
                f"MATCH (a:Entity {{id: $start}}), (b:Entity {{id: $end}}) "
                f"MATCH p = (a)-[:{types}*{k}..{k}]-(b) RETURN p LIMIT $limit",
                {"start": start, "end": end, "limit": int(limit)},
                read_only=True,
                timeout_ms=left_ms,
            )
            if rows:
                paths = [path_hops(row[0]) for row in rows]
                if start != source_id:  # walked from the target: list the hops from the source
                    paths = [p[::-1] for p in paths]
                return paths
        return []

    # ------------------------------------------------------------------ housekeeping

    def counts(self) -> dict[str, int]:
        nodes = self.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return {"nodes": int(nodes), "relationships": int(rels)}

    def clear(self) -> None:
        """Delete the graph key (data, indexes and constraints); ensure_schema() recreates them."""
        try:
            self._graph.delete()
        except redis.ResponseError as e:
            if "empty key" not in str(e).lower() and "invalid graph" not in str(e).lower():
                raise StoreError(f"cannot delete graph {self.graph_name!r}: {e}") from e
        except redis.ConnectionError as e:
            raise StoreError(self._unreachable(e)) from e

    def close(self) -> None:
        if self.recover is not None and self._run_id is not None:
            # redis-py renews a pooled connection the server closed without an error: a store that its
            # keeper started again between two commands is otherwise never mentioned
            now = self._server_run_id()
            if now is not None and now != self._run_id:
                log.warning("citykg: the store on port %s went away while in use and was started again", self.port)
        self.recover = None  # a closed store never starts a server again
        self.kill_runaway = None
        try:
            self._db.connection.close()
        except redis.RedisError:
            pass


def schema_statements() -> list[str]:
    """Statements of cypher/schema.falkordb.cypher, one per `;`, comments dropped."""
    text = "\n".join(ln for ln in SCHEMA_FILE.read_text().splitlines() if not ln.strip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def _header(result: QueryResult) -> list[str]:
    header = [h[1] if isinstance(h, list | tuple) else h for h in result.header]
    return [h.decode() if isinstance(h, bytes) else str(h) for h in header]


def _runaway(timeout_ms: int, stopped: bool) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran past its time limit of {timeout_ms} ms and the store did not stop it "
        + ("itself; the embedded store was restarted to stop it (nothing written is lost)"
           if stopped else f"within {ANSWER_GRACE_S:.0f} s more; it may still be running there")
        + "; narrow the query (fewer hops, a LIMIT, smaller lists)"
    )  # fmt: skip


def _map_error(message: str, timeout_ms: int) -> StoreError:
    low = message.lower()
    if "read-only" in low or "ro_query" in low:
        return ReadOnlyViolation(f"this query writes, and only read-only queries are allowed here ({message})")
    if "timed out" in low or "timeout" in low:
        return QueryTimeout(f"the query ran past its time limit of {timeout_ms} ms; narrow it or add a LIMIT")
    if "mem consumption exceeded capacity" in low:
        return QueryTooBig(
            "the query needed more memory than the store allows one query (QUERY_MEM_CAPACITY, "
            "CITYKG_STORE_QUERY_MEM_MB): return fewer rows (a LIMIT) or build smaller lists and strings"
        )
    if "unique constraint" in low:
        return QueryError(f"uniqueness constraint violated: {message}")
    return QueryError(f"FalkorDB rejected the query: {message}")


# values returned as they are, checked first: most of a result's values (a neighbors page of a hub
# holds tens of thousands) are these, and isinstance against the graph classes costs more
_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_plain(value: Any) -> Any:
    """falkordb Node/Edge/Path (and lists/maps of them) as the plain dicts of the GraphStore interface."""
    if type(value) in _SCALARS:
        return value
    if type(value) is list:
        return [v if type(v) in _SCALARS else to_plain(v) for v in value]
    if isinstance(value, Node):
        return node_dict(value)
    if isinstance(value, Edge):
        return {**{k: to_plain(v) for k, v in value.properties.items()}, "_type": value.relation}
    if isinstance(value, FPath):
        return {
            "nodes": [node_dict(n) for n in value.nodes()],
            "relationships": [to_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def node_dict(node: Node) -> Row:
    labels = node.labels if isinstance(node.labels, list) else [node.labels] if node.labels else []
    return {**{k: to_plain(v) for k, v in node.properties.items()}, "_labels": list(labels)}


def path_hops(path: FPath) -> list[Row]:
    """A path as hops {"source", "target", "type", "properties"} in the stored direction."""
    nodes = path.nodes()
    by_id = {n.id: n for n in nodes}
    hops: list[Row] = []
    for i, edge in enumerate(path.edges()):
        src = by_id.get(edge.src_node, nodes[i])
        dst = by_id.get(edge.dest_node, nodes[i + 1])
        hops.append({
            "source": node_dict(src),
            "target": node_dict(dst),
            "type": edge.relation,
            "properties": {k: to_plain(v) for k, v in edge.properties.items()},
        })  # fmt: skip
    return hops
