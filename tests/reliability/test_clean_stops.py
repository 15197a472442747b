"""Ctrl-C (SIGINT to the process group, as a terminal sends it) and SIGTERM stop `citykg serve`,
the store it started and that store's keeper, every time, within 5 s (issue 12, item 4).

Each round starts a real `citykg serve` on a data dir with no store running, so the serve starts
one; the signal comes at a different moment each round: while it starts, once it answers, and
with a slow request in flight. `make bench` runs the 20-round variant (`-m long`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from faultkit import CLI, cli_env

from citykg.graph.embedded import free_port, pid_alive

STOP_BUDGET_S = 5.0
SLOW = "RETURN size(reduce(s = '', x IN range(1, 300000) | s + 'aaaaaaaaaa')) AS n"


def wait_answering(port: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                return r.status == 200
        except OSError:
            time.sleep(0.1)
    return False


def post_slow(port: int) -> None:
    body = json.dumps({"query": SLOW}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/cypher", body, {"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30).read()
    except OSError:
        pass


def one_round(tmp: Path, moment: str, sig: int) -> tuple[float, list[str]]:
    """Start a serve, signal it at `moment`; (seconds until all was gone, what was left)."""
    import threading

    data = tmp / "store"
    port = free_port()
    env = cli_env(data, CITYKG_QUERY_TIMEOUT_MS="60000")
    proc = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    pids: dict[str, int] = {"serve": proc.pid}
    if moment == "right after launch":
        time.sleep(0.8)  # still importing, or starting its store
    elif moment == "while it starts":
        deadline = time.monotonic() + 30
        while not (data / "server.json").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    else:
        assert wait_answering(port), "citykg serve did not come up"
        if moment == "with a slow request in flight":
            threading.Thread(target=post_slow, args=(port,), daemon=True).start()
            time.sleep(0.5)
    try:
        info = json.loads((data / "server.json").read_text())
        pids["redis-server"], pids["keeper"] = info["pid"], info["keeper_pid"]
    except (OSError, ValueError, KeyError):
        pass  # signalled before the store was up: only the serve to count
    os.killpg(proc.pid, sig)
    t = time.monotonic()
    while time.monotonic() - t < STOP_BUDGET_S + 5:
        proc.poll()
        if not any(pid_alive(p) for p in pids.values()):
            break
        time.sleep(0.02)
    took = time.monotonic() - t
    left = [f"{name} (pid {p})" for name, p in pids.items() if pid_alive(p)]
    for p in pids.values():  # leave nothing behind for the next round, whatever happened
        if pid_alive(p):
            os.kill(p, signal.SIGKILL)
    proc.wait(10)
    leftover_json = (data / "server.json").exists()
    if leftover_json and not left:
        left.append("a stale server.json")
    return took, left


def run_rounds(tmp_path: Path, rounds: int) -> None:
    moments = ["right after launch", "while it starts", "once it answers", "with a slow request in flight"]
    results = []
    for i in range(rounds):
        moment = moments[i % len(moments)]
        sig = signal.SIGTERM if i % 5 == 4 else signal.SIGINT
        took, left = one_round(tmp_path / f"r{i}", moment, sig)
        results.append((moment, signal.Signals(sig).name, took, left))
    slowest = max(r[2] for r in results)
    leftovers = sum(len(r[3]) for r in results)
    print(f"\n{rounds} stops of `citykg serve` (SIGINT to its process group; every 5th SIGTERM):")
    for moment in moments:
        times = [r[2] for r in results if r[0] == moment]
        if times:
            print(f"  {moment}: {len(times)} stops, slowest {max(times):.2f} s")
    print(f"  leftover processes: {leftovers}; slowest stop {slowest:.2f} s")
    assert leftovers == 0, [r for r in results if r[3]]
    assert slowest <= STOP_BUDGET_S, [f"{m} {s} {t:.2f}" for m, s, t, _ in results]


def test_ctrl_c_stops_everything(tmp_path: Path) -> None:
    run_rounds(tmp_path, 8)


@pytest.mark.long
def test_ctrl_c_stops_everything_20_times(tmp_path: Path) -> None:
    run_rounds(tmp_path, 20)


def test_a_command_killed_with_sigkill_leaves_no_store(tmp_path: Path) -> None:
    """The kernel drops a killed command's lease; the keeper then stops the store it started."""
    data = tmp_path / "store"
    code = ("import time, sys; from citykg.graph.embedded import EmbeddedServer; "
            f"i = EmbeddedServer({str(data)!r}).acquire(); print(i.pid, i.keeper_pid, flush=True); time.sleep(60)")  # fmt: skip
    proc = subprocess.Popen([str(Path(CLI).parent / "python"), "-c", code], stdout=subprocess.PIPE, text=True)
    redis_pid, keeper_pid = map(int, proc.stdout.readline().split())
    proc.kill()
    proc.wait()
    t = time.monotonic()
    while (pid_alive(redis_pid) or pid_alive(keeper_pid)) and time.monotonic() - t < STOP_BUDGET_S:
        time.sleep(0.02)
    print(f"\nkill -9 of the only holder: store and keeper gone after {time.monotonic() - t:.2f} s")
    assert not pid_alive(redis_pid) and not pid_alive(keeper_pid)
    assert not (data / "server.json").exists()
