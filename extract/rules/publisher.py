"""The publisher's own programs (ONTOLOGY.md: the publisher of a press release or report LEADS the
programs the document presents as its own).

A heading or numbered item that is little else than a program's name ("1. 스마트시티 정책 연구",
"□ 스마트도시 인증제 운영") presents that program as the publisher's work, unless the program's name
holds another city, or another body already leads it in this document.
"""

from __future__ import annotations

import re

from citykg.extract.document import AnnotatedDoc
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.rules.context import _NUMBERED, Context
from citykg.extract.rules.names import city_in_name


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    pub = adoc.publisher
    if not pub or adoc.type_of(pub) not in BODIES:
        return
    led = {r.target for r in rels.of_type("LEADS")}
    if adoc.type_of(pub) == "City":
        # a city's own release or report: the programs named after the city are its own
        for e in adoc.entities:
            if e.type == "Program" and e.id not in led and city_in_name(adoc, e.mentions[0]) == pub:
                rels.add(pub, "LEADS", e.id, adoc.units[e.mentions[0].unit], "publisher:own")
    for ui, u in enumerate(adoc.units):
        if not (u.kind == "heading" or (u.marker and (_NUMBERED.match(u.marker) or u.marker in ("□", "■", "◆", "○")))):
            continue
        top = adoc.top_mentions(ui)
        if not top or top[0].type != "Program" or top[0].start - u.start > 3:
            continue
        p = top[0]
        letters = len(re.sub(r"[^가-힣A-Za-z0-9]", "", u.text))
        if len(re.sub(r"[^가-힣A-Za-z0-9]", "", p.text)) < 0.6 * max(letters, 1):
            continue
        pid = p.props["eid"]
        city = city_in_name(adoc, p)
        if pid in led or (city and city != pub):
            continue
        rels.add(pub, "LEADS", pid, u, "publisher:heading")
