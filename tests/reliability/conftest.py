"""Fixtures of the reliability suite: stores of their own (their own data dir and server), so that
killing or restarting one never touches the session's shared server."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from citykg.graph.connect import store_from_info
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.store import GraphStore

# starlette warns that its TestClient will move to httpx2; not our concern here.
warnings.filterwarnings("ignore", message=".*httpx2.*")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[EmbeddedServer, ServerInfo]]:
    """A running embedded server in a data dir of this test's own, stopped at the end."""
    server = EmbeddedServer(tmp_path / "store")
    info = server.start()
    yield server, info
    server.stop()


@pytest.fixture
def own_store(own_server: tuple[EmbeddedServer, ServerInfo]) -> Iterator[GraphStore]:
    server, info = own_server
    store = store_from_info(info, "citykg", server)
    store.ensure_schema()
    yield store
    store.close()
