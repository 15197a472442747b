"""Neo4j-style researcher Cypher on the embedded store: right rows, rewrites, refusals, same everywhere.

The suite (cypher_compat_suite.py) runs through `service.run_readonly_page`, the function behind
`citykg query`, `POST /cypher` and `citykg.connect().query`, on the samples graph; each query's rows
are checked against rows computed in Python from a plain copy of the graph.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from api_testkit import ROOT
from cypher_compat_suite import CASES, REFUSED, REWRITTEN, RUNS, SORTED_LIST_COLUMNS, Case, Snapshot, canon, key_of
from cypher_compat_suite import sort_lists as sorted_lists
from fastapi.testclient import TestClient

from citykg.api import service
from citykg.api.readonly import check_read_only
from citykg.graph.falkordb_cypher import FalkorRenderer, UnsupportedCypher, adapt_query, regex_as_predicate
from citykg.graph.store import QueryError

README = ROOT / "cypher" / "README.md"


@pytest.fixture(scope="module")
def snapshot(sample_store) -> Snapshot:
    return Snapshot.read(sample_store)


def run(store, case: Case) -> tuple[list[dict], list[str]]:
    notes: list[str] = []
    rows, truncated = service.run_readonly_page(store, case.cypher, case.params, limit=10_000, rewrites=notes)
    assert not truncated
    return rows, notes


def comparable(case: Case, rows: list[dict]) -> list[dict]:
    return [canon(r) for r in sorted_lists(rows, *SORTED_LIST_COLUMNS.get(case.id, ()))]


def test_the_suite_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    kinds = " ".join(c.kind for c in CASES)
    for kind in ("ORDER BY", "OPTIONAL MATCH", "variable-length", "shortestPath", "allShortestPaths", "EXISTS",
                 "COUNT", "CALL", "UNWIND", "list comprehension", "CASE", "STARTS WITH", "CONTAINS", "=~", "date",
                 "parameter", "collect", "size", "DISTINCT", "nodes()", "relationships()", "labels()", "type()"):  # fmt: skip
        assert kind in kinds, f"no query of the kind {kind!r}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_researcher_query(case: Case, sample_store, snapshot: Snapshot) -> None:
    if case.outcome == REFUSED:
        with pytest.raises(UnsupportedCypher) as err:
            run(sample_store, case)
        message = str(err.value)
        assert case.construct in message and "Write it as:" in message and "CITYKG_STORE=neo4j" in message
        return
    rows, notes = run(sample_store, case)
    assert bool(notes) == (case.outcome == REWRITTEN), f"rewrites: {notes}"
    if case.check is not None:
        case.check(snapshot, rows, case.params)
        return
    want = comparable(case, case.expect(snapshot))
    got = comparable(case, rows)
    if not case.may_be_empty:
        assert want, f"{case.id}: the samples graph has nothing for this query; the check would be empty"
    if case.ordered:
        assert got == want
    else:
        assert Counter(map(key_of, got)) == Counter(map(key_of, want))


def test_compatibility_target() -> None:
    right = [c for c in CASES if c.outcome in (RUNS, REWRITTEN)]
    assert len(right) >= 36 and len(right) / len(CASES) >= 0.9


def readme_table() -> dict[str, str]:
    """case id -> outcome, from the table of cypher/README.md."""
    rows = re.findall(r"^\| `(\w+)` \|[^|]*\|\s*(runs|rewritten|refused)\b", README.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def test_the_readme_table_is_the_suite() -> None:
    table = readme_table()
    assert table == {c.id: c.outcome for c in CASES}
    text = README.read_text(encoding="utf-8")
    counts = Counter(c.outcome for c in CASES)
    assert f"{len(CASES)} queries" in text
    for outcome in (RUNS, REWRITTEN, REFUSED):
        assert f"{counts[outcome]} {outcome}" in text


def test_no_query_of_the_suite_writes(sample_store) -> None:
    from test_cypher import snapshot as checksum

    before = checksum(sample_store)
    for case in CASES:
        try:
            adapted = adapt_query(case.cypher)
        except UnsupportedCypher:
            continue
        check_read_only(adapted.query)  # raises for any writing clause
        for word in ("CREATE", "MERGE", "SET ", "DELETE", "REMOVE", "FOREACH"):
            assert word not in adapted.query.upper().replace("OFFSET", "")
        sample_store.read(adapted.query, case.params)  # the store's read-only execution accepts it
    assert checksum(sample_store) == before


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome == RUNS], ids=lambda c: c.id)
def test_rendering_keeps_the_meaning(case: Case, sample_store) -> None:
    """A rewritten query is printed again from its parsed form: for every query that runs as written,
    the printed form gives the same rows under the same column names."""
    from cypherast.dialects import get_dialect

    from citykg.graph.falkordb_cypher import _keep_column_names

    tree = get_dialect("neo4j5").parser(case.cypher).parse()
    _keep_column_names(tree, case.cypher)
    printed = FalkorRenderer().generate(tree)
    original = sample_store.read(case.cypher, case.params)
    again = sample_store.read(printed, case.params)
    if case.ordered:
        assert comparable(case, again) == comparable(case, original)
    else:
        assert Counter(map(key_of, comparable(case, again))) == Counter(map(key_of, comparable(case, original)))


# --------------------------------------------------------------------------- the rewriter on its own


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MATCH (n) WHERE (n.a = 1 OR n.b = 2) AND n.c = 3 EXISTS { (n)-->() } RETURN n", None),
        ("MATCH (n) WHERE (n.a = 1 OR n.b = 2) AND EXISTS { (n)-->() } RETURN n",
         "MATCH (n) WHERE ((n.a = 1) OR (n.b = 2)) AND ((n)-->()) RETURN n"),
        ("MATCH (n) WHERE EXISTS { (n)-[:R]->(m:X) } RETURN -(1 - 2) AS x", "MATCH (n) WHERE ((n)-[:R]->(:X)) RETURN -(1 - 2) AS x"),
        ("MATCH (c) WHERE EXISTS { (c)<--(p) } RETURN count( c )",
         "MATCH (c) WHERE ((c)<--()) RETURN count(c) AS `count( c )`"),
        ("MATCH (c) CALL (c) { MATCH (c)-->(x) RETURN count(x) AS n } RETURN n",
         "MATCH (c) CALL { WITH c MATCH (c)-->(x) RETURN count(x) AS n } RETURN n"),
    ],
)  # fmt: skip
def test_rewrites_keep_precedence_and_column_names(query: str, expected: str | None) -> None:
    if expected is None:  # not Cypher: left to the store's own parser
        assert adapt_query(query).query == query
        return
    assert adapt_query(query).query == expected


def test_a_query_that_needs_nothing_is_untouched() -> None:
    q = "MATCH (m:Ministry)  // comment\n RETURN m.name, count( * )"
    assert adapt_query(q).query == q and adapt_query(q).rewrites == ()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (".*시", "n.name ENDS WITH '시'"),
        ("^서울.*$", "n.name STARTS WITH '서울'"),
        (".*스마트.*", "n.name CONTAINS '스마트'"),
        ("LG CNS", "n.name = 'LG CNS'"),
        ("(?i).*Lg.*", "toLower(n.name) CONTAINS 'lg'"),
        ("(서울|부산).*", "(n.name STARTS WITH '서울') OR (n.name STARTS WITH '부산')"),
        (r"LG\.CNS", "n.name = 'LG.CNS'"),
        ("[0-9]+", None),
        ("a.c", None),
        ("a(b|c)d", None),
    ],
)
def test_regex_forms(pattern: str, expected: str | None) -> None:
    from cypherast import ast

    subject = ast.Property(this=ast.Identifier(this="n"), name="name")
    got = regex_as_predicate(subject, pattern)
    assert (FalkorRenderer().generate(got) if got is not None else None) == expected


@pytest.mark.parametrize(
    ("query", "construct"),
    [
        ("MATCH (c) WHERE EXISTS { MATCH (c)-->(x) MATCH (x)-->(y) } RETURN c", "EXISTS { ... } with more than one"),
        ("OPTIONAL MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "in OPTIONAL MATCH"),
        ("MATCH p = shortestPath((a)-[*0..3]-(b)) RETURN p", "minimum length of 0"),
        ("MATCH p = shortestPath((a)-[:R*..3 {x: 1}]-(b)) RETURN p", "relationship properties"),
        ("MATCH (n) WHERE n.name =~ $re RETURN n", "=~ with a regular expression that is not a literal"),
        ("RETURN apoc.text.join(['a'], ',') AS x", "apoc.text.join()"),
        ("MATCH ((a)-[:R]->(b)){1,3} RETURN a", "quantified path pattern"),
        ("MATCH (c) OPTIONAL MATCH (c)-->(x) WHERE EXISTS { MATCH (x)-->(y) WHERE y.k = 1 } RETURN c",
         "OPTIONAL MATCH"),
    ],
)  # fmt: skip
def test_refusals_name_the_construct_and_the_working_form(query: str, construct: str) -> None:
    with pytest.raises(UnsupportedCypher) as err:
        adapt_query(query)
    assert construct in str(err.value) and "Write it as:" in str(err.value)
    assert isinstance(err.value, QueryError)  # a 400 on the API, exit status 1 on the CLI


# --------------------------------------------------------------------------- same surface everywhere

SHORTEST = "MATCH p = shortestPath((a {name: $a})-[*..4]-(b {name: $b})) RETURN length(p) AS hops"
EXISTS = "MATCH (c:City) WHERE EXISTS { MATCH (c)<-[:IMPLEMENTED_IN]-(:Program) } RETURN count(c) AS n"
REGEX_CLASS = "MATCH (c:City) WHERE c.name =~ '[가-힣]+시' RETURN c.name"


def test_post_cypher_rewrites_and_refuses(client: TestClient, sample_store) -> None:
    want = service.run_readonly(sample_store, EXISTS)
    r = client.post("/cypher", json={"query": EXISTS})
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == want and r.json()["rewrites"] == ["EXISTS { pattern } → pattern predicate"]
    r = client.post("/cypher", json={"query": SHORTEST, "params": {"a": "국토교통부", "b": "LG CNS"}})
    assert r.status_code == 200 and r.json()["rows"][0]["hops"] >= 1 and r.json()["rewrites"]
    r = client.post("/cypher", json={"query": REGEX_CLASS})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_query"
    assert "=~" in r.json()["error"]["message"] and "ENDS WITH" in r.json()["error"]["message"]
    plain = client.post("/cypher", json={"query": "MATCH (m:Ministry) RETURN count(m) AS n"}).json()
    assert plain["rewrites"] == []


def test_citykg_query_rewrites_and_refuses(cli_env, sample_store) -> None:
    from typer.testing import CliRunner

    from citykg.api.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["query", "--json", SHORTEST, "-p", "a=국토교통부", "-p", "b=LG CNS"], env=cli_env)
    assert r.exit_code == 0, r.output
    assert '"hops"' in r.stdout and "note: rewritten for the embedded store: shortestPath in MATCH" in r.stderr
    r = runner.invoke(app, ["query", REGEX_CLASS], env=cli_env)
    assert r.exit_code == 1 and "=~ '[가-힣]+시' is not supported" in r.stderr and "Write it as:" in r.stderr
