"""`--workers N`: records in input order, byte-identical to one worker; bad files and dead workers named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citykg.extract.parallel import CRASH_ON, CRASH_ONCE
from citykg.extract.pipeline import extract_paths

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples (but the longest) twice over, and an empty file in the middle."""
    d = tmp_path_factory.mktemp("corpus")
    for copy in ("a", "b"):
        for f in sorted(SAMPLES.glob("00[0-3]_*.txt")):
            shutil.copy(f, d / f"{copy}_{f.name}")
    (d / "a_empty.txt").write_text("  \n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def one_worker(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list]:
    out = tmp_path_factory.mktemp("one") / "out.jsonl"
    summary = extract_paths([corpus], out, progress=False, workers=1)
    return out.read_bytes(), summary.failures


def test_two_workers_write_the_bytes_of_one(corpus: Path, one_worker, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    summary = extract_paths([corpus], out, progress=False, workers=2)
    assert out.read_bytes() == one_worker[0]
    assert summary.documents == 8
    assert summary.failures == one_worker[1] and "a_empty.txt" in summary.failures[0][0]
    assert "a_empty.txt: empty file" in capsys.readouterr().err
    assert len(summary.peak_rss_kb) == 2 and all(kb > 0 for kb in summary.peak_rss_kb.values())


def test_a_worker_that_dies_once_is_survived(corpus, one_worker, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(CRASH_ON, "a_001_0ef6639a4301d71c.txt")
    monkeypatch.setenv(CRASH_ONCE, str(tmp_path / "crashed"))
    out = tmp_path / "out.jsonl"
    summary = extract_paths([corpus], out, progress=False, workers=2)
    assert (tmp_path / "crashed").exists()  # the worker did die
    assert out.read_bytes() == one_worker[0]
    assert summary.failures == one_worker[1]


def test_a_document_that_kills_its_worker_twice_is_named(corpus, one_worker, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(CRASH_ON, "b_002_f7c082162298c1df.txt")
    out = tmp_path / "out.jsonl"
    summary = extract_paths([corpus], out, progress=False, workers=2)
    named = [f for f, _ in summary.failures]
    assert any(f.endswith("b_002_f7c082162298c1df.txt") for f in named)
    assert "b_002_f7c082162298c1df.txt: the extraction worker died" in capsys.readouterr().err
    expected = [ln for ln in one_worker[0].splitlines() if b'"doc:b_002_f7c082162298c1df.txt"' not in ln]
    assert out.read_bytes().splitlines() == expected and summary.documents == 7
