"""Split a document into units: table rows, list items, headings and prose sentences.

Every unit keeps character offsets into the document text. A table row knows its cells and the
header row of its table (so a cell can be read as "the 사업명 of this row"); a list item knows its
marker; prose lines are split into sentences on the Korean sentence endings (다. 음. 함. 임.).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citykg.extract.clean import is_boilerplate
from citykg.extract.table_columns import column_roles

# Bullet and numbering markers at the start of a line.
_BULLET = re.compile(
    r"^[ \t]*(?:[-–—]\s*)?(?:\\?\*\s*)?"
    r"(?P<marker>[○□■▲△▶►▷◆◇●◦•·‧ㅇ※☞❍➊-➓]|[①-⑳]|\(\d{1,2}\)|\d{1,2}[.)](?!\d)|[가-하][.)]"
    r"|[IVX]{1,4}\.|-|\\?\*|#{1,6})\s*"
)
_HEADING_MD = re.compile(r"^\s*(?:#{1,6}\s+|\*\*(?=.*\*\*\s*$))")
# Sentence end: 다/음/함/임/요 + period, or a period followed by a space and more text.
_SENT_END = re.compile(r"(?<=[다음함임요됨])[.。](?=\s|$)")
_HTML_TAG = re.compile(r"<[^>]{1,80}>")
# "LABEL: value" opening a list item: the label runs to the first colon of the item's first 60 characters
_ITEM_LABEL = re.compile(r"\s*(?:[-–·•◦○□▪※*]|\d+[.)])?\s*(?P<label>[^:：\n]{2,60}?)\s*[:：]\s*")


@dataclass
class Unit:
    start: int
    end: int
    kind: str  # row, item, heading, sentence
    text: str
    line: int  # index of the source line
    marker: str | None = None  # bullet/number marker of an item
    cells: list[tuple[int, int]] = field(default_factory=list)  # rows: cell spans (may be empty cells)
    header: list[str] | None = None  # rows: the header row's cell texts (None for the header itself)
    table: int | None = None  # rows: table number
    row: int = 0  # rows: row index within the table

    def cell_text(self, doc_text: str, i: int) -> str:
        s, e = self.cells[i]
        return doc_text[s:e]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside [start, end) of `text` (rule-based: endings 다. 음. 함. 임.)."""
    spans = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        e = m.end()
        a, b = _strip_span(text, s, e)
        if b > a:
            spans.append((a, b))
        s = e
    a, b = _strip_span(text, s, end)
    if b > a:
        spans.append((a, b))
    return spans


_PIPE_RULE = re.compile(r"^[\s|:\-–—+=]*$")


def _pipe_rows(lines: list[str]) -> set[int]:
    """Lines of a plain-text table drawn with "|" ("사업명 | 주관 | 예산"): two or more consecutive
    lines with at least two bars each (rule lines of dashes between them included)."""
    bars = [line.count("|") >= 2 and not _PIPE_RULE.match(line) for line in lines]
    rows: set[int] = set()
    i = 0
    while i < len(lines):
        if not bars[i]:
            i += 1
            continue
        j = i
        block = []
        while j < len(lines) and (bars[j] or (lines[j].strip() and _PIPE_RULE.match(lines[j]) and "|" in lines[j])):
            if bars[j]:
                block.append(j)
            j += 1
        if len(block) >= 2:
            rows.update(block)
        i = max(j, i + 1)
    return rows


# "선정 결과(지자체 / 과제명 / 국비)": a caption whose brackets name the columns of the rows below it
_SLASH_HEADER = re.compile(r"[(（](?P<h>[^()（）/\n]{1,12}(?:/[^()（）/\n]{1,12}){1,5})[)）]\s*[:：]?\s*$")


def _fields(line: str, start: int) -> list[tuple[int, int]]:
    spans, c = [], start
    for part in line[start:].split("/"):
        a = c + len(part) - len(part.lstrip())
        spans.append((a, c + len(part.rstrip())))
        c += len(part) + 1
    return spans


def _slash_rows(lines: list[str]) -> dict[int, tuple[str, list[tuple[int, int]]]]:
    """Tables written as a caption that names its columns in brackets, then one line per row with
    the same number of fields split by "/" ("1. A군 / P / 10억원"). Line -> ("header" | "row", field
    spans within the line). At least two of the header's fields must be column words (structure.toml
    [table]) and two rows must follow."""
    out: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for i, line in enumerate(lines):
        m = _SLASH_HEADER.search(line)
        if not m:
            continue
        head = _fields(line, m.start("h"))
        head = [(a, min(b, m.end("h"))) for a, b in head]
        if sum(r is not None for r in column_roles(tuple(line[a:b] for a, b in head))) < 2:
            continue
        rows = []
        for j in range(i + 1, len(lines)):
            b = _BULLET.match(lines[j])
            start = b.end() if b else len(lines[j]) - len(lines[j].lstrip())
            cells = _fields(lines[j], start)
            if len(cells) != len(head) or any(a >= e for a, e in cells):
                break
            rows.append((j, cells))
        if len(rows) >= 2:
            out[i] = ("header", head)
            out.update((j, ("row", cells)) for j, cells in rows)
    return out


