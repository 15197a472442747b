"""Fixtures of the API suite: the sample corpus extracted once and loaded into its own graph on
the session's embedded FalkorDB server (tests/conftest.py), an app over it, and the env a
`citykg` process needs to find that store."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

# starlette warns that its TestClient will move to httpx2; not our concern here.
warnings.filterwarnings("ignore", message=".*httpx2.*")

from api_testkit import API_GRAPH, API_KEY, CORS_ORIGIN, SAMPLES  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from citykg.api.app import create_app  # noqa: E402
from citykg.api.config import ApiSettings  # noqa: E402
from citykg.graph.config import StoreSettings  # noqa: E402
from citykg.graph.connect import open_store  # noqa: E402
from citykg.graph.store import GraphStore  # noqa: E402


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from citykg.extract.pipeline import extract_paths

    out = tmp_path_factory.mktemp("api-extract") / "samples.jsonl"
    summary = extract_paths([SAMPLES], out, progress=False)
    assert not summary.failures, summary.describe()
    return out


@pytest.fixture(scope="session")
def api_store_settings(falkordb_server) -> StoreSettings:
    return StoreSettings(backend="embedded", data_dir=Path(falkordb_server.data_dir), graph_name=API_GRAPH)


@pytest.fixture(scope="session")
def sample_store(api_store_settings: StoreSettings, sample_jsonl: Path) -> Iterator[GraphStore]:
    """The samples loaded into the suite's own graph; read-only for the tests that use it."""
    from citykg.graph.loader import load_jsonl

    with open_store(api_store_settings) as store:
        store.clear()  # a graph left by an interrupted run; clear() drops the schema too
        store.ensure_schema()
        summary = load_jsonl(store, sample_jsonl)
        assert not summary.failures, summary.describe()
        yield store
        store.clear()


@pytest.fixture(scope="session")
def api_settings() -> ApiSettings:
    return ApiSettings(api_key=API_KEY, cors_origins=[CORS_ORIGIN], max_limit=200, query_timeout_ms=5000)


@pytest.fixture(scope="session")
def client(sample_store: GraphStore, api_settings: ApiSettings) -> Iterator[TestClient]:
    with TestClient(create_app(store=sample_store, settings=api_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def cli_env(api_store_settings: StoreSettings) -> dict[str, str]:
    """Environment for a `citykg` process to use the session's running server and the suite's graph."""
    return {
        "CITYKG_STORE": "embedded",
        "CITYKG_DATA_DIR": str(api_store_settings.data_dir),
        "CITYKG_GRAPH": API_GRAPH,
    }
