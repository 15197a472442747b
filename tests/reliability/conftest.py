"""Fixtures of the reliability suite: stores of their own (their own data dir and server), so that
killing or restarting one never touches the session's shared server."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultkit import TALLY, document_degrees, graph_fingerprint, load, no_store_left, open_data_dir, records_jsonl

from citykg.graph.connect import store_from_info
from citykg.graph.embedded import EmbeddedServer, ServerInfo
from citykg.graph.store import GraphStore

# starlette warns that its TestClient will move to httpx2; not our concern here.
warnings.filterwarnings("ignore", message=".*httpx2.*")


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[EmbeddedServer, ServerInfo]]:
    """A running embedded server in a data dir of this test's own, stopped at the end."""
    server = EmbeddedServer(tmp_path / "store")
    info = server.start()
    yield server, info
    server.stop()


@pytest.fixture
def own_store(own_server: tuple[EmbeddedServer, ServerInfo]) -> Iterator[GraphStore]:
    server, info = own_server
    store = store_from_info(info, "citykg", server)
    store.ensure_schema()
    yield store
    store.close()


COPIES = 2000  # 3 annotated documents x 2000: a load of about 3 s, long enough to be cut


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, sample_records) -> dict[str, Path]:
    """JSON Lines of 6,000 documents (`all`), and its two halves (`a`, `b`)."""
    folder = tmp_path_factory.mktemp("fault-corpus")
    lines = records_jsonl(sample_records, folder / "all.jsonl", COPIES).read_text(encoding="utf-8")
    lines = lines.splitlines(keepends=True)
    half = len(lines) // 2
    (folder / "a.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    return {k: folder / f"{k}.jsonl" for k in ("all", "a", "b")}


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory: pytest.TempPathFactory, corpus: dict[str, Path]):  # noqa: ANN201
    """(fingerprint, document degrees) of one clean `citykg load` of corpus["all"]."""
    data = tmp_path_factory.mktemp("clean") / "store"
    done = load(data, corpus["all"])
    assert done.returncode == 0, done.stderr
    store, release = open_data_dir(data)
    try:
        result = graph_fingerprint(store), document_degrees(store)
    finally:
        release()
    assert no_store_left(data)
    return result


@pytest.fixture(scope="session")
def clean(clean_run) -> tuple[int, int, str]:  # noqa: ANN001
    return clean_run[0]


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    """What the reliability tests tried, summed (faultkit.tally), and whether anything was lost."""
    if not any(TALLY.values()):
        return
    lost = TALLY.pop("documents lost", 0)
    checked = TALLY.pop("documents checked", 0)
    tried = ", ".join(f"{n:,} {what}" for what, n in TALLY.items() if n)
    verdict = "nothing lost" if not lost else f"{lost:,} DOCUMENTS LOST"
    terminalreporter.write_line(
        f"reliability suite: {tried}; {checked:,} documents checked after faults and stops: {verdict}"
    )
