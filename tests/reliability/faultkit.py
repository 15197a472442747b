"""Helpers of the reliability suite: a graph fingerprint to compare stores after faults."""

from __future__ import annotations

import hashlib

from citykg.graph.store import GraphStore


def graph_fingerprint(store: GraphStore) -> tuple[int, int, str]:
    """(nodes, relationships, sha256 of every node id and name and every edge key)."""
    nodes = store.read("MATCH (n) RETURN coalesce(n.id, '') AS id, coalesce(n.name, '') AS name")
    edges = store.read(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, '') AS a, type(r) AS t, coalesce(b.id, '') AS b"
    )
    keys = sorted(f"N|{r['id']}|{r['name']}" for r in nodes) + sorted(f"E|{r['a']}|{r['t']}|{r['b']}" for r in edges)
    return len(nodes), len(edges), hashlib.sha256("\n".join(keys).encode()).hexdigest()
