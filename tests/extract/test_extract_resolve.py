"""Resolution: stable ids, short forms, ambiguous districts, merges within and across documents."""

from citykg.extract.pipeline import extract_text


def test_short_forms_resolve_to_the_canonical_entity(extract):
    rec, ents, _ = extract("배포 일시 2021. 5. 3.\n국토부와 SKT, 세종시가 협약을 맺었다.")
    assert ents["국토부"].id == "ministry:국토교통부" and ents["국토부"].name == "국토교통부"
    assert ents["SKT"].name == "SK텔레콤"
    assert ents["세종시"].name == "세종특별자치시"
    assert "국토부" in ents["국토부"].aliases


def test_predecessor_names_follow_the_document_date(extract):
    _, ents, _ = extract("배포 일시 2010. 4. 2.\n국토부는 도시 계획을 발표했다.")
    assert ents["국토부"].id == "ministry:국토해양부"


def test_ambiguous_district_without_context_is_left_out(extract):
    rec, ents, _ = extract("중구는 주차 문제를 해결하기로 했다.")
    assert "중구" not in ents
    assert all(e.type != "City" for e in rec.entities)


def test_ambiguous_district_with_an_explicit_city(extract):
    _, ents, rels = extract("대구 중구는 주차 문제를 해결하기로 했다.")
    assert ents["대구 중구"].id == "city:대구광역시_중구"
    assert ents["대구"].id == "city:대구광역시"
    assert ("대구광역시 중구", "PART_OF", "대구광역시") in rels


def test_ambiguous_district_from_the_document_city(extract):
    _, ents, _ = extract("울산광역시는 올해 예산을 늘렸다. 특히 중구에서 보행 환경을 개선한다.")
    assert ents["중구"].id == "city:울산광역시_중구"


def test_short_program_name_merges_into_the_full_one(extract):
    rec, ents, _ = extract("시는 「해양 스마트시티 챌린지 사업」을 추진한다. 챌린지 사업은 3년간 이어진다.")
    full = ents["해양 스마트시티 챌린지 사업"]
    assert ents.get("챌린지 사업") is full or "챌린지 사업" not in ents
    assert len([e for e in rec.entities if e.type == "Program"]) == 1


def test_same_new_entity_gets_the_same_id_in_two_documents():
    a = extract_text("울산시는 「해상풍력 스마트 항만 조성 사업」을 추진한다.", source="a.txt")
    b = extract_text("정부는 지난해 「해상풍력 스마트 항만 조성 사업」을 발표했다.", source="b.txt")
    ida = {e.id for e in a.entities if e.type == "Program"}
    idb = {e.id for e in b.entities if e.type == "Program"}
    assert ida and ida == idb
    assert ida == {"program:해상풍력_스마트_항만_조성"}


def test_variants_of_a_program_name_share_one_id_across_documents():
    forms = ["「스마트시티 중장기 발전 로드맵」", "스마트도시 중장기 로드맵", "‘스마트시티 중장기 로드맵’ 사업"]
    ids = set()
    for i, form in enumerate(forms):
        rec = extract_text(f"국토교통부는 {form}을 발표했다.", source=f"{i}.txt")
        ids |= {e.id for e in rec.entities if e.type == "Program"}
    assert ids == {"program:스마트도시_중장기_로드맵"}


def test_distinct_programs_keep_distinct_ids():
    rec = extract_text("국토교통부는 「2023년 강소형 스마트시티 조성사업」과 「2025년 강소형 스마트시티 조성사업」을 비교했다.", source="x.txt")
    assert len({e.id for e in rec.entities if e.type == "Program"}) == 2


def test_basic_city_carries_level_and_parent(extract):
    _, ents, _ = extract("부산 해운대구는 해변 관리를 강화한다.")
    e = ents["부산 해운대구"]
    assert e.properties["level"] == "basic" and e.properties["parent"] == "city:부산광역시"


def test_nfd_and_full_width_text_keeps_offsets_into_the_original():
    import unicodedata

    text = unicodedata.normalize("NFD", "행정안전부는 ＬＨ와 「해상풍력 스마트 항만 조성 사업」을 추진한다.")
    rec = extract_text(text, source="nfd.txt")
    names = {e.name for e in rec.entities}
    assert {"행정안전부", "한국토지주택공사", "해상풍력 스마트 항만 조성 사업"} <= names
    for e in rec.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for r in rec.relations:
        assert all(text[s.start : s.end] == s.text for s in r.evidence)
