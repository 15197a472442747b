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
