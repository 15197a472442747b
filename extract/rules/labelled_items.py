"""Relations of labelled list items: "- NAME: ㈜X(A시 실증)", "- NAME: A시·B 협의체".

An item whose name before the colon is a program (extract.entities, structure.toml [labelled_items])
and whose bodies follow the colon: each body named outside brackets takes part in the program (a
city among them is a member, as in a council of a city and a firm); a city in brackets after a body
is where the program runs; members joined before a group word (협의체, 컨소시엄) are partners.
"""

from __future__ import annotations

import re

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention, bodies_only
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import frame_nouns, frames
from citykg.extract.rules.context import Context
from citykg.extract.rules.fields import listed_parts
from citykg.extract.segment import item_label


def labelled_item(adoc: AnnotatedDoc, ui: int) -> tuple[Mention, int] | None:
    """The program a list item names before its colon, and where its bodies start; None when the unit
    is no such item (its name is no program, or what follows the colon is more than bodies)."""
    item = described_item(adoc, ui)
    if item is None or not bodies_only(adoc.text, item[1], adoc.units[ui].end, adoc.top_mentions(ui)[1:]):
        return None
    return item


def described_item(adoc: AnnotatedDoc, ui: int) -> tuple[Mention, int] | None:
    """ "- NAME: what it does": a list item that opens with a program's name and a colon."""
    u = adoc.units[ui]
    label = item_label(adoc.text, u)
    if label is None:
        return None
    text = adoc.text
    # the program that ends the name: "NAME: …", "청주형 통합 모빌리티(MaaS) ‘P’: …"
    named = [
        m for m in adoc.top_mentions(ui)
        if m.type == "Program" and m.end <= label[2] and not text[m.end : label[2]].strip(" ’'」\":：")
    ]  # fmt: skip
    if not named or re.search(r"[.!?,]", text[u.start : named[0].start]):
        return None
    return named[0], label[2]


def plan_parts(adoc: AnnotatedDoc, rels: RelationSet) -> None:
    """A plan's document (its title names a plan) lists its services as "- NAME: what it does": each
    is part of the plan; the publisher that leads the plan leads them; a body named with a word of
    taking part or working together (참여, 협력) takes part in it."""
    main = adoc.main_program()
    if main is None or main.props.get("kind") != "plan":
        return
    pub = adoc.publisher
    plan = main.props["eid"]
    own = pub is not None and (pub, "LEADS", plan) in rels
    joins = frame_nouns("participate", "partner")
    for ui, u in enumerate(adoc.units):
        item = described_item(adoc, ui)
        if item is None or item[0].props["eid"] == plan:
            continue
        prog, colon = item
        pid = prog.props["eid"]
        rels.add(pid, "PART_OF", plan, u, "items:plan_part")
        if own:
            rels.add(pub, "LEADS", pid, u, "items:plan_own")
        for m in adoc.top_mentions(ui)[1:]:
            if m.type in ("Company", "Organization") and m.start >= colon:
                after = adoc.text[m.end : m.end + 6].lstrip("과와 ")
                if after.startswith(joins):
                    rels.add(m.props["eid"], "PARTICIPATES_IN", pid, u, "items:plan_partner")


_FIELD_RELATION = {"participant": "PARTICIPATES_IN", "lead": "LEADS"}


def field_items(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    """ "① NAME(A구 B동) – 참여기업: ㈜X, Y" (segment.item_field): the field's bodies take part in (or lead,
    by the label's column role) the program NAME, a city in the brackets or a place field is where it
    runs. Two or more such items in a row, after a unit that speaks of tasks or programs ("아래 4개
    과제가 확정됐다"), are parts of the program that unit is about."""
    run: list[tuple[int, str]] = []
    for ui, u in enumerate([*adoc.units, None]):
        f = adoc.item_fields.get(ui)
        prog = None
        if f is not None:
            prog = next((m for m in adoc.top_mentions(ui) if m.type == "Program" and m.start < f.name[1]), None)
        if prog is None:
            listed_parts(adoc, rels, ctx, run, "items:field_part")
            run = []
            continue
        assert u is not None and f is not None
        pid = prog.props["eid"]
        run.append((ui, pid))
        for m in adoc.top_mentions(ui):
            eid = m.props["eid"]
            if f.bracket and f.bracket[0] <= m.start < f.bracket[1] and m.type == "City":
                rels.add(pid, "IMPLEMENTED_IN", eid, u, "items:field_site")
            elif f.value[0] <= m.start < f.value[1]:
                if f.role == "place" and m.type == "City":
                    rels.add(pid, "IMPLEMENTED_IN", eid, u, "items:field_site")
                elif f.role in _FIELD_RELATION and m.type in BODIES:
                    rels.add(eid, _FIELD_RELATION[f.role], pid, u, f"items:field_{f.role}")


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    text = adoc.text
    groups = tuple(frames().role_nouns.groups)
    plan_parts(adoc, rels)
    field_items(adoc, rels, ctx)
    for ui, u in enumerate(adoc.units):
        item = labelled_item(adoc, ui)
        if item is None:
            continue
        prog, colon = item
        members: list[str] = []
        for m in adoc.top_mentions(ui)[1:]:
            if m.type not in BODIES:
                continue
            depth = text.count("(", colon, m.start) - text.count(")", colon, m.start)
            eid = m.props["eid"]
            if depth > 0:
                if m.type == "City":
                    rels.add(prog.props["eid"], "IMPLEMENTED_IN", eid, u, "items:site")
                continue
            members.append(eid)
            rels.add(eid, "PARTICIPATES_IN", prog.props["eid"], u, "items:maker")
        tail = text[u.start : u.end]
        if len(members) >= 2 and any(g in tail for g in groups):
            for other in members[1:]:
                rels.add(members[0], "PARTNERS_WITH", other, u, "items:group")
