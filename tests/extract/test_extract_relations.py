"""Relations of every type, each from a short sentence written for the test."""

from citykg.extract.rules.money import amount_krw


def test_leads_from_subject_and_cue(extract):
    _, _, rels = extract("울산광역시는 「해상풍력 스마트 항만 조성 사업」을 추진한다고 밝혔다.")
    assert ("울산광역시", "LEADS", "해상풍력 스마트 항만 조성 사업") in rels


def test_participates_in_from_partners_and_cue(extract):
    _, _, rels = extract("「청년 데이터 해커톤」에는 ㈜한빛소프트와 경남정보산업진흥원이 함께 참여했다.")
    assert ("한빛소프트", "PARTICIPATES_IN", "청년 데이터 해커톤") in rels
    assert ("경남정보산업진흥원", "PARTICIPATES_IN", "청년 데이터 해커톤") in rels


def test_implemented_in_cities_listed_after_the_program(extract):
    _, _, rels = extract("○ 「해안 침수 예측 플랫폼」 구축(창원시, 통영시)")
    assert ("해안 침수 예측 플랫폼", "IMPLEMENTED_IN", "창원시") in rels
    assert ("해안 침수 예측 플랫폼", "IMPLEMENTED_IN", "통영시") in rels


def test_part_of_for_a_district_and_its_city(extract):
    _, _, rels = extract("부산 해운대구는 해변 관리를 강화한다.")
    assert ("부산광역시 해운대구", "PART_OF", "부산광역시") in rels


def test_selected_with_role(extract):
    rec, _, rels = extract("행정안전부는 공모를 거쳐 ㈜한빛소프트를 수행기관으로 선정했다.")
    assert ("행정안전부", "SELECTED", "한빛소프트") in rels
    r = next(r for r in rec.relations if r.type == "SELECTED")
    assert r.properties.get("role") == "수행기관"


def test_certified_and_issued_by(extract):
    _, _, rels = extract("청주시는 한국표준협회가 주관하는 ‘스마트 안전도시 인증’을 획득했다.")
    assert ("청주시", "CERTIFIED", "스마트 안전도시 인증") in rels
    assert ("스마트 안전도시 인증", "ISSUED_BY", "한국표준협회") in rels
    assert ("한국표준협회", "CERTIFIED", "스마트 안전도시 인증") not in rels


def test_certified_list_expanded_to_one_relation_per_member(extract):
    text = "□ 올해 ‘스마트 안전도시 인증’ 심사 결과 3곳이 인증을 받았다.\n  - * (대도시) 창원시, 청주시, 전주시"
    _, _, rels = extract(text)
    for city in ("창원시", "청주시", "전주시"):
        assert (city, "CERTIFIED", "스마트 안전도시 인증") in rels, city


def test_funds_with_amount(extract):
    rec, _, rels = extract("부산광역시는 「해양 드론 실증 사업」에 사업비 30억원을 지원한다.")
    assert ("부산광역시", "FUNDS", "해양 드론 실증 사업") in rels
    r = next(r for r in rec.relations if r.type == "FUNDS")
    assert r.properties["amount_krw"] == 3_000_000_000


def test_amount_units():
    assert amount_krw("49", "백만원") == 49_000_000
    assert amount_krw("1,700", "백만원") == 1_700_000_000
    assert amount_krw("10", "억원") == 1_000_000_000
    assert amount_krw("2.5", "천만원") == 25_000_000
    assert amount_krw("x", "억원") is None


def test_partners_with_from_agreement(extract):
    _, _, rels = extract("부산광역시와 한국토지주택공사는 스마트 물류 업무협약을 체결했다.")
    assert ("부산광역시", "PARTNERS_WITH", "한국토지주택공사") in rels or (
        "한국토지주택공사",
        "PARTNERS_WITH",
        "부산광역시",
    ) in rels


def test_works_for_with_title(extract):
    rec, _, rels = extract("박서연 창원시 스마트도시과장은 브리핑에서 설명했다.")
    assert ("박서연", "WORKS_FOR", "창원시") in rels
    r = next(r for r in rec.relations if r.type == "WORKS_FOR")
    assert r.properties["title"] == "스마트도시과장"


def test_relations_respect_the_type_table_and_carry_evidence(extract):
    text = (
        "행정안전부는 「디지털 행정 혁신 로드맵」을 수립했다. 대전광역시와 한국토지주택공사가 함께 참여했다.\n"
        "박서연 창원시 스마트도시과장은 협약을 설명했다."
    )
    rec, _, _ = extract(text)
    types = {e.id: e.type for e in rec.entities}
    for r in rec.relations:
        assert r.evidence and all(text[s.start : s.end] == s.text for s in r.evidence)
        if r.type == "LEADS":
            assert types[r.target] == "Program"
        if r.type == "WORKS_FOR":
            assert types[r.source] == "Person"
        assert 0 < r.confidence <= 1


def test_key_value_table_names_the_program_and_its_budget(extract):
    text = (
        "경기도 수원시\n\n사업명\t스마트 버스정류장 구축사업\n사업기간\t2021. 1. ~ 2021. 12.\n"
        "사업비\t500백만원(국비 250, 시비 250)\n"
    )
    rec, ents, rels = extract(text)
    assert ents["스마트 버스정류장 구축사업"].type == "Program"
    assert "사업비" not in ents and "사업기간" not in ents
    assert rec.publisher == "city:수원시"
    assert ("수원시", "LEADS", "스마트 버스정류장 구축사업") in rels
    assert ("수원시", "FUNDS", "스마트 버스정류장 구축사업") in rels
    r = next(r for r in rec.relations if r.type == "FUNDS")
    assert r.properties["amount_krw"] == 500_000_000


def test_budget_table_with_a_project_name_column(extract):
    text = (
        "한빛도시재단\n\n(단위 : 백만원)\n\n사업명\t예산액\t비 고\n"
        "해양 데이터 플랫폼 구축 사업\t1,200\t\n시민 참여 리빙랩 운영\t300\t\n합 계\t1,500\t\n"
    )
    rec, _, rels = extract(text)
    assert rec.publisher == "organization:한빛도시재단"
    assert ("한빛도시재단", "FUNDS", "해양 데이터 플랫폼 구축 사업") in rels
    amounts = {r.properties.get("amount_krw") for r in rec.relations if r.type == "FUNDS"}
    assert {1_200_000_000, 300_000_000} <= amounts


def test_relation_date_from_the_sentence(extract):
    rec, _, rels = extract("청주시는 2021년 11월 ‘스마트 안전도시 인증’을 획득했다.")
    r = next(r for r in rec.relations if r.type == "CERTIFIED")
    assert r.properties["date"] == "2021-11" and r.properties["year"] == 2021
