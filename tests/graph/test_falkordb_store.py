"""FalkorDBStore: read-only enforcement, errors, search ranking, shortest paths, schema."""

from __future__ import annotations

import pytest

from citykg.extract.records import DocumentRecord
from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.loader import load_records
from citykg.graph.store import QueryError, QueryTimeout, QueryTooBig, ReadOnlyViolation


@pytest.fixture
def loaded(store: FalkorDBStore, sample_records: list[DocumentRecord]) -> FalkorDBStore:
    load_records(store, sample_records)
    return store


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (:Entity {id: 'x'})",
        "MATCH (e:Entity) SET e.name = 'hacked'",
        "MATCH (e:Entity) DETACH DELETE e",
        "MERGE (e:Entity {id: 'y'}) RETURN e",
    ],
)
def test_read_refuses_every_kind_of_write(loaded: FalkorDBStore, query: str) -> None:
    before = loaded.counts()
    with pytest.raises(ReadOnlyViolation, match="only read-only queries"):
        loaded.read(query)
    assert loaded.counts() == before
    assert loaded.read("MATCH (e:Entity {id: 'ministry:molit'}) RETURN e.name AS n") == [{"n": "국토교통부"}]


def test_timeout_and_syntax_errors_are_mapped(store: FalkorDBStore) -> None:
    with pytest.raises(QueryTimeout, match="time limit of 1 ms"):
        # many small records: FalkorDB checks its timeout between records (a 20M-element range is
        # one allocation past the per-query memory cap instead: QueryTooBig)
        store.read("UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y WITH x WHERE (x + y) % 7 = 3 "
                   "RETURN count(x)", timeout_ms=1)
    with pytest.raises(QueryTooBig, match="QUERY_MEM_CAPACITY"):
        store.read("UNWIND range(1, 20000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", timeout_ms=1000)
    with pytest.raises(QueryError, match="Invalid input"):
        store.read("MATCH (n RETURN n")


def test_rows_are_plain_dicts(loaded: FalkorDBStore) -> None:
    row = loaded.read("MATCH p = (c:City {id: 'city:incheon'})-[r:CERTIFIED]->(x) RETURN c, r, p, labels(c) AS l")[0]
    assert row["c"]["name"] == "인천광역시" and set(row["c"]["_labels"]) == {"Entity", "City"}
    assert row["r"]["_type"] == "CERTIFIED" and row["r"]["year"] == 2022
    assert [n["id"] for n in row["p"]["nodes"]] == ["city:incheon", "cert:smart-city"]
    assert row["p"]["relationships"][0]["_type"] == "CERTIFIED"


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("세종", "세종특별자치시"),  # Korean partial name (prefix)
        ("국토부", "국토교통부"),  # alias
        ("lg cns", "LG CNS"),  # case and spaces ignored
        ("LGCNS", "LG CNS"),
        ("달서", "대구광역시 달서구"),  # inside the name
        ("발전방향", "스마트시티 발전방향"),
    ],
)
def test_search_finds_partial_korean_names_and_aliases(loaded: FalkorDBStore, q: str, first: str) -> None:
    hits = loaded.search_entities(q)
    assert hits and hits[0]["name"] == first
    assert set(hits[0]) == {"id", "name", "type", "aliases", "score"}


def test_search_ranks_exact_then_prefix_then_alias_then_substring(store: FalkorDBStore) -> None:
    store.write(
        "UNWIND $rows AS r CREATE (e:Entity:Program {id: r.id, name: r.name, aliases: r.aliases, "
        "search_text: r.st})",
        {"rows": [
            {"id": "contains", "name": "서울 스마트시티 계획", "aliases": [], "st": "서울스마트시티계획"},
            {"id": "alias", "name": "도시재생", "aliases": ["스마트시티"], "st": "도시재생\n스마트시티"},
            {"id": "prefix", "name": "스마트시티 챌린지", "aliases": [], "st": "스마트시티챌린지"},
            {"id": "exact", "name": "스마트시티", "aliases": [], "st": "스마트시티"},
        ]},
    )  # fmt: skip
    hits = store.search_entities("스마트시티")
    assert [h["id"] for h in hits] == ["exact", "prefix", "alias", "contains"]
    assert [h["id"] for h in store.search_entities("스마트시티", limit=2, offset=1)] == ["prefix", "alias"]


def test_search_label_filter(loaded: FalkorDBStore) -> None:
    assert {h["type"] for h in loaded.search_entities("시", label="City")} == {"City"}
    assert loaded.search_entities("세종", label="Company") == []
    with pytest.raises(ValueError, match="unknown entity type"):
        loaded.search_entities("세종", label="City) DETACH DELETE (e")
    assert loaded.search_entities("   ") == []


def test_shortest_paths_are_undirected_and_skip_documents(loaded: FalkorDBStore) -> None:
    # LG CNS -> 스마트시티 발전방향 <- 국토교통부 (LEADS): two hops, one against the stored direction
    paths = loaded.shortest_paths("company:lg-cns", "ministry:molit")
    assert paths and all(len(p) == len(paths[0]) for p in paths)
    assert len(paths[0]) == 2
    hops = {(h["source"]["id"], h["type"], h["target"]["id"]) for p in paths for h in p}
    assert ("ministry:molit", "LEADS", "program:smartcity-direction") in hops  # stored direction kept
    assert all("Document" not in h["source"]["_labels"] + h["target"]["_labels"] for p in paths for h in p)
    assert paths[0][0]["properties"]["evidence"]


