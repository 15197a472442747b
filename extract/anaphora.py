"""Short references to a body: "시는", "우리 군은", "구는 …", "재단이", "동사는".

A bare kind noun (extract/data/structure.toml [anaphora]) standing as a word before a particle
refers to the publisher when the publisher is of that kind (a press release of 태안군 says "군은"),
otherwise to the last body of that kind named in the three units before (a news story about 수성구
says "구는"). Each reference becomes a mention of that entity, so clauses see the body as their
argument. Nothing is guessed when no body of that kind is in reach.

A demonstrative and a head noun ("이번 정비 사업은", "이 플랫폼에") refer to the last program named
before whose name ends with that head and holds the words between (structure.toml [anaphora]).
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.resolve import ResolvedEntity
from citykg.extract.resources import gazetteer, grammar, structure


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    a = structure().anaphora
    kinds = sorted({*a.city_kinds, *a.body_kinds, *a.company_words}, key=len, reverse=True)
    words = "|".join(re.escape(k) for k in kinds)
    first = "|".join(re.escape(w) for w in a.first_person)
    particles = "|".join(sorted((re.escape(f) for f in grammar().case.table()), key=len, reverse=True))
    return re.compile(rf"(?<![가-힣A-Za-z0-9])(?:(?:{first})\s?)?(?P<kind>{words})(?=(?:{particles})(?![가-힣]))")


def _kind_of(name: str, type_: str, kind: str) -> bool:
    a = structure().anaphora
    if kind in a.company_words:
        return type_ == "Company"
    if kind in a.city_kinds:
        return type_ == "City" and name.endswith(kind)
    return type_ in ("Organization", "Ministry") and name.endswith(kind)


def home_city(adoc: AnnotatedDoc):
    """The city a publishing body belongs to by name (아산시의회 -> 아산시), if the text names it."""
    pub = adoc.entity.get(adoc.publisher) if adoc.publisher else None
    if pub is None or pub.type == "City":
        return None
    cities = [e for e in adoc.entities if e.type == "City" and pub.name.startswith(e.name) and e.name != pub.name]
    if cities:
        return max(cities, key=lambda e: len(e.name))
    # 여수시의회 -> 여수시: the gazetteer knows the city under the name the body uses
    for suffix in structure().publisher.councils:
        if not pub.name.endswith(suffix):
            continue
        for ref in gazetteer().lookup(pub.name[: -len(suffix)]):
            if ref.type == "City" and ref.id in adoc.entity:
                return adoc.entity[ref.id]
    return None


@lru_cache(maxsize=1)
def _program_pattern() -> re.Pattern[str]:
    a = structure().anaphora
    dem = "|".join(re.escape(d) for d in sorted(a.demonstratives, key=len, reverse=True))
    heads = "|".join(re.escape(h) for h in sorted(a.program_heads, key=len, reverse=True))
    particles = "|".join(sorted((re.escape(f) for f in grammar().case.table()), key=len, reverse=True))
    return re.compile(
        rf"(?<![가-힣A-Za-z0-9])(?:{dem})\s(?P<mods>(?:[가-힣A-Za-z0-9]+\s){{0,2}})(?P<head>{heads})"
        rf"(?=(?:{particles})(?![가-힣])|\s)"
    )


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _refer(adoc: AnnotatedDoc, target: ResolvedEntity, a: int, b: int, ui: int) -> None:
    """A short reference at [a, b) becomes a mention of `target`."""
    mention = Mention(a, b, target.type, adoc.text[a:b], target.name, "anaphor", ui, (), {"eid": target.id}, 0)
    target.mentions.append(mention)


def _settle(adoc: AnnotatedDoc) -> None:
    """Mentions back in order, and the per-unit index rebuilt on next use."""
    for e in adoc.entities:
        e.mentions.sort(key=lambda m: m.start)
    adoc.__dict__.pop("by_unit", None)


def fold_headline_abbreviations(adoc: AnnotatedDoc) -> None:
    """A program quoted only in the headlines ("… ‘바다숲 복원’ 실증 착수") whose words stand inside
    exactly one longer program's name in the body ("스마트 바다숲 복원 실증사업") is that program,
    shortened for the headline: its mentions move to it."""
    # the headline area: the lines before the first finished sentence of the body (…다.)
    first = next((u.start for u in adoc.units if re.search(r"(?:다|함|임)\.?\s*$", u.text)), None)
    if first is None:
        return
    progs = [e for e in adoc.entities if e.type == "Program"]
    drop = []
    for e in progs:
        if not e.mentions or not all(m.start < first for m in e.mentions):
            continue
        if not all(m.source.startswith("quote") for m in e.mentions):
            continue
        key = _compact(e.name)
        longer = [o for o in progs if o is not e and key in _compact(o.name) and key != _compact(o.name)]
        if len(longer) != 1:
            continue
        target = longer[0]
        for m in e.mentions:
            target.mentions.append(
                Mention(m.start, m.end, "Program", m.text, target.name, "headline", m.unit, (), {"eid": target.id}, 0)
            )
        target.aliases.add(e.name)
        target.mentions.sort(key=lambda m: m.start)
        drop.append(e.id)
    if drop:
        adoc.entities = [e for e in adoc.entities if e.id not in drop]
        for k in ("entity", "by_unit"):
            adoc.__dict__.pop(k, None)


def resolve_program_references(adoc: AnnotatedDoc) -> None:
    """Add a mention of the program a demonstrative phrase refers to (see the module doc)."""
    taken = sorted((m.start, m.end) for e in adoc.entities for m in e.mentions)
    progs = sorted((m.start, e) for e in adoc.entities if e.type == "Program" for m in e.mentions)
    added = False
    for ui, u in enumerate(adoc.units):
        for m in _program_pattern().finditer(adoc.text, u.start, u.end):
            a, b = m.start(), m.end()
            if any(s < b and a < e for s, e in taken):
                continue
            mods = [_compact(w) for w in m.group("mods").split()]
            target = None
            for start, e in reversed(progs):
                if start >= a:
                    continue
                names = [_compact(n) for n in (e.name, *e.aliases)]
                if any(n.endswith(m.group("head")) and all(w in n for w in mods) for n in names):
                    target = e
                    break
            if target is None:
                continue
            _refer(adoc, target, a, b, ui)
            added = True
    if added:
        _settle(adoc)


# a sentence's opening topic of one or two words: "드론 배송은", "콜버스는" (after an opening quote too)
_OPENING_TOPIC = re.compile(r"[\"“‘']?(?P<np>[가-힣A-Za-z0-9]{2,10}(?:\s[가-힣A-Za-z0-9]{2,10})?)(?:은|는)\s")


def resolve_keyword_references(adoc: AnnotatedDoc) -> None:
    """ "드론 배송은 …", "콜버스는 …": a sentence opening with a topic of one or two words, every word
    (but a program head: 서비스, 사업 …) inside the name of exactly one program named before and its last
    word inside the name's last, refers to that program, as speech shortens a long name to its key words."""
    taken = sorted((m.start, m.end) for e in adoc.entities for m in e.mentions)
    progs = sorted((m.start, e) for e in adoc.entities if e.type == "Program" for m in e.mentions)
    heads = tuple(structure().anaphora.program_heads)
    added = False
    for ui, u in enumerate(adoc.units):
        if u.kind not in ("sentence", "item"):
            continue
        m = _OPENING_TOPIC.match(adoc.text, u.start, u.end)
        if not m:
            continue
        a, b = m.span("np")
        if any(s < b and a < e for s, e in taken):
            continue
        words = [w for w in m.group("np").split() if w not in heads]
        if not words or gazetteer().lookup(m.group("np")):
            continue
        # every word inside the name, the last one (the phrase's head) inside the name's last word: "수성알파시티는"
        # names the place of "수성알파시티 자율주행 리빙랩", not the project
        found = {
            e.id: e
            for start, e in progs
            if start < a
            and all(w in _compact(e.name) for w in words)
            and words[-1] in e.name.split()[-1]
            and _compact(e.name) != "".join(words)
        }
        if len(found) != 1:
            continue
        _refer(adoc, found.popitem()[1], a, b, ui)
        added = True
    if added:
        _settle(adoc)


