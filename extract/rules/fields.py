"""Relations of the fields of a notice or a summary: "○ 사 업 명: P", "○ 사업 위치: A시 …", "○ 발 주 처: X".

A list item "LABEL: VALUE" whose label is a table header word (structure.toml [table]; letters may be
spaced out, "사 업 명") is a field of a form, as a row is of a table: the program is the one named in
the value of the program field above (사업명, 과제명) or the document's own; the cities in a place
field's value host it, the bodies in a lead field's value lead it, those in a participant field's
value take part in it.
"""

from __future__ import annotations

import re

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import frames, program_nouns
from citykg.extract.rules.context import Context
from citykg.extract.segment import item_label
from citykg.extract.table_columns import column_roles


def field_role(adoc: AnnotatedDoc, ui: int) -> tuple[str, int] | None:
    """The role of a field item's label and where its value starts; None for other units."""
    found = item_label(adoc.text, adoc.units[ui])
    if found is None or not re.fullmatch(r"[가-힣 ]+", adoc.text[found[0] : found[1]]):
        return None
    label = adoc.text[found[0] : found[1]].replace(" ", "")
    if not 2 <= len(label) <= 6:
        return None
    role = column_roles((label,))[0]
    return (role, found[2]) if role else None


def card(adoc: AnnotatedDoc, ui: int) -> Mention | None:
    """The program a run of fields describes when its heading names one: "■ A지구(B시) – ‘P’" above
    "· 협력: X, Y" (a heading or a marked item, the fields' run between)."""
    for j in range(ui - 1, max(-1, ui - 8), -1):
        if item_label(adoc.text, adoc.units[j]) is not None:
            continue  # another field of the run ("· 내용: …")
        u = adoc.units[j]
        if u.kind not in ("heading", "item"):
            return None
        progs = [m for m in adoc.top_mentions(j) if m.type == "Program"]
        if not progs and u.kind == "item" and u.marker == adoc.units[ui].marker:
            continue  # "○ 관내 경로당 50개소에 …": a line of the same list describing the program
        return progs[-1] if len(progs) == 1 else None
    return None


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    program: Mention | None = None
    since = -1
    cards: list[tuple[int, Mention]] = []
    for ui, u in enumerate(adoc.units):
        field = field_role(adoc, ui)
        if field is None:
            continue
        role, start = field
        value = [m for m in adoc.top_mentions(ui) if m.start >= start]
        if role == "program":
            named = [m for m in value if m.type == "Program"]
            if named:
                program, since = named[0], ui
            continue
        heading = card(adoc, ui) if program is None or ui - since > 12 else None
        if heading is not None and all(heading is not h for _, h in cards):
            cards.append((heading.unit, heading))
            for m in adoc.top_mentions(heading.unit):
                if m.type == "City":
                    rels.add(heading.props["eid"], "IMPLEMENTED_IN", m.props["eid"], adoc.units[heading.unit],
                             "fields:card_site")  # fmt: skip
        prog = heading or (program if program is not None and ui - since <= 12 else adoc.main_program())
        if prog is None:
            continue
        pid = prog.props["eid"]
        for m in value:
            eid = m.props["eid"]
            if role == "place" and m.type == "City":
                rels.add(pid, "IMPLEMENTED_IN", eid, u, "fields:place")
            elif role == "lead" and m.type in BODIES:
                rels.add(eid, "LEADS", pid, u, "fields:lead")
            elif role == "participant" and m.type in BODIES:
                rels.add(eid, "PARTICIPATES_IN", pid, u, "fields:participant")
        if role == "participant":
            group_field(adoc, rels, ui, start, value)

    listed_parts(adoc, rels, ctx, [(ui, m.props["eid"]) for ui, m in cards], "fields:card_part")


def group_field(adoc: AnnotatedDoc, rels: RelationSet, ui: int, start: int, value: list[Mention]) -> None:
    """ "컨소시엄: A(주관사, 45%), B(25%), C": the members of a group field (frames.toml role_nouns.groups)
    are partners of its head, the one a head noun follows in brackets (주관사, 대표사), else the first."""
    text = adoc.text
    label = text[adoc.units[ui].start : start]
    if not any(g in label for g in frames().role_nouns.groups):
        return
    members = [
        m for m in value if m.type in BODIES and text.count("(", start, m.start) == text.count(")", start, m.start)
    ]
    if len(members) < 2:
        return
    heads = tuple(frames().role_nouns.heads)

    def bracket(m: Mention) -> str:
        after = text[m.end : m.end + 20]
        close = after.find(")")
        return after[: close + 1] if after.lstrip("㈜ ").startswith("(") and close > 0 else ""

    head = next((m for m in members if any(h in bracket(m) for h in heads)), members[0])
    for m in members:
        if m is not head and m.props["eid"] != head.props["eid"]:
            rels.add(head.props["eid"], "PARTNERS_WITH", m.props["eid"], adoc.units[ui], "fields:group")


def listed_parts(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context, run: list[tuple[int, str]], rule: str) -> None:
    """Two or more listed programs (unit, program id) after a unit that speaks of tasks or programs ("지구별
    과제는 다음과 같다", "아래 4개 과제가 확정됐다") are parts of the program that unit is about."""
    if len(run) < 2 or run[0][0] == 0:
        return
    lead = run[0][0] - 1
    if not any(w in adoc.units[lead].text for w in program_nouns()):
        return
    whole = ctx.program(lead)
    if whole is None or whole.props["eid"] in {pid for _, pid in run}:
        return
    for ui, pid in run:
        rels.add(pid, "PART_OF", whole.props["eid"], adoc.units[ui], rule)
