"""PDF with pdfplumber (pdfminer.six): the text layer in reading order, ruled tables as tab-separated rows.

pdfplumber over pypdf because it finds tables from the ruling lines and gives each text line's position,
which lets wrapped lines be joined back into paragraphs. One column, top to bottom: multi-column layouts
come out line by line across the columns. Paragraphs go on across page breaks; running headers, footers
and page numbers are kept, after the paragraph they interrupted.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from citykg.extract.readers import MAX_PDF_PAGES, ReadError, ReadResult
from citykg.extract.readers.blocks import clean_inline, join_blocks, table_block
from citykg.extract.readers.metadata import clean_title, first, iso_date

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
# A line starting with a symbol bullet of Korean official documents opens a paragraph; a numbered one
# ("1.", "가)", "(2)") only after a finished sentence, since a wrapped line can start with "다." or "3. 5.".
_BULLET = re.compile(r"^(?:[□■○●◦◎◇◆▪▫※☐❍➊-➓①-⑳•·]|[-–*ㅇ] )")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[가-하][.)]|\(\d{1,2}\)|\([가-하]\))\s")
_CID = re.compile(r"\(cid:\d+\)")
_OPENING = tuple("“‘(「『[<〈《【▲△▶▷■□●○◆◇※")
_CLOSING = tuple("”’)」』]>〉》】.,:;!?·")
_SENTENCE_END = re.compile(r"[.?!:。」』”’)]$")
_PAGE_NUMBER = re.compile(r"^[-–—(\[\s]*\d{1,4}[-–—)\]\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")
_DIGITS = re.compile(r"\d+")

# pdfminer logs every repair it makes to a damaged file; the reader reports what matters as ReadError.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

SCANNED = "no text layer: looks scanned; OCR is out of scope, give a text PDF or the original HWP/DOCX"


def _join(a: str, b: str) -> str:
    """Join a wrapped line to the next. The PDF keeps no space at a line break, and Korean wraps mid-word
    (HWP's default line break is by character), so where the next line starts with Hangul, Kiwi decides:
    a space only where a particle, an ending or a bound noun closes the word before and a new word starts
    (the spacing rule of Korean); never inside a morpheme, a compound or after a number ("300억",
    "LG CNS를"); never after an opening quote or bullet, or before closing punctuation. That errs
    towards a missing space, which the morphological analysis tolerates, over a space inside a name."""
    if a.endswith(_OPENING) or b.startswith(_CLOSING):
        return a + b
    if not (_HANGUL.match(b[0]) and a[-1].isalnum()):
        return f"{a} {b}"
    left, right = " ".join(a.split()[-2:]), " ".join(b.split()[:2])
    return a + (" " if _word_ends_at(left, right) else "") + b


def _word_ends_at(left: str, right: str) -> bool:
    from citykg.extract.nlp import get_kiwi  # the pipeline's Kiwi, with the reference names as user words

    cut = len(left)
    closed = False
    for token in get_kiwi().tokenize(left + right):
        if token.start < cut < token.end:
            return False
        if token.end == cut:  # a particle, an ending or a bound noun ("할 수 있다") closes a word
            closed = token.tag.startswith(("J", "E", "NNB"))
        elif token.start == cut:
            return closed and token.tag.startswith(("N", "V", "M", "S", "XPN", "IC"))
    return False


def _ends_paragraph(prev: dict[str, Any], line: dict[str, Any], text: str) -> bool:
    """Whether `line` starts a new paragraph after `prev`. Splitting a sentence costs the extractor more
    than merging two paragraphs (sentences are split again by their punctuation), so the rules lean to
    joining: a symbol bullet; a numbered bullet after a finished sentence; a gap taller than a line; a
    finished sentence that left room on its line; or a line left well short (a heading, a label)."""
    if _BULLET.match(text):
        return True
    ended = bool(_SENTENCE_END.search(prev["text"]))
    if ended and _NUMBERED.match(text):
        return True
    if line["page"] == prev["page"]:
        height = max(prev["bottom"] - prev["top"], 1.0)
        if line["top"] - prev["bottom"] > 1.2 * height:
            return True
    width = prev["x1"] - prev["x0"]
    char_width = width / max(len(prev["text"]), 1)
    room = (prev["right_edge"] - prev["x1"]) / char_width  # in characters
    return (ended and room > 1.5) or room > max(8.0, 0.25 * len(prev["text"]))


def _furniture(pages: list[list[dict[str, Any]]]) -> set[str]:
    """Running headers and footers: the first or last line of at least half the pages (two at least),
    digits ignored so "- 3 -" and "3 / 12" count; never a bulleted line, which is content."""
    seen: dict[str, int] = {}
    for lines in pages:
        for key in {_DIGITS.sub("#", ln["text"].strip()) for ln in lines[:1] + lines[-1:]}:
            seen[key] = seen.get(key, 0) + 1
    least = max(2, (len(pages) + 1) // 2)
    return {key for key, n in seen.items() if n >= least and not _BULLET.match(key)}


def _is_furniture(text: str, furniture: set[str]) -> bool:
    return bool(_PAGE_NUMBER.match(text)) or _DIGITS.sub("#", text) in furniture


def _blocks(items: list[tuple[str, Any]], furniture: set[str]) -> Iterator[str]:
    """Text lines joined into paragraphs, across page breaks too; tables as they come. Headers, footers
    and page numbers met inside a paragraph that goes on over the page are put after it."""
    current, deferred = "", []
    prev: dict[str, Any] | None = None
    for kind, item in items:
        if kind == "table":
            yield current
            yield from deferred
            yield table_block(item)
            current, deferred, prev = "", [], None
            continue
        text = clean_inline(item["text"])
        if not text:
            continue
        if _is_furniture(text, furniture):
            deferred.append(text)
            continue
        if prev is not None and _ends_paragraph(prev, item, text):
            yield current
            yield from deferred
            current, deferred = "", []
        current = _join(current, text) if current else text
        prev = item
    yield current
    yield from deferred


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page: pdfplumber.page.Page, number: int) -> tuple[list[tuple[float, str, Any]], list[dict]]:
    """The page's text lines and tables by their top edge, and its text lines alone."""
    # A one-cell "table" is a box drawn around text (a summary, a note): read it as text.
    tables = [t for t in page.find_tables() if len(t.cells) > 1]
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    lines = text_page.extract_text_lines(layout=False, strip=True, return_chars=False)
    right_edge = max((ln["x1"] for ln in lines), default=0.0)
    for ln in lines:
        ln.update(page=number, right_edge=right_edge)
    items: list[tuple[float, str, Any]] = [(ln["top"], "line", ln) for ln in lines]
    items += [(t.bbox[1], "table", t.extract()) for t in tables]
    items.sort(key=lambda it: (it[0], it[1] == "line"))
    return items, lines


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
        pages = len(pdf.pages)
        if pages > MAX_PDF_PAGES:
            raise ReadError(path, f"{pages:,} pages (the limit is {MAX_PDF_PAGES:,}, CITYKG_MAX_PDF_PAGES); "
                                  "split the PDF")  # fmt: skip
        items: list[tuple[str, Any]] = []
        page_lines: list[list[dict[str, Any]]] = []
        chars = images = 0
        for number, page in enumerate(pdf.pages):
            chars += len(page.chars)
            images += len(page.images)
            page_items, lines = _page_items(page, number)
            items += [(kind, item) for _, kind, item in page_items]
            page_lines.append(lines)
        meta = pdf.metadata or {}
    if chars == 0:
        raise ReadError(path, SCANNED if images else "no text layer and no images: an empty PDF")
    text = join_blocks(_blocks(items, _furniture(page_lines)))
    # pdfminer writes "(cid:N)" for a glyph whose font has no Unicode map: mostly that is no text at all.
    cids = _CID.findall(text)
    if len(cids) > 0.3 * (len(text) - sum(map(len, cids)) + len(cids)):
        raise ReadError(path, "the text layer cannot be decoded (fonts without a Unicode map); "
                              "export the PDF again or give the original HWP/DOCX")
    text = _CID.sub("\ufffd", text)  # a few stray ones: one replacement character each
    return ReadResult(
        text=text,
        format="pdf",
        title=clean_title(meta.get("Title")),
        # When the PDF was made: an export at publication; ModDate is often a later stamp or signature.
        date=first(iso_date(meta.get("CreationDate")), iso_date(meta.get("ModDate"))),
    )
