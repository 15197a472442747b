"""Open the configured store: the embedded FalkorDB of a data dir, or a Neo4j server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from citykg.graph.config import StoreSettings
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.store import GraphStore


def store_from_info(info: ServerInfo, graph_name: str = "citykg") -> GraphStore:
    """A FalkorDBStore on a running embedded server (see EmbeddedServer.status/start)."""
    from citykg.graph.falkordb_store import FalkorDBStore

    return FalkorDBStore(info.host, info.port, graph_name, password=info.password)


def neo4j_store(settings: StoreSettings) -> GraphStore:
    """A Neo4jStore for the NEO4J_* settings, checked to be reachable (StoreError otherwise)."""
    from citykg.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(
        settings.neo4j_uri,
        user=settings.neo4j_user,
        password=settings.neo4j_password,
        database=settings.neo4j_database,
    )
    try:
        store.verify()
    except Exception:
        store.close()
        raise
    return store


@contextmanager
def open_store(settings: StoreSettings, *, ensure_schema: bool = True) -> Iterator[GraphStore]:
    """Yield a ready store; an embedded server started here is stopped (and saved) at the end.

    Embedded: reuse the server already running for `settings.data_dir` (from `citykg store start`
    or another command), else start one for the duration of the block.
    """
    server: EmbeddedServer | None = None
    if settings.backend == "neo4j":
        store = neo4j_store(settings)
    else:
        server = EmbeddedServer(settings.data_dir)
        info = server.status() or server.start(detach=False)
        store = store_from_info(info, settings.graph_name)
    try:
        if ensure_schema:
            store.ensure_schema()
        yield store
    finally:
        store.close()
        if server is not None and server.started_here:
            server.stop()
