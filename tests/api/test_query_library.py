"""The named query files: headers parse, every parameter is documented, variants pair with a base."""

from __future__ import annotations

from pathlib import Path

import pytest

from citykg.api.queries import ParamError, QueryLibraryError, dialect_of, load_library, parse_header, queries_dir


def test_library_has_documented_queries() -> None:
    lib = load_library()
    assert len(lib) >= 12
    for q in lib.values():
        assert q.title and q.description, q.name
        assert q.returns, f"{q.name}: no @returns line"
        assert q.example.startswith("citykg query"), f"{q.name}: no @example call"
        assert "" in q.texts, f"{q.name}: a dialect variant needs the portable file next to it"
        for p in q.params:
            assert p.description and p.example is not None or p.default is None, (q.name, p.name)


def test_every_file_is_in_the_library() -> None:
    names = {p.name.split(".")[0] for p in queries_dir().glob("*.cypher")}
    assert names == set(load_library())


def test_variant_chosen_by_backend() -> None:
    chain = load_library()["ministry_company_chain"]
    assert "MATCH p = allShortestPaths(" in chain.text_for("neo4j")
    assert "MATCH p = allShortestPaths(" not in chain.text_for("falkordb")
    assert "algo.SPpaths" in chain.text_for("embedded")
    assert "algo.SPpaths" not in chain.texts[""] and "allShortestPaths(" not in chain.texts[""]
    assert dialect_of("embedded") == "falkordb"


def test_bind_fills_defaults_and_converts_types() -> None:
    chain = load_library()["ministry_company_chain"]
    assert chain.bind({"limit": "3"}) == {"ministry": "국토교통부", "company": "LG CNS", "limit": 3}
    with pytest.raises(ParamError, match="no parameter ministy"):
        chain.bind({"ministy": "x"})
    with pytest.raises(ParamError, match="must be int"):
        chain.bind({"limit": "three"})


def test_header_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(QueryLibraryError, match="x.cypher"):
        parse_header("MATCH (n) RETURN n", "x.cypher")
    with pytest.raises(QueryLibraryError, match="type 'date'"):
        parse_header("// T\n// @param since date default=null  when\nRETURN 1", "y.cypher")
