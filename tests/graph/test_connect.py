"""open_store(): reuse a running embedded server, or start and stop one; Neo4j errors that say what to do."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from citykg.graph.config import StoreSettings
from citykg.graph.connect import open_store
from citykg.graph.embedded import INFO_FILE, EmbeddedServer, ServerInfo, pid_alive
from citykg.graph.store import StoreError


def test_reuses_the_running_server_and_leaves_it_running(falkordb_server: ServerInfo) -> None:
    settings = StoreSettings(backend="embedded", data_dir=Path(falkordb_server.data_dir), graph_name="connect_reuse")
    with open_store(settings) as store:
        assert store.backend == "falkordb"
        store.write("CREATE (:Entity {id: 'c1', name: '광주광역시 광산구'})")
        assert store.read("MATCH (e:Entity) RETURN e.name AS n") == [{"n": "광주광역시 광산구"}]
        store.clear()
    assert pid_alive(falkordb_server.pid)
    assert EmbeddedServer(Path(falkordb_server.data_dir)).status().pid == falkordb_server.pid


def test_starts_a_server_when_none_runs_and_stops_it_after(tmp_path: Path) -> None:
    settings = StoreSettings(backend="embedded", data_dir=tmp_path, graph_name="g")
    with open_store(settings) as store:
        info = EmbeddedServer(tmp_path).status()
        assert info is not None
        store.write("CREATE (:Entity {id: 'kept', name: 'x'})")
    deadline = time.monotonic() + 10
    while pid_alive(info.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(info.pid) and not (tmp_path / INFO_FILE).exists()
    with open_store(settings) as store:  # saved on shutdown, loaded on the next start
        assert store.read("MATCH (e:Entity) RETURN e.id AS id") == [{"id": "kept"}]


def test_unreachable_neo4j_says_what_to_check(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = StoreSettings(backend="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}", neo4j_password="pw")
    with pytest.raises(StoreError, match="check NEO4J_URI.*docker compose"), open_store(settings):
        pass


def test_bad_neo4j_uri_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="NEO4J_URI 'http://nowhere:7474' is not usable"):
        with open_store(StoreSettings(backend="neo4j", neo4j_uri="http://nowhere:7474")):
            pass
