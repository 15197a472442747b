"""benchmarks/make_corpus.py: the same documents for the same seed, Korean text the extractor reads."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import josa, make_corpus  # noqa: E402

from citykg.extract.pipeline import extract_document  # noqa: E402


def read_all(files: list[Path]) -> list[str]:
    return [f.read_text(encoding="utf-8") for f in files]


def test_the_same_seed_gives_the_same_documents(tmp_path: Path) -> None:
    a = make_corpus(6, tmp_path / "a", seed=5)
    b = make_corpus(6, tmp_path / "b", seed=5)
    c = make_corpus(6, tmp_path / "c", seed=6)
    assert [f.name for f in a] == [f.name for f in b] and read_all(a) == read_all(b)
    assert read_all(a) != read_all(c)
    assert all(len(t) >= 800 for t in read_all(a))


def test_particles_follow_the_last_sound() -> None:
    assert josa("세종시", "은/는") == "세종시는" and josa("국토교통부", "과/와") == "국토교통부와"
    assert josa("행정안전부", "을/를") == "행정안전부를" and josa("한국토지주택공사", "이/가") == "한국토지주택공사가"
    assert josa("서울특별시청", "을/를") == "서울특별시청을"


def test_the_extractor_finds_its_gazetteer_names(tmp_path: Path) -> None:
    f = make_corpus(1, tmp_path, seed=1)[0]
    rec = extract_document(f)
    types = {e.type for e in rec.entities}
    assert {"Ministry", "City"} <= types, types
    assert rec.relations
