"""The five real sample documents, written as DOCX, HWPX, HWP, HTML and PDF, read back to the same content.

DOCX/HWPX/HWP must give the same lines (paragraphs and tab-separated table rows) and the same entities and
relations as the .txt. PDF loses what the test's writer cannot carry (characters outside its Korean CID
font) and the spaces at line wraps it cannot recover, so there the check is the sequence of characters:
nothing lost, nothing added, nothing out of order, tables included. HTML goes through main-text
extraction, which may drop a photo caption or a copyright line, and nothing else.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from readers_release import Doc, seed_doc, write_docx, write_html, write_hwp, write_hwpx, write_pdf

from citykg.extract.pipeline import extract_document
from citykg.extract.readers import read_document
from citykg.extract.readers.blocks import clean_inline

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.txt"))
WRITERS = {"docx": write_docx, "hwpx": write_hwpx, "hwp": write_hwp}


def lines(text: str) -> list[str]:
    """Non-blank lines, cells cleaned, trailing empty cells dropped (a ragged row is padded in a table)."""
    out = []
    for line in text.split("\n"):
        cells = [clean_inline(c) for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append("\t".join(cells))
    return out


def graph(path: Path) -> tuple[set, set]:
    record = extract_document(path)
    names = {e.id: e.name for e in record.entities}
    return ({(e.type, e.name) for e in record.entities},
            {(names[r.source], r.type, names[r.target]) for r in record.relations})


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("samples")
    files = {}
    for sample in SAMPLES:
        doc = seed_doc(sample.read_text(encoding="utf-8"))
        for fmt, write in {**WRITERS, "pdf": write_pdf, "html": write_html}.items():
            files[sample.stem, fmt] = write(folder / f"{sample.stem}.{fmt}", doc)
    return files


def test_samples_read_as_plain_text() -> None:
    # The baseline of the comparisons here: the samples themselves come back unchanged, as text.
    assert len(SAMPLES) == 5
    for sample in SAMPLES:
        result = read_document(sample)
        assert (result.format, result.text) == ("txt", sample.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
def test_office_formats_read_back_line_for_line(written: dict, sample: Path, fmt: str) -> None:
    text = read_document(written[sample.stem, fmt]).text
    assert lines(text) == lines(sample.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
def test_html_page_reads_back_its_article(written: dict, sample: Path) -> None:
    want = lines(sample.read_text(encoding="utf-8"))
    got = lines(read_document(written[sample.stem, "html"]).text)
    ops = difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes()
    assert {op for op, *_ in ops} <= {"equal", "delete"}  # nothing added, changed or moved
    dropped = [line for op, i1, i2, _, _ in ops if op == "delete" for line in want[i1:i2]]
    assert len(dropped) <= 2, dropped


@pytest.mark.parametrize("fmt", list(WRITERS))
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
def test_office_formats_extract_like_the_txt(written: dict, sample: Path, fmt: str) -> None:
    assert graph(written[sample.stem, fmt]) == graph(sample)


@pytest.fixture(scope="module")
def font_losses(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Characters of the samples that a PDF written with the test's CID font does not give back, and
    the ones it gives back instead (an en dash comes back as a soft hyphen)."""
    chars = sorted({c for s in SAMPLES for c in s.read_text(encoding="utf-8") if not c.isspace()})
    rows = ["".join(chars[i:i + 30]) for i in range(0, len(chars), 30)]
    pdf = write_pdf(tmp_path_factory.mktemp("chars") / "chars.pdf", Doc(rows))
    back = set(read_document(pdf).text)
    return (set(chars) - back) | (back - set(chars))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem[:3])
def test_pdf_keeps_every_character_in_order(written: dict, sample: Path, font_losses: set[str]) -> None:
    lost = font_losses
    assert len(lost) < 40  # the check below must still cover nearly all of the text
    drop = re.compile(f"[\\s{re.escape(''.join(lost))}]") if lost else re.compile(r"\s")
    expected = drop.sub("", seed_doc(sample.read_text(encoding="utf-8")).text)
    got = drop.sub("", read_document(written[sample.stem, "pdf"]).text)
    assert got == expected
