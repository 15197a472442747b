"""Names the reference data does not know, typed by where they stand.

- a name in a coordination with typed names takes their type: in "현대건설, 현대도시개발, 현대자동차
  등" or a table cell "LG CNS, CNCITY에너지, 연무기술", the unknown members are firms like the
  known ones (an organisation suffix makes a member an Organization);
- a firm-shaped name is a firm: one word that Kiwi leaves whole, ending with a firm suffix
  (…소프트, …시스템즈, …모빌리티, …컴퍼니, …엔지니어링, …이엔씨; extract/data/lexicon.toml), or a
  Latin-letter name written with an organisation's particle.
Both give mentions of lower priority than reference data and markers (㈜), so a conflicting reading
by those wins, and entities made from them get `typed_by` so a researcher can tell them apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from citykg.extract.document import Morph
from citykg.extract.entities import Mention, is_generic
from citykg.extract.resources import gazetteer, grammar, lexicon
from citykg.extract.segment import Unit
from citykg.extract.table_columns import column_roles


@lru_cache(maxsize=1)
def _sep() -> re.Pattern[str]:
    """What separates the members of a list: grammar.toml's separators (punctuation and words)."""
    seps = grammar().coordination.separators
    marks = "".join(re.escape(x) for x in seps if len(x) == 1 and not x.isalnum() and x not in "-–▲△")
    words = "|".join(re.escape(x) for x in seps if re.fullmatch(r"[가-힣]+", x))
    return re.compile(rf"\s*[{marks}]\s*|\s+(?:{words})\s+")


@lru_cache(maxsize=1)
def _legal() -> re.Pattern[str]:
    """A legal form written before or after a name: lexicon.toml's company markers, "(사)", "(재)"."""
    before = [re.escape(x) + r"\s?" for x in lexicon().company.markers] + [
        r"\(사\)",
        r"\(재\)",
        r"사단법인\s?",
        r"재단법인\s?",
    ]
    after = [re.escape(x) for x in lexicon().company.markers if x in ("㈜", "(주)")]
    return re.compile(rf"^(?:{'|'.join(before)})|(?:{'|'.join(after)})$")


@lru_cache(maxsize=1)
def _classified() -> re.Pattern[str]:
    """ "등 N개 기업", "등 지역 중소기업": a classifier after 등 (lexicon.toml firm and body classifiers)."""
    nouns = {*lexicon().company.firm_classifiers, *lexicon().company.body_classifiers}
    alt = "|".join(sorted((re.escape(x) for x in nouns), key=len, reverse=True))
    return re.compile(rf"\s*등\s*(?:\d+\s*개\s*)?(?:[가-힣·]+\s){{0,2}}[가-힣·]*(?:{alt})")


@lru_cache(maxsize=1)
def _group_after() -> re.Pattern[str]:
    """A group word right after a list (frames.toml role_nouns.groups): "A시·X 협의체"."""
    from citykg.extract.resources import frames

    alt = "|".join(sorted((re.escape(g) for g in frames().role_nouns.groups), key=len, reverse=True))
    return re.compile(rf"\s*(?:{alt})(?![가-힣])")


@lru_cache(maxsize=1)
def _kind_nouns() -> tuple[str, ...]:
    """Nouns that end a common noun phrase, not a name: body and firm classifiers and program heads
    (lexicon.toml), the nouns of taking part and working together (frames.toml: 협약, 참여 ...)."""
    from citykg.extract.resources import frame_nouns

    lx = lexicon().company
    nouns = {*lx.firm_classifiers, *lx.body_classifiers, *frame_nouns("partner", "participate")}
    nouns |= {h for h in lexicon().heads if len(h) >= 2}  # 플랫폼, 서비스: what a program's name ends in
    return tuple(sorted(nouns, key=len, reverse=True))


# the last member of a list and the particle it carries for the whole list: "B와", "C가", "D를"
_LAST_MEMBER = re.compile(r"\s*([A-Za-z가-힣][A-Za-z0-9가-힣&]{1,19}?)(?:와|과|이|가|를|을)\s")

_TRAIL = re.compile(
    r"\s*(?:\([^()]{0,30}\))?\s*(?:등.*|(?:이|가|은|는|을|를|와|과|의|도|에|에서|로|으로)(?![가-힣]).*)?$"
)
_NAME = re.compile(r"^[A-Za-z가-힣][A-Za-z0-9가-힣&.\-]{1,19}(?: [A-Za-z][A-Za-z0-9&.\-]{1,15})?$")
BODY = ("Company", "Organization")


