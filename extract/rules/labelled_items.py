"""Relations of labelled list items: "- NAME: ㈜X(A시 실증)", "- NAME: A시·B 협의체".

An item whose name before the colon is a program (extract.entities, structure.toml [labelled_items])
and whose bodies follow the colon: each body named outside brackets takes part in the program (a
city among them is a member, as in a council of a city and a firm); a city in brackets after a body
is where the program runs; members joined before a group word (협의체, 컨소시엄) are partners.
"""

from __future__ import annotations

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention, bodies_only
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import frames
from citykg.extract.rules.context import Context

_BODIES = ("Company", "Organization", "City", "Ministry")


def labelled_item(adoc: AnnotatedDoc, ui: int) -> tuple[Mention, int] | None:
    """The program a list item names before its colon, and where its bodies start; None when the unit
    is no such item (its name is no program, or what follows the colon is more than bodies)."""
    u = adoc.units[ui]
    if u.kind != "item":
        return None
    top = adoc.top_mentions(ui)
    if not top or top[0].type != "Program" or top[0].start - u.start > 3:
        return None
    prog, text = top[0], adoc.text
    rest = text[prog.end : u.end]
    if not rest.lstrip(" ’'」").startswith((":", "：")):
        return None  # the item's name, then its colon
    colon = prog.end + len(rest) - len(rest.lstrip(" ’'」:："))
    if not bodies_only(text, colon, u.end, top[1:]):
        return None
    return prog, colon


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    text = adoc.text
    groups = tuple(frames().role_nouns.groups)
    for ui, u in enumerate(adoc.units):
        item = labelled_item(adoc, ui)
        if item is None:
            continue
        prog, colon = item
        members: list[str] = []
        for m in adoc.top_mentions(ui)[1:]:
            if m.type not in _BODIES:
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
