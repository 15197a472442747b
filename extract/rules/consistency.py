"""What follows from relations already found, and what the ontology rules out between them; run last.

A city that leads a program with no site named anywhere in the document carries it out at home
(IMPLEMENTED_IN the city) when it is work done somewhere (a project, a plan, a platform; not an
event, contest or law) and not part of a larger program, with the confidence of an inference.
A body that leads a program does not also merely take part in it (PARTICIPATES_IN: "takes part
without leading").
"""

from __future__ import annotations

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import rulebook
from citykg.extract.rules.context import Context


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    for r in rels.of_type("PARTICIPATES_IN"):
        if (r.source, "LEADS", r.target) in rels:
            rels.remove((r.source, r.type, r.target))

    sited = {r.source for r in rels.of_type("IMPLEMENTED_IN")} | {r.source for r in rels.of_type("PART_OF")}
    for r in rels.of_type("LEADS"):
        if r.target in sited or adoc.type_of(r.source) != "City" or adoc.type_of(r.target) != "Program":
            continue
        if adoc.entity[r.target].properties.get("kind") not in rulebook().home_site_kinds:
            continue
        unit = adoc.units[adoc.unit_index[r.evidence[0]]]
        rels.add(r.target, "IMPLEMENTED_IN", r.source, unit, "consistency:home_site", why=f"{r.rule} led by a city")
