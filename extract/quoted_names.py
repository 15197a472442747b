"""Does the text after a closing quote make the quoted phrase a program name?

‘스마트 경로당’ 사업도, ‘데이터 샌드박스’를 조성, ‘해안 데이터 연대’에 함께 참여: the word after the
quote, or the verb that takes the quoted phrase as its object or goal, marks it as a named
initiative even without a head noun (사업, 플랫폼 ...). The word lists are lexicon.toml [quoted].
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.resources import lexicon


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    def alt(key: str) -> str:
        return "|".join(sorted((re.escape(w) for w in getattr(lexicon().quoted, key)), key=len, reverse=True))

    return re.compile(
        rf"^\s?(?:(?:{alt('classifiers')})(?![가-힣])|(?:{alt('classifiers')})(?:은|는|이|가|을|를|에|에도|도|의|으로|로)"
        rf"|(?:을|를|으로|로)\s+(?:[가-힣]+\s+){{0,2}}(?:{alt('object_verbs')})"
        rf"|(?:에|에도|에서)\s+(?:[가-힣A-Za-z]+\s+){{0,3}}(?:{alt('place_verbs')})"
        rf"|\s*[가-힣]{{1,4}}(?:도|은|는|이|가)?\s+(?:함께\s+)?(?:{alt('object_verbs')})(?:되|된|됐|돼|한|하))"
    )


def names_program(after: str) -> bool:
    """True when `after` (the text right after a closing quote) marks the quoted phrase as a name."""
    return (
        _pattern().match(after) is not None
        or _counted().match(after) is not None
        or _framed().match(after) is not None
    )


@lru_cache(maxsize=1)
def _framed() -> re.Pattern[str]:
    """‘X’를 새만금 일대에서 시범 운영한다: a particle, then within the clause a predicate noun of a
    frame (extract/data/frames.toml) that takes the phrase as its object or goal."""
    from citykg.extract.resources import frames

    nouns = {n.replace(" ", "") for fr in frames().frame for n in fr.nominal if len(n.replace(" ", "")) >= 2}
    alt = "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True))
    endings = "하|되|한|된|해|돼|했|됐|하는|되는|에"
    return re.compile(rf"^(?:을|를|에|에서|으로|로)\s+[^.?!\n“”\"]{{0,30}}?(?:{alt})(?:{endings})")


@lru_cache(maxsize=1)
def _counted() -> re.Pattern[str]:
    verbs = "|".join(sorted((re.escape(w) for w in lexicon().quoted.count_verbs), key=len, reverse=True))
    return re.compile(rf"^(?:도|이|가)?\s*\d[\d,]*\s*(?:곳|개소|대|개|기)\s*(?:이|가|을|를|에)?\s*(?:{verbs})")


@lru_cache(maxsize=1)
def _apposition() -> re.Pattern[str]:
    heads = "|".join(sorted((re.escape(w) for w in lexicon().quoted.apposition_heads), key=len, reverse=True))
    return re.compile(rf"(?:^|[\s(])(?:[가-힣A-Za-z]+\s)?(?:{heads})\s*$")


def apposition_before(before: str) -> bool:
    """True when `before` (the text up to the opening quote) ends in a classifier noun: 모바일 앱 ‘X’."""
    return _apposition().search(before) is not None
