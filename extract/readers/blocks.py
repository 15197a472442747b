"""A document's text from blocks: paragraphs split by a blank line, table rows as tab-separated lines.

The same shape as the plain-text corpus (see data/samples/), so every format reaches the extractor alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def clean_inline(text: str) -> str:
    """One line of text: runs of spaces collapsed, no tabs/newlines (those carry structure here)."""
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def paragraph_block(text: str) -> str:
    """A paragraph: its own line breaks kept, each line cleaned, blank lines dropped."""
    return "\n".join(line for line in (clean_inline(x) for x in text.split("\n")) if line)


def table_block(rows: Iterable[Sequence[str | None]]) -> str:
    """Rows as tab-separated lines; a cell's own line breaks become spaces; empty rows dropped."""
    lines = []
    for row in rows:
        cells = [clean_inline(c or "") for c in row]
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line; empty blocks dropped."""
    return "\n\n".join(b.strip("\n") for b in blocks if b and b.strip())