def resolve_references(adoc: AnnotatedDoc) -> None:
    """Add a mention for every short reference whose body can be told (see the module doc)."""
    taken = sorted((m.start, m.end) for e in adoc.entities for m in e.mentions)
    ents = adoc.entity
    pub = ents.get(adoc.publisher) if adoc.publisher else None
    named: list[tuple[int, int, str]] = sorted(
        (m.start, m.unit, e.id) for e in adoc.entities for m in e.mentions if e.type != "Person"
    )
    home = home_city(adoc)
    added = False
    for ui, u in enumerate(adoc.units):
        for m in _pattern().finditer(adoc.text, u.start, u.end):
            a, b = m.start(), m.end()
            if any(s < b and a < e for s, e in taken):
                continue
            kind = m.group("kind")
            target = None
            if pub is not None and _kind_of(pub.name, pub.type, kind):
                target = pub
            elif home is not None and _kind_of(home.name, home.type, kind):
                target = home  # "우리 시는" in the minutes of 아산시의회: 아산시
            else:
                for start, unit, eid in reversed(named):
                    if start >= a:
                        continue
                    if ui - unit > 3:
                        break
                    e = ents[eid]
                    if _kind_of(e.name, e.type, kind):
                        target = e
                        break
            if target is None:
                continue
            _refer(adoc, target, a, b, ui)
            added = True
    if added:
        _settle(adoc)
