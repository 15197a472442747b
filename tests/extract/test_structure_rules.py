"""Structures that carry relations beyond one clause: groups, lists, bullets, parallel phrases.

Each case is a short text written for the test (from no project document), run through the real
pipeline. `must` relations must be found, `must_not` must not; entity checks give a name and the
type it must (or must not) get.
"""

from __future__ import annotations

import pytest

CASES = [
    pytest.param(
        "강릉시는 ㈜바다데이터를 대표사로 하는 컨소시엄과 '강릉 스마트 항구 조성사업' 실시협약을 맺었다.\n"
        "시는 시민 안내 앱 '강릉온'도 함께 운영한다.\n"
        "컨소시엄에는 ㈜동해로보틱스, ㈜솔빛정보가 참여한다.",
        [
            ("동해로보틱스", "PARTICIPATES_IN", "강릉 스마트 항구 조성사업"),
            ("솔빛정보", "PARTICIPATES_IN", "강릉 스마트 항구 조성사업"),
        ],
        [("동해로보틱스", "PARTICIPATES_IN", "강릉온")],
        id="group-takes-the-program-it-was-named-with",
    ),
    pytest.param(
        "속초시는 ㈜바다데이터, ㈜동해로보틱스와 컨소시엄을 꾸려 '속초 스마트 항만 실증사업'에 응모했다.",
        [
            ("속초시", "PARTNERS_WITH", "바다데이터"),
            ("속초시", "PARTNERS_WITH", "동해로보틱스"),
            ("바다데이터", "PARTICIPATES_IN", "속초 스마트 항만 실증사업"),
        ],
        [],
        id="consortium-formed-for-the-program-named-after",
    ),
    pytest.param(
        "삼척시는 '삼척 스마트 해변 사업'을 추진한다. ㈜하늘정보, ㈜바람시스템즈 등 3개사가 컨소시엄에 이름을 올렸다.",
        [("하늘정보", "PARTICIPATES_IN", "삼척 스마트 해변 사업")],
        [("삼척시", "SELECTED", "하늘정보")],
        id="chosen-into-a-group-is-joining-it",
    ),
    pytest.param(
        "환경부는 청주시, 충주시와 함께 제천시를 '스마트 물관리 확산사업' 대상지로 선정했다.",
        [("환경부", "SELECTED", "청주시"), ("환경부", "SELECTED", "제천시")],
        [],
        id="comitative-of-the-theme-kind-is-chosen-too",
    ),
    pytest.param(
        "국토교통부는 베트남 다낭, 캄보디아 프놈펜, 태국 치앙마이를 올해 실증 대상 도시로 골랐다.",
        [("국토교통부", "SELECTED", "프놈펜"), ("국토교통부", "SELECTED", "치앙마이")],
        [],
        id="country-before-each-foreign-city-of-a-list",
    ),
    pytest.param(
        "해양수산부는 ㈜바다데이터, 한국해양과학기술원과 함께 '스마트 어항 사업'의 성공적 추진을 위한 업무협약을 맺었다.",
        [("해양수산부", "PARTNERS_WITH", "바다데이터"), ("해양수산부", "PARTNERS_WITH", "한국해양과학기술원")],
        [],
        id="purpose-verb-passes-its-arguments-on",
    ),
    pytest.param(
        "속초시는 ㈜바다데이터, 로봇 전문기업 ㈜동해로보틱스 등 2개 기업과 컨소시엄을 꾸렸다.",
        [("속초시", "PARTNERS_WITH", "동해로보틱스")],
        [],
        id="classifier-phrase-before-a-member",
    ),
    pytest.param(
        "'강릉 스마트 관광 사업'의 주요 서비스는 ▲AI 관광 안내 서비스 ▲스마트 주차 플랫폼 ▲해변 안전 드론 등 3개다.",
        [
            ("AI 관광 안내 서비스", "PART_OF", "강릉 스마트 관광 사업"),
            ("해변 안전 드론", "PART_OF", "강릉 스마트 관광 사업"),
        ],
        [],
        id="bullet-items-are-parts",
    ),
    pytest.param(
        "해양수산부는 '2026년 스마트 어항 사업'을 새로 시작한다.\n○ 대상 : 2곳 내외, 3년간 국비 최대 40억원",
        [("해양수산부", "FUNDS", "2026년 스마트 어항 사업")],
        [],
        id="funding-word-with-its-amount",
    ),
    pytest.param(
        "국토교통부는 대도시 부문에서 춘천시·원주시, 중소도시 부문에서 양구군·인제군을 ‘2026년 스마트도시’로 인증했다.",
        [("춘천시", "CERTIFIED", "2026년 스마트도시"), ("양구군", "CERTIFIED", "2026년 스마트도시")],
        [],
        id="parallel-phrases-and-quoted-certification",
    ),
    pytest.param(
        "행정안전부는 '2026년 디지털 안전 플랫폼 사업' 공모 결과를 발표했다. 최종 선정된 5곳은 다음과 같다.\n"
        "○ 강원 : 속초시, 삼척시\n○ 충북 : 제천시\n○ 전남 : 여수시, 순천시\n○ 경북 : 안동시",
        [("행정안전부", "SELECTED", "안동시"), ("행정안전부", "SELECTED", "순천시")],
        [("행정안전부", "SELECTED", "강원특별자치도")],
        id="run-of-labelled-lists-under-one-lead",
    ),
    pytest.param(
        "행정안전부는 '2026년 섬마을 디지털 돌봄 사업' 대상지를 발표했다.\n"
        "□ 지원 내역(지자체 / 과제명 / 국비)\n"
        " 1. 전라남도 신안군 / 섬마을 원격 진료 버스 / 6억원\n"
        " 2. 경상남도 통영시 / 해상 응급 드론 배송 / 5억원\n"
        "신안군은 ㈜바다메디와 컨소시엄을 꾸렸고, 통영시 과제에는 한국해양과학기술원이 참여한다.",
        [
            ("섬마을 원격 진료 버스", "PART_OF", "2026년 섬마을 디지털 돌봄 사업"),
            ("섬마을 원격 진료 버스", "IMPLEMENTED_IN", "신안군"),
            ("행정안전부", "FUNDS", "해상 응급 드론 배송"),
            ("바다메디", "PARTICIPATES_IN", "섬마을 원격 진료 버스"),
            ("한국해양과학기술원", "PARTICIPATES_IN", "해상 응급 드론 배송"),
        ],
        [
            ("바다메디", "PARTICIPATES_IN", "2026년 섬마을 디지털 돌봄 사업"),
            ("한국해양과학기술원", "PARTICIPATES_IN", "섬마을 원격 진료 버스"),
        ],
        id="slash-rows-under-a-caption-naming-columns-and-each-citys-own-task",
    ),
    pytest.param(
        "광주광역시는 '광주 스마트 마을 실험실'을 이달부터 운영한다. 올해 추진할 과제는 아래 3개다.\n"
        " ① 골목길 AI 가로등(북구 용봉동) – 참여기업: ㈜빛고을센서\n"
        " ② 독거 어르신 말벗돌봄(남구 봉선동) – 참여기업: 무등케어 주식회사, 새봄로직\n"
        " ③ 하천 수위 경보망(광산구 신창동) – 주관기관: 광주과학기술원\n"
        "사업 운영은 전남대학교가 총괄한다.",
        [
            ("골목길 AI 가로등", "PART_OF", "광주 스마트 마을 실험실"),
            ("독거 어르신 말벗돌봄", "PART_OF", "광주 스마트 마을 실험실"),
            ("골목길 AI 가로등", "IMPLEMENTED_IN", "광주광역시 북구"),
            ("새봄로직", "PARTICIPATES_IN", "독거 어르신 말벗돌봄"),
            ("무등케어", "PARTICIPATES_IN", "독거 어르신 말벗돌봄"),
            ("광주과학기술원", "LEADS", "하천 수위 경보망"),
            ("전남대학교", "LEADS", "광주 스마트 마을 실험실"),
        ],
        [("전남대학교", "LEADS", "하천 수위 경보망")],
        id="list-entries-name-place-and-field-and-are-no-section-heading",
    ),
    pytest.param(
        "한국도로공사는 '스마트 휴게소 실증사업'을 시작했다. 휴게소별 과제는 다음과 같다.\n"
        "■ 안성휴게소(경기 안성시) – '무인 충전 로봇'\n"
        " · 협력: 안성시, ㈜충전로보틱스\n"
        " · 내용: 전기차 충전 로봇 2대 운영\n"
        "■ 여주휴게소(경기 여주시) – '휴게소 AI 주차안내'\n"
        " · 협력: 여주시, ㈜파킹아이\n",
        [
            ("무인 충전 로봇", "PART_OF", "스마트 휴게소 실증사업"),
            ("휴게소 AI 주차안내", "IMPLEMENTED_IN", "여주시"),
            ("충전로보틱스", "PARTICIPATES_IN", "무인 충전 로봇"),
            ("여주시", "PARTICIPATES_IN", "휴게소 AI 주차안내"),
        ],
        [("충전로보틱스", "PARTICIPATES_IN", "휴게소 AI 주차안내")],
        id="fields-under-a-heading-that-names-their-program",
    ),
    pytest.param(
        "행정안전부는 '스마트 재난 관제 사업'을 2020년부터 추진해 왔다. 대상 지자체에는 곳당 국비 5억원이 지원된다.\n"
        "[표] 지자체별 국비 집행 현황(단위: 백만원)\n"
        "지자체\t선정연도\t국비 교부\t집행률\n"
        "강원특별자치도 속초시\t2021\t500\t40%\n"
        "충청북도 제천시\t2022\t500\t12%\n"
        "○ 속초시는 용역 입찰에서 평가위원을 위촉했고, ㈜한결정보가 우선협상대상자로 선정됐다.",
        [
            ("행정안전부", "SELECTED", "제천시"),
            ("스마트 재난 관제 사업", "IMPLEMENTED_IN", "속초시"),
            ("속초시", "SELECTED", "한결정보"),
        ],
        [("행정안전부", "SELECTED", "한결정보"), ("속초시", "LEADS", "스마트 재난 관제 사업")],
        id="table-of-cities-without-a-program-is-about-the-one-around-and-a-topic-body-chose-the-firm",
    ),
    pytest.param(
        "㈜솔빛정보가 이끄는 컨소시엄이 '춘천 스마트 관제 구축사업'을 따냈다. 조달청은 기술평가에서 이 컨소시엄을 우선협상대상자로 선정했다. "
        "춘천시는 지난달 솔빛정보 컨소시엄과 본계약을 맺었다.\n"
        " - 사업명: 춘천 스마트 관제 구축사업\n"
        " - 컨소시엄: ㈜바다데이터(25%), ㈜솔빛정보(주관사, 지분 60%), ㈜하늘소프트(15%)",
        [
            ("조달청", "SELECTED", "솔빛정보"),
            ("춘천시", "SELECTED", "솔빛정보"),
            ("솔빛정보", "PARTNERS_WITH", "바다데이터"),
            ("솔빛정보", "PARTNERS_WITH", "하늘소프트"),
            ("하늘소프트", "PARTICIPATES_IN", "춘천 스마트 관제 구축사업"),
        ],
        [("춘천시", "PARTNERS_WITH", "솔빛정보"), ("바다데이터", "PARTNERS_WITH", "하늘소프트")],
        id="contract-of-a-public-body-selects-the-firm-group-field-and-group-reference",
    ),
    pytest.param(
        "여수시는 '여수 스마트 관광 사업'을 추진한다. '관광 안내 앱'은 ㈜바다데이터가, '해변 안전 드론'은 ㈜하늘소프트가 맡는다.",
        [
            ("바다데이터", "PARTICIPATES_IN", "관광 안내 앱"),
            ("하늘소프트", "PARTICIPATES_IN", "해변 안전 드론"),
        ],
        [("하늘소프트", "PARTICIPATES_IN", "관광 안내 앱"), ("바다데이터", "PARTICIPATES_IN", "해변 안전 드론")],
        id="gapping-pairs-share-one-predicate",
    ),
    pytest.param(
        "환경부는 '2026 물순환 선도도시 사업' 대상으로 청주시, 충주시 등 대도시 2곳과 단양군·괴산군 등 소도시 2곳을 선정했다.",
        [("환경부", "SELECTED", "청주시"), ("환경부", "SELECTED", "괴산군")],
        [],
        id="two-classified-lists-with-a-prefixed-classifier-are-one-argument",
    ),
    pytest.param(
        "대구광역시 달서구 보도자료\n\n달서구, 올해 스마트도시 사업 계획 발표\n\n"
        "□ 달서구는 올해 '달서 스마트도시 사업'을 추진한다고 밝혔다.\n"
        "1. 신규 과제인 '달서 스마트 쉼터' 조성\n  ○ 버스정류장 20곳에 냉난방 쉼터 설치\n  ○ 공기청정기와 온열의자 비치\n"
        "  ○ 야간 조명과 비상벨 연동\n  ○ 사업비: 6억원(시비 3, 구비 3)\n",
        [("대구광역시", "FUNDS", "달서 스마트 쉼터"), ("대구광역시 달서구", "FUNDS", "달서 스마트 쉼터")],
        [("대구광역시", "FUNDS", "달서 스마트도시 사업")],
        id="a-budget-line-under-a-heading-naming-its-program",
    ),
    pytest.param(
        "협약식에는 김민수 한국전자통신연구원 책임연구원, 이서연 ㈜바다로보틱스 대표 등 20여 명이 참석했다.",
        [("이서연", "WORKS_FOR", "바다로보틱스"), ("김민수", "WORKS_FOR", "한국전자통신연구원")],
        [("이서연", "WORKS_FOR", "한국전자통신연구원")],
        id="a-named-firm-between-a-person-and-the-title-is-the-employer",
    ),
    pytest.param(
        "경상남도는 올해 스마트도시 사업을 시작한다.\n김해시는 드론 배송을 준비한다.\n"
        "도는 예산을 늘린다.\n도는 인력을 늘린다.\n도는 교육을 늘린다.\n도는 홍보를 늘린다.\n도는 평가를 늘린다.\n"
        "통영시는 해양 관측을 맡는다.",
        [("김해시", "PART_OF", "경상남도")],
        [("통영시", "PART_OF", "경상남도")],
        id="a-parent-named-nearby-contains-the-city-one-named-far-away-says-nothing",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), CASES)
