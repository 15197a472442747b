"""Resumable extraction: a run killed at a random point (kill -9, Ctrl-C) and run again ends with the
bytes of one clean run, and does not extract again what was done."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citykg.extract.journal import journal_path
from citykg.extract.pipeline import extract_paths

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
CITYKG = [sys.executable, "-m", "citykg.api.cli"]


def make_corpus(d: Path, copies: int = 4) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    for copy in range(copies):
        for f in sorted(SAMPLES.glob("00[0-3]_*.txt")):
            shutil.copy(f, d / f"c{copy}_{f.name}")
    return d


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("resume") / "docs")


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("clean") / "out.jsonl"
    assert not extract_paths([corpus], out, progress=False, workers=1).failures
    return out.read_bytes()


def interrupt_after(cmd: list[str], out: Path, lines: int, sig: int, extra_s: float, timeout: float = 40) -> int:
    """Start `cmd` in a session of its own; once `out` holds `lines` records (and `extra_s` more), send
    `sig` to the whole group (the parent and its workers, as a terminal's Ctrl-C does). Its exit status."""
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.01)
    time.sleep(extra_s)
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_extract_resumes_to_the_bytes_of_a_clean_run(corpus, clean, tmp_path, sig) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    lines, extra = rng.randrange(1, 12), rng.uniform(0, 0.3)
    print(f"seed {seed}: interrupted after {lines} records + {extra:.2f} s with signal {sig}")
    out = tmp_path / "out.jsonl"
    cmd = [*CITYKG, "extract", str(corpus), "-o", str(out), "--workers", "2", "--no-progress"]
    code = interrupt_after(cmd, out, lines, sig, extra)
    assert code != 0, f"seed {seed}: the run ended before it could be interrupted"
    # the signal may land after the last record, while the workers shut down: then the run is complete
    # (its journal removed) and its output already that of a clean run
    assert journal_path(out).exists() or out.read_bytes() == clean, f"seed {seed}"
    if sig == signal.SIGINT:
        assert code == 130
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming an interrupted run" in rerun.stderr or not journal_path(out).exists()
    assert out.read_bytes() == clean, f"seed {seed}"
    assert not journal_path(out).exists()


def test_a_rerun_does_not_extract_again_what_was_done(corpus, clean, tmp_path, monkeypatch) -> None:
    out = tmp_path / "out.jsonl"
    code = interrupt_after([*CITYKG, "extract", str(corpus), "-o", str(out), "--workers", "1", "--no-progress"],
                           out, 8, signal.SIGINT, 0)  # fmt: skip
    assert code == 130
    # the documents the journal says are done would now crash their worker: they must not be read again
    monkeypatch.setenv("CITYKG_TEST_CRASH_ON", "c0_000_f82c40c14384ade7.txt")
    summary = extract_paths([corpus], out, progress=False, workers=2)
    assert not summary.failures and out.read_bytes() == clean


def test_a_journal_of_other_input_is_ignored(corpus, clean, tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"stale\n")
    journal_path(out).write_text('{"input": "something else"}\n{"done": 3, "end": 6, "failed": []}\n')
    assert not extract_paths([corpus], out, progress=False, workers=1).failures
    assert out.read_bytes() == clean and not journal_path(out).exists()
