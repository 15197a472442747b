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

from extract.entities import Mention
from extract.resolve import ResolvedEntity
from extract.resources import gazetteer, load_toml
from extract.segment import Unit

BODIES = {"Ministry", "City", "Organization", "Company"}
GOV = {"Ministry", "City", "Organization"}
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    "LEADS": ({"Ministry", "City", "Organization", "Company"}, {"Program"}),
    "PARTICIPATES_IN": ({"Company", "Organization", "City", "Ministry", "Person"}, {"Program"}),
    "IMPLEMENTED_IN": ({"Program"}, {"City"}),
    "PART_OF": ({"Program", "City", "Organization"}, {"Program", "City", "Organization", "Ministry"}),
    "SELECTED": ({"Ministry", "City", "Organization"}, {"City", "Company", "Organization", "Program"}),
    "CERTIFIED": ({"City", "Company", "Organization", "Program"}, {"Certification"}),
    "ISSUED_BY": ({"Certification"}, {"Ministry", "Organization", "Company"}),
    "FUNDS": ({"Ministry", "City", "Organization"}, {"Program"}),
    "PARTNERS_WITH": (BODIES, BODIES),
    "WORKS_FOR": ({"Person"}, {"Ministry", "City", "Organization", "Company"}),
}
PART_OF_PAIRS = {("Program", "Program"), ("City", "City"), ("Organization", "Organization"),
                 ("Organization", "City"), ("Organization", "Ministry")}
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(조원|억원|천만원|백만원|만원|천원)")
_UNIT_NOTE = re.compile(r"단위\s*[:：]?\s*(조원|억원|천만원|백만원|만원|천원|원)")


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    data = load_toml("cues")
    out = {k: tuple(v.get("cues", ())) for k, v in data.items() if isinstance(v, dict) and "cues" in v}
    out["LEADS_PUBLISHER"] = tuple(data["LEADS"]["publisher_cues"])
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
    mult = amount_units().get(unit)
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
    def __init__(self, text: str, units: list[Unit], entities: list[ResolvedEntity], publisher: str | None,
                 title_span: tuple[int, int] | None = None, doc_year: str | None = None) -> None:
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
        span = (unit.start, unit.end)
        if span not in r.evidence and len(r.evidence) < 3:
            r.evidence.append(span)

    def eid(self, m: Mention) -> str:
        return m.props["eid"]

    def mentions(self, ui: int) -> list[Mention]:
        return self.by_unit.get(ui, [])

    def marker(self, m: Mention) -> str:
        """The role particle after a mention: subj, obj, role, with, gen, loc, etc, list or ''."""
        rest = self.text[m.end:m.end + 40]
        rest = re.sub(r"^\s*\([^()\n]{0,30}\)", "", rest)  # 국토교통부(장관 원희룡)는
        rest = re.sub(r"^[’”」』'\"*\\]+", "", rest)
        if re.match(r"(?:은|는|이|가|께서|에서는)(?![가-힣])", rest):
            return "subj"
        if re.match(r"(?:을|를)(?![가-힣])", rest):
            return "obj"
        if re.match(r"(?:으로|로)(?![가-힣])", rest):
            return "role"
        if re.match(r"(?:와|과|와의|과의)(?![가-힣])|\s*및\s|\s*-\s*(?=\S)|-", rest):
            return "with"
        if re.match(r"의(?![가-힣])", rest):
            return "gen"
        if re.match(r"(?:에서|에|내)(?![가-힣])", rest):
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

    def has_cue(self, unit: Unit, type_: str, after: int | None = None) -> str | None:
        body = self.text[after if after is not None else unit.start:unit.end]
        for c in self.c[type_]:
            if c in body:
                return c
        return None

    # ------------------------------------------------------------------ run
    def run(self) -> list[Rel]:
        topic = self.publisher
        topic_program: str | None = None
        last_cert: tuple[int, str] | None = None
        table_city: dict[int, str] = {}
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
                first = [m for m in ms if u.cells and u.cells[0][0] <= m.start < max(u.cells[0][1], u.cells[0][0] + 1)]
                if first and first[0].type == "City":
                    row_city = table_city[u.table] = self.eid(first[0])
                elif u.cells and not self.text[u.cells[0][0]:u.cells[0][1]].strip():
                    row_city = table_city.get(u.table)
            actor = self.eid(subj) if subj else (row_city or topic)

            self.works_for(u, ms, persons, bodies)
            self.city_part_of(u, ms)
            self.issued_by(u, ms, certs, bodies)
            self.leads(u, ui, ms, programs, bodies, subj, actor, row_city)
            self.implemented_in(u, ms, programs, row_city, actor)
            self.participates(u, ms, programs, bodies, subj, topic_program, actor)
            self.selected(u, ms, bodies, subj, actor)
            self.certified(u, ui, ms, certs, bodies, subj, actor, last_cert, topic)
            self.partners(u, ms, bodies, subj)
            self.funds(u, ui, ms, programs, actor)

            if subj is not None and u.kind in ("sentence", "item", "heading") and subj.type in GOV:
                topic = self.eid(subj)
            if programs:
                topic_program = self.eid(programs[-1])
            if certs:
                last_cert = (ui, self.eid(certs[-1]))
        return list(self.rels.values())

    # ------------------------------------------------------------------ WORKS_FOR
    def works_for(self, u: Unit, ms, persons, bodies) -> None:
        for p in persons:
            title = self.ents[self.eid(p)].properties.get("title") or p.props.get("title")
            # the body right before the person (국토교통부 길병우 도시정책관) or between name and title
            # (장민주 세종시 스마트도시과장), or the one the bracket hangs on (국토교통부(장관 원희룡))
            near = [b for b in bodies if -30 <= p.start - b.end <= 30 and b.type in BODIES]
            near.sort(key=lambda b: abs(p.start - b.end))
            target = self.eid(near[0]) if near else None
            if u.kind == "row":
                row_bodies = [b for b in bodies if self._title_after(b)]
                for b in row_bodies:
                    self.add(self.eid(p), "WORKS_FOR", self.eid(b), u, 0.7, title=self._title_after(b))
                if self.publisher and (target is None or target in {self.eid(b) for b in row_bodies}):
                    target = self.publisher
            if target is None and self.publisher and title:
                target = self.publisher
            if target:
                self.add(self.eid(p), "WORKS_FOR", target, u, 0.8 if near else 0.6, title=title)

    def _title_after(self, b: Mention) -> str | None:
        from extract.resources import lexicon

        m = re.match(r"\s*([가-힣]+)(?:\s*\([^)]*\))?", self.text[b.end:b.end + 20])
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
                between = self.text[b.end:c.start]
                if 0 <= c.start - b.end <= 40 and re.search(r"(?:주관|시행|부여|지정|인증)하는|주관|주최", between):
                    self.add(self.eid(c), "ISSUED_BY", self.eid(b), u, 0.85)
                after = self.text[c.end:b.start]
                if 0 <= b.start - c.end <= 10 and re.match(r"\s*[:：]\s*$", after) and \
                        re.match(r"\s*(?:시행|주관|부여)", self.text[b.end:b.end + 8]):
                    self.add(self.eid(c), "ISSUED_BY", self.eid(b), u, 0.85)
            if self.publisher and self.type_of(self.publisher) in ("Ministry", "Organization"):
                body = self.text[u.start:u.end]
                if re.search(r"도입|공모|부여|심사|평가|인증제|수여|시행", body) and not re.search(
                        r"주관하는|지정하는|시행하는", body):
                    cid = self.eid(c)
                    if not any(k[0] == cid and k[1] == "ISSUED_BY" for k in self.rels):
                        self.add(cid, "ISSUED_BY", self.publisher, u, 0.6)

    # ------------------------------------------------------------------ LEADS
    def leads(self, u: Unit, ui: int, ms, programs, bodies, subj, actor, row_city) -> None:
        for p in programs:
            pid = self.eid(p)
            # X가 주관하는 P / X 주최 P
            done = False
            for b in bodies:
                if b.type in BODIES and 0 <= p.start - b.end <= 30 and re.search(
                        r"주관|주최|공동주최", self.text[b.end:p.start]):
                    self.add(self.eid(b), "LEADS", pid, u, 0.85)
                    done = True
            # a body right before the name (국토교통부 알뜰교통카드) or inside it (광주광역시 스마트시티 마스터플랜)
            for b in bodies + [m for m in ms if m.type in GOV and self.nested_in(m, ms) is p]:
                gap = self.text[b.end:p.start]
                if (p.start <= b.start < p.end and b.start == p.start) or (0 <= p.start - b.end <= 1 and gap.strip() == ""):
                    if b.type in ("Ministry", "Organization") or (b.type == "City" and b.start == p.start):
                        self.add(self.eid(b), "LEADS", pid, u, 0.7)
                        done = True
            if done:
                continue
            after = p.end
            cue = self.has_cue(u, "LEADS", after) or self.has_cue(u, "LEADS_PUBLISHER")
            whole = p.source in ("table",) or (u.kind in ("item", "heading") and p.start - u.start <= 2)
            # 공동주최: every body of the list leads
            if "공동주최" in self.text[u.start:u.end] or "공동 주최" in self.text[u.start:u.end]:
                for b in bodies:
                    self.add(self.eid(b), "LEADS", pid, u, 0.7)
            if actor is None:
                continue
            if subj is not None and subj.start < p.start and cue:
                self.add(self.eid(subj), "LEADS", pid, u, 0.8)
            elif cue or whole:
                partners = {self.eid(b) for b in bodies if self.marker(b) in ("with", "list", "etc")}
                if actor not in partners:
                    self.add(actor, "LEADS", pid, u, 0.6 if subj is None else 0.75)

    # ------------------------------------------------------------------ IMPLEMENTED_IN
    def implemented_in(self, u: Unit, ms, programs, row_city, actor) -> None:
        gaz = gazetteer()
        for p in programs:
            pid = self.eid(p)
            # a city that opens the name: 광산구 스마트시티계획, 시흥 리빙랩, 강릉패스
            inner = [m for m in ms if m.type == "City" and p.start <= m.start and m.end <= p.end]
            for c in inner:
                if c.start == p.start:
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.75)
            if not inner:
                name = re.sub(r"^[\s'‘“「]+", "", p.text)
                for k in (4, 3, 2):
                    cands = [r for r in gaz.lookup(name[:k]) if r.type == "City"]
                    if len(cands) == 1 and cands[0].id in self.ents:
                        self.add(pid, "IMPLEMENTED_IN", cands[0].id, u, 0.6)
                        break
            if row_city:
                self.add(pid, "IMPLEMENTED_IN", row_city, u, 0.6)
            # cities in the sentence marked as places (에/에서/내) or listed in brackets after the name
            for c in ms:
                if c.type != "City" or p.start <= c.start < p.end:
                    continue
                mk = self.marker(c)
                bracket = self.text[p.end:c.start]
                if 0 <= c.start - p.end <= 30 and re.fullmatch(r"\s*(?:[가-힣]{2,3}\s*)?\([^()]*", bracket) and \
                        self.has_cue(u, "IMPLEMENTED_IN"):
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.7)
                elif mk == "loc" and self.has_cue(u, "IMPLEMENTED_IN") and c.start < p.start:
                    self.add(pid, "IMPLEMENTED_IN", self.eid(c), u, 0.65)
            # a city's own program takes place in that city
            if actor and self.type_of(actor) == "City" and (actor, "LEADS", pid) in self.rels:
                self.add(pid, "IMPLEMENTED_IN", actor, u, 0.6)

    # ------------------------------------------------------------------ PARTICIPATES_IN
    def participates(self, u: Unit, ms, programs, bodies, subj, topic_program, actor) -> None:
        # P(㈜대흥정보), P(부천시 협의체): a body in brackets right after the name
        for p in programs:
            for b in bodies:
                gap = self.text[p.end:b.start]
                if 0 <= b.start - p.end <= 12 and re.fullmatch(r"\s*[(（][^()]*", gap):
                    self.add(self.eid(b), "PARTICIPATES_IN", self.eid(p), u, 0.7)
        cue = self.has_cue(u, "PARTICIPATES_IN")
        if not cue:
            return
        cue_pos = self.text.find(cue, u.start, u.end)
        targets = [p for p in programs] or ([] if topic_program is None else [None])
        for b in bodies:
            if b.start > cue_pos:
                continue
            mk = self.marker(b)
            if mk not in ("subj", "with", "list", "etc", ""):
                continue
            bid = self.eid(b)
            for p in targets:
                pid = self.eid(p) if p is not None else topic_program
                if (bid, "LEADS", pid) in self.rels or bid == actor and subj is not None and subj is b and p is not None:
                    continue
                self.add(bid, "PARTICIPATES_IN", pid, u, 0.6)

    # ------------------------------------------------------------------ SELECTED
    def selected(self, u: Unit, ms, bodies, subj, actor) -> None:
        cue = self.has_cue(u, "SELECTED")
        if not cue:
            return
        body = self.text[u.start:u.end]
        passive = re.search(r"선정\s*(?:되|된|됐|돼)", body) is not None
        cue_pos = self.text.find(cue, u.start, u.end)
        role = None
        rm = re.search(r"([가-힣]+)(?:으로|로)\s*(?:최종\s*)?선정", body)
        if rm:
            role = rm.group(1)
        if passive:
            src = actor if subj is None or self.eid(subj) != actor else self.publisher
            targets = [b for b in bodies if self.marker(b) in ("subj", "list", "etc", "") and b.start < cue_pos]
        else:
            src = self.eid(subj) if subj else actor
            targets = [b for b in bodies if (self.marker(b) in ("obj", "list", "etc", "") and b is not subj)]
            # 선정(~5월, 양천·성동구, 베리타노스): the selected ones in brackets after the cue
            targets += [b for b in bodies if b.start > cue_pos and re.fullmatch(
                r"[^()]*\([^)]*", self.text[cue_pos:b.start])]
        if src is None:
            return
        for t in targets:
            tid = self.eid(t)
            if tid == src or self.type_of(tid) == "Ministry":
                continue
            self.add(src, "SELECTED", tid, u, 0.65, role=role)

    # ------------------------------------------------------------------ CERTIFIED
    def certified(self, u: Unit, ui: int, ms, certs, bodies, subj, actor, last_cert, topic) -> None:
        body = self.text[u.start:u.end]
        holders = [m for m in ms if m.type in ("City", "Company", "Organization", "Program")
                   and self.nested_in(m, ms) is None]
        if certs and re.search(r"획득|취득|수상|인증을\s*받|인증받|선정|지정", body):
            issuers = {k[2] for k in self.rels if k[1] == "ISSUED_BY"}
            for c in certs:
                cid = self.eid(c)
                for h in holders:
                    hid = self.eid(h)
                    if hid in issuers or self.marker(h) not in ("subj", "obj"):
                        continue
                    if re.search(r"주관|시행|부여", self.text[h.end:h.end + 12]):
                        continue
                    self.add(hid, "CERTIFIED", cid, u, 0.75)
                if not any(self.marker(h) in ("subj", "obj") for h in holders) and actor and \
                        self.type_of(actor) != "Ministry" and actor != self.publisher:
                    self.add(actor, "CERTIFIED", cid, u, 0.55)
        # a footnote list under a sentence about a certification: "* (대도시) 김해시, 수원시, ..."
        if last_cert and ui - last_cert[0] <= 4 and (u.marker in ("*", "\\*", "※", "-") or
                                                      body.lstrip("\\* ").startswith("(")):
            items = [h for h in holders if h.type in ("City", "Company", "Program")]
            if len(items) >= 2 and _mostly_list(body, items):
                for h in items:
                    self.add(self.eid(h), "CERTIFIED", last_cert[1], u, 0.7)
        # X를 Y로 지정: X holds the designation Y
        for c in certs:
            if c.props.get("kind") == "designation" or re.match(r"\s*(?:으로|로)\s*지정", self.text[c.end:c.end + 6]):
                for h in holders:
                    if h.end <= c.start and self.marker(h) == "obj":
                        self.add(self.eid(h), "CERTIFIED", self.eid(c), u, 0.75)
                    elif h.end <= c.start and h.type == "City" and self.text[h.end:h.end + 4].strip().startswith("전역"):
                        self.add(self.eid(h), "CERTIFIED", self.eid(c), u, 0.75)

    # ------------------------------------------------------------------ PARTNERS_WITH
    def partners(self, u: Unit, ms, bodies, subj) -> None:
        body = self.text[u.start:u.end]
        # A-B 공동사업 / A-B 협약: hyphen pairs
        for a, b in zip(bodies, bodies[1:], strict=False):
            if re.fullmatch(r"\s*[-–]\s*", self.text[a.end:b.start]) and re.search(
                    r"협력|협약|공동|협정|MOU|계약", self.text[b.end:b.end + 20]):
                self.add(self.eid(a), "PARTNERS_WITH", self.eid(b), u, 0.8)
        cue = self.has_cue(u, "PARTNERS_WITH")
        if not cue:
            return
        cue_pos = self.text.find(cue, u.start, u.end)
        group = [b for b in bodies if b.start < cue_pos and cue_pos - b.end <= 60]
        if not group:
            return
        ids = list(dict.fromkeys(self.eid(b) for b in group))
        mutual = any(self.marker(b) == "with" for b in group) or re.search(r"(?:와|과)\s", body[: cue_pos - u.start])
        if mutual and len(ids) >= 2:
            anchor = ids[0]
            others = ids[1:]
        else:
            anchor = self.publisher if self.publisher else (self.eid(subj) if subj else None)
            others = [i for i in ids if i != anchor]
        if anchor is None:
            return
        for o in others:
            self.add(anchor, "PARTNERS_WITH", o, u, 0.65)

    # ------------------------------------------------------------------ FUNDS
    def funds(self, u: Unit, ui: int, ms, programs, actor) -> None:
        body = self.text[u.start:u.end]
        if u.kind == "row" and u.header:
            hdr = [re.sub(r"\s+", "", h) for h in u.header]
            if any(h.startswith(("예산", "사업비", "소요예산", "금액")) for h in hdr) and programs and self.publisher:
                unit_word = self._unit_note(u)
                if unit_word:
                    for p in programs:
                        amount = self._first_number_after(u, p.end)
                        krw = amount_krw(amount, unit_word) if amount else None
                        if krw:
                            self.add(self.publisher, "FUNDS", self.eid(p), u, 0.7, amount_krw=krw,
                                     **({"year": int(self.doc_year)} if self.doc_year else {}))
            m = None
        m = _AMOUNT.search(body)
        if not m or not self.has_cue(u, "FUNDS"):
            return
        krw = amount_krw(m.group(1), m.group(2))
        targets = programs
        if not targets and self.title_span:
            targets = [x for e in self.ents.values() if e.type == "Program" for x in e.mentions
                       if self.title_span[0] <= x.start < self.title_span[1]][:1]
        src = actor if actor and self.type_of(actor) in GOV else self.publisher
        if not src:
            return
        for p in targets:
            self.add(src, "FUNDS", self.eid(p), u, 0.6, amount_krw=krw)

    def _unit_note(self, u: Unit) -> str | None:
        look = self.text[max(0, u.start - 1500):u.start]
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
