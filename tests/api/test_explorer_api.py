"""What the explorer page stands on: the page and its files served offline, `GET /evidence` (the
evidence contract), `GET /documents/{id}/text`, and the static files shipped in the wheel."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from api_testkit import ROOT, entity_id

from citykg.api import service
from citykg.extract.records import DocumentRecord
from citykg.graph.loader import load_records

STATIC = ROOT / "api" / "static"
EVIDENCE_KEYS = {"doc_id", "start", "end", "text", "date", "title", "publisher", "rule", "confidence"}


# --------------------------------------------------------------------------- the page, offline


def test_page_at_root_and_every_asset_it_names_is_served(client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert "/static/app.js" in assets and "/static/vendor/noto-sans-kr/index.css" in assets
    fonts_css = client.get("/static/vendor/noto-sans-kr/index.css").text
    fonts = {f"/static/vendor/noto-sans-kr/{u.removeprefix('./')}" for u in re.findall(r"url\(([^)]+)\)", fonts_css)}
    assert len(fonts) > 100  # one file per unicode range: the browser fetches only the Korean it shows
    app_js = client.get("/static/app.js").text
    assets += re.findall(r'"(/static/vendor/[^"]+\.js)"', app_js)  # loaded on demand
    for url in [*assets, *sorted(fonts)[:5]]:
        r = client.get(url)
        assert r.status_code == 200 and r.content, url
    # nothing from another host at run time
    for text in (html, app_js, client.get("/static/app.css").text, fonts_css):
        assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", text)
    # the API stays where it was
    assert client.get("/docs").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_vendored_libraries_match_the_lockfile() -> None:
    import json

    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())["packages"]
    vendored = json.loads((STATIC / "vendor" / "VERSIONS.json").read_text())
    for name, version in vendored.items():
        assert lock[f"node_modules/{name}"]["version"] == version, name


# --------------------------------------------------------------------------- GET /evidence


def _edge_with_evidence(client, name: str, at_least: int) -> dict:
    eid = entity_id(client, name)
    edges = client.get(f"/entities/{eid}/neighbors", params={"limit": 200}).json()["edges"]
    for e in edges:
        if len(e["evidence"]) >= at_least:
            s, t = (eid, e["neighbor"]["id"]) if e["direction"] == "out" else (e["neighbor"]["id"], eid)
            return {"source": s, "type": e["type"], "target": t, "evidence": e["evidence"]}
    raise AssertionError(f"no edge of {name} with {at_least} evidence sentences")


def test_evidence_pages_through_all_sentences_with_document_metadata(client) -> None:
    edge = _edge_with_evidence(client, "국토교통부", 2)
    params = {"source": edge["source"], "type": edge["type"], "target": edge["target"]}
    first = client.get("/evidence", params={**params, "limit": 1}).json()
    assert set(first) == {"items", "total", "next_offset"}
    assert first["total"] == len(edge["evidence"]) and first["next_offset"] == 1
    items, offset = [], 0
    while offset is not None:
        page = client.get("/evidence", params={**params, "limit": 1, "offset": offset}).json()
        items += page["items"]
        offset = page["next_offset"]
    assert len(items) == first["total"]
    assert {(i["doc_id"], i["start"]) for i in items} == {(e["doc_id"], e["start"]) for e in edge["evidence"]}
    for item in items:
        assert set(item) == EVIDENCE_KEYS
        doc = client.get(f"/documents/{item['doc_id']}").json()
        assert item["title"] == doc["title"]
        assert item["publisher"] == (doc["publisher"] or {}).get("name")
    dates = [i["date"] or "9999" for i in items]
    assert dates == sorted(dates)  # oldest first


def test_evidence_of_an_unknown_relation_or_type(client) -> None:
    r = client.get("/evidence", params={"source": "ministry:국토교통부", "type": "LEADS", "target": "city:없는시"})
    assert r.status_code == 404 and "no LEADS relation" in r.json()["error"]["message"]
    r = client.get("/evidence", params={"source": "a", "type": "LIKES", "target": "b"})
    assert r.status_code == 422 and "type" in r.json()["error"]["message"]


# --------------------------------------------------------------------------- GET /documents/{id}/text


def test_document_text_holds_every_evidence_span(client) -> None:
    doc_id = client.get("/documents", params={"limit": 1}).json()["items"][0]["id"]
    body = client.get(f"/documents/{doc_id}/text").json()
    assert body["text"] and body["text_unavailable"] is None
    detail = client.get(f"/documents/{doc_id}").json()
    spans = [ev for r in detail["relations"] for ev in r["evidence"]]
    assert spans
    for ev in spans:
        assert body["text"][ev["start"] : ev["end"]] == ev["text"]
    assert client.get("/documents/doc:없는문서/text").status_code == 404


def _record(spec: dict, source: Path) -> DocumentRecord:
    data = spec.model_dump()
    data["source"] = str(source)
    return DocumentRecord.model_validate(data)


def test_document_text_is_refused_when_its_file_changed_or_is_not_a_file(store, sample_records, tmp_path) -> None:
    rec = sample_records[0]
    copy = tmp_path / Path(rec.source).name
    shutil.copy(rec.source, copy)
    load_records(store, [_record(rec, copy)])
    view = service.document_text(store, rec.doc_id)
    assert view["text"] == copy.read_text(encoding="utf-8") and view["title"] == rec.title

    copy.write_text("다른 내용으로 바뀐 파일입니다.\n" + copy.read_text(encoding="utf-8"), encoding="utf-8")
    view = service.document_text(store, rec.doc_id)
    assert view["text"] is None and "has changed since it was loaded" in view["text_unavailable"]

    copy.unlink()
    view = service.document_text(store, rec.doc_id)
    assert view["text"] is None and "not a file this server can read" in view["text_unavailable"]


# --------------------------------------------------------------------------- packaging


def test_the_wheel_ships_the_page_and_its_libraries(tmp_path) -> None:
    """A Python-only install (no npm) gets the page: the built assets are in the wheel."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    names = set(zipfile.ZipFile(next(tmp_path.glob("citykg-*.whl"))).namelist())
    expected = {f"citykg/api/{p.relative_to(ROOT / 'api').as_posix()}" for p in STATIC.rglob("*") if p.is_file()}
    assert expected <= names, sorted(expected - names)[:5]
    assert "citykg/api/static/vendor/cytoscape/cytoscape.min.js" in names
