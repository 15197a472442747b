"""Fixtures of the reader tests: the release of readers_release.py written in every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_release import EXTENSIONS, WRITERS


@pytest.fixture(scope="session")
def release_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The release written once per session in every format."""
    folder = tmp_path_factory.mktemp("release")
    return {fmt: write(folder / f"release{EXTENSIONS[fmt]}") for fmt, write in WRITERS.items()}
