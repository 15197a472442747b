"""Build one short press release as real files of every format, each with the format's own writer.

The release is our own text (not from the seed corpus): a title, a date, a ministry, a city, a company,
a public body, a program and a table. Every builder writes the same blocks, so the text read back from
each format must equal `RELEASE.text` and what is extracted from it must equal what the .txt gives.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass
from pathlib import Path

Rows = tuple[tuple[str, ...], ...]
Block = str | Rows  # a paragraph, or a table's rows


def render(blocks: list[Block]) -> str:
    """Blocks as the readers write them: paragraphs split by a blank line, table rows tab-separated."""
    return "\n\n".join(b if isinstance(b, str) else "\n".join("\t".join(row) for row in b) for b in blocks)


@dataclass(frozen=True)
class Doc:
    """What the writers write: blocks, plus the title and date they put in the format's metadata."""

    blocks: list[Block]
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD

    @property
    def text(self) -> str:
        return render(self.blocks)


@dataclass(frozen=True)
class Release:
    title: str
    date: str  # YYYY-MM-DD
    paragraphs: tuple[str, ...]  # the body; the title is written above it as the headline
    table: Rows

    @property
    def blocks(self) -> list[Block]:
        """The headline, then the body: a table after the second paragraph."""
        return [self.title, *self.paragraphs[:2], self.table, *self.paragraphs[2:]]

    @property
    def text(self) -> str:
        return render(self.blocks)


def seed_doc(text: str) -> Doc:
    """A plain-text document as blocks: runs of tab-separated lines are tables, other lines paragraphs."""
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for line in [*text.split("\n"), ""]:
        if "\t" in line:
            rows.append(tuple(line.split("\t")))
            continue
        if rows:
            width = max(map(len, rows))
            blocks.append(tuple(row + ("",) * (width - len(row)) for row in rows))
            rows = []
        if line.strip():
            blocks.append(line.strip())
    return Doc(blocks)


RELEASE = Release(
    title="세종 스마트시티 챌린지 본사업 착수",
    date="2026-03-05",
    paragraphs=(
        "국토교통부는 세종특별자치시와 함께 「스마트시티 챌린지 사업」 본사업에 착수한다고 5일 밝혔다.",
        "세종특별자치시는 공개 경쟁을 거쳐 LG CNS를 우선협상대상자로 선정했으며, "
        "한국토지주택공사가 사업 관리를 맡는다.",
        "이번 사업에서 세종특별자치시는 자율주행 셔틀과 통합 교통 플랫폼을 도입하고, "
        "국토교통부는 3년간 국비를 지원한다.",
        "국토교통부 도시경제과장은 \"시민이 체감하는 서비스를 만들겠다\"고 말했다.",
    ),
    table=(("구분", "국비", "지방비"), ("세종특별자치시", "150억 원", "100억 원")),
)


def write_txt(path: Path, r: Release | Doc = RELEASE) -> Path:
    path.write_text(r.text + "\n", encoding="utf-8")
    return path


BYLINE = "2026.03.05 국토교통부"  # the HTML page's byline under the headline: page text the others lack