@lru_cache(maxsize=1)
def _firm_suffixes() -> tuple[str, ...]:
    return tuple(sorted(lexicon().firm_suffixes, key=len, reverse=True))


def type_by_context(text: str, units: list[Unit], morphs: list[Morph], mentions: list[Mention]) -> list[Mention]:
    """New mentions for untyped list members and firm-shaped names (see the module doc)."""
    taken = sorted((m.start, m.end) for m in mentions)
    out: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken) and not any(m.start < b and a < m.end for m in out)

    _firm_shaped(text, units, morphs, free, out)
    _mixed_script_firms(text, units, free, out)
    _after_country(text, units, morphs, free, out)
    _role_named(text, units, free, out)
    known = [*mentions, *out]
    for ui, u in enumerate(units):
        if u.kind == "row" and u.cells and u.header:
            roles = column_roles(tuple(u.header))
            for k, (cs, ce) in enumerate(u.cells):
                body_column = k < len(roles) and roles[k] in ("participant", "lead")
                _coordinated(text, cs, ce, ui, known, free, out, body_column)
        else:
            for cs, ce in u.cells if u.kind == "row" and u.cells else [(u.start, u.end)]:
                _coordinated(text, cs, ce, ui, known, free, out, False)
    return out


_MEMBER = 25  # characters of a list member (the first one may follow other words)


def _coordinated(
    text: str, start: int, end: int, ui: int, mentions: list[Mention], free, out: list[Mention], body_column: bool
) -> None:
    seg_spans = []
    pos = start
    for m in _sep().finditer(text, start, end):
        seg_spans.append((pos, m.start()))
        pos = m.end()
    seg_spans.append((pos, end))
    if len(seg_spans) < 2 and not body_column:
        return
    typed: list[tuple[int, int, str]] = []
    for a, b in seg_spans:
        inside = [m for m in mentions if a <= m.start and m.end <= b and m.type in (*BODY, "City", "Ministry")]
        typed.append((a, b, inside[-1].type if inside else ""))
    # runs of short members; the run's first member may follow other words, its last may be
    # followed by "등 …" and the rest of the sentence ("B건설 등 지역 중소기업이")
    run: list[tuple[int, int, str]] = []
    classified = False
    for _k, item in enumerate([*typed, (0, 0, "|")]):
        a, b, t = item
        if t != "|" and (b - a <= _MEMBER or not run):
            run.append(item)
            continue
        if t != "|":
            m = re.match(r"\s*(\S{2,20})(?=" + _classified().pattern + ")", text[a:b])
            if m:
                run.append((a, a + m.end(1), t if t and a + m.end(1) >= b else ""))
                classified = True
            elif run and not t:
                # "㈜A, B와 컨소시엄을 …": the last member carries the list's particle, the sentence goes on
                m = _LAST_MEMBER.match(text, a, b)
                if m:
                    run.append((a, m.end(1), ""))
        _type_run(text, run, ui, free, out, classified or body_column)
        classified = False
        run = [item] if t != "|" else []


