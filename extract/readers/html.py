"""HTML with trafilatura: the main text of a web page without navigation, menus, scripts or footers.

trafilatura was chosen over a hand-made selectolax walk because finding the article body on a portal page
(government press-release boards: menus, breadcrumbs, "most read" boxes, footers) is its whole job; it also
keeps tables and reads the title and publication date from <title>, og:title, article:published_time or
<meta name="date">. Its XML output is rendered here so blocks stay lines and table rows stay tab-separated.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from citykg.extract.readers import ReadError, ReadResult
from citykg.extract.readers.blocks import join_blocks, paragraph_block, table_block
from citykg.extract.readers.metadata import clean_title, iso_date
from citykg.extract.readers.text import decode_text, normalize_newlines

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Korean pages labelled EUC-KR routinely hold CP949-only syllables; CP949 is its superset.
_KOREAN_LEGACY = {"euc_kr", "ks_c_5601_1987", "ksc5601", "ks_c_5601", "korean", "cp949", "uhc"}


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """The page's own <meta charset> when it decodes cleanly, else the plain-text detection."""
    m = _META_CHARSET.search(data[:8192])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        label = m.group(1).decode("ascii", "ignore").lower()
        try:
            name = codecs.lookup(label).name
        except LookupError:
            name = ""
        if name.replace("-", "_") in _KOREAN_LEGACY or label.replace("-", "_") in _KOREAN_LEGACY:
            name = "cp949"
        if name:
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    return decode_text(data, path)


_TITLE_PARTS = re.compile(r"\s+(?:\||::|-|–|—|:)\s+")
_BREADCRUMB = re.compile(r"\s(?:>|›|»)\s")


# Containers whose <br>-separated text is made into paragraphs; trafilatura keeps a <br> as a line break
# inside a <p> but drops it in text sitting directly in a <div>, which old board pages are full of.
_BREAK_CONTAINERS = {"div", "section", "article", "main", "body", "center", "blockquote"}
_HTML_BLOCKS = {"p", "div", "table", "ul", "ol", "dl", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                "article", "blockquote", "pre", "form", "header", "footer", "nav", "aside", "hr"}


def breaks_to_paragraphs(page: str) -> str:
    """The page with each run of text between <br>s in a block container wrapped in a <p>."""
    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return page
    changed = False
    for el in list(tree.iter(*_BREAK_CONTAINERS)):
        kids = list(el)
        if not any(k.tag == "br" for k in kids) or any(k.tag in _HTML_BLOCKS for k in kids):
            continue
        paragraph = etree.Element("p")
        paragraph.text, el.text = el.text, None
        paragraphs = [paragraph]
        for kid in kids:
            if kid.tag == "br":
                paragraph = etree.Element("p")
                paragraph.text = kid.tail
                paragraphs.append(paragraph)
                el.remove(kid)
            else:
                paragraph.append(kid)  # moves the element, its tail with it
        el.extend(paragraphs)
        changed = True
    return lxml_html.tostring(tree, encoding="unicode") if changed else page


def page_title(title: str | None) -> str | None:
    """The document's title out of a page <title>: site and board names cut ("제목 | 보도자료 | 부처"),
    none from a breadcrumb ("국토교통부 > 뉴스·소식 > 보도자료"), which names the board, not the document."""
    if not title or _BREADCRUMB.search(title):
        return None
    return max(_TITLE_PARTS.split(title), key=len)


_BLOCKS = {"p", "head", "list", "table", "div", "quote", "code", "section"}


def _text(el: etree._Element) -> str:
    """An element's text with <lb/> and the bounds of inner blocks as line breaks."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _BLOCKS or child.tag in ("row", "item"):
            parts.append(f"\n{_text(child)}\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _as_blocks(el: etree._Element) -> Iterator[str]:
    if any(child.tag in _BLOCKS for child in el):
        # A container of blocks (trafilatura keeps some <div>s, a layout table's cell): its loose text,
        # then its blocks.
        yield paragraph_block(el.text or "")
        yield from _blocks(el)
    else:
        yield paragraph_block(_text(el))


def _blocks(parent: etree._Element) -> Iterator[str]:
    for el in parent:
        if el.tag == "table":
            rows = [row.findall("cell") for row in el.findall("row")]
            if all(len(cells) <= 1 for cells in rows):  # one column: a layout table, its cells are blocks
                for cells in rows:
                    for cell in cells:
                        yield from _as_blocks(cell)
            else:
                yield table_block([_text(cell) for cell in cells] for cells in rows)
        elif el.tag == "list":
            yield "\n".join(paragraph_block(_text(item)) for item in el.findall("item"))
        elif el.tag != "graphic":
            yield from _as_blocks(el)
        yield paragraph_block(el.tail or "")


def _raw_title(html: str) -> str | None:
    """og:title, else <title>: trafilatura's own title keeps only the first " | "/" - " part, which on a
    board page ("보도자료 - 제목") is the board's name."""
    tree = load_html(html)
    if tree is None:
        return None
    found = tree.xpath('//meta[@property="og:title"]/@content') or tree.xpath("//title/text()")
    return str(found[0]) if found else None


def read_html(data: bytes, path: Path) -> ReadResult:
    html, enc = decode_html(data, path)
    page = breaks_to_paragraphs(html)
    options = dict(output_format="xml", include_tables=True, include_comments=False, include_images=False,
                   include_links=False, include_formatting=False, with_metadata=True, deduplicate=False)
    # Precision first (drops breadcrumbs and teasers); recall when that finds no main text on a short page.
    xml = trafilatura.extract(page, **options) or trafilatura.extract(page, favor_recall=True, **options)
    if xml:
        doc = etree.fromstring(xml.encode("utf-8"))
        main = doc.find("main")
        text = join_blocks(_blocks(main)) if main is not None else ""
        day = doc.get("date")
    else:
        # No article structure at all (a bare fragment): the baseline takes the page's text paragraphs.
        _, text, _ = trafilatura.baseline(page)
        text = join_blocks(paragraph_block(b) for b in normalize_newlines(text).split("\n"))
        meta = trafilatura.extract_metadata(html)
        day = meta.date if meta is not None else None
    if not text.strip():
        raise ReadError(path, "no readable text in this HTML page (only markup or scripts); save the article")
    title = clean_title(page_title(_raw_title(html)))
    return ReadResult(text=text, format="html", encoding=enc, title=title,
                      date=iso_date(day))
