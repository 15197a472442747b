"""Document metadata: title, publication date, publisher.

Date: a labelled date (배포 일시, 보도일시, 등록, 작성일 ...), a photo credit or byline
("ⓒ천지일보 2020.11.12"), or a date standing alone on a cover line ("2019. 6. 14"), in that
order; YYYY-MM when the day is unknown; dates inside tables and schedules are not publication dates.
Publisher: None for news articles (a byline, a copyright line of the outlet); otherwise the body
named alone on a cover line, the subject of "X는 ... 밝혔다" in the lead, or the government body
the document names most.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from citykg.extract.clean import is_boilerplate
from citykg.extract.resolve import ResolvedEntity

_YMD = r"((?:19|20)\d{2})\s*[./\-년]\s*(\d{1,2})\s*[./\-월]\s*(\d{1,2})"
# the release (배포) date is the publication date; an embargo (보도 시점) may fall a day later
_RELEASED = re.compile(r"배포\s*(?:일시|일자|일|시각)?\s*[:：\t ]\s*" + _YMD)
_LABELLED = re.compile(
    r"(?:보도\s*(?:일시|일자|시점)|보도일|등록일?|작성일|게재일|발행일|입력|기사입력|일\s*시|날짜|Date)"
    r"\s*[:：\t ]\s*" + _YMD
)
_CREDIT = re.compile(r"[ⓒ©]\s*[^\s\d]{1,20}\s+((?:19|20)\d{2})[.\-/](\d{1,2})[.\-/](\d{1,2})")
_ALONE = re.compile(
    r"^\s*((?:19|20)\d{2})\s*[./\-년]\s*(\d{1,2})\s*(?:[./\-월]\s*(?:(\d{1,2})\s*[.일]?)?)?\s*(?:\(.\))?\s*$"
)
_NEWS = re.compile(
    r"\[[^\]]{0,30}(?:기자|특파원)\]|[ⓒ©]\s*\S*(?:일보|신문|뉴스|news|타임즈|경제|방송)"
    r"|무단\s*전재|저작권자\s*[ⓒ©]|기자\s*=|=\s*[가-힣]{2,4}\s*기자|\([가-힣]{2,4}=(?:연합뉴스|뉴시스|뉴스1)\)"
    r"|[가-힣]{2,4}\s*기자\s+[\w.]+@[\w.]+\.(?:com|kr|net)"
    # a byline: "동해일보 | 입력 2026.03.02 | 글·사진 홍길동 기자"
    r"|(?:^|[|/]\s*)(?:기사\s*)?입력\s*[:：]?\s*(?:19|20)\d{2}[.\-/]|(?:글|사진|글·사진)\s*[가-힣]{2,4}\s*기자"
)
_TITLE_LABEL = re.compile(r"^\s*(?:제\s*목|Title)\s*[:：\t ]\s*(.+?)\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,3}\s+(.+?)\s*$")
_BOLD = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")


def _ymd(y: str, m: str, d: str | None) -> str | None:
    mi = int(m)
    if not 1 <= mi <= 12:
        return None
    if d:
        di = int(d)
        if 1 <= di <= 31:
            return f"{int(y):04d}-{mi:02d}-{di:02d}"
    return f"{int(y):04d}-{mi:02d}"


def find_date(text: str, fallback: str | None = None) -> str | None:
    head = text[:4000]
    m = _RELEASED.search(head) or _LABELLED.search(head)
    if m:
        return _ymd(*m.groups())
    m = _CREDIT.search(text)
    if m:
        return _ymd(*m.groups())
    for line in head.split("\n")[:40]:
        if "\t" in line:
            continue
        m = _ALONE.match(line) or _ALONE.match(line.split(" / ")[0].split(" | ")[0])
        if m:
            return _ymd(*m.groups())  # "2022년 9월 21일 / 이노뎁 주식회사 홍보팀": the date, then who wrote it
    return fallback


def find_title(text: str, fallback: str | None = None) -> str | None:
    lines = text.split("\n")[:60]
    for line in lines:
        m = _TITLE_LABEL.match(line)
        if m:
            return m.group(1)
    # the first heading (# ...) or whole bold line (**...**) that is not a short label (**공약명**)
    for line in lines:
        m = _MD_HEADING.match(line) or _BOLD.match(line)
        if m:
            cand = m.group(1).strip("#* ")
            if len(cand) > 4 and not re.fullmatch(r"[가-힣]{1,4}명|[IVX\d.\s]+", cand):
                return cand
    if fallback:
        return fallback
    for line in lines:
        s = line.strip()
        if (
            s
            and not is_boilerplate(line)
            and "\t" not in line
            and 8 <= len(s) < 120
            and not _not_title().match(s)
            and not _ALONE.match(s)
        ):
            return s
    return None


@lru_cache(maxsize=1)
def _not_title() -> re.Pattern[str]:
    """A label of the kind of paper (after up to three words) or a "label: value" line (structure.toml [title])."""
    from citykg.extract.resources import structure

    t = structure().title
    labels = "|".join(re.escape(w).replace("\\ ", r"\s*") for w in t.labels)
    return re.compile(rf"^(?:\S+\s+){{0,3}}(?:{labels})\s*$|{t.metadata_label}")


_UNIT = re.compile(r"(?:본부|사무국|사무처|연구실|연구단|담당관실?|정책관실?|[가-힣]{2,}(?:과|팀|국|실|단|센터))$")


@lru_cache(maxsize=1)
def _cover_words() -> frozenset[str]:
    from citykg.extract.resources import structure

    return frozenset(structure().publisher.cover_words)


@lru_cache(maxsize=1)
def _cover_prefix() -> re.Pattern[str]:
    from citykg.extract.resources import structure

    return re.compile("^(?:" + "|".join(structure().publisher.cover_prefixes) + r")\s*")


# a cover line naming several bodies ("해양수산부 · 행정안전부"): what is left between them
_JOINT_GLUE = re.compile(r"^[\s·ㆍ,、/]*$")


def is_news(text: str) -> bool:
    return bool(_NEWS.search(text))


def find_publisher(text: str, entities: list[ResolvedEntity]) -> str | None:
    if is_news(text):
        return None
    bodies = [e for e in entities if e.type in ("Ministry", "City", "Organization")]
    if not bodies:
        return None
    # 1. a cover line that is only the body's name (in the first 40 lines)
    cover_end = _line_offset(text, 40)
    joint = _joint_cover(text, bodies, _line_offset(text, 5))
    if joint:
        return joint
    for e in bodies:
        for m in e.mentions:
            if m.start >= cover_end:
                continue
            ls = text.rfind("\n", 0, m.start) + 1
            le = text.find("\n", m.end)
            le = len(text) if le < 0 else le
            line = _cover_prefix().sub("", text[ls:le].strip())  # "2026년 해양수산부 …", "제201회 …의회"
            if line == m.text or re.fullmatch(re.escape(m.text) + r"\s*\([^)]{1,15}\)", line):
                return e.id  # the name alone, or with the kind of session or paper in brackets
            # "아산시의회사무국", "태안군 보도자료": the body's name and the office or kind of paper
            rest = line[len(m.text) :].strip() if line.startswith(m.text) else None
            if rest and len(rest) <= 30 and any(w in rest for w in _cover_words()):
                return e.id  # "한국행정연구원 정책브리프 제21호"
            if rest and len(rest) <= 20 and _UNIT.search(rest):
                return e.id  # "한국행정연구원 디지털정부연구실": the body and one of its offices
    # 2. the subject of the lead: "국토교통부는 ... 밝혔다"; a firm as that subject wrote the paper itself
    #    (a company's release has no publisher among the bodies)
    lead = text[: min(len(text), 3000)]
    subjects = [*bodies, *(e for e in entities if e.type == "Company")]
    for sm in re.finditer(r"[^\n.]*?(?:밝혔다|발표했다|밝히고|전했다)", lead):
        s, e_ = sm.start(), sm.end()
        firsts = sorted(
            ((m.start, ent) for ent in subjects for m in ent.mentions if s <= m.start < e_), key=lambda x: x[0]
        )  # by position only: 제주시 and its qualifier 제주 share a start
        for pos, ent in firsts:
            after = text[ent_end(ent, pos) : ent_end(ent, pos) + 20]
            if re.match(r"\s*(?:\([^)]*\))?\s*(?:은|는|이|가)\s", after):
                return None if ent.type == "Company" else ent.id
    # 3. the body named most (twice at least)
    counts = Counter({e.id: len(e.mentions) for e in bodies if e.type in ("City", "Ministry", "Organization")})
    if counts:
        eid, n = counts.most_common(1)[0]
        if n >= 2:
            return eid
    return None


def _joint_cover(text: str, bodies: list[ResolvedEntity], end: int) -> str | None:
    """A cover line made only of bodies' names ("해양수산부 · 행정안전부"): a joint paper,
    published by the first body named."""
    starts = sorted((m.start, m.end, e.id) for e in bodies for m in e.mentions if m.start < end)
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for st, en, eid in starts:
        by_line.setdefault(text.rfind("\n", 0, st) + 1, []).append((st, en, eid))
    for ls, names in sorted(by_line.items()):
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        kept: list[tuple[int, int, str]] = []
        for st, en, eid in names:  # the longest name at each place
            if kept and st < kept[-1][1]:
                if en - st > kept[-1][1] - kept[-1][0]:
                    kept[-1] = (st, en, eid)
                continue
            kept.append((st, en, eid))
        if len({eid for _, _, eid in kept}) < 2:
            continue
        gaps = [text[ls : kept[0][0]], *(text[a[1] : b[0]] for a, b in zip(kept, kept[1:], strict=False))]
        if all(_JOINT_GLUE.match(g) for g in [*gaps, text[kept[-1][1] : le]]):
            return kept[0][2]
    return None


def ent_end(ent: ResolvedEntity, start: int) -> int:
    for m in ent.mentions:
        if m.start == start:
            return m.end
    return start


def _line_offset(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos
