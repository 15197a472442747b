"""Firms named after a classifier noun: "측량 전문기업 한길공간과", "물류 스타트업 로지올과 함께".

A name outside the gazetteer and without ㈜ is still a firm when a classifier noun introduces it.
Strong classifiers (전문기업, 스타트업) are enough; weak ones (기업, 업체) only when the name closes a
list whose other members are already known bodies ("KT, 전북대학교, 지역 기업 누리텍과"), since
"기업 유치와" is not a name. Word lists: lexicon.toml [firm_classifier].
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from citykg.extract.records import BODIES
from citykg.extract.resources import lexicon


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    strong = frozenset(lexicon().firm_classifier.strong)
    weak = frozenset(lexicon().firm_classifier.weak)
    alt = "|".join(sorted((re.escape(w) for w in strong | weak), key=len, reverse=True))
    return re.compile(
        rf"(?<![가-힣])(?P<cls>{alt})\s+(?:㈜\s*)?(?P<name>[A-Za-z가-힣][A-Za-z0-9가-힣&]{{1,15}}?)"
        rf"(?=(?:와|과|은|는|이|가)?\s*(?:함께|,|·|등|\(|$)|(?:와|과)\s)"
    )


def classified_firms(text: str, start: int, end: int, mentions: Iterable) -> list[tuple[int, int]]:
    """Spans of firm names introduced by a classifier noun in text[start:end]."""
    strong = frozenset(lexicon().firm_classifier.strong)
    generic = lexicon().generic
    known = sorted((m.start, m.end) for m in mentions if m.type in BODIES and start <= m.start < end)
    out = []
    for m in _pattern().finditer(text, start, end):
        a, b = m.span("name")
        name = m.group("name")
        if name in generic or any(s <= a < e for s, e in known):
            continue
        if m.group("cls") not in strong:
            before = text[max(start, m.start() - 40) : m.start()]
            # the name closes a list: a known body, then a comma, before the classifier phrase
            if not any(
                e <= m.start() and re.fullmatch(r"\s*,\s*(?:[가-힣]+\s+)?", text[e : m.start()]) for s, e in known
            ):
                continue
            if not before:
                continue
        out.append((a, b))
    return out
