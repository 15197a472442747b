"""`citykg ingest` killed at a random point and run again gives the graph of one clean run."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path

from api_testkit import SAMPLES

from citykg.extract.journal import journal_path
from citykg.graph.config import StoreSettings
from citykg.graph.connect import open_store
from citykg.graph.loader import load_jsonl


def graph_checksum(store) -> str:
    """A checksum of every node (labels, properties) and edge (ends, type, properties) of the graph."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    edges = store.read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p")
    rows = sorted(json.dumps(dict(r), sort_keys=True, ensure_ascii=False, default=str) for r in nodes + edges)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def test_ingest_killed_and_rerun_gives_the_graph_of_a_clean_run(falkordb_server, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for copy in range(3):
        for f in sorted(SAMPLES.glob("00[0-3]_*.txt")):
            shutil.copy(f, docs / f"c{copy}_{f.name}")
    settings = StoreSettings(backend="embedded", data_dir=Path(falkordb_server.data_dir), graph_name="x")
    resumed, clean = (f"ingest_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("resumed", "clean"))
    env = {**os.environ, "CITYKG_STORE": "embedded", "CITYKG_DATA_DIR": str(falkordb_server.data_dir),
           "CITYKG_GRAPH": resumed}  # fmt: skip
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    lines, extra = rng.randrange(1, 9), rng.uniform(0, 0.3)
    print(f"seed {seed}: ingest killed after {lines} records + {extra:.2f} s")
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "citykg.api.cli", "ingest", str(docs), "-o", str(out), "--workers", "2",
           "--no-progress"]  # fmt: skip
    code = _interrupt(cmd, env, out, lines, extra)
    assert code != 0 and journal_path(out).exists(), f"seed {seed}: the run ended before the kill"
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=90)
    assert rerun.returncode == 0, rerun.stderr
    # the clean run: one uninterrupted extraction (one worker), loaded once into a graph of its own
    clean_out = tmp_path / "clean.jsonl"
    subprocess.run([*cmd[:3], "extract", str(docs), "-o", str(clean_out), "--workers", "1", "--no-progress"],
                   env=env, check=True, capture_output=True, timeout=90)  # fmt: skip
    assert out.read_bytes() == clean_out.read_bytes(), f"seed {seed}"
    with open_store(replace(settings, graph_name=clean)) as store:
        store.ensure_schema()
        assert not load_jsonl(store, clean_out).failures
        want = graph_checksum(store)
        store.clear()
    with open_store(replace(settings, graph_name=resumed)) as store:
        got = graph_checksum(store)
        assert store.counts()["nodes"] > 0
        store.clear()
    assert got == want, f"seed {seed}"


def _interrupt(cmd: list[str], env: dict[str, str], out: Path, lines: int, extra: float) -> int:
    import time

    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.01)
    time.sleep(extra)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=20)