def test_shortest_paths_respect_max_hops_and_missing_ends(loaded: FalkorDBStore) -> None:
    # 인천광역시 reaches 세종특별자치시 only through 국토교통부: CERTIFIED/ISSUED_BY... needs 3 hops
    assert loaded.shortest_paths("city:incheon", "city:sejong", max_hops=1) == []
    longer = loaded.shortest_paths("city:incheon", "city:sejong", max_hops=4)
    assert longer and len(longer[0]) == 2  # 인천 <-SELECTED- 국토교통부 <-PARTNERS_WITH- 세종
    assert loaded.shortest_paths("city:incheon", "no:such-entity") == []
    assert loaded.shortest_paths("city:incheon", "city:incheon") == []


def test_ensure_schema_is_idempotent_and_enforces_unique_ids(store: FalkorDBStore) -> None:
    store.ensure_schema()
    store.ensure_schema()
    constraints = store.read("CALL db.constraints() YIELD label, properties RETURN label, properties")
    assert {(c["label"], tuple(c["properties"])) for c in constraints} >= {
        ("Entity", ("id",)),
        ("Document", ("id",)),
    }
    store.write("CREATE (:Entity {id: 'same'})")
    with pytest.raises(QueryError, match="uniqueness"):
        store.write("CREATE (:Entity {id: 'same'})")
    ft = store.read("CALL db.idx.fulltext.queryNodes('Entity', 'same') YIELD node RETURN count(node) AS c")
    assert ft == [{"c": 0}]  # the full-text index exists (no name set on that node)


def test_clear_deletes_the_graph(loaded: FalkorDBStore) -> None:
    assert loaded.counts()["nodes"] > 0
    loaded.clear()
    loaded.clear()  # clearing an absent graph is fine
    assert loaded.counts() == {"nodes": 0, "relationships": 0}


def test_parameters_round_trip_unchanged(store: FalkorDBStore) -> None:
    """Strings with quotes, backslashes, newlines and tabs, nested lists and maps, as parameters."""
    value = {
        "text": "He said \"스마트시티\"\n\t- C:\\data\\x\r\n'quoted' `tick`",
        "nums": [1, -2, 3.25, 1e-7],
        "flags": [True, False],
        "nested": {"a": [{"b": None}]},
    }
    assert store.read("RETURN $v AS v", {"v": value}) == [{"v": value}]


@pytest.mark.parametrize(("a", "b"), [("ministry:molit", "company:lg-cns"), ("company:lg-cns", "ministry:molit")])
def test_paths_run_from_the_source_to_the_target(loaded: FalkorDBStore, a: str, b: str) -> None:
    """Whichever end the search starts from, hops are listed from `a` to `b`, each in its stored direction."""
    for path in loaded.shortest_paths(a, b):
        ends = [{h["source"]["id"], h["target"]["id"]} for h in path]
        assert a in ends[0] and b in ends[-1]
        assert all(ends[i] & ends[i + 1] for i in range(len(ends) - 1))  # consecutive hops share a node


def test_async_reads_answer_and_fail_like_sync_reads(loaded: FalkorDBStore) -> None:
    """The REST API's reads (aread on the event loop): same rows, same refusals, same limits."""
    import asyncio

    query = "MATCH p = (c:City {id: 'city:incheon'})-[r:CERTIFIED]->(x) RETURN c, r, p, labels(c) AS l"

    async def run() -> None:
        assert await loaded.aread(query) == loaded.read(query)
        assert await loaded.asearch_entities("국토부", limit=3) == loaded.search_entities("국토부", limit=3)
        with pytest.raises(ReadOnlyViolation, match="only read-only queries"):
            await loaded.aread("MATCH (e:Entity) SET e.name = 'hacked'")
        with pytest.raises(QueryTimeout, match="time limit of 1 ms"):
            await loaded.aread("UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y WITH x WHERE (x + y) % 7 = 3 "
                               "RETURN count(x)", timeout_ms=1)  # fmt: skip
        with pytest.raises(QueryError, match="Invalid input"):
            await loaded.aread("MATCH (n RETURN n")
        await loaded.aclose()

    asyncio.run(run())
    asyncio.run(run())  # a new event loop gets a client of its own
    assert loaded.read("MATCH (e:Entity {id: 'ministry:molit'}) RETURN e.name AS n") == [{"n": "국토교통부"}]


def test_async_read_of_a_graph_never_written_is_empty(falkordb_server) -> None:
    import asyncio
    import uuid

    st = FalkorDBStore(falkordb_server.host, falkordb_server.port, f"never_{uuid.uuid4().hex[:8]}",
                       password=falkordb_server.password)  # fmt: skip
    try:
        assert asyncio.run(st.aread("MATCH (n:Entity) RETURN n.id AS id")) == []
    finally:
        st.clear()
        st.close()
