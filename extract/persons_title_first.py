"""Persons written title first: "(장관 홍길동, 이하 ‘…’)", "부산시 부시장 김철수,", "과  장 이영희 (044-…)".

Press releases and contact tables put the title before the name in brackets, in attendee lists and
in header cells, where two-syllable titles are padded to the width of three (과  장). The name is
accepted only where a list or bracket boundary follows it, so "시장 진출을" is not a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from citykg.extract.resources import lexicon


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    lx = lexicon()
    strong = [t for t in lx.titles if t not in lx.weak_titles]
    # a padded two-syllable title (과  장) or any title, optionally numbered (제1부시장) or compound
    padded = "|".join(rf"{re.escape(t[0])}\s{{1,5}}{re.escape(t[1])}" for t in strong if len(t) == 2)
    compound = "|".join(re.escape(t) for t in lx.compound_titles)
    plain = "|".join(re.escape(t) for t in strong)
    title = rf"(?:제\d+)?(?:{padded}|[가-힣]*(?:{compound})|{plain})"
    return re.compile(
        rf"(?:^|(?<=[(\t,·]|\s))(?P<title>{title})\s+(?P<name>[가-힣]{{3,4}})"
        rf"(?=\s*(?:[,)/\t(]|$)|\s{{2,}})",  # a list, a bracket, a cell or a roster's wide gap
        re.M,
    )


def title_first_persons(body: str, is_name: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, title) of names that follow their title in `body` (offsets into body)."""
    out = []
    for m in _pattern().finditer(body):
        name = m.group("name")
        if not is_name(name):
            continue
        out.append((m.start("name"), m.end("name"), re.sub(r"\s+", "", m.group("title"))))
    return out


# "출석위원(4인): 홍길동, 김철수, …", "연구진: 이영희 연구위원, …": a label, a colon and a roster
_ROSTER = re.compile(r"(?P<label>[가-힣][가-힣 ]{0,11}?)\s*(?:\(\s*\d+\s*(?:인|명)\s*\))?\s*[:：]\s*(?P<items>[^\n]+)")
_ITEM = re.compile(r"(?:(?P<title>[가-힣]{1,8})\s+)?(?P<name>[가-힣]{2,4})")


def roster_persons(body: str, is_name: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, title) of the names of a labelled roster whose every item is a name, with the
    item's own title, else the title the label ends with (출석위원 -> 위원), else ""."""
    if ":" not in body and "：" not in body:
        return []
    titles = lexicon().titles
    out = []
    for m in _ROSTER.finditer(body):
        label = m.group("label").replace(" ", "")
        label_title = next((t for t in titles if label.endswith(t)), "")
        found = []
        pos = m.start("items")
        for raw in m.group("items").split(","):
            item = raw.strip()
            im = _ITEM.fullmatch(item)
            title = im.group("title") if im else None
            if not im or not is_name(im.group("name")) or (title and not title.endswith(titles)):
                found = []
                break
            start = pos + raw.find(item) + im.start("name")
            found.append((start, start + len(im.group("name")), im.group("title") or label_title))
            pos += len(raw) + 1
        if len(found) >= 2:
            out.extend(found)
    return out
