"""notebooks/explore.ipynb runs top to bottom against the samples store (a broken notebook fails CI)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from api_testkit import ROOT
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


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


def test_notebook_executes(cli_env, sample_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in cli_env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend (Agg) makes the PNGs
    nb = nbformat.read(NOTEBOOK, as_version=4)
    kernel = kernel_for_this_python(tmp_path, monkeypatch)
    NotebookClient(nb, timeout=180, kernel_name=kernel, resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "국토교통부 → LG CNS" in text and "Path 1" in text
    assert "PageRank" in text and "Betweenness" in text
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "the per-year bars and the network drawing"
