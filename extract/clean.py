"""Boilerplate: lines that are kept in the text (offsets stay valid) but out of extraction.

Contact lines, copyright footers (ⓒ, 무단전재), photo captions, page furniture and site
navigation are described by regular expressions in extract/data/boilerplate.toml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.resources import boilerplate


@lru_cache(maxsize=1)
def _patterns() -> re.Pattern[str]:
    pats = boilerplate().lines.patterns
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """True when a line (without its newline) is boilerplate."""
    return bool(line.strip()) and _patterns().search(line) is not None


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every boilerplate line of `text`."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if is_boilerplate(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
