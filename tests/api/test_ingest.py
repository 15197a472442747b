"""POST /documents: the API key, JSON text and file uploads, into a graph of their own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote

import pytest
from api_testkit import API_KEY, SAMPLES
from fastapi.testclient import TestClient

from citykg.api.app import create_app
from citykg.api.config import ApiSettings
from citykg.graph.connect import open_store

INGEST_GRAPH = "citykg_api_ingest_tests"
# A passage of a real sample (the news article about 세종's national pilot city).
TEXT = "\n".join((SAMPLES / "002_f7c082162298c1df.txt").read_text(encoding="utf-8").splitlines()[9:14])


@pytest.fixture(scope="module")
def ingest_store(api_store_settings) -> Iterator:
    with open_store(replace(api_store_settings, graph_name=INGEST_GRAPH)) as store:
        store.clear()
        store.ensure_schema()
        yield store
        store.clear()


@pytest.fixture(scope="module")
def writer(ingest_store) -> Iterator[TestClient]:
    with TestClient(create_app(store=ingest_store, settings=ApiSettings(api_key=API_KEY))) as c:
        yield c


def test_refused_without_a_configured_key(ingest_store) -> None:
    with TestClient(create_app(store=ingest_store, settings=ApiSettings(api_key=None))) as c:
        r = c.post("/documents", json={"text": TEXT}, headers={"X-API-Key": "anything"})
    assert r.status_code == 403
    assert "CITYKG_API_KEY" in r.json()["error"]["message"]
    assert ingest_store.counts()["nodes"] == 0


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}])
def test_missing_or_wrong_key_is_401(writer: TestClient, ingest_store, headers: dict) -> None:
    r = writer.post("/documents", json={"text": TEXT}, headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert ingest_store.counts()["nodes"] == 0


def test_json_text_is_extracted_loaded_and_queryable(writer: TestClient) -> None:
    r = writer.post(
        "/documents",
        json={"text": TEXT, "title": "국가시범도시", "date": "2020-11-12"},
        headers={"X-API-Key": API_KEY},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    doc = body["document"]
    names = {e["name"] for e in doc["entities"]}
    assert {"세종특별자치시", "LG CNS"} <= names
    assert body["nodes_added"] >= len(doc["entities"]) and body["relationships_added"] > 0
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert TEXT[m["start"] : m["end"]] == m["text"]
    stored = writer.get(f"/documents/{quote(doc['doc_id'], safe='')}").json()
    assert stored["title"] == "국가시범도시" and stored["date"] == "2020-11-12"
    lg = next(e for e in doc["entities"] if e["name"] == "LG CNS")
    assert writer.get(f"/entities/{quote(lg['id'], safe='')}").status_code == 200


def test_file_upload_and_idempotent_reupload(writer: TestClient, ingest_store) -> None:
    sample = SAMPLES / "002_f7c082162298c1df.txt"
    files = {"file": (sample.name, sample.read_bytes(), "text/plain")}
    first = writer.post("/documents", files=files, headers={"X-API-Key": API_KEY})
    assert first.status_code == 201, first.text
    assert any(e["name"] == "LG CNS" for e in first.json()["document"]["entities"])
    counts = ingest_store.counts()
    again = writer.post("/documents", files=files, headers={"X-API-Key": API_KEY})
    assert again.status_code == 201
    assert again.json()["nodes_added"] == 0 and ingest_store.counts() == counts


def test_bad_uploads_say_what_is_wrong(writer: TestClient) -> None:
    empty = writer.post(
        "/documents", files={"file": ("empty.txt", b"", "text/plain")}, headers={"X-API-Key": API_KEY}
    )
    assert empty.status_code == 422 and "empty.txt" in empty.json()["error"]["message"]
    bad = writer.post("/documents", json={"text": ""}, headers={"X-API-Key": API_KEY})
    assert bad.status_code == 422 and "text" in bad.json()["error"]["message"]
    form = writer.post(
        "/documents", content=b"text", headers={"X-API-Key": API_KEY, "content-type": "text/plain"}
    )
    assert form.status_code == 415
