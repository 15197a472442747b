"""The reference data (extract/data/gazetteer) and its loader, read from the real files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from citykg.extract.gazetteer import (
    DATA_DIR,
    ENV_DIRS,
    GazetteerError,
    entity_id,
    load_gazetteer,
    surface_key,
    valid_on,
)

# Basic local governments per metropolitan government on the 2025-01-01 snapshot
# (행정안전부 지방자치단체 현황): 226 in all.
BASIC_PER_PARENT = {
    "서울특별시": 25,
    "부산광역시": 16,
    "대구광역시": 9,
    "인천광역시": 10,
    "광주광역시": 5,
    "대전광역시": 5,
    "울산광역시": 5,
    "세종특별자치시": 0,
    "경기도": 31,
    "강원특별자치도": 18,
    "충청북도": 11,
    "충청남도": 15,
    "전북특별자치도": 14,
    "전라남도": 22,
    "경상북도": 22,
    "경상남도": 18,
    "제주특별자치도": 0,
}


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def ids(entities) -> list[str]:
    return [e.id for e in entities]


def only(gaz, surface: str) -> str:
    found = gaz.lookup(surface)
    assert len(found) == 1, (surface, ids(found))
    return found[0].id


# ------------------------------------------------------------------------------------------ cities


def test_local_governments_are_17_metropolitan_and_226_basic(gaz):
    levels = Counter(e.properties["level"] for e in gaz.local_governments())
    assert levels == {"metropolitan": 17, "basic": 226}


def test_basic_counts_per_metropolitan_government(gaz):
    current = {e.id for e in gaz.local_governments()}
    for parent, expected in BASIC_PER_PARENT.items():
        pid = entity_id("City", parent)
        kids = [c for c in gaz.children(pid) if c.id in current]
        assert len(kids) == expected, (parent, sorted(c.name for c in kids))
    assert sum(BASIC_PER_PARENT.values()) == 226


def test_every_city_has_the_parent_its_level_needs(gaz):
    for city in gaz.of_type("City"):
        level = city.properties["level"]
        parent = gaz.get(city.properties.get("parent", ""))
        if level in ("metropolitan", "foreign"):
            assert parent is None, city.id
        elif level == "district":  # a new town inside a 시/구 (or a 도 when it spans several)
            assert parent is not None and parent.type == "City", city.id
        elif level == "administrative":  # 제주's 행정시 under the 도, 일반구 under their 시
            assert parent is not None and parent.properties["level"] in ("metropolitan", "basic"), city.id
        else:
            assert parent is not None and parent.properties["level"] == "metropolitan", city.id


def test_basic_governments_by_kind(gaz):
    kinds = Counter(e.properties["kind"] for e in gaz.local_governments() if e.properties["level"] == "basic")
    assert kinds == {"자치구": 69, "시": 75, "군": 82}


def test_places_that_are_not_local_governments_stay_out_of_the_count(gaz):
    counted = {e.id for e in gaz.local_governments()}
    for surface in ["제주시", "판교", "싱가포르", "마산시", "분당구"]:
        (ent,) = gaz.lookup(surface)
        assert ent.type == "City" and ent.id not in counted, surface
    assert gaz.get(only(gaz, "판교")).properties["parent"] == "city:성남시"
    assert only(gaz, "콜럼버스시") == "city:콜럼버스"


def test_recent_changes_are_in_the_snapshot(gaz):
    # 군위군 moved from 경상북도 to 대구광역시 on 2023-07-01, and keeps its old qualified name.
    assert only(gaz, "군위군") == "city:대구광역시_군위군"
    assert only(gaz, "경상북도 군위군") == "city:대구광역시_군위군"
    assert only(gaz, "강원도") == "city:강원특별자치도"
    assert only(gaz, "전라북도") == "city:전북특별자치도"
    # 인천's 2026-07-01 reorganisation is recorded but not counted on the 2025 snapshot.
    later = {e.id for e in gaz.local_governments("2026-07-01")}
    assert "city:인천광역시_제물포구" in later and "city:인천광역시_중구" not in later
    assert len(later) == 17 + 227


@pytest.mark.parametrize("name", ["중구", "동구", "서구", "남구", "북구", "강서구", "고성군", "중구청"])
def test_shared_district_names_are_ambiguous(gaz, name):
    found = gaz.lookup(name)
    assert len(found) >= 2 and gaz.is_ambiguous(name)
    assert gaz.preferred(name) is None  # never guessed without context
    assert len({e.properties["parent"] for e in found}) == len(found)


def test_ambiguity_is_resolved_from_context_only(gaz):
    assert gaz.resolve("중구") is None
    assert gaz.resolve("중구", context=["city:대구광역시"]).id == "city:대구광역시_중구"
    assert gaz.resolve("고성군", context=["city:강원특별자치도"]).id == "city:강원특별자치도_고성군"
    assert gaz.resolve("강서구", context=["city:서울특별시", "city:부산광역시"]) is None


def test_unique_basic_names_are_not_ambiguous(gaz):
    for surface in ["수원시", "김해시", "달서구", "광산구", "강남구"]:
        assert not gaz.is_ambiguous(surface), surface


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("세종시", "city:세종특별자치시"),
        ("세종", "city:세종특별자치시"),
        ("인천 광역시", "city:인천광역시"),
        ("달서구(대구)", "city:대구광역시_달서구"),
        ("대구 달서구", "city:대구광역시_달서구"),
        ("대구광역시 달서구", "city:대구광역시_달서구"),
        ("서울 강동구", "city:서울특별시_강동구"),
        ("광산구청", "city:광주광역시_광산구"),
        ("강원도 강릉시", "city:강릉시"),
        ("경기도 수원시", "city:수원시"),
        ("수원", "city:수원시"),
        ("경기 광주시", "city:경기도_광주시"),
        ("경기 광주", "city:경기도_광주시"),
        ("강원 고성", "city:강원특별자치도_고성군"),
    ],
)
def test_city_surface_forms(gaz, surface, expected):
    assert only(gaz, surface) == expected


def test_conventional_reading_orders_but_keeps_the_ambiguity(gaz):
    found = ids(gaz.lookup("광주시"))
    assert found == ["city:광주광역시", "city:경기도_광주시"]
    assert gaz.is_ambiguous("광주시")
    assert gaz.preferred("광주시").id == "city:광주광역시"
    assert only(gaz, "광주") == "city:광주광역시"


def test_canonical_basic_names_follow_the_documented_rule(gaz):
    """자치구/군 of a 특별시/광역시 and any name shared with another city carry the parent's full name;
    the other 시/군 of a 도 go by their official name alone."""
    basics = [e for e in gaz.of_type("City") if e.properties["level"] == "basic"]
    bare = Counter(e.properties["short"] for e in basics)
    for city in basics:
        parent = gaz.get(city.properties["parent"])
        short = city.properties["short"]
        metro_alias = any(e.properties["level"] == "metropolitan" for e in gaz.lookup(short))
        qualified = parent.properties["kind"] in {"특별시", "광역시"} or bare[short] > 1 or metro_alias
        assert city.name == (f"{parent.name} {short}" if qualified else short), city.id


# -------------------------------------------------------------------------------- other entity types


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("국토부", "ministry:국토교통부"),
        ("MOLIT", "ministry:국토교통부"),
        ("미래부", "ministry:미래창조과학부"),
        ("행자부", "ministry:행정자치부"),
        ("안전처", "ministry:국민안전처"),
        ("행복청", "ministry:행정중심복합도시건설청"),
        ("경찰청", "ministry:경찰청"),
        ("SKT", "company:SK텔레콤"),
        ("에스케이텔레콤", "company:SK텔레콤"),
        ("LH", "organization:한국토지주택공사"),
        ("KAIA", "organization:국토교통과학기술진흥원"),
        ("서울대", "organization:서울대학교"),
        ("건기연", "organization:한국건설기술연구원"),
        ("스마트시티 인증", "certification:스마트도시_인증"),
    ],
)
def test_known_aliases(gaz, surface, expected):
    assert gaz.preferred(surface).id == expected


def test_predecessors_are_separate_entities(gaz):
    msip = gaz.get("ministry:미래창조과학부")
    msit = gaz.get("ministry:과학기술정보통신부")
    assert msip is not None and msit is not None and msip != msit
    assert msit.id in msip.properties["successor"]
    assert msip.id in msit.properties["predecessor"]
    assert "미래부" not in msit.aliases


@pytest.mark.parametrize(
    ("day", "count"), [("2012-01-01", 15), ("2015-01-01", 17), ("2017-08-01", 18), ("2025-01-01", 19)]
)
def test_number_of_ministries_over_time(gaz, day, count):
    """정부조직법: 15 부 (2008-2013), 17 (2014-2017), 18 (2017-2023), 19 (since 국가보훈부, 2023)."""
    current = [e for e in gaz.of_type("Ministry") if e.properties["kind"] == "ministry" and valid_on(e, day)]
    assert len(current) == count, sorted(e.name for e in current)


def test_a_name_used_twice_is_valid_in_both_periods(gaz):
    mois = gaz.get("ministry:행정안전부")
    assert valid_on(mois, "2010") and valid_on(mois, "2020-01") and not valid_on(mois, "2015-06-01")
    assert ids(gaz.lookup("행안부", on="2015")) == ["ministry:행정안전부"]  # the only candidate


def test_document_date_picks_the_body_of_its_time(gaz):
    assert ids(gaz.lookup("국토부", on="2010-05")) == ["ministry:국토해양부"]
    assert ids(gaz.lookup("국토부", on="2017-01-11")) == ["ministry:국토교통부"]
    # a body abolished before the document's date is still found when it is the only candidate
    assert ids(gaz.lookup("미래부", on="2022")) == ["ministry:미래창조과학부"]


def test_issuers_and_parents_point_to_real_entities(gaz):
    cert = gaz.get("certification:스마트도시_인증")
    assert gaz.get(cert.properties["issuer"]).name == "국토교통부"
    for ent in gaz.entities.values():
        for key in ("parent", "issuer"):
            if key in ent.properties:
                assert ent.properties[key] in gaz.entities, (ent.id, key)


# ------------------------------------------------------------------------------------------ ids


def test_ids_follow_the_rule_and_are_unique(gaz):
    assert entity_id("City", "광주광역시 광산구") == "city:광주광역시_광산구"
    assert entity_id("Ministry", " 국토교통부 ") == "ministry:국토교통부"
    for eid, ent in gaz.entities.items():
        assert eid == ent.id == entity_id(ent.type, ent.name)
    every_row = []
    for path in sorted(DATA_DIR.glob("*.tsv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        every_row += [ln.split("\t")[0] for ln in lines[1:]]
    assert len(every_row) == len(set(every_row)) == len(gaz.entities)


def test_ids_are_stable_across_loads(gaz, tmp_path):
    again = load_gazetteer([tmp_path])  # a different directory set: a fresh, uncached load
    assert again is not gaz
    assert set(again.entities) == set(gaz.entities)
    assert again.get("city:대구광역시_달서구").aliases == gaz.get("city:대구광역시_달서구").aliases


def test_surfaces_cover_names_and_aliases(gaz):
    surfaces = gaz.surfaces()
    assert ids(surfaces["대구 달서구"]) == ["city:대구광역시_달서구"]
    assert len(surfaces["중구"]) >= 5
    assert surface_key(" 인천 광역시 ") == "인천광역시"
    assert only(gaz, "아시아‧대양주산업기구") == "organization:아시아·오세아니아_컴퓨팅산업기구"


# --------------------------------------------------------------------------------- extension


def test_extra_directory_adds_entities(tmp_path):
    (tmp_path / "companies.tsv").write_text(
        "# a researcher's additions\nname\taliases\n데이터얼라이언스\t㈜데이터얼라이언스\n", encoding="utf-8"
    )
    (tmp_path / "places.csv").write_text(
        "type,name,level,kind,parent\nCity,세종특별자치시 도담동,neighbourhood,동,city:세종특별자치시\n",
        encoding="utf-8",
    )
    gaz = load_gazetteer([tmp_path])
    assert only(gaz, "㈜데이터얼라이언스") == "company:데이터얼라이언스"
    dodam = gaz.get("city:세종특별자치시_도담동")
    assert dodam in gaz.children("city:세종특별자치시")
    assert "company:데이터얼라이언스" not in load_gazetteer().entities


def test_environment_variable_adds_a_directory(tmp_path, monkeypatch):
    (tmp_path / "organizations.tsv").write_text("name\tkind\n가상도시연구소\tresearch\n", encoding="utf-8")
    monkeypatch.setenv(ENV_DIRS, str(tmp_path))
    assert only(load_gazetteer(), "가상도시연구소") == "organization:가상도시연구소"


@pytest.mark.parametrize(
    ("file_name", "text", "message"),
    [
        (
            "companies.tsv",
            "name\tparent\n새회사\tcompany:없는회사\n",
            "companies.tsv:2: parent 'company:없는회사'",
        ),
        (
            "cities.tsv",
            "name\tlevel\n서울특별시\tmetropolitan\n",
            "cities.tsv:2: duplicate id 'city:서울특별시'",
        ),
        ("things.tsv", "name\n무엇\n", "cannot tell the entity type"),
        ("extra.tsv", "type\tname\nPlanet\t화성\n", "extra.tsv:2: unknown type 'Planet'"),
        ("companies.tsv", "id\tname\ncompany:다른이름\t새회사\n", "companies.tsv:2: id 'company:다른이름'"),
        ("ministries.tsv", "name\tvalid_from\n새부\t작년\n", "ministries.tsv:2: date '작년'"),
        ("ministries.tsv", "name\taliases\tprefer\n새부\t새\t헌부\n", "ministries.tsv:2: prefer '헌부'"),
        ("companies.tsv", "name\taliases\n한 회사\ta\tb\n", "companies.tsv:2: 3 cells"),
    ],
)
def test_bad_rows_are_reported_with_file_and_line(tmp_path, file_name, text, message):
    (tmp_path / file_name).write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer([tmp_path])


def test_missing_extra_directory_is_an_error(tmp_path):
    with pytest.raises(GazetteerError, match="does not exist"):
        load_gazetteer([tmp_path / "nope"])


def test_every_reference_file_has_its_source_documented():
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for path in DATA_DIR.glob("*.tsv"):
        assert path.name in sources, path.name


def test_packaged_data_dir_is_the_default():
    assert Path(DATA_DIR).is_dir()
    assert {p.stem for p in DATA_DIR.glob("*.tsv")} >= {
        "cities",
        "ministries",
        "organizations",
        "companies",
        "certifications",
    }
