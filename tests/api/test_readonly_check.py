"""The text pre-check of read-only Cypher (the store's read-only mode is tested in test_cypher.py)."""

from __future__ import annotations

import pytest

from citykg.api.readonly import check_read_only, strip_literals
from citykg.graph.store import ReadOnlyViolation

READS = [
    "MATCH (n:Entity) RETURN n.name LIMIT 5",
    "MATCH (n) WHERE n.name = 'CREATE (x)' RETURN n",  # a keyword inside a string is data
    'MATCH (n) WHERE n.note = "set; delete" RETURN n.id',
    "// CREATE is mentioned in a comment only\nMATCH (n) RETURN count(n)",
    "MATCH (n) RETURN n.created_at, n.offset, n.settings",  # property names that contain keywords
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (n) RETURN n;",
    "MATCH (n) RETURN n.`set` AS s",
]


@pytest.mark.parametrize("query", READS)
def test_reads_pass(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("CREATE (n:X)", "CREATE"),
        ("match (n) detach delete n", "DETACH"),
        ("MATCH (n)\nSET\n  n.x = 1", "SET"),
        ("/* harmless */ MERGE (n:X {id: 1})", "MERGE"),
        ("RETURN 1; CREATE (n)", "one statement"),
        ("LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r", "LOAD CSV"),
        ("CALL db.idx.fulltext.drop('Entity')", "db.idx.fulltext.drop"),
        ("CALL dbms.security.createUser('x', 'y', false)", "dbms.security.createUser"),
        ("   ", "empty"),
    ],
)
def test_writes_are_named_in_the_refusal(query: str, named: str) -> None:
    with pytest.raises(ReadOnlyViolation, match=named):
        check_read_only(query)


def test_strip_literals_keeps_structure() -> None:
    assert (
        strip_literals("MATCH (n {name: 'CREATE'}) // DELETE\nRETURN n") == "MATCH (n {name: ''})  \nRETURN n"
    )
