"""The same release extracted from every format gives the same entities and relations as the .txt.

Runs the real pipeline (Kiwi, spaCy matchers, the gazetteer): a reader that loses a line, splits a name
across a wrap or drops a table changes what is extracted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citykg.extract import pipeline


def graph_of(path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    record = pipeline.extract_document(path)
    names = {e.id: e.name for e in record.entities}
    entities = {(e.type, e.name) for e in record.entities}
    relations = {(names[r.source], r.type, names[r.target]) for r in record.relations}
    return entities, relations


@pytest.fixture(scope="module")
def from_txt(release_files: dict[str, Path]) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    entities, relations = graph_of(release_files["txt"])
    # The comparison means something only if the .txt yields the release's actors and some relations.
    assert {("Ministry", "국토교통부"), ("City", "세종특별자치시"), ("Company", "LG CNS")} <= entities
    assert relations
    return entities, relations


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "hwpx", "hwp"])
def test_entities_and_relations_equal_the_txt(
    release_files: dict[str, Path], from_txt: tuple[set, set], fmt: str
) -> None:
    entities, relations = graph_of(release_files[fmt])
    assert entities == from_txt[0]
    assert relations == from_txt[1]


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf", "hwpx", "hwp"])
def test_metadata_reaches_the_record(release_files: dict[str, Path], fmt: str) -> None:
    from readers_release import RELEASE

    record = pipeline.extract_document(release_files[fmt])
    assert (record.title, record.date, record.format) == (RELEASE.title, RELEASE.date, fmt)


def test_dump_text_is_the_text_offsets_refer_to(release_files: dict[str, Path], tmp_path: Path) -> None:
    import json

    out, dump = tmp_path / "out.jsonl", tmp_path / "text"
    summary = pipeline.extract_paths([release_files["hwp"], release_files["pdf"]], out, dump_text=dump,
                                     progress=False)
    assert summary.failures == []
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = (dump / f"{Path(record['source']).name}.txt").read_text(encoding="utf-8")
        for entity in record["entities"]:
            for span in entity["mentions"]:
                assert text[span["start"]:span["end"]] == span["text"]


def test_a_bad_file_fails_alone(release_files: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.hwp"
    data = release_files["hwp"].read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    out = tmp_path / "out.jsonl"
    summary = pipeline.extract_paths([release_files["docx"], broken], out, progress=False)
    assert summary.documents == 1
    assert [(f, r.split(" (")[0]) for f, r in summary.failures] == [(str(broken), "damaged OLE2 container")]
