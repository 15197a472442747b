"""A real `citykg serve` process: it finds the running store, answers, and exits on SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from citykg.graph.embedded import free_port


def test_citykg_serve_answers_and_stops(cli_env, sample_store) -> None:
    port = free_port()
    citykg = Path(sys.executable).parent / "citykg"
    proc = subprocess.Popen(
        [str(citykg), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, **cli_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "citykg serve did not answer /health within 60 s"
            time.sleep(0.2)
        health = httpx.get(base + "/health").json()
        assert health["nodes"] == sample_store.counts()["nodes"]
        paths = httpx.get(base + "/paths", params={"source": "국토교통부", "target": "LG CNS"}, timeout=30)
        assert paths.status_code == 200 and paths.json()["paths"]
        assert httpx.get(base + "/entities/ministry:없는부처").json()["error"]["code"] == "not_found"
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    log = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    # uvicorn shuts down gracefully; the command then releases its store and exits 128 + SIGTERM.
    assert code in (0, 128 + signal.SIGTERM), log
    assert "Application shutdown complete" in log
    # serve used the session's server without owning it: the store still answers.
    assert sample_store.counts()["nodes"] > 0


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def test_citykg_serve_with_workers_shares_the_store_and_stops_them_all(cli_env, sample_store) -> None:
    port = free_port()
    citykg = Path(sys.executable).parent / "citykg"
    proc = subprocess.Popen(
        [str(citykg), "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **cli_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 90
        answered = False
        while len(workers) < 2 or not answered:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            assert time.monotonic() < deadline, "citykg serve --workers 2 did not answer /health within 90 s"
            time.sleep(0.3)
            workers = [p for p in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
            with contextlib.suppress(httpx.HTTPError):
                answered = httpx.get(base + "/health", timeout=2).status_code == 200
        # every worker answers from the one store: several keep-alive-less requests spread over both
        for _ in range(6):
            hits = httpx.get(base + "/entities", params={"q": "국토부"}, timeout=10).json()["items"]
            assert hits[0]["name"] == "국토교통부"
        assert httpx.get(base + "/health").json()["nodes"] == sample_store.counts()["nodes"]
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    log = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    assert code == 128 + signal.SIGTERM, log
    assert log.count("Application shutdown complete") == 2, log
    assert not [p for p in workers if Path(f"/proc/{p}").exists() and b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert sample_store.counts()["nodes"] > 0
