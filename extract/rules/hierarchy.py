"""PART_OF from reference data and apposition.

- a 구/군/시 named with its city or province in the same unit is part of it (the gazetteer's parent);
  one whose parent the document names within three units is part of it too (hierarchy:document, a
  neighbouring mention; a parent named only far away says nothing of this city);
- "B 산하 C", "B 소속 C": C belongs to B (affiliation nouns in extract/data/structure.toml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import structure
from citykg.extract.rules.context import Context


@lru_cache(maxsize=1)
def _affiliation() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in structure().affiliation.nouns)
    return re.compile(rf"\s*(?:\([^()]{{0,20}}\))?\s*(?:{words})(?:의)?\s*")


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    for ui, u in enumerate(adoc.units):
        ms = adoc.unit_mentions(ui)
        cities = {m.props["eid"] for m in ms if m.type == "City"}
        for cid in cities:
            parent = adoc.entity[cid].properties.get("parent")
            if parent and parent in cities:
                rels.add(cid, "PART_OF", parent, u, "hierarchy:parent")
            elif parent in adoc.entity and (cid, "PART_OF", parent) not in rels and _near(adoc, parent, ui):
                rels.add(cid, "PART_OF", parent, u, "hierarchy:document")
        bodies = [m for m in adoc.top_mentions(ui) if m.type in ("Organization", "Ministry", "City")]
        for x, y in zip(bodies, bodies[1:], strict=False):
            if _affiliation().fullmatch(adoc.text[x.end : y.start]):
                rels.add(y.props["eid"], "PART_OF", x.props["eid"], u, "hierarchy:affiliation")


def _near(adoc: AnnotatedDoc, eid: str, ui: int, reach: int = 3) -> bool:
    """Is the entity named within `reach` units of unit `ui`?"""
    return any(abs(m.unit - ui) <= reach for m in adoc.entity[eid].mentions)

