"""Helpers of the reliability suite: a graph fingerprint to compare stores after faults, the CLI,
records as JSON Lines, a process's CPU time."""

from __future__ import annotations

import hashlib
import json
import os
import sys
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


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CITYKG_DATA_DIR": str(data_dir), **extra}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
