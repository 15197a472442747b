"""Open the configured store: the embedded FalkorDB of a data dir, or a Neo4j server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from citykg.graph.config import StoreSettings
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.store import GraphStore

log = logging.getLogger("citykg.graph")


def store_from_info(
    info: ServerInfo, graph_name: str = "citykg", server: EmbeddedServer | None = None
) -> GraphStore:
    """A FalkorDBStore on a running embedded server (see EmbeddedServer.status/start).

    With its `server`, the store stops a runaway read by restarting it, and finds the server
    again (starting it if it went away) when the connection is lost.
    """
    from citykg.graph.falkordb_store import FalkorDBStore

    if server is None:
        server = EmbeddedServer(info.data_dir)

    def recover() -> tuple[str, int, str | None]:
        live = server.status() or server.start(detach=False)
        if live.pid != info.pid:
            log.warning("citykg: the store of %s went away; now using the one on port %s", info.data_dir, live.port)
        return live.host, live.port, live.password

    store = FalkorDBStore(
        info.host, info.port, graph_name, password=info.password, kill_runaway=server.kill_runaway, recover=recover
    )
    store.lock_dir = info.data_dir
    store.explain = server.recent_problems
    return store


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
    """Yield a ready store for the duration of the block.

    Embedded: a lease on the server of `settings.data_dir` (the one already running, from
    `citykg store start` or another command, else one started now); at the end the lease is given
    back, and the server stops if no other command holds one and it is not pinned.
    """
    server: EmbeddedServer | None = None
    if settings.backend == "neo4j":
        store = neo4j_store(settings)
    else:
        server = EmbeddedServer(settings.data_dir)
        info = server.acquire()
        try:
            store = store_from_info(info, settings.graph_name, server)
        except BaseException:
            server.release()
            raise
    try:
        if ensure_schema:
            store.ensure_schema()
        yield store
    finally:
        store.close()
        if server is not None:
            server.release()
