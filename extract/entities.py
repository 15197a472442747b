"""Entity recognition over the units of a document.

Sources of mentions, in order of trust:
1. reference data: a spaCy PhraseMatcher over every gazetteer surface (Kiwi tokens, so 국토교통부는
   matches 국토교통부: the particle is its own token);
2. quoted names (「」『』‘’“”): typed by their last word (인증 -> Certification, 재단 -> Organization,
   otherwise Program);
3. patterns: program names ending in a head word (사업, 로드맵, 플랫폼 ...), certifications (인증,
   어워드, "X로 지정"), organisations by suffix (재단, 진흥원 ...), companies by marker (㈜, (주)) or
   by list context ("A, B 등 N개 기업"), persons next to a title (강호인 장관, 장관 원희룡);
4. table columns: a 사업명 column names programs, a 성명 column persons.

The word lists are data (extract/data/lexicon.toml). Mentions overlap only by nesting a name
inside a Program or Certification (광산구 inside 광산구 스마트시티계획).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from citykg.extract.firm_classifiers import classified_firms
from citykg.extract.nlp import get_kiwi, get_nlp
from citykg.extract.persons_title_first import roster_persons, title_first_persons
from citykg.extract.quoted_names import apposition_before, names_program
from citykg.extract.records import BODIES
from citykg.extract.resources import gazetteer, lexicon, particle_fits, structure, trailing_particle
from citykg.extract.segment import Unit, item_label

if TYPE_CHECKING:  # pragma: no cover
    from citykg.extract.document import AnnotatedDoc

NOUNISH = {"NNG", "NNP", "SL", "SN", "SH", "XSN", "XPN", "NR", "XR"}
JOINERS = {"·", "‧", "・", "ㆍ", "&", "-", "+"}
OPEN_Q = "「『‘“\"'〈《"
CLOSE_Q = {"「": "」", "『": "』", "‘": "’", "“": "”", '"': '"', "'": "'", "〈": "〉", "《": "》"}
_QUOTE = re.compile(
    r"「([^」\n]{2,60})」|『([^』\n]{2,60})』|‘([^’\n]{2,60})’|“([^”\n]{2,60})”"
    r"|\"([^\"\n]{2,60})\"|'([^'\n]{2,60})'|〈([^〉\n]{2,60})〉|《([^》\n]{2,60})》"
)
_COMPANY_MARK = re.compile(
    r"(?:㈜|\(주\)|（주）|주식회사\s?|(?<![가-힣])주\))(?:\s*</?[a-z]+>)*\s*(?P<a>[A-Za-z가-힣][A-Za-z0-9가-힣&]+)"
    r"|(?<![A-Za-z0-9가-힣])(?P<b>[A-Za-z가-힣][A-Za-z0-9가-힣&]+)(?:\(주\)|㈜)"
)
_HANGUL_WORD = re.compile(r"[가-힣]+")
_LATIN_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&\-]{1,15}$")
# "X(대표 정재훈, 이하 다온I&C)", "X(이하 ‘공사’)": the short name a document gives a body
_ALIAS = re.compile(r"\s*\([^()]{0,40}?이하\s*[‘“'\"]?(?P<alias>[^()’”'\",]{2,20}?)[’”'\"]?\s*(?:이라\s*한다)?\)")
_YEARISH = re.compile(r"^(?:'|‘|’)?\d{2,4}(?:년|년도)?$")


@dataclass
class Mention:
    start: int
    end: int
    type: str
    text: str
    name: str
    source: str
    unit: int
    cands: tuple = ()
    props: dict = field(default_factory=dict)
    priority: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@lru_cache(maxsize=1)
def gazetteer_matcher() -> PhraseMatcher:
    """PhraseMatcher over every gazetteer surface, tokenized by the same Kiwi tokenizer."""
    nlp = get_nlp()
    get_kiwi()  # user words first, so patterns and texts are tokenized alike
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    surfaces = sorted(gazetteer().surfaces())
    patterns = list(nlp.tokenizer.pipe(surfaces))
    # Kiwi keeps a Latin user word whole alone (ISMS-P) but may split it in running text (ISMS - P):
    # names with Latin letters, digits or symbols also get a pattern split the way running text is
    for surface in surfaces:
        mixed = re.search(r"[^\sA-Za-z0-9가-힣]|[A-Za-z][0-9]|[0-9][A-Za-z]", surface)
        if mixed and re.search(r"[A-Za-z0-9]", surface):
            parts = re.findall(r"[A-Za-z]+|[0-9]+|[가-힣]+|[^\sA-Za-z0-9가-힣]", surface)
            patterns.append(Doc(nlp.vocab, words=parts))
    matcher.add("GAZ", patterns)
    return matcher


@cache
def _suffix_table(kind: str) -> tuple[frozenset[str], tuple[int, ...]]:
    words = {"heads": lexicon().heads, "certs": lexicon().cert_heads, "orgs": lexicon().org_suffixes}[kind]
    return frozenset(words), tuple(sorted({len(w) for w in words}, reverse=True))


@lru_cache(maxsize=1 << 16)
def _longest_suffix(word: str, kind: str, min_len: int = 1) -> str | None:
    """The longest word of a list that `word` ends with (set lookups, longest first)."""
    table, lengths = _suffix_table(kind)
    for n in lengths:
        if n >= min_len and len(word) >= n and word[-n:] in table:
            return word[-n:]
    return None


def _is_head_token(tok: str) -> str | None:
    return _longest_suffix(tok, "heads")


def _cert_head(text: str) -> str | None:
    return _longest_suffix(text, "certs")


@lru_cache(maxsize=1 << 16)
def _org_suffix(word: str) -> str | None:
    s = _longest_suffix(word, "orgs")
    if s and len(word) > len(s):
        return s
    table, lengths = _suffix_table("orgs")
    for n in lengths:  # a shorter suffix when the longest is the whole word (재단 in 서울디지털재단 is fine)
        if n < len(word) and word[-n:] in table:
            return word[-n:]
    return None


@lru_cache(maxsize=1)
def _person_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    titles = "|".join(re.escape(t) for t in lx.titles)
    compound = "|".join(re.escape(t) for t in lx.compound_titles)
    title_word = (
        rf"((?:[가-힣]*(?:{compound}))|(?:{titles}))(?:은|는|이|가|을|를|의|과|와|께서|도|으로|로)?"
        rf"(?![가-힣])"
    )
    return (
        re.compile(rf"(?<![가-힣])([가-힣]{{2,4}})\s+{title_word}"),
        # name, body, an office of it (국, 과, 실 …) or not, title: "홍길동 해양수산부 항만정책국 항만개발과장"
        re.compile(
            rf"(?<![가-힣])([가-힣]{{2,4}})\s+(?:㈜|\(주\))?([가-힣A-Za-z]+)(?:\s+[가-힣]+(?:국|과|실|팀|처|단|센터|본부|학과))?"
            rf"\s+{title_word}"
        ),
        re.compile(rf"(?<=[(,])\s*({titles})\s+([가-힣]{{2,4}})(?=\)|,\s*이하)"),
    )


_COMPACT = re.compile(r"[\s·‧・ㆍ]")


@lru_cache(maxsize=1 << 16)
def _compact(s: str) -> str:
    return _COMPACT.sub("", s)


def is_generic(name: str) -> bool:
    return _compact(name) in lexicon().generic or len(_compact(name)) < 2


class Recognizer:
    """Collects mentions of one document."""

    def __init__(self, adoc: AnnotatedDoc) -> None:
        self.adoc = adoc
        self.text = adoc.text
        self.doc = adoc.doc
        self.units = adoc.units
        self.mentions: list[Mention] = []
        self.lx = lexicon()
        self.gaz = gazetteer()
        # token index by character start, for boundary checks
        self._starts = [u.start for u in self.units]
        self._ends = [u.end for u in self.units]

    # ------------------------------------------------------------------ helpers
    def add(
        self,
        start: int,
        end: int,
        type_: str,
        source: str,
        unit: int,
        name: str | None = None,
        cands: tuple = (),
        priority: int = 0,
        **props,
    ) -> Mention | None:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        if type_ == "Person" and end - start <= 2 and self._common_noun(start, end):
            return None  # "시장 진출을": a two-syllable common noun beside a title is no name (three-syllable
            # names Kiwi does not know are often read as one common noun, so only short ones are checked)
        m = Mention(
            start,
            end,
            type_,
            self.text[start:end],
            name or self.text[start:end],
            source,
            unit,
            cands,
            dict(props),
            priority,
        )
        self.mentions.append(m)
        return m

    def unit_tokens(self, u: Unit):
        span = self.doc.char_span(u.start, u.end, alignment_mode="expand")
        return list(span) if span is not None else []

    # ------------------------------------------------------------------ 1. reference data
    def gazetteer_mentions(self) -> None:
        matches = gazetteer_matcher()(self.doc)
        # longest first, then earliest
        spans = sorted(((s, e) for _, s, e in matches), key=lambda x: (-(x[1] - x[0]), x[0]))
        taken: set[int] = set()
        allowed = self._allowed_chars()
        for s, e in spans:
            if any(i in taken for i in range(s, e)):
                continue
            span = self.doc[s:e]
            a, b = span.start_char, span.end_char
            if not allowed(a):
                continue
            # a name glued to more Hangul (세종시민 is not 세종시) is not this entity, unless a particle
            nxt = self.text[b : b + 1]
            if nxt and re.match(r"[가-힣]", nxt) and e < len(self.doc) and not self._particle_at(e):
                if not (self.text[b] == "청" and self.doc[e].text == "청"):
                    continue
            cands = tuple(self.gaz.lookup(span.text))
            if not cands:
                continue
            if a > 0 and re.match(r"[가-힣]", self.text[a - 1]) and cands[0].type != "City":
                continue  # 경찰청 in 울산경찰청: a body's name glued after more Hangul is a longer, other name
            if not re.search(r"[가-힣]", span.text) and not self._hangul_unit(a):
                continue  # "any KIND": a Latin acronym counts only inside Korean text
            glued = re.match(r"-[A-Za-z0-9]", self.text[b : b + 2]) or re.search(r"[A-Za-z0-9]-$", self.text[a - 2 : a])
            if glued:
                continue  # ISMS in ISMS-P: a hyphenated acronym is a different, longer name
            taken.update(range(s, e))
            attached = self._attached(b) if cands[0].type == "Organization" else None
            if attached:  # 경북대학교 산학협력단: a body of its own, named after its parent
                self.add(a, attached, "Organization", "attached", self._unit_at(a), priority=3)
                continue
            self.add(a, b, cands[0].type, "gazetteer", self._unit_at(a), name=cands[0].name, cands=cands, priority=3)

    def _attached(self, end: int) -> int | None:
        """The end of a body of its own written after its parent's name ending at `end` (lexicon.toml
        attached_bodies: "경북대학교 산학협력단"), else None."""
        bodies = self.lx.organization.attached_bodies
        alt = "|".join(bodies)
        after = r"(?!장)(?=[^가-힣]|[이가은는을를과와의도에](?![가-힣]))"  # a particle or no more Hangul
        m = re.match(r" ?[가-힣]{0,6}(?:" + alt + ")" + after, self.text[end : end + 20])
        return end + m.end() if m else None

    def _hangul_unit(self, pos: int) -> bool:
        u = self.units[self._unit_at(pos)]
        return len(re.findall(r"[가-힣]", u.text)) >= 2

    def _common_noun(self, a: int, b: int) -> bool:
        """Kiwi reads the span as one common noun (공공, 정보): not a person's name."""
        span = self.doc.char_span(a, b, alignment_mode="expand")
        return span is not None and len(span) == 1 and span[0].tag_ in ("NNG", "NNB", "MAG", "NP")

    def _particle_at(self, i: int) -> bool:
        t = self.doc[i]
        if i + 1 < len(self.doc):
            nxt = self.doc[i + 1]
            if nxt.idx == t.idx + len(t.text) and nxt.tag_.startswith(("NN", "SL", "XSN")) and len(t.text) == 1:
                return False  # 한컴|인|스페이스: a one-syllable "particle" glued to a noun is part of a longer name
        return (
            t.tag_.startswith("J")
            or t.tag_.startswith("E")
            or t.tag_.startswith("VCP")
            or t.tag_.startswith("XSV")
            or t.tag_.startswith("XSA")
            or t.text in ("청",)
        )

    def _allowed_chars(self):
        starts, ends = self._starts, self._ends

        def allowed(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k >= 0 and pos < ends[k]

        return allowed

    def _unit_at(self, pos: int) -> int:
        k = bisect.bisect_right(self._starts, pos) - 1
        return max(k, 0)

    # ------------------------------------------------------------------ 2. quoted names
    def quoted_mentions(self, ui: int, u: Unit) -> None:
        for m in _QUOTE.finditer(self.text, u.start, u.end):
            g = next(i for i in range(1, 9) if m.group(i) is not None)
            a, b = m.start(g), m.end(g)
            inner = self.text[a:b].strip()
            a = a + (len(self.text[a:b]) - len(self.text[a:b].lstrip()))
            b = a + len(inner)
            if not inner or re.search(r"[.?!]$|[다요]$|\s[가-힣]+[다요]\b|[→⇒]", inner) or inner.count(" ") > 7:
                continue
            if re.fullmatch(r"[\d\s.,~\-'’]+", inner) or (
                re.match(r"^\d{1,4}[.년~,]", inner) and not re.search(r"[가-힣A-Za-z]{2,}", inner)
            ):
                continue  # ‘18~’22, ‘17.2: years written with apostrophes (‘2026년 X 사업’ is a name)
            close = m.end()
            ext = re.match(r"\s?([가-힣A-Za-z]+(?:\s[가-힣A-Za-z]+){0,2})", self.text[close : u.end])
            if ext:
                words = ext.group(1).split()
                # ‘X’을 구성해 서비스: a particle glued to the closing quote ends the name there
                for j, w in enumerate(words):
                    glued = j == 0 and not self.text[close : close + 1].isspace()
                    if glued and re.fullmatch(r"을|를|은|는|이|가|에|에서|의|와|과|으로|로|도", w):
                        words = words[:j]
                        break
                for k in range(len(words), 0, -1):
                    last = trailing_particle().sub("", words[k - 1]) if k == len(words) else words[k - 1]
                    if last in lexicon().program.quote_extension_heads:
                        tail = " ".join(words[: k - 1] + [last])
                        self.add(
                            m.start(),
                            close + ext.start(1) + len(tail),
                            "Program",
                            "quote",
                            ui,
                            priority=2,
                            name=f"{inner} {tail}",
                            kind=_program_kind(tail),
                        )
                        break
            named_doc = _names_document(inner)
            one_word = " " not in inner  # a coined one-word name (아산온길) that Kiwi splits is no clause
            if not one_word and self._has_clause(a, b) and not re.search(r"(?:법|법률|조례)$", inner) and not named_doc:
                continue  # a quoted saying, not a name (a named agreement or study may hold a clause)
            bare = re.sub(r"\s*\([^()]*\)$", "", inner)
            if bare != inner and re.fullmatch(r"[^()]*\(\s*[A-Za-z][A-Za-z0-9 .&\-]*\)", inner):
                # ‘시티트윈K(CityTwin-K)’, ‘X 혁신상(City Innovation Prize)’: the name, then its English form
                inner, b = bare, a + len(bare)
            if bare != inner and bare.endswith(("추진단", "지원단", "협의체", "자문단")):
                self.add(a, a + len(bare), "Organization", "quote", ui, priority=1)
                continue
            cands = tuple(self.gaz.lookup(inner))
            if cands:
                self.add(a, b, cands[0].type, "gazetteer", ui, name=cands[0].name, cands=cands, priority=3)
                continue
            if is_generic(inner):
                continue
            ch = _cert_head(inner)
            if ch:
                self.add(
                    a,
                    b,
                    "Certification",
                    "quote",
                    ui,
                    priority=2,
                    kind="award" if "어워" in ch or ch.endswith("상") else "certification",
                )
                continue
            suf = _org_suffix(inner.split()[-1])
            if suf and suf not in self.lx.ambiguous_org_suffixes and " " not in inner:
                self.add(a, b, "Organization", "quote", ui, priority=2)
                continue
            if suf in ("추진단", "지원단", "협의체") or inner.endswith(("추진단", "지원단")):
                self.add(a, b, "Organization", "quote", ui, priority=1)
                continue
            has_head = bool(_is_head_token(inner.split()[-1])) or bool(_is_head_token(inner))
            limit = 10 if has_head or named_doc else 5  # a long name is a name when a head noun closes it
            if inner.count(" ") > limit and not re.search(r"(?:법|법률|조례|규칙|특별법)$", inner):
                continue
            if inner.endswith(_group_nouns()):
                continue  # ‘X 컨소시엄’: a group of bodies, which the ontology has no label for

            # a person's name in quotes is not a program; one Hangul syllable names nothing
            if len(_compact(inner)) < 3 and not _LATIN_ACRONYM.match(inner):
                continue
            followed = self.text[close : close + 2].lstrip()[:1] in ("(", "（") or bool(
                names_program(self.text[close : close + 30])
                or _quoted_before().search(self.text[max(u.start, m.start() - 16) : m.start()])
            )
            followed = followed or names_program(self.text[close : close + 30])  # ‘X’ 사업, ‘X’에 참여
            followed = followed or apposition_before(self.text[max(u.start, m.start() - 16) : m.start()])
            if _certified_as(self.text[close : close + 30]):
                # ‘2023년 스마트도시’로 인증했다: what a body is certified as names the certification
                self.add(a, b, "Certification", "quote", ui, priority=2, kind="certification")
            elif has_head or followed or named_doc or m.group(1) or m.group(2):
                self.add(a, b, "Program", "quote", ui, priority=2, kind=_program_kind(inner))
            elif self._bare_name(u, m.start(), close, inner):
                # single quotes around a noun phrase mark a name in this genre: a service, a
                # brand, a subtitle; lower priority than any reading with a head or a cue
                self.add(a, b, "Program", "quote_bare", ui, priority=1, kind=_program_kind(inner))

    def _bare_name(self, u: Unit, open_: int, close: int, inner: str) -> bool:
        """‘모험 케어스테이션’이 들어서고: a quoted noun phrase (checked for clauses by the caller),
        unless a category noun around it makes it a field or theme (‘X’, ‘Y’ 분야; 특화분야: ‘X’)."""
        if len(_compact(inner)) < 4 or self.text[open_] in "“\"" or re.match(r"\d", inner):
            return False  # ‘19년 계획 수립: an apostrophe of a year, not a quote
        if re.search(r"[:：,‘’'“”]", inner) or _compact(inner) in lexicon().quoted.procedure_words:
            return False
        if inner.split()[-1] in lexicon().program.trailing_actions:
            return False  # ‘정상 추진’으로 기재: a phrase ending in an action noun is a status, not a name
        cats = lexicon().quoted.category_nouns
        if inner.split()[-1].endswith(tuple(cats)):
            return False
        rest = re.sub(r"^(?:\s*[,·]\s*[‘'][^’'\n]{1,40}[’'])+", "", self.text[close : min(u.end, close + 80)])
        head = re.match(r"\s*([가-힣]+)", rest)
        if head and any(head.group(1).startswith(c) for c in cats):
            return False
        before = self.text[max(u.start, open_ - 60) : open_]
        framed = r"(?:" + "|".join(map(re.escape, cats)) + r")\s*[:：]\s*(?:[‘'][^’']*[’']\s*[,·]\s*)*$"
        return not re.search(framed, before)

    def _has_clause(self, a: int, b: int) -> bool:
        """True when [a, b) reads as a clause (a particle or a verb ending inside), not a name."""
        span = self.doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return False
        for t in span:
            tag = t.tag_
            if tag.endswith("+ETN"):
                continue  # a verb made a noun ("돌봄", "살핌") is a word of a name, no clause
            if tag.startswith(("JKS", "JKO", "JKB", "JX", "EF", "EC", "ETM", "VV", "VA")) or "+E" in tag:
                if tag.startswith("ETM") or tag.startswith("JKB") and t.text in ("에", "로", "으로"):
                    return True
                if not tag.startswith(("JKB",)):
                    return True
        return False

    # ------------------------------------------------------------------ 3a. programs and certifications by head word
    def head_mentions(self, ui: int, u: Unit, toks) -> None:
        n = len(toks)
        i = 0
        while i < n:
            # a chunk: nounish tokens joined by nothing or single spaces, with ·/&/- joiners
            if not self._nounish(toks[i]):
                i += 1
                continue
            j = i
            while j + 1 < n and self._continues(toks[j], toks[j + 1]):
                j += 1
            self._chunk(ui, u, toks[i : j + 1])
            i = j + 1

    def _nounish(self, t) -> bool:
        tag = t.tag_.split("+")[0]
        if tag in NOUNISH:
            return True
        if t.text == "제" and tag in ("MM", "XPN") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].tag_ == "SN":
            return True  # 제3차, 제6회: an ordinal opens the name
        return t.text in ("新",) or (tag == "NNB" and t.text in ("대", "회", "차"))

    def _continues(self, a, b) -> bool:
        between = self.text[a.idx + len(a.text) : b.idx]
        if "\n" in between or "\t" in between or len(between) > 1:
            return False
        if b.text in JOINERS and not between:
            return True
        if a.text in JOINERS and not between:
            return self._nounish(b)
        if b.text == "및" and between == " ":
            return not self._head_at([a], 0)
        if a.text == "및":
            return self._nounish(b)
        return self._nounish(b) and b.text not in ("등",)

    def _head_at(self, toks, k: int) -> tuple[str, str] | None:
        """(head word, 'program'|'cert') ending at token k: one token (로드맵, 구축사업) or a few tokens
        glued together (시범+도시 = 시범도시); one-syllable heads (법, 앱) only as whole tokens."""
        heads, certs = _head_sets()
        best = None
        s = ""
        for j in range(k, max(-1, k - 4), -1):
            if j < k and toks[j].idx + len(toks[j].text) != toks[j + 1].idx:
                break
            s = toks[j].text + s
            if s in certs:
                best = (s, "cert")
            elif s in heads:
                best = (s, "program")
        if best:
            return best
        t = toks[k].text
        h = _longest_suffix(t, "certs", 2)
        if h:
            return (h, "cert")
        h = _longest_suffix(t, "heads", 2)
        return (h, "program") if h else None

    def _chunk(self, ui: int, u: Unit, toks) -> None:
        lx = self.lx
        while toks and toks[-1].text in JOINERS:
            toks = toks[:-1]
        if not toks:
            return
        found = None
        for k in range(len(toks) - 1, -1, -1):
            found = self._head_at(toks, k)
            if found:
                break
        if not found:
            return
        head, hkind = found
        if k + 1 < len(toks) and toks[k + 1].idx == toks[k].idx + len(toks[k].text) and toks[k + 1].text not in JOINERS:
            return  # 연구+과제: the head is inside a longer compound
        if re.match(r"\s*[→⇒]", self.text[toks[k].idx + len(toks[k].text) :]) or re.search(
            r"[→⇒]\s*$", self.text[max(0, toks[0].idx - 3) : toks[0].idx]
        ):
            return  # steps of a process (A → B → C), not names
        # after the head only actions (수립, 추진), generic words or numbers may follow
        for t in toks[k + 1 :]:
            w = t.text
            if not (w in lx.trailing or is_generic(w) or t.tag_ in ("SN", "NNB") or _YEARISH.match(w) or w in JOINERS):
                return
        name_toks = list(toks[: k + 1])
        # "A 및 B" is one name only right after ▲ or an opening quote (▲범죄예방 및 긴급대처 서비스)
        for idx in range(len(name_toks) - 1, -1, -1):
            if name_toks[idx].text == "및":
                lead = self.text[u.start : name_toks[0].idx].rstrip()
                in_item = re.search(r"▲[가-힣A-Za-z0-9‧·\s]*$", lead) is not None
                if not (in_item or lead.endswith(("‘", "「", "“", "'", '"', "『"))):
                    name_toks = name_toks[idx + 1 :]
                break
        # "A 대상 B": a description, the name (if any) is after 대상
        for idx in range(len(name_toks) - 2, -1, -1):
            if name_toks[idx].text in ("대상", "중", "내", "간", "후", "전", "시", "→", "⇒"):
                name_toks = name_toks[idx + 1 :]
                break
        while name_toks and (
            name_toks[0].text in lx.leading
            or _YEARISH.match(name_toks[0].text)
            or name_toks[0].text in JOINERS
            or name_toks[0].tag_ == "SN"
            and len(name_toks) > 1
            and name_toks[1].text in ("년", "월", "일", "분기")
        ):
            if name_toks[0].tag_ == "SN" and len(name_toks) > 1 and name_toks[1].text in ("년", "월", "일", "분기"):
                name_toks = name_toks[2:]
            else:
                name_toks = name_toks[1:]
        if not name_toks:
            return
        # drop leading whole words that are modifiers or generic (연도별 투자계획 -> 투자계획)
        while len(name_toks) > 1:
            end0 = name_toks[0].idx
            word = re.match(r"[^\s]+", self.text[end0:]).group()
            nxt = [t for t in name_toks if t.idx > end0 + len(word)]
            if (
                nxt
                and (word in lx.leading or word.rstrip("의") in lx.leading)
                and self.text[end0 + len(word) : nxt[0].idx].isspace()
            ):
                name_toks = nxt
            else:
                break
        a = name_toks[0].idx
        b = name_toks[-1].idx + len(name_toks[-1].text)
        if self.text.startswith("(안)", b):  # 기본계획(안): the draft mark belongs to the name
            b += 3
        name = self.text[a:b]
        if self.text[a - 1 : a] == "(" and any(
            m.end <= a - 1
            and m.type in ("Organization", "Company", "City", "Ministry")
            and re.fullmatch(r"(?:\s?[가-힣A-Za-z0-9]+)?", self.text[m.end : a - 1])
            for m in self.mentions
        ):
            return  # 서울대학교(실증 연구): a role in brackets after a body, not a program
        if (
            is_generic(name)
            or _compact(name) == head
            or re.search(r"(?<![제\d])\d+\s*(?:곳|개|건|명)(?![가-힣])", name)
        ):
            return
        modifiers = _compact(name)[: -len(head)] if _compact(name).endswith(head) else _compact(name)
        if hkind == "cert" and head in lx.cert_levels:
            # "… 어워드 대상", "… 부문 우수상": the prize is the level of the award named before it
            for k2 in range(len(name_toks) - 2, -1, -1):
                h2 = self._head_at(name_toks, k2)
                if h2 and h2[1] == "cert" and h2[0] not in lx.cert_levels:
                    name_toks = name_toks[: k2 + 1]
                    head = h2[0]
                    b = name_toks[-1].idx + len(name_toks[-1].text)
                    name = self.text[a:b]
                    modifiers = _compact(name)[: -len(head)]
                    break
            else:
                return
        if hkind == "cert" and _cert_level_words().match(name):
            return  # 플래티넘 인증, 안전 부문 우수상, 3단계 인증: a grade of some certification, not one
        if hkind == "cert":
            if re.search(r"[·‧]\s*(?:서비스|도시|기술|제품)", name) or head in ("대상", "지구", "특구"):
                return  # coordinated (도시·서비스 인증) or only from "X로 지정" / quotes
            if is_generic(modifiers) or len(modifiers) < 3 and " " not in name.strip():
                return
            self.add(
                a,
                b,
                "Certification",
                "pattern",
                ui,
                priority=1,
                kind="award" if "어워" in head or head.endswith("상") else "certification",
            )
            return
        whole = self._is_whole_unit(u, a, b) or self._is_cell(u, a, b)
        numbered = u.kind == "item" and bool(re.match(r"[\d①-⑳]", u.marker or "")) and whole
        if (
            head not in lx.strong_heads
            and not numbered
            and not (u.kind == "row" and self._program_column(u, a))
            and self._all_generic(name_toks, head)
        ):
            return
        if head in lx.strong_heads:
            ok = True
        elif head in lx.weak_heads:
            ok = (
                whole
                and (u.kind != "item" or u.marker not in ("-", "–"))
                and (u.kind != "row" or self._program_column(u, a))
            )
        elif head in lexicon().program.service_heads:
            ok = (whole or self._name_position(u, a, b, strict=True)) and len(modifiers) > 2
        else:
            ok = whole or self._name_position(u, a, b)
        if ok:
            self.add(a, b, "Program", "pattern", ui, priority=2 if whole else 1, kind=_program_kind(name))

    def _all_generic(self, name_toks, head: str) -> bool:
        """True when every word before the head is generic, a leading modifier or a body's name
        (스마트시티 서비스, 자치구 단위 사업, 서울시 사업)."""
        words = re.findall(
            r"[가-힣A-Za-z0-9&]+", self.text[name_toks[0].idx : name_toks[-1].idx + len(name_toks[-1].text)]
        )
        if words and _compact(words[-1]).endswith(head):
            last = words[-1][: len(words[-1]) - len(head)]
            words = words[:-1] + ([last] if last else [])
        places = [w for w in words if any(r.type == "City" for r in self.gaz.lookup(w))]
        rest = [w for w in words if w not in places and w not in self.lx.leading]
        if places and rest:
            return False  # 강원도 스마트도시계획: a place and a subject name a plan (서울시 사업 does not)
        for w in words:
            if not (is_generic(w) or w in self.lx.leading or self.gaz.lookup(w)):
                return False
        return True

    def _program_column(self, u: Unit, a: int) -> bool:
        """The cell at `a` sits in a column whose header names programs (사업명, 과제명 ...)."""
        if not u.header:
            return False
        for ci, (s, e) in enumerate(u.cells):
            if s <= a <= e and ci < len(u.header):
                return re.sub(r"\s+", "", u.header[ci]) in lexicon().program.name_columns
        return False

    def _name_position(self, u: Unit, a: int, b: int, strict: bool = False) -> bool:
        """Where a program's name usually stands: first in its line or after ▲, before a bracket,
        as one member of a bare list of names; unless `strict`, also as the object of a cue verb
        (X를 추진), before 등, or right after the body that runs it (국토교통부 알뜰교통카드)."""
        lead = self.text[u.start : a]
        if len(lead.strip()) <= 1 or lead.rstrip().endswith(("▲", "▶", "■", "●", "「", "‘", "“", '"', "[")):
            return True
        after = self.text[b : min(u.end, b + 30)]
        if after[:1] in ("(", "（", "」", "’", "”", '"', "]"):
            return True
        if _is_bare_list(self.text[u.start : u.end]) or re.match(r"\s등\s", after):
            return True
        if strict:
            return False
        # the object or subject of a frame's noun, or the goal of one ("P에 A시를 선정", "P에 참여")
        m = re.match(r"(?:\s?(?:" + _trailing_alt() + r"))?(?:을|를|이|가|은|는|도|에|에서|으로|로)\s+(.{0,20})", after)
        if m and any(c in m.group(1) for c in _lead_cues()):
            return True
        if re.match(r"\s등\s", after):
            return True
        # "P과 Q", "P, Q": coordinated with a name that has a program head of its own
        co = re.match(r"(?:과|와|\s*,|\s*·|\s및)\s*((?:[가-힣A-Za-z0-9·]+\s?){1,4})", after)
        if co and any(
            _longest_suffix(trailing_particle().sub("", w), "heads", 2) for w in co.group(1).split()[:4]
        ):
            return True
        prev = lead.rstrip()
        return any(
            m.end == a - 1 or m.end == a
            for m in self.mentions
            if m.source == "gazetteer"
            and m.type in ("Ministry", "City", "Organization")
            and m.end <= a
            and a - m.end <= 1
            and prev.endswith(m.text)
        )

    def _is_whole_unit(self, u: Unit, a: int, b: int) -> bool:
        body = self.text[u.start : u.end]
        rest = self.text[b : u.end].strip()
        lead = self.text[u.start : a].strip()
        if u.kind not in ("item", "heading"):
            return False
        if _is_bare_list(body):
            return True
        first = re.match(r"[가-힣]*", rest).group() if rest else ""
        return (
            len(lead) <= 2
            and (
                not rest
                or re.fullmatch(r"[\s(（].*[)）]\s*|[:：].*|\s*등\s*", rest) is not None
                or first in self.lx.trailing
                or first.endswith(tuple(self.lx.trailing))
                and len(first) <= 4
            )
            and len(body) < 80
        )

    def _is_cell(self, u: Unit, a: int, b: int) -> bool:
        if u.kind != "row":
            return False
        for s, e in u.cells:
            if s <= a and b <= e:
                return self.text[s:a].strip() == "" and (
                    self.text[b:e].strip() in ("", "(안)") or self.text[b:e].strip().startswith("(")
                )
        return False

    # ------------------------------------------------------------------ 3b. designation: "X로 지정"
    def designation_mentions(self, ui: int, u: Unit, toks) -> None:
        for idx, t in enumerate(toks):
            if t.text != "지정" or idx < 2:
                continue
            p = toks[idx - 1]
            zone = re.search(r"(?:지구|특구|구역)$", p.text) and self._nounish(p)
            if not zone and (p.text not in ("로", "으로") or not p.tag_.startswith("JKB")):
                continue
            j = idx - 1 if zone else idx - 2
            while j >= 0 and re.fullmatch(r"[*\\]+", toks[j].text):
                j -= 1
            end_tok = j
            while j - 1 >= 0 and self._nounish(toks[j - 1]) and self._continues(toks[j - 1], toks[j]):
                j -= 1
            if end_tok < 0 or not self._nounish(toks[end_tok]):
                continue
            a, b = toks[j].idx, toks[end_tok].idx + len(toks[end_tok].text)
            name = self.text[a:b]
            if is_generic(name) or len(_compact(name)) < 3 or _role_noun().search(name) or _site_noun(name):
                continue  # 운영기관으로 지정, 시범지역으로 지정: a role or a site, not a designation
            if self.gaz.lookup(name.split()[0]) and len(name.split()) > 1 and zone:
                a = a + len(name.split()[0]) + 1  # 포항 영일만 수소 규제특구: the place is not the name
                while self.text[a:b].split()[0:1] and self.gaz.lookup(self.text[a:b].split()[0]):
                    a += len(self.text[a:b].split()[0]) + 1
            self.add(a, b, "Certification", "pattern", ui, priority=2, kind="designation")

    # ------------------------------------------------------------------ 3c. organisations by suffix
    def org_mentions(self, ui: int, u: Unit) -> None:
        for m in re.finditer(r"[A-Za-z가-힣0-9]+(?:[·‧][A-Za-z가-힣0-9]+)*", self.text[u.start : u.end]):
            word = m.group()
            a = u.start + m.start()
            stripped = word
            pm = trailing_particle().search(word)
            suf = _org_suffix(word)
            if not suf and pm and pm.start() > 0:
                stripped = word[: pm.start()]
                suf = _org_suffix(stripped)
            if not suf:
                continue
            stem = stripped[: -len(suf)]
            if suf in self.lx.ambiguous_org_suffixes:
                place = suf == "공사" and (
                    stem.startswith("한국")
                    or any(r.type == "City" for k in (2, 3, 4) for r in self.gaz.lookup(stem[:k]))
                )
                if not (re.fullmatch(r"[A-Z]{2,}", stem) or place or self._on_cover(a + len(stripped))):
                    continue
            if len(stem) < 2 and not re.fullmatch(r"[A-Z]{2,}", stem):
                continue
            if is_generic(stripped) or stripped in self.lx.titles:
                continue  # "책임연구원" is a title, not a research institute
            kind = next((k for s, k in self.lx.org_kinds.items() if stripped.endswith(s)), None)
            end = a + len(stripped)
            attached = self._attached(end) if word == stripped else None
            self.add(a, attached or end, "Organization", "suffix", ui, priority=1, **({"kind": kind} if kind else {}))

    def _on_cover(self, end: int) -> bool:
        """ "경제도시위원회 회의록": a name on one of the first lines followed only by the kind of paper
        is the body whose paper it is, whatever its suffix."""
        if self.text.count("\n", 0, end) >= 10:
            return False
        le = self.text.find("\n", end)
        rest = self.text[end : len(self.text) if le < 0 else le].strip()
        return rest in structure().publisher.cover_words

    # ------------------------------------------------------------------ 3d. companies
    def company_mentions(self, ui: int, u: Unit) -> None:
        for m in _COMPANY_MARK.finditer(self.text, u.start, u.end):
            g = "a" if m.group("a") else "b"
            a, b = m.start(g), m.end(g)
            word = self.text[a:b]
            pm = trailing_particle().search(word)
            if g == "a" and pm and pm.start() >= 2 and particle_fits(word[pm.start() - 1], pm.group()):
                b = a + pm.start()
            if is_generic(self.text[a:b]):
                continue
            self.add(a, b, "Company", "marker", ui, priority=2)
        body = self.text[u.start : u.end]
        # "빅토리랩 대표": a non-person word right before the title 대표 is the firm
        for m in re.finditer(
            r"(?:^|(?<=[·•\-]\s)|(?<=[·•]))([A-Za-z가-힣][A-Za-z0-9가-힣&]{1,20})\s+대표(?![가-힣])", body
        ):
            w = m.group(1)
            if _looks_like_person(w) or is_generic(w) or w in self.lx.not_names:
                continue
            self.add(u.start + m.start(1), u.start + m.end(1), "Company", "title", ui, priority=0)
        # lists: "(업계) IBM, LG CNS" / "A, B 등 N개 기업"
        for m in re.finditer(r"\(([가-힣]{2,4})\)\s*([^()]+?)(?=\s*\([가-힣]{2,4}\)|$)", body):
            label = m.group(1)
            if label not in self.lx.firm_labels:
                continue
            for it in _list_items(m.group(2), u.start + m.start(2)):
                self._maybe_company(ui, *it)
        for m in re.finditer(
            r"((?:[A-Za-z가-힣][A-Za-z0-9가-힣&\s]{0,20}[,·‧]\s*)+[A-Za-z가-힣][A-Za-z0-9가-힣&]*)\s*등\s*"
            r"(?:\d+\s*개\s*)?(?:[가-힣]+\s)?([가-힣]+)",
            body,
        ):
            cls = m.group(2)
            if not any(cls.startswith(c) or cls.endswith(c) for c in self.lx.firm_classifiers):
                continue
            for it in _list_items(m.group(1), u.start + m.start(1)):
                self._maybe_company(ui, *it)
        for a, b in classified_firms(self.text, u.start, u.end, self.mentions):  # 드론 전문기업 X와
            self.add(a, b, "Company", "classifier", ui, priority=1)

    def _maybe_company(self, ui: int, a: int, b: int) -> None:
        word = self.text[a:b]
        if not word or is_generic(word) or self.gaz.lookup(word) or _looks_like_person(word):
            return
        if " " in word and not re.fullmatch(r"[A-Za-z0-9& ]+", word):
            return
        self.add(a, b, "Company", "list", ui, priority=0)

    # ------------------------------------------------------------------ 3e. persons
    def person_mentions(self, ui: int, u: Unit) -> None:
        body = self.text[u.start : u.end]
        before, with_org, bracket = _person_patterns()
        # name right before its title: 강호인 장관, 최정윤 팀장, 이영성 교수
        for m in before.finditer(body):
            if _is_name(m.group(1)):
                self.add(u.start + m.start(1), u.start + m.end(1), "Person", "title", ui, priority=2, title=m.group(2))
        # name, the body it works for, title: 장민주 세종시 스마트도시과장, 길병우 ... 도시정책관
        for m in with_org.finditer(body):
            org = m.group(2)
            a2, b2 = u.start + m.start(2), u.start + m.end(2)
            # (or a firm or body the text already names there: "김하늘 ㈜로드아이 대표는")
            named = any(k.start == a2 and k.end == b2 and k.type in ("Company", "Organization") for k in self.mentions)
            if _is_name(m.group(1)) and (self.gaz.lookup(org) or _org_suffix(org) or named):
                self.add(u.start + m.start(1), u.start + m.end(1), "Person", "title", ui, priority=2, title=m.group(3))
        # title then name inside brackets or after a comma: (장관 원희룡), 위원장 홍길동
        for m in bracket.finditer(body):
            if _is_name(m.group(2)):
                self.add(u.start + m.start(2), u.start + m.end(2), "Person", "title", ui, priority=2, title=m.group(1))
        for a, b, title in title_first_persons(body, _is_name):  # (장관 홍길동, 이하 …), 시 부시장 홍길동,
            self.add(u.start + a, u.start + b, "Person", "title", ui, priority=2, title=title)
        for a, b, title in roster_persons(body, _is_name):  # 출석위원(4인): 홍길동, 김철수, …
            extra = {"title": title} if title else {}
            self.add(u.start + a, u.start + b, "Person", "roster", ui, priority=2, **extra)

    # ------------------------------------------------------------------ 4. table columns
    def table_mentions(self, ui: int, u: Unit) -> None:
        if u.kind != "row":
            return
        cells = [self.text[s:e] for s, e in u.cells]
        # a key-value table ("사업명 | 스마트 그늘막 설치사업"): the value of a name key is the program
        key = re.sub(r"\s+", "", cells[0]) if cells else ""
        if len([c for c in cells if c.strip()]) == 2 and key in lexicon().program.name_columns:
            s, e = u.cells[1] if cells[1].strip() else u.cells[2]
            val = self.text[s:e]
            if val and not is_generic(val) and len(val) <= 60 and not re.fullmatch(r"[\d,.\s\-]+", val):
                self.add(s, e, "Program", "table", ui, priority=2, kind=_program_kind(val))
            return
        if u.header is None or (
            u.header
            and re.sub(r"\s+", "", u.header[0]) in lexicon().program.name_columns
            and len([h for h in u.header if h.strip()]) == 2
        ):
            return
        norm_header = [re.sub(r"\s+", "", h) for h in u.header]
        self._budget_row_program(ui, u, norm_header)
        for ci, h in enumerate(norm_header):
            if ci >= len(cells):
                break
            s, e = u.cells[ci]
            val = cells[ci]
            if not val or e <= s:
                continue
            if h in lexicon().program.name_columns:
                if (
                    is_generic(val)
                    or re.fullmatch(r"[\d,.\s\-]+", val)
                    or len(val) > 40
                    or val.endswith(tuple(lexicon().budget_table.not_programs))
                ):
                    continue
                if val.endswith(" 등"):  # "... 구축 등": the list's "and so on" is not part of the name
                    e -= 2
                self.add(s, e, "Program", "table", ui, priority=2, kind=_program_kind(val))
            elif h in lexicon().person.name_columns:
                if _is_name(val.strip()):
                    title = None
                    for cj in (ci + 1, ci - 1):
                        if 0 <= cj < len(cells) and _title_of(cells[cj]):
                            title = _title_of(cells[cj])
                            break
                    self.add(s, e, "Person", "table", ui, priority=2, **({"title": title} if title else {}))
        # name cell next to a title cell: "최정윤 팀장 / 최진주 주무관" is found by person_mentions;
        # "과 장 | 윤영중 (044-...)" / "고한석 | 이사장" here
        for ci, val in enumerate(cells):
            mm = re.match(r"^([가-힣]{2,4})(?:\s*\(.*\))?$", val.strip())
            if not mm or not _is_name(mm.group(1)):
                continue
            s = u.cells[ci][0]
            title = None
            for cj in (ci - 1, ci + 1):
                if 0 <= cj < len(cells) and _title_of(cells[cj]):
                    title = _title_of(cells[cj])
                    break
            if title:
                self.add(s, s + len(mm.group(1)), "Person", "table", ui, priority=2, title=title)

    def _budget_row_program(self, ui: int, u: Unit, norm_header: list[str]) -> None:
        """구분 | 예산액 | 국비 | 시비: a budget table names one program per row in its first column."""
        if not norm_header or norm_header[0] not in lexicon().budget_table.first_columns or not u.cells:
            return
        if not any(h in lexicon().budget_table.money_columns for h in norm_header[1:]):
            return
        if any(h in lexicon().program.name_columns for h in norm_header[1:]):
            return  # 구분 | 사업명 | 예산액: the first column groups the programs named next to it
        s, e = u.cells[0]
        val = self.text[s:e].strip()
        s = s + (len(self.text[s:e]) - len(self.text[s:e].lstrip()))
        e = s + len(val)
        if (
            not re.search(r"[가-힣]{2,}", val)
            or len(val) > 40
            or re.sub(r"\s+", "", val) in lexicon().budget_table.not_programs
            or is_generic(val)
            or self.gaz.lookup(val)
        ):
            return
        self.add(s, e, "Program", "table", ui, priority=2, kind=_program_kind(val))

    # ------------------------------------------------------------------ 5. numbered lists of programs
    def listed_programs(self, ui: int, u: Unit, toks, active: bool) -> bool:
        """Items numbered under a heading about the work programme ("2019년 주요업무 계획") are the
        programs' names, whole: 1. 스마트시티 정책 연구, 2. 디지털 혁신 학교 운영. Returns the new state."""
        if u.kind != "item" or not re.match(r"\d{1,2}[.)]|[①-⑳]", u.marker or ""):
            return bool(_program_list_cue().search(u.text)) and u.kind in ("heading", "sentence") and len(u.text) < 40
        if not active:
            return False
        if len(u.text) > 40 or any(t.tag_.startswith(("J", "E", "V")) for t in toks):
            return True
        name = u.text.strip()
        if not is_generic(name) and len(_compact(name)) >= 4:
            self.add(u.start, u.end, "Program", "list", ui, priority=2, kind=_program_kind(name))
        return True

    # ------------------------------------------------------------------ 6. inline bullet lists
    def bullet_items(self, ui: int, u: Unit) -> None:
        """ "주요 서비스는 ▲A ▲B ▲C 등 4개다": two or more items opened by a bullet mark, each a noun
        phrase (no particle or verb ending inside, no leading number), name programs; a trailing
        installing noun (lexicon.toml bullet_item_actions) is not part of the name."""
        pl = self.lx.program
        marks = tuple(pl.bullet_marks)
        text = self.text
        starts = [i for i in range(u.start, u.end) if text[i] in marks]
        if len(starts) < 2:
            return
        items: list[tuple[int, int, str]] = []
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else u.end
            a = i + 1
            while a < end and text[a].isspace():
                a += 1
            item = text[a:end]
            cut = re.search(r"\s등(?=[이을은도의]|\s*\d|\s*$)|\s및\s|[)）,.:]|\s+$", item)
            b = a + (cut.start() if cut else len(item))
            words = text[a:b].split()
            if words and words[-1] in pl.bullet_item_actions and len(words) > 1:
                words = words[:-1]
            name = " ".join(words)
            b = a + len(text[a:b]) - len(text[a:b].lstrip()) + len(name) if name else a
            if (
                not name
                or re.match(r"\d", name)
                or len(words) > 6
                or len(_compact(name)) < 4
                or is_generic(name)
                or self.gaz.lookup(name)
                or " 등 " in name
                or re.search(r"[가-힣][와과]\s", name)  # "A와 B 수준": a description, not a name
                or self._has_clause(a, b)
            ):
                continue
            items.append((a, b, name))
        activities = sum(1 for _, _, name in items if name.split()[-1] in pl.bullet_activity_nouns)
        if activities * 2 > len(items):
            return  # a list of activities
        for a, b, name in items:
            self.add(a, b, "Program", "bullet", ui, priority=1, kind=_program_kind(name))

    def field_item(self, ui: int, u: Unit) -> bool:
        """ "NAME(A구 B동) – 참여기업: ㈜X, Y": the item's NAME is a program, and the members of a field
        whose label ends in a firm noun (lexicon.toml firm_classifiers) are firms."""
        f = self.adoc.item_fields.get(ui)
        if f is None:
            return False
        a, b = f.name
        name = self.text[a:b]
        if (
            not is_generic(name)
            and not self.gaz.lookup(name)
            and (len(name.split()) >= 2 or _longest_suffix(_compact(name), "heads", 2))
            and not self._has_clause(a, b)
        ):
            self.add(a, b, "Program", "field_item", ui, priority=1, kind=_program_kind(name))
        if _compact(f.label).endswith(tuple(self.lx.firm_classifiers)):
            va, vb = f.value
            markers = "|".join(re.escape(m) for m in self.lx.company.markers)
            for x, y in _list_items(self.text[va:vb], va):
                word = re.sub(rf"^(?:{markers})\s*|\s*(?:{markers})$", "", self.text[x:y])
                x += self.text[x:y].find(word)
                self._maybe_company(ui, x, x + len(word))
        return True

    def item_name(self, ui: int, u: Unit) -> None:
        """ "- NAME: ㈜X(A시 실증)": an item naming a thing before a colon and a body after it names a
        program (structure.toml [labelled_items])."""
        if self.field_item(ui, u):
            return
        label = item_label(self.text, u)
        if label is None or re.search(r"[()\[\]]", self.text[label[0] : label[1]]):
            return
        name = self.text[label[0] : label[1]]
        if _compact(name) in lexicon().program.name_columns:
            # "○ 사 업 명: P": a form's name field, as a key-value table's, holds the program's name
            a, b = label[2], u.end
            val = self.text[a:b].rstrip(" .")
            val = re.sub(r"\s*\([^()]*\)$", "", val)
            # (a name in Latin letters only is mostly the translation of one the text gives in Korean)
            if 4 <= len(val) <= 60 and not is_generic(val) and re.search(r"[가-힣]", val):
                self.add(a, a + len(val), "Program", "field", ui, priority=2, kind=_program_kind(val))
            return
        words = name.split()
        cfg = structure().labelled_items
        if not (len(words) >= cfg.min_words or _longest_suffix(_compact(words[-1]), "heads", 2)):
            return
        if any(_compact(w) in _item_labels() for w in words) or _compact(name) in _item_labels():
            return
        if _longest_suffix(_compact(words[-1]), "certs", 2):
            return  # "NAME 인증: …" names a certification
        after = label[2]
        makers = any(k.type in BODIES and after <= k.start <= after + 4 for k in self.mentions)
        if not (makers and bodies_only(self.text, after, u.end, self.mentions)):
            # "- NAME: what it does": a description (a few words, not a date or one name) after the
            # colon; the name, one thing (no 및), must end in a program head
            described = self.text[after : u.end].split()
            if len(words) < 2 or "및" in words or not _longest_suffix(_compact(words[-1]), "heads", 2):
                return
            if len(described) < 3 or re.match(r"[’'‘]?\d", described[0]):
                return
        self.add(label[0], label[1], "Program", "labelled_item", ui, priority=1, kind=_program_kind(name))

    # ------------------------------------------------------------------ run
    def national_program_mentions(self) -> None:
        """The national programs of the reference data (national_programs.toml) wherever the text
        writes them ("스마트도시 솔루션 확산사업", "스마트시티 통합플랫폼 기반구축사업"), as a fallback
        (lowest priority: a longer name found another way keeps its words)."""
        for m in _national_pattern().finditer(self.text):
            a, b = m.start(), m.end()
            if self.text[b : b + 1] and re.match(r"[가-힣A-Za-z]", self.text[b]) and not self._particle_at_char(b):
                continue
            if re.match(r"인\s|(?:으로|로)\s+(?:\S+\s+)?(?:지정|선정)", self.text[b : b + 16]):
                continue  # "국가시범도시인 ‘Y’", "국가시범도시로 지정된": the kind of Y, a designation
            prev = re.search(r"([가-힣A-Za-z0-9]+) $", self.text[max(0, a - 20) : a])
            if prev and not (
                self.gaz.lookup(prev.group(1))
                or is_generic(prev.group(1))
                or prev.group(1) in self.lx.leading
                or re.fullmatch(r"[\d]+년(?:도)?|[A-Za-z0-9]+", prev.group(1))
                or trailing_particle().search(prev.group(1)) is not None
            ):
                continue  # "광역거점 스마트시티 조성사업": the tail of a longer name, which is another program
            self.add(a, b, "Program", "national", self._unit_at(a), priority=1, kind=_program_kind(self.text[a:b]))

    def kind_programs(self) -> None:
        """ "거점형·강소형 조성사업": kinds of a program (lexicon.toml kind_suffixes) coordinated before
        one head; each kind with the head is one program, its mention the kind's own words."""
        for m in _kind_pattern().finditer(self.text):
            head = m.group("head")
            kinds = list(re.finditer(r"[가-힣]+", m.group("kinds")))
            if len(kinds) == 1:
                continue  # one kind before the head: an ordinary name, found by the other patterns
            for k in kinds:
                a = m.start("kinds") + k.start()
                b = m.end() if k is kinds[-1] else m.start("kinds") + k.end()
                name = f"{k.group()} {head}"
                self.add(a, b, "Program", "kind", self._unit_at(a), name=name, priority=3, kind=_program_kind(name))

    def _particle_at_char(self, pos: int) -> bool:
        """Is the Hangul glued at `pos` a particle ("… 확산사업에", "… 챌린지를")?"""
        w = re.match(r"[가-힣]*", self.text[pos:]).group()
        return bool(w) and trailing_particle().match(w) is not None

    def run(self) -> list[Mention]:
        self.gazetteer_mentions()
        self.national_program_mentions()
        self.kind_programs()
        listing = False
        for ui, u in enumerate(self.units):
            toks = self.unit_tokens(u)
            listing = self.listed_programs(ui, u, toks, listing)
            self.quoted_mentions(ui, u)
            self.head_mentions(ui, u, toks)
            self.designation_mentions(ui, u, toks)
            self.org_mentions(ui, u)
            self.company_mentions(ui, u)
            self.person_mentions(ui, u)
            self.table_mentions(ui, u)
            self.item_name(ui, u)
            self.bullet_items(ui, u)
        kept = select(self.mentions)
        kept = select(kept + self.repeat_mentions(kept))
        kept = select(kept + self.alias_mentions(kept))
        from citykg.extract.context_types import type_by_context

        extra = type_by_context(self.text, self.units, self.adoc.morphs, kept)
        if not extra:
            return kept
        kept = select(kept + extra)
        return select(kept + self.repeat_mentions(kept))

    def alias_mentions(self, kept: list[Mention]) -> list[Mention]:
        """ "㈜다온아이앤씨(대표 정재훈, 이하 다온I&C)": the short name after 이하 is the same body
        wherever it occurs."""
        out: list[Mention] = []
        taken = {(m.start, m.end) for m in kept}
        for m in kept:
            if m.type in ("Person", "City"):
                continue
            am = _ALIAS.match(self.text, m.end, min(len(self.text), m.end + 60))
            if not am:
                continue
            alias = am.group("alias").strip()
            if len(alias) < 2 or alias == m.text:
                continue
            for hit in re.finditer(re.escape(alias), self.text):
                a, b = hit.span()
                if (a, b) in taken or re.match(r"[가-힣A-Za-z0-9]", self.text[a - 1 : a] or " "):
                    continue
                if re.match(r"[A-Za-z0-9]", self.text[b : b + 1] or " "):
                    continue
                out.append(Mention(a, b, m.type, alias, m.name, "alias", self._unit_at(a), m.cands, dict(m.props), 1))
        return out

    def repeat_mentions(self, kept: list[Mention]) -> list[Mention]:
        """Names found once by a pattern are mentions wherever else they occur (in allowed units)."""
        allowed = self._allowed_chars()
        out = []
        seen = {(m.start, m.end) for m in kept}
        names = {}
        for m in kept:
            if m.source in ("gazetteer", "qualifier") or len(m.text) < 3:
                continue
            names.setdefault(m.text, m)
        for surface, m in names.items():
            i = self.text.find(surface)
            while i >= 0:
                j = i + len(surface)
                if (
                    (i, j) not in seen
                    and allowed(i)
                    and not re.match(r"[가-힣A-Za-z0-9]", self.text[i - 1 : i] or " ")
                    and (m.type == "Program" or not re.match(r"[A-Za-z0-9]", self.text[j : j + 1] or " "))
                ):
                    out.append(
                        Mention(i, j, m.type, surface, m.name, "repeat", self._unit_at(i), m.cands, dict(m.props), 0)
                    )
                i = self.text.find(surface, j)
        return out


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    """The names of national_programs.toml as written: 스마트시티 and 스마트도시 alike, spaces optional,
    with a word ending in 사업 glued or next to them (조성사업, 기반구축사업)."""
    from citykg.extract.resources import national_programs

    def word(w: str) -> str:
        return "스마트(?:시티|도시)" if w in ("스마트시티", "스마트도시") else re.escape(w)

    names = sorted({n for p in national_programs().program for n in p.names}, key=len, reverse=True)
    alt = "|".join(r"\s?".join(word(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![가-힣A-Za-z0-9])(?:{alt})(?:\s?[가-힣]{{0,6}}사업)?")


def bodies_only(text: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """Does text[start:end] only list bodies ("㈜X(A시 실증)", "A시·B 협의체")? What is left without
    their names, brackets, separators, legal forms and group words is at most a few letters."""
    from citykg.extract.resources import frames, grammar

    rest = list(text[start:end])
    for k in mentions:
        if start <= k.start and k.end <= end:
            if k.type not in BODIES:
                return False
            rest[k.start - start : k.end - start] = [" "] * (k.end - k.start)
    left = re.sub(r"\([^()]*\)|㈜|\(주\)|주식회사", " ", "".join(rest))
    for w in (*frames().role_nouns.groups, *grammar().coordination.separators):
        left = left.replace(w, " ")
    return len(re.sub(r"[\s,.;·ㆍ/&]", "", left)) <= 4


@lru_cache(maxsize=1)
def _item_labels() -> frozenset[str]:
    """Words that make "WORD: …" a label line (structure.toml [labelled_items] and [table] headers)."""
    st = structure()
    t = st.table
    words = [*st.labelled_items.labels, *t.lead, *t.participant, *t.place, *t.money, *t.year, *t.kind]
    return frozenset(_compact(w) for w in words)


@lru_cache(maxsize=1)
def _kind_pattern() -> re.Pattern[str]:
    """Kinds of a program (words ending in lexicon.toml kind_suffixes) joined by ·, before one head."""
    suffix = "|".join(re.escape(w) for w in lexicon().program.kind_suffixes)
    kind = rf"[가-힣]{{1,5}}(?:{suffix})"
    return re.compile(
        rf"(?<![가-힣A-Za-z0-9])(?P<kinds>{kind}(?:\s?[·ㆍ]\s?{kind})+)\s?(?P<head>(?:스마트(?:시티|도시)\s?)?[가-힣]{{0,4}}사업)"
    )


@lru_cache(maxsize=1)
def _trailing_alt() -> str:
    """The words that may follow a program's name before its particle ("P 대상지로 A시를 선정")."""
    return "|".join(re.escape(w) for w in sorted(lexicon().trailing, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lead_cues() -> tuple[str, ...]:
    """Predicate nouns a program's name is the object of ("P를 추진", "P를 통해"): the nouns of the
    frames (extract/data/frames.toml) and a few words of purpose (lexicon.toml [program] object_words)."""
    from citykg.extract.resources import frames

    nouns = {n.replace(" ", "") for fr in frames().frame for n in fr.nominal}
    return tuple(sorted(nouns | set(lexicon().program.object_words)))


@lru_cache(maxsize=1)
def _certified_as_pattern() -> re.Pattern[str]:
    verbs = "|".join(sorted((re.escape(w) for w in lexicon().quoted.certified_as), key=len, reverse=True))
    return re.compile(rf"^(?:으로|로)\s+(?:[가-힣]+\s+){{0,2}}(?:{verbs})")


def _certified_as(after: str) -> bool:
    return bool(_certified_as_pattern().match(after))


@lru_cache(maxsize=1)
def _document_heads() -> re.Pattern[str]:
    heads = "|".join(sorted((re.escape(w) for w in lexicon().quoted.document_heads), key=len, reverse=True))
    return re.compile(rf"(?:{heads})(?:\s*\([A-Za-z]+\))?$")


def _names_document(inner: str) -> bool:
    """‘X를 위한 업무협약(MOU)’, ‘X 개선방안 연구’: a named agreement, study or guideline, which
    may hold a clause and still be one name (the ontology files such named instruments as programs)."""
    return bool(_document_heads().search(inner)) and len(_compact(inner)) >= 6


@lru_cache(maxsize=1)
def _quoted_before() -> re.Pattern[str]:
    """X가 주관하는 ‘P’: a relative clause of a running verb right before the opening quote."""
    verbs = "|".join(re.escape(w) for w in lexicon().quoted.relative_verbs)
    return re.compile(rf"(?:{verbs})(?:하는|한|할)\s*$")


@lru_cache(maxsize=1)
def _cert_level_words() -> re.Pattern[str]:
    """Names that are only a grade or category and a prize: "골드 인증", "안전 부문 최우수상"."""
    grades = "|".join(re.escape(w) for w in lexicon().program.certification_grades)
    levels = "|".join(re.escape(w) for w in sorted(lexicon().cert_levels, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{grades}|\d+\s*단계|[가-힣]+\s*부문|\d+\s*등급)\s*)+(?:인증|{levels}|상)$")


@lru_cache(maxsize=1)
def _role_noun() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(re.escape(w) for w in lexicon().organization.role_nouns) + ")$")


@lru_cache(maxsize=1)
def _program_list_cue() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w).replace("\\ ", r"\s*") for w in lexicon().program.list_cues))


@lru_cache(maxsize=1)
def _head_sets() -> tuple[frozenset[str], frozenset[str]]:
    lx = lexicon()
    return frozenset(lx.heads), frozenset(lx.cert_heads)


def _site_noun(name: str) -> bool:
    """A site word (대상지, 시범도시 ...) of extract/data/frames.toml [site]: what a place is chosen as."""
    from citykg.extract.resources import frames

    key = re.sub(r"\s+", "", name)
    return any(key.endswith(s.replace(" ", "")) for s in frames().site.nouns)


def _is_bare_list(body: str) -> bool:
    """A unit that is only a list of short names: "A, B, C" (a footnote under a sentence)."""
    body = re.sub(r"<[^>]+>|\\\*|^[*※\s]+", "", body).strip()
    parts = [p.strip() for p in re.split(r"[,，、]", body)]
    return len(parts) >= 3 and all(0 < len(p) <= 25 and p.count(" ") <= 3 for p in parts)


@lru_cache(maxsize=1)
def _group_nouns() -> tuple[str, ...]:
    from citykg.extract.resources import frames

    return tuple(frames().role_nouns.groups)


def _program_kind(name: str) -> str:
    """plan, law, event, service ... from the name's last word (lexicon.toml [program] kind_by_suffix)."""
    n = _compact(name)
    for suffix, kind in lexicon().program.kind_by_suffix:
        if n.endswith(suffix) or n.endswith(suffix + "(안)"):
            return kind
    return "project"


def _is_name(s: str) -> bool:
    lx = lexicon()
    if not re.fullmatch(r"[가-힣]{2,4}", s) or s in lx.not_names:
        return False
    if s[:2] in lx.surnames and len(s) >= 3:
        return True
    if s[0] not in lx.surnames:
        return False
    if len(s) == 4 and s[:2] not in lx.surnames:
        return False
    # a word that is a known title/generic/org ending is not a name
    if any(s.endswith(t) for t in lx.titles) or is_generic(s) or _org_suffix(s):
        return False
    if gazetteer().lookup(s):
        return False
    return True


def _looks_like_person(s: str) -> bool:
    return bool(re.fullmatch(r"[가-힣]{3}", s)) and s[0] in lexicon().surnames and not _org_suffix(s)


def _title_of(cell: str) -> str | None:
    c = re.sub(r"\s+", "", cell)
    lx = lexicon()
    if c in lx.titles:
        return c
    for t in lx.titles:
        if c.endswith(t) and len(c) <= len(t) + 8 and re.fullmatch(r"[가-힣]+", c):
            return c
    return None


def _list_items(segment: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the members of "A, B, C" / "A·B" inside `segment` (offset = its position in the text)."""
    out = []
    for m in re.finditer(r"[^,·‧、]+", segment):
        item = m.group()
        lead = len(item) - len(item.lstrip())
        core = item.strip()
        if not core:
            continue
        out.append((offset + m.start() + lead, offset + m.start() + lead + len(core)))
    return out


PRIORITY_TYPE = {
    "Person": 3,
    "Ministry": 3,
    "City": 3,
    "Company": 2,
    "Organization": 2,
    "Certification": 2,
    "Program": 1,
}


def select(mentions: list[Mention]) -> list[Mention]:
    """Resolve overlaps: identical spans keep the most trusted; crossing spans keep the more trusted
    (then longer); a span nested in a Program/Certification survives next to it."""
    ms = sorted(mentions, key=lambda m: (-m.priority, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    starts: list[int] = []  # kept mentions sorted by start, for local overlap checks
    longest = max((m.end - m.start for m in ms), default=0)
    for m in ms:
        lo = bisect.bisect_left(starts, m.start - longest)
        hi = bisect.bisect_left(starts, m.end)
        ok = True
        for k in kept[lo:hi]:
            if m.end <= k.start or k.end <= m.start:
                continue
            if (m.start, m.end) == (k.start, k.end):
                ok = False
                break
            if k.start <= m.start and m.end <= k.end:
                inner, outer = m, k
            elif m.start <= k.start and k.end <= m.end:
                inner, outer = k, m
            else:
                ok = False
                break
            if outer.type in ("Program", "Certification") and inner.type not in ("Program", "Certification"):
                continue
            ok = False
            break
        if ok:
            i = bisect.bisect_left(starts, m.start)
            starts.insert(i, m.start)
            kept.insert(i, m)
    return kept
