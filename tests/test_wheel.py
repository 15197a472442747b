"""The wheel alone: `python -m build` makes it, it installs into a new virtual environment outside the
checkout, and `citykg --help`, `--version` and `extract` run there on a copy of a sample.

Offline and quick on purpose: the wheel is built with this environment's build backend
(`--no-isolation`), and the new environment sees this one's third-party packages through a `.pth`
file that lists a folder of links to them, citykg's own files (its dist-info and the editable hooks
of this checkout) left out. `pip install --no-index` then has to find every declared dependency
there and citykg's code and data in the wheel, and the test checks that `citykg` is imported from
the new environment, run from a folder without the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "001_0ef6639a4301d71c.txt"
# the checkout's own folders that are not the package (only at the top: extract/data is package data)
TOP_LEVEL_SKIP = {".venv", ".git", "build", "dist", "out", ".pytest_cache", ".ruff_cache", "data", "tests", "notebooks"}


def skip_in_copy(folder: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    return skip | (TOP_LEVEL_SKIP & set(names) if Path(folder) == ROOT else set())


def sh(*cmd: str | Path, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    )
    return r


def is_citykg_own(name: str) -> bool:
    low = name.lower()
    return low.startswith(("citykg-", "__editable__.citykg", "__editable___citykg")) or low == "citykg"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src") / "citykg"
    shutil.copytree(ROOT, src, ignore=skip_in_copy)
    dist = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    sh(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, src, cwd=src, env=env)
    (whl,) = dist.glob("citykg-*.whl")
    return whl


def test_the_wheel_has_one_top_level_package_with_its_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        assert z.read(f"{dist_info}/top_level.txt").decode().split() == ["citykg"]
    assert {n.split("/")[0] for n in names} == {"citykg", dist_info}
    for data in ("citykg/extract/data/frames.toml", "citykg/extract/data/lexicon.toml",
                 "citykg/cypher/schema.falkordb.cypher", "citykg/cypher/queries/ministry_programs.cypher",
                 "citykg/graph/falkordb_cypher.py", "citykg/api/connection.py"):  # fmt: skip
        assert data in names, f"{data} is not in the wheel"
    assert any(n.startswith("citykg/extract/data/gazetteer/") and n.endswith(".tsv") for n in names)


def test_the_wheel_installs_and_runs_without_the_checkout(wheel: Path, tmp_path: Path) -> None:
    # a folder of links to this environment's packages, citykg's own entries left out
    deps = tmp_path / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if not is_citykg_own(entry.name):
            (deps / entry.name).symlink_to(entry)
    venv = tmp_path / "venv"
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    base_python = getattr(sys, "_base_executable", sys.executable)
    sh(base_python, "-m", "venv", venv, cwd=run_dir, env=env)
    py = venv / "bin" / "python"
    new_site = Path(sh(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=run_dir, env=env)
                    .stdout.strip())  # fmt: skip
    (new_site / "_citykg_test_deps.pth").write_text(f"{deps}\n")
    sh(py, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q", wheel, cwd=run_dir, env=env)

    where = sh(py, "-c", "import citykg, citykg.extract.pipeline as p; print(citykg.__file__); print(p.__file__)",
               cwd=run_dir, env=env).stdout.split()  # fmt: skip
    assert all(Path(f).is_relative_to(new_site / "citykg") for f in where), where

    exe = venv / "bin" / "citykg"
    help_text = sh(exe, "--help", cwd=run_dir, env=env).stdout
    assert "extract" in help_text and "query" in help_text
    version = sh(exe, "--version", cwd=run_dir, env=env).stdout.strip()
    assert version == "citykg " + wheel.name.split("-")[1]

    docs = run_dir / "docs"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    out = run_dir / "out.jsonl"
    r = sh(exe, "extract", docs, "-o", out, "--no-progress", cwd=run_dir, env=env)
    assert "1 documents" in r.stderr or "1 document" in r.stderr, r.stderr
    record = out.read_text(encoding="utf-8")
    assert "국토교통부" in record and '"relations"' in record

    files = sh(py, "-m", "pip", "show", "-f", "citykg", cwd=run_dir, env=env).stdout
    listed = files.split("Files:", 1)[1].split()
    tops = {f.split("/")[0] for f in listed if not f.startswith("..")}  # ../../../bin/citykg is the script
    assert tops == {"citykg", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}, tops
    assert "citykg/extract/data/frames.toml" in listed
