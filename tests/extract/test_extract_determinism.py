"""The same documents give byte-identical output in every run, whatever Python's hash seed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _extract(tmp_path: Path, seed: str) -> bytes:
    out = tmp_path / f"out-{seed}.jsonl"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "citykg.api.cli", "extract", str(ROOT / "data" / "samples"), "-o", str(out), "--no-progress"],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
    )
    return out.read_bytes()


def test_output_does_not_depend_on_the_hash_seed(tmp_path):
    first = _extract(tmp_path, "1")
    assert first.count(b"\n") == 5
    assert _extract(tmp_path, "4242") == first
