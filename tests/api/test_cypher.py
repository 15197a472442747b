"""POST /cypher: reads with a row cap and a time limit; every write refused, the graph unchanged."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citykg.api.app import create_app
from citykg.api.config import ApiSettings
from citykg.graph.store import QueryError, ReadOnlyViolation

WRITES = [
    "CREATE (n:Entity {id: 'x'})",
    "create (n:Entity {id: 'x'}) return n",
    "MERGE (n:Entity {id: 'ministry:국토교통부'}) SET n.name = 'hacked'",
    "MATCH (n:Entity) SET n.name = 'hacked'",
    "MATCH (n:Entity)\n  SET\n    n.flag = true\nRETURN count(n)",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "match (n) detach delete n",
    "MATCH (n:Entity) REMOVE n.name",
    "MATCH (n:Entity) REMOVE n:Entity",
    "DROP INDEX ON :Entity(id)",
    "CREATE INDEX FOR (n:Entity) ON (n.name)",
    "CREATE CONSTRAINT FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "LOAD CSV FROM 'file:///etc/passwd' AS row CREATE (:Leak {line: row})",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row RETURN row",
    "MATCH (n:Entity) WITH collect(n) AS ns FOREACH (x IN ns | SET x.name = 'hacked')",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "CALL db.idx.fulltext.drop('Entity')",
    "CALL dbms.security.createUser('eve', 'pw', false)",
    "RETURN 1; MATCH (n) DETACH DELETE n",
    "RETURN 1;\nCREATE (n:Entity {id: 'y'})",
    "// just a comment\nMATCH (n) DETACH DELETE n",
    "/* read only, promise */ MATCH (n:Entity) SET n.name = 'hacked'",
    "MATCH (n:Entity) /* x */ DeTaCh /* y */ DeLeTe n",
    "UNWIND range(1, 3) AS i MERGE (:Spam {i: i})",
    "MATCH (a:Entity), (b:Entity) CREATE (a)-[:LEADS]->(b)",
    "MATCH ()-[r]->() DELETE r",
    "CALL { CREATE (n:X) } RETURN 1",
]

CHECKSUM = """MATCH (n) OPTIONAL MATCH (n)-[r]->()
RETURN count(DISTINCT n) AS nodes, count(r) AS rels,
       sum(size(coalesce(n.name, ''))) AS name_chars, collect(DISTINCT n.name)[0..3] AS sample"""


def snapshot(store) -> tuple:
    row = store.read(CHECKSUM)[0]
    names = sorted(r["name"] or "" for r in store.read("MATCH (n) RETURN n.name AS name"))
    return store.counts(), row["nodes"], row["rels"], row["name_chars"], hash(tuple(names))


def test_reads_return_rows_and_columns(client: TestClient) -> None:
    r = client.post(
        "/cypher",
        json={
            "query": "MATCH (m:Ministry) WHERE m.name = $name RETURN m.name AS name, m.id AS id",
            "params": {"name": "국토교통부"},
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert body["columns"] == ["name", "id"] and body["rows"][0]["name"] == "국토교통부"
    assert body["truncated"] is False


def test_row_cap(client: TestClient) -> None:
    body = client.post("/cypher", json={"query": "UNWIND range(1, 500) AS i RETURN i", "limit": 7}).json()
    assert len(body["rows"]) == 7 and body["truncated"] is True
    capped = client.post("/cypher", json={"query": "UNWIND range(1, 500) AS i RETURN i"}).json()
    assert len(capped["rows"]) == 200 and capped["truncated"], "the server cap (max_limit=200) applies"


def test_time_limit(sample_store) -> None:
    with TestClient(create_app(store=sample_store, settings=ApiSettings(query_timeout_ms=50))) as c:
        r = c.post(
            "/cypher",
            # many small records (FalkorDB checks its timeout between records), little memory
            json={"query": "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j WITH i WHERE (i + j) % 7 = 3 "
                  "RETURN count(i)"},
        )
    assert r.status_code == 504, r.text
    assert r.json()["error"]["code"] == "timeout"


def test_invalid_cypher_is_400(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_query"


def test_every_write_is_refused_and_the_graph_is_unchanged(client: TestClient, sample_store) -> None:
    before = snapshot(sample_store)
    for query in WRITES:
        r = client.post("/cypher", json={"query": query})
        assert r.status_code in (400, 403), f"{query!r} was not refused: {r.status_code} {r.text}"
        assert r.json()["error"]["code"] in ("read_only", "bad_query")
    assert snapshot(sample_store) == before
    assert len(WRITES) >= 20


@pytest.mark.parametrize("query", [q for q in WRITES if ";" not in q and "LOAD CSV" not in q])
def test_the_store_itself_refuses_writes(sample_store, query: str) -> None:
    """Without the text pre-check, the store's read-only execution is still the guarantee."""
    before = snapshot(sample_store)
    # ReadOnlyViolation, or QueryError for syntax this store does not have (CREATE CONSTRAINT on FalkorDB).
    with pytest.raises((ReadOnlyViolation, QueryError)):
        sample_store.read(query)
    assert snapshot(sample_store) == before
