"""WORKS_FOR: a person and the body they serve, from the title beside the name.

The body is the one written right before the person (국토교통부 길병우 도시정책관), or between the
name and the title (장민주 세종시 스마트도시과장), or the one a compound title names (부산시장 ->
부산광역시); failing those, a titled person in a press release works for its publisher. In a contact
table the row's body, or the body of the rows above, is the employer; in a list of persons with
their titles and phone numbers, those after the first serve the first one's body.
"""

from __future__ import annotations

import re

from citykg.extract.anaphora import home_city
from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.resources import gazetteer, lexicon, structure
from citykg.extract.rules.context import Context

_OFFICE = re.compile(r"\s+[가-힣]+(?:국|과|실|팀|처|단|센터|본부|학과)\s+")


def _office_then_title(after_body: str, title: str) -> bool:
    """ " 항만정책국 항만개발과장": an office of the body, then the person's title."""
    m = _OFFICE.match(after_body)
    return m is not None and after_body[m.end() :].startswith(title)


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    table_body: dict[int, str | None] = {}
    committee = _cover_committee(adoc)
    if committee:
        rels.add(committee, "PART_OF", adoc.publisher, adoc.units[0], "people:committee")
    for ui, u in enumerate(adoc.units):
        ms = adoc.unit_mentions(ui)
        persons = [m for m in ms if m.type == "Person"]
        if not persons:
            continue
        bodies = [m for m in adoc.top_mentions(ui) if m.type in BODIES]
        if u.kind == "row" and u.table is not None:
            first_person = min(p.start for p in persons)
            named = [b for b in bodies if b.type in ("Organization", "Company", "Ministry") and b.end <= first_person]
            if named:
                table_body[u.table] = named[0].props["eid"]
        prev: tuple[int, str] | None = None  # (end, employer) of the last person placed by a body beside
        for p in sorted(persons, key=lambda m: m.start):
            pid = p.props["eid"]
            title = adoc.entity[pid].properties.get("title") or p.props.get("title")
            target, rule = _employer(adoc, u, p, title, bodies, table_body)
            if rule == "people:publisher" and prev and _same_list(adoc, prev[0], p.start, bodies):
                target, rule = prev[1], "people:list"
            if target:
                rels.add(pid, "WORKS_FOR", target, u, rule, title=title)
            if committee and target == adoc.publisher and title in lexicon().council_titles:
                rels.add(pid, "WORKS_FOR", committee, u, "people:committee", title=title)
            if rule in ("people:beside", "people:list"):
                prev = (p.end, target)


def _cover_committee(adoc: AnnotatedDoc) -> str | None:
    """The one committee (an Organization ending 위원회) named on the first lines of a council's
    minutes: the council's committee whose meeting they record."""
    pub = adoc.entity.get(adoc.publisher) if adoc.publisher else None
    if pub is None or not pub.name.endswith(tuple(structure().publisher.councils)):
        return None
    cover_end = sum(len(line) + 1 for line in adoc.text.split("\n")[:10])
    found = {
        e.id
        for e in adoc.entities
        if e.type == "Organization" and e.name.endswith("위원회") and any(m.start < cover_end for m in e.mentions)
    }
    return found.pop() if len(found) == 1 else None


def _employer(
    adoc: AnnotatedDoc, u, p: Mention, title: str | None, bodies: list[Mention], table_body
) -> tuple[str | None, str]:
    text = adoc.text
    near = [
        b
        for b in bodies
        if 0 <= p.start - b.end <= 30
        or (
            0 <= b.start - p.end <= 12
            and bool(title)
            and (
                text[b.end : b.end + len(title) + 2].lstrip().startswith(title[:2])
                or text[b.end : b.end + 1] == "장"  # "홍길동 경남정보산업진흥원장": the body's head
                # "홍길동 해양수산부 항만정책국 항만개발과장": one office of the body, then the title
                or _office_then_title(text[b.end : b.end + 40], title)
            )
        )
    ]
    if not near:
        near = _bracket_after(adoc, u, p, bodies)
    if title in lexicon().press_titles:
        near = [b for b in near if b.type == "Company"]
        if not near:
            return None, ""
    # a title written first ("부서장 홍길동 (기관)"): the body before the title, not a label after the name
    # a body between the name and its title is the employer before any body written before the name
    # ("…부총장, 류현석 ㈜X 대표")
    near.sort(key=lambda b: (b.start < p.start, abs(p.start - b.end)))
    if near:
        return near[0].props["eid"], "people:beside"
    if u.kind == "row":
        first_empty = bool(u.cells) and not text[u.cells[0][0] : u.cells[0][1]].strip()
        if first_empty and table_body.get(u.table):
            return table_body[u.table], "people:table"
    if title:
        named = _body_in_title(adoc, title)
        if named:
            return named, "people:title"
        home = home_city(adoc)
        council = home is not None and adoc.entity[adoc.publisher].name.endswith(tuple(structure().publisher.councils))
        if council and title not in lexicon().council_titles:
            return home.id, "people:publisher"  # officials answering in a council's minutes serve its city
        if adoc.publisher:
            return adoc.publisher, "people:publisher"
    return None, ""


def _same_list(adoc: AnnotatedDoc, after: int, before: int, bodies: list[Mention]) -> bool:
    """ "국토교통부 과장 A(044-…), 사무관 B": only a title, a phone number and separators between two
    persons, no other body: the second serves the body of the first."""
    gap = adoc.text[after:before]
    if len(gap) > 40 or any(after <= b.start < before for b in bodies):
        return False
    return re.fullmatch(r"[\s\d()\-,/·☎:☏~]*[가-힣]{0,8}\s*", gap) is not None


def _bracket_after(adoc: AnnotatedDoc, u, p: Mention, bodies: list[Mention]) -> list[Mention]:
    """ "A 연구위원, B 책임연구원 (국토연구원 …)": the body in the bracket that closes a list of persons."""
    text = adoc.text
    close_from = text.find("(", p.end, min(u.end, p.end + 80))
    if close_from < 0 or not re.fullmatch(r"[\s가-힣,·]*", text[p.end : close_from]):
        return []
    return [b for b in bodies if close_from < b.start <= close_from + 2]


def _body_in_title(adoc: AnnotatedDoc, title: str) -> str | None:
    """부산시장 -> 부산광역시, 해운대구청장 -> 해운대구: the body a compound title names, if in the text."""
    for cut in range(len(title) - 2, 1, -1):
        for ref in gazetteer().lookup(title[:cut]):
            if ref.id in adoc.entity:
                return ref.id
    return None
