"""Each format, written by its own writer, reads back to the same text, title and date."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_release import BYLINE, RELEASE

from citykg.extract.readers import read_document

FORMATS = ["txt", "html", "docx", "pdf", "hwpx", "hwp"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_equals_the_release(release_files: dict[str, Path], fmt: str) -> None:
    result = read_document(release_files[fmt])
    assert result.format == fmt
    if fmt == "html":
        # The page's main text also holds the byline under the headline.
        blocks = result.text.split("\n\n")
        assert blocks.pop(1) == BYLINE
        assert "\n\n".join(blocks) == RELEASE.text
    else:
        assert result.text.rstrip("\n") == RELEASE.text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "hwpx", "hwp"])
def test_title_and_date_from_metadata(release_files: dict[str, Path], fmt: str) -> None:
    result = read_document(release_files[fmt])
    assert result.title == RELEASE.title
    assert result.date == RELEASE.date


def test_plain_text_has_no_metadata(release_files: dict[str, Path]) -> None:
    result = read_document(release_files["txt"])
    assert (result.title, result.date, result.encoding) == (None, None, "utf-8")


def test_html_drops_navigation_scripts_and_footer(release_files: dict[str, Path]) -> None:
    text = read_document(release_files["html"]).text
    for noise in ("정책뉴스", "통합검색", "스크립트 문구", "color", "많이 본 뉴스", "수소도시", "Copyright"):
        assert noise not in text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "hwpx", "hwp"])
def test_table_rows_are_tab_separated_lines(release_files: dict[str, Path], fmt: str) -> None:
    lines = read_document(release_files[fmt]).text.split("\n")
    assert "세종특별자치시\t150억 원\t100억 원" in lines


@pytest.mark.parametrize(
    ("fmt", "wrong_ext"),
    [("pdf", ".hwp"), ("docx", ".pdf"), ("hwpx", ".docx"), ("hwp", ".hwpx"), ("html", ".txt")],
)
def test_format_comes_from_content_not_extension(
    release_files: dict[str, Path], tmp_path: Path, fmt: str, wrong_ext: str
) -> None:
    misnamed = tmp_path / f"release{wrong_ext}"
    misnamed.write_bytes(release_files[fmt].read_bytes())
    result = read_document(misnamed)
    assert result.format == fmt
    assert result.text == read_document(release_files[fmt]).text