def _html_block(block: Block) -> str:
    if isinstance(block, str):
        return f"<p>{html.escape(block)}</p>"
    rows = ("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block)
    return "<table>" + "".join(rows) + "</table>"


def html_page(r: Release | Doc = RELEASE, charset: str = "utf-8") -> str:
    """A portal-style press-release page: menus, breadcrumb, side box, footer, scripts around the article.
    A release's headline becomes the page's <h1>, with a byline under it."""
    headline = r.title if r.blocks and r.blocks[0] == r.title else None
    body = "\n".join(_html_block(b) for b in (r.blocks[1:] if headline else r.blocks))
    top = f"<h1>{headline}</h1><div class=\"info\">{BYLINE}</div>" if headline else ""
    published = f'<meta property="article:published_time" content="{r.date}T09:00:00+09:00">' if r.date else ""
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="{charset}">
<title>{r.title or "보도자료"} | 보도자료 | 정책포털</title>
<meta property="og:title" content="{r.title or "보도자료"}">
{published}
<script>window.menu = ["정책뉴스", "브리핑룸"]; console.log("스크립트 문구");</script>
<style>.gnb {{ color: #333 }}</style>
</head><body>
<header><nav class="gnb"><ul><li><a href="/">홈</a></li><li><a href="/news">정책뉴스</a></li>
<li><a href="/briefing">브리핑룸</a></li><li><a href="/data">정책자료</a></li></ul></nav>
<form class="search"><input name="q"><button>통합검색</button></form></header>
<div class="location">홈 &gt; 브리핑룸 &gt; 보도자료</div>
<div id="content"><article>{top}
<div class="view_cont">
{body}
</div></article></div>
<aside class="side"><h3>많이 본 뉴스</h3><ul><li><a href="/n/1">부산광역시 수소도시 조성 본격화</a></li>
<li><a href="/n/2">행정안전부 디지털플랫폼정부 추진</a></li></ul></aside>
<footer><p>(30103) 세종특별자치시 도움6로 11 | 저작권 정책 | Copyright 2026 All Rights Reserved.</p></footer>
</body></html>
"""


def write_html(path: Path, r: Release | Doc = RELEASE) -> Path:
    path.write_text(html_page(r), encoding="utf-8")
    return path


def write_docx(path: Path, r: Release | Doc = RELEASE) -> Path:
    import docx

    d = docx.Document()
    for block in r.blocks:
        if isinstance(block, str):
            d.add_paragraph(block)
            continue
        table = d.add_table(rows=len(block), cols=len(block[0]))
        for i, row in enumerate(block):
            for j, cell in enumerate(row):
                first, *more = cell.split("\n")  # a line break in a cell text starts a paragraph
                table.cell(i, j).text = first
                for line in more:
                    table.cell(i, j).add_paragraph(line)
    if r.title:
        d.core_properties.title = r.title
    if r.date:
        day = dt.datetime.fromisoformat(r.date).replace(hour=9)
        d.core_properties.created = day - dt.timedelta(days=2)
        d.core_properties.modified = day
    d.save(str(path))
    return path


def _hwpx_document(r: Release | Doc = RELEASE):  # noqa: ANN202 - hwpx.HwpxDocument
    from hwpx import HwpxDocument

    doc = HwpxDocument.new()
    first = True  # the blank document's one paragraph holds the page setup: write the first line into it
    for block in r.blocks:
        if isinstance(block, str):
            if first:
                doc.paragraphs[0].text = block
            else:
                doc.add_paragraph(block)
        else:
            table = doc.add_table(len(block), len(block[0]))
            for i, row in enumerate(block):
                for j, cell in enumerate(row):
                    table.cell(i, j).set_text(cell, split_paragraphs=True)
        first = False
    if r.date:
        saved = dt.datetime.fromisoformat(r.date)
        stamp = "%Y-%m-%dT%H:%M:%SZ"
        doc.parts.set_document_metadata(
            title=r.title,
            created_date=(saved - dt.timedelta(days=4)).strftime(stamp),
            modified_date=saved.strftime(stamp),
        )
    return doc


def write_hwpx(path: Path, r: Release | Doc = RELEASE) -> Path:
    path.write_bytes(_hwpx_document(r).to_bytes())
    return path


def write_hwp(path: Path, r: Release | Doc = RELEASE) -> Path:
    """HWP 5.0 binary, written by python-hwpx's HWP writer (OLE2 container, zlib record streams)."""
    path.write_bytes(_hwpx_document(r).to_bytes(format="hwp"))
    return path


CJK_FONT = "HYSMyeongJo-Medium"  # one of reportlab's built-in CID fonts: no font file needed


def write_pdf(path: Path, r: Release | Doc = RELEASE, running_header: str | None = None) -> Path:
    """With `running_header`, every page also gets that header and a "- N -" page number footer."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    style = ParagraphStyle("ko", fontName=CJK_FONT, fontSize=11, leading=16, wordWrap="CJK", spaceAfter=8)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story: list = []
    for block in r.blocks:
        if isinstance(block, str):
            story.append(Paragraph(html.escape(block), style))
        else:
            story += [Table([list(row) for row in block], style=grid), Spacer(1, 10)]
    buf = io.BytesIO()
    def furniture(canvas, doc) -> None:  # noqa: ANN001 - reportlab's page callback
        if running_header:
            canvas.setFont(CJK_FONT, 9)
            canvas.drawString(72, A4[1] - 40, running_header)
            canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    SimpleDocTemplate(buf, pagesize=A4, title=r.title or "", author="국토교통부").build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )
    writer = PdfWriter(clone_from=PdfReader(buf))
    if r.date:  # reportlab stamps "now"; set the creation date the way a publisher's export would.
        writer.add_metadata({"/CreationDate": f"D:{r.date.replace('-', '')}090000+09'00'"})
    with path.open("wb") as f:
        writer.write(f)
    return path


WRITERS = {"txt": write_txt, "html": write_html, "docx": write_docx, "pdf": write_pdf, "hwpx": write_hwpx,
           "hwp": write_hwp}
EXTENSIONS = {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "hwpx": ".hwpx", "hwp": ".hwp"}
