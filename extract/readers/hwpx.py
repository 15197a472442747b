"""HWPX (OWPML zip) with python-hwpx: section paragraphs, tables (hp:tbl/hp:tr/hp:tc) as tab-separated rows.

python-hwpx's `TextExtractor` finds the sections in spine order (guarding against zip bombs) and renders a
paragraph's inline text; the walk below adds what it flattens away: tables as rows, text boxes in place.
HWP 5.0 files are converted to the same parts first (see hwp.py), so both formats share this walk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from hwpx.tools.text_extractor import TextExtractor

from citykg.extract.readers import ReadError, ReadResult
from citykg.extract.readers.blocks import join_blocks, paragraph_block, table_block
from citykg.extract.readers.metadata import clean_title, iso_date, latest

_OPF = "{http://www.idpf.org/2007/opf/}"
# Drawing objects that can hold paragraphs of their own (text boxes); pictures and equations hold none.
_TEXT_OBJECTS = {"rect", "ellipse", "polygon", "curve", "arc", "container", "textart"}


def _local(el: Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c) == name]


def _sublists(el: Element) -> Iterator[Element]:
    """The paragraph lists of a drawing object (its text boxes), not those nested inside them."""
    for child in el:
        if _local(child) == "subList":
            yield child
        else:
            yield from _sublists(child)


class _Walker:
    def __init__(self, extractor: TextExtractor) -> None:
        self.extractor = extractor

    def paragraphs(self, parent: Element) -> Iterator[str]:
        for p in _children(parent, "p"):
            yield from self.paragraph(p)

    def paragraph(self, p: Element) -> Iterator[str]:
        yield paragraph_block(self.extractor.paragraph_text(p))  # inline text; tables and objects skipped
        for run in _children(p, "run"):
            for obj in run:
                kind = _local(obj)
                if kind == "tbl":
                    yield from self.table(obj)
                elif kind in _TEXT_OBJECTS:
                    for sub in _sublists(obj):
                        yield from self.paragraphs(sub)

    def table(self, tbl: Element) -> Iterator[str]:
        cells = [tc for tr in _children(tbl, "tr") for tc in _children(tr, "tc")]
        if len(cells) == 1:  # a one-cell table is a box around text (a summary, a note): keep its paragraphs
            for sub in _children(cells[0], "subList"):
                yield from self.paragraphs(sub)
        else:
            yield table_block(self.rows(tbl))

    def rows(self, tbl: Element) -> Iterator[list[str]]:
        for tr in _children(tbl, "tr"):
            yield [self.cell(tc) for tc in _children(tr, "tc")]

    def cell(self, tc: Element) -> str:
        parts: list[str] = []
        for sub in _children(tc, "subList"):
            # A table inside a cell comes back as lines of tab-separated cells: flatten it into the cell.
            parts.extend(" ".join(block.split()) for block in self.paragraphs(sub))
        return " ".join(p for p in parts if p)


def _metadata(zf: zipfile.ZipFile) -> tuple[str | None, str | None]:
    from xml.etree import ElementTree

    if "Contents/content.hpf" not in zf.namelist():
        return None, None
    meta = ElementTree.fromstring(zf.read("Contents/content.hpf")).find(f"{_OPF}metadata")
    if meta is None:
        return None, None
    title = meta.find(f"{_OPF}title")
    values = {m.get("name"): (m.text or "") for m in meta.findall(f"{_OPF}meta")}
    # The last save, as for DOCX; the free-form "date" meta has no fixed format, so it is not read.
    day = latest(iso_date(values.get("ModifiedDate")), iso_date(values.get("CreatedDate")))
    return clean_title(title.text if title is not None else None), day


def read_hwpx_package(data: bytes, path: Path, fmt: str = "hwpx") -> ReadResult:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise ReadError(path, f"damaged HWPX (bad zip: {e}); open and save it again in Hangul") from None
    with zf:
        manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in zf.namelist() else b""
        if b"encryption-data" in manifest:
            raise ReadError(
                path, "password-protected HWPX (its parts are encrypted); remove the password in Hangul"
            )
        extractor = TextExtractor(zf)
        walker = _Walker(extractor)
        sections = list(extractor.iter_sections())
        if not sections:
            raise ReadError(path, "damaged HWPX: no Contents/section*.xml part; open and save it again")
        text = join_blocks(block for s in sections for block in walker.paragraphs(s.element))
        title, day = _metadata(zf)
    return ReadResult(text=text, format=fmt, title=title, date=day)


def read_hwpx(data: bytes, path: Path) -> ReadResult:
    return read_hwpx_package(data, path)
