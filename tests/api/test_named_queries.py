"""Each query of cypher/queries runs on the store over the samples and answers what it says."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from citykg.api.queries import load_library

LIBRARY = load_library()


def run(client: TestClient, name: str, **params) -> list[dict]:
    r = client.post(f"/queries/{name}", json={"params": params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == name
    return body["rows"]


def test_list_documents_every_query(client: TestClient) -> None:
    items = {q["name"]: q for q in client.get("/queries").json()["items"]}
    assert set(items) == set(LIBRARY) and len(items) >= 12
    chain = items["ministry_company_chain"]
    assert {p["name"] for p in chain["params"]} == {"ministry", "company", "limit"}
    assert set(chain["dialects"]) == {"portable", "falkordb", "neo4j"}
    assert chain["example"].startswith("citykg query")


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_query_runs_with_its_defaults_and_returns_its_columns(client: TestClient, name: str) -> None:
    q = LIBRARY[name]
    r = client.post(f"/queries/{name}", json={})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rows"], f"{name} returned no rows on the samples"
    assert list(body["rows"][0]) == q.returns
    assert body["params"] == q.bind({})


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_query_runs_with_its_documented_examples(client: TestClient, name: str) -> None:
    params = {p.name: p.example for p in LIBRARY[name].params if p.example is not None}
    assert run(client, name, **params), f"{name} with its examples {params} returned no rows"


def test_ministry_leads_programs(client: TestClient) -> None:
    rows = run(client, "ministry_programs", ministry="국토부")
    assert {r["ministry"] for r in rows} == {"국토교통부"}
    assert all(r["docs"] >= 1 and r["evidence"] for r in rows)


def test_chain_from_ministry_to_company(client: TestClient) -> None:
    rows = run(client, "ministry_company_chain", ministry="국토교통부", company="LG CNS", limit=3)
    assert rows[0]["names"][0] == "국토교통부" and rows[0]["names"][-1] == "LG CNS"
    assert [r["hops"] for r in rows] == sorted(r["hops"] for r in rows)
    assert rows[0]["chain"].startswith("국토교통부 -[")


def test_sejong_selected_lg_cns(client: TestClient) -> None:
    rows = run(client, "company_selections", selector="세종시")
    assert any(r["company"] == "LG CNS" and r["selector"] == "세종특별자치시" for r in rows), rows


def test_certified_cities_by_year(client: TestClient) -> None:
    rows = run(client, "certifications_by_year")
    cities = {c for r in rows for c in r["cities"]}
    assert "김해시" in cities, rows
    assert all(r["count"] == len(r["cities"]) for r in rows)


def test_publishers_include_the_ministry(client: TestClient) -> None:
    rows = run(client, "publishers")
    by_name = {r["publisher"]: r for r in rows}
    assert "국토교통부" in by_name and by_name["국토교통부"]["documents"] >= 2


def test_co_mentions_count_shared_documents(client: TestClient) -> None:
    rows = run(client, "co_mentions", entity="국토교통부", limit=5)
    assert {r["a"] for r in rows} == {"국토교통부"}
    assert all(1 <= r["docs"] <= 5 for r in rows)


def test_schema_overview_matches_stats(client: TestClient) -> None:
    rows = run(client, "schema_overview")
    stats = client.get("/stats").json()
    assert sum(r["count"] for r in rows) == stats["relationships"]


def test_budgets_are_amounts_in_won(client: TestClient) -> None:
    rows = run(client, "program_budgets", funder="서울디지털재단")
    assert {r["funder"] for r in rows} == {"서울디지털재단"}
    amounts = [r["amount_krw"] for r in rows if r["amount_krw"] is not None]
    assert amounts and all(isinstance(a, int) and a >= 1_000_000 for a in amounts)
    assert amounts == sorted(amounts, reverse=True)


def test_people_work_for_the_ministry(client: TestClient) -> None:
    rows = run(client, "people", organization="국토부")
    assert {"강호인", "원희룡"} & {r["person"] for r in rows}, rows
    assert all(r["organization"] == "국토교통부" for r in rows)


def test_coparticipating_companies_share_a_program(client: TestClient) -> None:
    rows = run(client, "company_coparticipation", company="데이터얼라이언스")
    assert rows and all(
        r["company"] == "데이터얼라이언스" and r["shared"] == len(r["programs"]) for r in rows
    )
    assert "스마트 시티패스" in {p for r in rows for p in r["programs"]}