def test_structure(check, text, must, must_not):
    check(text, must, must_not)


ENTITIES = [
    pytest.param("수요응답형 셔틀 ‘강릉바다길’은 지역 운수업체가 맡는다.", "강릉바다길", "Program", id="coined-one-word"),
    pytest.param("원도심에는 ‘하늘마루 쉼터’가 들어선다.", "하늘마루 쉼터", "Program", id="bare-quoted-noun-phrase"),
    pytest.param(
        "시는 대학과 ‘스마트 돌봄 서비스 확산을 위한 업무협약’을 체결했다.",
        "스마트 돌봄 서비스 확산을 위한 업무협약",
        "Program",
        id="named-agreement-with-a-clause",
    ),
    pytest.param("특화분야는 ‘모빌리티 & 로봇’, ‘안전 & 관제’ 분야다.", "모빌리티 & 로봇", None, id="category-is-no-name"),
    pytest.param("주요 과제는 ▲전문인력 양성 ▲표준 지침 개발 ▲국제 협력 추진이다.", "전문인력 양성", None, id="activities"),
]


@pytest.mark.parametrize(("text", "name", "type_"), ENTITIES)
def test_structure_entities(extract, text, name, type_):
    _, by_name, _ = extract(text)
    found = by_name.get(name)
    assert (found.type if found else None) == type_, f"{name}: {found}; entities {sorted(by_name)}"
