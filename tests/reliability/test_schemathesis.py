"""schemathesis over /openapi.json of a real `citykg serve` (issue 12, item 7): zero 5xx, zero
responses outside the schema, with a bounded number of examples per operation and a fixed seed.

Every check runs except `positive_data_acceptance`, which asks a schema-valid request to succeed:
a string is schema-valid Cypher, any name a schema-valid query parameter, any bytes a schema-valid
upload, and the API rightly answers 400/422 to those that are not (its answers are in the schema).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from faultkit import CLI, cli_env, records_jsonl, tally

from citykg.graph.embedded import free_port

ST = Path(CLI).parent / "st"
EXAMPLES = 20  # per operation and phase; `make bench` runs more (the long variant)


def run_schemathesis(tmp_path: Path, sample_records, examples: int) -> None:
    if not ST.exists() and not shutil.which("st"):
        pytest.fail("schemathesis is not installed: `make venv` installs it with the dev extras")
    data = tmp_path / "store"
    jsonl = records_jsonl(sample_records, tmp_path / "s.jsonl")
    assert subprocess.run([CLI, "load", str(jsonl)], env=cli_env(data), capture_output=True).returncode == 0
    port = free_port()
    key = "schemathesis-key-0123456789"
    serve = subprocess.Popen([CLI, "serve", "--port", str(port)], env=cli_env(data, CITYKG_API_KEY=key),
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        done = subprocess.run(
            [str(ST), "run", f"http://127.0.0.1:{port}/openapi.json", "-H", f"X-API-Key: {key}",
             "--max-examples", str(examples), "--seed", "12", "--workers", "1", "--checks", "all",
             "--exclude-checks", "positive_data_acceptance", "--generation-database", "none", "--no-color",
             "--max-response-time", "60"],
            capture_output=True, text=True, timeout=900, env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        serve.wait(10)
    out = done.stdout + done.stderr
    generated = re.search(r"(\d+) generated", out)
    tally("requests", int(generated.group(1)) if generated else 0)
    print(f"\nschemathesis, {examples} examples per operation, seed 12: "
          f"{generated.group(1) if generated else '?'} requests; exit {done.returncode}")
    print("\n".join(ln for ln in out.splitlines() if "❌" in ln or "passed" in ln)[:3000])
    assert done.returncode == 0, out[-6000:]


def test_schemathesis_finds_no_5xx_and_no_schema_violation(tmp_path: Path, sample_records) -> None:
    run_schemathesis(tmp_path, sample_records, EXAMPLES)


@pytest.mark.long
def test_schemathesis_long(tmp_path: Path, sample_records) -> None:
    run_schemathesis(tmp_path, sample_records, 200)
