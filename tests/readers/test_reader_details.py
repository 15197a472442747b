"""Details of single formats: metadata variants, merged cells, protected HWPX, PDF line joining."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from readers_release import RELEASE, Release, write_hwpx, write_pdf

from extract.readers import ReadError, read_document
from extract.readers.metadata import clean_title, iso_date


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


def test_docx_stale_template_date_loses_to_created(tmp_path: Path) -> None:
    import docx

    d = docx.Document()  # python-docx's template says it was last modified in 2013
    d.add_paragraph(RELEASE.paragraphs[0])
    d.core_properties.created = dt.datetime(2026, 3, 5, 9)
    d.save(str(tmp_path / "fresh.docx"))
    assert read_document(tmp_path / "fresh.docx").date == "2026-03-05"


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
