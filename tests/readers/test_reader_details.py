"""Details of single formats: metadata variants, merged cells, protected HWPX, PDF line joining."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from readers_release import RELEASE, WRITERS, Doc, Release, write_hwpx, write_pdf

from citykg.extract.readers import ReadError, read_document
from citykg.extract.readers.metadata import clean_title, iso_date


def test_html_title_and_meta_date_without_open_graph(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in RELEASE.paragraphs)
    path.write_text(
        f'<html><head><title>{RELEASE.title}</title><meta name="date" content="2026-03-05"></head>'
        f"<body><div class='content'>{body}</div></body></html>",
        encoding="utf-8",
    )
    result = read_document(path)
    assert (result.title, result.date) == (RELEASE.title, "2026-03-05")
    assert result.text == "\n\n".join(RELEASE.paragraphs)


@pytest.mark.parametrize(
    ("page_title", "title"),
    [
        (f"{RELEASE.title} | 보도자료 | 국토교통부", RELEASE.title),
        (f"보도자료 - {RELEASE.title}", RELEASE.title),
        ("국토교통부 &gt; 뉴스·소식 &gt; 보도자료", None),  # a breadcrumb names the board, not the release
    ],
)
def test_html_title_without_site_names(tmp_path: Path, page_title: str, title: str | None) -> None:
    path = tmp_path / "page.html"
    body = "".join(f"<p>{p}</p>" for p in RELEASE.paragraphs)
    path.write_text(f"<html><head><title>{page_title}</title></head><body><div>{body}</div></body></html>",
                    encoding="utf-8")
    result = read_document(path)
    assert result.title == title
    assert result.text == "\n\n".join(RELEASE.paragraphs)  # paragraphs in a bare <div> stay apart


def test_html_board_page_with_br_separated_paragraphs(tmp_path: Path) -> None:
    # Old board pages put the release as text and <br>s straight into a <div>.
    body = "<br>\n".join(RELEASE.paragraphs)
    path = tmp_path / "board.html"
    path.write_text(
        "<html><head><title>보도자료</title></head><body><div id='menu'><a href='/'>홈</a> <a href='/n'>뉴스</a>"
        f"</div><div class='board_view'><div class='cont'>{body}</div></div></body></html>",
        encoding="utf-8",
    )
    assert read_document(path).text == "\n\n".join(RELEASE.paragraphs)


def test_html_layout_table_cells_are_blocks(tmp_path: Path) -> None:
    # A one-column table used for page layout is not data: its cells' paragraphs stay paragraphs.
    body = "".join(f"<p>{p}</p>" for p in RELEASE.paragraphs)
    path = tmp_path / "layout.html"
    path.write_text(f"<html><body><table width=800><tr><td>{RELEASE.title}</td></tr><tr><td>{body}</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    assert read_document(path).text == "\n\n".join([RELEASE.title, *RELEASE.paragraphs])


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "2026년 사업비"
    table.cell(0, 2).text = "비고"
    for j, value in enumerate(("국비", "150억 원", "세종특별자치시")):
        table.cell(1, j).text = value
    d.save(str(tmp_path / "merged.docx"))
    text = read_document(tmp_path / "merged.docx").text
    assert text == "2026년 사업비\t비고\n국비\t150억 원\t세종특별자치시"


TEXT_BOX_RUN = """<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>
<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>
</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>
</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
NAMESPACES = " ".join(f'xmlns:{k}="{v}"' for k, v in {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}.items())


