"""Constants and small helpers shared by the API tests (imported as a top-level module)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
API_GRAPH = "citykg_api_tests"
API_KEY = "test-key-7d1f"
CORS_ORIGIN = "http://dashboard.example"


def entity_id(client: TestClient, name: str) -> str:
    """The id of the entity named `name` (exact name or alias) via the search endpoint."""
    items = client.get("/entities", params={"q": name, "limit": 50}).json()["items"]
    for item in items:
        if item["name"] == name or name in item["aliases"]:
            return item["id"]
    raise AssertionError(f"no entity named {name!r} in the samples graph: {[i['name'] for i in items]}")
