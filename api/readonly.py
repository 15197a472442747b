"""A text pre-check that refuses writing Cypher before it reaches the store.

The guarantee is the store's own read-only execution (`GraphStore.read`: FalkorDB GRAPH.RO_QUERY,
Neo4j read transactions); this layer only gives a clear message early and also refuses what a
read-only engine would still run (LOAD CSV reads server files; several statements in one string).
"""

from __future__ import annotations

import re

from citykg.graph.store import ReadOnlyViolation

# Clauses that change data or schema, or reach outside the graph.
_WRITE_CLAUSES = re.compile(
    r"(?<![.\w$`])(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|ALTER|GRANT|DENY|REVOKE|"
    r"LOAD\s+CSV|USING\s+PERIODIC\s+COMMIT|START\s+DATABASE|STOP\s+DATABASE)(?![\w$`])",
    re.IGNORECASE,
)
_CALL = re.compile(r"(?<![.\w$`])CALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
# Procedures that only read (both stores); any other procedure is refused.
READ_PROCEDURES = frozenset(
    p.lower()
    for p in (
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.indexes",
        "db.constraints",
        "db.idx.fulltext.queryNodes",
        "db.idx.fulltext.queryRelationships",
        "db.index.fulltext.queryNodes",
        "db.index.fulltext.queryRelationships",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "algo.pageRank",
        "algo.BFS",
        "algo.SPpaths",
        "algo.SSpaths",
        "algo.WCC",
        "algo.betweenness",
        "dbms.components",
    )
)
_STRING_OR_COMMENT = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)


def strip_literals(query: str) -> str:
    """The query without comments and with string literals and quoted names blanked."""

    def blank(m: re.Match[str]) -> str:
        s = m.group(0)
        if s.startswith(("//", "/*")):
            return " "
        return s[0] + s[-1] if s[0] in "'\"`" else " "

    return _STRING_OR_COMMENT.sub(blank, query)


def check_read_only(query: str) -> None:
    """Raise ReadOnlyViolation naming the first writing clause found in `query`."""
    text = strip_literals(query)
    if not text.strip():
        raise ReadOnlyViolation("the query is empty")
    body = text.strip().rstrip(";").strip()
    if ";" in body:
        raise ReadOnlyViolation("only one statement per query: remove the ';' and what follows it")
    m = _WRITE_CLAUSES.search(body)
    if m:
        clause = " ".join(m.group(1).upper().split())
        raise ReadOnlyViolation(f"read-only endpoint: {clause} is not allowed (the graph is read-only here)")
    for call in _CALL.finditer(body):
        proc = call.group(1)
        if proc.lower() not in READ_PROCEDURES:
            raise ReadOnlyViolation(
                f"read-only endpoint: procedure {proc} is not on the list of read procedures"
            )
