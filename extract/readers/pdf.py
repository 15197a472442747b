"""PDF with pdfplumber (pdfminer.six): the text layer in reading order, ruled tables as tab-separated rows.

pdfplumber over pypdf because it finds tables from the ruling lines and gives each text line's position,
which lets wrapped lines be joined back into paragraphs. One column, top to bottom: multi-column layouts
come out line by line across the columns.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from extract.readers import ReadError, ReadResult
from extract.readers.blocks import clean_inline, join_blocks, table_block
from extract.readers.metadata import clean_title, first, iso_date

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# A line starting with one of these opens a new paragraph (bullets of Korean official documents).
_BULLET = re.compile(r"^(?:[□■○●◦◎◇◆▪▫※☐❍➊-➓①-⑳•·\-–]|\d{1,2}[.)]|[가-하][.)]|\(\d{1,2}\))")
_CID = re.compile(r"\(cid:\d+\)")

SCANNED = "no text layer: looks scanned; OCR is out of scope, give a text PDF or the original HWP/DOCX"


def _join(a: str, b: str) -> str:
    """Join a wrapped line to the next. The PDF keeps no space at a line break, and Korean wraps mid-word
    (HWP's default line break is by character), so where the next line starts with Hangul, Kiwi decides:
    a space only where a particle or ending closes the word before and a new word starts (the spacing rule
    of Korean); never inside a morpheme, a compound or after a number ("300억", "LG CNS를"). That errs
    towards a missing space, which the morphological analysis tolerates, over a space inside a name."""
    if not (a and b and _HANGUL.match(b[0]) and a[-1].isalnum()):
        return f"{a} {b}"
    left, right = " ".join(a.split()[-2:]), " ".join(b.split()[:2])
    return a + (" " if _word_ends_at(left, right) else "") + b


def _word_ends_at(left: str, right: str) -> bool:
    from extract.nlp import get_kiwi  # the pipeline's Kiwi, with the reference names as user words

    cut = len(left)
    closed = False
    for token in get_kiwi().tokenize(left + right):
        if token.start < cut < token.end:
            return False
        if token.end == cut:
            closed = token.tag.startswith(("J", "E"))
        elif token.start == cut:
            return closed and token.tag.startswith(("N", "V", "M", "S", "XPN", "IC"))
    return False


def _paragraphs(lines: list[dict[str, Any]], right_edge: float) -> Iterator[str]:
    """Wrapped lines back into paragraphs: a line that stops short of the right edge, a bullet, or a
    gap taller than a line ends one."""
    current = ""
    prev: dict[str, Any] | None = None
    for line in lines:
        text = clean_inline(line["text"])
        if not text:
            continue
        if prev is not None:
            height = max(prev["bottom"] - prev["top"], 1.0)
            short = prev["x1"] < right_edge - 2 * height
            gap = line["top"] - prev["bottom"] > 1.2 * height
            if short or gap or _BULLET.match(text):
                yield current
                current = ""
        current = _join(current, text) if current else text
        prev = line
    if current:
        yield current


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_blocks(page: pdfplumber.page.Page) -> Iterator[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = text_page.extract_text_lines(layout=False, strip=True, return_chars=False)
    right_edge = max((ln["x1"] for ln in lines), default=0.0)
    # Interleave runs of text lines and tables by their top edge.
    items: list[tuple[float, int, Any]] = [(ln["top"], 0, ln) for ln in lines]
    items += [(t.bbox[1], 1, t) for t in tables]
    items.sort(key=lambda it: (it[0], it[1]))
    run: list[dict[str, Any]] = []
    for _, kind, item in items:
        if kind == 0:
            run.append(item)
            continue
        yield from _paragraphs(run, right_edge)
        run = []
        yield table_block(item.extract())
    yield from _paragraphs(run, right_edge)


def read_pdf(data: bytes, path: Path) -> ReadResult:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect, PDFEncryptionError) as e:
        cause = e.args[0] if isinstance(e, PdfminerException) and e.args else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError(path, "encrypted (password-protected) PDF; give an unprotected copy") from None
        raise ReadError(path, f"damaged PDF (truncated or corrupt: {cause or type(cause).__name__}); "
                              "download or export it again") from None
    with pdf:
        blocks: list[str] = []
        chars = images = 0
        for page in pdf.pages:
            chars += len(page.chars)
            images += len(page.images)
            blocks.extend(_page_blocks(page))
        meta = pdf.metadata or {}
    if chars == 0:
        raise ReadError(path, SCANNED if images else "no text layer and no images: an empty PDF")
    text = join_blocks(blocks)
    if len(_CID.findall(text)) * 8 > len(text):
        raise ReadError(path, "the text layer cannot be decoded (fonts without a Unicode map); "
                              "export the PDF again or give the original HWP/DOCX")
    return ReadResult(
        text=text,
        format="pdf",
        title=clean_title(meta.get("Title")),
        # When the PDF was made: an export at publication; ModDate is often a later stamp or signature.
        date=first(iso_date(meta.get("CreationDate")), iso_date(meta.get("ModDate"))),
    )
