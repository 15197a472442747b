"""The embedded store's surface: who can reach it, and what it leaves on disk.

Each test starts a real embedded FalkorDB (redis-server + falkordb.so) in its own data dir.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from citykg.graph.connect import store_from_info
from citykg.graph.embedded import INFO_FILE, EmbeddedServer, ServerInfo

LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1 as /proc/net/tcp* write them


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[EmbeddedServer, ServerInfo]]:
    srv = EmbeddedServer(tmp_path / "store")
    info = srv.start()
    yield srv, info
    srv.stop()


def listening_addresses(pid: int) -> list[tuple[str, int]]:
    """(hex address, port) of every listening TCP socket the process holds, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            local, state, inode = cols[1], cols[3], cols[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                addr, port = local.split(":")
                found.append((addr, int(port, 16)))
    return found


def test_an_unauthenticated_client_is_refused(server: tuple[EmbeddedServer, ServerInfo]) -> None:
    _, info = server
    anonymous = redis.Redis(host=info.host, port=info.port)
    for command in (("PING",), ("GRAPH.QUERY", "citykg", "CREATE (:Intruder)"), ("FLUSHALL",)):
        with pytest.raises(redis.AuthenticationError):
            anonymous.execute_command(*command)
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host=info.host, port=info.port, password="guess").ping()
    store = store_from_info(info, "citykg")  # the password from server.json lets citykg in
    assert store.read("MATCH (n:Intruder) RETURN count(n) AS n") == [{"n": 0}]
    store.close()
    print(f"refused: 3 commands without a password, 1 with a wrong one (port {info.port})")


def test_nothing_listens_beyond_loopback_and_bolt_is_off(server: tuple[EmbeddedServer, ServerInfo]) -> None:
    _, info = server
    listening = listening_addresses(info.pid)
    assert listening, "found no listening socket of the server"
    assert all(addr in LOOPBACK for addr, _ in listening), listening
    assert [port for _, port in listening] == [info.port]  # one port: no Bolt unless asked for
    assert info.bolt_port is None


def test_password_and_files_are_private(server: tuple[EmbeddedServer, ServerInfo]) -> None:
    srv, info = server
    assert info.password and len(info.password) >= 24
    assert info.password not in Path(f"/proc/{info.pid}/cmdline").read_text(errors="replace")
    assert stat.S_IMODE(srv.data_dir.stat().st_mode) == 0o700
    store = store_from_info(info, "citykg")
    store.write("CREATE (:Entity {id: 'x'})")
    store.durable()
    store.close()
    redis.Redis(host=info.host, port=info.port, password=info.password).save()
    files = [p for p in srv.data_dir.rglob("*") if p.is_file()]
    assert {INFO_FILE, "citykg.rdb"} <= {p.name for p in files}
    assert any(p.suffix == ".aof" for p in files)
    loose = {str(p.relative_to(srv.data_dir)): oct(stat.S_IMODE(p.stat().st_mode)) for p in files
             if stat.S_IMODE(p.stat().st_mode) & 0o077}
    assert not loose, f"files readable by others: {loose}"


def test_a_data_dir_made_open_is_closed_again(tmp_path: Path) -> None:
    data = tmp_path / "store"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    srv = EmbeddedServer(data)
    srv.start()
    try:
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    finally:
        srv.stop()


def test_bolt_only_when_asked_and_then_without_the_append_only_file(tmp_path: Path) -> None:
    """FalkorDB 4.16 crashes on a Bolt write with the append-only file on; with Bolt, durable()
    saves a snapshot instead."""
    srv = EmbeddedServer(tmp_path / "store", bolt=True)
    info = srv.start()
    try:
        assert info.bolt_port is not None
        conn = redis.Redis(host=info.host, port=info.port, password=info.password, decode_responses=True)
        assert conn.config_get("appendonly")["appendonly"] == "no"
        before = conn.lastsave()
        store = store_from_info(info, "citykg")
        store.write("CREATE (:Entity {id: 'x'})")
        store.durable()
        store.close()
        assert conn.lastsave() >= before and (srv.data_dir / "citykg.rdb").is_file()
    finally:
        srv.stop()
