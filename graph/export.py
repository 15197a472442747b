"""Export the graph to files other tools open: GraphML, CSV, JSON Lines, and neo4j-admin import CSV.

Generic over the data model: every node is written with its labels and all its properties, every
relationship with its type, its two ends and all its properties, whatever they are named. The store
is read in pages (`GraphStore.node_page`, `relationship_page`), so memory stays flat in the size of
the graph. Formats whose header must name every column before the first row (GraphML's `<key>`s,
CSV headers) get the rows spooled to a temporary JSON Lines file first while the columns and their
types are collected, then written out.

A node is identified by its `id` property (entities and documents have one), else by `_n<internal
id>`; relationship ends use the same key, so every exported relationship points at exported nodes.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from citykg.graph.store import GraphStore

FORMATS = ("graphml", "csv", "jsonl", "neo4j-admin")
PAGE_SIZE = 2000
ARRAY_DELIMITER = "|"  # neo4j-admin --array-delimiter: also separates the labels in :LABEL
LABEL_SEPARATOR = ";"  # between labels in the GraphML `labels` attribute and the plain CSV `labels` column

# Attributes the export adds; a property with one of these names is written as `prop_<name>`.
NODE_RESERVED = ("id", "labels", "label")
EDGE_RESERVED = ("id", "source", "target", "type", "label")

# What kind of value a property holds (for GraphML key types and neo4j-admin header types).
BOOLEAN, LONG, DOUBLE, STRING, MAP = "boolean", "long", "double", "string", "map"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportError(ValueError):
    """The export cannot be written as asked; the message says what to change."""


@dataclass
class ExportSummary:
    format: str
    path: Path
    nodes: int = 0
    relationships: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def describe(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in self.labels.most_common())
        types = ", ".join(f"{k} {v}" for k, v in self.types.most_common())
        files = ", ".join(str(f) for f in self.files)
        return (
            f"exported {self.nodes} nodes and {self.relationships} relationships as {self.format} "
            f"in {self.seconds:.1f} s → {files}\n  labels: {labels or '-'}\n  types: {types or '-'}"
        )


# --------------------------------------------------------------------------- reading the store


def node_key(internal_id: int, id_property: Any) -> str:
    if isinstance(id_property, str) and id_property:
        return id_property
    if isinstance(id_property, int) and not isinstance(id_property, bool):
        return str(id_property)
    return f"_n{internal_id}"


def iter_graph(store: GraphStore, page_size: int = PAGE_SIZE) -> Iterator[dict[str, Any]]:
    """Every node, then every relationship, as plain dicts:
    {"kind": "node", "id", "labels", "properties"} and {"kind": "relationship", "type", "start", "end", "properties"}.
    """
    windows: list[tuple[int, int]] = []  # internal ids of each node page: where to read relationships from
    after = -1
    while True:
        page = store.node_page(after, page_size)
        if not page:
            break
        for row in page:
            props = dict(row["props"] or {})
            yield {"kind": "node", "id": node_key(row["nid"], props.get("id")), "labels": list(row["labels"] or []),
                   "properties": props}  # fmt: skip
        windows.append((page[0]["nid"], page[-1]["nid"]))
        after = page[-1]["nid"]
    for lo, hi in windows:
        yield from _relationships_from(store, lo, hi, page_size)


def _relationships_from(store: GraphStore, lo: int, hi: int, page_size: int) -> Iterator[dict[str, Any]]:
    """Relationships leaving the nodes with internal ids in [lo, hi], a sub-window at a time.

    Paging one big window by relationship id would make the store walk all of the window's
    relationships for every page (quadratic); instead the window of start nodes shrinks until its
    relationships fit in one page, and grows again after a small page. Only a single node with more
    than a page of relationships (a hub) is paged by relationship id.
    """
    start, span = lo, hi - lo + 1
    while start <= hi:
        end = min(hi, start + span - 1)
        page = store.relationship_page(start, end, -1, page_size)
        if len(page) >= page_size and end > start:
            span = max(1, span // 4)  # too many: try fewer start nodes
            continue
        while True:
            for row in page:
                yield {
                    "kind": "relationship",
                    "type": row["type"],
                    "start": node_key(row["start"], row["start_id"]),
                    "end": node_key(row["end"], row["end_id"]),
                    "properties": dict(row["props"] or {}),
                }
            if len(page) < page_size:
                break
            page = store.relationship_page(start, end, page[-1]["rid"], page_size)  # one hub node
        if len(page) < page_size // 4:
            span *= 2
        start = end + 1


# --------------------------------------------------------------------------- property kinds


def kind_of(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return LONG
    if isinstance(value, float):
        return DOUBLE
    if isinstance(value, str):
        return STRING
    if isinstance(value, list | tuple):
        inner = {kind_of(v) for v in value} - {None}
        return "list:" + (inner.pop() if len(inner) == 1 else ("mixed" if inner else ""))
    return MAP


def scalar_type(kinds: set[str]) -> str:
    """One type for a column from the kinds of its values: long and double make double, else string."""
    if kinds == {BOOLEAN}:
        return BOOLEAN
    if kinds == {LONG}:
        return LONG
    if kinds and kinds <= {LONG, DOUBLE}:
        return DOUBLE
    return STRING


def neo4j_type(kinds: set[str]) -> str:
    """The neo4j-admin header type: a scalar type, `<type>[]` for lists of one kind, else string (JSON)."""
    lists = {k for k in kinds if k.startswith("list:")}
    if lists and lists == kinds:
        inner = {k.removeprefix("list:") for k in lists} - {""}
        if not inner:
            return "string[]"  # only empty lists seen
        if "mixed" not in inner and MAP not in inner and not any(i.startswith("list:") for i in inner):
            return scalar_type(inner) + "[]"
        return STRING
    return scalar_type(kinds)


def as_text(value: Any) -> str:
    """A value as one text field: booleans lower-case, lists and maps as JSON (GraphML, plain CSV)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@dataclass
