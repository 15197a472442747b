"""Neo4jStore's code path (official `neo4j` driver) against FalkorDB's experimental Bolt endpoint.

No Neo4j server can run here (see DESIGN.md), so the driver talks to the embedded FalkorDB's
BOLT_PORT. What that endpoint cannot do is skipped with the reason; see graph/neo4j_store.py for
the checked facts. A server of its own for this module: an over-long Bolt parameter crashes
FalkorDB, which must not take the session's server down with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from citykg.extract.records import DocumentRecord
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.loader import load_records
from citykg.graph.neo4j_store import Neo4jStore, lucene_prefix, schema_statements
from citykg.graph.store import QueryError, ReadOnlyViolation

# Over Bolt, FalkorDB runs a managed transaction's queries on the graph named "falkordb"
BOLT_GRAPH = "falkordb"
# Parameters are spliced into the query text with a fixed 4 KB buffer: keep each statement small.
BOLT_BATCH_ROWS = 1


@pytest.fixture(scope="module")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerInfo]:
    server = EmbeddedServer(tmp_path_factory.mktemp("bolt"), bolt=True)
    info = server.start()
    yield info
    server.stop()


@pytest.fixture(scope="module")
def neo(bolt_server: ServerInfo) -> Iterator[Neo4jStore]:
    """One driver for the module: the endpoint may stall the handshake of a connection that
    follows a closed one, so the tests share a single pooled connection."""
    st = Neo4jStore(f"bolt://{bolt_server.host}:{bolt_server.bolt_port}", password="", batch_rows=BOLT_BATCH_ROWS)
    st.verify()
    yield st
    st.close()


@pytest.fixture
def bolt(neo: Neo4jStore, bolt_server: ServerInfo) -> Iterator[Neo4jStore]:
    neo.clear()
    yield neo
    redis.Redis(port=bolt_server.port, password=bolt_server.password).execute_command("GRAPH.DELETE", BOLT_GRAPH)


def bolt_safe(records: list[DocumentRecord]) -> list[DocumentRecord]:
    """The sample records without apostrophes (FalkorDB's Bolt splices strings unescaped)."""
    return [DocumentRecord.model_validate_json(r.to_json().replace("'", "’")) for r in records]


def test_read_write_and_the_graph_bolt_uses(bolt: Neo4jStore, bolt_server: ServerInfo) -> None:
    bolt.write("CREATE (:Entity:City {id: $id, name: $name})", {"id": "city:sejong", "name": "세종특별자치시"})
    assert bolt.read("MATCH (c:City) RETURN c.name AS name, c") == [
        {
            "name": "세종특별자치시",
            "c": {"id": "city:sejong", "name": "세종특별자치시", "_labels": ["City", "Entity"]},
        }
    ]
    # the same data through the Redis protocol: it is the graph named "falkordb"
    r = redis.Redis(port=bolt_server.port, password=bolt_server.password, decode_responses=True)
    rows = r.execute_command("GRAPH.RO_QUERY", BOLT_GRAPH, "MATCH (c:City) RETURN c.id")[1]
    assert rows == [["city:sejong"]]
    assert bolt.counts() == {"nodes": 1, "relationships": 0}


def test_unwind_merge_loader_round_trip_is_idempotent(bolt: Neo4jStore, sample_records: list[DocumentRecord]) -> None:
    records = bolt_safe(sample_records)
    first = load_records(bolt, records)
    assert not first.failures and first.documents == 3
    counts = bolt.counts()
    evidence = bolt.read("MATCH (v:Evidence) RETURN count(v) AS n")[0]["n"]
    assert counts["nodes"] - evidence == 13 and evidence > 0
    again = load_records(bolt, records)
    assert again.skipped_unchanged == 3 and bolt.counts() == counts
    rel = bolt.read("MATCH (:Entity {id: 'city:sejong'})-[r:SELECTED]->(:Entity {id: 'company:lg-cns'}) RETURN r")[0][
        "r"
    ]
    assert rel["_type"] == "SELECTED" and rel["count"] == 1 and rel["role"] == "우선협상대상자"


def test_replacement_over_bolt(bolt: Neo4jStore, sample_records: list[DocumentRecord]) -> None:
    records = bolt_safe(sample_records)
    load_records(bolt, records)
    doc2 = records[1]
    data = doc2.model_dump(mode="json")
    data["relations"] = [r for r in data["relations"] if r["type"] != "SELECTED"]
    summary = load_records(bolt, [DocumentRecord.model_validate(data)])
    assert summary.replaced == 1
    assert bolt.read("MATCH ()-[r:SELECTED]->() RETURN count(r) AS c") == [{"c": 1}]  # only 003's remains


def test_search_falls_back_to_substring_match(bolt: Neo4jStore, sample_records: list[DocumentRecord]) -> None:
    load_records(bolt, bolt_safe(sample_records))
    # db.index.fulltext.queryNodes does not exist there: the CONTAINS ranking answers
    with pytest.raises(QueryError):
        bolt.read("CALL db.index.fulltext.queryNodes('entity_names', 'x') YIELD node RETURN node")
    assert bolt.search_entities("세종")[0]["name"] == "세종특별자치시"
    assert bolt.search_entities("국토부")[0]["name"] == "국토교통부"
    assert {h["name"] for h in bolt.search_entities("시", label="City")} == {
        "세종특별자치시",
        "인천광역시",
        "대구광역시 달서구",
    }


def test_shortest_paths(bolt: Neo4jStore, sample_records: list[DocumentRecord]) -> None:
    load_records(bolt, bolt_safe(sample_records))
    try:
        paths = bolt.shortest_paths("company:lg-cns", "ministry:molit")
    except QueryError as e:
        # (over Redis, FalkorDB says: "Source and destination must already be resolved to call
        # allShortestPaths"; it has undirected shortest paths only as algo.SPpaths)
        pytest.skip(f"FalkorDB does not run Neo4j's allShortestPaths query: {e}")
    assert paths and len(paths[0]) == 2


def test_read_transactions_refuse_writes(bolt: Neo4jStore) -> None:
    try:
        bolt.read("CREATE (:Entity {id: 'should-not-exist'})")
    except ReadOnlyViolation:
        return  # what Neo4j does
    leaked = bolt.read("MATCH (e:Entity {id: 'should-not-exist'}) RETURN count(e) AS c")[0]["c"]
    pytest.skip(
        "FalkorDB's Bolt endpoint ignores the READ access mode of BEGIN "
        f"(the write went through: {leaked} node); Neo4j enforces it, "
        "and the embedded store enforces it with GRAPH.RO_QUERY"
    )


def test_schema_statements(bolt: Neo4jStore) -> None:
    from citykg.extract.records import ENTITY_TYPES

    stmts = schema_statements()
    for label in (*ENTITY_TYPES, "Entity", "Document"):
        assert any(f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in s for s in stmts), label
    assert any(s.startswith("CREATE FULLTEXT INDEX entity_names") for s in stmts)
    assert all("IF NOT EXISTS" in s for s in stmts)  # re-applying is a no-op
    try:
        bolt.ensure_schema()
    except QueryError as e:
        pytest.skip(f"FalkorDB does not take Neo4j's CREATE CONSTRAINT ... REQUIRE syntax: {e}")


def test_lucene_prefix_escapes_special_characters() -> None:
    assert lucene_prefix("lgcns") == "lgcns*"
    assert lucene_prefix("a+b(c)") == "a\\+b\\(c\\)*"


def test_bolt_port_is_reachable_only_locally(bolt_server: ServerInfo) -> None:
    assert bolt_server.host == "127.0.0.1"
    assert Path(bolt_server.data_dir).is_dir()


def test_read_timeout(bolt: Neo4jStore) -> None:
    from citykg.graph.store import QueryTimeout

    try:
        bolt.read("UNWIND range(1, 3000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c", timeout_ms=1)
    except QueryTimeout:
        return  # what Neo4j does with the transaction timeout
    pytest.skip("FalkorDB's Bolt endpoint ignores the transaction timeout sent in BEGIN (tx_timeout)")
