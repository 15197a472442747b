"""Clauses of a unit: each predicate with its voice, its form and its arguments by case.

Korean is head-final and marks case with particles, so a shallow reading goes a long way:
- the unit is read as a stream of names (the recognised mentions, taken whole) and Kiwi morphemes;
- a name, or names coordinated by `,` `·` `및` or a conjunctive 와/과 (JC), closed by 등 and a count
  ("A시, B군 등 5곳"), form one argument whose case is the particle after the last member;
- noun phrases without a name but with a particle ("대상지로", "국비 30억원을") are arguments too,
  with the names right before them as their modifiers ("조성사업 대상지로");
- a predicate is a verb (뽑히다), a noun + 하다/되다/받다, a light-verb phrase (인증을 받다, 협약을
  맺다), an idiom from extract/data/frames.toml (이름을 올리다), or a predicate noun standing alone at
  the end of a bullet ("인증 획득") or after a genitive ("A시와의 협약 체결");
- every argument attaches to the first predicate after it; a topic (은/는) and the subject of a
  connective clause (-고, -며) carry over to later predicates that have none; an adnominal predicate
  (-는, -ㄴ) also takes the noun phrase right after it as its head (X가 주관하는 P).
The grammar (particles, separators, suffixes, endings) is data: extract/data/grammar.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from citykg.extract.document import AnnotatedDoc, Morph
from citykg.extract.entities import Mention
from citykg.extract.resources import frames, grammar, lexicon

_OPEN = "‘“「『'\"〈《<["
_CLOSE = "’”」』'\"〉》>]"
_NOUN_TAGS = ("NNG", "NNP", "NNB", "SL", "SN", "NR", "XSN", "XPN", "SH", "XR")
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(조|억|천만|백만|만|천)?\s?원")


@dataclass
class Arg:
    """A noun phrase of the clause: its names (several when coordinated), its case, and for a phrase
    without a name its head noun (대상지 of "조성사업 대상지로") with the names that modify it."""

    members: list[Mention]
    case: str  # subj topic obj dat loc role com comgen gen from agent bare cop label
    start: int
    end: int
    noun: str | None = None
    modifiers: list[Mention] = field(default_factory=list)
    place: bool = False  # "정왕동 일대에서": the names are places


@dataclass
class Clause:
    key: str  # what frames are looked up by: a stem (선정하), a light-verb noun (인증), an idiom
    voice: str  # active, passive, receive
    form: str  # final, connective, adnominal, nominalized, nominal, nominal_arg
    start: int
    end: int
    unit: int
    args: list[Arg] = field(default_factory=list)
    head: Arg | None = None
    nominal: bool = False
    own_start: int = -1  # where the clause's own arguments start (carried subjects lie before)
    # one pair of a gapped run ("A는 X를, B는 Y를 맡는다"): where the run starts, and the names its other
    # pairs hold (never this pair's program)
    gap: tuple[int, frozenset[str]] | None = None
    bare_noun: str | None = None  # nouns written bare right before a predicate noun (시범지역 4곳 선정)


# --------------------------------------------------------------------------- lexicon of predicates


@dataclass(frozen=True)
class PredicateIndex:
    verbs: dict[str, str]  # stem -> voice, for every stem a frame lists
    idioms: dict[tuple[str, ...], str]  # morpheme forms -> voice
    nominal: frozenset[str]  # predicate nouns (one or two words, without spaces)
    by_last: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # the idioms by their last form (file order)


@lru_cache(maxsize=1)
def predicate_index() -> PredicateIndex:
    verbs: dict[str, str] = {}
    idioms: dict[tuple[str, ...], str] = {}
    nominal: set[str] = set()
    for fr in frames().frame:
        for voice in ("active", "passive", "receive"):
            for stem in getattr(fr, voice):
                if " " in stem:
                    idioms.setdefault(tuple(stem.split()), voice)
                else:
                    verbs.setdefault(stem, voice)
        nominal.update(n.replace(" ", "") for n in fr.nominal)
    by_last: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, voice in idioms.items():
        by_last.setdefault(words[-1], []).append((words, voice))
    return PredicateIndex(verbs, idioms, frozenset(nominal), {k: tuple(v) for k, v in by_last.items()})


_BODY_TYPES = frozenset({"Ministry", "City", "Organization", "Company"})


def _joinable(a: Mention, b: object) -> bool:
    """Names that a separator joins into one argument: bodies with bodies, others with their own kind
    ("울산정보산업진흥원과 「P」 공동 구축": a body and a program are not one list)."""
    if not isinstance(b, Mention):
        return False
    return (a.type in _BODY_TYPES and b.type in _BODY_TYPES) or a.type == b.type


# --------------------------------------------------------------------------- reading a unit


class ClauseReader:
    """Reads the clauses of every unit of an annotated document."""

    def __init__(self, adoc: AnnotatedDoc) -> None:
        self.adoc = adoc
        self.text = adoc.text
        g = grammar()
        self.cases = g.case.table()
        self.separators = frozenset(g.coordination.separators)
        self.joining = tuple(g.coordination.joining_tags)
        self.closers = frozenset(g.coordination.closers)
        self.counters = frozenset(c.replace(" ", "") for c in g.coordination.counters)
        self.legal_forms = frozenset(g.coordination.legal_forms)
        self.firm_markers = tuple(lexicon().company.markers)
        self.separator_words = frozenset(w for w in g.coordination.separators if w.isalpha())
        self.including = frozenset(g.coordination.including)
        self.places = frozenset(g.place.nouns)
        self.agent_verbs = frozenset(g.agent_phrase.verbs)
        self.pg = g.predicate
        self.endings = g.endings
        self.index = predicate_index()
        self.groups = tuple(frames().role_nouns.groups)
        self.countries = lexicon().countries
        fc = lexicon().firm_classifier
        self.classifiers = frozenset([*fc.strong, *fc.weak, *lexicon().company.body_classifiers])

    def read(self, ui: int) -> tuple[list[Arg], list[Clause]]:
        """The unit's noun phrases (arguments) and its clauses (predicates with their arguments)."""
        u = self.adoc.units[ui]
        spans = u.cells if u.kind == "row" and u.cells else [(u.start, u.end)]
        all_args: list[Arg] = []
        all_clauses: list[Clause] = []
        for start, end in spans:  # a table row: each cell on its own, no clause across cells
            if end <= start:
                continue
            elems = self._elements(ui, start, end)
            args, preds = self._phrases(elems, ui)
            self._expand_groups(args)
            all_args += args
            all_clauses += self._attach(args, preds)
        return all_args, all_clauses

    def _expand_groups(self, args: list[Arg]) -> None:
        """ "X 컨소시엄", "X를 대표사로 삼은 컨소시엄", "X가 대표사인 컨소시엄", "X가 이끄는 컨소시엄": the group stands
        for X (the body named with it, or the one a head-role noun just before it names)."""
        heads = frozenset(frames().role_nouns.participant)
        for k, a in enumerate(args):
            if a.members or not a.noun or not any(a.noun.endswith(g) for g in self.groups):
                continue
            if a.modifiers and all(m.type in ("Company", "Organization") for m in a.modifiers):
                a.members = list(a.modifiers)
                continue
            prev = args[k - 1] if k else None
            if (
                prev is not None
                and prev.case == "subj"
                and prev.members
                and all(m.type in ("Company", "Organization") for m in prev.members)
                and self.text[prev.end : a.start].split() in ([v] for v in frames().role_nouns.leading)
            ):
                a.members = list(prev.members)  # "X가 이끄는 컨소시엄"
                continue
            for j in range(k - 1, max(-1, k - 3), -1):
                b = args[j]
                if b.noun in heads and b.case in ("role", "obj") and j > 0 and args[j - 1].members:
                    if a.start - args[j - 1].end <= 30:
                        a.members = list(args[j - 1].members)
                    break

    # ------------------------------------------------------------------ stream
    def _elements(self, ui: int, start: int, end: int) -> list[Mention | Morph]:
        """Top-level mentions of the unit in [start, end) and the morphemes outside them, in order."""
        mentions = [m for m in self.adoc.top_mentions(ui) if start <= m.start < end]
        out: list[Mention | Morph] = []
        k = 0
        # a firm's marker written after its name ("A㈜과 B") belongs to the name, not between it and its particle
        text = self.adoc.text
        trailing = [
            (m.end, m.end + len(mk)) for m in mentions for mk in self.firm_markers if text.startswith(mk, m.end)
        ]
        ends = {m.end for m in mentions} | {b for _, b in trailing}
        for mo in self.adoc.morphs_in(start, end):
            if any(a <= mo.start < b for a, b in trailing):
                continue
            if mo.form in ("와", "과") and mo.start in ends and not mo.tag.startswith("J"):
                mo = mo._replace(tag="JC")  # Kiwi reads 과 after an unknown name as a noun: it is the conjunction
            while k < len(mentions) and mentions[k].end <= mo.start:
                if not out or out[-1] is not mentions[k]:
                    out.append(mentions[k])
                k += 1
            if k < len(mentions) and mentions[k].start <= mo.start < mentions[k].end:
                if not out or out[-1] is not mentions[k]:
                    out.append(mentions[k])
                continue
            if k < len(mentions) and mo.start < mentions[k].start < mo.end:
                continue  # a morpheme across the start of a name (rare Kiwi splits)
            out.append(mo)
        for m in mentions[k:]:
            if not out or out[-1] is not m:
                out.append(m)
        return out

    # ------------------------------------------------------------------ phrases and predicates
    def _phrases(self, elems: list, ui: int) -> tuple[list[Arg], list[Clause]]:
        args: list[Arg] = []
        preds: list[Clause] = []
        n = len(elems)
        i = 0
        group: list[Mention] = []
        group_start = -1
        pending_nouns: list[Morph] = []  # nouns since the last phrase boundary (a phrase without a name)
        including: list[Mention] = []  # names that head the next noun phrase ("A를 비롯한 N개 기업")
        modifiers: list[Mention] = []  # names right before those nouns
        while i < n:
            el = elems[i]
            if isinstance(el, Mention):
                if not group:
                    group_start = el.start
                group.append(el)
                pending_nouns = []
                j = self._skip_close(elems, i + 1)
                # coordination: a separator and another name of a kind that goes with it
                sep_end = self._separator(elems, j)
                if sep_end is None:
                    sep_end = self._including(elems, j)
                if sep_end is None:
                    # "경북대학교 산학협력단, C": a name with a head noun of its own is still a member
                    k = j
                    while k < n and k - j < 2 and isinstance(elems[k], Morph) and elems[k].tag == "NNG":
                        k += 1
                    sep_end = self._separator(elems, k) if k > j else None
                if sep_end is not None:
                    sep_end = self._skip_apposition(elems, sep_end)
                if sep_end is not None and sep_end < n and _joinable(el, elems[sep_end]):
                    i = sep_end
                    continue
                j = self._skip_list_closer(elems, j)
                j = self._skip_apposed_bracket(elems, i, j, group[0])
                # "A, B 등 대기업과 C, D 등 …": a classified list joined to the next one
                sep_end = self._separator(elems, j) if j > i + 1 else None
                if sep_end is not None and sep_end < n and _joinable(el, elems[sep_end]):
                    i = sep_end
                    continue
                case, j2, place = self._case_after(elems, j)
                if case == "obj" and self._including_noun(elems, j2):
                    # "A사를 비롯한 7개 기업과": the names head the noun phrase that follows
                    including = list(group)
                    group, modifiers = [], []
                    i = j2 + 2
                    continue
                if case is not None:
                    args.append(Arg(list(group), case, group_start, self._end(elems, j2 - 1), place=place))
                    group, modifiers = [], []
                    i = j2
                    continue
                if j < n and isinstance(elems[j], Morph) and elems[j].tag.startswith(("NNG", "NNP", "SL", "XSN")):
                    # a name before a noun: a modifier ("조성사업 대상지로") or a bare argument of a
                    # predicate noun ("A시 인증 획득")
                    modifiers = list(group)
                    args.append(Arg(list(group), "bare", group_start, self._end(elems, j - 1)))
                    group = []
                    i = j
                    continue
                if j < n and isinstance(elems[j], Morph) and elems[j].form == "," and self._opens_item(elems, i):
                    # "국토부, A시 등 5곳 선정": a name and a comma opening a bullet is its subject
                    args.append(Arg(list(group), "topic", group_start, elems[j].end))
                    group, modifiers = [], []
                    i = j + 1
                    continue
                args.append(Arg(list(group), "bare", group_start, self._end(elems, j - 1)))
                group, modifiers = [], []
                i = j
                continue
            mo: Morph = el
            pred = self._predicate(elems, i, ui)
            if pred is not None:
                clause, i_next = pred
                if clause.nominal and pending_nouns:
                    # "시범지역 4곳 선정": the nouns written bare before a predicate noun
                    before = [m for m in pending_nouns if m.end <= clause.start]
                    if before:
                        clause.bare_noun = self.text[before[0].start : before[-1].end]
                preds.append(clause)
                pending_nouns, modifiers = [], []
                i = i_next
                continue
            if mo.tag.startswith(_NOUN_TAGS):
                pending_nouns.append(mo)
                i += 1
                continue
            if (
                pending_nouns
                and mo.tag.startswith("VCP")
                and i + 1 < n
                and isinstance(elems[i + 1], Morph)
                and (elems[i + 1].tag.startswith("ETM"))
            ):
                # "주관기관인 D", "대상지인 의성군": a noun joined by the copula to the name after it
                noun = self.text[pending_nouns[0].start : pending_nouns[-1].end]
                args.append(Arg([], "cop", pending_nouns[0].start, elems[i + 1].end, noun=noun, modifiers=modifiers))
                pending_nouns, modifiers = [], []
                i += 2
                continue
            if pending_nouns and mo.form in (":", "："):
                # "용역사: X", "주관기관 : Y": a label naming the part of the name after it
                noun = self.text[pending_nouns[0].start : pending_nouns[-1].end]
                args.append(Arg([], "label", pending_nouns[0].start, mo.end, noun=noun))
                pending_nouns, modifiers = [], []
                i += 1
                continue
            if pending_nouns and (mo.tag.startswith("J") or mo.form in self.cases):
                case, j2, place = self._case_after(elems, i)
                if case is not None:
                    noun = self.text[pending_nouns[0].start : pending_nouns[-1].end]
                    args.append(
                        Arg(
                            list(including),
                            case,
                            pending_nouns[0].start,
                            self._end(elems, j2 - 1),
                            noun=noun,
                            modifiers=modifiers,
                        )
                    )
                    pending_nouns, modifiers, including = [], [], []
                    i = j2
                    continue
            if not mo.tag.startswith(("SS", "SW", "MM", "MAG")):
                pending_nouns = []
                if not mo.tag.startswith(("SP", "SO")):
                    modifiers = []
            i += 1
        return args, preds

    def _end(self, elems: list, k: int) -> int:
        el = elems[max(0, min(k, len(elems) - 1))]
        return el.end

    @staticmethod
    def _skip_apposed_bracket(elems: list, i: int, j: int, first: Mention) -> int:
        """ "대상(국토교통부 장관상)은", "주관기관(A, B)이": names that fill a bracket right after a common
        noun name that noun; the particle after the bracket is theirs. `j` is past the names."""
        if not (j < len(elems) and isinstance(elems[j], Morph) and elems[j].form == ")"):
            return j
        k = i
        while k >= 0 and elems[k] is not first:
            k -= 1
        if k < 2:
            return j
        op, noun = elems[k - 1], elems[k - 2]
        if (
            isinstance(op, Morph)
            and op.form == "("
            and isinstance(noun, Morph)
            and noun.tag.startswith(("NNG", "XSN"))
            and noun.end == op.start
        ):
            return j + 1
        return j

    def _skip_close(self, elems: list, j: int) -> int:
        """Past closing quotes and a bracket right after a name (국토교통부(장관 원희룡)는)."""
        n = len(elems)
        while j < n and isinstance(elems[j], Morph):
            mo = elems[j]
            if mo.form in _CLOSE or (mo.tag == "SSC" and mo.form != ")") or mo.form == "㈜":
                j += 1  # closing quotes, "한컴인스페이스㈜"
                continue
            if mo.form == "(" and mo.start - elems[j - 1].end <= 1:
                k = j + 1
                while k < n and k - j < 25 and not (isinstance(elems[k], Morph) and elems[k].form == ")"):
                    k += 1
                if k < n and k - j < 25:
                    j = k + 1
                    continue
            break
        return j

    def _separator(self, elems: list, j: int) -> int | None:
        """The index after a coordinating separator at j (and opening quotes after it), or None."""
        n = len(elems)
        if j >= n or not isinstance(elems[j], Morph):
            return None
        mo = elems[j]
        if not (mo.form in self.separators or mo.tag.startswith(self.joining)):
            return None
        k = self._skip_legal_form(elems, j + 1)
        while k < n and isinstance(elems[k], Morph) and (elems[k].form in _OPEN or elems[k].tag == "SSO"):
            k += 1
        return self._skip_legal_form(elems, k)

    def _including_noun(self, elems: list, k: int) -> bool:
        """At k: "비롯한"/"포함한" and then a noun phrase (not another name)."""
        n = len(elems)
        return (
            k + 2 < n
            and all(isinstance(e, Morph) for e in elems[k : k + 3])
            and elems[k].form in self.including
            and elems[k + 1].tag.startswith(("EC", "ETM"))
            and elems[k + 2].tag.startswith(("SN", "NNG", "NNB", "NR", "MM"))
        )

    def _including(self, elems: list, j: int) -> int | None:
        """ "A를 비롯해 B, C", "A를 포함한 B": A heads the list that follows."""
        n = len(elems)
        if j + 2 < n and all(isinstance(e, Morph) for e in elems[j : j + 3]) and elems[j].tag == "JKO":
            if elems[j + 1].form in self.including and elems[j + 2].tag.startswith(("EC", "ETM")):
                k = j + 3
                return self._skip_legal_form(elems, k) if k < n else None
        return None

    def _skip_legal_form(self, elems: list, k: int) -> int:
        """Past "(사)", "(재)", "(주)", "㈜" before a name."""
        n = len(elems)
        if k < n and isinstance(elems[k], Morph) and elems[k].form in self.legal_forms:
            return k + 1
        if (
            k + 2 < n
            and all(isinstance(e, Morph) for e in elems[k : k + 3])
            and elems[k].form == "("
            and elems[k + 2].form == ")"
            and elems[k + 1].form in self.legal_forms
        ):
            return k + 3
        return k

    def _skip_apposition(self, elems: list, k: int) -> int:
        """ "A, B, 그리고 지역업체인 C": past a second joining word and a noun phrase with the copula's
        adnominal (N인) before the next member of a list."""
        n = len(elems)
        if k < n and isinstance(elems[k], Morph) and elems[k].form in self.separator_words:
            k += 1
        j = k
        while j < n and isinstance(elems[j], Morph) and elems[j].tag.startswith(("NNG", "NNP", "XSN")) and j - k < 4:
            j += 1
        if (
            j > k
            and j + 2 < n
            and isinstance(elems[j], Morph)
            and elems[j].tag == "VCP"
            and isinstance(elems[j + 1], Morph)
            and elems[j + 1].tag == "ETM"
            and isinstance(elems[j + 2], Mention)
        ):
            return j + 2
        # "A, B, 드론 전문기업 C": a classifier phrase before a firm or body describes that member
        m = j + 1 if j < n and isinstance(elems[j], Morph) and elems[j].form in self.firm_markers else j
        if j > k and m < n and isinstance(elems[m], Mention) and elems[m].type in ("Company", "Organization"):
            last = elems[j - 1].form
            two = elems[j - 2].form + last if j - 2 >= k else last
            if last in self.classifiers or two in self.classifiers:
                return m  # (past the firm's marker: "드론 스타트업 ㈜C")
        # "A, 필리핀 B, 캄보디아 C": a country written before a foreign city qualifies that member
        if k + 1 < n and isinstance(elems[k], Morph) and elems[k].form in self.countries:
            if isinstance(elems[k + 1], Mention) and elems[k + 1].type == "City":
                return k + 1
        return k

    def _skip_list_closer(self, elems: list, j: int) -> int:
        """Past "등", "등 5곳", "등 6개 기관", "등 지역 중소기업" closing a list."""
        n = len(elems)
        if j < n and isinstance(elems[j], Morph) and elems[j].form in self.closers:
            j += 1
            # "등 크고 작은 기업이": an adjective phrase before the classifier
            k = j
            while k < n and k - j < 5 and isinstance(elems[k], Morph) and elems[k].tag.startswith(("VA", "EC", "ETM")):
                k += 1
            if k > j and isinstance(elems[k - 1], Morph) and elems[k - 1].tag.startswith("ETM"):
                j = k
            # a classifier after 등: nouns (and middle dots) up to the particle
            k = j
            while (
                k < n
                and k - j < 6
                and isinstance(elems[k], Morph)
                and (
                    elems[k].tag.startswith(("NNG", "XSN", "XPN", "SN", "NNB", "NR"))
                    or elems[k].form in ("·", "ㆍ", "‧")
                )
                and elems[k].form not in self.index.nominal  # "안전처, 경찰청 등 협력으로": 협력 is the predicate
            ):
                k += 1
            if k > j and k < n and isinstance(elems[k], Morph) and elems[k].tag.startswith(("J", "SP")):
                return k
        k = j
        if k < n and isinstance(elems[k], Morph) and elems[k].tag == "SN":
            k += 1
            word = ""
            while k < n and isinstance(elems[k], Morph) and elems[k].tag.startswith(("NNG", "NNB", "NR")):
                word += elems[k].form
                k += 1
                if word in self.counters:
                    return k
        return j

    def _case_after(self, elems: list, j: int) -> tuple[str | None, int, bool]:
        """The case the particle at j marks, the index after it, and whether a place noun came first."""
        n = len(elems)
        place = False
        if j < n and isinstance(elems[j], Morph) and elems[j].form in self.places:
            place = True
            j += 1
        forms = []
        k = j
        # "바다정보㈜이 …": Kiwi reads 이 glued after a symbol as a determiner (MM); glued, it is the particle
        if (
            k < n
            and 0 < k
            and isinstance(elems[k], Morph)
            and elems[k].tag == "MM"
            and elems[k].form == "이"
            and self.adoc.text[elems[k - 1].end : elems[k].start] in ("", "㈜", "(주)")
        ):
            forms.append("이")
            k += 1
        while k < n and isinstance(elems[k], Morph) and elems[k].tag.startswith(("JK", "JX", "JC")):
            forms.append(elems[k].form)
            k += 1
        if not forms:
            return None, j, place
        joined = "".join(forms)
        # X에 의해: the agent of a passive
        if forms[0] == "에" and k < n and isinstance(elems[k], Morph) and elems[k].form in self.agent_verbs:
            k2 = k + 1
            while k2 < n and isinstance(elems[k2], Morph) and elems[k2].tag.startswith(("EC", "ETM", "JX")):
                k2 += 1
            return "agent", k2, place
        case = self.cases.get(joined) or self.cases.get(forms[0])
        if case is None:
            return None, j, place
        k2 = self._skip_legal_form(elems, k) if k < n else k
        if forms[0] in ("와", "과") and elems[j].tag.startswith("JC") and k2 < n and isinstance(elems[k2], Mention):
            return None, j, place  # a conjunction before another name: the caller joins them
        return case, k, place

    def _opens_item(self, elems: list, i: int) -> bool:
        return all(isinstance(e, Morph) and e.tag.startswith(("SS", "SW", "SP", "SO")) for e in elems[:i])

    # ------------------------------------------------------------------ predicates
    def _predicate(self, elems: list, i: int, ui: int) -> tuple[Clause, int] | None:
        mo: Morph = elems[i]
        n = len(elems)
        idx = self.index
        tag = mo.tag
        prev = elems[i - 1] if i > 0 and isinstance(elems[i - 1], Morph) else None
        nxt = elems[i + 1] if i + 1 < n and isinstance(elems[i + 1], Morph) else None
        if tag.startswith("VV") and mo.form in self.pg.purpose_verbs:
            return None
        if tag.startswith(("VV", "VA")) and mo.form not in self.pg.auxiliaries:
            # an idiom ending in this verb (이름을 올리다, 명단에 오르다)
            for words, voice in idx.by_last.get(mo.form, ()):
                if i < len(words) - 1:
                    continue
                before = elems[i - len(words) + 1 : i]
                if all(isinstance(e, Morph) for e in before) and [e.form for e in before] == list(words[:-1]):
                    start = before[0].start if before else mo.start
                    return self._clause(" ".join(words), voice, elems, i, start, ui)
            if mo.form in self.pg.receive_verbs and prev is not None and prev.tag.startswith("NNG"):
                key = prev.form + mo.form  # 지원받, 인증받
                if key in idx.verbs:
                    return self._clause(key, "receive", elems, i, prev.start, ui)
            # any other verb still closes its clause
            return self._clause(mo.form, idx.verbs.get(mo.form, "active"), elems, i, mo.start, ui)
        if tag.startswith(("NNG", "MAG", "XR")) and nxt is not None and nxt.tag.startswith(("XSV", "XSA")):
            suffix = nxt.form
            voice = (
                "active"
                if suffix in self.pg.active_suffixes
                else "passive"
                if suffix in self.pg.passive_suffixes
                else "receive"
                if suffix in self.pg.receive_verbs
                else None
            )
            if voice is None:
                return None
            key = mo.form + suffix
            # an idiom ending in a noun + 하 verb (컨소시엄을 구성하다, 협정을 체결하다)
            for words, ivoice in idx.by_last.get(key, ()):
                if len(words) < 3 or i < len(words) - 1:
                    continue
                before = elems[i - len(words) + 1 : i]
                if all(isinstance(e, Morph) for e in before) and [e.form for e in before] == list(words[:-1]):
                    return self._clause(" ".join(words), ivoice, elems, i + 1, before[0].start, ui)
            # two-word predicates: 시범 운영하, 공동 개발하, 최종 선정하
            if prev is not None and prev.tag.startswith("NNG") and (prev.form, key) in idx.idioms:
                return self._clause(f"{prev.form} {key}", idx.idioms[(prev.form, key)], elems, i + 1, prev.start, ui)
            # a verb no frame knows still closes its clause (its arguments are not the next predicate's)
            known = idx.verbs.get(key)
            return self._clause(key, known if known and known != "active" else voice, elems, i + 1, mo.start, ui)
        if tag.startswith("NNG"):
            two = f"{prev.form}{mo.form}" if prev is not None and prev.tag.startswith("NNG") else None
            key = two if two in idx.nominal else mo.form if mo.form in idx.nominal else None
            if key is None:
                return None
            light = self._light_verb_after(elems, i)
            if light is not None:  # "협약을 맺었다", "인증을 받았다": the noun carries the predicate
                voice, verb_at = light
                return self._clause(
                    key, voice, elems, verb_at, prev.start if key == two else mo.start, ui, nominal_key=True
                )
            if nxt is not None and (nxt.tag.startswith(("NNG", "XSN", "VV", "XSV", "VCP")) or nxt.form in ("하", "받")):
                return None  # a noun inside a longer noun phrase, or a verb follows
            after_ok = nxt is None or nxt.tag.startswith(
                ("SF", "SP", "SS", "SW", "JKB", "JKG", "JX", "JKS", "JKO", "SE")
            )
            if not after_ok:
                return None
            start = prev.start if key == two else mo.start
            clause, j = self._clause(key, "active", elems, i, start, ui, nominal_key=True, nominal=True)
            if nxt is not None and nxt.tag.startswith("J"):
                clause.form = "nominal_arg"  # "P 공모에서 …": the noun is an argument of a later predicate
            return clause, j
        return None

    def _light_verb_after(self, elems: list, i: int) -> tuple[str, int] | None:
        """(voice, index of the verb) when "을/를" and a light verb follow the noun at i."""
        n = len(elems)
        if i + 2 >= n or not all(isinstance(e, Morph) for e in elems[i + 1 : i + 3]):
            return None
        if elems[i + 1].tag != "JKO":
            return None
        verb = elems[i + 2]
        if verb.tag.startswith(("VV", "VA")) and verb.form in self.pg.light_verbs:
            return self.pg.light_verbs[verb.form], i + 2
        if verb.tag.startswith("NNG") and i + 3 < n and isinstance(elems[i + 3], Morph):
            key = verb.form + elems[i + 3].form
            if elems[i + 3].tag.startswith("XSV") and key in self.pg.light_verbs:
                return self.pg.light_verbs[key], i + 3
        return None

    def _clause(
        self,
        key: str,
        voice: str,
        elems: list,
        i: int,
        start: int,
        ui: int,
        *,
        nominal_key: bool = False,
        nominal: bool = False,
    ) -> tuple[Clause, int]:
        n = len(elems)
        j = i + 1
        form = "nominal" if nominal else "final"
        while j < n and isinstance(elems[j], Morph) and elems[j].tag.startswith(("EP", "XSV", "XSA")):
            j += 1
        # "추진해 온", "설치해 운영하고 있다": past a connective ending and an auxiliary verb
        while (
            not nominal
            and j + 1 < n
            and isinstance(elems[j], Morph)
            and elems[j].tag.startswith("EC")
            and isinstance(elems[j + 1], Morph)
            and elems[j + 1].tag.startswith(("VX", "VV"))
            and (elems[j + 1].form in self.pg.auxiliaries or elems[j + 1].form in self.pg.passive_auxiliaries)
        ):
            if elems[j + 1].form in self.pg.passive_auxiliaries and voice == "active":
                voice = "passive"  # 골라지다, 뽑혀지다: -아/어 지다 makes the verb passive
            j += 2
            while j < n and isinstance(elems[j], Morph) and elems[j].tag.startswith("EP"):
                j += 1
        if not nominal and j < n and isinstance(elems[j], Morph):
            t = elems[j].tag
            if t.startswith(self.endings.adnominal):
                form = "adnominal"
            elif t.startswith(self.endings.connective):
                form = "connective"
            elif t.startswith(self.endings.nominalized):
                form = "nominalized"
            elif t.startswith(self.endings.final):
                form = "final"
        clause = Clause(key, voice, form, start, elems[i].end, ui, nominal=nominal_key)
        return clause, j

    # ------------------------------------------------------------------ attachment
    def _attach(self, args: list[Arg], preds: list[Clause]) -> list[Clause]:
        """Give each predicate the arguments before it (see the module doc)."""
        if not preds:
            return []
        carry: list[Arg] = []  # subjects/topics still in force
        waiting: list[Arg] = []  # topics a relative clause left for the main clause
        ai = 0
        for pi, p in enumerate(preds):
            own: list[Arg] = list(waiting)
            waiting = []
            while ai < len(args) and args[ai].end <= p.start:
                own.append(args[ai])
                ai += 1
            if p.form == "adnominal":
                # 은/는 marks the sentence's topic, never an argument inside a relative clause
                waiting = [a for a in own if a.case == "topic"]
                own = [a for a in own if a.case != "topic"]
            elif p.form == "nominal_arg":
                # a predicate noun inside a phrase ("P 공모에", "실증 참여를") has only its noun
                # modifiers; the other arguments wait for the verb of the clause
                waiting = [a for a in own if a.case not in ("bare", "gen", "comgen")]
                own = [a for a in own if a.case in ("bare", "gen", "comgen")]
            # a relative clause's head: the phrase right after the adnominal ending
            if p.form == "adnominal" and ai < len(args):
                nxt_pred = preds[pi + 1].start if pi + 1 < len(preds) else None
                head = args[ai]
                if head.start - p.end <= 4 and (nxt_pred is None or head.start < nxt_pred):
                    p.head = head
            has_subj = any(a.case in ("subj", "topic") for a in own)
            p.args = list(own)
            p.own_start = own[0].start if own else p.start
            if not has_subj and p.form not in ("nominal", "nominal_arg"):
                # a clause without a subject of its own takes the sentence's topic; so does a relative
                # clause ("A는 B와 함께 개발한 P로 …": A developed P), whose head is then not the topic
                p.args = [a for a in [*waiting, *carry] if a not in own] + p.args
            # what carries on: topics always; a subject of a connective clause
            for a in own:
                if a.case == "topic" or (a.case == "subj" and p.form in ("connective", "final", "nominal")):
                    if p.form != "adnominal":
                        carry = [c for c in carry if c.case != a.case] + [a]
        return preds


def amounts(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, number, unit) of every amount of money in `text` ("30억원", "1,200백만원")."""
    return [(m.start(), m.end(), m.group(1), (m.group(2) or "") + "원") for m in _AMOUNT.finditer(text)]
