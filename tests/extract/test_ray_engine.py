"""`citykg extract --engine ray` in Ray's local mode on two CPUs: the default engine's records, in shards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citykg.extract.pipeline import extract_paths

pytest.importorskip("ray")

from citykg.extract.ray_engine import extract_ray  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    """One local Ray of two CPUs for the module (starting one takes seconds)."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("ray-corpus")
    for copy in ("a", "b"):
        for f in sorted(SAMPLES.glob("00[0-3]_*.txt")):
            shutil.copy(f, d / f"{copy}_{f.name}")
    (d / "a_empty.txt").write_text("\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def default_engine(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("default") / "out.jsonl"
    extract_paths([corpus], out, progress=False, workers=1)
    return out.read_bytes()


def shards(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("*.jsonl")))


def test_ray_local_gives_the_records_of_the_default_engine(corpus, default_engine, tmp_path, capsys) -> None:
    out = tmp_path / "shards"
    summary = extract_ray([corpus], out, workers=2, batch_docs=3, progress=False)
    assert len(list(out.glob("part-*.jsonl"))) == 3 == summary.shards
    assert shards(out) == default_engine
    assert summary.documents == 8 and [Path(f).name for f, _ in summary.failures] == ["a_empty.txt"]
    assert "a_empty.txt: empty file" in capsys.readouterr().err
    assert len(summary.actor_peak_rss_kb) == 2  # both actors worked
    # a rerun after an interruption: only the missing shard is extracted; the failure is named again
    (out / "part-000001.jsonl").unlink()
    again = extract_ray([corpus], out, workers=2, batch_docs=3, progress=False)
    assert shards(out) == default_engine
    assert [Path(f).name for f, _ in again.failures] == ["a_empty.txt"] and again.documents == 2


def test_uris_are_read_through_fsspec(corpus, default_engine, tmp_path) -> None:
    out = tmp_path / "shards"
    summary = extract_ray([corpus.as_uri()], out, workers=2, batch_docs=4, progress=False)
    lines = shards(out).splitlines()
    assert len(lines) == 8 and summary.documents == 8
    assert all(b'"source":"file://' in ln for ln in lines)
    # the same records as the local path but for where they were read from
    assert [ln.split(b'"source":')[0] for ln in lines] == [ln.split(b'"source":')[0] for ln in default_engine.splitlines()]
