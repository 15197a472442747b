"""What a unit is about, for clauses that leave an argument unsaid.

- the actor: who a subjectless sentence is about. A press release or report is about its publisher;
  a news story (no publisher) about the body that was last the subject of a sentence;
- the program: the one named earlier in the unit, else the one that opens its section (a heading or
  numbered item starting with a program's name), else one named in the three units before, else the
  program of the title;
- the certification: the one named in the unit, else in the four units before, else the last one.
"""

from __future__ import annotations

import re
from functools import cached_property

from citykg.extract.anaphora import home_city
from citykg.extract.clauses import Arg, Clause, ClauseReader
from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.records import BODIES
from citykg.extract.resources import frames, grammar, structure
from citykg.extract.table_columns import column_roles

_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[가-하][.)]|\(\d{1,2}\)|[IVXⅠ-Ⅻ]{1,4}\.|[①-⑳])$")


class Context:
    def __init__(self, adoc: AnnotatedDoc) -> None:
        self.adoc = adoc
        self.reader = ClauseReader(adoc)
        self.councils = tuple(structure().publisher.councils)

    @cached_property
    def parsed(self) -> list[tuple[list[Arg], list[Clause]]]:
        return [self.reader.read(ui) for ui in range(len(self.adoc.units))]

    @property
    def clauses(self) -> list[list[Clause]]:
        return [c for _, c in self.parsed]

    @cached_property
    def actors(self) -> list[str | None]:
        """The actor of each unit (see the module doc)."""
        adoc = self.adoc
        actor = adoc.publisher if adoc.publisher and adoc.type_of(adoc.publisher) in BODIES else None
        home = home_city(adoc)
        if home is not None and adoc.entity[adoc.publisher].name.endswith(self.councils):
            actor = home.id  # a council's minutes are about its city's administration
        out: list[str | None] = []
        for ui, u in enumerate(adoc.units):
            out.append(actor)
            if adoc.publisher is not None or u.kind == "row":
                continue
            for c in self.clauses[ui]:
                subj = next(
                    (
                        m
                        for a in c.args
                        if a.case in ("subj", "topic") and c.form != "adnominal"
                        for m in a.members
                        if m.type in ("City", "Ministry", "Organization", "Company")
                    ),
                    None,
                )
                if subj is not None:
                    actor = subj.props["eid"]
                    break
        return out

    def row_city(self, ui: int) -> str | None:
        """The city a table row is about: its first cell (or the one after a serial number) is that
        city's name, or the row continues the rows of the last city named so."""
        return self._row_cities.get(ui)

    @cached_property
    def _row_cities(self) -> dict[int, str | None]:
        out: dict[int, str | None] = {}
        last: dict[int, str | None] = {}
        for ui, u in enumerate(self.adoc.units):
            if u.kind != "row" or u.table is None or not u.cells:
                continue
            cell = u.cells[0]
            if len(u.cells) > 2 and re.fullmatch(
                r"\s*(?:\d{1,3}|[①-⑳]|[가-하])\.?\s*", self.adoc.text[cell[0] : cell[1]]
            ):
                cell = u.cells[1]
            text = re.sub(r"[\s\[\]()#*]", "", self.adoc.text[cell[0] : cell[1]])
            first = [m for m in self.adoc.top_mentions(ui) if cell[0] <= m.start < max(cell[1], cell[0] + 1)]
            if first and first[0].type == "City" and re.sub(r"\s", "", first[0].text) == text:
                last[u.table] = out[ui] = first[0].props["eid"]
            elif not text:
                out[ui] = last.get(u.table)
            else:
                last[u.table] = out[ui] = None
        return out

    def program(self, ui: int, before: int | None = None) -> Mention | None:
        adoc = self.adoc
        here = [m for m in adoc.unit_mentions(ui) if m.type == "Program" and (before is None or m.start < before)]
        if here:
            return here[-1]
        units = adoc.units
        entries = self._list_entries
        for j in range(ui - 1, max(-1, ui - 25), -1):
            u = units[j]
            if j in entries:
                continue  # "① NAME(…) – 참여기업: X": an entry of a list, not a section's heading
            if u.kind == "heading" or (u.marker and _NUMBERED.match(u.marker)):
                ts = adoc.title_span
                if ts and ts[0] <= u.start and u.end <= ts[1] + 1:
                    break  # the document's title is no section heading (a reader may or may not mark it)
                progs = [m for m in adoc.unit_mentions(j) if m.type == "Program"]
                if progs and progs[0].start - u.start <= 3:
                    return progs[0]
                break
        own = self.own_program(adoc.publisher) if adoc.publisher else None
        aside: Mention | None = None
        for j in range(ui - 1, max(-1, ui - 4), -1):
            if j in entries:
                continue  # the parts a list names are not what the prose after it is about
            progs = [m for m in adoc.unit_mentions(j) if m.type == "Program"]
            if progs and all(self._aside(m) for m in progs):
                aside = aside or progs[-1]  # named in passing: the one before it is what the text is about
                continue
            progs = [m for m in progs if not self._aside(m)]
            if progs and units[j].kind != "row":
                # a city's own document: its own program outranks another one named in passing
                if own and all(p.props["eid"] != own for p in progs):
                    return self._first_mention(own) or progs[-1]
                return progs[-1]
        main = adoc.main_program()
        if main is None and aside is not None:
            return aside
        return main if main is not None else (self._first_mention(own) if own else None)

    @cached_property
    def _list_entries(self) -> frozenset[int]:
        return frozenset(self.adoc.item_fields)

    def group_program(self, ui: int, args: list[Arg]) -> Mention | None:
        """ "컨소시엄에는 A, B가 참여한다": a group (frames.toml role_nouns.groups) is formed for one
        program, the one named with it: in this unit, else in the last unit before that names a group and
        a program together; None when no argument is a group or no unit ties one to a program."""
        groups = tuple(frames().role_nouns.groups)
        if not any(a.noun and a.noun.endswith(groups) for a in args):
            return None
        here = [m for m in self.adoc.unit_mentions(ui) if m.type == "Program"]
        if here:
            return here[0]
        for j in range(ui - 1, -1, -1):
            u = self.adoc.units[j]
            if u.kind == "row" or not any(g in u.text for g in groups):
                continue
            progs = [m for m in self.adoc.unit_mentions(j) if m.type == "Program"]
            if progs:
                return progs[0]
        return None

    def _aside(self, m: Mention) -> bool:
        """A name written as an aside ("A시 사업과 함께", grammar.toml [salience])."""
        after = self.adoc.text[m.end : m.end + 8].replace("  ", " ")
        return after.startswith(tuple(grammar().salience.adjunct_after))

    def _first_mention(self, eid: str) -> Mention | None:
        e = self.adoc.entity.get(eid)
        return e.mentions[0] if e is not None and e.mentions else None

    @cached_property
    def _own_programs(self) -> dict[str, str]:
        """city id -> the first program whose name holds that city (its own program)."""
        from citykg.extract.rules.names import city_in_name

        out: dict[str, str] = {}
        for e in sorted((e for e in self.adoc.entities if e.type == "Program"), key=lambda e: e.mentions[0].start):
            city = city_in_name(self.adoc, e.mentions[0])
            if city:
                out.setdefault(city, e.id)
        # a table that gives each city one program of its own (a row: the city, then its program)
        rows: dict[str, set[str]] = {}
        for ui, u in enumerate(self.adoc.units):
            city = self.row_city(ui)
            if city is None or not u.header:
                continue
            roles = column_roles(tuple(u.header))
            cells = [u.cells[k] for k, r in enumerate(roles) if r == "program" and k < len(u.cells)]
            progs = {
                m.props["eid"]
                for m in self.adoc.top_mentions(ui)
                if m.type == "Program" and any(s <= m.start < e for s, e in cells)
            }
            rows.setdefault(city, set()).update(progs)
        for city, progs in rows.items():
            if len(progs) == 1:
                out.setdefault(city, progs.pop())
        return out

    def own_program(self, city_id: str) -> str | None:
        return self._own_programs.get(city_id)

    def certification(self, ui: int) -> Mention | None:
        adoc = self.adoc
        for j in range(ui, max(-1, ui - 5), -1):
            certs = [m for m in adoc.unit_mentions(j) if m.type == "Certification"]
            if certs:
                return certs[-1]
        last = None
        for e in adoc.entities:
            if e.type == "Certification":
                for m in e.mentions:
                    if m.unit <= ui and (last is None or m.start > last.start):
                        last = m
        return last
