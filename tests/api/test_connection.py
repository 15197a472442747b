"""`citykg.connect()`: the Python API over the same read-only service functions as the CLI and REST API."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import networkx as nx
import pytest

import citykg
from citykg.api import service
from citykg.graph.embedded import EmbeddedServer
from citykg.graph.falkordb_cypher import UnsupportedCypher
from citykg.graph.store import ReadOnlyViolation, StoreError


@pytest.fixture
def g(cli_env, sample_store, monkeypatch: pytest.MonkeyPatch):
    for k, v in cli_env.items():
        monkeypatch.setenv(k, v)
    with citykg.connect() as conn:
        yield conn


def test_connect_uses_the_cli_settings(g, cli_env) -> None:
    assert g.settings.backend == "embedded"
    assert str(g.settings.data_dir) == cli_env["CITYKG_DATA_DIR"] and g.settings.graph_name == cli_env["CITYKG_GRAPH"]
    assert g.stats()["nodes"] == g.store.counts()["nodes"] > 0


def test_query_rows_params_and_dataframe(g, sample_store) -> None:
    q = "MATCH (m:Ministry) WHERE m.name = $name RETURN m.name AS name, m.id AS id"
    rows = g.query(q, name="국토교통부")
    assert rows == service.run_readonly(sample_store, q, {"name": "국토교통부"})
    assert rows.columns == ["name", "id"] and rows.rewrites == [] and rows.truncated is False
    df = rows.df()
    assert list(df.columns) == ["name", "id"] and df.iloc[0]["name"] == "국토교통부"
    # a parameter may be called anything, even `cypher`
    assert g.query("RETURN $cypher AS c", cypher=1) == [{"c": 1}]


def test_query_rewrites_and_refuses_like_the_cli(g) -> None:
    rows = g.query(
        "MATCH p = shortestPath((a {name: $a})-[*..4]-(b {name: $b})) RETURN length(p) AS hops",
        a="국토교통부",
        b="LG CNS",
    )
    assert len(rows) == 1 and rows[0]["hops"] >= 1 and rows.rewrites[0].startswith("shortestPath in MATCH")
    with pytest.raises(UnsupportedCypher, match="Write it as"):
        g.query("MATCH (n:Ministry|City) RETURN n")
    with pytest.raises(ReadOnlyViolation):
        g.query("MATCH (n) DETACH DELETE n")


def test_df_without_pandas_says_what_to_install(g, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = g.query("RETURN 1 AS one")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install"):
        rows.df()


def test_search_neighbors_paths(g) -> None:
    hits = g.search("국토부")
    assert hits[0]["name"] == "국토교통부"
    near = g.neighbors("LG CNS")
    assert near["entity"]["name"] == "LG CNS" and near["edges"]
    assert all(e["evidence"] for e in near["edges"]), "every edge comes with its evidence"
    selected = g.neighbors("LG CNS", type="SELECTED", direction="in")["edges"]
    assert selected and all(e["type"] == "SELECTED" and e["direction"] == "in" for e in selected)
    paths = g.paths("국토교통부", "LG CNS", max_hops=4)
    assert paths["paths"] and all(hop["evidence"] for p in paths["paths"] for hop in p["hops"])
    with pytest.raises(ValueError, match="direction"):
        g.neighbors("LG CNS", direction="sideways")


def test_to_networkx(g) -> None:
    graph = g.to_networkx()
    assert isinstance(graph, nx.Graph) and graph.number_of_nodes() > 0
    names = nx.get_node_attributes(graph, "name")
    assert "국토교통부" in names.values()


def test_close_stops_a_store_it_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYKG_DATA_DIR", str(tmp_path / "own"))
    g = citykg.connect(graph="conn_test")
    info = EmbeddedServer(tmp_path / "own").status()
    assert info is not None, "connect() started an embedded store for the data dir"
    assert g.query("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    g.close()
    assert EmbeddedServer(tmp_path / "own").status() is None
    assert _gone_within(info.pid, 5.0), f"redis-server {info.pid} still runs 5 s after close()"


def _gone_within(pid: int, seconds: float) -> bool:
    """The process has exited (a zombie waiting for its parent to reap it counts as exited)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return True
        try:
            if "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text():
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def test_close_leaves_a_running_store_running(g, falkordb_server) -> None:
    g.close()
    assert EmbeddedServer(Path(falkordb_server.data_dir)).status() is not None


def test_neo4j_by_the_same_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYKG_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")  # nothing listens there
    with pytest.raises(StoreError, match="127.0.0.1:9"):
        citykg.connect()
    with pytest.raises(ValueError, match="embedded"):
        citykg.connect(store="sqlite")
