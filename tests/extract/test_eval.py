"""The extractor on the dev seeds, scored by the shared scorer (skipped when ../shared is absent)."""

import importlib.util
from pathlib import Path

import pytest

from extract.pipeline import extract_paths

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "tools" / "score.py"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.is_file()),
    reason="../shared (seeds, gold, scorer) is not available",
)


def load_scorer():
    spec = importlib.util.spec_from_file_location("citykg_shared_score", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_scores_meet_the_bars(tmp_path):
    out = tmp_path / "seeds.jsonl"
    summary = extract_paths([SEEDS], out, progress=False)
    assert not summary.failures
    score = load_scorer()
    res = score.score(score.load_gold(str(GOLD)), score.load_pred(str(out)), str(SEEDS))
    ent_f1 = res["entity_micro"][2]
    rel_f1 = res["relation_micro"][2]
    assert res["violations"] == []
    assert ent_f1 >= 0.85, f"entity micro-F1 {ent_f1:.3f}"
    assert rel_f1 >= 0.60, f"relation micro-F1 {rel_f1:.3f}"
    assert res["date_accuracy"] == 1.0
