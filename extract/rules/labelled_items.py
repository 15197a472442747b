"""Relations of labelled list items: "- NAME: ㈜X(A시 실증)", "- NAME: A시·B 협의체".

An item whose name before the colon is a program (extract.entities, structure.toml [labelled_items])
and whose bodies follow the colon: each body named outside brackets takes part in the program (a
city among them is a member, as in a council of a city and a firm); a city in brackets after a body
is where the program runs; members joined before a group word (협의체, 컨소시엄) are partners.
"""

from __future__ import annotations

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import bodies_only
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import frames
from citykg.extract.rules.context import Context

_BODIES = ("Company", "Organization", "City", "Ministry")


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    text = adoc.text
    groups = tuple(frames().role_nouns.groups)
    for ui, u in enumerate(adoc.units):
        if u.kind != "item":
            continue
        top = adoc.top_mentions(ui)
        if not top or top[0].type != "Program" or top[0].start - u.start > 3:
            continue
        prog = top[0]
        rest = text[prog.end : u.end]
        if not rest.lstrip(" ’'」").startswith((":", "：")):
            continue  # the item's name, then its colon
        colon = prog.end + len(rest) - len(rest.lstrip(" ’'」:："))
        if not bodies_only(text, colon, u.end, top[1:]):
            continue
        members: list[str] = []
        for m in top[1:]:
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
