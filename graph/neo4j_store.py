"""Neo4j 5 backend through the official `neo4j` driver (production: docker-compose.yml).

This module holds Neo4j's Cypher dialect: constraints and indexes from cypher/schema.cypher,
full-text search through `db.index.fulltext.queryNodes`, undirected `allShortestPaths`.

Every query runs in a managed transaction (`execute_read` / `execute_write`): reads in READ access
mode, which Neo4j enforces (a write in it fails), with the time limit sent as the transaction
timeout. The same code path also runs against FalkorDB's experimental Bolt endpoint (the tests
do that). Facts about that endpoint, checked against FalkorDB 4.16.3 with driver 6.4:
- auth must be None (a basic-auth token fails in HELLO with Neo.DatabaseError.General.UnknownError
  unless the principal is "falkordb" and the password matches the Redis password);
- the graph is named by the first key of the RUN message's `extra` map, not by its value: a RUN
  in an explicit or managed transaction (empty extra) uses graph "falkordb"; an auto-commit run
  with `database="x"` uses a graph literally named "db". Hence managed transactions everywhere;
- BEGIN/COMMIT/ROLLBACK are no-ops: no rollback, and READ mode is not enforced;
- parameters are spliced into the query text unescaped (a `'` in a string breaks the query), floats
  with 6 decimals, and parameters longer than about 4 KB crash the server (fixed 4096-byte buffer);
- after a Bolt client disconnects, the next connection to either port (Bolt or Redis) gets no
  answer (its handshake times out; later ones work): keep one driver open, and expect
  EmbeddedServer.stop() to fall back from SHUTDOWN to SIGTERM after Bolt was used;
- shortestPath/allShortestPaths in MATCH and CREATE CONSTRAINT ... REQUIRE are not FalkorDB Cypher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import neo4j
from neo4j import GraphDatabase, unit_of_work
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from citykg.graph.search import SCORE_EXPR, contains_query, label_filter, normalize
from citykg.graph.store import GraphStore, QueryError, QueryTimeout, ReadOnlyViolation, Row, StoreError

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "cypher" / "schema.cypher"
FULLTEXT_INDEX = "entity_names"
FULLTEXT_CANDIDATES = 1000
DEFAULT_TIMEOUT_MS = 30_000
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def relation_types() -> tuple[str, ...]:
    from citykg.extract.records import RELATION_TYPES

    return RELATION_TYPES


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(
        self,
        uri: str = "bolt://localhost:7687",
        *,
        user: str = "neo4j",
        password: str = "",
        database: str | None = None,
        default_timeout_ms: int = DEFAULT_TIMEOUT_MS,
        batch_rows: int | None = None,
        connection_timeout_s: float = 10.0,
        retry_time_s: float = 15.0,
    ) -> None:
        self.uri, self.database = uri, database
        self.default_timeout_ms = default_timeout_ms
        if batch_rows is not None:
            self.batch_rows = batch_rows  # read by graph.loader
        scheme = uri.split("://", 1)[0] if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            expected = ", ".join(s + "://" for s in BOLT_SCHEMES)
            raise StoreError(f"NEO4J_URI {uri!r} is not usable: expected one of {expected}")
        # No password: connect without auth (NEO4J_AUTH=none, or FalkorDB's Bolt endpoint).
        auth = (user, password) if password else None
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=connection_timeout_s,
                connection_acquisition_timeout=connection_timeout_s,
                max_transaction_retry_time=retry_time_s,
            )
        except (ConfigurationError, ValueError) as e:
            raise StoreError(f"NEO4J_URI {uri!r} is not usable: {e}") from e

    def verify(self) -> None:
        """Fail fast with a StoreError that says what to check if the server cannot be reached."""
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as e:
            raise StoreError(self._unreachable(e)) from e
        except Neo4jError as e:
            raise StoreError(self._unreachable(e)) from e

    def _unreachable(self, e: Exception) -> str:
        return (
            f"cannot reach Neo4j at {self.uri} ({e}); check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, "
            "or start it with `docker compose up -d neo4j`"
        )

    # ------------------------------------------------------------------ running queries

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _call(self, mode: str, work: Any, timeout_ms: int | None) -> Any:
        try:
            with self._session(mode) as session:
                run = session.execute_read if mode == neo4j.READ_ACCESS else session.execute_write
                return run(work)
        except (ServiceUnavailable, SessionExpired, AuthError) as e:
            raise StoreError(self._unreachable(e)) from e
        except Neo4jError as e:
            raise _map_error(e, timeout_ms) from e
        except DriverError as e:
            raise StoreError(f"Neo4j driver error: {e}") from e

    def read(self, query: str, params: dict[str, Any] | None = None, *, timeout_ms: int | None = None) -> list[Row]:
        timeout = self.default_timeout_ms if timeout_ms is None else int(timeout_ms)

        @unit_of_work(timeout=timeout / 1000 if timeout > 0 else None)
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [{k: to_plain(v) for k, v in rec.items()} for rec in tx.run(query, params or {})]

        return self._call(neo4j.READ_ACCESS, work, timeout)

    def write(self, query: str, params: dict[str, Any] | None = None) -> list[Row]:
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return [{k: to_plain(v) for k, v in rec.items()} for rec in tx.run(query, params or {})]

        return self._call(neo4j.WRITE_ACCESS, work, None)

    def write_batches(self, statements: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """All statements in one write transaction: on Neo4j, all of them or none."""
        todo = list(statements)  # the driver may retry the function: keep the statements

        def work(tx: neo4j.ManagedTransaction) -> None:
            for query, params in todo:
                tx.run(query, params).consume()

        if todo:
            self._call(neo4j.WRITE_ACCESS, work, None)

    # ------------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Apply cypher/schema.cypher, one statement per transaction (Neo4j forbids mixing them)."""
        for stmt in schema_statements():
            self.write(stmt)

    # ------------------------------------------------------------------ search and paths

    def search_entities(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
        key = normalize(q)
        if not key:
            return []
        params = {"q": key, "limit": int(limit), "offset": int(offset)}
        try:
            rows = self.read(fulltext_query(label), {**params, "lucene": lucene_prefix(key)})
        except QueryError:
            rows = None  # no full-text procedure or index here (e.g. FalkorDB's Bolt): substring scan
        if rows is not None and len(rows) >= limit:
            return rows
        return self.read(contains_query(label), params)

    def shortest_paths(self, source_id: str, target_id: str, max_hops: int = 4, limit: int = 5) -> list[list[Row]]:
        if source_id == target_id:
            return []
        hops = int(max_hops)
        if not 1 <= hops <= 16:
            raise QueryError(f"max_hops must be between 1 and 16, not {max_hops}")
        types = "|".join(relation_types())
        rows = self._call(
            neo4j.READ_ACCESS,
            unit_of_work(timeout=self.default_timeout_ms / 1000)(
                lambda tx: [
                    rec["p"]
                    for rec in tx.run(
                        f"""
MATCH (a:Entity {{id: $source}}), (b:Entity {{id: $target}})
MATCH p = allShortestPaths((a)-[:{types}*..{hops}]-(b))
RETURN p LIMIT $limit""",
                        {"source": source_id, "target": target_id, "limit": int(limit)},
                    )
                ]
            ),
            self.default_timeout_ms,
        )
        return [path_hops(p) for p in rows]

    # ------------------------------------------------------------------ housekeeping

    def counts(self) -> dict[str, int]:
        nodes = self.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        rels = self.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return {"nodes": int(nodes), "relationships": int(rels)}

    def clear(self) -> None:
        """Delete all nodes and relationships in slices (schema stays)."""
        while self.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c")[0]["c"]:
            pass

    def lock_key(self) -> str:
        return f"neo4j-{self.uri}-{self.database or 'default'}"

    def close(self) -> None:
        self._driver.close()


def schema_statements() -> list[str]:
    text = "\n".join(ln for ln in SCHEMA_FILE.read_text().splitlines() if not ln.strip().startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def lucene_prefix(key: str) -> str:
    """A Lucene prefix query for a normalized search key (special characters escaped)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", key) + "*"


def fulltext_query(label: str | None) -> str:
    return f"""
CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $lucene) YIELD node
WITH node AS e LIMIT {FULLTEXT_CANDIDATES}
WITH e WHERE e:Entity{label_filter(label)}
WITH e, {SCORE_EXPR} AS score
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       coalesce(e.aliases, []) AS aliases, score
ORDER BY score DESC, size(e.name), e.name, e.id
SKIP $offset LIMIT $limit"""


def _map_error(e: Neo4jError, timeout_ms: int | None) -> StoreError:
    code = e.code or ""
    msg = e.message or str(e)
    if "AccessMode" in code or "ForbiddenDueToTransactionType" in code or "read access mode" in msg.lower():
        return ReadOnlyViolation(f"this query writes, and only read-only queries are allowed here ({msg})")
    if "TransactionTimedOut" in code or "Terminated" in code:
        return QueryTimeout(f"the query ran past its time limit of {timeout_ms} ms; narrow it or add a LIMIT")
    if isinstance(e, ClientError | DatabaseError | TransientError):
        return QueryError(f"Neo4j rejected the query: {code}: {msg}")
    return StoreError(f"Neo4j error {code}: {msg}")


def to_plain(value: Any) -> Any:
    """neo4j Node/Relationship/Path (and lists/maps of them) as the plain dicts of the interface."""
    if isinstance(value, neo4j.graph.Node):
        return node_dict(value)
    if isinstance(value, neo4j.graph.Relationship):
        return {**{k: to_plain(v) for k, v in value.items()}, "_type": value.type}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [node_dict(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def node_dict(node: neo4j.graph.Node) -> Row:
    return {**{k: to_plain(v) for k, v in node.items()}, "_labels": sorted(node.labels)}


def path_hops(path: neo4j.graph.Path) -> list[Row]:
    """A path as hops {"source", "target", "type", "properties"} in the stored direction."""
    return [
        {
            "source": node_dict(rel.start_node),
            "target": node_dict(rel.end_node),
            "type": rel.type,
            "properties": {k: to_plain(v) for k, v in rel.items()},
        }
        for rel in path.relationships
    ]
