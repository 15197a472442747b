"""Relations from predicate frames (extract/data/frames.toml) over the clauses of every unit.

For each clause (extract.clauses) the frames of its predicate are looked up by stem, idiom or
predicate noun; each argument's case gives its semantic role for the clause's voice; the frame's
relation lines then link the entities playing those roles. Roles the clause leaves unsaid come from
the context (extract.rules.context): the document's actor, the unit's program or certification, the
payer of the money named. Relations with an inferred end get the rulebook's derived factor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from citykg.extract.clauses import Arg, Clause, amounts
from citykg.extract.document import AnnotatedDoc
from citykg.extract.entities import Mention
from citykg.extract.records import BODIES
from citykg.extract.relation_set import RelationSet
from citykg.extract.resolve import compact_key
from citykg.extract.resources import Frame, frames, grammar, lexicon, program_nouns, rulebook, structure
from citykg.extract.rules.context import Context
from citykg.extract.rules.labelled_items import labelled_item
from citykg.extract.rules.names import bracket_members, city_in_name, national_owner

_SEMANTIC_CASES = ("subj", "topic", "obj", "dat", "loc", "role", "com", "comgen", "from", "agent")


@dataclass
class Roles:
    """Entity ids per semantic role of one clause, and which roles were inferred."""

    ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    derived: set[str] = field(default_factory=set)
    as_nouns: list[str] = field(default_factory=list)
    pairs: dict[str, list[str]] = field(default_factory=dict)  # program -> the cities bracketed after it

    def put(self, role: str, eid: str) -> None:
        if eid not in self.ids[role]:
            self.ids[role].append(eid)


@lru_cache(maxsize=1)
def _frame_index() -> dict[tuple[str, bool], list[tuple[Frame, str]]]:
    """(key, is-noun) -> [(frame, voice)]: stems and idioms by their voice; nouns with voice None."""
    out: dict[tuple[str, bool], list[tuple[Frame, str]]] = defaultdict(list)
    for fr in frames().frame:
        for voice in ("active", "passive", "receive"):
            for stem in getattr(fr, voice):
                out[(stem, False)].append((fr, voice))
        for noun in fr.nominal:
            out[(noun.replace(" ", ""), True)].append((fr, ""))
    return out


@lru_cache(maxsize=1)
def _money_words() -> dict[str, str]:
    m = grammar().money
    out = {w: "state" for w in m.state}
    out.update({w: "province" for w in m.province})
    out.update({w: "local" for w in m.local})
    out.update({w: "private" for w in m.private})
    out.update({w: "budget" for w in m.budget_words})
    return out


@lru_cache(maxsize=256)
def _classifier(noun: str) -> bool:
    """A noun that classifies a program's name before it ("‘P’ 과제", "‘P’ 사업"): a program head word
    (lexicon.toml) or a task word of tables (structure.toml)."""
    word = noun.replace(" ", "")
    return word in lexicon().heads or word in structure().table.task


@lru_cache(maxsize=1)
def _reads_together_itself() -> frozenset[str]:
    """Predicates of the frames that read 와 함께 their own way (frames.toml [together] not_in)."""
    names = frames().together.not_in
    return frozenset(k for fr in frames().frame if fr.name in names for k in (*fr.active, *fr.passive, *fr.receive))


def apply(adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
    FrameRules(adoc, rels, ctx).run()


class FrameRules:
    def __init__(self, adoc: AnnotatedDoc, rels: RelationSet, ctx: Context) -> None:
        self.adoc, self.rels, self.ctx = adoc, rels, ctx
        self.text = adoc.text
        self.voices = frames().voices
        self.sites = frozenset(s.replace(" ", "") for s in frames().site.nouns)
        self.awards = tuple(s.replace(" ", "") for s in frames().award.nouns)
        self.contracts = tuple(s.replace(" ", "") for s in frames().contract.nouns)
        self.groups = tuple(frames().role_nouns.groups)
        self.derived_factor = rulebook().derived_factor
        self.order = {fr.name: i for i, fr in enumerate(frames().frame)}
        self.recorded: dict[int, list[tuple[Clause, Frame, str, Roles]]] = {}

    def run(self) -> None:
        work: list[tuple[int, int, Clause, Frame, str]] = []
        for ui, clauses in enumerate(self.ctx.clauses):
            for c in [g for whole in clauses for g in self._gapped(whole)]:
                for fr, voice in _frame_index().get((c.key.replace(" ", "") if c.nominal else c.key, c.nominal), []):
                    if voice == "active" and c.voice == "passive":
                        voice = "passive"  # an active verb made passive by an auxiliary (골라지다)
                    if fr.name == "select" and self._into_group(c):
                        fr, voice = self.participate, "active"  # "컨소시엄에 이름을 올렸다": joined the group
                    work.append((self.order[fr.name], ui, c, fr, voice or c.voice))
        # frames in file order over the whole document: leaders are known before selections need them
        for _, ui, c, fr, voice in sorted(work, key=lambda w: (w[0], w[1], w[2].start)):
            self.apply_frame(ui, c, fr, voice)
        for ui, (args, _) in enumerate(self.ctx.parsed):
            self.role_nouns(ui, args)
        self.lists()
        self.together()

    def _gapped(self, c: Clause) -> list[Clause]:
        """ "A는 X를, B는 Y를 맡는다", "X는 A가, Y는 B가 맡는다": comma-parted pairs of a body and a thing
        share one predicate written once (gapping); each pair is a clause of its own, and the things its
        neighbours name are not its own."""
        if c.nominal or len(c.args) < 4:
            return [c]
        segs: list[list[Arg]] = [[c.args[0]]]
        for prev, a in zip(c.args, c.args[1:], strict=False):
            if "," in self.text[prev.end : a.start]:
                segs.append([a])
            else:
                segs[-1].append(a)
        if len(segs) < 2:
            return [c]

        def pair(seg: list[Arg]) -> tuple[Arg, Arg] | None:
            body = next((a for a in seg if a.case in ("subj", "topic") and a.members
                         and all(m.type in BODIES for m in a.members)), None)  # fmt: skip
            thing = next((a for a in seg if a.case in ("topic", "obj") and a is not body), None)
            return (body, thing) if body is not None and thing is not None else None

        if any(pair(seg) is None for seg in segs):
            return [c]
        named = {m.props["eid"]: k for k, seg in enumerate(segs) for a in seg for m in [*a.members, *a.modifiers]}
        # an unnamed thing ("B는 모빌리티를") is not the thing its neighbour names
        return [
            replace(c, args=seg, gap=(segs[0][0].start, frozenset(e for e, j in named.items() if j != k)))
            for k, seg in enumerate(segs)
        ]

    def together(self) -> None:
        """ "A는 B, C와 함께 …": bodies named with the subject and a together-adverb work with it
        (frames.toml [together]), whatever the predicate, outside frames that read 와 함께 otherwise."""
        cfg = frames().together
        skip = _reads_together_itself()
        text = self.text
        for ui, clauses in enumerate(self.ctx.clauses):
            for c in clauses:
                if c.key in skip or c.nominal:
                    continue
                subjects = [m for a in c.args if a.case in ("subj", "topic") for m in a.members if m.type in BODIES]
                if not subjects:
                    continue
                for a in c.args:
                    if a.case != "com" or not text[a.end : a.end + 8].lstrip().startswith(tuple(cfg.adverbs)):
                        continue
                    for s in subjects:
                        for m in a.members:
                            if m.type in BODIES and m.props["eid"] != s.props["eid"]:
                                self.rels.add(s.props["eid"], "PARTNERS_WITH", m.props["eid"], self.adoc.units[ui],
                                              "frame:together")  # fmt: skip

    @cached_property
    def forms_group(self) -> frozenset[str]:
        """Clause keys of the consortium frame (forming a group for a program)."""
        fr = next(fr for fr in frames().frame if fr.name == "consortium")
        return frozenset([*fr.active, *(n.replace(" ", "") for n in fr.nominal)])

    @cached_property
    def participate(self) -> Frame:
        return next(fr for fr in frames().frame if fr.name == "participate")

    @staticmethod
    def _into_group(c: Clause) -> bool:
        """The clause's goal is a group (frames.toml role_nouns.groups): chosen into it is joining it."""
        groups = tuple(frames().role_nouns.groups)
        return any(a.case in ("dat", "loc") and a.noun and a.noun.endswith(groups) for a in c.args)

    # ------------------------------------------------------------------ lists under a lead clause
    def lists(self) -> None:
        """ "○ P 시범지역 4곳 선정 / - A시·B군, C군 …": a unit that only lists names completes the
        clause of the unit just above it that left its theme unnamed (선정, 인증, 지정, 참여)."""
        adoc = self.adoc
        for ui, u in enumerate(adoc.units):
            members = self.list_members(ui)
            if not members:
                continue
            entries: list = []
            j = ui
            for j in range(ui - 1, max(-1, ui - 40), -1):  # back over the lists before it, to their lead
                entries = [e for e in self.recorded.get(j, []) if e[1].completed_by_lists and not self._named_theme(e)]
                if entries:
                    break
                if self.list_members(j) is None and adoc.units[j].kind != "row" and not self._sublabel(j):
                    entries = []
                    break
            for c, fr, voice, r in entries:
                r2 = Roles(defaultdict(list, {k: list(v) for k, v in r.ids.items()}), set(r.derived), list(r.as_nouns))
                holder = "agent" if fr.name == "obtain" else "recipient" if voice == "receive" else "theme"
                r2.ids[holder] = [m.props["eid"] for m in members]
                self.emit(j, c, fr, voice, r2, u, "/list")

    def list_members(self, ui: int) -> list[Mention] | None:
        """The names a unit lists, when it is little else than a list of two or more of them."""
        u = self.adoc.units[ui]
        if u.kind == "row":
            return None
        top = [m for m in self.adoc.top_mentions(ui) if m.type in ("City", "Company", "Organization", "Program")]
        if labelled_item(self.adoc, ui) is not None:
            return top[:1]  # "- NAME: ㈜X": the item lists the program NAME (its makers follow the colon)
        label = re.match(r"\s*(?:[○◦ㅇ•·\-*□▪]\s*)?([^:：]{1,12})\s*[:：]\s*\S", u.text)
        if label and len(top) >= 2:  # "○ 경기 : A시, B시": the label before the colon groups the members
            cut = u.start + label.end(1)
            top = [m for m in top if m.start >= cut]
        elif len(top) < 2:
            return None
        if not top:
            return None
        letters = len(re.sub(r"[^가-힣A-Za-z0-9]", "", u.text))
        named = sum(len(re.sub(r"[^가-힣A-Za-z0-9]", "", m.text)) for m in top)
        labels = sum(len(x) for x in re.findall(r"\(([가-힣]{2,6})\)", u.text))  # "(대도시) A시, B시"
        if label:
            labels += len(re.sub(r"[^가-힣A-Za-z0-9]", "", label.group(1)))
        return top if named >= 0.6 * max(letters - labels, 1) else None

    def _sublabel(self, ui: int) -> bool:
        """ "◦ 교통 분야": a short item naming nothing groups the items below it; the list goes on."""
        u = self.adoc.units[ui]
        letters = re.sub(r"[^가-힣A-Za-z0-9]", "", u.text)
        return u.kind == "item" and len(letters) <= 12 and not self.adoc.unit_mentions(ui)

    @staticmethod
    def _named_theme(entry) -> bool:
        c, fr, voice, r = entry
        holder = "agent" if fr.name == "obtain" else "recipient" if voice == "receive" else "theme"
        if holder == "theme" and voice == "active" and any(a.case == "obj" for a in c.args):
            return True  # "예산을 확정했다": the clause has its object, named or not
        if r.ids.get("goal") and r.ids.get("agent") and "agent" not in r.derived:
            return True  # "P 과제에는 A, B가 참여": who and what for are both said
        return any(True for _ in r.ids.get(holder, [])) and holder not in r.derived

    def role_nouns(self, ui: int, args: list[Arg]) -> None:
        """ "A를 주관사로", "B가 참여사로", "총괄은 C가 맡는다", "주관기관인 D": the body beside a
        role noun leads, or takes part in, the program in context. The members named beside a member
        role (구성원사, 참여사) partner with the group's head: the body beside a head role (대표사) in the
        same unit, else the head of the consortium the unit speaks of."""
        rn = frames().role_nouns
        u = self.adoc.units[ui]
        found = [
            (a, body)
            for k, a in enumerate(args)
            if a.noun and (a.noun in rn.lead or a.noun in rn.participant) and (body := self._role_body(args, k))
        ]
        heads = [m for a, body in found if a.noun in rn.heads for m in body.members]
        for a, body in found:
            kind = "LEADS" if a.noun in rn.lead else "PARTICIPATES_IN"
            head = [] if a.noun in rn.heads else heads or self._consortium_head(ui, args)
            if kind == "PARTICIPATES_IN" and head:
                for m in body.members:
                    for h in head:
                        if h.props["eid"] != m.props["eid"]:
                            self.rels.add(h.props["eid"], "PARTNERS_WITH", m.props["eid"], u, "frame:role_noun",
                                          why=f"{a.noun} in the consortium of {h.text}")  # fmt: skip
            p = self.ctx.group_program(ui, args) or self.ctx.program(ui, a.start)
            if p is None:
                continue
            for m in body.members:
                self.rels.add(m.props["eid"], kind, p.props["eid"], u, "frame:role_noun", why=f"{a.noun} ({a.case})")

    @staticmethod
    def _role_body(args: list[Arg], k: int) -> Arg | None:
        """The named argument a role noun describes (see role_nouns)."""
        a = args[k]
        if a.case == "role" and k > 0 and args[k - 1].members and a.start - args[k - 1].end <= 3:
            return args[k - 1]
        if a.case == "obj" and k > 0 and args[k - 1].members and args[k - 1].case in ("subj", "topic"):
            return args[k - 1]
        if a.case == "topic" and k + 1 < len(args) and args[k + 1].members and args[k + 1].case == "subj":
            return args[k + 1]
        if a.case in ("cop", "label") and k + 1 < len(args) and args[k + 1].members and args[k + 1].start - a.end <= 2:
            return args[k + 1]  # "주관기관인 D가": the copula joins the noun to the name after it
        return None

    def _consortium_head(self, ui: int, args: list[Arg]) -> list[Mention]:
        """The head of the consortium a unit speaks of: named with it here, else the one last named
        within the three units before ("이 컨소시엄에는 …")."""
        groups = frames().role_nouns.groups
        if not any(a.noun and any(a.noun.endswith(g) for g in groups) for a in args):
            return []
        for j in range(ui, max(-1, ui - 4), -1):
            for a in reversed(self.ctx.parsed[j][0]):
                if a.noun and any(a.noun.endswith(g) for g in groups) and a.members:
                    return a.members
        return []

    # ------------------------------------------------------------------ roles
    def roles(self, ui: int, c: Clause, fr: Frame, voice: str) -> Roles:
        r = Roles()
        table = self.voices[voice]
        has_subject = any(a.case in ("subj", "topic") for a in c.args)
        args = self._parallel(c.args)
        # "A시는 … B 등이 P를 수행": with a named subject, the topic only frames the sentence
        named_subject = any(a.case == "subj" and a.members for a in args)
        has_object = any(a.case == "obj" and a.members for a in args)
        for k, a in enumerate(args):
            if not a.members and a.noun and a.noun.endswith(self.groups) and a.case in ("obj", "subj", "topic", "com"):
                # "이 컨소시엄을 선정했다": a group named before stands for its head
                head = self._consortium_head(ui, [a])
                if head:
                    a = args[k] = replace(a, members=list(head))
            if named_subject and a.case == "topic":
                # "C은 X가 차지했다", "P는 A시가 맡는다": a topic that is a program or certification,
                # with a body as subject and no object, is the object put first
                if (
                    voice == "active"
                    and not has_object
                    and a.members
                    and all(m.type in ("Program", "Certification") for m in a.members)
                ):
                    for m in a.members:
                        r.put("theme", m.props["eid"])
                continue
            role = self._role_of(a, c, fr, table, has_subject)
            if a.noun and a.case == "role":
                r.as_nouns.append(a.noun)
            if role is None:
                continue
            for m in a.members:
                typed = self._typed_role(role, m, a, fr)
                r.put(typed, m.props["eid"])  # "P도 진행": a program is what is done
                if typed == "place":  # "세종 5-1생활권에서": the city that qualifies a place is a place too
                    for q in self.adoc.nested(m):
                        if q.type == "City":
                            r.put("place", q.props["eid"])
            # "P 공모에", "C 도시 부문 상을": a program or certification before a noun is what the
            # phrase is about, in the phrase's role
            for m in a.modifiers:
                if m.type in ("Program", "Certification") and a.end - m.end <= 20:
                    r.put(self._typed_role(role, m, a, fr), m.props["eid"])
                elif m.type == "City" and a.case in ("loc", "dat") and role in ("place", "goal"):
                    r.put("place", m.props["eid"])  # "인천 송도지구에서": the city of the place named
        # a genitive right before another argument owns it: "국토부의 P에 선정", "X의 Y 선정"
        for k, a in enumerate(args[:-1]):
            if a.case in ("gen", "comgen") and args[k + 1].start - a.end <= 2:
                owner = [m.props["eid"] for m in a.members]
                role = "partner" if a.case == "comgen" else ("agent" if c.nominal or voice == "passive" else None)
                if role:
                    for eid in owner:
                        r.put(role if role != "agent" or voice != "passive" else "owner", eid)
                    if c.nominal and role == "agent":
                        for eid in owner:
                            r.put("agent", eid)
        if c.head is not None and c.form == "adnominal":
            for m in c.head.members:
                # "사업이 추진되는 A시": the place; "대상 지자체로 뽑힌 A시": the one chosen
                chosen = fr.name in ("select", "certify") and c.head.case in ("subj", "topic", "obj", "bare")
                head_role = "place" if (m.type == "City" and voice == "passive" and not chosen) else "theme"
                r.put(head_role, m.props["eid"])
        if fr.name == "certify" and c.nominal:
            # "8곳의 인증을 연장", "A시의 인증": whose certification it is are its holders
            for a in args:
                if a.case == "gen" and 0 <= c.start - a.end <= 3:
                    for m in a.members:
                        if m.type in ("City", "Company", "Organization", "Program"):
                            r.put("theme", m.props["eid"])
        if fr.name == "select":
            self._select_roles(ui, c, r)
            if not r.ids.get("goal"):
                # "‘P’ 공모에 선정돼": the program of a predicate noun right before is what was chosen for
                for cl in self.ctx.clauses[ui]:
                    if cl.form == "nominal_arg" and 0 <= c.start - cl.end <= 4:
                        for a in cl.args:
                            for m in a.members:
                                if m.type == "Program" and a.case in ("bare", "obj"):
                                    r.put("goal", m.props["eid"])
        # "선정된 P(A시, B시)": the cities in brackets after a program are what the clause is about
        if fr.completed_by_lists:
            for a in [*c.args, *([c.head] if c.head else [])]:
                for m in a.members:
                    if m.type == "Program" and m.props["eid"] in r.ids.get("theme", []):
                        cities = [
                            b for b in bracket_members(self.adoc, m, self.adoc.top_mentions(m.unit)) if b.type == "City"
                        ]
                        if cities:
                            r.ids["theme"].remove(m.props["eid"])
                            r.put("goal", m.props["eid"])
                            r.pairs[m.props["eid"]] = [b.props["eid"] for b in cities]
                            for b in cities:
                                r.put("theme", b.props["eid"])
        return r

    def _parallel(self, args: list[Arg]) -> list[Arg]:
        """ "A 부문에서 B·C, D 부문에서 E·F를 인증": a bare list closed by a comma, before a later
        argument whose names are of the same kinds, shares that argument's case (the particle is
        written once, on the last of the parallel phrases)."""
        out = list(args)
        text = self.adoc.text
        for k, a in enumerate(out):
            nxt = out[k + 1] if k + 1 < len(out) else None
            if a.case == "bare" and a.members and nxt is not None and nxt.noun and not nxt.members:
                gap = text[a.end : nxt.start]
                # "‘P’ 과제에는": a program's name before its classifier noun is that phrase's name
                named = all(m.type in ("Program", "Certification") for m in a.members)
                if named and re.fullmatch(r"[\s’”」』'\"]*", gap) and _classifier(nxt.noun):
                    out[k] = replace(a, case=nxt.case)
                    continue
                # "A와 B, C이 참여": the last member, a name the reader does not know, carries the
                # list's particle; the names before it share its case
                if (
                    gap.strip() == ","
                    and nxt.case in ("subj", "obj", "topic", "com")
                    and " " not in nxt.noun
                    and all(m.type in ("Company", "Organization") for m in a.members)
                ):
                    out[k] = replace(a, case=nxt.case)
                    continue
            if a.case != "bare" or not a.members or not text[a.end : a.end + 2].lstrip().startswith(","):
                continue
            kinds = {m.type for m in a.members}
            same = (b for b in out[k + 1 :] if b.members and {m.type for m in b.members} == kinds)
            later = next((b for b in same if b.case in ("obj", "subj")), None)
            if later is not None:
                out[k] = replace(a, case=later.case)
        return out

    def _select_roles(self, ui: int, c: Clause, r: Roles) -> None:
        """Selections name bodies: a ministry among the selected is the one selecting ("행정안전부 「P」
        선정"), a program among them is what the selection was for, and a noun-final item of a body's own
        report that names no one selected reports the body's own selection."""
        ents = self.adoc.entity
        theme = r.ids["theme"]
        if c.nominal:  # a noun has no voice: "A시·B군은 … 선정" reports A and B chosen
            agents = r.ids.get("agent", [])
            for i in [i for i in agents if ents[i].type in ("City", "Company") and i not in r.derived]:
                agents.remove(i)
                r.put("theme", i)
        for i in [i for i in theme if ents[i].type == "Ministry"]:
            theme.remove(i)
            r.put("agent", i)
        programs = [i for i in theme if ents[i].type == "Program"]
        if programs and (len(programs) < len(theme) or c.nominal):
            for i in programs:
                theme.remove(i)
                r.put("goal", i)
        if c.nominal and not theme and c.form == "nominal":
            # "P 선정" in a city's or firm's report: it was chosen; in a ministry's or agency's, it chose
            actor = self.ctx.actors[ui]
            if actor and ents[actor].type in ("City", "Company") and actor not in r.ids.get("agent", []):
                r.put("theme", actor)
                r.derived.add("theme")

    def _role_of(self, a: Arg, c: Clause, fr: Frame, table: dict[str, str], has_subject: bool) -> str | None:
        if a.case == "bare":
            # a name standing bare right before the predicate noun ("A시 인증 획득"), or before other
            # bare names that do: not one that only modifies another noun ("P 시범지역 4곳 선정")
            if not c.nominal or a.end > c.start:
                return None
            between = [b for b in c.args if a.end <= b.start and b.end <= c.start]
            gap = self.text[a.end : c.start]
            for b in between:
                gap = gap.replace(self.text[b.start : b.end], "")
            # (a prize's grade may stand between: "C 대상 수상", "C 부문 우수상 수상")
            gap = " ".join(w for w in gap.split() if w not in lexicon().program.certification_levels)
            if not re.fullmatch(r"[\s’”」』'\"]*", gap) or any(b.case != "bare" for b in between):
                return None
            if any(m.type in ("Program", "Certification") for m in a.members):
                return "theme"  # "P 추진", "C 획득": the object of the predicate noun
            return fr.nominal_bare
        if a.case not in _SEMANTIC_CASES:
            return None
        if a.case == "loc" and not has_subject and any(m.type != "City" for m in a.members):
            return "agent" if c.voice == "active" else table.get("from")
        return table.get(a.case)

    @staticmethod
    def _typed_role(role: str, m: Mention, a: Arg, fr: Frame | None = None) -> str:
        holders = fr is not None and fr.program_holds
        if role in ("agent", "recipient") and m.type == "Certification":
            return "theme"
        if role in ("agent", "recipient") and m.type == "Program" and not holders:
            return "theme"
        # 에 with a place is where; a Program in a "(으)로" phrase is what it was chosen for
        if role == "goal" and (m.type == "City" and (a.place or a.case in ("dat", "loc"))):
            return "place"
        if role == "place" and m.type == "Program":
            return "goal"
        return role

    # ------------------------------------------------------------------ derived roles
    def program_ids(self, ui: int, c: Clause, r: Roles) -> tuple[list[str], bool]:
        for role in ("theme", "goal", "as", "partner"):
            ids = [i for i in r.ids.get(role, []) if self.adoc.type_of(i) == "Program"]
            if ids:
                return ids, False
        # a consortium is formed for the program its sentence goes on to name ("컨소시엄을 꾸려 ‘P’ 사업에
        # 응모"), else for the acting city's own, else for the document's own program
        group = c.key in self.forms_group
        after = [m for m in self.adoc.unit_mentions(ui) if m.type == "Program" and m.start >= c.end] if group else []
        if after:
            return [after[0].props["eid"]], True
        # a city's own program (its name holds the city, or a table gives it to the city) when the city
        # acts, or when a program noun names it ("A군 과제에는 X가 참여")
        heads = program_nouns()
        cities = [i for role in ("agent", "recipient") for i in r.ids.get(role, [])] + [
            m.props["eid"]
            for a in c.args
            if a.noun and a.noun.endswith(heads) and not a.members
            for m in a.modifiers
            if m.type == "City"
        ]
        for i in cities:
            own = self.ctx.own_program(i)
            if own is not None:
                return [own], True
        if group and (p := self.adoc.main_program()) is not None:
            return [p.props["eid"]], True
        p = self.ctx.group_program(ui, c.args) or self.ctx.program(ui, c.start)
        if p is not None and c.gap is not None and p.props["eid"] in c.gap[1]:
            p = self.ctx.program(ui, c.gap[0])
        return ([p.props["eid"]], True) if p is not None else ([], False)

    def cert_ids(self, ui: int, c: Clause, r: Roles) -> tuple[list[str], bool]:
        for role in ("as", "theme", "goal", "agent", "source", "place"):
            ids = [i for i in r.ids.get(role, []) if self.adoc.type_of(i) == "Certification"]
            if ids:
                return ids, False
        for noun in r.as_nouns:  # "4곳을 ‘2024년 안전도시’로 인증": the certification that noun names
            key = compact_key(re.sub(r"^\d{4}년\s*", "", noun))
            if len(key) < 2:
                continue
            named = [e.id for e in self.adoc.entities if e.type == "Certification" and key in compact_key(e.name)]
            if len(named) == 1:
                return named, True
        m = self.ctx.certification(ui)
        return ([m.props["eid"]], True) if m is not None else ([], False)

    def money(self, ui: int, c: Clause) -> tuple[int | None, str | None, bool]:
        """(amount in won, kind of money, whether money is named) among the clause's own arguments.

        The kind is the funding word written with the amount (국비 40억원, 25억원은 시비로); with
        several amounts, the first one that has a funding word beside it."""
        u = self.adoc.units[ui]
        lo = max(c.own_start if c.own_start >= 0 else c.start, u.start)
        span = self.text[lo : c.end]
        found = amounts(span)
        kinds = _money_words()

        def kind_near(a: int, b: int) -> str | None:
            before = span[max(0, a - 8) : a]
            after = span[b : b + 8]
            hits = [(before.rfind(w), k) for w, k in kinds.items() if w in before]
            if hits:
                return max(hits)[1]
            hits = [(-after.find(w), k) for w, k in kinds.items() if w in after]
            return max(hits)[1] if hits else None

        from citykg.extract.rules.money import amount_krw

        for a, b, number, unit in found:
            k = kind_near(a, b)
            if k is not None:
                return amount_krw(number, unit), k, True
        kind = next((k for w, k in kinds.items() if w in span), None)
        if found:
            return amount_krw(found[0][2], found[0][3]), kind, True
        return None, kind, kind is not None

    def payer(
        self, ui: int, c: Clause, r: Roles, kind: str | None, voice: str, programs: list[str]
    ) -> tuple[list[str], bool]:
        adoc = self.adoc
        ents = adoc.entity

        def typed(role: str, types: tuple[str, ...]) -> list[str]:
            return [i for i in r.ids.get(role, []) if ents[i].type in types]

        if kind == "state":
            explicit = typed("agent", ("Ministry",)) + typed("source", ("Ministry",))
            if explicit:
                return explicit, False
            for pid in programs:
                for t in ("LEADS", "SELECTED", "FUNDS"):
                    lead = [
                        rel.source
                        for rel in self.rels.of_type(t)
                        if rel.target == pid and ents[rel.source].type == "Ministry"
                    ]
                    if lead:
                        return lead[:1], True
            for pid in programs:  # 국비 of a national program comes from the body that runs it
                owner = national_owner(ents[pid].name)
                if owner and owner in ents:
                    return [owner], True
            if adoc.publisher and ents[adoc.publisher].type == "Ministry":
                return [adoc.publisher], True
            ministries = [m.props["eid"] for m in adoc.unit_mentions(ui) if m.type == "Ministry"]
            return ministries[:1], True
        if kind in ("local", "province"):
            cities = typed("agent", ("City",)) + typed("recipient", ("City",)) + typed("source", ("City",))
            if not cities:
                actor = self.ctx.actors[ui]
                cities = [actor] if actor and ents[actor].type == "City" else []
            if kind == "province":
                parents = [ents[cid].properties.get("parent") for cid in cities]
                return [p for p in parents if p in ents], True
            return cities, not typed("agent", ("City",))
        if kind == "private":
            return [], False
        if voice == "receive":
            return typed("source", ("Ministry", "City", "Organization")), False
        agents = typed("agent", ("Ministry", "City", "Organization"))
        if agents:
            return agents, False
        actor = self.ctx.actors[ui]
        return ([actor], True) if actor and voice == "active" else ([], False)

    def default_agent(self, ui: int, c: Clause, fr: Frame, r: Roles, voice: str) -> tuple[list[str], bool]:
        adoc = self.adoc
        ents = adoc.entity
        theme = set(r.ids.get("theme", [])) | set(r.ids.get("recipient", []))
        if voice == "passive":
            owners = [i for i in r.ids.get("owner", []) if i not in theme]
            if owners:
                return owners, False
            # "A군은 … 입찰에서 …했고, ㈜X가 우선협상대상자로 선정됐다": a firm chosen in a sentence whose
            # topic is a public body was chosen by that body
            if theme and all(ents[i].type == "Company" for i in theme):
                topics = [
                    m.props["eid"]
                    for cl in self.ctx.clauses[ui]
                    if cl.end <= c.start
                    for a in cl.args
                    if a.case == "topic"
                    for m in a.members
                    if m.type in ("City", "Organization", "Ministry") and m.props["eid"] not in theme
                ]
                if topics:
                    return topics[:1], True
            programs, _ = self.program_ids(ui, c, r)
            # a province or metropolitan city choosing among its own 시·군·구 (their gazetteer parent)
            chosen_cities = [i for i in theme if ents[i].type == "City"]
            parents = {ents[i].properties.get("parent") for i in chosen_cities}
            own_parent = parents.pop() if len(parents) == 1 and chosen_cities else None
            for pid in programs:
                lead = [
                    rel.source
                    for rel in self.rels.of_type("LEADS")
                    if rel.target == pid
                    and (ents[rel.source].type in ("Ministry", "Organization") or rel.source == own_parent)
                ]
                if lead:
                    return lead[:1], True
            if own_parent in r.ids.get("place", []):
                own_parent = None  # "서울에서는 A구·B구가 …": where they are, not who chose them
            named_here = own_parent and any(m.props["eid"] == own_parent for m in adoc.unit_mentions(ui))
            if own_parent and (named_here or own_parent == adoc.publisher):
                return [own_parent], True
            ministries = [
                m.props["eid"] for m in adoc.unit_mentions(ui) if m.type == "Ministry" and m.props["eid"] not in theme
            ]
            if ministries:
                return ministries[:1], True
            pub = adoc.publisher
            council = pub is not None and ents[pub].name.endswith(tuple(structure().publisher.councils))
            if pub and ents[pub].type in ("Ministry", "Organization") and pub not in theme and not council:
                return [pub], True
            if council and own_parent in ents:  # a council's minutes: its province chose among the province's cities
                return [own_parent], True
            # "… 등 4곳이 뽑혔다" with no selector in reach: the body the document already has choosing
            chosen_by = [
                rel.source
                for rel in self.rels.of_type("SELECTED")
                if fr.name == "select" and theme and all(adoc.type_of(i) == "City" for i in theme)
                and ents[rel.source].type in ("Ministry", "Organization")
                and rel.source not in theme
            ]
            if chosen_by:
                return chosen_by[:1], True
            return [], False
        # a program named after a city is that city's to run, unless the text names someone else
        pub = self.adoc.publisher
        for pid in r.ids.get("theme", []):
            if self.adoc.type_of(pid) == "Program" and not (pub and self.adoc.type_of(pub) == "City"):
                m = next(iter(self.adoc.entity[pid].mentions), None)
                city = city_in_name(self.adoc, m) if m is not None else None
                if city and city != pub:
                    return [city], True
        row_city = self.ctx.row_city(ui)
        if row_city:
            return [row_city], True
        actor = self.ctx.actors[ui]
        if actor and actor not in theme:
            return [actor], True
        return [], False

    # ------------------------------------------------------------------ apply
    def apply_frame(self, ui: int, c: Clause, fr: Frame, voice: str) -> None:
        u = self.adoc.units[ui]
        r = self.roles(ui, c, fr, voice)
        unnamed_subject = any(a.case in ("subj", "topic") and not a.members for a in c.args) and not any(
            a.case in ("subj", "topic") and a.members for a in c.args
        )
        wants_default = fr.default_agent and voice != "receive" and c.form != "nominal_arg"
        if voice == "active" and unnamed_subject:
            wants_default = False  # "컨소시엄은 …": the subject is something the text does not name
        if voice == "passive" and not r.ids.get("theme") and not any(a.case in ("subj", "topic") for a in c.args):
            actor = self.ctx.actors[ui]  # "… 뽑혀 국비를 지원받게 됐다": the story's subject was chosen
            if actor and c.form not in ("adnominal", "nominal_arg"):
                r.put("theme", actor)
                r.derived.add("theme")
        if not r.ids.get("agent") and wants_default:
            # a noun reporting who was chosen ("A시·B군은 … 선정") has the implied selector of a passive
            as_voice = "passive" if (fr.name == "select" and c.nominal and r.ids.get("theme")) else voice
            ids, derived = self.default_agent(ui, c, fr, r, as_voice)
            for i in ids:
                r.put("agent", i)
            if derived:
                r.derived.add("agent")
        if fr.nominal_actor and c.nominal and c.form == "nominal" and not r.ids.get("agent"):
            # "스마트도시 인증 획득(국토교통부, 2023. 9.)" in a city's or firm's own report: it obtained it
            actor = self.ctx.actors[ui]
            holder = actor is not None and actor == self.adoc.publisher
            if holder and self.adoc.type_of(actor) in ("City", "Company", "Organization"):
                r.put("agent", actor)
                r.derived.add("agent")
        self.recorded.setdefault(ui, []).append((c, fr, voice, r))
        self.emit(ui, c, fr, voice, r, u)

    def emit(self, ui: int, c: Clause, fr: Frame, voice: str, r: Roles, u, rule_suffix: str = "") -> None:
        """The frame's relation lines over the roles of one clause; evidence is unit `u`."""
        krw, kind, has_money = self.money(ui, c)
        site = any(self._is_site(n) for n in [*r.as_nouns, *([c.bare_noun] if c.bare_noun else [])])
        rule = f"frame:{fr.name}/{voice}{rule_suffix}"
        for line in fr.relations:
            if line.voice and line.voice != voice:
                continue
            if line.when == "money" and not has_money:
                continue
            if line.when == "site" and not (site or self._chosen_for_named_program(c, r)):
                continue
            if line.when == "award" and not any(n.replace(" ", "").endswith(self.awards) for n in r.as_nouns):
                continue
            contract = line.when in ("contract", "no_contract") and self._contract(c)
            if line.when == "contract" and not contract:
                continue
            if line.when == "no_place" and any(self.adoc.type_of(i) == "City" for i in r.ids.get("place", [])):
                continue
            if line.when == "no_theme" and (r.ids.get("theme") or any(a.case == "obj" for a in c.args)):
                continue
            sources, d1 = self.fill(ui, c, r, line.source, kind, voice)
            targets, d2 = self.fill(ui, c, r, line.target, kind, voice)
            if line.explicit and (d1 or d2):
                continue
            if (
                line.type == "IMPLEMENTED_IN"
                and r.pairs
                and line.source in ("program", "goal")
                and line.target == "theme"
            ):
                for prog, cities in r.pairs.items():  # "P(A, B)과 Q(C)": each program with its own cities
                    for city in cities:
                        self.rels.add(prog, line.type, city, u, rule, why=f"{c.key} bracket")
                continue
            factor = self.derived_factor if (d1 or d2) else 1.0
            props: dict = {}
            if line.type == "FUNDS" and krw:
                props["amount_krw"] = krw
            if line.type == "SELECTED" and r.as_nouns:
                props["role"] = r.as_nouns[0]
            why = f"{c.key} ({voice}, {c.form}) {line.source}→{line.target}"
            same_role = line.source == line.target
            if line.when == "not_city":
                sources = [i for i in sources if self.adoc.type_of(i) != "City"]
                if line.type == "LEADS":  # only for a program the clause itself names
                    targets = [] if d2 else targets
            if line.when == "company":
                sources = [i for i in sources if self.adoc.type_of(i) == "Company"]
            if line.when == "city":
                # one local government telling of its own selection, not a list of those chosen
                sources = [i for i in sources if self.adoc.type_of(i) == "City"]
                if len(sources) != 1 or not (voice == "passive" or c.nominal):
                    continue
            if line.when == "like_theme":
                # "B시, C시와 함께 A시를 선정": names of the theme's kind beside it share its role
                kinds = {self.adoc.type_of(i) for i in r.ids.get("theme", [])}
                targets = [i for i in targets if self.adoc.type_of(i) in kinds]
            if line.when == "few" and len(sources) > 3:
                continue
            public = ("City", "Organization", "Ministry")
            if line.when == "contract":  # the public body chose the firm
                sources = [i for i in sources if self.adoc.type_of(i) in public]
                targets = [i for i in targets if self.adoc.type_of(i) == "Company"]
            if line.when == "no_contract" and contract:
                if all(self.adoc.type_of(i) in public for i in sources):
                    targets = [i for i in targets if self.adoc.type_of(i) != "Company"]
            if line.when == "body_work":
                # a firm or body doing some piece of work (an object that is no program) does its part in
                # the program in context: "X는 관제 시스템을 구축하며", "Y가 사무국을 맡아"
                if r.ids.get("theme") and any(self.adoc.type_of(i) == "Program" for i in r.ids["theme"]):
                    continue
                if not any(a.case == "obj" for a in c.args):
                    continue
                sources = [
                    i for i in sources
                    if self.adoc.type_of(i) in ("Company", "Organization") and i != self.adoc.publisher
                ]
            for k, s in enumerate(sources):
                for t in targets[k + 1 :] if same_role else targets:
                    self.rels.add(s, line.type, t, u, rule, factor=factor, why=why, **props)

    def _contract(self, c: Clause) -> bool:
        """Is the clause the signing of a contract (its key or its object a contract noun)?"""
        nouns = [c.key.replace(" ", ""), *(a.noun.replace(" ", "") for a in c.args if a.noun and a.case == "obj")]
        return any(n.endswith(self.contracts) or n.startswith(self.contracts) for n in nouns)

    def _is_site(self, noun: str) -> bool:
        n = re.sub(r"\s+|\d+\s*(?:곳|개소|개)$", "", noun)
        n = re.sub(r"\d+(?:곳|개소|개)$", "", n)
        return n in self.sites or any(n.endswith(s) for s in self.sites)

    def _chosen_for_named_program(self, c: Clause, r: Roles) -> bool:
        """A city chosen "for" a program the clause names (P에 선정, P 대상으로 뽑혀) is its site."""
        goals = [i for i in r.ids.get("goal", []) + r.ids.get("as", []) if self.adoc.type_of(i) == "Program"]
        # "P 공모에서 선정돼": the program of the contest the place was chosen in
        goals += [i for i in r.ids.get("place", []) if self.adoc.type_of(i) == "Program"]
        # "‘P’ 대상이 돼": the program named right before an idiom of selection
        goals += [
            m.props["eid"]
            for a in c.args
            if a.case == "bare" and 0 <= c.start - a.end <= 3
            for m in a.members
            if m.type == "Program"
        ]
        return bool(goals)

    def fill(self, ui: int, c: Clause, r: Roles, role: str, kind: str | None, voice: str) -> tuple[list[str], bool]:
        if role == "program":
            return self.program_ids(ui, c, r)
        if role == "whole":  # the program the parts make up: the clause's theme, else the one in context
            parts = set(r.ids.get("as", []))
            whole = [i for i in r.ids.get("theme", []) if self.adoc.type_of(i) == "Program" and i not in parts]
            if whole:
                return whole, False
            p = self.ctx.program(ui, min([a.start for a in c.args] + [c.start]))
            return ([p.props["eid"]], True) if p is not None and p.props["eid"] not in parts else ([], False)
        if role == "cert":
            return self.cert_ids(ui, c, r)
        if role == "payer":
            programs, _ = self.program_ids(ui, c, r)
            return self.payer(ui, c, r, kind, voice, programs)
        return list(r.ids.get(role, [])), role in r.derived
