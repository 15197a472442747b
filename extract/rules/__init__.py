"""The relation rules, run in this order over one annotated document.

Each family is a module with `apply(adoc, rels, ctx)`; every relation it adds names its rule
(extract/data/rules.toml lists them all with their confidence). Order matters only where a later
family reads what an earlier one found: frames read the leaders that names found (who selected, who
pays state money), tables read both.
"""

from __future__ import annotations

from collections.abc import Callable

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.rules import (
    budget_lines,
    bullets,
    consistency,
    fields,
    frames,
    hierarchy,
    labelled_items,
    names,
    people,
    publisher,
    tables,
)
from citykg.extract.rules.context import Context

Rule = Callable[[AnnotatedDoc, RelationSet, Context], None]

RULES: tuple[tuple[str, Rule], ...] = (
    ("hierarchy", hierarchy.apply),
    ("people", people.apply),
    ("names", names.apply),
    ("frames", frames.apply),
    ("tables", tables.apply),
    ("fields", fields.apply),
    ("bullets", bullets.apply),
    ("labelled_items", labelled_items.apply),
    ("budget_lines", budget_lines.apply),
    ("publisher", publisher.apply),
    ("consistency", consistency.apply),
)


def extract_relations(adoc: AnnotatedDoc) -> RelationSet:
    rels = RelationSet(adoc)
    ctx = Context(adoc)
    for _, rule in RULES:
        rule(adoc, rels, ctx)
    adoc.relations = rels
    return rels
