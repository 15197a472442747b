"""The relations of one document as the rules find them: one per (source, type, target).

Every relation names the rule that made it (`rule`, kept in `properties.rule`), takes that rule's
confidence from extract/data/rules.toml, respects the ontology's type table, and keeps up to three
evidence spans (the units that state it). `explain` keeps, per relation, what the rule matched
(predicate, arguments) for `citykg extract --explain`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc
from citykg.extract.records import PART_OF_PAIRS, RELATION_SIGNATURES
from citykg.extract.resources import rulebook
from citykg.extract.segment import Unit

_UNIT_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:년\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?|[.]\s*(\d{1,2})\s*[.]\s*(\d{1,2})[.)]?(?!\d))"
)
MAX_EVIDENCE = 3


def unit_date(text: str) -> str | None:
    """The one explicit date a unit gives ("2018년 12월", "2018.6.5."), as YYYY-MM(-DD); None if none or several."""
    found = {
        f"{int(y):04d}-{int(m1 or m2):02d}" + (f"-{int(d1 or d2):02d}" if (d1 or d2) else "")
        for y, m1, d1, m2, d2 in _UNIT_DATE.findall(text)
        if 1 <= int(m1 or m2 or 0) <= 12
    }
    return found.pop() if len(found) == 1 else None


@dataclass
class Rel:
    source: str
    type: str
    target: str
    confidence: float
    rule: str
    properties: dict = field(default_factory=dict)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _confidences() -> dict[str, float]:
    return {name: r.confidence for name, r in rulebook().rules.items()}


def confidence(rule: str) -> float:
    base = rule.split("/", 1)[0]
    try:
        return _confidences()[base]
    except KeyError:
        raise KeyError(f"rule {base!r} is not in extract/data/rules.toml") from None


class RelationSet:
    def __init__(self, adoc: AnnotatedDoc) -> None:
        self.adoc = adoc
        self.rels: dict[tuple[str, str, str], Rel] = {}

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        return key in self.rels

    def __iter__(self):
        return iter(list(self.rels.values()))

    def get(self, key: tuple[str, str, str]) -> Rel | None:
        return self.rels.get(key)

    def remove(self, key: tuple[str, str, str]) -> None:
        self.rels.pop(key, None)

    def allowed(self, src: str, type_: str, tgt: str) -> bool:
        ents = self.adoc.entity
        if src == tgt or src not in ents or tgt not in ents:
            return False
        st, tt = ents[src].type, ents[tgt].type
        srcs, tgts = RELATION_SIGNATURES[type_]
        if st not in srcs or tt not in tgts:
            return False
        return type_ != "PART_OF" or (st, tt) in PART_OF_PAIRS

    def add(
        self,
        src: str,
        type_: str,
        tgt: str,
        unit: Unit,
        rule: str,
        *,
        factor: float = 1.0,
        why: str | None = None,
        **props: object,
    ) -> bool:
        """Add (or strengthen) a relation; False when the ontology does not allow it."""
        if not self.allowed(src, type_, tgt):
            return False
        if type_ == "PARTNERS_WITH" and (tgt, type_, src) in self.rels:
            src, tgt = tgt, src
        conf = round(confidence(rule) * factor, 2)
        key = (src, type_, tgt)
        r = self.rels.get(key)
        if r is None:
            r = self.rels[key] = Rel(src, type_, tgt, conf, rule)
        elif conf > r.confidence:
            r.confidence, r.rule = conf, rule
        for k, v in props.items():
            if v is not None and k not in r.properties:
                r.properties[k] = v
        if type_ in rulebook().dated_types and "date" not in r.properties:
            d = unit_date(self.adoc.text[unit.start : unit.end])
            if d:
                r.properties["date"] = d
                if type_ == "CERTIFIED":
                    r.properties.setdefault("year", int(d[:4]))
        span = (unit.start, unit.end)
        if span not in r.evidence and len(r.evidence) < MAX_EVIDENCE:
            r.evidence.append(span)
        if why and why not in r.why:
            r.why.append(f"{rule}: {why}")
        return True

    def of_type(self, type_: str) -> list[Rel]:
        return [r for r in self.rels.values() if r.type == type_]
