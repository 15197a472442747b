"""`citykg load FOLDER`: a folder of JSON Lines shards loads as the one file they were cut from."""

from __future__ import annotations

from pathlib import Path

from citykg.graph.loader import load_jsonl


def test_a_folder_of_shards_loads_like_the_whole_file(new_graph_store, sample_records, tmp_path: Path) -> None:
    lines = [r.to_json() + "\n" for r in sample_records]
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(lines), encoding="utf-8")
    folder = tmp_path / "shards"
    folder.mkdir()
    for i in range(0, len(lines), 2):  # written out of order: the names give the order
        (folder / f"part-{i // 2:06d}.jsonl").write_text("".join(lines[i : i + 2]), encoding="utf-8")
    (folder / "failed.log").write_text("not a record\n", encoding="utf-8")
    a, b = new_graph_store("whole"), new_graph_store("shards")
    assert not load_jsonl(a, whole).failures
    summary = load_jsonl(b, folder)
    assert not summary.failures and summary.documents == len(lines)
    q = "MATCH (n) RETURN n.id AS id, n.name AS name ORDER BY id"
    e = "MATCH (x)-[r]->(y) RETURN x.id AS x, type(r) AS t, y.id AS y ORDER BY x, t, y"
    assert a.read(q) == b.read(q) and a.read(e) == b.read(e) and a.counts() == b.counts()
