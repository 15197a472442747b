"""The hot reads' fast lane (api/fastlane.py) answers exactly what the FastAPI routes answer.

Every URL is asked of the app as served and of the same app without the fast lane: same status,
same body, same content type; the plain valid ones are answered by the fast lane itself."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from api_testkit import CORS_ORIGIN, entity_id
from fastapi.testclient import TestClient

from citykg.api import fastlane
from citykg.api.app import create_app

MOLIT = "국토교통부"


def urls(molit: str) -> list[tuple[str, bool]]:
    """(url, answered by the fast lane)."""
    e = quote(molit, safe="")
    return [
        ("/entities?q=" + quote("세종"), True),
        ("/entities?q=" + quote("국토부") + "&limit=5&offset=0", True),
        ("/entities?q=" + quote("시") + "&type=City&limit=3&offset=2", True),
        ("/entities?type=Ministry", True),
        ("/entities", True),
        ("/entities?q=%20%20", True),
        ("/entities?q=" + "x" * 200, True),
        ("/entities?q=" + "x" * 201, False),
        ("/entities?q=", False),
        ("/entities?q=a&q=" + quote("세종"), False),
        ("/entities?limit=0", False),
        ("/entities?limit=200", True),
        ("/entities?limit=201", False),
        ("/entities?limit=abc", False),
        ("/entities?limit=%2B5", False),
        ("/entities?limit=05", False),
        ("/entities?limit=%EF%BC%95", False),  # a full-width digit
        ("/entities?offset=-1", False),
        ("/entities?offset=1000000", True),
        ("/entities?offset=1000001", False),
        ("/entities?type=Nope", False),
        ("/entities?foo=bar", False),
        (f"/entities/{e}/neighbors", True),
        (f"/entities/{e}/neighbors?type=ISSUED_BY&direction=out&limit=2&offset=1", True),
        (f"/entities/{e}/neighbors?direction=in", True),
        (f"/entities/{e}/neighbors?direction=sideways", False),
        (f"/entities/{e}/neighbors?type=KNOWS", False),
        (f"/entities/{e}/neighbors?limit=1&limit=2", False),
        ("/entities/no%3Asuch/neighbors", False),  # 404 from the route
        ("/entities//neighbors", False),
        (f"/entities/{e}", True),
        (f"/entities/{e}?verbose=1", False),
        ("/entities/no%3Asuch", False),
        ("/entities/", False),
        ("/entitiesX", False),
    ]


@pytest.fixture(scope="module")
def plain(sample_store, api_settings) -> Iterator[TestClient]:
    """The same app without the fast lane (its middleware stack is built on the first request)."""
    app = create_app(store=sample_store, settings=api_settings)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not fastlane.HotReads]
    with TestClient(app) as c:
        yield c


def test_fast_lane_answers_as_the_routes_do(client: TestClient, plain: TestClient, monkeypatch) -> None:
    answered: list[bool] = []
    real = fastlane.HotReads._answer

    async def spy(self, scope):
        body = await real(self, scope)
        answered.append(body is not None)
        return body

    monkeypatch.setattr(fastlane.HotReads, "_answer", spy)
    molit = entity_id(client, MOLIT)
    for url, fast in urls(molit):
        answered.clear()
        got, want = client.get(url), plain.get(url)
        assert (got.status_code, got.headers.get("content-type")) == (want.status_code, want.headers.get("content-type")), url
        assert got.content == want.content, url
        assert answered == ([True] if fast else [False] if url.startswith("/entities") else []), url


def test_fast_lane_answers_carry_cors_headers(client: TestClient) -> None:
    r = client.get("/entities?q=" + quote("세종"), headers={"Origin": CORS_ORIGIN})
    assert r.status_code == 200 and r.headers.get("access-control-allow-origin") == CORS_ORIGIN