def segment(text: str) -> list[Unit]:
    units: list[Unit] = []
    pos = 0
    piped = _pipe_rows(text.split("\n"))
    slashed = _slash_rows(text.split("\n"))
    table_no = 0
    header: list[str] | None = None
    in_table = False
    row_index = 0
    for line_no, line in enumerate(text.split("\n")):
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        if not line.strip() or is_boilerplate(line) or (in_table and _PIPE_RULE.match(line) and "|" in line):
            if not line.strip() or (in_table and _PIPE_RULE.match(line)):
                continue
            in_table = False
            continue
        if line_no in slashed:
            kind, spans = slashed[line_no]
            cells = [(lstart + a, lstart + b) for a, b in spans]
            if kind == "header":
                a, b = _strip_span(text, lstart, cells[0][0] - 1)
                bm = _BULLET.match(line)
                a = max(a, lstart + bm.end()) if bm else a
                if b > a:  # the caption's words ("선정 결과") stand above the table
                    units.append(Unit(a, b, "heading", text[a:b], line_no))
                table_no += 1
                row_index = 0
                header = [text[s:e] for s, e in cells]
                a, b = cells[0][0], cells[-1][1]
                units.append(Unit(a, b, "row", text[a:b], line_no, cells=cells, header=None, table=table_no, row=0))
            else:
                row_index += 1
                a, b = cells[0][0], cells[-1][1]
                units.append(
                    Unit(a, b, "row", text[a:b], line_no, cells=cells, header=header, table=table_no, row=row_index)
                )
            in_table = False
            continue
        if "\t" in line or line_no in piped:
            sep = "\t" if "\t" in line else "|"
            cells = []
            c = lstart
            parts = line.split(sep)
            for k, part in enumerate(parts):
                if sep == "|" and not part.strip() and k in (0, len(parts) - 1):
                    c += len(part) + 1
                    continue  # the bars that open and close a markdown row
                cells.append(_strip_span(text, c, c + len(part)))
                c += len(part) + 1
            a, b = _strip_span(text, lstart, lend)
            if not in_table:
                table_no += 1
                in_table = True
                row_index = 0
                header = [_HTML_TAG.sub(" ", text[s:e]).strip() for s, e in cells]
                units.append(Unit(a, b, "row", text[a:b], line_no, cells=cells, header=None, table=table_no, row=0))
            else:
                row_index += 1
                units.append(
                    Unit(a, b, "row", text[a:b], line_no, cells=cells, header=header, table=table_no, row=row_index)
                )
            continue
        in_table = False
        m = _BULLET.match(line)
        if m and m.end() < len(line):
            marker = m.group("marker")
            a, b = _strip_span(text, lstart + m.end(), lend)
            kind = "heading" if marker.startswith("#") else "item"
            for s, e in split_sentences(text, a, b):
                units.append(Unit(s, e, kind, text[s:e], line_no, marker=marker))
            continue
        a, b = _strip_span(text, lstart, lend)
        if _HEADING_MD.match(line):
            units.append(Unit(a, b, "heading", text[a:b], line_no))
            continue
        spans = split_sentences(text, a, b)
        kind = "sentence" if (len(spans) > 1 or re.search(r"[다음함]\.?\s*$", line)) else "heading"
        for s, e in spans:
            units.append(Unit(s, e, kind, text[s:e], line_no))
    return units


def item_label(text: str, u: Unit) -> tuple[int, int, int] | None:
    """(label start, label end, value start) of a list item "LABEL: value" ("○ 사 업 명: P",
    "- NAME: ㈜X"), else None."""
    if u.kind != "item":
        return None
    m = _ITEM_LABEL.match(text, u.start, u.end)
    return (m.start("label"), m.end("label"), m.end()) if m else None


# "NAME(A구 B동) – 참여기업: ㈜X, Y": a list item naming a thing, the place in brackets, then after a
# dash one field whose label is a table column word (structure.toml [table])
_ITEM_FIELD = re.compile(
    r"(?P<name>[^()（）:：–—\n]{2,60}?)\s*(?:[(（](?P<br>[^()（）\n]{1,40})[)）])?\s*[–—-]\s+"
    r"(?P<label>[^:：()\n]{2,12}?)\s*[:：]\s*(?P<value>\S.*)"
)


@dataclass(frozen=True)
class ItemField:
    name: tuple[int, int]
    bracket: tuple[int, int] | None
    role: str  # the column role of the label: participant, lead, place ...
    label: str
    value: tuple[int, int]


def item_field(text: str, u: Unit) -> ItemField | None:
    """The parts of an item "NAME(PLACE) – LABEL: value" (see _ITEM_FIELD), else None."""
    if u.kind != "item":
        return None
    m = _ITEM_FIELD.fullmatch(text, u.start, u.end)
    if not m:
        return None
    role = column_roles((m.group("label"),))[0]
    if role is None:
        return None
    return ItemField(m.span("name"), m.span("br") if m.group("br") else None, role, m.group("label"), m.span("value"))

