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
    assert ent_f1 >= 0.90, f"entity micro-F1 {ent_f1:.3f}"
    assert rel_f1 >= 0.75, f"relation micro-F1 {rel_f1:.3f}"
    assert res["date_accuracy"] == 1.0


DATA = Path(__file__).resolve().parents[2] / "data"

# Development sets: written for the project, tuned on since (their first, blind figure is in
# each set's SCORE.md). Floors sit a little under today's figures: a rule that only fits the
# seeds, or one set, shows here as a drop elsewhere.
DEV_FLOORS = {
    "dev1": (0.90, 0.80),
    "dev2": (0.90, 0.76),
    "dev3": (0.85, 0.66),
    "dev4": (0.88, 0.69),
    "dev5": (0.86, 0.70),
    "dev6": (0.86, 0.60),
    "dev7": (0.86, 0.74),
    "dev8": (0.86, 0.67),
    "dev9": (0.88, 0.68),
    "dev10": (0.90, 0.76),
}


@pytest.mark.parametrize("name", sorted(DEV_FLOORS))
def test_development_sets_keep_their_floors(tmp_path, name):
    dev = DATA / name
    out = tmp_path / f"{name}.jsonl"
    summary = extract_paths([dev / "docs"], out, progress=False)
    assert not summary.failures
    score = load_scorer()
    res = score.score(score.load_gold(str(dev / "gold")), score.load_pred(str(out)), str(dev / "docs"))
    ent_floor, rel_floor = DEV_FLOORS[name]
    assert res["violations"] == []
    assert res["entity_micro"][2] >= ent_floor, f"{name} entity micro-F1 {res['entity_micro'][2]:.3f}"
    assert res["relation_micro"][2] >= rel_floor, f"{name} relation micro-F1 {res['relation_micro'][2]:.3f}"
