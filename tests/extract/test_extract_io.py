"""extract_paths and `citykg extract` on good and bad input: the bad file is named, the rest lands."""

import json

from typer.testing import CliRunner

from citykg.api.cli import app
from citykg.extract import readers
from citykg.extract.pipeline import extract_paths
from citykg.extract.records import DocumentRecord

GOOD = "배포 일시 2021. 5. 3.\n행정안전부는 「지방 디지털 전환 계획」을 수립했다고 밝혔다.\n"


def make_batch(tmp_path):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub" / "cp949.txt").write_bytes("부산광역시는 「해양 드론 실증 사업」을 추진한다.".encode("cp949"))
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    return d


def test_bad_files_are_reported_and_the_rest_is_written(tmp_path, capsys):
    d = make_batch(tmp_path)
    out = tmp_path / "out.jsonl"
    summary = extract_paths([d], out, progress=False)
    err = capsys.readouterr().err
    assert summary.documents == 2
    failed = {f.split("/")[-1] for f, _ in summary.failures}
    assert failed == {"empty.txt", "binary.txt"}
    assert "empty.txt" in err and "binary.txt" in err
    recs = [DocumentRecord.model_validate_json(line) for line in out.read_text().splitlines()]
    by_id = {r.doc_id: r for r in recs}
    assert set(by_id) == {"doc:good.txt", "doc:sub/cp949.txt"}
    cp = by_id["doc:sub/cp949.txt"]
    assert cp.model_extra["encoding"] == "cp949" and cp.model_extra["format"] == "txt"
    assert any(e.name == "해양 드론 실증 사업" for e in cp.entities)
    assert len(cp.model_extra["content_hash"]) == 64
    assert "2 documents" in summary.describe() and "2 failures" in summary.describe()


def test_doc_id_does_not_change_with_content(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    f = d / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    extract_paths([d], out, progress=False)
    first = json.loads(out.read_text())
    f.write_text(GOOD + "부산광역시는 계획을 세웠다.\n", encoding="utf-8")
    extract_paths([d], out, progress=False)
    second = json.loads(out.read_text())
    assert first["doc_id"] == second["doc_id"] == "doc:a.txt"
    assert first["content_hash"] != second["content_hash"]


def test_huge_file_is_refused_with_a_reason(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("가" * 2000, encoding="utf-8")
    summary = extract_paths([big], tmp_path / "o.jsonl", progress=False)
    assert summary.documents == 0 and "too large" in summary.failures[0][1]


def test_dump_text_writes_the_text_offsets_refer_to(tmp_path):
    d = make_batch(tmp_path)
    dump = tmp_path / "text"
    out = tmp_path / "o.jsonl"
    extract_paths([d / "good.txt"], out, dump_text=dump, progress=False)
    dumped = (dump / "good.txt.txt").read_text(encoding="utf-8")
    rec = json.loads(out.read_text())
    for e in rec["entities"]:
        for m in e["mentions"]:
            assert dumped[m["start"] : m["end"]] == m["text"]


def test_cli_exit_status_is_1_when_a_file_fails(tmp_path):
    d = make_batch(tmp_path)
    out = tmp_path / "cli.jsonl"
    res = CliRunner().invoke(app, ["extract", str(d), "-o", str(out), "--no-progress"])
    assert res.exit_code == 1
    assert "empty.txt" in res.output or "empty.txt" in (res.stderr if res.stderr_bytes else "")
    assert len(out.read_text().splitlines()) == 2
    ok = CliRunner().invoke(app, ["extract", str(d / "good.txt"), "-o", str(out), "--no-progress"])
    assert ok.exit_code == 0


def test_missing_path_is_a_failure(tmp_path):
    summary = extract_paths([tmp_path / "nope"], tmp_path / "o.jsonl", progress=False)
    assert summary.failures and "no such file" in summary.failures[0][1]


def test_explain_names_the_rule_and_what_it_matched_for_every_relation(tmp_path):
    """`citykg extract --explain`: one line per written relation, with a rule the rule table knows."""
    from citykg.extract.resources import rulebook

    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.txt").write_text(
        "국토교통부는 세종특별자치시와 부산광역시를 국가시범도시로 선정했다.\n"
        "LG CNS는 세종 국가시범도시 사업에 참여한다고 밝혔다.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["extract", str(d), "-o", str(out), "--no-progress", "--explain"])
    assert res.exit_code == 0, res.output
    written = [r for line in out.read_text(encoding="utf-8").splitlines() for r in json.loads(line)["relations"]]
    lines = [ln.split("\t") for ln in res.stdout.splitlines() if ln.startswith("doc:a.txt\t")]
    assert written and len(lines) == len(written)
    known = set(rulebook().rules)
    for (_doc, relation, rule, matched, _evidence), rel in zip(lines, written, strict=True):
        assert rel["properties"]["rule"] == rule.split(" (")[0]
        assert rule.split(" (")[0].split("/")[0] in known
        assert matched.strip() and " -" in relation
    selected = [ln for ln in lines if "-SELECTED->" in ln[1]]
    assert {ln[1].split("-> ")[1] for ln in selected} == {"세종특별자치시", "부산광역시"}
    assert all(ln[2].startswith("frame:select") for ln in selected)