def _type_run(text: str, run: list[tuple[int, int, str]], ui: int, free, out: list[Mention], classified: bool) -> None:
    known = Counter(t for _, _, t in run if t)
    bodies = known["Company"] + known["Organization"]
    tail = text[run[-1][1] : run[-1][1] + 25]
    # "A시·X 협의체", "A시·X 컨소시엄": a group word closes the list; a city's fellow members are bodies
    last_text = text[run[-1][0] : run[-1][1]]
    grouped = known["City"] > 0 and len(run) >= 2 and (
        _group_after().match(tail) is not None or _group_after().search(last_text) is not None
    )
    if not grouped and (bodies == 0 or known["City"] + known["Ministry"] > bodies or (len(run) < 2 and not classified)):
        return
    classified = classified or grouped
    untyped = len(run) - sum(known.values())
    # a list of names: the known ones are not outnumbered by the rest, or a classifier closes it
    last = text[run[-1][0] : run[-1][1]]
    classified = classified or _classified().match(tail) is not None or _classified().search(last) is not None
    if untyped > bodies + 1 and not classified:
        return
    for k, (a, b, t) in enumerate(run):
        if t:
            continue
        seg = text[a:b]
        if grouped and k == len(run) - 1 and (word := _group_after().search(seg)):
            seg = seg[: word.start()]
        core_start = a
        if k == 0:  # the first member may follow other words: "여기에 현대건설"; take the last word
            words = list(re.finditer(r"\S+", seg))
            if not words:
                continue
            core_start = a + words[-1].start()
            seg = words[-1].group()
        # a member before a separator carries no particle ("바다랩스, 솔빛, …"): only the run's last
        # member is cut at one
        m = _TRAIL.search(seg) if k == len(run) - 1 or "등" in seg or "(" in seg else None
        core = seg[: m.start()] if m else seg
        lead = _legal().match(core)
        if lead:
            core_start += lead.end()
            core = core[lead.end() :]
        core = _legal().sub("", core).strip()
        # "교통 데이터 스타트업 Citylab Inc": a classifier phrase before the name
        words = core.split(" ")
        if len(words) > 1 and not re.fullmatch(r"[A-Za-z0-9&.\- ]+", core):
            core_start += core.rfind(words[-1])
            core = words[-1]
        elif len(words) > 2:
            core_start += len(" ".join(words[:-2])) + 1
            core = " ".join(words[-2:])
        core_start = text.find(core, core_start) if core else -1
        if core_start < 0 or not _NAME.match(core) or is_generic(core) or gazetteer().lookup(core):
            continue
        if re.fullmatch(r"[\d\-.]+|[가-힣]{1}", core) or core in lexicon().not_names:
            continue
        if core.endswith(_kind_nouns()):
            continue  # "지역기업", "수탁협약": a kind of body or a predicate noun, no name
        # a list closed by a classifier ("… 등 12개사") vouches for its members: Kiwi's reading of an
        # unknown firm's name as common nouns (헬스+커넥트) is no reason to drop it then
        if _common_noun(core) and not (classified and _NAME.match(core) and len(core) >= 2 and not is_generic(core)):
            continue
        if _org_like(core):
            type_ = "Organization"
        elif known["Company"] or any(core.endswith(x) for x in _firm_suffixes()) or known["Organization"] < 2:
            type_ = "Company"
        else:
            type_ = "Organization"
        if free(core_start, core_start + len(core)):
            out.append(_mention(text, core_start, core_start + len(core), type_, "coordination", ui))


def _common_noun(word: str) -> bool:
    """A word Kiwi reads as common nouns of three syllables or fewer (시공, 영상, 용역비), a verb form,
    or a title, rather than a name."""
    from citykg.extract.nlp import get_kiwi

    if any(word.endswith(t) for t in lexicon().titles):
        return True
    toks = get_kiwi().tokenize(word)
    if any(not str(t.tag).startswith(("NN", "SL", "SN", "SH", "XSN", "XPN", "W_")) for t in toks):
        return True
    return all(str(t.tag).startswith(("NNG", "XSN")) for t in toks) and len(word) <= 3


@lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern[str]:
    from citykg.extract.resources import frames

    rn = frames().role_nouns
    nouns = "|".join(sorted((re.escape(n) for n in (*rn.lead, *rn.participant) if len(n) >= 3), key=len, reverse=True))
    return re.compile(
        rf"(?<![가-힣A-Za-z0-9])(?P<name>[A-Za-z가-힣][A-Za-z0-9가-힣&]{{1,15}}?)(?:㈜|\(주\))?"
        rf"(?:을|를|이|가|은|는)?\s*(?P<role>{nouns})(?:로|으로|를|을|이|가|인|에)(?![가-힣])"
    )


def _role_named(text: str, units: list[Unit], free, out: list[Mention]) -> None:
    """ "한빛정보를 대표사로", "X가 주관사를 맡은": a name written with a body's part in a consortium or
    program is a body (a firm for consortium parts, an organization for lead bodies)."""
    from citykg.extract.resources import frames

    lead = set(frames().role_nouns.lead)
    for ui, u in enumerate(units):
        for m in _role_pattern().finditer(text, u.start, u.end):
            a, b = m.span("name")
            name = m.group("name")
            if is_generic(name) or _common_noun(name) or gazetteer().lookup(name) or not free(a, b):
                continue
            type_ = "Organization" if m.group("role") in lead or _org_like(name) else "Company"
            out.append(_mention(text, a, b, type_, "role", ui))


