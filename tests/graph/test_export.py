"""`graph.export`: the sample graph exported in every format and read back with the tools people use."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from citykg.extract.records import DocumentRecord
from citykg.graph.export import ExportError, export_graph
from citykg.graph.falkordb_store import FalkorDBStore
from citykg.graph.loader import load_records


@pytest.fixture
def loaded(store: FalkorDBStore, sample_records: list[DocumentRecord]) -> FalkorDBStore:
    summary = load_records(store, sample_records)
    assert not summary.failures
    return store


def store_truth(store: FalkorDBStore) -> dict[str, Any]:
    """What the store holds, read without the exporter: counts, one entity, one relation."""
    lg = store.read("MATCH (e:Entity {id: 'company:lg-cns'}) RETURN e")[0]["e"]
    rel = store.read(
        "MATCH (:Entity {id: 'city:sejong'})-[r:SELECTED]->(:Entity {id: 'company:lg-cns'}) RETURN r"
    )[0]["r"]
    return {**store.counts(), "lg": lg, "selected": rel}


def test_graphml_reads_back_in_networkx_with_counts_and_attributes(loaded: FalkorDBStore, tmp_path: Path) -> None:
    truth = store_truth(loaded)
    out = tmp_path / "graph.graphml"
    # a page smaller than the graph, so the paging is what is exercised
    summary = export_graph(loaded, "graphml", out, page_size=7, progress=False)
    assert (summary.nodes, summary.relationships) == (truth["nodes"], truth["relationships"])

    g = nx.read_graphml(out)
    assert g.is_directed()
    assert (g.number_of_nodes(), g.number_of_edges()) == (truth["nodes"], truth["relationships"])
    lg = g.nodes["company:lg-cns"]
    assert lg["name"] == "LG CNS" and lg["label"] == "LG CNS"
    assert set(lg["labels"].split(";")) == {"Entity", "Company"}
    assert sorted(json.loads(lg["aliases"])) == sorted(truth["lg"]["aliases"])  # a list property, as JSON

    edges = g.get_edge_data("city:sejong", "company:lg-cns")
    (sel,) = [e for e in edges.values() if e["type"] == "SELECTED"]
    assert isinstance(sel["count"], int) and sel["count"] == truth["selected"]["count"]
    assert sel["first_seen"] == truth["selected"]["first_seen"] and sel["last_seen"] == truth["selected"]["last_seen"]
    assert [json.loads(e) for e in json.loads(sel["evidence"])] == [json.loads(e) for e in truth["selected"]["evidence"]]
    # every document is there with its labels, and MENTIONS edges point at entities
    docs = [n for n, d in g.nodes(data=True) if d["labels"] == "Document"]
    assert len(docs) == loaded.read("MATCH (d:Document) RETURN count(d) AS c")[0]["c"]
    assert all("Entity" in g.nodes[t]["labels"] for _, t, d in g.edges(data=True) if d["type"] == "MENTIONS")


def test_csv_has_headers_and_the_store_counts(loaded: FalkorDBStore, tmp_path: Path) -> None:
    truth = store_truth(loaded)
    summary = export_graph(loaded, "csv", tmp_path / "csv", page_size=5, progress=False)
    assert [p.name for p in summary.files] == ["nodes.csv", "relationships.csv"]
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with (tmp_path / "csv" / "relationships.csv").open(encoding="utf-8", newline="") as f:
        rels = list(csv.DictReader(f))
    assert (len(nodes), len(rels)) == (truth["nodes"], truth["relationships"])
    by_id = {n["id"]: n for n in nodes}
    assert len(by_id) == len(nodes)
    assert by_id["company:lg-cns"]["name"] == "LG CNS" and "Company" in by_id["company:lg-cns"]["labels"].split(";")
    assert all(r["source"] in by_id and r["target"] in by_id for r in rels)
    (sel,) = [r for r in rels if (r["source"], r["type"], r["target"]) == ("city:sejong", "SELECTED", "company:lg-cns")]
    assert int(sel["count"]) == truth["selected"]["count"] and sel["first_seen"] == truth["selected"]["first_seen"]


def test_jsonl_one_object_per_node_and_relationship(loaded: FalkorDBStore, tmp_path: Path) -> None:
    truth = store_truth(loaded)
    out = tmp_path / "graph.jsonl"
    export_graph(loaded, "jsonl", out, page_size=3, progress=False)
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    nodes = [i for i in items if i["kind"] == "node"]
    rels = [i for i in items if i["kind"] == "relationship"]
    assert (len(nodes), len(rels)) == (truth["nodes"], truth["relationships"])
    lg = next(n for n in nodes if n["id"] == "company:lg-cns")
    assert set(lg["labels"]) == {"Entity", "Company"} and lg["properties"]["name"] == "LG CNS"
    assert lg["properties"]["aliases"] == truth["lg"]["aliases"]  # lists stay lists
    sel = next(r for r in rels if (r["start"], r["type"], r["end"]) == ("city:sejong", "SELECTED", "company:lg-cns"))
    assert sel["properties"] == {k: v for k, v in truth["selected"].items() if k != "_type"}


HEADER = re.compile(
    r"^(:ID|:LABEL|:START_ID|:END_ID|:TYPE|[A-Za-z_][A-Za-z0-9_]*:"
    r"(int|long|float|double|boolean|byte|short|char|string|date|datetime)(\[\])?)$"
)


def test_neo4j_admin_headers_are_well_formed_and_every_end_is_an_exported_id(
    loaded: FalkorDBStore, tmp_path: Path
) -> None:
    truth = store_truth(loaded)
    folder = tmp_path / "neo4j"
    export_graph(loaded, "neo4j-admin", folder, page_size=4, progress=False, array_delimiter="|")
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, nodes = rows[0], rows[1:]
    assert header[:2] == [":ID", ":LABEL"] and all(HEADER.match(c) for c in header), header
    assert "aliases:string[]" in header and "name:string" in header and "id:string" in header
    with (folder / "relationships.csv").open(encoding="utf-8", newline="") as f:
        rrows = list(csv.reader(f))
    rheader, rels = rrows[0], rrows[1:]
    assert rheader[:3] == [":START_ID", ":END_ID", ":TYPE"] and all(HEADER.match(c) for c in rheader), rheader
    assert "count:long" in rheader and "evidence:string[]" in rheader
    assert (len(nodes), len(rels)) == (truth["nodes"], truth["relationships"])
    assert all(len(r) == len(header) for r in nodes) and all(len(r) == len(rheader) for r in rels)

    ids = [n[0] for n in nodes]
    assert len(set(ids)) == len(ids)
    assert {r[0] for r in rels} | {r[1] for r in rels} <= set(ids)
    lg = dict(zip(header, nodes[ids.index("company:lg-cns")], strict=True))
    assert set(lg[":LABEL"].split("|")) == {"Entity", "Company"} and lg["name:string"] == "LG CNS"
    assert sorted(filter(None, lg["aliases:string[]"].split("|"))) == sorted(truth["lg"]["aliases"])
    sel = next(
        dict(zip(rheader, r, strict=True)) for r in rels if (r[0], r[2], r[1]) == ("city:sejong", "SELECTED", "company:lg-cns")
    )
    assert int(sel["count:long"]) == truth["selected"]["count"]
    assert [json.loads(e) for e in sel["evidence:string[]"].split("|")] == [
        json.loads(e) for e in truth["selected"]["evidence"]
    ]


def test_an_array_element_holding_the_delimiter_is_refused_by_name(loaded: FalkorDBStore, tmp_path: Path) -> None:
    loaded.write("MATCH (e:Entity {id: 'company:lg-cns'}) SET e.aliases = ['LG씨엔에스', 'A;B']")
    with pytest.raises(ExportError, match=r"company:lg-cns\.aliases.*--array-delimiter"):
        export_graph(loaded, "neo4j-admin", tmp_path / "n", progress=False, array_delimiter=";")
    export_graph(loaded, "neo4j-admin", tmp_path / "n", progress=False, array_delimiter="|")


def test_empty_graph_exports_empty_files_that_still_read(store: FalkorDBStore, tmp_path: Path) -> None:
    export_graph(store, "graphml", tmp_path / "g.graphml", progress=False)
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert g.number_of_nodes() == g.number_of_edges() == 0


def test_format_and_path_mistakes_say_what_to_do(store: FalkorDBStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="choose one of graphml, csv, jsonl, neo4j-admin"):
        export_graph(store, "gexf", tmp_path / "x", progress=False)
    with pytest.raises(ExportError, match="give a file name"):
        export_graph(store, "graphml", tmp_path, progress=False)
