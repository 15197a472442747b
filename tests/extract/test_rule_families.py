"""The rule families other than predicate frames (extract/rules/), one table: each case is a short
text written for the test, the relation it must give and the rule (properties.rule) that must make it,
and relations it must not give. Real pipeline: Kiwi, spaCy, the reference data."""

from __future__ import annotations

import pytest

CASES = [
    pytest.param(
        "경상남도 창원시는 ‘창원 스마트 항만 사업’을 추진한다.",
        ("창원시", "PART_OF", "경상남도"),
        "hierarchy:parent",
        [],
        id="hierarchy-parent-named-together",
    ),
    pytest.param(
        "국토교통부 산하 국토교통과학기술진흥원이 평가를 맡는다.",
        ("국토교통과학기술진흥원", "PART_OF", "국토교통부"),
        "hierarchy:affiliation",
        [],
        id="hierarchy-affiliation",
    ),
    pytest.param(
        "행정안전부 김민수 디지털정부국장은 “현장을 살피겠다”고 말했다.",
        ("김민수", "WORKS_FOR", "행정안전부"),
        "people:beside",
        [],
        id="people-body-before-the-name",
    ),
    pytest.param(
        "박형준 부산시장은 “스마트 항만을 키우겠다”고 말했다. 부산광역시는 사업을 확대한다.",
        ("박형준", "WORKS_FOR", "부산광역시"),
        "people:title",
        [],
        id="people-body-in-a-compound-title",
    ),
    pytest.param(
        "대전광역시는 ‘대전 스마트 안전망 사업’을 추진한다고 밝혔다.",
        ("대전 스마트 안전망 사업", "IMPLEMENTED_IN", "대전광역시"),
        "name:city",
        [],
        id="names-city-opening-a-program-name",
    ),
    pytest.param(
        "이번 공모는 과학기술정보통신부 ‘지역 디지털 트윈 실증’ 사업의 하나다.",
        ("과학기술정보통신부", "LEADS", "지역 디지털 트윈 실증"),
        "name:owner",
        [],
        id="names-owner-before-a-program",
    ),
    pytest.param(
        "가온데이터㈜의 ‘스마트 주차 안내 서비스’가 호평을 받았다.",
        ("가온데이터", "PARTICIPATES_IN", "스마트 주차 안내 서비스"),
        "name:maker",
        [],
        id="names-maker-of-a-product",
    ),
    pytest.param(
        "사업명\t주관기관\t참여기관\t대상지\n스마트 가로등 실증\t한국전자통신연구원\t㈜빛길테크\t청주시\n",
        ("빛길테크", "PARTICIPATES_IN", "스마트 가로등 실증"),
        "table:participant",
        [("빛길테크", "LEADS", "스마트 가로등 실증")],
        id="tables-participant-column",
    ),
    pytest.param(
        "사업명\t주관기관\t참여기관\t대상지\n스마트 가로등 실증\t한국전자통신연구원\t㈜빛길테크\t청주시\n",
        ("스마트 가로등 실증", "IMPLEMENTED_IN", "청주시"),
        "table:place",
        [],
        id="tables-place-column",
    ),
    pytest.param(
        "사업명\t주관기관\t참여기관\t대상지\n스마트 가로등 실증\t한국전자통신연구원\t㈜빛길테크\t청주시\n",
        ("한국전자통신연구원", "LEADS", "스마트 가로등 실증"),
        "table:lead",
        [("한국전자통신연구원", "PARTICIPATES_IN", "스마트 가로등 실증")],
        id="tables-lead-column-and-lead-excludes-participation",
    ),
    pytest.param(
        "주요 서비스는 다음과 같다.\n - 스마트 하수관 수위 관제: ㈜물길랩(진주시 실증)\n",
        ("물길랩", "PARTICIPATES_IN", "스마트 하수관 수위 관제"),
        "items:maker",
        [],
        id="items-maker-after-the-colon",
    ),
    pytest.param(
        "주요 서비스는 다음과 같다.\n - 스마트 하수관 수위 관제: ㈜물길랩(진주시 실증)\n",
        ("스마트 하수관 수위 관제", "IMPLEMENTED_IN", "진주시"),
        "items:site",
        [],
        id="items-city-in-brackets-is-the-site",
    ),
    pytest.param(
        "올해 선정된 서비스는 다음과 같다.\n - 마을 돌봄 호출 서비스: 거제시·다솜온 협의체\n",
        ("거제시", "PARTNERS_WITH", "다솜온"),
        "items:group",
        # a label before the colon names no program; a clause after it lists no makers
        [("시흥시", "PARTICIPATES_IN", "추진체계")],
        id="items-members-of-a-group-are-partners",
    ),
    pytest.param(
        " - 추진체계: 시흥시(총괄), ㈜누리랩(운영)\n - 스마트 주차 고도화: 국토교통부 「스마트 주차 사업」 공모 선정\n",
        ("국토교통부", "LEADS", "스마트 주차 사업"),
        "name:owner",
        [("국토교통부", "PARTICIPATES_IN", "스마트 주차 고도화"), ("시흥시", "PARTICIPATES_IN", "추진체계")],
        id="items-label-or-clause-after-the-colon-is-no-maker-list",
    ),
    pytest.param(
        "목포시 스마트도시계획(2026~2030)\n\n목포시 스마트도시과\n\n1. 핵심 서비스\n ◦ 안전\n  - 항만 침수 예측 알림 서비스: 조위 센서 20개소를 설치해 위험을 알림, ㈜바다눈랩과 협력\n  - 수상 서비스: 목포 스마트쉼터\n",
        ("항만 침수 예측 알림 서비스", "PART_OF", "목포시 스마트도시계획"),
        "items:plan_part",
        [("수상 서비스", "PART_OF", "목포시 스마트도시계획")],
        id="items-a-plans-described-services-are-its-parts",
    ),
    pytest.param(
        "목포시 스마트도시계획(2026~2030)\n\n목포시 스마트도시과\n\n1. 핵심 서비스\n ◦ 안전\n  - 항만 침수 예측 알림 서비스: 조위 센서 20개소를 설치해 위험을 알림, ㈜바다눈랩과 협력\n  - 수상 서비스: 목포 스마트쉼터\n",
        ("바다눈랩", "PARTICIPATES_IN", "항만 침수 예측 알림 서비스"),
        "items:plan_partner",
        [],
        id="items-a-body-working-with-a-plans-service-takes-part",
    ),
    pytest.param(
        "가나공사 공고 제2025-0101호\n\n1. 사업 개요\n ○ 사 업 명: 다라지구 스마트도시 서비스 구축사업\n ○ 사업 위치: 충청남도 아산시 배방읍 일원\n ○ 발 주 처: 한국토지주택공사(LH) 스마트도시처\n ○ 사업 기간: 착수일로부터 24개월\n",
        ("다라지구 스마트도시 서비스 구축사업", "IMPLEMENTED_IN", "아산시"),
        "fields:place",
        [],
        id="fields-place-of-a-form",
    ),
    pytest.param(
        "가나공사 공고 제2025-0101호\n\n1. 사업 개요\n ○ 사 업 명: 다라지구 스마트도시 서비스 구축사업\n ○ 사업 위치: 충청남도 아산시 배방읍 일원\n ○ 발 주 처: 한국토지주택공사(LH) 스마트도시처\n ○ 사업 기간: 착수일로부터 24개월\n",
        ("한국토지주택공사", "LEADS", "다라지구 스마트도시 서비스 구축사업"),
        "fields:lead",
        [],
        id="fields-orderer-of-a-form-leads",
    ),
]


@pytest.mark.parametrize(("text", "relation", "rule", "must_not"), CASES)
def test_rule_family(extract, text, relation, rule, must_not):
    rec, _, rels = extract(text)
    names = {e.id: e.name for e in rec.entities}
    made = {(names[r.source], r.type, names[r.target]): r.properties.get("rule", "") for r in rec.relations}
    assert relation in made, f"missing {relation}; found {sorted(made)}"
    assert made[relation].split("/")[0] == rule, f"{relation} made by {made[relation]}, not {rule}"
    wrong = [r for r in must_not if r in rels]
    assert not wrong, f"unwanted {wrong}"
