"""Readers: turn a document file into the plain text the extractor works on.

`read_document(path)` picks the reader by content (magic bytes, container entries), not by
extension alone, and raises `ReadError` with a message that names the file and says what to do.
Offsets in the extraction output refer to `ReadResult.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ReadError(Exception):
    """A file could not be read; str(e) names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class ReadResult:
    text: str
    format: str  # txt, html, pdf, docx, hwp, hwpx
    encoding: str | None = None  # for text formats: utf-8, cp949 ...
    title: str | None = None  # from the format's metadata, when it has one
    date: str | None = None  # YYYY-MM-DD from the format's metadata, when it has one


MAX_BYTES = 50 * 1024 * 1024


def read_document(path: Path) -> ReadResult:
    """Read one file (only plain text so far; issue 5 adds the other formats)."""
    from extract.readers.text import read_text_file

    return read_text_file(path)
