"""DOCX (Office Open XML) with python-docx: body paragraphs and tables in document order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from citykg.extract.readers import ReadResult
from citykg.extract.readers.blocks import join_blocks, paragraph_block, table_block
from citykg.extract.readers.metadata import clean_title, iso_date, latest


def _cell_text(cell) -> str:  # noqa: ANN001 - docx.table._Cell is private
    parts = [p.text for p in cell.paragraphs]
    for inner in cell.tables:  # a table inside a cell: its rows flattened into the cell
        parts.extend(" ".join(_row_cells(row)) for row in inner.rows)
    return " ".join(parts)


def _row_cells(row) -> list[str]:  # noqa: ANN001
    # A merged cell is returned once per grid column it spans; keep it once.
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(_cell_text(cell))
    return cells


# Text boxes anchored in a paragraph, once: Word stores each twice (DrawingML and a VML fallback).
_TEXT_BOXES = ("./w:r//*[local-name()='txbxContent'][not(ancestor::*[local-name()='Fallback'])]"
               "[not(ancestor::*[local-name()='txbxContent'])]")


def _text_box_blocks(paragraph: Paragraph) -> Iterator[str]:
    for box in paragraph._p.xpath(_TEXT_BOXES):
        for child in box:
            if child.tag == qn("w:p"):
                yield paragraph_block(Paragraph(child, paragraph).text)
            elif child.tag == qn("w:tbl"):
                yield from _table_blocks(Table(child, paragraph))


def _table_blocks(table: Table) -> Iterator[str]:
    cells = {id(c._tc): c for row in table.rows for c in row.cells}
    if len(cells) == 1:  # a one-cell table is a box around text: keep its paragraphs
        yield from _blocks(next(iter(cells.values())))
    else:
        yield table_block(_row_cells(row) for row in table.rows)


def _blocks(container) -> Iterator[str]:  # noqa: ANN001 - a Document or a table cell
    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            yield paragraph_block(item.text)
            yield from _text_box_blocks(item)
        elif isinstance(item, Table):
            yield from _table_blocks(item)


def read_docx(data: bytes, path: Path) -> ReadResult:
    document = docx.Document(io.BytesIO(data))
    props = document.core_properties
    return ReadResult(
        text=join_blocks(_blocks(document)),
        format="docx",
        title=clean_title(props.title),
        # The last save is the closest the file says to when it was published.
        date=latest(iso_date(props.modified), iso_date(props.created)),
    )
