"""The extractor on the dev seeds, scored by the shared scorer (skipped when ../shared is absent)."""

import importlib.util
from pathlib import Path

import pytest

from citykg.extract.pipeline import extract_paths

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


HELDOUT = Path(__file__).resolve().parents[2] / "data" / "heldout"


def test_project_heldout_scores_meet_the_same_bars(tmp_path):
    """The documents written for the project (data/heldout) guard against rules that only fit the seeds."""
    out = tmp_path / "heldout.jsonl"
    summary = extract_paths([HELDOUT / "docs"], out, progress=False)
    assert not summary.failures
    score = load_scorer()
    res = score.score(score.load_gold(str(HELDOUT / "gold")), score.load_pred(str(out)), str(HELDOUT / "docs"))
    assert res["violations"] == []
    assert res["entity_micro"][2] >= 0.85, f"entity micro-F1 {res['entity_micro'][2]:.3f}"
    assert res["relation_micro"][2] >= 0.60, f"relation micro-F1 {res['relation_micro'][2]:.3f}"
