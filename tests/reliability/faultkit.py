"""Helpers of the reliability suite: a graph fingerprint to compare stores after faults, the CLI,
records as JSON Lines, a process's CPU time."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from citykg.graph.store import GraphStore

CLI = str(Path(sys.executable).parent / "citykg")
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"


def graph_fingerprint(store: GraphStore) -> tuple[int, int, str]:
    """(nodes, relationships, sha256 of every node id and name and every edge key)."""
    nodes = store.read("MATCH (n) RETURN coalesce(n.id, '') AS id, coalesce(n.name, '') AS name")
    edges = store.read(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, '') AS a, type(r) AS t, coalesce(b.id, '') AS b"
    )
    keys = sorted(f"N|{r['id']}|{r['name']}" for r in nodes) + sorted(f"E|{r['a']}|{r['t']}|{r['b']}" for r in edges)
    return len(nodes), len(edges), hashlib.sha256("\n".join(keys).encode()).hexdigest()


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


def load(data: Path, jsonl: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """A real `citykg load` of `jsonl` into the data dir `data`."""
    return subprocess.run([CLI, "load", str(jsonl)], env=cli_env(data), capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def open_data_dir(data: Path):  # noqa: ANN201
    """(store, release) on the data dir's store, starting it if needed."""
    from citykg.graph.connect import store_from_info
    from citykg.graph.embedded import EmbeddedServer

    server = EmbeddedServer(data)
    store = store_from_info(server.acquire(), "citykg", server)

    def release() -> None:
        store.close()
        server.release()

    return store, release


def fingerprint(data: Path) -> tuple[int, int, str]:
    """graph_fingerprint of the graph in the data dir `data`."""
    store, release = open_data_dir(data)
    try:
        return graph_fingerprint(store)
    finally:
        release()


def document_degrees(store: GraphStore) -> dict[str, tuple[str | None, int]]:
    """Each document's (record_hash, number of relationships): a document is whole when both equal
    those of a clean run; the loader writes record_hash last, so only documents with one count."""
    rows = store.read("MATCH (d:Document) OPTIONAL MATCH (d)-[r]-() RETURN d.id AS id, d.record_hash AS h, count(r) AS n")
    return {r["id"]: (r["h"], r["n"]) for r in rows}


def no_store_left(data: Path, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not (data / "server.json").exists():
            return True
        time.sleep(0.05)
    return False


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CITYKG_DATA_DIR": str(data_dir), **extra}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes_of(folder: Path) -> list[str]:
    """Processes (other than this one) working in `folder` or told to use it: their cwd is inside it,
    their command line names it, or CITYKG_DATA_DIR points into it. "pid name" each."""
    root = str(folder.resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue  # a zombie: already dead, only waiting for its parent to reap it
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except (OSError, IndexError):
            continue  # gone meanwhile, or not ours to read
        told = [v.split(b"=", 1)[1].decode(errors="replace") for v in environ if v.startswith(b"CITYKG_DATA_DIR=")]
        if any(inside(p, root) for p in [cwd, *told, *cmdline.split()]):
            found.append(f"{entry.name} {cmdline.split(' ')[0].rsplit('/', 1)[-1]}")
    return found


def inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root + "/")


def wait_no_processes(folder: Path, seconds: float, pids: tuple[int, ...] = ()) -> tuple[float, list[str]]:
    """(seconds until no process of `folder` and none of `pids` was left, or `seconds`; what was left
    then). The pids matter for a process still exiting: its environment is gone before it is."""
    from citykg.graph.embedded import pid_alive

    t = time.monotonic()
    while True:
        left = processes_of(folder)
        left += [f"{p} (exiting)" for p in pids if pid_alive(p) and not any(x.startswith(f"{p} ") for x in left)]
        took = time.monotonic() - t
        if not left or took >= seconds:
            return took, left
        time.sleep(0.02)


# What the reliability suite tried, summed over its tests and printed at the end of the run
# (conftest.py): how many bad inputs, faults and requests, and whether anything was lost.
TALLY: dict[str, int] = {"bad inputs": 0, "faults": 0, "stops": 0, "requests": 0, "documents checked": 0,
                         "documents lost": 0}


def tally(what: str, n: int = 1) -> None:
    TALLY[what] = TALLY.get(what, 0) + n


def documents_lost(data: Path, expected: dict[str, tuple[str | None, int]]) -> int:
    """Documents of a clean run that the data dir `data` lacks or holds other than whole (tallied)."""
    store, release = open_data_dir(data)
    try:
        got = document_degrees(store)
    finally:
        release()
    lost = sum(got.get(doc) != whole for doc, whole in expected.items())
    tally("documents checked", len(expected))
    tally("documents lost", lost)
    return lost
