"""Hostile input refused in bounded time and memory, the rest of the batch landing (issue 12, item 7).

Extract: a real `citykg extract` over a folder of bad files plus one good document; load: bad JSON
Lines through `citykg load`; API: the real app (TestClient) over a store of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from faultkit import CLI, SAMPLES, cli_env, graph_fingerprint, tally

GOOD = SAMPLES / "000_f82c40c14384ade7.txt"
PARAGRAPH = "<w:p><w:r><w:t>국토교통부는 세종특별자치시와 함께 스마트시티 사업을 추진한다.</w:t></w:r></w:p>"


def docx_bomb(path: Path, expanded_mb: int = 300) -> Path:
    """A DOCX whose document.xml expands to `expanded_mb` MB of paragraphs (about 1 MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = PARAGRAPH.encode() * 10_000
            for _ in range(expanded_mb * 2**20 // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return path


def hwpx_bomb(path: Path, expanded_mb: int = 200) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        with zf.open("Contents/section0.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
                       b'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">')
            chunk = "<hp:p><hp:run><hp:t>스마트시티 사업</hp:t></hp:run></hp:p>".encode() * 10_000
            for _ in range(expanded_mb * 2**20 // len(chunk)):
                part.write(chunk)
            part.write(b"</hs:sec>")
    return path


def many_pages_pdf(path: Path, pages: int = 3000) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(pages):
        c.drawString(72, 720, f"page {i}")
        c.showPage()
    c.save()
    return path


def hostile_folder(folder: Path, tiny: int) -> dict[str, str]:
    """Bad files (name -> what it is) and one good document."""
    folder.mkdir()
    made = {}
    (folder / "empty.txt").write_bytes(b"")
    made["empty.txt"] = "empty"
    (folder / "binary.txt").write_bytes(os.urandom(4096) + b"\x00" * 100)
    made["binary.txt"] = "binary"
    (folder / "invalid-utf8.txt").write_bytes(b"\xc3\x28\xa0\xa1\xff\xfe\xfd" * 2000)
    made["invalid-utf8.txt"] = "invalid UTF-8"
    with open(folder / "huge.txt", "wb") as fh:  # 60 MB (sparse: no disk needed)
        fh.truncate(60 * 2**20)
    made["huge.txt"] = "60 MB text"
    depth = 10_000
    (folder / "nested.html").write_text("<html><body>" + "<div>" * depth + "국토교통부 스마트시티" + "</div>" * depth
                                        + "</body></html>", encoding="utf-8")  # fmt: skip
    made["nested.html"] = "10,000-level nested HTML"
    docx_bomb(folder / "bomb.docx")
    made["bomb.docx"] = "zip bomb named .docx"
    hwpx_bomb(folder / "bomb.hwpx")
    made["bomb.hwpx"] = "zip bomb named .hwpx"
    many_pages_pdf(folder / "pages.pdf")
    made["pages.pdf"] = "PDF of 3,000 pages"
    (folder / "loop.txt").symlink_to("loop.txt")
    made["loop.txt"] = "symlink loop"
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    made["passwd.txt"] = "symlink out of the folder"
    (folder / "up").symlink_to(".")
    made["up"] = "symlink to a folder above"
    tiny_dir = folder / "tiny"
    tiny_dir.mkdir()
    for i in range(tiny):
        (tiny_dir / f"{i:03d}.txt").write_text(f"{i}번 문서: 세종특별자치시 스마트시티.", encoding="utf-8")
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    return made


def run_measured(args: list[str], env: dict[str, str], timeout: float) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run a command; (result, seconds, peak RSS in MB of the command)."""
    code = ("import resource, subprocess, sys, json, time; t = time.monotonic(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(json.dumps([p.returncode, p.stdout, p.stderr, time.monotonic() - t, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                         timeout=timeout, check=True)  # fmt: skip
    rc, stdout, stderr, took, rss = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, rc, stdout, stderr), took, rss


def extract_hostile(tmp_path: Path, tiny: int) -> None:
    folder = tmp_path / "in"
    made = hostile_folder(folder, tiny)
    out = tmp_path / "out.jsonl"
    done, took, rss = run_measured([CLI, "extract", str(folder), "-o", str(out), "--no-progress"],
                                   os.environ.copy(), timeout=900)  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    reported = {name: line for name in made for line in done.stderr.splitlines() if f"/{name}:" in line}
    tally("bad inputs", len(made))
    print(f"\n{len(made)} hostile files + {tiny} tiny + 1 good, one `citykg extract`: exit {done.returncode}, "
          f"{took:.1f} s, peak RSS {rss:.0f} MB")
    for name, what in made.items():
        print(f"  {what:28} {reported.get(name, '(no error: read as text)').split(f'/{name}: ', 1)[-1][:110]}")
    must_fail = set(made) - {"invalid-utf8.txt", "nested.html"}  # these two may decode/read as (odd) text
    assert must_fail <= set(reported), sorted(must_fail - set(reported))
    docs = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert "doc:good.txt" in docs, "the good document did not land"
    assert sum(d.startswith("doc:tiny/") for d in docs) == tiny
    assert "passwd" not in out.read_text(encoding="utf-8"), "a link out of the folder was followed"


def test_hostile_files_give_their_errors_and_the_rest_lands(tmp_path: Path) -> None:
    extract_hostile(tmp_path, tiny=50)


@pytest.mark.long
def test_hostile_files_with_500_tiny_ones(tmp_path: Path) -> None:
    extract_hostile(tmp_path, tiny=500)


def test_the_docx_bomb_alone_in_bounded_time_and_memory(tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx")
    size = bomb.stat().st_size
    done, took, rss = run_measured([CLI, "extract", str(bomb), "-o", str(tmp_path / "o.jsonl")],
                                   os.environ.copy(), timeout=300)  # fmt: skip
    tally("bad inputs")
    print(f"\nDOCX bomb ({size / 2**20:.1f} MB, 300 MB of XML): exit {done.returncode} in {took:.1f} s, "
          f"peak RSS {rss:.0f} MB: {done.stderr.strip().splitlines()[0][:160]}")
    assert done.returncode == 1 and "zip bomb" in done.stderr
    assert rss < 500, f"peak RSS {rss:.0f} MB"


def test_a_long_document_is_extracted_in_pieces(tmp_path: Path) -> None:
    from citykg.extract.pipeline import PIECE_CHARS, extract_text

    text = GOOD.read_text(encoding="utf-8")
    long_text = "\n\n".join([text] * (PIECE_CHARS * 2 // len(text) + 1))  # over 1M characters: spaCy's own limit
    assert len(long_text) > 2 * PIECE_CHARS
    t = time.monotonic()
    record = extract_text(long_text, source="long.txt")
    print(f"\n{len(long_text):,} characters in pieces of {PIECE_CHARS:,}: {time.monotonic() - t:.1f} s, "
          f"{len(record.entities)} entities, {len(record.relations)} relations")
    for e in record.entities:
        for m in e.mentions:
            assert long_text[m.start : m.end] == m.text
    whole = extract_text(text, source="one.txt")
    assert {e.id for e in whole.entities} <= {e.id for e in record.entities}


# --------------------------------------------------------------------------- load


def test_bad_json_lines_name_their_line_and_nothing_is_half_written(tmp_path: Path, sample_records) -> None:
    good = [json.loads(r.to_json()) for r in sample_records]
    lines = [json.dumps(good[0], ensure_ascii=False)]
    bad = {}

    def add(what: str, text: str) -> None:
        lines.append(text)
        bad[len(lines)] = what

    wrong_types = {**good[1], "doc_id": "doc:wrong-types", "entities": "not a list"}
    add("wrong types", json.dumps(wrong_types, ensure_ascii=False))
    unknown = json.loads(json.dumps(good[1]))
    unknown["doc_id"] = "doc:unknown-end"
    unknown["relations"][0]["target"] = "ent:nobody"
    add("relation to an unknown id", json.dumps(unknown, ensure_ascii=False))
    add("duplicate document id", json.dumps(good[0], ensure_ascii=False))
    big = {**good[2], "doc_id": "doc:big-property", "blob": "가" * (10 * 2**20 // 3)}
    lines.append(json.dumps(big, ensure_ascii=False))  # a 10 MB property: loads whole, or is refused whole
    add("deeply nested JSON", "[" * 100_000 + "]" * 100_000)
    add("truncated line", json.dumps(good[2], ensure_ascii=False)[: 200])
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")  # the last line cut short, with no newline
    data = tmp_path / "store"
    done = subprocess.run([CLI, "load", str(path)], env=cli_env(data), capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    for lineno, what in bad.items():
        assert f"bad.jsonl:{lineno}:" in done.stderr, (what, done.stderr)
    from citykg.graph.connect import store_from_info
    from citykg.graph.embedded import EmbeddedServer

    server = EmbeddedServer(data)
    store = store_from_info(server.acquire(), "citykg", server)
    try:
        docs = {r["id"] for r in store.read("MATCH (d:Document) RETURN d.id AS id")}
        blob = store.read("MATCH (d:Document {id: 'doc:big-property'}) RETURN size(d.blob) AS n")
        nodes, rels, _ = graph_fingerprint(store)
    finally:
        store.close()
        server.release()
    assert {"doc:wrong-types", "doc:unknown-end"}.isdisjoint(docs)
    assert good[0]["doc_id"] in docs
    assert blob == [] or blob[0]["n"] == len(big["blob"]), "the 10 MB property was half-written"
    tally("bad inputs", len(bad) + 1)  # and the 10 MB property
    print(f"\n{len(bad)} bad lines, each named (file:line); loaded: {len(docs)} documents, {nodes} nodes, "
          f"{rels} relationships; the 10 MB property {'loaded whole' if blob else 'refused'}")
    for line in done.stderr.splitlines()[1:]:
        print("  " + line.strip()[:150])


# --------------------------------------------------------------------------- API


def test_hostile_requests_get_4xx_never_5xx(own_store, sample_records) -> None:
    from fastapi.testclient import TestClient

    from citykg.api.app import create_app
    from citykg.api.config import ApiSettings
    from citykg.graph.loader import load_records

    load_records(own_store, sample_records)
    before = graph_fingerprint(own_store)
    key = "k" * 32
    settings = ApiSettings(api_key=key, max_body_bytes=2 * 2**20)
    h = {"X-API-Key": key}
    seen: list[str] = []
    with TestClient(create_app(store=own_store, settings=settings), raise_server_exceptions=False) as c:

        def check(what: str, r, *codes: int) -> None:  # noqa: ANN001
            seen.append(f"{what}: {r.status_code}")
            assert r.status_code < 500, (what, r.status_code, r.text[:300])
            if codes:
                assert r.status_code in codes, (what, r.status_code, r.text[:300])
            if r.status_code >= 400:
                assert "error" in r.json(), what  # the one error shape

        big = json.dumps({"text": "가" * (3 * 2**20)}).encode()
        check("oversized JSON body (declared)", c.post("/documents", content=big, headers={**h, "Content-Type": "application/json"}), 413)
        check("oversized body, chunked", c.post("/documents", content=iter([big[:2**20]] * 3),
                                                headers={**h, "Content-Type": "application/json"}), 413)  # fmt: skip
        check("oversized upload", c.post("/documents", files={"file": ("x.txt", b"a" * (3 * 2**20))}, headers=h), 413)
        check("invalid UTF-8 body", c.post("/documents", content=b'{"text": "\xff\xfe"}',
                                           headers={**h, "Content-Type": "application/json"}), 400)  # fmt: skip
        check("deeply nested JSON", c.post("/documents", content=b"[" * 100_000 + b"]" * 100_000,
                                           headers={**h, "Content-Type": "application/json"}), 400, 422)  # fmt: skip
        check("NUL characters", c.post("/documents", json={"text": "국토교통부\x00는"}, headers=h), 422)
        check("invalid UTF-8 to /cypher", c.post("/cypher", content=b'{"query": "\xff"}',
                                                 headers={"Content-Type": "application/json"}), 400, 422)  # fmt: skip
        check("deep JSON to /cypher", c.post("/cypher", content=b'{"query": "RETURN 1", "params": {"a": '
                                             + b"[" * 50_000 + b"]" * 50_000 + b"}}",
                                             headers={"Content-Type": "application/json"}), 400, 422)  # fmt: skip
        r = c.post("/documents", files={"file": ("../../../etc/evil.txt", GOOD.read_bytes())}, headers=h)
        seen.append(f"path traversal in an upload name: {r.status_code}")
        assert r.status_code == 201 and r.json()["document"]["doc_id"] == "doc:evil.txt", r.text[:300]
        assert not Path("/etc/evil.txt").exists()
        for q in ("' OR 1=1 //", "x'}) MATCH (n) DETACH DELETE n //", "\\' RETURN 1 //", "가" * 200):
            check(f"injection/huge q {q[:12]!r}", c.get("/entities", params={"q": q}), 200, 422)
        check("huge q", c.get("/entities", params={"q": "가" * 5_000}), 422)
        check("write through params", c.post("/cypher", json={"query": "RETURN $x", "params": {"x": "CREATE (n)"}}), 200)
    after = graph_fingerprint(own_store)
    assert after[0] >= before[0]  # only the one legitimate upload added anything
    tally("bad inputs", len(seen))
    tally("requests", len(seen))
    print(f"\n{len(seen)} hostile requests, no 5xx:")
    print("\n".join("  " + s for s in seen))


def test_the_docx_bomb_through_post_documents(tmp_path: Path) -> None:
    """The same bomb uploaded to a real `citykg serve`: a 422 in bounded time, and the server's
    memory (peak and after) stays where it was."""
    import urllib.error
    import urllib.request
    import uuid

    from citykg.graph.embedded import free_port

    bomb = docx_bomb(tmp_path / "bomb.docx").read_bytes()
    port, key = free_port(), "k" * 32
    serve = subprocess.Popen([CLI, "serve", "--port", str(port)], env=cli_env(tmp_path / "store", CITYKG_API_KEY=key),
                             start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def memory() -> tuple[float, float]:  # (VmRSS, VmHWM) of the serve, in MB
        status = dict(line.split(":", 1) for line in Path(f"/proc/{serve.pid}/status").read_text().splitlines())
        return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, "citykg serve did not come up"
                time.sleep(0.1)
        rss0, _ = memory()
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.docx"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + bomb + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
        req = urllib.request.Request(f"http://127.0.0.1:{port}/documents", body, method="POST", headers={
            "X-API-Key": key, "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        t = time.monotonic()
        try:
            urllib.request.urlopen(req, timeout=120)
            status, answer = 201, ""
        except urllib.error.HTTPError as e:
            status, answer = e.code, e.read().decode()
        took = time.monotonic() - t
        rss1, hwm = memory()
    finally:
        os.killpg(serve.pid, 2)
        serve.wait(10)
    tally("bad inputs")
    tally("requests")
    print(f"\nDOCX bomb ({len(bomb) / 2**20:.1f} MB) to POST /documents: HTTP {status} in {took:.1f} s; serve RSS "
          f"{rss0:.0f} MB before, {rss1:.0f} MB after, peak {hwm:.0f} MB: {answer[:140]}")
    assert status == 422 and "zip bomb" in answer, answer
    assert hwm < 500, f"peak RSS {hwm:.0f} MB"
    assert rss1 - rss0 < 100, f"the serve kept {rss1 - rss0:.0f} MB"
