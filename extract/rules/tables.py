"""Relations read from tables: each column's role comes from its header (extract/data/structure.toml).

A row states facts about its program (the program column, else a program named in the row, else the
program the table's caption names): the lead column's bodies lead it, the participant column's take
part, the place column's cities host it (a cell may list several, "A시, B군"), and money columns say
who pays what (국비: the ministry behind the program; 시비/구비/군비/지방비: the row's city; 도비: its
province; 사업비/예산: the publisher). A table of cities under a certification (a 인증 column, or a
caption naming one) lists its holders; a table of cities under a program lists its sites.
"""

from __future__ import annotations

import re

from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.resolve import program_form
from citykg.extract.resources import grammar, structure
from citykg.extract.rules.context import Context
from citykg.extract.rules.money import amount_krw
from citykg.extract.rules.names import national_owner
from citykg.extract.segment import Unit
from citykg.extract.table_columns import _compact, column_roles

_NUMBER = re.compile(r"(?:최대\s*)?(\d[\d,]*(?:\.\d+)?)\s*(조|억|천만|백만|만|천)?\s?(원)?")


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    TableRules(adoc, rels, ctx).run()


class TableRules:
    def __init__(self, adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
        self.adoc, self.rels, self.ctx = adoc, rels, ctx
        self.text = adoc.text
        self.words = structure().table
        self.unit_note = re.compile(self.words.unit_note)

    def run(self) -> None:
        captions: dict[int, int] = {}
        tables: dict[int, list[int]] = {}
        for ui, u in enumerate(self.adoc.units):
            if u.kind == "row" and u.table is not None:
                tables.setdefault(u.table, []).append(ui)
        for rows in tables.values():
            if self.key_value(rows):
                continue
            for ui in rows:
                u = self.adoc.units[ui]
                if u.row == 0:
                    captions[u.table] = ui
                    continue
                if u.header:
                    self.row(ui, u, column_roles(tuple(u.header)), captions.get(u.table, ui))

    def key_value(self, rows: list[int]) -> bool:
        """A table of labels and values ("사업명 | P", "사업비 | 500백만원(국비 250, 시비 250)",
        "주관기관 | X"): every value is about the program its 사업명 row names."""
        adoc = self.adoc
        units = [adoc.units[ui] for ui in rows]
        if any(len(u.cells) != 2 for u in units):
            return False
        labels = [column_roles((self.text[u.cells[0][0] : u.cells[0][1]],))[0] for u in units]
        if "program" not in labels or sum(lab is not None for lab in labels) < 2:
            return False
        prog_row = units[labels.index("program")]
        progs = [m for m in adoc.top_mentions(rows[labels.index("program")]) if m.type == "Program"]
        if not progs:
            return True
        pid = progs[0].props["eid"]
        pub = adoc.publisher
        for ui, u, label in zip(rows, units, labels, strict=True):
            value = [m for m in adoc.top_mentions(ui) if u.cells[1][0] <= m.start < u.cells[1][1]]
            if label == "lead":
                for m in value:
                    self.rels.add(m.props["eid"], "LEADS", pid, u, "table:lead")
            elif label == "participant":
                for m in value:
                    self.rels.add(m.props["eid"], "PARTICIPATES_IN", pid, u, "table:participant")
            elif label == "place":
                for m in value:
                    self.rels.add(pid, "IMPLEMENTED_IN", m.props["eid"], u, "table:place")
            elif label == "money" and pub:
                cell = self.text[u.cells[1][0] : u.cells[1][1]]
                total = _NUMBER.search(cell)
                krw = amount_krw(total.group(1), (total.group(2) or "") + "원") if total and total.group(3) else None
                self.rels.add(pub, "FUNDS", pid, u, "table:money", **({"amount_krw": krw} if krw else {}))
        if (
            pub
            and adoc.type_of(pub) in ("City", "Organization")
            and not any(r.target == pid for r in self.rels.of_type("LEADS"))
        ):
            self.rels.add(pub, "LEADS", pid, prog_row, "table:lead")
        return True

    def caption(self, header_ui: int) -> tuple[Mention | None, Mention | None, str | None]:
        """The program and certification a table is about, from the two units above its header, and
        the money unit its note gives."""
        prog = cert = None
        note = None
        for j in range(header_ui - 1, max(-1, header_ui - 3), -1):
            u = self.adoc.units[j]
            if u.kind == "row":
                break
            ms = self.adoc.unit_mentions(j)
            prog = prog or next((m for m in ms if m.type == "Program"), None)
            cert = cert or next((m for m in ms if m.type == "Certification"), None)
        look = self.text[max(0, self.adoc.units[header_ui].start - 400) : self.adoc.units[header_ui].end]
        notes = list(self.unit_note.finditer(look))
        if notes:
            note = notes[-1].group(1)
        return prog, cert, note

    def cells_of(self, u: Unit, ms: list[Mention], roles: tuple[str | None, ...], role: str) -> list[Mention]:
        out = []
        for k, r in enumerate(roles):
            if r == role and k < len(u.cells):
                s, e = u.cells[k]
                out += [m for m in ms if s <= m.start < e]
        return out

    def row(self, ui: int, u: Unit, roles: tuple[str | None, ...], header_ui: int) -> None:
        adoc, rels = self.adoc, self.rels
        kind_only = "program" not in roles and "kind" in roles
        if kind_only:  # the kind is the row's program when no column names one of its own
            roles = tuple("program" if r == "kind" else r for r in roles)
        ms = adoc.top_mentions(ui)
        cap_prog, cap_cert, note = self.caption(header_ui)
        programs = [m for m in self.cells_of(u, ms, roles, "program") if m.type == "Program"]
        short = self.short_program(u, roles) if not programs else None
        if (
            not programs
            and short is None
            and "program" in roles
            and any(
                self.text[u.cells[k][0] : u.cells[k][1]].strip()
                for k, r in enumerate(roles)
                if r == "program" and k < len(u.cells)
            )
        ):
            cap_prog = None  # the row names a program the text does not know: not the caption's
        if not programs:
            placed = set()
            for r in ("lead", "participant", "place", "money"):
                placed |= {id(m) for m in self.cells_of(u, ms, roles, r)}
            programs = [m for m in ms if m.type == "Program" and id(m) not in placed]
        kind = self.kind_program(u, roles)
        pids = (
            [m.props["eid"] for m in programs]
            or ([short] if short else [])
            or ([kind] if kind else [])  # a row whose own program is no name the text knows: its kind's
            or ([cap_prog.props["eid"]] if cap_prog is not None else [])
        )
        places = [m for m in self.cells_of(u, ms, roles, "place") if m.type == "City"]
        if not pids and places and ("year" in roles or "money" in roles or self.selection_table(u, header_ui)):
            # a table of cities with their year or money and no program of its own (caption or column):
            # the program the text around it is about ("표본 지자체별 국비 집행 현황")
            around = self.ctx.program(header_ui)
            pids = [around.props["eid"]] if around is not None else []
        if not places and "place" not in roles:
            first = u.cells[0] if u.cells else (0, 0)
            places = [m for m in ms if m.type == "City" and first[0] <= m.start < first[1]]
        members = [m for m in self.cells_of(u, ms, roles, "participant") if m.type in BODIES]
        leads = [m for m in self.cells_of(u, ms, roles, "lead") if m.type in BODIES]
        if (programs or short) and not kind_only:  # a row's own project: its local government leads it
            leads += [c for c in places if c not in leads and self.in_leading_column(u, roles, c)]
        # a table of tasks (과제명, 세부사업): each row's program is a part of the table's program,
        # and who carries out a task takes part in the whole
        parent = (kind if kind not in pids else None) or self.parent_program(ui, roles, u, cap_prog)
        if parent is not None:
            for pid in list(pids):
                if pid != parent:
                    rels.add(pid, "PART_OF", parent, u, "table:task")
            for m in members:
                rels.add(m.props["eid"], "PARTICIPATES_IN", parent, u, "table:task")
            for c in places:
                rels.add(parent, "IMPLEMENTED_IN", c.props["eid"], u, "table:task")
        for pid in pids:
            for m in leads:
                rels.add(m.props["eid"], "LEADS", pid, u, "table:lead")
            for m in members:
                rels.add(m.props["eid"], "PARTICIPATES_IN", pid, u, "table:participant")
            for c in places:
                rels.add(pid, "IMPLEMENTED_IN", c.props["eid"], u, "table:place")
        self.money(ui, u, roles, pids, places, note, parent)
        # a table of selections (a 선정 column or caption): the program's runner chose the row's places
        if places and pids and self.selection_table(u, header_ui):
            for pid in pids:
                chooser = self.state_payer([pid])
                for c in places:
                    for ch in chooser:
                        rels.add(ch, "SELECTED", c.props["eid"], u, "table:selection")
        # a table of holders: a certification column, or a caption naming a certification
        cert_cols = self.cells_of(u, ms, roles, "certification")
        certs = [m for m in cert_cols if m.type == "Certification"] or ([cap_cert] if cap_cert is not None else [])
        if certs and ("certification" in roles or cap_cert is not None):
            holders = places or [m for m in ms if m.type in ("City", "Company", "Organization", "Program")]
            year = self.year(u, roles)
            for c in certs:
                for h in holders:
                    rels.add(h.props["eid"], "CERTIFIED", c.props["eid"], u, "table:holder", year=year)

    def selection_table(self, u: Unit, header_ui: int) -> bool:
        """Does the header, or the caption above it, say that the rows were selected?"""
        words = self.words.selection
        if u.header and any(any(w in _compact(h) for w in words) for h in u.header):
            return True
        for j in range(header_ui - 1, max(-1, header_ui - 3), -1):
            v = self.adoc.units[j]
            if v.kind == "row":
                break
            if any(w in v.text for w in words):
                return True
        return False

    def in_leading_column(self, u: Unit, roles, m: Mention) -> bool:
        """Is the city in a column of local governments (structure.toml place_leads), not of sites?"""
        for k, r in enumerate(roles):
            if r == "place" and k < len(u.cells) and u.header and k < len(u.header):
                s, e = u.cells[k]
                if s <= m.start < e:
                    return any(w.replace(" ", "") in _compact(u.header[k]) for w in self.words.place_leads)
        return False

    def kind_program(self, u: Unit, roles) -> str | None:
        """The program a kind column names ("강소형" -> 강소형 스마트시티 조성사업, "챌린지" -> 스마트시티
        챌린지): of the programs whose name holds the cell, a national program (national_programs.toml)
        first, then the longest name; the row's own program is part of it."""
        for k, r in enumerate(roles):
            if r != "kind" or k >= len(u.cells):
                continue
            key = _compact(self.text[u.cells[k][0] : u.cells[k][1]])
            if len(key) < 2:
                continue
            found = [
                e
                for e in self.adoc.entities
                if e.type == "Program" and any(key in _compact(n) for n in (e.name, *e.aliases))
            ]
            if found:
                best = max(found, key=lambda e: (national_owner(e.name) is not None, len(e.name), e.id))
                return best.id
        return None

    def short_program(self, u: Unit, roles, role: str = "program") -> str | None:
        """A program cell that is the start of one program's name in the text ("광역형" for
        "광역형 스마트도시 시범사업")."""
        for k, r in enumerate(roles):
            if r != role or k >= len(u.cells):
                continue
            key = _compact(self.text[u.cells[k][0] : u.cells[k][1]])
            if len(key) < 2:
                continue
            cell = self.text[u.cells[k][0] : u.cells[k][1]].strip()
            found = {
                e.id
                for e in self.adoc.entities
                if e.type == "Program"
                and any(n.startswith(cell + " ") or program_form(n) == program_form(cell) for n in (e.name, *e.aliases))
            }
            if len(found) == 1:
                return found.pop()
        return None

    def parent_program(self, ui: int, roles, u: Unit, cap_prog: Mention | None) -> str | None:
        """The program a table of tasks belongs to: its caption's, else the title's, else the section's."""
        if not u.header:
            return None
        task_words = self.words.task
        if not any(
            r == "program" and any(w in _compact(h) for w in task_words) for r, h in zip(roles, u.header, strict=False)
        ):
            return None
        if cap_prog is not None:
            return cap_prog.props["eid"]
        main = self.adoc.main_program()
        if main is not None:
            return main.props["eid"]
        first_row = next(
            (j for j in range(ui, -1, -1) if self.adoc.units[j].row == 0 and self.adoc.units[j].table == u.table), ui
        )
        p = self.ctx.program(first_row)
        return p.props["eid"] if p is not None else None

    def year(self, u: Unit, roles: tuple[str | None, ...]) -> int | None:
        for k, r in enumerate(roles):
            if r == "year" and k < len(u.cells):
                m = re.search(r"(?:19|20)\d{2}", self.text[u.cells[k][0] : u.cells[k][1]])
                if m:
                    return int(m.group())
        return None

    def money(
        self, ui: int, u: Unit, roles, pids: list[str], places: list[Mention], note: str | None, parent: str | None
    ) -> None:
        if not pids:
            return
        adoc = self.adoc
        g = grammar().money
        for k, r in enumerate(roles):
            if r != "money" or k >= len(u.cells) or not u.header or k >= len(u.header):
                continue
            head = _compact(u.header[k])
            cell = self.text[u.cells[k][0] : u.cells[k][1]].strip()
            m = _NUMBER.search(cell)
            if not m or float(m.group(1).replace(",", "")) <= 0:
                continue
            unit_word = (
                (m.group(2) or "") + "원" if m.group(3) else (re.search(r"(조|억|천만|백만|만|천)?원", head) or None)
            )
            if isinstance(unit_word, re.Match):
                unit_word = unit_word.group(0)
            unit_word = unit_word or note
            krw = amount_krw(m.group(1), unit_word) if unit_word else None
            payers: list[str] = []
            if any(w in head for w in g.state):
                payers = self.state_payer(pids) or (self.state_payer([parent]) if parent else [])
            elif any(w in head for w in g.province):
                payers = [
                    p for c in places if (p := adoc.entity[c.props["eid"]].properties.get("parent")) in adoc.entity
                ]
            elif any(w in head for w in g.local):
                payers = [c.props["eid"] for c in places] or (
                    [adoc.publisher] if adoc.publisher and adoc.type_of(adoc.publisher) == "City" else []
                )
            elif adoc.publisher and adoc.type_of(adoc.publisher) in ("Ministry", "City", "Organization"):
                payers = [adoc.publisher]
            for payer in payers:
                for pid in pids:
                    self.rels.add(payer, "FUNDS", pid, u, "table:money", **({"amount_krw": krw} if krw else {}))

    def state_payer(self, pids: list[str]) -> list[str]:
        adoc = self.adoc
        for pid in pids:
            for t in ("LEADS", "SELECTED", "FUNDS"):
                lead = [
                    r.source for r in self.rels.of_type(t) if r.target == pid and adoc.type_of(r.source) == "Ministry"
                ]
                if lead:
                    return lead[:1]
        if adoc.publisher and adoc.type_of(adoc.publisher) == "Ministry":
            return [adoc.publisher]
        owners = [o for pid in pids if (o := national_owner(adoc.entity[pid].name)) in adoc.entity]
        return owners[:1]
