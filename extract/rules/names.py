"""Relations that a name and what stands right beside it state.

- a city that opens a program's name hosts it (광산구 스마트시티계획, 시흥 리빙랩);
- a ministry or public body written right before a program's name (no particle between) runs it
  (국토교통부 알뜰교통카드), as does the one in brackets after it (P(국토부), P(X 주관));
- a certification's issuer from the reference data (its `issuer` property), and the body in brackets
  after a certification with a running noun (C(X 주관), C 수상(X 시행)).
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.relation_set import RelationSet
from citykg.extract.resolve import program_form
from citykg.extract.resources import gazetteer, lexicon, national_programs, structure
from citykg.extract.rules.context import Context


def national_owner(name: str) -> str | None:
    """The body that runs the national program a name holds (national_programs.toml), if any."""
    form = program_form(name).replace(" ", "")
    return next((owner for stem, owner in _national_owners() if stem in form), None)


_NATIONAL_KINDS = frozenset({"project", "pilot", "challenge", "platform"})


def _city_named(adoc: AnnotatedDoc, e) -> bool:
    return any(city_in_name(adoc, m) for m in e.mentions[:1])


@lru_cache(maxsize=1)
def _national_owners() -> tuple[tuple[str, str], ...]:
    """(name in program_form without spaces, owner id) of national_programs.toml, longest first."""
    pairs = [(program_form(n).replace(" ", ""), p.owner) for p in national_programs().program for n in p.names]
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))


@lru_cache(maxsize=1)
def _running() -> str:
    return "|".join(re.escape(w) for w in structure().brackets.running)


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    text = adoc.text
    for ui, u in enumerate(adoc.units):
        top = adoc.top_mentions(ui)
        for k, p in enumerate(top):
            if p.type == "Program":
                city = city_in_name(adoc, p)
                if city:
                    rels.add(p.props["eid"], "IMPLEMENTED_IN", city, u, "name:city")
                prev = top[k - 1] if k else None
                if (
                    prev is not None
                    and prev.type in ("Ministry", "Organization")
                    and re.fullmatch(r"(?:의)?\s?[‘“「『'\"]?", text[prev.end : p.start])
                ):  # "국토교통부 P", "행정안전부의 ‘P’": the body's own program
                    rels.add(prev.props["eid"], "LEADS", p.props["eid"], u, "name:owner")
                if (
                    prev is not None
                    and prev.type == "Company"
                    and re.fullmatch(r"(?:㈜|\(주\))?의\s?[‘“「『'\"]?", text[prev.end : p.start])
                ):
                    # "X사의 ‘P’": a firm's own product or service, which it builds
                    rels.add(prev.props["eid"], "PARTICIPATES_IN", p.props["eid"], u, "name:maker")
            if p.type == "Program":
                for b in bracket_members(adoc, p, top):
                    if b.type == "City":
                        rels.add(p.props["eid"], "IMPLEMENTED_IN", b.props["eid"], u, "name:bracket_member")
                    else:
                        rels.add(b.props["eid"], "PARTICIPATES_IN", p.props["eid"], u, "name:bracket_member")
            if p.type in ("Program", "Certification"):
                for b in _bracketed(adoc, p, top):
                    rel = "LEADS" if p.type == "Program" else "ISSUED_BY"
                    src, tgt = (b.props["eid"], p.props["eid"]) if rel == "LEADS" else (p.props["eid"], b.props["eid"])
                    rels.add(src, rel, tgt, u, "name:bracket")
    owners = _national_owners()
    for e in adoc.entities:
        # the national program itself: not a law or plan about it, nor a city's own edition of it
        if e.type == "Program" and e.properties.get("kind") in _NATIONAL_KINDS and not _city_named(adoc, e):
            form = program_form(e.name).replace(" ", "")
            for stem, owner in owners:
                if stem in form and owner in adoc.entity:
                    # the body named near the program (within two units), not only somewhere in the text
                    units = {o.unit for o in adoc.entity[owner].mentions}
                    near = [m for m in e.mentions if any(abs(k - m.unit) <= 2 for k in units)]
                    if near:
                        rels.add(owner, "LEADS", e.id, adoc.units[near[0].unit], "name:national_program")
                    break
        if e.type == "Certification" and e.name.endswith(tuple(lexicon().program.office_awards)):
            # "국토교통부 장관상", "OO협회장상": the prize of a body's head is given by that body
            m = e.mentions[0]
            givers = [q for q in adoc.nested(m) if q.start == m.start and q.type in ("Ministry", "Organization")]
            if givers:
                rels.add(e.id, "ISSUED_BY", givers[0].props["eid"], adoc.units[m.unit], "name:office_award")
        if e.type == "Certification" and e.ref is not None:
            issuer = e.ref.properties.get("issuer")
            if issuer and issuer in adoc.entity:
                rels.add(e.id, "ISSUED_BY", issuer, adoc.units[e.mentions[0].unit], "name:reference")


def _bracketed(adoc: AnnotatedDoc, p: Mention, top: list[Mention]) -> list[Mention]:
    """The body in brackets right after a name: "P(국토부)", "C(X 주관)", "C 수상(X 시행, 2024)"."""
    text = adoc.text
    m = re.match(r"[’”」』'\"]?\s*(?:[가-힣]{1,4}\s*)?\(", text[p.end : p.end + 12])
    if not m:
        return []
    open_at = p.end + m.end()
    close = text.find(")", open_at)
    if close < 0 or close - open_at > 30:
        return []
    inside = [b for b in top if open_at <= b.start < close and b.type in ("Ministry", "Organization", "Company")]
    if not inside or inside[0].start != open_at:
        return []
    rest = text[inside[0].end : close]
    if re.fullmatch(rf"\s*(?:{_running()})?\s*(?:,.*)?", rest) and (
        inside[0].type == "Ministry" or re.search(_running(), rest)
    ):
        return inside[:1]
    return []


def bracket_members(adoc: AnnotatedDoc, p: Mention, top: list[Mention]) -> list[Mention]:
    """ "P(울산광역시, 고양시)", "P(㈜대흥정보)": the names that are all a bracket after a program holds
    (firms and bodies without a running noun, or cities)."""
    text = adoc.text
    # "P(A시, B군)", "P 구축(A시, B군)": right after the name, or after the noun of what is done
    m = re.match(r"[’”」』'\"]?(?:\s?[가-힣]{1,4})?\s*\(", text[p.end : p.end + 10])
    if not m:
        return []
    open_at = p.end + m.end()
    close = text.find(")", open_at)
    if close < 0 or close - open_at > 80:
        return []
    inside = [b for b in top if open_at <= b.start < close]
    if not inside or any(b.type not in ("City", "Company", "Organization") for b in inside):
        return []
    rest = text[open_at:close]
    for b in inside:
        rest = rest.replace(b.text, "")
    if not re.fullmatch(r"[\s,·‧ㆍ/등]*(?:<[^>]*>)*[\s,·‧ㆍ/등()주㈜]*", rest):
        return []
    if len({b.type == "City" for b in inside}) > 1:
        return []
    return inside


def city_in_name(adoc: AnnotatedDoc, p: Mention) -> str | None:
    """The city a program's name starts with or holds (강릉패스, '한눈에 강동' 플랫폼), if in the text."""
    nested = [m for m in adoc.nested(p) if m.type == "City"]
    inner = [m for m in nested if not any(o is not m and o.start <= m.start and m.end <= o.end for o in nested)]
    if inner:
        # "울산 남구": the longest city inside the name
        return max(inner, key=lambda m: m.end - m.start).props["eid"]
    name = re.sub(r"^[\s'‘“「]+", "", p.text)
    for k in (4, 3, 2):
        cands = [r for r in gazetteer().lookup(name[:k]) if r.type == "City"]
        if len(cands) == 1 and cands[0].id in adoc.entity:
            return cands[0].id
    return None