class Columns:
    """The properties seen on nodes and on relationships, with the kinds of their values."""

    node: dict[str, set[str]] = field(default_factory=dict)
    edge: dict[str, set[str]] = field(default_factory=dict)

    def add(self, item: dict[str, Any]) -> None:
        seen = self.node if item["kind"] == "node" else self.edge
        for name, value in item["properties"].items():
            k = kind_of(value)
            if k is not None:
                seen.setdefault(name, set()).add(k)


def column_name(name: str, reserved: Iterable[str]) -> str:
    return f"prop_{name}" if name in reserved else name


# --------------------------------------------------------------------------- the export


def export_graph(
    store: GraphStore,
    fmt: str,
    out: Path,
    *,
    page_size: int = PAGE_SIZE,
    progress: bool = True,
    array_delimiter: str = ARRAY_DELIMITER,
) -> ExportSummary:
    """Write the whole graph of `store` to `out`: a file for graphml and jsonl, a folder for csv and
    neo4j-admin (nodes.csv, relationships.csv)."""
    from tqdm import tqdm

    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if len(array_delimiter) != 1 or array_delimiter in ',"\n\r':
        raise ExportError(f"--array-delimiter must be one character other than , \" or a newline: {array_delimiter!r}")
    out = Path(out)
    folder_format = fmt in ("csv", "neo4j-admin")
    if folder_format:
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out}: {fmt} writes a folder (nodes.csv, relationships.csv); give a folder path")
        out.mkdir(parents=True, exist_ok=True)
    else:
        if out.is_dir():
            raise ExportError(f"{out} is a folder; {fmt} writes one file: give a file name such as {out}/graph.{fmt}")
        out.parent.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    summary = ExportSummary(fmt, out)
    total = sum(store.counts().values())
    bar = tqdm(total=total, unit=" items", desc=f"export {fmt}", disable=not progress, leave=False)

    def counted(items: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for item in items:
            if item["kind"] == "node":
                summary.nodes += 1
                summary.labels.update(item["labels"])
            else:
                summary.relationships += 1
                summary.types[item["type"]] += 1
            bar.update()
            yield item

    try:
        items = counted(iter_graph(store, page_size))
        if fmt == "jsonl":
            tmp = out.with_name(out.name + ".part")
            with tmp.open("w", encoding="utf-8") as f:
                for item in items:
                    f.write(json.dumps(item, ensure_ascii=False) + "\n")
            tmp.replace(out)
            summary.files = [out]
        else:
            with tempfile.TemporaryDirectory(prefix=".citykg-export-", dir=out if folder_format else out.parent) as t:
                spool, columns = _spool(items, Path(t))
                bar.close()
                if fmt == "graphml":
                    summary.files = [_write_graphml(spool, columns, out)]
                elif fmt == "csv":
                    summary.files = _write_csv(spool, columns, out)
                else:
                    summary.files = _write_neo4j_admin(spool, columns, out, array_delimiter)
    finally:
        bar.close()
    summary.seconds = time.monotonic() - started
    return summary


def _spool(items: Iterable[dict[str, Any]], folder: Path) -> tuple[dict[str, Path], Columns]:
    """Nodes and relationships into two JSON Lines files, collecting the columns on the way."""
    columns = Columns()
    paths = {"node": folder / "nodes.jsonl", "relationship": folder / "relationships.jsonl"}
    with paths["node"].open("w", encoding="utf-8") as fn, paths["relationship"].open("w", encoding="utf-8") as fr:
        for item in items:
            columns.add(item)
            (fn if item["kind"] == "node" else fr).write(json.dumps(item, ensure_ascii=False) + "\n")
    return paths, columns


def _read_spool(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


# --------------------------------------------------------------------------- GraphML


def _xml(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _write_graphml(spool: dict[str, Path], columns: Columns, out: Path) -> Path:
    """GraphML with typed <key>s (networkx.read_graphml, Gephi): nodes carry `labels` (';'-joined) and
    `label` (their name, which Gephi shows), edges `type` and `label`; every property becomes an
    attribute, lists and maps as JSON strings (GraphML has no list type)."""
    node_keys: dict[str, tuple[str, str]] = {"labels": ("n_labels", STRING), "label": ("n_label", STRING)}
    for i, (name, kinds) in enumerate(sorted(columns.node.items())):
        if name == "id":
            continue  # it is the node's GraphML id
        node_keys[column_name(name, NODE_RESERVED)] = (f"n{i}", scalar_type(kinds))
    edge_keys: dict[str, tuple[str, str]] = {"type": ("e_type", STRING), "label": ("e_label", STRING)}
    for i, (name, kinds) in enumerate(sorted(columns.edge.items())):
        edge_keys[column_name(name, EDGE_RESERVED)] = (f"e{i}", scalar_type(kinds))

    def data(keys: dict[str, tuple[str, str]], attrs: dict[str, Any]) -> str:
        return "".join(
            f'<data key="{keys[name][0]}">{escape(_xml(as_text(value)))}</data>'
            for name, value in attrs.items()
            if value is not None and name in keys
        )

    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for target, keys in (("node", node_keys), ("edge", edge_keys)):
            for name, (kid, typ) in keys.items():
                f.write(f'<key id="{kid}" for="{target}" attr.name={quoteattr(name)} attr.type="{typ}"/>\n')
        f.write('<graph id="citykg" edgedefault="directed">\n')
        for node in _read_spool(spool["node"]):
            props = node["properties"]
            attrs = {"labels": LABEL_SEPARATOR.join(node["labels"]), "label": props.get("name") or node["id"]}
            attrs.update({column_name(k, NODE_RESERVED): v for k, v in props.items() if k != "id"})
            f.write(f"<node id={quoteattr(_xml(node['id']))}>{data(node_keys, attrs)}</node>\n")
        for i, rel in enumerate(_read_spool(spool["relationship"])):
            attrs = {"type": rel["type"], "label": rel["type"]}
            attrs.update({column_name(k, EDGE_RESERVED): v for k, v in rel["properties"].items()})
            f.write(
                f'<edge id="e{i}" source={quoteattr(_xml(rel["start"]))} target={quoteattr(_xml(rel["end"]))}>'
                f"{data(edge_keys, attrs)}</edge>\n"
            )
        f.write("</graph>\n</graphml>\n")
    tmp.replace(out)
    return out


# --------------------------------------------------------------------------- CSV


def _write_csv(spool: dict[str, Path], columns: Columns, out: Path) -> list[Path]:
    """nodes.csv (id, labels, one column per property) and relationships.csv (source, target, type,
    one column per property); lists and maps as JSON, labels ';'-joined."""
    node_props = sorted(n for n in columns.node if n != "id")
    edge_props = sorted(columns.edge)
    nodes, rels = out / "nodes.csv", out / "relationships.csv"
    with nodes.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "labels", *(column_name(n, NODE_RESERVED) for n in node_props)])
        for node in _read_spool(spool["node"]):
            props = node["properties"]
            w.writerow([node["id"], LABEL_SEPARATOR.join(node["labels"]),
                        *(_cell(props.get(n)) for n in node_props)])  # fmt: skip
    with rels.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", "type", *(column_name(n, EDGE_RESERVED) for n in edge_props)])
        for rel in _read_spool(spool["relationship"]):
            props = rel["properties"]
            w.writerow([rel["start"], rel["end"], rel["type"], *(_cell(props.get(n)) for n in edge_props)])
    return [nodes, rels]


def _cell(value: Any) -> str:
    return "" if value is None else as_text(value)


# --------------------------------------------------------------------------- neo4j-admin


def _write_neo4j_admin(spool: dict[str, Path], columns: Columns, out: Path, delimiter: str) -> list[Path]:
    """The CSV files `neo4j-admin database import full` takes: nodes.csv with `:ID` (not stored: the
    `id` property is its own column) and `:LABEL` (labels joined by the array delimiter), and
    relationships.csv with `:START_ID`, `:END_ID`, `:TYPE`; every property column typed in its
    header (`count:long`, `aliases:string[]`), arrays joined by the array delimiter."""
    node_types = {n: neo4j_type(k) for n, k in sorted(columns.node.items())}
    edge_types = {n: neo4j_type(k) for n, k in sorted(columns.edge.items())}
    nodes, rels = out / "nodes.csv", out / "relationships.csv"

    def cell(value: Any, typ: str, where: str) -> str:
        if value is None:
            return ""
        if typ.endswith("[]"):
            parts = [as_text(v) for v in value]
            for p in parts:
                if delimiter in p:
                    raise ExportError(
                        f"{where}: an array element contains the array delimiter {delimiter!r} ({p[:60]!r}); "
                        "export again with another --array-delimiter"
                    )
            return delimiter.join(parts)
        return as_text(value)

    with nodes.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":ID", ":LABEL", *(f"{n}:{t}" for n, t in node_types.items())])
        for node in _read_spool(spool["node"]):
            props = node["properties"]
            w.writerow([node["id"], delimiter.join(node["labels"]),
                        *(cell(props.get(n), t, f"node {node['id']}.{n}") for n, t in node_types.items())])  # fmt: skip
    with rels.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([":START_ID", ":END_ID", ":TYPE", *(f"{n}:{t}" for n, t in edge_types.items())])
        for rel in _read_spool(spool["relationship"]):
            props = rel["properties"]
            where = f"({rel['start']})-[:{rel['type']}]->({rel['end']})"
            w.writerow([rel["start"], rel["end"], rel["type"],
                        *(cell(props.get(n), t, f"{where}.{n}") for n, t in edge_types.items())])  # fmt: skip
    return [nodes, rels]


def neo4j_admin_command(folder: Path, database: str = "neo4j", delimiter: str = ARRAY_DELIMITER) -> str:
    """The import command for a folder written by the neo4j-admin export (printed by the CLI)."""
    return (
        f"neo4j-admin database import full --nodes={folder / 'nodes.csv'} "
        f"--relationships={folder / 'relationships.csv'} --array-delimiter='{delimiter}' "
        f"--multiline-fields=true {database}"
    )
