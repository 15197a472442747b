"""DOCX (Office Open XML) with python-docx: body paragraphs and tables in document order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from extract.readers import ReadResult
from extract.readers.blocks import clean_inline, join_blocks, table_block
from extract.readers.metadata import clean_title, iso_date, latest


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


def _blocks(document) -> Iterator[str]:  # noqa: ANN001
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield clean_inline(item.text)
        elif isinstance(item, Table):
            yield table_block(_row_cells(row) for row in item.rows)


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
