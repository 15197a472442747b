"""Fixtures of the reliability suite: stores of their own (their own data dir and server), so that
killing or restarting one never touches the session's shared server."""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from citykg.graph.connect import store_from_info
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.store import GraphStore

# starlette warns that its TestClient will move to httpx2; not our concern here.
warnings.filterwarnings("ignore", message=".*httpx2.*")

CLI = str(Path(sys.executable).parent / "citykg")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"


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


def records_jsonl(records: list, path: Path, copies: int = 1, prefix: str = "") -> Path:
    """The records as JSON Lines, `copies` times over with distinct document ids."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(copies):
            for rec in records:
                data = json.loads(rec.to_json())
                if copies > 1 or prefix:
                    data["doc_id"] = f"{data['doc_id']}{prefix}-{i}"
                fh.write(json.dumps(data, ensure_ascii=False) + "\n")
    return path


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CITYKG_DATA_DIR": str(data_dir), **extra}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
