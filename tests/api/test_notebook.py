"""notebooks/explore.ipynb and policy_thread.ipynb run top to bottom against the samples store (a broken
notebook fails CI)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from api_testkit import ROOT
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
THREAD = ROOT / "notebooks" / "policy_thread.ipynb"


def kernel_for_this_python(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "python3" if it resolves; otherwise a kernelspec that runs sys.executable."""
    try:
        KernelSpecManager().get_kernel_spec("python3")
        return "python3"
    except NoSuchKernel:
        spec = tmp / "kernels" / "citykg-test"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "citykg test",
                    "language": "python",
                }
            )
        )
        monkeypatch.setenv("JUPYTER_PATH", str(tmp))
        return "citykg-test"


def execute(path: Path, cli_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> nbformat.NotebookNode:
    for k, v in cli_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend (Agg) makes the PNGs
    nb = nbformat.read(path, as_version=4)
    kernel = kernel_for_this_python(tmp_path, monkeypatch)
    NotebookClient(nb, timeout=180, kernel_name=kernel, resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb


def output_text(nb: nbformat.NotebookNode) -> str:
    return "\n".join(
        o.get("text", "") or o.get("data", {}).get("text/plain", "")
        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )  # fmt: skip


def images(nb: nbformat.NotebookNode) -> list:
    return [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


def test_notebook_executes(cli_env, sample_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = execute(NOTEBOOK, cli_env, tmp_path, monkeypatch)
    source = "\n".join(c.source for c in nb.cells)
    assert "citykg.connect()" in source and "from citykg.api import service" not in source, "uses the Python API"
    text = output_text(nb)
    assert "국토교통부 → LG CNS" in text and "Path 1" in text
    assert "PageRank" in text and "Betweenness" in text
    assert "COUNT { … } → size(" in text and "EXISTS { pattern } → pattern predicate" in text
    assert "국토교통부" in text and "LG CNS" in text  # the Cypher tables: ministries, the shortest chain
    assert len(images(nb)) >= 2, "the per-year bars and the network drawing"


def test_policy_thread_notebook_executes(
    cli_env, sample_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = execute(THREAD, cli_env, tmp_path, monkeypatch)
    text = output_text(nb)
    m = re.search(r"Timeline of (.+): (\d+) steps in (\d+) year", text)
    assert m and "국가시범도시" in m.group(1), text[:2000]
    assert int(m.group(2)) >= 5 and int(m.group(3)) >= 2, "a thread over several years"
    for stage in ("[announcement]", "[sites]", "[selections]", "[certifications]"):
        assert stage in text, f"no {stage} step in the thread"
    assert "SELECTED-> LG CNS" in text  # the selection the samples state, with its evidence below it
    assert re.search(r"^20\d\d$", text, re.M), "steps grouped by year"
    assert len(images(nb)) >= 1, "steps per year"
