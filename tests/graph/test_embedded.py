"""The embedded FalkorDB server: start, reuse, restart with data kept, stop, stale info, busy port.

Each test runs its own server in a tmp data dir (not the session one), on free ports.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from citykg.graph.embedded import INFO_FILE, EmbeddedServer, pid_alive
from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.store import StoreError

ROOT = Path(__file__).resolve().parents[2]


def wait_dead(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_restart_keeps_the_graph_and_stop_leaves_no_process(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path)
    info = server.start()
    try:
        assert info.port != info.bolt_port
        assert (tmp_path / INFO_FILE).is_file()
        assert server.status() is not None and server.status().pid == info.pid
        st = FalkorDBStore(info.host, info.port, "kept", password=info.password)
        st.write("CREATE (:Entity {id: 'x', name: '세종특별자치시'})")
        st.close()
    finally:
        assert server.stop() is True
    assert wait_dead(info.pid), "redis-server still running after stop()"
    assert not (tmp_path / INFO_FILE).exists()
    assert server.status() is None
    assert server.stop() is False  # nothing left to stop

    again = EmbeddedServer(tmp_path)
    info2 = again.start()
    try:
        st = FalkorDBStore(info2.host, info2.port, "kept", password=info2.password)
        assert st.read("MATCH (e:Entity {id: 'x'}) RETURN e.name AS name") == [{"name": "세종특별자치시"}]
        st.close()
    finally:
        again.stop()
    assert wait_dead(info2.pid)


def test_a_second_handle_on_the_same_data_dir_reuses_the_running_server(tmp_path: Path) -> None:
    owner = EmbeddedServer(tmp_path)
    info = owner.start()
    try:
        other = EmbeddedServer(tmp_path)
        assert other.start().pid == info.pid
        assert not other.started_here  # so open_store() will not stop a server it did not start
        assert "redis://127.0.0.1:" in other.status().describe()
    finally:
        owner.stop()


def test_stale_server_json_is_cleaned_up(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = {"host": "127.0.0.1", "port": 1, "bolt_port": 2, "pid": dead.pid,
             "data_dir": str(tmp_path), "detached": True}  # fmt: skip
    (tmp_path / INFO_FILE).write_text(json.dumps(stale))
    server = EmbeddedServer(tmp_path)
    assert server.status() is None
    assert not (tmp_path / INFO_FILE).exists()
    (tmp_path / INFO_FILE).write_text(json.dumps(stale))
    info = server.start()
    try:
        assert info.pid != dead.pid and pid_alive(info.pid)
    finally:
        server.stop()


def test_busy_port_gives_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        with pytest.raises(StoreError, match=rf"port {busy} .* already in use"):
            EmbeddedServer(tmp_path, port=busy).start()
    assert not (tmp_path / INFO_FILE).exists()


def _spawn_starter(data_dir: Path, detach: bool) -> subprocess.Popen[str]:
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from citykg.graph.embedded import EmbeddedServer
        info = EmbeddedServer(Path({str(data_dir)!r})).start(detach={detach})
        print(info.pid, flush=True)
        time.sleep(60 if not {detach} else 0)
    """)
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_server_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    """A parent killed with SIGKILL (no atexit) must not leave an orphaned redis-server."""
    parent = _spawn_starter(tmp_path, detach=False)
    pid = int(parent.stdout.readline())
    assert pid_alive(pid)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    assert wait_dead(pid), "orphaned redis-server survived its parent"
    assert EmbeddedServer(tmp_path).status() is None  # and its server.json counts as stale


def test_detached_server_outlives_its_starter_until_stopped(tmp_path: Path) -> None:
    starter = _spawn_starter(tmp_path, detach=True)
    pid = int(starter.stdout.readline())
    starter.wait(timeout=30)
    server = EmbeddedServer(tmp_path)
    try:
        info = server.status()
        assert info is not None and info.pid == pid and info.detached
    finally:
        assert server.stop()
    assert wait_dead(pid)


def test_server_json_naming_a_reused_pid_is_stale(tmp_path: Path) -> None:
    """A pid that lives on as another program (here: this test process) is not our server."""
    stale = {"host": "127.0.0.1", "port": 1, "bolt_port": 2, "pid": os.getpid(), "data_dir": str(tmp_path)}
    (tmp_path / INFO_FILE).write_text(json.dumps(stale))
    assert EmbeddedServer(tmp_path).status() is None
    assert not (tmp_path / INFO_FILE).exists()


def test_cli_store_start_status_stop(tmp_path: Path) -> None:
    env = {**os.environ, "CITYKG_DATA_DIR": str(tmp_path / "store")}
    cli = [str(Path(sys.executable).parent / "citykg"), "store"]

    def run(cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, cmd], env=env, capture_output=True, text=True, timeout=60)

    assert run("status").returncode == 3
    started = run("start")
    assert started.returncode == 0 and "FalkorDB running: redis://127.0.0.1:" in started.stdout
    pid = EmbeddedServer(tmp_path / "store").status().pid
    try:
        status = run("status")
        assert status.returncode == 0 and f"pid {pid}" in status.stdout  # the start command exited; it runs on
    finally:
        stopped = run("stop")
    assert stopped.stdout.strip() == "stopped" and wait_dead(pid)
    assert "no store was running" in run("stop").stdout