def test_docx_text_box_is_read_once_after_its_anchor(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    anchor = d.add_paragraph(RELEASE.paragraphs[0])
    anchor._p.append(parse_xml(TEXT_BOX_RUN.format(ns=NAMESPACES, text="문의: 국토교통부 도시경제과")))
    d.add_paragraph(RELEASE.paragraphs[1])
    d.save(str(tmp_path / "box.docx"))
    text = read_document(tmp_path / "box.docx").text
    assert text.split("\n\n") == [RELEASE.paragraphs[0], "문의: 국토교통부 도시경제과", RELEASE.paragraphs[1]]


def test_docx_stale_template_date_loses_to_created(tmp_path: Path) -> None:
    import docx

    d = docx.Document()  # python-docx's template says it was last modified in 2013
    d.add_paragraph(RELEASE.paragraphs[0])
    d.core_properties.created = dt.datetime(2026, 3, 5, 9)
    d.save(str(tmp_path / "fresh.docx"))
    assert read_document(tmp_path / "fresh.docx").date == "2026-03-05"


@pytest.mark.parametrize("fmt", ["docx", "hwpx", "hwp", "pdf"])
def test_a_one_cell_table_is_a_box_of_paragraphs(tmp_path: Path, fmt: str) -> None:
    # Korean releases put their summary in a framed box, which the word processor stores as a 1x1 table.
    summary = ("세종특별자치시, 스마트시티 챌린지 본사업 착수", "LG CNS 컨소시엄이 자율주행 셔틀 운영")
    doc = Doc([RELEASE.title, (("\n".join(summary),),), RELEASE.paragraphs[0]])
    text = read_document(WRITERS[fmt](tmp_path / f"box.{fmt}", doc)).text
    assert text.split("\n\n") == [RELEASE.title, *summary, RELEASE.paragraphs[0]]


def _distribution_copy(hwp: bytes, seed: bytes = b"\x5a\x13\xc7\x02") -> bytes:
    """Make a distribution document (배포용 문서) of an HWP file the way Hangul stores one: each section
    moved to ViewText, AES-128-ECB encrypted under a key hidden in a scrambled DISTRIBUTE_DOC_DATA record."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from hwpx.hwp5.cfb import CompoundFile, build_compound_file, read_all_streams

    from citykg.extract.readers.hwp_distribution import HWPTAG_DISTRIBUTE_DOC_DATA, key_offset, scramble

    key = bytes(range(0x30, 0x40))
    payload = bytearray(seed + bytes(252))
    at = key_offset(bytes(payload))
    payload[at:at + 16] = key
    record = (HWPTAG_DISTRIBUTE_DOC_DATA | 256 << 20).to_bytes(4, "little") + scramble(bytes(payload))
    streams = dict(read_all_streams(CompoundFile(hwp)))
    for name in [n for n in streams if n.startswith("BodyText/")]:
        body = streams.pop(name)
        body += bytes(-len(body) % 16)
        encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
        streams["ViewText/" + name.split("/", 1)[1]] = record + encryptor.update(body) + encryptor.finalize()
        streams[name] = b""  # Hangul leaves a stand-in here
    header = bytearray(streams["FileHeader"])
    header[36] |= 0x04  # properties bit 2: distribution document
    streams["FileHeader"] = bytes(header)
    return build_compound_file(sorted(streams.items()))


def test_hwp_distribution_document_is_decrypted(release_files: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "distribution.hwp"
    path.write_bytes(_distribution_copy(release_files["hwp"].read_bytes()))
    result = read_document(path)
    assert (result.format, result.text, result.title) == ("hwp", RELEASE.text, RELEASE.title)


def test_hwpx_text_box_is_read_in_place(tmp_path: Path) -> None:
    # A text box (hp:rect with hp:drawText) anchored in the second paragraph, holding a one-row table.
    plain = write_hwpx(tmp_path / "plain.hwpx")
    box = ('<hp:rect id="9"><hp:drawText><hp:subList><hp:p><hp:run><hp:t>문의: 국토교통부 도시경제과</hp:t>'
           "<hp:tbl><hp:tr><hp:tc><hp:subList><hp:p><hp:run><hp:t>담당</hp:t></hp:run></hp:p></hp:subList></hp:tc>"
           "<hp:tc><hp:subList><hp:p><hp:run><hp:t>044-201-0000</hp:t></hp:run></hp:p></hp:subList></hp:tc>"
           "</hp:tr></hp:tbl></hp:run></hp:p></hp:subList></hp:drawText></hp:rect>")
    boxed = tmp_path / "boxed.hwpx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(boxed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "Contents/section0.xml":
                anchor = RELEASE.paragraphs[0].encode()
                at = data.index(b"</hp:run>", data.index(anchor))
                data = data[:at] + box.encode() + data[at:]
            dst.writestr(item, data)
    blocks = read_document(boxed).text.split("\n\n")
    at = blocks.index(RELEASE.paragraphs[0])
    expected = ["문의: 국토교통부 도시경제과", "담당\t044-201-0000", RELEASE.paragraphs[1]]
    assert blocks[at + 1 : at + 4] == expected


def test_password_protected_hwpx(tmp_path: Path) -> None:
    plain = write_hwpx(tmp_path / "plain.hwpx")
    locked = tmp_path / "locked.hwpx"
    manifest = (
        '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<odf:file-entry odf:full-path="Contents/section0.xml"><odf:encryption-data odf:checksum="x"/>'
        "</odf:file-entry></odf:manifest>"
    )
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(locked, "w") as dst:
        for item in src.infolist():
            data = manifest.encode() if item.filename == "META-INF/manifest.xml" else src.read(item)
            dst.writestr(item, data)
    with pytest.raises(ReadError, match="password-protected HWPX"):
        read_document(locked)


def _space_positions(text: str) -> set[int]:
    """Where the spaces fall, counted in non-space characters (comparable across respacing)."""
    positions, n = set(), 0
    for ch in text:
        if ch == " ":
            positions.add(n)
        else:
            n += 1
    return positions


def test_pdf_wrapped_lines_join_into_paragraphs(tmp_path: Path) -> None:
    source = (
        "과학기술정보통신부와 부산광역시는 데이터 기반 도시 운영을 위해 에코델타 스마트시티 시범도시에서 "
        "통합 플랫폼을 구축하고 있으며, 올해 하반기에는 네이버클라우드와 KT가 함께 참여하는 실증 사업을 "
        "시작한다고 밝혔다. 부산광역시는 이를 위해 관련 예산 120억 원을 편성했다."
    )
    doc = Release(title="제목", date="2026-01-02", paragraphs=(source, "문의: 스마트도시과"),
                  table=(("구분", "예산"), ("부산광역시", "120억 원")))
    path = write_pdf(tmp_path / "long.pdf", doc)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        line_ends = [line["text"].split()[-1] for line in pdf.pages[0].extract_text_lines()]
    assert "KT가" in line_ends and "120" in line_ends  # the layout wraps after a particle and inside "120억"

    paragraph = read_document(path).text.split("\n\n")[1]  # after the headline
    assert paragraph.replace(" ", "") == source.replace(" ", "")  # one paragraph, nothing lost or added
    assert _space_positions(paragraph) <= _space_positions(source)  # never a space inside a word
    assert "KT가 함께" in paragraph  # a particle ends the word: the space comes back
    assert "120억 원" in paragraph  # a number and its unit stay together


def test_pdf_paragraphs_go_on_across_pages(tmp_path: Path) -> None:
    # A real sample's paragraphs over several pages, with a running header and page numbers: no paragraph
    # is split (at a wrap, across a page, around the furniture), and the furniture comes out on its own.
    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "001_0ef6639a4301d71c.txt"
    paragraphs = [line.strip() for line in sample.read_text(encoding="utf-8").split("\n") if len(line) > 40]
    header = "스마트도시 정책 브리핑"
    path = write_pdf(tmp_path / "pages.pdf", Doc(paragraphs), running_header=header)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        last_lines = [page.extract_text_lines()[-2]["text"] for page in pdf.pages[:-1]]
    assert pages >= 3
    assert any(not line.endswith(".") for line in last_lines)  # some paragraph does go over a page

    def letters(text: str) -> str:  # spaces aside (wraps lose some) and the glyphs the test font lacks
        return re.sub(r"[^0-9A-Za-z가-힣]", "", text)

    blocks = read_document(path).text.split("\n\n")
    whole = [letters(b) for b in blocks]
    assert [p for p in paragraphs if not any(letters(p) in b for b in whole)] == []
    assert blocks.count(header) == pages
    assert {f"- {n} -" for n in range(1, pages + 1)} <= set(blocks)


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Microsoft Word - 보도자료 최종.docx", None),
        ("untitled", None),
        ("  스마트도시  계획 ", "스마트도시 계획"),
        (b"\xec\x84\xb8\xec\xa2\x85", "세종"),
    ],
)
def test_clean_title(raw: object, title: str | None) -> None:
    assert clean_title(raw) == title


@pytest.mark.parametrize(
    ("raw", "day"),
    [("D:20260305090000+09'00'", "2026-03-05"), ("2025-09-17T04:32:50Z", "2025-09-17"),
     (dt.datetime(2026, 3, 5, 23, 59), "2026-03-05"), ("1601-01-01T00:00:00Z", None), ("D:20261345", None),
     ("", None)],
)
def test_iso_date(raw: object, day: str | None) -> None:
    assert iso_date(raw) == day


def test_reading_is_deterministic(release_files: dict[str, Path]) -> None:
    # Offsets and --dump-text refer to ReadResult.text: reading again must give exactly the same string.
    for path in release_files.values():
        assert read_document(path).text == read_document(path).text
