"""Text normalisation that keeps a way back to the original offsets.

Documents sometimes arrive in NFD (Hangul as separate jamo, typical of files from macOS) or with
full-width Latin letters and digits (ＬＨ, （주）). The extractor works on an NFC, half-width copy;
`Normalized.span` maps a span of that copy back to the span of the original text, which is what
the output records refer to.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def _is_trailing(ch: str) -> bool:
    """Characters NFC may fold into the one before: combining marks and Hangul medial/final jamo."""
    return unicodedata.combining(ch) != 0 or "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff"


def _fold(run: str) -> str:
    out = unicodedata.normalize("NFC", run)
    # full-width ASCII (！ to ～) and the ideographic space -> their plain forms
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else (" " if c == "\u3000" else c) for c in out)


@dataclass
class Normalized:
    text: str  # the normalised copy the extractor works on
    starts: list[int] | None  # original offset of each copy character (None: the copy is the original)
    ends: list[int] | None
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the copy's [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            return self.starts[start] if start < len(self.starts) else self.original_length, self.ends[end - 1]
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """An NFC, half-width copy of `text` with a character map back to `text`."""
    if unicodedata.is_normalized("NFC", text) and not any("\uff01" <= c <= "\uff5e" or c == "\u3000" for c in text):
        return Normalized(text, None, None, len(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _is_trailing(text[j]):
            j += 1
        folded = _fold(text[i:j])
        for ch in folded:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return Normalized("".join(out), starts, ends, n)
