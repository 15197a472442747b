"""What the ontology rules out between relations, applied last.

A body that leads a program does not also merely take part in it (PARTICIPATES_IN: "takes part
without leading"), and a body does not select itself's own leader of the same program.
"""

from __future__ import annotations

from citykg.extract.document import AnnotatedDoc
from citykg.extract.relation_set import RelationSet
from citykg.extract.rules.context import Context


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    for r in rels.of_type("PARTICIPATES_IN"):
        if (r.source, "LEADS", r.target) in rels:
            rels.remove((r.source, r.type, r.target))
