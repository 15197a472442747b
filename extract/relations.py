"""Relation extraction within units (sentences, list items, table rows) from cue words and particles.

The cue words are data (extract/data/cues.toml). Korean particles give the roles: 이/가/은/는 mark
the actor, 을/를 the object, (으)로 a role, 와/과/및/·/, partners; 등 closes a list. Lists are
expanded to one relation per member. A sentence without an actor borrows the document's topic:
the body the previous sentences were about (for a press release, its publisher).
Every relation keeps its evidence (the unit's span) and respects the ontology's type table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from citykg.extract.entities import Mention
from citykg.extract.records import RELATION_SIGNATURES
from citykg.extract.relations_lists import apply_list_rules
from citykg.extract.resolve import ResolvedEntity
from citykg.extract.resources import gazetteer, load_toml
from citykg.extract.segment import Unit

BODIES = {"Ministry", "City", "Organization", "Company"}
GOV = {"Ministry", "City", "Organization"}
ALLOWED = RELATION_SIGNATURES  # ONTOLOGY.md's relation table, kept in extract.records
PART_OF_PAIRS = {
    ("Program", "Program"),
    ("City", "City"),
    ("Organization", "Organization"),
    ("Organization", "City"),
    ("Organization", "Ministry"),
}
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(조|억|천만|백만|만|천)\s?원")
_UNIT_NOTE = re.compile(r"단위\s*[:：]?\s*(조원|억원|천만원|백만원|만원|천원|원)")


_DATED = {"CERTIFIED", "SELECTED", "PARTNERS_WITH", "PARTICIPATES_IN"}
_UNIT_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:년\s*(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?|[.]\s*(\d{1,2})\s*[.]\s*(\d{1,2})[.)]?(?!\d))"
)


def unit_date(text: str) -> str | None:
    """The one explicit date a sentence gives ("2018년 12월", "2018.6.5."), as YYYY-MM(-DD); None if none or several."""
    found = {
        f"{int(y):04d}-{int(m1 or m2):02d}" + (f"-{int(d1 or d2):02d}" if (d1 or d2) else "")
        for y, m1, d1, m2, d2 in _UNIT_DATE.findall(text)
        if 1 <= int(m1 or m2 or 0) <= 12
    }
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    data = load_toml("cues")
    out = {k: tuple(v.get("cues", ())) for k, v in data.items() if isinstance(v, dict) and "cues" in v}
    out["LEADS_PUBLISHER"] = tuple(data["LEADS"]["publisher_cues"])
    out["SITE_ROLES"] = tuple(data["SELECTED"].get("site_roles", ()))
    out["LEADS_RELATIVE"] = tuple(data["LEADS"].get("relative_cues", ()))
    out["IMPLEMENTED_PASSIVE"] = tuple(data["IMPLEMENTED_IN"].get("passive_cues", ()))
    out["CONTRACTOR_LABELS"] = tuple(data["PARTICIPATES_IN"].get("contractor_labels", ()))
    return out


@lru_cache(maxsize=1)
def amount_units() -> dict[str, int]:
    return dict(load_toml("cues")["amounts"]["units"])


def amount_krw(number: str, unit: str) -> int | None:
    """'49', '백만원' -> 49000000; '1,700', '백만원' -> 1700000000."""
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    unit = unit.replace(" ", "")
    mult = amount_units().get(unit if unit.endswith("원") else unit + "원")
    return int(round(value * mult)) if mult else None


@dataclass
class Rel:
    source: str
    type: str
    target: str
    confidence: float
    properties: dict = field(default_factory=dict)
    evidence: list[tuple[int, int]] = field(default_factory=list)


class RelationExtractor:
    def __init__(
        self,
        text: str,
        units: list[Unit],
        entities: list[ResolvedEntity],
        publisher: str | None,
        title_span: tuple[int, int] | None = None,
        doc_year: str | None = None,
    ) -> None:
        self.text = text
        self.units = units
        self.ents = {e.id: e for e in entities}
        self.publisher = publisher
        self.title_span = title_span
        self.doc_year = doc_year
        self.rels: dict[tuple[str, str, str], Rel] = {}
        self.by_unit: dict[int, list[Mention]] = {}
        for e in entities:
            for m in e.mentions:
                self.by_unit.setdefault(m.unit, []).append(m)
        for ms in self.by_unit.values():
            ms.sort(key=lambda m: (m.start, -m.end))
        self.c = cues()
        self._masked: dict[tuple[int, int], str] = {}
        self._topic_mention: Mention | None = None
        self._topic: str | None = publisher
        self._unit_index = {(u.start, u.end): i for i, u in enumerate(units)}
        # 컨소시엄에는 A, B가 참여: the program the consortium was last named with, per unit
        self.consortium_program: dict[int, Mention] = {}
        self._table_body: dict[int, str | None] = {}
        self.unit_topic: dict[int, str | None] = {}  # the body a unit is about (publisher, or a story's subject)

    # ------------------------------------------------------------------ basics
    def type_of(self, eid: str) -> str:
        return self.ents[eid].type

    def add(self, src: str, type_: str, tgt: str, unit: Unit, conf: float, **props) -> None:
        if src == tgt or src not in self.ents or tgt not in self.ents:
            return
        st, tt = self.type_of(src), self.type_of(tgt)
        srcs, tgts = ALLOWED[type_]
        if st not in srcs or tt not in tgts:
            return
        if type_ == "PART_OF" and (st, tt) not in PART_OF_PAIRS:
            return
        if type_ == "PARTNERS_WITH" and (tgt, type_, src) in self.rels:
            src, tgt = tgt, src
        key = (src, type_, tgt)
        r = self.rels.get(key)
        if r is None:
            r = self.rels[key] = Rel(src, type_, tgt, conf)
        r.confidence = max(r.confidence, conf)
        for k, v in props.items():
            if v is not None and k not in r.properties:
                r.properties[k] = v
        if type_ in _DATED and "date" not in r.properties:
            d = unit_date(self.text[unit.start : unit.end])
            if d:
                r.properties["date"] = d
                if type_ == "CERTIFIED":
                    r.properties.setdefault("year", int(d[:4]))
        span = (unit.start, unit.end)
        if span not in r.evidence and len(r.evidence) < 3:
            r.evidence.append(span)

    def eid(self, m: Mention) -> str:
        return m.props["eid"]

    def mentions(self, ui: int) -> list[Mention]:
        return self.by_unit.get(ui, [])

    def marker(self, m: Mention) -> str:
        """The role particle after a mention: subj, obj, role, with, gen, loc, etc, list or ''."""
        rest = self.text[m.end : m.end + 40]
        rest = re.sub(r"^\s*\([^()\n]{0,30}\)", "", rest)  # 국토교통부(장관 원희룡)는
        quoted = re.match(r"^[’”」』'\"]", rest) is not None
        rest = re.sub(r"^[’”」』'\"*\\)]+", "", rest)
        if quoted:  # ‘X’ 사업은: the classifier after a quoted name carries the name's particle
            rest = re.sub(r"^\s?(?:사업|프로젝트|서비스|플랫폼)(?=[은는이가을를에의도와과])", "", rest)
        if re.match(r"(?:으로부터|로부터|에게서)(?![가-힣])", rest):
            return "from"
        if re.match(r"(?:은|는|이|가|께서|에서는|도)(?![가-힣])|에서\s*(?:추진|주관|운영|시행|개최)", rest):
            return "subj"
        if re.match(r"(?:와의|과의)(?![가-힣])", rest):
            return "with_of"
        if re.match(r"(?:을|를)(?![가-힣])", rest):
            return "obj"
        if re.match(r"(?:으로|로)(?![가-힣])", rest):
            return "role"
        if re.match(r"(?:와|과|와의|과의)(?![가-힣])|\s*및\s|\s*-\s*(?=\S)|-", rest):
            return "with"
        if re.match(r"의(?![가-힣])", rest):
            return "gen"
        if re.match(r"\s?(?:일대|일원|전역|지역|내)?\s?(?:에서|에|내)(?![가-힣])", rest):
            return "loc"
        if re.match(r"\s*등", rest):
            return "etc"
        if re.match(r"\s*[,·‧、]", rest):
            return "list"
        return ""

    def nested_in(self, m: Mention, ms: list[Mention]) -> Mention | None:
        for o in ms:
            if o is not m and o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end):
                return o
        return None

    def masked(self, unit: Unit) -> str:
        """The unit's text with entity names blanked out, so 시민참여형 does not read as the cue 참여."""
        key = (unit.start, unit.end)
        cached = self._masked.get(key)
        if cached is None:
            chars = list(self.text[unit.start : unit.end])
            for m in self.by_unit.get(self._unit_index[key], []):
                for i in range(max(m.start, unit.start), min(m.end, unit.end)):
                    chars[i - unit.start] = "□"
            cached = self._masked[key] = "".join(chars)
        return cached

    def has_cue(self, unit: Unit, type_: str, after: int | None = None, window: int | None = None) -> str | None:
        body = self.masked(unit)
        lo = (after - unit.start) if after is not None else 0
        hi = len(body) if window is None else lo + window
        body = body[lo:hi]
        for c in self.c[type_]:
            if c in body:
                return c
        return None

    def cue_pos(self, unit: Unit, cue: str) -> int:
        i = self.masked(unit).find(cue)
        return unit.start + i if i >= 0 else unit.end

    def after_names(self, p: Mention, ms: list[Mention]) -> int:
        """Where the text after `p` resumes once coordinated names (‘A’과 ‘B’을) are skipped."""
        pos = p.end
        starts = {m.start: m for m in ms}
        while True:
            m = re.match(r"[’”」』'\"\s]*(?:과|와|및|,|·|‧)?[\s‘“「『'\"]*", self.text[pos : pos + 6])
            nxt = pos + (m.end() if m else 0)
            if nxt in starts and starts[nxt].type == p.type and nxt != pos:
                pos = starts[nxt].end
                continue
            return pos

    # ------------------------------------------------------------------ run
    def run(self) -> list[Rel]:
        topic = self.publisher
        topic_program: str | None = None
        last_cert: tuple[int, str] | None = None
        table_city: dict[int, str | None] = {}
        city_tables: set[int] = set()
        last_consortium: Mention | None = None
        for ui, u in enumerate(self.units):
            ms = self.mentions(ui)
            top = [m for m in ms if self.nested_in(m, ms) is None]
            self.issued_by(u, ms, [m for m in ms if m.type == "Certification"], [m for m in top if m.type in BODIES])
        for c in [e for e in self.ents.values() if e.type == "Certification"]:
            self.issued_by_publisher(c)
        for ui, u in enumerate(self.units):
            ms = self.mentions(ui)
            top = [m for m in ms if self.nested_in(m, ms) is None]
            bodies = [m for m in top if m.type in BODIES]
            programs = [m for m in ms if m.type == "Program"]
            certs = [m for m in ms if m.type == "Certification"]
            persons = [m for m in ms if m.type == "Person"]
            subj = next((m for m in bodies if self.marker(m) == "subj" and m.type in GOV | {"Company"}), None)
            row_city = None
            if u.kind == "row" and u.table is not None:
                c0 = self._city_cell(u)
                first = [m for m in ms if c0[0] <= m.start < max(c0[1], c0[0] + 1)]
                cell0 = re.sub(r"[\s\[\]()#*]", "", self.text[c0[0] : c0[1]])
                if first and first[0].type == "City" and cell0 == re.sub(r"\s", "", first[0].text):
                    row_city = table_city[u.table] = self.eid(first[0])
                    city_tables.add(u.table)
                elif u.cells and not self.text[u.cells[0][0] : u.cells[0][1]].strip():
                    row_city = table_city.get(u.table)
                else:
                    table_city[u.table] = None
            actor = self.eid(subj) if subj else (row_city or topic)
            if u.kind == "row" and row_city is None and u.table in city_tables and subj is None:
                actor = None  # a table of cities: a row without its city has no actor

            self._topic = topic
            self.unit_topic[ui] = topic
            part_topic = topic_program
            if "컨소시엄" in self.masked(u):
                if programs:
                    last_consortium = programs[-1]
                elif last_consortium is not None:
                    self.consortium_program[ui] = last_consortium
                    part_topic = self.eid(last_consortium)
            self.works_for(u, ms, persons, bodies)
            self._track_table_body(u, bodies)
            self.city_part_of(u, ms)
            self.leads(u, ui, ms, programs, bodies, subj, actor, row_city, topic_program)
            self.implemented_in(u, ms, programs, row_city, actor)
            self.participates(u, ms, programs, bodies, subj, part_topic, actor)
            self.selected(u, ms, bodies, subj, actor)
            self.certified(u, ui, ms, certs, bodies, subj, actor, last_cert, topic)
            self.partners(u, ms, bodies, subj)
            self.funds(u, ui, ms, programs, actor)

            # a press release or report is about its publisher; a news story about its last subject
            if (
                self.publisher is None
                and subj is not None
                and u.kind in ("sentence", "item", "heading")
                and subj.type in ("City", "Ministry")
            ):
                topic = self.eid(subj)
            if programs:
                # the program the unit is about: its subject (P는 ...), else the last one not cited in
                # the genitive ("「X 계획」의 과제로": X only qualifies another word)
                about = next((p for p in programs if self.marker(p) == "subj"), None) or next(
                    (p for p in reversed(programs) if self.marker(p) != "gen"), programs[-1]
                )
                topic_program = self.eid(about)
                self._topic_mention = about
            if certs:
                last_cert = (ui, self.eid(certs[-1]))
        # a city's own report: its main program (the one in the title) takes place in that city
        mp = self.main_program()
        if mp is not None and self.publisher and self.type_of(self.publisher) == "City":
            self.add(self.eid(mp), "IMPLEMENTED_IN", self.publisher, self.units[mp.unit], 0.6)
        apply_list_rules(self)  # participant lists, program owners, far partners, a city's own report
        return list(self.rels.values())

    def _city_cell(self, u: Unit) -> tuple[int, int]:
        """The cell that may name the row's city: the first, or the one after a serial number (연번 1, 2 ...)."""
        if not u.cells:
            return (0, 0)
        c0 = u.cells[0]
        if len(u.cells) > 2 and re.fullmatch(r"\s*(?:\d{1,3}|[①-⑳]|[가-하])\.?\s*", self.text[c0[0] : c0[1]]):
            return u.cells[1]
        return c0

    # ------------------------------------------------------------------ WORKS_FOR
    def works_for(self, u: Unit, ms, persons, bodies) -> None:
        for p in persons:
            title = self.ents[self.eid(p)].properties.get("title") or p.props.get("title")
            # the body right before the person (국토교통부 길병우 도시정책관) or between name and title
            # (장민주 세종시 스마트도시과장), or the one the bracket hangs on (국토교통부(장관 원희룡))
            # before the person, up to 30 characters; after it only when the title follows that body
            # ("장민주 세종시 스마트도시과장"), not the next group of a list ("… 윤성민 (NIPA) 원장 …")
            near = [
                b
                for b in bodies
                if b.type in BODIES
                and (
                    0 <= p.start - b.end <= 30
                    or 0 <= b.start - p.end <= 12
                    and bool(title)
                    and self.text[b.end : b.end + len(title) + 2].lstrip().startswith(title[:2])
                )
            ]
            if title in ("기자", "특파원", "논설위원"):
                near = [b for b in near if b.type == "Company"]
                if not near:
                    continue
            near.sort(key=lambda b: abs(p.start - b.end))
            target = self.eid(near[0]) if near else None
            if u.kind == "row":
                row_bodies = [b for b in bodies if self._title_after(b)]
                for b in row_bodies:
                    self.add(self.eid(p), "WORKS_FOR", self.eid(b), u, 0.7, title=self._title_after(b))
                first_empty = bool(u.cells) and not self.text[u.cells[0][0] : u.cells[0][1]].strip()
                if target is None and first_empty and self._table_body.get(u.table):
                    # a contact table: a row naming only a department continues the body named above it
                    target = self._table_body[u.table]
                elif self.publisher and (target is None or target in {self.eid(b) for b in row_bodies}):
                    target = self.publisher
            if target is None and title:
                target = self._body_in_title(title)
            if target is None and self.publisher and title:
                target = self.publisher
            if target:
                self.add(self.eid(p), "WORKS_FOR", target, u, 0.8 if near else 0.6, title=title)

    def _track_table_body(self, u: Unit, bodies) -> None:
        """The body a contact table's rows are under: the last one named in a row with a person."""
        if u.kind != "row" or u.table is None:
            return
        ms = self.by_unit.get(self._unit_index[(u.start, u.end)], [])
        if not any(m.type == "Person" for m in ms):
            return
        first_person = min(m.start for m in ms if m.type == "Person")
        named = [b for b in bodies if b.type in ("Organization", "Company", "Ministry") and b.end <= first_person]
        self._table_body[u.table] = self.eid(named[0]) if named else self._table_body.get(u.table)

    def _body_in_title(self, title: str) -> str | None:
        """부산시장 -> 부산광역시, 해운대구청장 -> 해운대구: the body a compound title names, if in the text."""
        for cut in range(len(title) - 2, 1, -1):
            for ref in gazetteer().lookup(title[:cut]):
                if ref.id in self.ents:
                    return ref.id
        return None

    def _title_after(self, b: Mention) -> str | None:
        from citykg.extract.resources import lexicon

        m = re.match(r"\s*([가-힣]+)(?:\s*\([^)]*\))?", self.text[b.end : b.end + 20])
        if not m:
            return None
        w = m.group(1)
        for t in lexicon().titles:
            if w.endswith(t) and t not in ("이사", "감사") or w == t:
                return w
        return None

    # ------------------------------------------------------------------ PART_OF (cities)
    def city_part_of(self, u: Unit, ms) -> None:
        cities = {self.eid(m) for m in ms if m.type == "City"}
        for cid in cities:
            parent = self.ents[cid].properties.get("parent")
            if parent and parent in cities:
                self.add(cid, "PART_OF", parent, u, 0.9)

    # ------------------------------------------------------------------ ISSUED_BY
    def issued_by(self, u: Unit, ms, certs, bodies) -> None:
        for c in certs:
            for b in bodies:
                between = self.text[b.end : c.start]
                if (
                    0 <= c.start - b.end <= 60
                    and re.search(r"(?:주관|시행|부여|지정|인증|운영)하는|주관|주최", between)
                    and not re.search(r"[.]\s", between)
                    and not any(b.end < o.start and o.end <= c.start for o in bodies)  # the nearest body only
                ):
                    self.add(self.eid(c), "ISSUED_BY", self.eid(b), u, 0.85)
                after = self.text[c.end : b.start]
                if (
                    0 <= b.start - c.end <= 10
                    and re.match(r"\s*[:：]\s*$", after)
                    and re.match(r"\s*(?:시행|주관|부여)", self.text[b.end : b.end + 8])
                ):
                    self.add(self.eid(c), "ISSUED_BY", self.eid(b), u, 0.85)

    def issued_by_publisher(self, cert: ResolvedEntity) -> None:
        """A ministry's press release about a certification it runs (도입, 공모, 부여, 심사 ...)."""
        issuer = cert.ref.properties.get("issuer") if cert.ref is not None else None
        if issuer:
            if issuer in self.ents and not any(k[0] == cert.id and k[1] == "ISSUED_BY" for k in self.rels):
                self.add(cert.id, "ISSUED_BY", issuer, self.units[cert.mentions[0].unit], 0.7)
            return
        if not self.publisher or self.type_of(self.publisher) != "Ministry":
            return
        if cert.properties.get("kind") == "designation" or any(
            k[0] == cert.id and k[1] == "ISSUED_BY" for k in self.rels
        ):
            return
        for m in cert.mentions:
            u = self.units[m.unit]
            if re.search(r"도입|공모|부여|심사|평가|인증제|시행", self.masked(u)):
                self.add(cert.id, "ISSUED_BY", self.publisher, u, 0.6)
                return

    # ------------------------------------------------------------------ LEADS
    def leads(self, u: Unit, ui: int, ms, programs, bodies, subj, actor, row_city, topic_program) -> None:
        body = self.masked(u)
        joint = re.search(r"공동\s*주최|공동\s*주관", body)
        if joint and not programs and topic_program:
            for b in bodies:
                self.add(self.eid(b), "LEADS", topic_program, u, 0.7)
        # "서울시에서 추진", "진흥원이 주관한다" with no program named: the program the text is about
        certs_here = any(m.type == "Certification" for m in ms)
        if not programs and topic_program and not certs_here:
            for b in bodies:
                after = self.text[b.end : b.end + 12]
                if re.match(r"\s*에서\s*(?:추진|주관|운영|시행|개최)|\s*(?:이|가|은|는)\s*(?:주관|주최|총괄)", after):
                    self.add(self.eid(b), "LEADS", topic_program, u, 0.65)
        subjects = self._subject_group(subj, bodies)
        for p in programs:
            pid = self.eid(p)
            done = False
            # X가 주관하는 P / X 주최 P
            for b in bodies:
                if 0 <= p.start - b.end <= 40 and re.search(r"주관|주최", self.text[b.end : p.start]):
                    self.add(self.eid(b), "LEADS", pid, u, 0.85)
                    done = True
                elif 0 <= p.start - b.end <= 24 and self._relative_leader(b, p):
                    self.add(self.eid(b), "LEADS", pid, u, 0.8)
                    done = True
            # the body right before the name (국토교통부 알뜰교통카드); a city's own ordinance (강동구 ... 조례)
            for b in [m for m in ms if m.type in GOV and not self._qualifier_city(m, ms)]:
                adjacent = 0 <= p.start - b.end <= 1 and self.text[b.end : p.start].strip() == ""
                opening = b.start == p.start and b.end < p.end
                if (
                    adjacent
                    and b.type in ("Ministry", "Organization")
                    or opening
                    and b.type == "Ministry"
                    or (opening or adjacent)
                    and b.type == "City"
                    and re.search(r"조례|계획|마스터플랜", p.text)
                ):
                    self.add(self.eid(b), "LEADS", pid, u, 0.7)
                    done = True
            if joint:
                for b in bodies:
                    self.add(self.eid(b), "LEADS", pid, u, 0.7)
            if done or actor is None:
                continue
            resume = self.after_names(p, ms)
            near_cue = self.has_cue(u, "LEADS", resume, 22)
            participates = self.has_cue(u, "PARTICIPATES_IN", resume, 12)
            whole = (
                p.source == "table"
                or (u.kind == "row" and (p.start, p.end) in u.cells)
                or (
                    u.kind in ("item", "heading")
                    and p.start - u.start <= 2
                    and not re.search(r"[가-힣]{2,}(?:하여|하고|했다|한다)", body)
                )
            )
            if participates and subj is None and u.end - u.start <= 40:
                self.add(actor, "PARTICIPATES_IN", pid, u, 0.6)
                continue
            footnote = ((u.marker or "").strip("\\") in ("*", "※") or body.lstrip().startswith(("*", "\\*"))) and (
                body.count(",") >= 2
            )
            if whole and not near_cue and (footnote or re.search(r"인증|선정|수상", body)):
                continue  # "A, B 등 4개 서비스 인증": about a certification, not about running them
            if not near_cue and self.has_cue(u, "LEADS", max(u.start, p.start - 8), 8):
                near_cue = "before"  # 법으로 개편('스마트도시법')
            own_city = (
                self.city_in_name(p, ms)
                if (self.publisher is None or self.type_of(self.publisher) == "Ministry")
                else None
            )
            if subj is None and own_city and (near_cue or whole):
                self.add(own_city, "LEADS", pid, u, 0.55)
                continue
            # a city's report citing another city's system (울산광역시 버스정보시스템과 연계): not its own
            opener = next(
                (m for m in ms if m.type == "City" and m.start == p.start and not self._qualifier_city(m, ms)), None
            )
            if (
                subj is None
                and opener is not None
                and actor
                and self.type_of(actor) == "City"
                and self.eid(opener) != actor
            ):
                continue
            if subjects and subjects[0].start < p.start and (near_cue or self.has_cue(u, "LEADS", resume)):
                for b in subjects:
                    self.add(self.eid(b), "LEADS", pid, u, 0.8 if b is subj else 0.6)
            elif near_cue or whole:
                partners = {self.eid(b) for b in bodies if self.marker(b) in ("with", "list", "etc", "with_of")}
                if actor not in partners:
                    self.add(actor, "LEADS", pid, u, 0.6 if subj is None else 0.75)

    def _qualifier_city(self, c: Mention, ms) -> bool:
        """울산 in "울산 남구": a city name inside a longer city mention only qualifies it."""
        return c.type == "City" and any(
            o is not c
            and o.type == "City"
            and o.start <= c.start
            and c.end <= o.end
            and o.end - o.start > c.end - c.start
            for o in ms
        )

    def _relative_leader(self, b: Mention, p: Mention) -> bool:
        """X가 공모한 ‘P’ / X이 추진 중인 P: X is the subject of a relative clause on the program's name."""
        verbs = "|".join(re.escape(c) for c in self.c["LEADS_RELATIVE"])
        gap = self.text[b.end : p.start]
        return (
            re.fullmatch(
                rf"\s*(?:\([^()]*\))?\s*(?:이|가|에서)\s+(?:[가-힣]+\s+)?(?:{verbs})\s*(?:한|하는|할|하고\s*있는|\s*중인)\s*[‘“'\"「『]?\s*",
                gap,
            )
            is not None
        )

    def city_in_name(self, p: Mention, ms) -> str | None:
        """The city a program's name starts with or holds (강릉패스 앱, '한눈에 강동' 플랫폼)."""
        for m in ms:
            if m.type == "City" and p.start <= m.start and m.end <= p.end and not self._qualifier_city(m, ms):
                return self.eid(m)
        name = re.sub(r"^[\s'‘“「]+", "", p.text)
        for k in (4, 3, 2):
            cands = [r for r in gazetteer().lookup(name[:k]) if r.type == "City"]
            if len(cands) == 1 and cands[0].id in self.ents:
                return cands[0].id
        return None

    def main_program(self) -> Mention | None:
        if not self.title_span:
            return None
        for e in self.ents.values():
            if e.type == "Program":
                for x in e.mentions:
                    if self.title_span[0] <= x.start < self.title_span[1]:
                        return x
        return None

    def _subject_group(self, subj, bodies) -> list[Mention]:
        """The subject and the bodies coordinated with it: 세종시와 국토부‧LH는 -> all three."""
        if subj is None:
            return []
        group = [subj]
        i = bodies.index(subj) if subj in bodies else -1
        j = i - 1
        while j >= 0 and self.marker(bodies[j]) in ("with", "list") and subj.start - bodies[j].end <= 15:
            group.insert(0, bodies[j])
            j -= 1
        return group

    # ------------------------------------------------------------------ IMPLEMENTED_IN
    def implemented_in(self, u: Unit, ms, programs, row_city, actor) -> None:
        gaz = gazetteer()
        for p in programs:
            pid = self.eid(p)
            # a city that opens the name: 광산구 스마트시티계획, 시흥 리빙랩, 강릉패스
            inner = [
                m
                for m in ms
                if m.type == "City" and p.start <= m.start and m.end <= p.end and not self._qualifier_city(m, ms)
            ]
            for c in inner:
                self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.75)
            if not inner:
                name = re.sub(r"^[\s'‘“「]+", "", p.text)
                for k in (4, 3, 2):
                    cands = [r for r in gaz.lookup(name[:k]) if r.type == "City"]
                    if len(cands) == 1 and cands[0].id in self.ents:
                        self.add(pid, "IMPLEMENTED_IN", cands[0].id, u, 0.6)
                        break
            if row_city and not inner:
                self.add(pid, "IMPLEMENTED_IN", row_city, u, 0.6)
            # cities in the sentence marked as places (에/에서/내) or listed in brackets after the name
            for c in ms:
                if c.type != "City" or p.start <= c.start < p.end:
                    continue
                mk = self.marker(c)
                bracket = self.text[p.end : c.start]
                if (
                    0 <= c.start - p.end <= 30
                    and re.fullmatch(r"[’”」』'\"]?\s*(?:[가-힣]{2,3}\s*)?\([^()]*", bracket)
                    and self.has_cue(u, "IMPLEMENTED_IN")
                ):
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.7)
                elif mk == "loc" and self.has_cue(u, "IMPLEMENTED_IN") and c.start < p.start:
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.65)
                    # 대전 도안지구에: the qualifying city right before is a place of it too
                    for q in ms:
                        if (
                            q is not c
                            and q.type == "City"
                            and (0 <= c.start - q.end <= 1 or c.start <= q.start and q.end <= c.end)
                        ):
                            self.add(pid, "IMPLEMENTED_IN", self.eid(q), u, 0.6)
            # "김포시의 ‘P’ 사업": a city's own named project takes place in it
            for c in ms:
                if (
                    c.type == "City"
                    and c.end <= p.start
                    and re.fullmatch(r"의\s*[‘“'\"「『]?\s*", self.text[c.end : p.start])
                    and not self._qualifier_city(c, ms)
                ):
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.6)
            # "A는 B시와 함께 ... P 실증을 진행": a city piloting a program with its runner hosts it
            for c in ms:
                if (
                    c.type == "City"
                    and c.start < p.start
                    and re.match(r"\s*(?:와|과)\s*(?:함께|공동으로)", self.text[c.end : c.end + 8])
                    and re.match(r"[’”」』'\"]?\s*(?:실증|시범\s*적용|시범\s*운영)", self.text[p.end : p.end + 12])
                ):
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.6)
            # a city's own program, said in a sentence that names the city, takes place there
            named = {self.eid(m) for m in ms if m.type == "City"}
            if actor and actor in named and self.type_of(actor) == "City" and (actor, "LEADS", pid) in self.rels:
                self.add(pid, "IMPLEMENTED_IN", actor, u, 0.6)

    # ------------------------------------------------------------------ PARTICIPATES_IN
    def participates(self, u: Unit, ms, programs, bodies, subj, topic_program, actor) -> None:
        # P(㈜대흥정보), P(부천시 협의체): a body in brackets right after the name
        for p in programs:
            for b in bodies:
                gap = re.sub(r"<[^>]+>|주\)", "", self.text[p.end : b.start])
                if 0 <= b.start - p.end <= 20 and re.fullmatch(r"[’”\"']?\s*[(（][^()]*", gap):
                    self.add(self.eid(b), "PARTICIPATES_IN", self.eid(p), u, 0.7)
        cue = self.has_cue(u, "PARTICIPATES_IN")
        if not cue:
            return
        cue_pos = self.cue_pos(u, cue)
        use_topic = not programs and topic_program is not None and re.search(r"참여|참석|참가|공동사업", cue)
        if use_topic and re.match(r"[을를이가의]\s", self.masked(u)[cue_pos - u.start + len(cue) :]):
            return  # "실증 참여를 지원한다": participation as a noun, not what the subject does
        targets = list(programs) or ([None] if use_topic else [])
        for b in bodies:
            if b.start > cue_pos:
                continue
            mk = self.marker(b)
            if mk not in (("subj", "with") if use_topic else ("subj", "with", "list", "etc", "with_of")):
                continue
            if b.type == "City" and mk not in ("subj", "with"):
                continue
            bid = self.eid(b)
            for p in targets:
                pid = self.eid(p) if p is not None else topic_program
                if (bid, "LEADS", pid) in self.rels:
                    continue
                self.add(bid, "PARTICIPATES_IN", pid, u, 0.6)

    # ------------------------------------------------------------------ SELECTED
    def selected(self, u: Unit, ms, bodies, subj, actor) -> None:
        cue = self.has_cue(u, "SELECTED")
        if not cue:
            return
        body = self.text[u.start : u.end]
        passive = re.search(r"선정\s*(?:되|된|됐|돼)", body) is not None
        cue_pos = self.cue_pos(u, cue)
        role = None
        rm = re.search(r"([가-힣]+?)(?:으로|로)\s*(?:최종\s*)?선정", body)
        if rm:
            role = rm.group(1)
        if passive:
            src = actor if subj is None or self.eid(subj) != actor else self.publisher
            progs = [m for m in ms if m.type == "Program" and m.start < cue_pos]
            gov = [
                b
                for b in bodies
                if b.start < cue_pos
                and (
                    b.type == "Ministry"
                    and self.marker(b) != "subj"
                    # X는 [Y가 공모한] P에 선정돼: the leader in the relative clause selected X
                    or b is not subj
                    and any(0 <= p.start - b.end <= 24 and self._relative_leader(b, p) for p in progs)
                )
            ]
            if gov:
                src = self.eid(gov[0])
            targets = [
                b
                for b in bodies
                if self.marker(b) in ("subj", "list", "etc", "") and b.start < cue_pos and b not in gov
            ]
            # X는 P에 선정돼: the one selected for a program takes part in it
            won = [
                p for p in progs if re.match(r"[’”」』'\"]?\s*에\s*(?:최종\s*)?선정", self.text[p.end : cue_pos + 2])
            ]
            for t in targets:
                for p in won:
                    if (self.eid(t), "LEADS", self.eid(p)) not in self.rels:
                        self.add(self.eid(t), "PARTICIPATES_IN", self.eid(p), u, 0.6)
        else:
            src = self.eid(subj) if subj else actor
            gov = [b for b in bodies if b.type == "Ministry" and b.start < cue_pos and subj is None]
            if gov:
                src = self.eid(gov[0])
            targets = [
                b
                for b in bodies
                if (self.marker(b) in ("obj", "list", "etc", "") and b is not subj and not (gov and b is gov[0]))
            ]
            # 선정(~5월, 양천·성동구, 베리타노스): the selected ones in brackets after the cue
            targets += [
                b for b in bodies if b.start > cue_pos and re.fullmatch(r"[^()]*\([^)]*", self.text[cue_pos : b.start])
            ]
        if src is None:
            return
        # "P의 우선협상대상자로 A를 선정": who picks the contractor of a project runs it
        if not passive:
            for p in ms:
                if p.type == "Program" and p.start < cue_pos and re.match(
                    r"[’”」』'\"]?\s*의\s*(?:우선\s*협상\s*대상자|수행기관|수행사|사업자|운영사|시공사)",
                    self.text[p.end : p.end + 16],
                ):
                    self.add(src, "LEADS", self.eid(p), u, 0.7)
        # cities chosen as sites (대상지로 선정) host the program they were chosen for
        before_cue = self.masked(u)[max(0, cue_pos - u.start - 14) : cue_pos - u.start]
        site = any(r in before_cue for r in self.c["SITE_ROLES"])
        site_programs = [m for m in ms if m.type == "Program" and m.start < cue_pos and self.nested_in(m, ms) is None]
        for t in targets:
            tid = self.eid(t)
            if tid == src or self.type_of(tid) == "Ministry":
                continue
            self.add(src, "SELECTED", tid, u, 0.65, role=role)
            if site and t.type == "City":
                for p in site_programs:
                    self.add(self.eid(p), "IMPLEMENTED_IN", tid, u, 0.6)

    # ------------------------------------------------------------------ CERTIFIED
    def certified(self, u: Unit, ui: int, ms, certs, bodies, subj, actor, last_cert, topic) -> None:
        body = self.text[u.start : u.end]
        holders = [
            m for m in ms if m.type in ("City", "Company", "Organization", "Program") and self.nested_in(m, ms) is None
        ]
        # receiving a prize is obtaining it too: 대상을 받았다, 우수상을 받아, 표창을 받은
        if certs and re.search(r"획득|취득|수상|인증을\s*받|인증받|선정|지정|상을\s*받|표창을\s*받", body):
            issuers = {k[2] for k in self.rels if k[1] == "ISSUED_BY"}
            for c in certs:
                cid = self.eid(c)
                for h in holders:
                    hid = self.eid(h)
                    if hid in issuers or self.marker(h) not in ("subj", "obj"):
                        continue
                    if re.match(
                        r"\s*(?:\([^()]*\))?\s*(?:이|가|에서)?\s*(?:주관|시행|부여|지정)", self.text[h.end : h.end + 60]
                    ):
                        continue
                    self.add(hid, "CERTIFIED", cid, u, 0.75)
                if (
                    not any(self.marker(h) in ("subj", "obj") for h in holders)
                    and actor
                    and self.type_of(actor) != "Ministry"
                    and actor != self.publisher
                ):
                    self.add(actor, "CERTIFIED", cid, u, 0.55)
        # a footnote list under a sentence about a certification: "* (대도시) 김해시, 수원시, ..."
        if (
            last_cert
            and ui - last_cert[0] <= 4
            and (u.marker in ("*", "\\*", "※", "-") or body.lstrip("\\* ").startswith("("))
        ):
            items = [h for h in holders if h.type in ("City", "Company", "Program")]
            # "- P 우선협상대상자에 X 선정": a line stating its own selection is no list of holders
            states_selection = re.search(r"우선\s*협상|대상자|사업자", self.masked(u)) is not None
            if len(items) >= 2 and _mostly_list(body, items) and not states_selection:
                for h in items:
                    self.add(self.eid(h), "CERTIFIED", last_cert[1], u, 0.7)
        # X를 Y로 지정: X holds the designation Y
        for c in certs:
            if c.props.get("kind") == "designation" or re.match(r"\s*(?:으로|로)\s*지정", self.text[c.end : c.end + 6]):
                for h in holders:
                    if h.end <= c.start and self.marker(h) == "obj":
                        self.add(self.eid(h), "CERTIFIED", self.eid(c), u, 0.75)
                    elif (
                        h.end <= c.start
                        and h.type == "City"
                        and self.text[h.end : h.end + 4].strip().startswith("전역")
                    ):
                        self.add(self.eid(h), "CERTIFIED", self.eid(c), u, 0.75)

    # ------------------------------------------------------------------ PARTNERS_WITH
    def partners(self, u: Unit, ms, bodies, subj) -> None:
        # A-B 공동사업 / A-B 협약: hyphen pairs
        for a, b in zip(bodies, bodies[1:], strict=False):
            if re.fullmatch(r"\s*[-–]\s*", self.text[a.end : b.start]) and re.search(
                r"협력|협약|공동|협정|MOU|계약", self.text[b.end : b.end + 20]
            ):
                self.add(self.eid(a), "PARTNERS_WITH", self.eid(b), u, 0.8)
        cue = self.has_cue(u, "PARTNERS_WITH")
        if not cue:
            return
        cue_pos = self.cue_pos(u, cue)
        # "A는 X를 대표사로 하는 컨소시엄과 협약": the consortium's head is A's partner
        if subj is not None:
            for b in bodies:
                if b is not subj and b.start < cue_pos and re.match(
                    r"\s*(?:을|를)\s*(?:대표사|주관사|주관기관|대표기관)\s*(?:로|으로)\s*하는\s*컨소시엄\s*(?:과|와)",
                    self.text[b.end : b.end + 30],
                ):
                    self.add(self.eid(subj), "PARTNERS_WITH", self.eid(b), u, 0.65)
        group = [b for b in bodies if b.start < cue_pos and cue_pos - b.end <= 60]
        if not group:
            return
        ids = list(dict.fromkeys(self.eid(b) for b in group))
        last = group[-1]
        tail = self.text[last.end : cue_pos]
        listed = "등" in tail and len(tail) <= 25
        with_of = [b for b in group if self.marker(b) == "with_of"]
        mutual = any(self.marker(b) == "with" for b in group) or (
            len(group) >= 2 and re.search(r"(?:와|과)\s", self.text[group[0].end : last.start]) is not None
        )
        if (
            len(ids) == 1
            and self._topic
            and self._topic not in ids
            # 울산과학기술원(UNIST)과: the bracketed short name does not break "A와"
            and re.search(
                r"(?:와|과)\s", re.sub(r"^\s*\([^()\n]{0,30}\)", "", self.text[group[0].end : group[0].end + 40])[:3]
            )
        ):
            self.add(self._topic, "PARTNERS_WITH", ids[0], u, 0.6)  # 시는 ... A와 업무협약을 맺었다
            return
        if with_of or listed and not mutual:
            anchor = self.publisher or (self.eid(subj) if subj else None)
            others = [i for i in ids if i != anchor]
        elif mutual and len(ids) >= 2:
            anchor, others = ids[0], ids[1:]
        else:
            return
        if anchor is None:
            return
        for o in others:
            self.add(anchor, "PARTNERS_WITH", o, u, 0.65)

    # ------------------------------------------------------------------ FUNDS
    def funds(self, u: Unit, ui: int, ms, programs, actor) -> None:
        body = self.text[u.start : u.end]
        if u.kind == "row" and u.header:
            hdr = [re.sub(r"\s+", "", h) for h in u.header]
            if any(h.startswith(("예산", "사업비", "소요예산", "금액")) for h in hdr) and programs and self.publisher:
                unit_word = self._unit_note(u)
                if unit_word:
                    for p in programs:
                        amount = self._first_number_after(u, p.end)
                        krw = amount_krw(amount, unit_word) if amount else None
                        if krw:
                            self.add(
                                self.publisher,
                                "FUNDS",
                                self.eid(p),
                                u,
                                0.7,
                                amount_krw=krw,
                                **({"year": int(self.doc_year)} if self.doc_year else {}),
                            )
        m = _AMOUNT.search(body)
        cue = self.has_cue(u, "FUNDS")
        pays = re.search(r"지원|투입|지급|보조|출연|편성", self.masked(u))
        if not cue or not (m or pays):
            return
        krw = amount_krw(m.group(1), m.group(2)) if m else None
        targets = programs or ([self._topic_mention] if self._topic_mention is not None and pays else [])
        if not targets and u.kind == "row" and self._topic_mention is not None:
            tm = self._topic_mention
            if self.units[tm.unit].table == u.table:  # "사업비 | 500백만원" under "사업명 | ..." of the same table
                targets = [tm]
        if not targets and self.title_span:
            targets = [
                x
                for e in self.ents.values()
                if e.type == "Program"
                for x in e.mentions
                if self.title_span[0] <= x.start < self.title_span[1]
            ][:1]
        src = actor if actor and self.type_of(actor) in GOV else self.publisher
        # the payer is the subject closest before the verb: "A는 ... 도입하고, B는 국비를 지원한다" -> B
        verb_at = u.start + (pays.start() if pays else (m.start() if m else 0))
        payers = [
            b
            for b in self.mentions(self._unit_index[(u.start, u.end)])
            if b.type in GOV and b.end <= verb_at and self.marker(b) == "subj"
        ]
        if payers:
            src = self.eid(payers[-1])
        # 국비 is the state's money: a city described only with its subsidy rate (A군은 국비 보조율 70%)
        # receives it, it does not fund the program (a city that secures 국비: see ListRules.state_money)
        if (
            src
            and cue == "국비"
            and self.type_of(src) == "City"
            and not payers
        ):
            src = self.publisher if self.publisher and self.type_of(self.publisher) == "Ministry" else None
        if not src:
            return
        for p in targets:
            self.add(src, "FUNDS", self.eid(p), u, 0.6 if krw else 0.5, **({"amount_krw": krw} if krw else {}))

    def _unit_note(self, u: Unit) -> str | None:
        look = self.text[max(0, u.start - 1500) : u.start]
        notes = list(_UNIT_NOTE.finditer(look))
        return notes[-1].group(1) if notes else None

    def _first_number_after(self, u: Unit, pos: int) -> str | None:
        for s, e in u.cells:
            if s >= pos:
                v = self.text[s:e].strip()
                if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", v):
                    return v
        return None


def _mostly_list(body: str, items: list[Mention]) -> bool:
    covered = sum(m.end - m.start for m in items)
    letters = len(re.sub(r"[\s,·‧()*\\※<>/a-z0-9\-]|대도시|중소도시|가나다\s*순|참고\d?", "", body))
    return covered >= 0.5 * max(letters, 1)
