"""`citykg query`, `citykg path` and `citykg stats` against the session's running store."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from api_testkit import ROOT
from typer.testing import CliRunner

from citykg.api.cli import app
from citykg.api.queries import load_library


@pytest.fixture(scope="module")
def cli(cli_env, sample_store):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), env=cli_env)

    return invoke


def test_query_json_and_table(cli) -> None:
    r = cli(
        "query",
        "MATCH (m:Ministry) WHERE m.name = $name RETURN m.name AS name, m.id AS id",
        "--param",
        "name=국토교통부",
        "--json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows == [{"name": "국토교통부", "id": rows[0]["id"]}]
    table = cli("query", "MATCH (m:Ministry) RETURN m.name AS name ORDER BY name")
    assert table.exit_code == 0 and "국토교통부" in table.stdout and "name" in table.stdout


def test_query_file_from_the_library_uses_its_defaults(cli) -> None:
    text = (ROOT / "cypher" / "queries" / "publishers.cypher").read_text(encoding="utf-8")
    r = cli("query", text, "--json")
    assert r.exit_code == 0, r.output
    assert "국토교통부" in {row["publisher"] for row in json.loads(r.stdout)}


def test_query_refuses_writes(cli, sample_store) -> None:
    before = sample_store.counts()
    r = cli("query", "MATCH (n) DETACH DELETE n")
    assert r.exit_code != 0
    assert "DETACH" in r.output
    assert sample_store.counts() == before


def test_path_by_name(cli) -> None:
    r = cli("path", "국토교통부", "LG CNS", "--json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["paths"] and result["target"]["name"] == "LG CNS"
    text = cli("path", "국토부", "LG CNS", "--max-hops", "4")
    assert text.exit_code == 0 and "Path 1" in text.stdout and "국토교통부" in text.stdout


def test_path_unknown_name_fails_clearly(cli) -> None:
    r = cli("path", "없는이름xyz", "LG CNS")
    assert r.exit_code != 0 and "없는이름xyz" in r.output


def test_stats(cli, sample_store) -> None:
    r = cli("stats", "--json")
    assert r.exit_code == 0, r.output
    stats = json.loads(r.stdout)
    assert stats["nodes"] == sample_store.counts()["nodes"]
    table = cli("stats")
    assert table.exit_code == 0 and "PageRank" in table.stdout


@pytest.mark.parametrize("name", sorted(load_library()))
def test_documented_example_call_works(cli, name: str) -> None:
    """The `@example` line of each query file, as a user would paste it into a shell."""
    example = load_library()[name].example
    m = re.fullmatch(r'citykg query "\$\(cat (\S+)\)"(.*)', example)
    assert m, f'{name}: example should read: citykg query "$(cat cypher/queries/...)" --param k=v'
    text = (ROOT / m.group(1)).read_text(encoding="utf-8")
    r = cli("query", text, *shlex.split(m.group(2)), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout), f"{name}: its example returned no rows"


def test_load_bulk_makes_the_same_graph_and_refuses_a_full_one(
    cli_env, sample_store, sample_jsonl, api_store_settings
) -> None:
    import dataclasses

    from citykg.graph.checksum import graph_summary
    from citykg.graph.connect import open_store

    runner = CliRunner()
    refused = runner.invoke(app, ["load", "--bulk", str(sample_jsonl)], env=cli_env)
    assert refused.exit_code != 0 and "not empty" in refused.output and "citykg load" in refused.output

    env = {**cli_env, "CITYKG_GRAPH": "bulk_cli_test"}
    done = runner.invoke(app, ["load", "--bulk", str(sample_jsonl)], env=env)
    assert done.exit_code == 0, done.output
    assert "loaded 5 document(s)" in done.output
    with open_store(dataclasses.replace(api_store_settings, graph_name="bulk_cli_test")) as bulk:
        try:
            assert graph_summary(bulk).same_graph(graph_summary(sample_store))
        finally:
            bulk.clear()


def test_evidence_pages_through_a_relation(cli, sample_store) -> None:
    row = sample_store.read(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, r.count AS n "
        "ORDER BY n DESC, a, t, b LIMIT 1"
    )[0]
    total = sample_store.read(
        "MATCH (v:Evidence {rel_key: $k}) RETURN count(v) AS n", {"k": f"{row['a']}\t{row['t']}\t{row['b']}"}
    )[0]["n"]
    first = cli("evidence", row["a"], row["t"], row["b"], "--limit", "1", "--json")
    assert first.exit_code == 0, first.output
    page = json.loads(first.stdout)
    assert page["total"] == total and len(page["items"]) == 1
    every = cli("evidence", row["a"], row["t"], row["b"], "--limit", "1", "--all")
    assert every.exit_code == 0 and every.stdout.count("“") == total
    missing = cli("evidence", row["a"], row["t"], "city:없는시")
    assert missing.exit_code != 0 and "no " in missing.output


def test_export_graphml_and_neo4j_admin(cli, sample_store, tmp_path) -> None:
    import csv

    import networkx as nx

    counts = sample_store.counts()
    out = tmp_path / "samples.graphml"
    r = cli("export", "--format", "graphml", "-o", str(out), "--no-progress")
    assert r.exit_code == 0, r.output
    assert f"exported {counts['nodes']} nodes and {counts['relationships']} relationships as graphml" in r.output
    g = nx.read_graphml(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (counts["nodes"], counts["relationships"])
    assert any(d.get("name") == "국토교통부" and "Ministry" in d["labels"] for _, d in g.nodes(data=True))

    folder = tmp_path / "neo4j"
    r = cli("export", "-f", "neo4j-admin", "-o", str(folder), "--no-progress")
    assert r.exit_code == 0, r.output
    assert "neo4j-admin database import full --nodes=" in r.output and "--array-delimiter='|'" in r.output
    with (folder / "relationships.csv").open(encoding="utf-8", newline="") as f:
        assert sum(1 for _ in csv.reader(f)) == counts["relationships"] + 1


def test_export_unknown_format_says_which_exist(cli, tmp_path) -> None:
    r = cli("export", "--format", "gexf", "-o", str(tmp_path / "x"))
    assert r.exit_code == 2 and "graphml, csv, jsonl, neo4j-admin" in r.output
