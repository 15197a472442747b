"""Terminal output of the read commands: rich tables by default, JSON with --json."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

MAX_CELL = 160


def _console() -> Console:
    # soft_wrap off and a wide default so that piping to a file does not cut Korean text mid-word.
    return Console(width=None if Console().is_terminal else 200)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if "_labels" in value or "_type" in value:
            # A node or relationship: its name or id is what a reader looks for.
            label = value.get("name") or value.get("id") or value.get("_type")
            kind = ":".join(value.get("_labels", [])) or value.get("_type", "")
            return f"{label} ({kind})" if kind else str(label)
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, list):
        text = ", ".join(_cell(v) for v in value)
    elif isinstance(value, str) and value.startswith('{"doc_id"'):
        # An evidence item as stored on a relationship: the sentence, then where it is.
        try:
            ev = json.loads(value)
            text = f"“{ev.get('text')}” ({ev.get('doc_id')} {ev.get('start')}-{ev.get('end')})"
        except json.JSONDecodeError:
            text = value
    else:
        text = str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_rows(rows: list[dict[str, Any]], as_json: bool = False) -> None:
    """Query rows as a table (columns in the order of the first row) or as a JSON list."""
    if as_json:
        print_json(rows)
        return
    console = _console()
    if not rows:
        console.print("(no rows)")
        return
    columns: list[str] = list(rows[0])
    for row in rows[1:]:
        columns += [c for c in row if c not in columns]
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _name(ref: dict[str, Any] | None) -> str:
    if not ref:
        return "?"
    return f"{ref.get('name') or ref.get('id')} [{ref.get('type') or '?'}]"


def print_paths(result: dict[str, Any], as_json: bool = False) -> None:
    """Each path hop by hop, with the first evidence sentence of each hop."""
    if as_json:
        print_json(result)
        return
    console = _console()
    src, dst = result["source"], result["target"]
    paths = result.get("paths", [])
    console.print(f"{_name(src)} → {_name(dst)}: {len(paths)} path(s) within {result.get('max_hops')} hops")
    for i, p in enumerate(paths, 1):
        console.print(f"\n[bold]Path {i}[/bold] ({p['length']} hop{'s' if p['length'] != 1 else ''})")
        for hop in p["hops"]:
            props = ", ".join(f"{k}={v}" for k, v in (hop.get("properties") or {}).items())
            console.print(
                f"  {_name(hop.get('source'))} -[{hop.get('type')}{' ' + props if props else ''}]-> "
                f"{_name(hop.get('target'))}",
                markup=False,
            )
            for ev in (hop.get("evidence") or [])[:1]:
                where = f"{ev.get('doc_id')} {ev.get('start')}-{ev.get('end')}"
                date = f", {ev['date']}" if ev.get("date") else ""
                console.print(f"      “{_cell(ev.get('text'))}” ({where}{date})", markup=False, style="dim")
            if (hop.get("count") or 0) > 1:
                src, dst = hop.get("source") or {}, hop.get("target") or {}
                console.print(
                    f"      ({hop['count']} documents; all: citykg evidence {src.get('id')} {hop.get('type')} "
                    f"{dst.get('id')} --all)",
                    markup=False,
                    style="dim",
                )
    if not paths:
        console.print("no path found; try a larger --max-hops")


def _counts_table(title: str, counts: dict[str, int], key: str) -> Table:
    table = Table(title=title)
    table.add_column(key)
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(str(k), str(v))
    return table


def print_evidence(page: dict[str, Any], offset: int, as_json: bool = False) -> None:
    """One page of a relation's evidence (JSON: the GET /evidence page)."""
    if as_json:
        print_json(page)
        return
    console = _console()
    items = page.get("items", [])
    console.print(f"evidence {offset + 1}-{offset + len(items)} of {page.get('total')}", style="bold")
    for ev in items:
        where = f"{ev.get('doc_id')} {ev.get('start')}-{ev.get('end')}"
        meta = ", ".join(str(x) for x in (ev.get("date"), ev.get("title"), ev.get("rule")) if x)
        console.print(f"  “{_cell(ev.get('text'))}” ({where}{', ' + meta if meta else ''})", markup=False)
    if page.get("next_offset") is not None:
        console.print(f"  next page: --offset {page['next_offset']}", style="dim")


def print_stats(result: dict[str, Any], as_json: bool = False) -> None:
    if as_json:
        print_json(result)
        return
    console = _console()
    console.print(f"nodes: {result['nodes']}   relationships: {result['relationships']}")
    console.print(_counts_table("Nodes by label", result["labels"], "label"))
    console.print(_counts_table("Relationships by type", result["relationship_types"], "type"))
    console.print(_counts_table("Documents per year", result["documents_per_year"], "year"))
    console.print(_counts_table("Relations per year (first seen)", result["relations_per_year"], "year"))
    for key, title in (("degree", "Top entities by degree"), ("pagerank", "Top entities by PageRank")):
        table = Table(title=title)
        for c in ("name", "type", key):
            table.add_column(c, justify="right" if c == key else "left")
        for e in result[f"top_by_{key}"]:
            table.add_row(str(e.get("name") or e["id"]), str(e.get("type") or ""), str(e[key]))
        console.print(table)
