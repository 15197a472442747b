"""PART_OF from inline bullet lists: "주요 서비스는 ▲A ▲B ▲C 등 4개다", "'5대 연계 서비스'(▲A ▲B)".

The programs a unit lists after bullet marks (lexicon.toml [program] bullet_marks) are parts of the
program the list belongs to: the one named right before the first mark in the unit, else the
document's main program.
"""

from __future__ import annotations

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import lexicon
from citykg.extract.rules.context import Context


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    marks = tuple(lexicon().program.bullet_marks)
    text = adoc.text
    for ui, u in enumerate(adoc.units):
        first = next((i for i in range(u.start, u.end) if text[i] in marks), None)
        if first is None or sum(text.count(m, u.start, u.end) for m in marks) < 2:
            continue
        items = [m for m in adoc.top_mentions(ui) if m.type == "Program" and m.start > first]
        items = [
            m for m in items if text[m.start - 1 : m.start].strip() in marks or text[m.start - 2 : m.start - 1] in marks
        ]
        if len(items) < 2:
            continue
        # the program named before the list in this unit, else the document's own (the program last
        # named in the units before is as often a sibling of the items as their whole)
        before = [m for m in adoc.unit_mentions(ui) if m.type == "Program" and m.end <= first]
        whole = before[-1] if before else adoc.main_program()
        if whole is None or whole.props["eid"] in {m.props["eid"] for m in items}:
            continue
        for m in items:
            rels.add(
                m.props["eid"],
                "PART_OF",
                whole.props["eid"],
                u,
                "bullets:part",
                why=f"item after a bullet mark, part of {whole.text}",
            )
