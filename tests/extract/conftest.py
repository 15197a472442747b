"""Shared helpers for the extraction tests: run the real pipeline (real Kiwi, real spaCy)."""

from __future__ import annotations

import pytest

from citykg.extract.pipeline import extract_text


def run(text: str):
    """Extract a short text and index the result: (record, {name/alias: entity}, {(src, type, tgt) names})."""
    rec = extract_text(text, source="test.txt", doc_id="doc:test")
    by_name = {}
    for e in rec.entities:
        for n in [e.name, *e.aliases]:
            by_name.setdefault(n, e)
    names = {e.id: e.name for e in rec.entities}
    rels = {(names[r.source], r.type, names[r.target]) for r in rec.relations}
    return rec, by_name, rels


@pytest.fixture
def extract():
    return run


Rel = tuple[str, str, str]


@pytest.fixture
def check():
    """check(text, must, must_not): the relations (source, type, target names) a text must and must not give."""

    def _check(text: str, must: list[Rel], must_not: list[Rel] = ()) -> None:
        _, _, rels = run(text)
        sym = rels | {(t, ty, s) for s, ty, t in rels if ty == "PARTNERS_WITH"}
        missing = [r for r in must if r not in sym]
        wrong = [r for r in must_not if r in sym]
        assert not missing and not wrong, f"missing {missing}, unwanted {wrong}; found {sorted(rels)}"

    return _check
