"""What a loaded graph is, in a few numbers: counts, a checksum of names and edge keys, and the
largest property array (hub nodes and edges must stay small, whatever the number of documents).

Used by tests and benchmarks to compare two loads (incremental vs bulk) and to watch hubs. The
graph is read in pages of internal node ids, so no single read holds the whole graph; the checksum
is a sum of per-item hashes, so it does not depend on the order the store returns them in.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citykg.graph.store import GraphStore

PAGE = 20_000  # internal node ids per read

NODES = """
MATCH (n) WHERE id(n) >= $lo AND id(n) < $hi
RETURN labels(n) AS labels, n.id AS id, n.name AS name, n.doc_id AS doc_id, n.rel_key AS rel_key,
       n.start AS start, n.doc_count AS n{extra}"""

EDGES = """
MATCH (a)-[r]->(b) WHERE id(a) >= $lo AND id(a) < $hi
RETURN type(r) AS type, a.id AS a, coalesce(b.id, b.rel_key + '@' + b.doc_id + ':' + toString(b.start)) AS b,
       r.count AS n, r.first_seen AS first, r.last_seen AS last{extra}"""


@dataclass
class GraphSummary:
    nodes: int = 0
    relationships: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    checksum: str = ""
    largest_array: int = 0  # items in the longest list property of any node or relationship
    largest_array_at: str = ""

    def same_graph(self, other: GraphSummary) -> bool:
        return (self.nodes, self.relationships, self.labels, self.types, self.checksum) == (
            other.nodes, other.relationships, other.labels, other.types, other.checksum,
        )  # fmt: skip


def _h(*parts: Any) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()[:16], "big")


def graph_summary(store: GraphStore, *, arrays: bool = True, page: int = PAGE) -> GraphSummary:
    """Counts by label and type, a checksum of node names and ids and of edge keys (with each
    relation's count and first/last dates), and, if `arrays`, the largest list property."""
    out = GraphSummary()
    top = store.read("MATCH (n) RETURN max(id(n)) AS m")[0]["m"]
    total = 0
    for lo in range(0, (top if top is not None else -1) + 1, page):
        params = {"lo": lo, "hi": lo + page}
        for row in store.read(NODES.format(extra=", n AS node" if arrays else ""), params):
            labels = sorted(row["labels"])
            out.nodes += 1
            out.labels.update(labels)
            total += _h("n", labels, row["id"], row["name"], row["doc_id"], row["rel_key"], row["start"], row["n"])
            if arrays:
                _arrays(out, row["node"], f"node {row['id'] or row['rel_key']}")
        for row in store.read(EDGES.format(extra=", r AS rel" if arrays else ""), params):
            out.relationships += 1
            out.types[row["type"]] += 1
            total += _h("r", row["type"], row["a"], row["b"], row["n"], row["first"], row["last"])
            if arrays:
                _arrays(out, row["rel"], f"{row['a']} -{row['type']}-> {row['b']}")
    out.checksum = f"{total % (1 << 128):032x}"
    return out


def _arrays(out: GraphSummary, props: dict[str, Any], where: str) -> None:
    for key, value in props.items():
        if isinstance(value, list) and len(value) > out.largest_array:
            out.largest_array, out.largest_array_at = len(value), f"{where}.{key}"