def _org_like(word: str) -> bool:
    return any(word.endswith(s) for s in lexicon().org_suffixes if len(s) >= 2)


def _firm_shaped(text: str, units: list[Unit], morphs: list[Morph], free, out: list[Mention]) -> None:
    suffixes = _firm_suffixes()
    starts = [u.start for u in units]
    import bisect

    for k, mo in enumerate(morphs):
        if not mo.tag.startswith("NNP") or len(mo.form) < 4:
            continue
        word = text[mo.start : mo.end]
        suf = next((s for s in suffixes if word.endswith(s) and len(word) - len(s) >= 2), None)
        if suf is None or is_generic(word) or gazetteer().lookup(word):
            continue
        # one word of its own: a boundary before, a particle, separator or end after
        before = text[mo.start - 1 : mo.start]
        if before and re.match(r"[가-힣A-Za-z0-9]", before):
            continue
        nxt = morphs[k + 1] if k + 1 < len(morphs) else None
        if nxt is not None and nxt.start == mo.end and not nxt.tag.startswith(("J", "SP", "SS", "SF", "SW", "NNB")):
            continue
        if not free(mo.start, mo.end):
            continue
        ui = bisect.bisect_right(starts, mo.start) - 1
        out.append(_mention(text, mo.start, mo.end, "Company", "shape", max(ui, 0)))


def _mixed_script_firms(text: str, units: list[Unit], free, out: list[Mention]) -> None:
    """ "XYZ랩", "동해ICT": Latin letters and Hangul in one word, the Hangul a firm's ending
    (lexicon.toml firm_suffixes) or the Latin one (firm_latin_suffixes)."""
    import bisect

    lx = lexicon()
    hangul_end = "|".join(sorted((re.escape(x) for x in lx.firm_suffixes), key=len, reverse=True))
    latin_end = "|".join(sorted((re.escape(x) for x in lx.company.firm_latin_suffixes), key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![가-힣A-Za-z0-9])(?:[A-Z][A-Za-z0-9]{{1,9}}(?:{hangul_end})|[가-힣]{{2,6}}(?:{latin_end}))"
        rf"(?=[^가-힣A-Za-z0-9]|[이가은는을를과와의도에](?![가-힣])|$)"
    )
    starts = [u.start for u in units]
    for m in pattern.finditer(text):
        word = m.group()
        if gazetteer().lookup(word) or is_generic(word) or not free(m.start(), m.end()):
            continue
        ui = bisect.bisect_right(starts, m.start()) - 1
        out.append(_mention(text, m.start(), m.end(), "Company", "shape", max(ui, 0)))


def _after_country(text: str, units: list[Unit], morphs: list[Morph], free, out: list[Mention]) -> None:
    """ "베트남 다낭", "필리핀 세부": a proper noun right after a country name is a city of that country.
    The name runs over the nouns Kiwi splits it into, up to a particle, separator or space."""
    import bisect

    countries = lexicon().countries
    starts = [u.start for u in units]
    for k, mo in enumerate(morphs[:-1]):
        if mo.tag != "NNP" or text[mo.start : mo.end] not in countries or text[mo.end : mo.end + 1] != " ":
            continue
        first = morphs[k + 1]
        if first.start != mo.end + 1 or first.tag != "NNP":
            continue
        j, end = k + 1, first.end
        while j + 1 < len(morphs) and morphs[j + 1].start == end and morphs[j + 1].tag.startswith(("NNP", "NNG")):
            j += 1
            end = morphs[j].end
        word = text[first.start : end]
        if len(word) < 2 or word in countries or is_generic(word) or gazetteer().lookup(word):
            continue
        if _org_like(word) or word.endswith(lexicon().body_endings):
            continue
        if not free(first.start, end):
            continue
        ui = bisect.bisect_right(starts, first.start) - 1
        m = _mention(text, first.start, end, "City", "country", max(ui, 0))
        base = next((word[: -len(x)] for x in lexicon().place.city_endings.split() if word.endswith(x)), word)
        out.append(replace(m, name=base) if len(base) >= 2 else m)  # 베로나시, 시엠립주: the city 베로나, 시엠립


def _mention(text: str, a: int, b: int, type_: str, source: str, ui: int) -> Mention:
    return Mention(a, b, type_, text[a:b], text[a:b], source, ui, (), {"typed_by": source}, 0)
