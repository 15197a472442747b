"""Relations read from list and document structure, run after the per-unit rules of extract.relations.

- participant lists: "A(총괄), B(실증), C(평가)", "X를 주관사로 하고 A, B가 참여한 컨소시엄",
  "X 컨소시엄(A, B, C)", a table column headed 참여기관/컨소시엄 -> each member PARTICIPATES_IN the
  program of the sentence, row or section (총괄/주관 -> LEADS);
- program owners: "X의 ‘P’", "X 「P」", "X가 추진하는 P", "P(부처)" -> X LEADS P; the clause's own
  subject then takes part (공모 선정, 참여) instead of leading, and X SELECTED it;
- partners: "S는 … A, B와 (함께|협력|협약|컨소시엄)" -> S PARTNERS_WITH A and B, even when the subject
  is far from the list;
- a city's own work report: "사업비: N억원(국비 a, 시비 b)" and 국비/시비 table columns give the city
  FUNDS with its own share; the programs it leads take place in it; its subjectless 성과 items
  (인증 획득, 수상, 지정) are its own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from citykg.extract.entities import Mention

if TYPE_CHECKING:  # pragma: no cover
    from citykg.extract.relations import RelationExtractor
    from citykg.extract.segment import Unit

BODY = {"Ministry", "City", "Organization", "Company"}
GOV = {"Ministry", "City", "Organization"}
# words that state a selection; a contract signed, or a contractor named, is one too
_SELECTION_EVENTS = r"선정|지정|우선협상|수의계약|인증대상|계약\s*(?:을\s*)?체결|(?:용역사|시공사)\s*[:：]"
# what may stand between the last known member and 참여: a unit (산학협력단) or an unknown last member
_LAST_MEMBER_TAIL = r"(?:㈜|\(주\))?(?:\s?[가-힣]{2,6})?|(?:㈜|\(주\))?\s*,\s*[가-힣A-Za-z]{2,10}"
# list separators, including "A를 비롯해 B, C" (A heads the list)
_SEP = r"\s*(?:㈜|\(주\))?\s*(?:,|·|‧|및|와|과|(?:을|를)\s*비롯(?:해|하여|한)(?:서)?)\s*(?:㈜|\(주\))?\s*"
_LEAD_ROLES = re.compile(r"^(?:총괄|주관|주관기관|주관사|대표사|대표기관|사업총괄)$")
_ACTIVE_SELECT = re.compile(
    r"(?:을|를)\s*(?:최종\s*)?(?:우선협상대상자로\s*|[가-힣]+(?:으로|로)\s*)?선정(?:했|하였|한|하고|하여|해)"
)
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[가-하][.)]|\(\d{1,2}\)|[IVX]{1,4}\.)$")


def apply_list_rules(rx: RelationExtractor) -> None:
    """Add the structural relations to `rx.rels` (one call at the end of RelationExtractor.run)."""
    ListRules(rx).run()


class ListRules:
    def __init__(self, rx: RelationExtractor) -> None:
        self.rx = rx
        self.text = rx.text

    # ------------------------------------------------------------------ helpers
    def ms(self, ui: int) -> list[Mention]:
        ms = self.rx.mentions(ui)
        return [m for m in ms if self.rx.nested_in(m, ms) is None]

    def eid(self, m: Mention) -> str:
        return m.props["eid"]

    def section_program(self, ui: int) -> Mention | None:
        """The program named by the numbered item or heading that opens the section of unit `ui`,
        else the last program named in the three units before."""
        units = self.rx.units
        for j in range(ui - 1, max(-1, ui - 25), -1):
            u = units[j]
            if u.text.lstrip().startswith("["):
                return None  # "[선정 지자체별 주요 사업]": a table caption, not a section about one program
            if u.kind == "heading" or (u.marker and _NUMBERED.match(u.marker)):
                progs = [m for m in self.rx.mentions(j) if m.type == "Program"]
                if progs and progs[0].start - u.start <= 3:
                    return progs[0]
                break
        for j in range(ui - 1, max(-1, ui - 4), -1):
            progs = [m for m in self.rx.mentions(j) if m.type == "Program"]
            if progs and units[j].kind != "row":
                return progs[-1]
        return None

    def program_for(self, ui: int, before: int | None = None) -> Mention | None:
        progs = [m for m in self.rx.mentions(ui) if m.type == "Program" and (before is None or m.start < before)]
        if not progs and ui in self.rx.consortium_program:
            return self.rx.consortium_program[ui]
        return progs[-1] if progs else self.section_program(ui)

    def own_share_word(self) -> str:
        """The budget word for the publisher's own money: 구비 for a 구, 군비 for a 군, 도비 for a 도, else 시비."""
        name = self.rx.ents[self.rx.publisher].name
        if name.endswith("구"):
            return "구비"
        if name.endswith("군"):
            return "군비"
        if name.endswith("도"):
            return "도비"
        return "시비"

    def own_report(self) -> bool:
        return bool(self.rx.publisher) and self.rx.type_of(self.rx.publisher) == "City"

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        for ui, u in enumerate(self.rx.units):
            ms = self.ms(ui)
            self.role_list(ui, u, ms)
            self.consortium(ui, u, ms)
            self.participant_column(ui, u, ms)
            self.owner(ui, u, ms)
            self.partners_far(ui, u, ms)
            self.passive_source(ui, u, ms)
            self.attendees(ui, u, ms)
            self.joint_funding(ui, u, ms)
            self.places_after(ui, u, ms)
            self.bracketed_issuer(ui, u, ms)
            self.budget_line(ui, u)
            self.budget_columns(ui, u, ms)
            self.own_achievement(ui, u, ms)
            self.contractor(ui, u, ms)
            self.affiliation(ui, u, ms)
        self.own_programs_in_city()
        self.news_programs_in_city()
        self.clean_up()
        self.title_first_employer()
        self.cited_laws()
        self.hosts_are_not_attendees()
        self.state_money()

    # ------------------------------------------------------------------ participant lists
    def role_list(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """A(총괄), B(실증 연구), C(안전성 평가): two or more bodies each with a role in brackets."""
        listed = []
        for b in ms:
            if b.type not in BODY:
                continue
            # 서울대학교 시흥캠퍼스(실증 연구): a unit name may sit between the body and its role
            m = re.match(
                r"(?:\s?[가-힣A-Za-z]{2,8})?\s*\(([가-힣A-Za-z ·‧]{2,12})\)\s*(?:,|·|및|$|\n)",
                self.text[b.end : b.end + 30],
            )
            if m:
                listed.append((b, m.group(1).strip()))
        if len(listed) < 2:
            return
        p = self.program_for(ui, listed[0][0].start)
        if p is None:
            return
        for b, role in listed:
            kind = "LEADS" if _LEAD_ROLES.match(role.replace(" ", "")) else "PARTICIPATES_IN"
            if (self.eid(b), "LEADS", self.eid(p)) in self.rx.rels:
                continue
            self.rx.add(self.eid(b), kind, self.eid(p), u, 0.7, role=role)

    def consortium(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """X를 주관사로 하고 A, B가 참여한 컨소시엄 / X 컨소시엄(A, B, C) / A, B, C가 참여하는 P."""
        body = self.rx.masked(u)
        members: list[Mention] = []
        joined: list[Mention] = []
        if "컨소시엄" in body:
            for b in ms:
                if b.type not in BODY:
                    continue
                after = self.text[b.end : b.end + 25]
                if re.match(r"\s*(?:을|를)\s*(?:주관사|대표사|주관기관)\s*(?:로|으로)", after):
                    members.append(b)
                elif re.match(r"\s*컨소시엄\s*\(", after):
                    members.append(b)
                    close = self.text.find(")", b.end)
                    members += [o for o in ms if o.type in BODY and b.end < o.start < close]
        # A, B, C가 참여한/참여하는/참여해: the list before the verb
        for m in re.finditer(r"(?:\s*등)?(?:이|가)\s*(?:함께\s*)?참여(?:한|하는|해|하여|했|하며|하고)", body):
            pos = u.start + m.start()
            # the last member may carry a unit after it (경북대학교 산학협력단이)
            last = next(
                (
                    b
                    for b in reversed(ms)
                    # ... or an unknown last member after it (A㈜, B, 미등록사 등이 참여)
                    if b.type in BODY
                    and b.end <= pos
                    and re.fullmatch(_LAST_MEMBER_TAIL, self.text[b.end : pos])
                ),
                None,
            )
            if last is None:
                continue
            chain = [last]
            i = ms.index(last)
            while i > 0 and re.fullmatch(_SEP, self.text[ms[i - 1].end : chain[0].start]) and ms[i - 1].type in BODY:
                chain.insert(0, ms[i - 1])
                i -= 1
            joined += chain
        if not members and not joined:
            return
        p = self.program_for(ui)
        if p is None:
            return
        consortium = "컨소시엄" in body
        for bid in dict.fromkeys(self.eid(b) for b in members + joined):
            if (bid, "LEADS", self.eid(p)) not in self.rx.rels:
                self.rx.add(bid, "PARTICIPATES_IN", self.eid(p), u, 0.7, role="컨소시엄" if consortium else None)

    def participant_column(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """A table column headed 참여기관/컨소시엄: its members take part in the row's program and in
        the program the table lists the projects (과제) of; the row's city takes part too."""
        if u.kind != "row" or not u.header or not u.cells:
            return
        hdr = [re.sub(r"\s+", "", h) for h in u.header]
        col = next((i for i, h in enumerate(hdr) if re.search(r"참여기관|참여기업|컨소시엄|참여사|수행기관", h)), None)
        if col is None or col >= len(u.cells):
            return
        s, e = u.cells[col]
        members = [m for m in ms if m.type in BODY and s <= m.start < e]
        row_progs = [m for m in ms if m.type == "Program" and not (s <= m.start < e)]
        main = self.rx.main_program()
        targets = [self.eid(p) for p in row_progs]
        is_task = any(re.search(r"과제|세부사업", h) for h in hdr)
        if main is not None and is_task:
            mid = self.eid(main)
            for p in row_progs:
                self.rx.add(self.eid(p), "PART_OF", mid, u, 0.6)
            targets.append(mid)
            c0 = u.cells[0]
            for c in ms:
                if c.type == "City" and c0[0] <= c.start < c0[1]:
                    self.rx.add(self.eid(c), "PARTICIPATES_IN", mid, u, 0.6)
                    self.rx.add(mid, "IMPLEMENTED_IN", self.eid(c), u, 0.6)
        for b in members:
            for t in targets:
                self.rx.add(self.eid(b), "PARTICIPATES_IN", t, u, 0.65)

    # ------------------------------------------------------------------ program owners
    def owner(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """X의 ‘P’ / X 「P」 / X가 추진하는 P / P(부처): X owns P. The clause's subject (or, in a
        subjectless item of a report, the publisher) then takes part and was selected by X."""
        for p in [m for m in ms if m.type == "Program"]:
            owner = None
            for b in ms:
                if b.type not in GOV or b.end > p.start:
                    continue
                gap = self.text[b.end : p.start]
                gap = re.sub(r"^\s*\([^()]{1,20}\)", "", gap)  # 한국지능정보사회진흥원(NIA)의
                if re.fullmatch(r"(?:의\s*|\s+)[‘“「『'\"]", gap) or re.fullmatch(
                    r"\s*(?:이|가)\s+(?:추진|주관|운영|시행|주최)하는\s*[‘“「『'\"]?", gap
                ):
                    owner = b
                # S는 A와 함께 추진하는 P: A leads P with the subject
                if re.fullmatch(
                    r"\s*(?:와|과)\s+(?:함께|공동으로)\s+(?:추진|주관|운영|시행|주최)하는\s*[‘“「『'\"]?", gap
                ):
                    self.rx.add(self.eid(b), "LEADS", self.eid(p), u, 0.7)
            after = self.text[p.end : p.end + 20]
            bm = re.match(r"[’”」』'\"]?\s*\(([^()]{2,20})\)", after)
            if owner is None and bm:
                cand = [b for b in ms if b.type == "Ministry" and p.end < b.start < p.end + bm.end()]
                if cand and re.fullmatch(r"[’”」』'\"]?\s*\(", self.text[p.end : cand[0].start]):
                    owner = cand[0]
            if owner is None:
                continue
            oid, pid = self.eid(owner), self.eid(p)
            self.rx.add(oid, "LEADS", pid, u, 0.8)
            self.rx.rels.pop((oid, "PARTICIPATES_IN", pid), None)
            # who else "leads" P only by this clause takes part in it instead
            rest = self.rx.masked(u)[p.end - u.start :]
            # the subject joins P (선정돼, 공모 선정, 참여, 응모), unless it is the one that selects (…를 선정했다)
            joins = re.search(r"선정|참여|응모|신청|공모|도전", rest) and not _ACTIVE_SELECT.search(rest)
            span = (u.start, u.end)
            for key in [k for k in self.rx.rels if k[1] == "LEADS" and k[2] == pid and k[0] != oid]:
                r = self.rx.rels[key]
                if r.evidence == [span] and joins:
                    del self.rx.rels[key]
                    self.rx.add(key[0], "PARTICIPATES_IN", pid, u, 0.65)
                    if re.search(r"선정", rest):
                        self.rx.add(oid, "SELECTED", key[0], u, 0.65)
            if not joins:
                continue
            subj = self.main_subject(ms, exclude=owner)
            actor = self.eid(subj) if subj else None
            # those who join "together with" the subject take part too (P에 A와 함께 참여)
            for b in ms:
                if (
                    b.type in BODY
                    and b.start > p.end
                    and re.match(r"\s*(?:와|과)\s*함께", self.text[b.end : b.end + 6])
                ):
                    self.rx.add(self.eid(b), "PARTICIPATES_IN", pid, u, 0.6)
            if actor is None and u.kind in ("item", "row", "sentence") and self.rx.publisher:
                others = [
                    b
                    for b in ms
                    if b.type in BODY
                    and b is not owner
                    and self.rx.marker(b) in ("subj", "obj")
                    and self.text[b.start - 1 : b.start] != "("
                ]
                actor = self.rx.publisher if not others and u.start < owner.start + 40 else None
            if actor is None or actor == oid:
                continue
            self.rx.rels.pop((actor, "LEADS", pid), None)
            self.rx.add(actor, "PARTICIPATES_IN", pid, u, 0.65)
            if re.search(r"선정", rest):
                self.rx.add(oid, "SELECTED", actor, u, 0.65)

    def main_subject(self, ms: list[Mention], exclude: Mention | None = None) -> Mention | None:
        """The subject of the main clause: a body marked 은/는/이/가 that is not the subject of a
        relative clause (X가 주관하는 P) and not `exclude`."""
        for b in ms:
            if b.type not in BODY or b is exclude or self.rx.marker(b) != "subj":
                continue
            if self.text[b.start - 1 : b.start] == "(":
                continue  # an alias in brackets: 세계은행(World Bank)이
            if re.match(r"\s*(?:\([^()]*\))?\s*(?:이|가)\s*[가-힣]*(?:하는|한|할)\s", self.text[b.end : b.end + 30]):
                continue
            return b
        return None

    def passive_source(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """S는 X로부터 R으로 지정받아 / X로부터 C 인증을 획득: X is the agent (X SELECTED S, C ISSUED_BY X)."""
        for x in ms:
            if x.type not in BODY or not re.match(
                r"\s*(?:\([^()]*\))?\s*(?:으로|로)부터", self.text[x.end : x.end + 25]
            ):
                continue
            clause_end = re.search(r"[.]\s|(?:고|며|여|서)\s|$", self.text[x.end : u.end])
            stop = x.end + (clause_end.end() if clause_end else 0)
            subj = self.main_subject([m for m in ms if m.start < x.start])
            sid = self.eid(subj) if subj else self.rx.publisher
            xid = self.eid(x)
            seg = self.text[x.end : stop]
            sel = re.search(r"([가-힣]+?)(?:으로|로)\s*(?:지정|선정)(?:받|되|돼|된)", seg)
            if sel and sid and sid != xid:
                self.rx.rels.pop((sid, "SELECTED", xid), None)
                self.rx.add(xid, "SELECTED", sid, u, 0.75, role=sel.group(1))
            if re.search(r"획득|취득|받", seg):
                for c in ms:
                    if c.type == "Certification" and x.end < c.start < stop:
                        self.rx.add(self.eid(c), "ISSUED_BY", xid, u, 0.8)
                        if sid and sid != xid:
                            self.rx.add(sid, "CERTIFIED", self.eid(c), u, 0.75)

    def attendees(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """P에는 A, B, C 관계자가 참석: the listed bodies take part in the event."""
        masked = self.rx.masked(u)
        for m in re.finditer(r"(?:관계자|대표단|대표|임직원|전문가)[^.]{0,40}?(?:참석|참가)", masked):
            pos = u.start + m.start()
            last = next((b for b in reversed(ms) if b.type in BODY and 0 <= pos - b.end <= 8), None)
            if last is None:
                continue
            chain = [last]
            i = ms.index(last)
            while (
                i > 0
                and ms[i - 1].type in BODY
                and re.fullmatch(r"[\s()]*(?:,|·|‧|및|와|과)?[\s()]*", self.text[ms[i - 1].end : chain[0].start])
            ):
                chain.insert(0, ms[i - 1])
                i -= 1
            if any(self.rx.marker(b) == "subj" for b in chain[:-1]):
                continue
            p = self.program_for(ui, chain[0].start)
            if p is None:
                continue
            for b in chain:
                self.rx.add(self.eid(b), "PARTICIPATES_IN", self.eid(p), u, 0.6)

    def joint_funding(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """A와 B가 (공동) 지원하는 P: both pay for P."""
        for p in [m for m in ms if m.type == "Program"]:
            m = re.search(
                r"(?:이|가)\s+(?:공동\s*)?(?:으로\s*)?(?:지원|출연|부담)하는\s*[‘“「『'\"]?$",
                self.text[max(u.start, p.start - 30) : p.start],
            )
            if not m:
                continue
            pos = max(u.start, p.start - 30) + m.start()
            last = next((b for b in reversed(ms) if b.type in GOV and 0 <= pos - b.end <= 1), None)
            if last is None:
                continue
            chain = [last]
            i = ms.index(last)
            while i > 0 and ms[i - 1].type in GOV and re.fullmatch(_SEP, self.text[ms[i - 1].end : chain[0].start]):
                chain.insert(0, ms[i - 1])
                i -= 1
            for b in chain:
                self.rx.add(self.eid(b), "FUNDS", self.eid(p), u, 0.7)

    def clean_up(self) -> None:
        """Drop relations a trigger does not govern: 선정 used as a modifier (선정 지자체, 선정된 기관),
        a co-leader (A와 함께 추진하는 ... 선정) taken as selected, and FUNDS by a publisher that the
        sentence does not name as a payer (국비/시비 ... 투입된다) or for a program not in the sentence."""
        pub = self.rx.publisher
        for key, r in list(self.rx.rels.items()):
            src, type_, tgt = key
            units = [self.rx.units[self.rx._unit_index[e]] for e in r.evidence if e in self.rx._unit_index]
            if type_ == "FUNDS" and src == pub and units and all(self._unpaid_by_publisher(u, tgt, r) for u in units):
                del self.rx.rels[key]
                continue
            if len(units) != 1:
                continue
            u = units[0]
            ui = self.rx._unit_index[(u.start, u.end)]
            masked = self.rx.masked(u)
            ms = self.rx.mentions(ui)
            if type_ == "SELECTED":
                events = [
                    x
                    for x in re.finditer(_SELECTION_EVENTS, masked)
                    if not re.match(r"선정\s*(?:된\s|지자체|기관|기업|도시|결과|평가|위원)", masked[x.start() :])
                ]
                tm = [m for m in ms if m.props.get("eid") == tgt]
                co_lead = any(
                    re.match(
                        r"\s*(?:\([^()]*\))?\s*(?:와|과)\s*(?:함께|공동으로)\s*(?:추진|주관|운영)",
                        self.text[m.end : m.end + 40],
                    )
                    for m in tm
                )
                if not events or co_lead:
                    del self.rx.rels[key]

    def title_first_employer(self) -> None:
        """부서장 홍길동 (기관) ...: a person written title first works for the body before the title,
        not for the bracketed label that opens the next entry of a list."""
        for key, r in list(self.rx.rels.items()):
            pid, type_, bid = key
            if type_ != "WORKS_FOR" or len(r.evidence) != 1 or r.evidence[0] not in self.rx._unit_index:
                continue
            ms = self.rx.mentions(self.rx._unit_index[r.evidence[0]])
            for p in [m for m in ms if m.props.get("eid") == pid]:
                after = [m for m in ms if m.props.get("eid") == bid and 0 <= m.start - p.end <= 4]
                if not after or not re.search(r"[가-힣]\s+$", self.text[max(0, p.start - 12) : p.start]):
                    continue
                # the body right before the title, or the "(기관)" label that opens this group of a list
                before = [
                    m
                    for m in ms
                    if m.type in BODY
                    and m.end <= p.start
                    and (
                        p.start - m.end <= 25
                        or p.start - m.end <= 80
                        and self.text[m.start - 1 : m.start] == "("
                        and self.text[m.end : m.end + 1] == ")"
                    )
                ]
                if before:
                    del self.rx.rels[key]
                    self.rx.add(
                        pid,
                        "WORKS_FOR",
                        self.eid(before[-1]),
                        self.rx.units[self.rx._unit_index[r.evidence[0]]],
                        0.7,
                        **r.properties,
                    )
                    break

    def hosts_are_not_attendees(self) -> None:
        """ "X는 … A가 참석한 가운데 행사를 개최": the attendees are A, not the host X."""
        for key, r in list(self.rx.rels.items()):
            src, type_, tgt = key
            if type_ != "PARTICIPATES_IN" or len(r.evidence) != 1 or r.evidence[0] not in self.rx._unit_index:
                continue
            u = self.rx.units[self.rx._unit_index[r.evidence[0]]]
            masked = self.rx.masked(u)
            m = re.search(r"(?:이|가)\s*(?:함께\s*)?(?:참석|참가)한\s*가운데", masked)
            if not m:
                continue
            ms = self.rx.mentions(self.rx._unit_index[r.evidence[0]])
            own = [x for x in ms if x.props.get("eid") == src]
            if own and all(u.start + m.start() - x.end > 2 for x in own) and re.search(r"개최|열었|열린|진행", masked):
                del self.rx.rels[key]

    def state_money(self) -> None:
        """ "P 공모에 선정돼 국비 N억원을 확보": 국비 is paid by the ministry that owns P, not by the city."""
        for key, r in list(self.rx.rels.items()):
            src, type_, tgt = key
            if type_ != "FUNDS" or self.rx.type_of(src) != "City" or len(r.evidence) != 1:
                continue
            body = self.text[r.evidence[0][0] : r.evidence[0][1]]
            if not re.search(r"국비", body) or re.search(r"시비|구비|군비|도비|지방비|자체\s*예산", body):
                continue
            owners = [
                k[0] for k in self.rx.rels if k[1] == "LEADS" and k[2] == tgt and self.rx.type_of(k[0]) == "Ministry"
            ]
            if len(owners) == 1:
                del self.rx.rels[key]
                u = self.rx.units[self.rx._unit_index[r.evidence[0]]]
                self.rx.add(owners[0], "FUNDS", tgt, u, 0.6, **r.properties)

    def bracketed_issuer(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """C 수상(X 주관) / C 지정(부처): the body in the brackets after a certification grants it."""
        for c in [m for m in ms if m.type == "Certification"]:
            # C ‘시민 부문’ 우수상 수상(X 주관): a category and a prize grade may stand before the brackets
            m = re.match(
                r"[’”」』'\"]?\s*(?:[‘'][^’'\n]{1,15}[’']\s*)?(?:[가-힣]{1,4}\s*)?(?:지정|인증|선정|수상|획득)?\s*\(",
                self.text[c.end : c.end + 40],
            )
            if not m:
                continue
            open_at = c.end + m.end()
            close = self.text.find(")", open_at)
            if close < 0 or close - open_at > 30:
                continue
            inside = self.text[open_at:close]
            for b in ms:
                if b.type in ("Ministry", "Organization", "Company") and open_at <= b.start < close:
                    rest = self.text[b.end : close]
                    if b.start == open_at and (
                        re.match(r"\s*(?:주관|시행|부여|수여)?\s*(?:,|$)", rest)  # (X 주관, 2025. 9.)
                    ):
                        if b.type == "Ministry" or re.search(r"주관|시행|부여|수여", inside):
                            self.rx.add(self.eid(c), "ISSUED_BY", self.eid(b), u, 0.75)

    def cited_laws(self) -> None:
        """A law cited as the basis (추진근거, ~에 따라) is not led by the body that cites it."""
        for key, r in list(self.rx.rels.items()):
            src, type_, tgt = key
            if type_ != "LEADS" or self.rx.type_of(src) == "Ministry":
                continue
            if not re.search(r"(?:법|법률|특별법|시행령|시행규칙)$", self.rx.ents[tgt].name):
                continue
            texts = [self.text[a:b] for a, b in r.evidence]
            if texts and all(re.search(r"근거|에 따라|에 따른|의거", t) for t in texts):
                del self.rx.rels[key]

    def places_after(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """「P」을 통해 A, B 등에서 실증: the cities listed as places after the program."""
        masked = self.rx.masked(u)
        if not re.search(r"실증|시범|구축|조성|적용|도입|운영|설치", masked):
            return
        for p in [m for m in ms if m.type == "Program"]:
            if not re.match(r"[’”」』'\"]?\s*(?:을|를)\s*통해\s", self.text[p.end : p.end + 8]):
                continue
            cities = [c for c in ms if c.type == "City" and c.start > p.end]
            chain = []
            for c in cities:
                gap = self.text[(chain[-1].end if chain else p.end) : c.start]
                if chain and not re.fullmatch(r"\s*(?:,|·|‧|및|와|과)\s*", gap):
                    break
                chain.append(c)
            if chain and re.match(r"\s*(?:등\s*)?(?:에서|에)\s", self.text[chain[-1].end : chain[-1].end + 8]):
                for c in chain:
                    self.rx.add(self.eid(p), "IMPLEMENTED_IN", self.eid(c), u, 0.65)

    def _unpaid_by_publisher(self, u: Unit, tgt: str, r) -> bool:
        """The publisher's FUNDS read from `u` is not stated there: the program is not in the unit and
        no figure is given, or the money is 국비/시비 and the publisher is a body that is neither."""
        ms = self.rx.mentions(self.rx._unit_index[(u.start, u.end)])
        masked = self.rx.masked(u)
        named = any(m.props.get("eid") == self.rx.publisher for m in ms)
        in_unit = any(m.props.get("eid") == tgt for m in ms)
        if not in_unit and not re.search(r"\d", masked):
            return True
        source_words = re.search(r"국비|시비|도비|구비|군비|지방비", masked)
        return bool(source_words) and not named and self.rx.type_of(self.rx.publisher) == "Organization"

    # ------------------------------------------------------------------ partners
    def partners_far(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """S는 … A, B, C와 (함께|협력|협약|MOU|컨소시엄): S PARTNERS_WITH every member of the list."""
        bodies = [m for m in ms if m.type in BODY]
        for i, last in enumerate(bodies):
            rest = self.text[last.end : last.end + 60]
            if not re.match(r"(?:와|과)\s", rest):
                continue
            tail = self.rx.masked(u)[last.end - u.start + 2 : last.end - u.start + 60]  # names blanked
            tail = re.sub(r"^[‘“「『'\"][^’”」』'\"]{0,50}[’”」』'\"](?:을|를)?\s*", "협약 ", tail)
            if not re.match(
                r"\s*(?:[가-힣]+\s+){0,3}(?:함께|협력|공동|컨소시엄|업무\s*협약|협약|MOU|양해각서|손잡|제휴)", tail
            ):
                continue
            chain = [last]
            j = i
            while j > 0 and re.fullmatch(
                r"[\s()]*(?:,|·|‧|및)?[\s()]*|\s*,\s*(?:[가-힣]+\s+){1,2}",
                self.text[bodies[j - 1].end : chain[0].start],
            ):  # "A, B, 공간정보 전문기업 C와": a classifier phrase may open a member
                chain.insert(0, bodies[j - 1])
                j -= 1
            subj = self.main_subject(bodies[:j])
            if subj is not None:
                sid = self.eid(subj)
            elif u.kind in ("item", "row") and self.rx.publisher and re.match(r"^[^가-힣]*(?:[가-힣]+\s*:)?", u.text):
                sid = self.rx.publisher if j == 0 else None
            else:
                sid = None
            if sid is None:
                continue
            for b in chain:
                self.rx.add(sid, "PARTNERS_WITH", self.eid(b), u, 0.7)
            # "- A사와 서비스 운영 협약 체결" under a project's section: the firm runs part of that project
            if u.kind == "item" and re.match(r"\s*(?:[가-힣]+\s+){0,2}(?:운영|구축|공급|유지\s*관리)\s*협약", tail):
                p = self.program_for(ui)
                for b in chain:
                    if b.type == "Company" and p is not None:
                        self.rx.add(self.eid(b), "PARTICIPATES_IN", self.eid(p), u, 0.6)
            # "S는 B시, C시와 함께": cities joining S as a group are each other's partners too
            if self.rx.type_of(sid) == "City" and len(chain) >= 2 and all(b.type == "City" for b in chain):
                for k, x in enumerate(chain):
                    for y in chain[k + 1 :]:
                        self.rx.add(self.eid(x), "PARTNERS_WITH", self.eid(y), u, 0.6)

    # ------------------------------------------------------------------ a city's own report
    def budget_line(self, ui: int, u: Unit) -> None:
        """사업비: 24억원(국비 12억원, 시비 8.4억원) / 350백만원(시비 100%): the city's own share."""
        if not self.own_report():
            return
        m = re.match(r"\s*(?:총\s*)?(?:사업비|소요예산|예산|총사업비)\s*[:：]\s*(.+)$", u.text)
        if not m:
            return
        line = m.group(1)
        p = self.section_program(self._ui(u))
        if p is None:
            return
        total = re.match(r"\s*(\d[\d,]*(?:\.\d+)?)\s*(조|억|천만|백만|만|천)?\s?원", line)
        if not total:
            return
        unit_word = (total.group(2) or "") + "원"
        for word, funder in self.share_funders().items():
            sm = re.search(rf"{word}\s*(\d[\d,]*(?:\.\d+)?)\s*(%|조|억|천만|백만|만|천)?\s?원?", line)
            if not sm:
                continue
            share = None
            if sm.group(2) == "%":
                if float(sm.group(1)) >= 100:
                    share = self._krw(total.group(1), unit_word)
            else:
                share = self._krw(sm.group(1), (sm.group(2) or "") + "원" if sm.group(2) else unit_word)
            if funder == self.rx.publisher and not share:
                continue  # the publisher's own money: only with a figure (a share of 100%)
            if sm.group(2) == "%" and float(sm.group(1)) <= 0:
                continue
            self.rx.add(funder, "FUNDS", self.eid(p), u, 0.6, **({"amount_krw": share} if share else {}))

    def share_funders(self) -> dict[str, str]:
        """Budget share words and who pays them in a city's own report: 구비/군비/시비/도비 -> the
        publisher; 시비 in a 자치구's report -> its 광역시, 도비 in a 시/군's report -> its 도."""
        out = {self.own_share_word(): self.rx.publisher}
        parent = self.rx.ents[self.rx.publisher].properties.get("parent")
        if parent and parent in self.rx.ents:
            pname = self.rx.ents[parent].name
            word = "도비" if pname.endswith("도") else "시비"
            out.setdefault(word, parent)
        return out

    def budget_columns(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """A budget table with a 시비/구비/군비 column: the city pays that share of each row's program."""
        if not self.own_report() or u.kind != "row" or not u.header:
            return
        hdr = [re.sub(r"\s+", "", h) for h in u.header]
        progs = [m for m in ms if m.type == "Program"]
        if not progs:
            return
        note = self.rx._unit_note(u)
        for word, funder in self.share_funders().items():
            col = next((i for i, h in enumerate(hdr) if h == word), None)
            if col is not None and col < len(u.cells):
                val = self.text[u.cells[col][0] : u.cells[col][1]].strip()
            else:
                # a 재원 (source of funds) column: "시비 6, 구비 6"
                col = next((i for i, h in enumerate(hdr) if h in ("재원", "재원구성", "재원별")), None)
                if col is None or col >= len(u.cells):
                    continue
                sm = re.search(rf"{word}\s*(\d[\d,]*(?:\.\d+)?)", self.text[u.cells[col][0] : u.cells[col][1]])
                val = sm.group(1) if sm else ""
            if not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", val) or float(val.replace(",", "")) <= 0:
                continue
            krw = self._krw(val, note) if note else None
            self.rx.add(funder, "FUNDS", self.eid(progs[0]), u, 0.6, **({"amount_krw": krw} if krw else {}))

    def own_achievement(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """① 스마트도시 인증 획득(국토교통부, 2023) in a city's report: the city obtained it."""
        if not self.own_report() or u.kind != "item":
            return
        certs = [m for m in ms if m.type == "Certification"]
        if not certs or any(self.rx.marker(b) == "subj" for b in ms if b.type in BODY):
            return
        if not re.search(r"획득|취득|수상|인증|지정|선정", self.rx.masked(u)):
            return
        holders = [b for b in ms if b.type in ("City", "Company") and b.end <= certs[0].start]
        if any(self.text[h.end : h.end + 2].strip()[:1] in ("‘", "'", "「") for h in holders):
            return  # ㈜X ‘제품’ ... 지정: the firm's, not the city's
        for c in certs:
            if re.match(r"\s*(?:등급|부문)", self.text[c.end : c.end + 4]):
                continue
            self.rx.add(self.rx.publisher, "CERTIFIED", self.eid(c), u, 0.6)

    def own_programs_in_city(self) -> None:
        """The projects that head the numbered sections of a city's own report take place in it."""
        if not self.own_report():
            return
        pub = self.rx.publisher
        for key, r in list(self.rx.rels.items()):
            if key[0] != pub or key[1] != "LEADS" or self.rx.ents[key[2]].properties.get("kind") != "project":
                continue
            for ev in r.evidence:
                ui = self.rx._unit_index.get(ev)
                u = self.rx.units[ui] if ui is not None else None
                if u is None or not (u.marker and _NUMBERED.match(u.marker)):
                    continue
                progs = [m for m in self.rx.mentions(ui) if m.type == "Program" and self.eid(m) == key[2]]
                other_city = self.rx.city_in_name(progs[0], self.rx.mentions(ui)) if progs else None
                if progs and progs[0].start - u.start <= 2 and other_city in (None, pub):
                    self.rx.add(key[2], "IMPLEMENTED_IN", pub, u, 0.55)

    def contractor(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """용역사: X / X와 (단가)계약 체결 in a project's section: the publisher chose X, X carries it out."""
        firms = [m for m in ms if m.type in ("Company", "Organization")]
        if not firms or not self.rx.publisher:
            return
        labels = "|".join(re.escape(w) for w in self.rx.c["CONTRACTOR_LABELS"])
        m = re.match(rf"^[\s\-·○※*]*(?:{labels})\s*[:：]\s*", u.text)
        if m and firms[0].start - u.start <= m.end() + 6:
            chosen = [firms[0]]
        elif re.search(r"계약\s*(?:을\s*)?체결", self.rx.masked(u)) and not any(
            self.rx.marker(b) == "subj" for b in ms if b.type in BODY
        ):
            chosen = [f for f in firms if f.type == "Company" and self.rx.marker(f) in ("with", "with_of")]
        else:
            return
        p = self.program_for(ui)
        for f in chosen:
            if p is not None:
                self.rx.add(self.eid(f), "PARTICIPATES_IN", self.eid(p), u, 0.6)
            if self.rx.type_of(self.rx.publisher) in ("City", "Ministry", "Organization"):
                self.rx.add(self.rx.publisher, "SELECTED", self.eid(f), u, 0.55, role="계약상대자")

    def affiliation(self, ui: int, u: Unit, ms: list[Mention]) -> None:
        """B 산하 C: C belongs to B; "A는 ... C 소관 (연구)기관": A belongs to C."""
        bodies = [m for m in ms if m.type in ("Organization", "Ministry", "City")]
        for x, y in zip(bodies, bodies[1:], strict=False):
            if re.fullmatch(r"\s*(?:\([^()]{0,20}\))?\s*(?:산하|소속)(?:의)?\s*", self.text[x.end : y.start]):
                self.rx.add(self.eid(y), "PART_OF", self.eid(x), u, 0.65)
        subj = next((b for b in bodies if self.rx.marker(b) == "subj"), None)
        if subj is None or subj.type != "Organization":
            return
        for b in bodies:
            if b.start > subj.end and re.match(
                r"\s*(?:\([^()]{0,20}\))?\s*(?:산하|소관|소속)\s*(?:[가-힣]+\s*)?(?:기관|연구기관|연구원|출연기관|공공기관)",
                self.text[b.end : b.end + 30],
            ):
                nxt = next((o for o in bodies if o.start > b.end and self.eid(o) != self.eid(b)), None)
                if nxt is None or nxt.start > b.end + 30:  # the last body named before "소관 기관"
                    self.rx.add(self.eid(subj), "PART_OF", self.eid(b), u, 0.6)

    def news_programs_in_city(self) -> None:
        """A news story about a city: a program said to be put in place there without naming any other
        place ("X 40곳이 설치된다", "X도 시범 운행에 들어간다") takes place in that city."""
        if self.rx.publisher is not None:
            return
        for ui, u in enumerate(self.rx.units):
            topic = self.rx.unit_topic.get(ui)
            if not topic or self.rx.type_of(topic) != "City" or u.kind not in ("sentence", "item"):
                continue
            ms = self.ms(ui)
            if any(m.type == "City" and self.eid(m) != topic for m in ms):
                continue
            masked = self.rx.masked(u)
            cue = next((c for c in self.rx.c["IMPLEMENTED_PASSIVE"] if c in masked), None)
            if cue is None:
                continue
            cue_at = u.start + masked.find(cue)
            for p in [m for m in ms if m.type == "Program" and m.end <= cue_at]:
                if self.rx.city_in_name(p, ms) in (None, topic):
                    self.rx.add(self.eid(p), "IMPLEMENTED_IN", topic, u, 0.55)

    # ------------------------------------------------------------------ small
    def _ui(self, u: Unit) -> int:
        return self.rx._unit_index[(u.start, u.end)]

    def _krw(self, number: str, unit_word: str) -> int | None:
        from citykg.extract.relations import amount_krw

        return amount_krw(number, unit_word)
