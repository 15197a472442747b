"""Readers: turn a document file into the plain text the extractor works on.

`read_document(path)` picks the reader by content (magic bytes, container entries), not by
extension alone, and raises `ReadError` with a message that names the file and says what to do.
Offsets in the extraction output refer to `ReadResult.text`: readers return it final, and nothing
downstream may change it.

Formats: plain text (UTF-8 / CP949), HTML, PDF (text layer), DOCX, HWP 5.0, HWPX. See README.md, "Reading documents"
for which library reads which format and why.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
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


def _limit(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


# Limits on what one document may cost (README "Limits"); the environment can raise or lower them.
MAX_BYTES = _limit("CITYKG_MAX_FILE_MB", 50) * 1024 * 1024  # the file as stored
# The XML parts of a DOCX/HWPX, uncompressed: a 1 MB zip bomb can declare gigabytes.
MAX_UNZIPPED_BYTES = _limit("CITYKG_MAX_UNZIPPED_MB", 64) * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_PDF_PAGES = _limit("CITYKG_MAX_PDF_PAGES", 1000)
# Characters of text per document; up to this, long documents are extracted in pieces.
MAX_CHARS = _limit("CITYKG_MAX_CHARS", 3_000_000)

SUPPORTED = "plain text (UTF-8 or CP949), HTML, PDF with a text layer, DOCX, HWP 5.0 and HWPX"

Reader = Callable[[bytes, Path], ReadResult]


# format -> module of this package holding `read_<format>(data, path)`. Imported on first use: each
# format pulls in a sizeable library, and most runs need one or two.
_READERS = {"txt": "text", "html": "html", "pdf": "pdf", "docx": "docx", "hwp": "hwp", "hwpx": "hwpx"}


def reader_for(fmt: str) -> Reader:
    module = importlib.import_module(f"citykg.extract.readers.{_READERS[fmt]}")
    return getattr(module, f"read_{fmt if fmt != 'txt' else 'text'}")


def load_bytes(path: Path) -> bytes:
    """The file's bytes, refusing missing, huge and empty files with a clear reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(
                path, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,}, CITYKG_MAX_FILE_MB); split it"
            )
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot read: {e.strerror or e}") from None
    if not data.strip():
        raise ReadError(path, "empty file: nothing to extract")
    return data


def read_document(path: Path | str) -> ReadResult:
    """Read one file of any supported format into plain text (+ title/date metadata when present)."""
    path = Path(path)
    return read_bytes(load_bytes(path), path)


def read_bytes(data: bytes, path: Path) -> ReadResult:
    """Read a document's bytes (named `path`, which gives the format where the bytes do not) into text.

    For bytes fetched from elsewhere (an s3:// object); the caller checks their size against MAX_BYTES."""
    from citykg.extract.readers.sniff import sniff_format

    if not data.strip():
        raise ReadError(path, "empty file: nothing to extract")
    fmt = sniff_format(data, path)
    reader = reader_for(fmt)
    try:
        result = reader(data, path)
    except ReadError:
        raise
    except (MemoryError, RecursionError) as e:
        raise ReadError(path, f"{fmt.upper()} file too complex to read ({type(e).__name__})") from None
    except Exception as e:  # noqa: BLE001 - a library's own error on a broken file is still a broken file
        reason = f"damaged or unreadable {fmt.upper()} file ({type(e).__name__}: {e}); open and save it again"
        raise ReadError(path, reason) from None
    if not result.text.strip():
        raise ReadError(path, f"no text found in this {fmt.upper()} file: nothing to extract")
    if len(result.text) > MAX_CHARS:
        raise ReadError(
            path, f"too long: {len(result.text):,} characters of text (the limit is {MAX_CHARS:,}, "
            "CITYKG_MAX_CHARS); split it into several documents"
        )  # fmt: skip
    return result
