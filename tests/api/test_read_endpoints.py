"""The read endpoints over the real sample corpus, as a dashboard would call them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote

from api_testkit import CORS_ORIGIN, ROOT, entity_id
from fastapi.testclient import TestClient


@cache
def document_text(client: TestClient, doc_id: str) -> str:
    source = client.get(f"/documents/{quote(doc_id, safe='')}").json()["source"]
    path = Path(source) if Path(source).is_absolute() else ROOT / source
    return path.read_text(encoding="utf-8")


def assert_evidence_matches_documents(client: TestClient, evidence: list[dict]) -> None:
    """Offsets point into the document's plain text and the sentence is what is there."""
    assert evidence
    for ev in evidence:
        assert ev["text"] and ev["end"] > ev["start"] >= 0
        assert document_text(client, ev["doc_id"])[ev["start"] : ev["end"]] == ev["text"]


def test_health_reports_backend_and_counts(client: TestClient, sample_store) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["backend"] == sample_store.backend
    assert body["nodes"] == sample_store.counts()["nodes"] > 0
    assert body["relationships"] > 0


def test_search_finds_korean_partial_names_and_aliases(client: TestClient) -> None:
    sejong = client.get("/entities", params={"q": "세종"}).json()["items"]
    assert "세종특별자치시" in [i["name"] for i in sejong[:3]]
    assert all("세종" in i["name"] or any("세종" in a for a in i["aliases"]) for i in sejong)
    molit = client.get("/entities", params={"q": "국토부"}).json()["items"]
    assert molit[0]["name"] == "국토교통부"
    assert "국토부" in molit[0]["aliases"]


def test_search_filters_by_type_and_pages(client: TestClient) -> None:
    cities = client.get("/entities", params={"q": "시", "type": "City", "limit": 200}).json()
    assert cities["items"] and {i["type"] for i in cities["items"]} == {"City"}
    first = client.get("/entities", params={"q": "시", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    second = client.get("/entities", params={"q": "시", "limit": 2, "offset": 2}).json()
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})


def test_entity_detail_by_raw_and_url_encoded_id(client: TestClient) -> None:
    eid = entity_id(client, "국토교통부")
    assert ":" in eid
    raw = client.get(f"/entities/{eid}")
    encoded = client.get("/entities/" + quote(eid, safe=""))
    assert raw.status_code == encoded.status_code == 200
    body = encoded.json()
    assert body == raw.json()
    assert body["name"] == "국토교통부" and body["type"] == "Ministry" and "국토부" in body["aliases"]
    assert body["degree"] > 0
    assert body["documents"], "the documents that mention it"
    for doc in body["documents"]:
        text = document_text(client, doc["id"])
        assert doc["mentions"]
        for m in doc["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_neighbors_carry_evidence_and_respect_direction(client: TestClient) -> None:
    eid = quote(entity_id(client, "국토교통부"), safe="")
    out = client.get(f"/entities/{eid}/neighbors", params={"direction": "out", "type": "LEADS"}).json()
    assert out["edges"], "국토교통부 leads programs in the samples"
    for edge in out["edges"]:
        assert edge["type"] == "LEADS" and edge["direction"] == "out"
        assert edge["neighbor"]["type"] == "Program"
        assert edge["first_seen"] and edge["docs"]
        assert_evidence_matches_documents(client, edge["evidence"])
    both = client.get(f"/entities/{eid}/neighbors", params={"limit": 200}).json()["edges"]
    incoming = client.get(f"/entities/{eid}/neighbors", params={"direction": "in", "limit": 200}).json()[
        "edges"
    ]
    assert all(e["direction"] == "in" for e in incoming)
    assert len(both) >= len(out["edges"]) + len(incoming)


def test_path_from_ministry_to_company_by_name(client: TestClient) -> None:
    r = client.get("/paths", params={"source": "국토교통부", "target": "LG CNS", "max_hops": 4})
    assert r.status_code == 200
    body = r.json()
    assert body["source"]["name"] == "국토교통부" and body["target"]["name"] == "LG CNS"
    paths = body["paths"]
    assert paths, "the samples connect 국토교통부 to LG CNS"
    assert [p["length"] for p in paths] == sorted(p["length"] for p in paths)
    for p in paths:
        # Hops are in stored direction; consecutive hops share an entity and the ends are the two asked for.
        at = body["source"]["id"]
        for hop in p["hops"]:
            ends = {hop["source"]["id"], hop["target"]["id"]}
            assert at in ends
            at = (ends - {at}).pop()
            assert_evidence_matches_documents(client, hop["evidence"])
        assert at == body["target"]["id"]
    by_id = client.get(
        "/paths", params={"source": body["source"]["id"], "target": body["target"]["id"]}
    ).json()
    assert by_id["paths"][0]["length"] == paths[0]["length"]


def test_relations_filter_by_type_and_dates(client: TestClient) -> None:
    selected = client.get("/relations", params={"type": "SELECTED", "limit": 200}).json()["items"]
    assert selected and {r["type"] for r in selected} == {"SELECTED"}
    everything = client.get("/relations", params={"limit": 200}).json()["items"]
    years = sorted({r["first_seen"][:4] for r in everything if r["first_seen"]})
    assert len(years) >= 2, "the samples span several years"
    year = years[-1]
    recent = client.get("/relations", params={"since": year, "limit": 200}).json()["items"]
    assert recent and all((r["last_seen"] or r["first_seen"]) >= year for r in recent)
    old = client.get("/relations", params={"until": years[0], "limit": 200}).json()["items"]
    assert old and all(r["first_seen"][:4] <= years[0] for r in old)
    assert len(recent) < len(everything)


def test_documents_list_and_detail_with_offsets(client: TestClient) -> None:
    docs = client.get("/documents").json()["items"]
    assert len(docs) == 5
    for d in docs:
        detail = client.get(f"/documents/{quote(d['id'], safe='')}").json()
        assert detail["id"] == d["id"] and detail["entities"]
        text = document_text(client, d["id"])
        for e in detail["entities"]:
            for m in e["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
        for rel in detail["relations"]:
            assert {ev["doc_id"] for ev in rel["evidence"]} == {d["id"]}
    assert any(client.get(f"/documents/{quote(d['id'], safe='')}").json()["relations"] for d in docs)


def test_stats_counts_and_rankings(client: TestClient) -> None:
    s = client.get("/stats").json()
    assert sum(s["relationship_types"].values()) == s["relationships"]
    assert s["labels"]["Document"] == 5
    assert s["labels"]["Entity"] == sum(
        v for k, v in s["labels"].items() if k not in ("Entity", "Document", "Evidence")
    )
    assert sum(s["documents_per_year"].values()) <= 5 and s["documents_per_year"]
    assert s["relations_per_year"]
    top = [e["name"] for e in s["top_by_degree"]]
    assert "국토교통부" in top or "세종특별자치시" in top
    ranks = [e["pagerank"] for e in s["top_by_pagerank"]]
    assert ranks == sorted(ranks, reverse=True) and 0 < ranks[0] < 1


def test_cors_allows_only_configured_origins(client: TestClient) -> None:
    ok = client.options("/entities", headers={"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "GET"})
    assert ok.headers.get("access-control-allow-origin") == CORS_ORIGIN
    other = client.get("/health", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_openapi_docs_have_an_example_per_endpoint(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    text_of = str
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            assert "example" in text_of(op) or "example" in text_of(_response_schema(spec, op)), (
                f"{method} {path}"
            )


def _response_schema(spec: dict, op: dict) -> dict:
    ref = op.get("responses", {}).get("200", op.get("responses", {}).get("201", {}))
    ref = ref.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
