"""Bad parameters, unknown ids and failures all answer with the one error body."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from citykg.api.app import create_app
from citykg.api.config import ApiSettings


def assert_error(r, status: int, code: str, *words: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["code"] == code
    for w in words:
        assert w in body["error"]["message"], body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/entities?limit=-1", ["limit", "greater than or equal to 1"]),
        ("/entities?limit=100000", ["limit", "CITYKG_MAX_LIMIT"]),
        ("/entities?offset=-5", ["offset"]),
        ("/entities?type=NotAType", ["type", "NotAType"]),
        ("/paths?source=국토교통부&target=LG%20CNS&max_hops=99", ["max_hops", "less than or equal to 6"]),
        ("/paths?source=국토교통부", ["target", "Field required"]),
        ("/entities/x/neighbors?direction=sideways", ["direction", "sideways"]),
        ("/entities/x/neighbors?type=NotAType", ["type", "NotAType"]),
        ("/relations?since=last%20year", ["since", "pattern"]),
        ("/relations?type=FRIENDS", ["type", "FRIENDS"]),
    ],
)
def test_bad_parameters_are_422_and_say_what_is_wrong(client: TestClient, url: str, words: list[str]) -> None:
    err = assert_error(client.get(url), 422, "validation_error", *words)
    assert err["detail"] and err["detail"][0]["loc"]


def test_bad_bodies_are_422(client: TestClient) -> None:
    assert_error(
        client.post("/cypher", json={"params": {}}), 422, "validation_error", "query", "Field required"
    )
    assert_error(
        client.post("/cypher", content=b"{not json", headers={"content-type": "application/json"}),
        422,
        "validation_error",
    )
    assert_error(
        client.post("/queries/ministry_programs", json={"params": {"ministy": "국토부"}}),
        422,
        "validation_error",
        "ministy",
        "ministry",
    )


@pytest.mark.parametrize(
    "url",
    [
        "/entities/ministry:없는부처",
        "/entities/ministry%3A%EC%97%86%EB%8A%94%EB%B6%80%EC%B2%98",
        "/entities/ministry:없는부처/neighbors",
        "/documents/doc:nope",
        "/paths?source=없는이름xyz&target=LG%20CNS",
        "/no/such/route",
    ],
)
def test_unknown_things_are_404(client: TestClient, url: str) -> None:
    assert_error(client.get(url), 404, "not_found")


def test_unknown_named_query_is_404(client: TestClient) -> None:
    assert_error(client.post("/queries/no_such_query", json={}), 404, "not_found", "no_such_query")


def test_broken_query_library_is_a_500_in_the_same_shape(
    sample_store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken.cypher").write_text("MATCH (n) RETURN n\n", encoding="utf-8")
    monkeypatch.setenv("CITYKG_QUERIES_DIR", str(tmp_path))
    with TestClient(
        create_app(store=sample_store, settings=ApiSettings()), raise_server_exceptions=False
    ) as c:
        assert_error(c.get("/queries"), 500, "query_library", "broken.cypher")


def test_store_down_gives_503(tmp_path: Path) -> None:
    from citykg.graph.embedded import EmbeddedServer
    from citykg.graph.falkordb_store import FalkorDBStore

    # A store of its own, stopped under the running app: the real client meets a closed port.
    # (No `recover`: a store opened from a data dir starts its server again instead, see
    # tests/reliability/test_sharing.py.)
    server = EmbeddedServer(tmp_path / "store")
    info = server.start()
    store = FalkorDBStore(info.host, info.port, "citykg", password=info.password)
    server.stop()
    with TestClient(create_app(store=store, settings=ApiSettings())) as c:
        err = assert_error(c.get("/health"), 503, "store_unavailable")
        assert "FalkorDB" in err["message"]
        assert_error(c.get("/entities", params={"q": "세종"}), 503, "store_unavailable")
        assert_error(c.post("/cypher", json={"query": "RETURN 1"}), 503, "store_unavailable")


def test_app_opens_the_configured_store_itself(
    cli_env, sample_store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in cli_env.items():
        monkeypatch.setenv(k, v)
    with TestClient(create_app(settings=ApiSettings())) as c:
        assert c.get("/health").json()["nodes"] == sample_store.counts()["nodes"]
