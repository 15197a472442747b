"""What the genres of public papers say by their layout: covers, council minutes, plans, tables.

Each case is a short text written for the test (from no project document), run through the real
pipeline (real Kiwi, real spaCy). `must` relations must be found, `must_not` must not.
"""

from __future__ import annotations

import pytest

MINUTES = (
    "제201회 여수시의회(임시회)\n"
    "경제도시위원회 회의록\n"
    "\n"
    "○출석위원(4인): 위원장 문해솔, 강도윤, 남궁민, 표지안\n"
    "○출석공무원: 스마트도시과장 도은호\n"
    "\n"
    "○강도윤 위원  과장님, 여수시 스마트 버스정류장 사업은 언제 끝납니까?\n"
    "○스마트도시과장 도은호  연말까지 마치겠습니다.\n"
)

PLAN = (
    "2026년 해양수산부 주요업무 추진계획\n"
    "\n"
    "□ 주요 추진과제\n"
    " ○ 「스마트 어항 조성사업」 본격 추진 (’26년 예산 210억원)\n"
    " ○ 「해양 디지털트윈 구축사업」 착수 (예산 48억원)\n"
)

TABLE = (
    "스마트시티 사업 추진 현황\n"
    "\n"
    "지자체\t사업 유형\t세부 사업명\t국비\t지방비\n"
    "강원특별자치도 강릉시\t강소형\t강릉 해변 안전 플랫폼\t12,000\t12,000\n"
    "충청북도 제천시\t챌린지\t제천 산간 수요응답 버스\t7,500\t7,500\n"
    "\n"
    "두 사업 모두 국토교통부의 강소형 스마트시티 조성사업과 스마트시티 챌린지의 일부로 추진된다.\n"
)

PIPES = (
    "2026년 스마트도시 사업 현황\n"
    "\n"
    "사업명 | 주관 | 참여기업 | 예산 | 재원\n"
    "---|---|---|---|---\n"
    "제천 스마트 주차 안내 | 제천시 교통과 | ㈜바다데이터 | 300 | 시비 100%\n"
    "제천 스마트 가로등 설치 | 제천시 도시과 | ㈜솔빛정보 | 200 | 시비 100%\n"
)

KIND_ONLY = (
    "선정 결과\n"
    "\n"
    "유형\t지자체\t국비(억원)\n"
    "강소형\t충청북도 제천시\t120\n"
    "\n"
    "국토교통부는 강소형 스마트시티 조성사업에 제천시를 선정했다.\n"
)


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        pytest.param(
            MINUTES,
            [
                ("경제도시위원회", "PART_OF", "여수시의회"),
                ("문해솔", "WORKS_FOR", "경제도시위원회"),
                ("표지안", "WORKS_FOR", "여수시의회"),
                ("표지안", "WORKS_FOR", "경제도시위원회"),
                ("도은호", "WORKS_FOR", "여수시"),
            ],
            [("도은호", "WORKS_FOR", "경제도시위원회"), ("도은호", "WORKS_FOR", "여수시의회")],
            id="council-minutes-committee-roster-and-officials",
        ),
        pytest.param(
            PLAN,
            [("해양수산부", "FUNDS", "스마트 어항 조성사업"), ("해양수산부", "FUNDS", "해양 디지털트윈 구축사업")],
            [],
            id="bracketed-budget-of-a-plan-is-the-publishers",
        ),
        pytest.param(
            "강릉시는 강릉원주대학교 산학협력단, ㈜바다데이터가 참여한 컨소시엄과 '강릉 스마트 항구 조성사업' 협약을 맺었다.",
            [("강릉원주대학교 산학협력단", "PARTICIPATES_IN", "강릉 스마트 항구 조성사업")],
            [("강릉원주대학교", "PARTICIPATES_IN", "강릉 스마트 항구 조성사업")],
            id="attached-body-is-one-name",
        ),
        pytest.param(
            "제천시는 '제천 스마트 교통 플랫폼'을 구축했다. 시는 이 플랫폼에 국비 15억원과 시비 15억원을 투입했다.",
            [("제천시", "FUNDS", "제천 스마트 교통 플랫폼")],
            [],
            id="demonstrative-refers-to-the-program-with-that-head",
        ),
        pytest.param(
            "영월군은 올해 '산골마을 드론 택배'와 '영월 안심 귀갓길'을 시작한다.\n"
            "드론 택배는 군이 한국항공우주연구원, 드론 스타트업 ㈜하늘나래와 컨소시엄을 꾸려 추진한다.",
            [
                ("한국항공우주연구원", "PARTICIPATES_IN", "산골마을 드론 택배"),
                ("하늘나래", "PARTICIPATES_IN", "산골마을 드론 택배"),
                ("영월군", "LEADS", "산골마을 드론 택배"),
            ],
            [("하늘나래", "PARTICIPATES_IN", "영월 안심 귀갓길")],
            id="opening-topic-of-key-words-refers-to-the-program-and-classifier-before-a-marked-firm",
        ),
        pytest.param(
            "영월군은 '봉래산 자율주행 리빙랩'을 운영한다. 봉래산은 2021년 국토교통부로부터 '자율주행자동차 시범운행지구'로 지정된 곳이다.",
            [],
            [("봉래산 자율주행 리빙랩", "CERTIFIED", "자율주행자동차 시범운행지구")],
            id="opening-topic-naming-only-the-place-word-of-a-program-is-no-reference",
        ),
        pytest.param(
            TABLE,
            [
                ("강릉 해변 안전 플랫폼", "PART_OF", "강소형 스마트시티 조성사업"),
                ("제천 산간 수요응답 버스", "PART_OF", "스마트시티 챌린지"),
                ("강릉 해변 안전 플랫폼", "IMPLEMENTED_IN", "강릉시"),
                ("강릉시", "LEADS", "강릉 해변 안전 플랫폼"),
                ("국토교통부", "FUNDS", "강릉 해변 안전 플랫폼"),
                ("강릉시", "FUNDS", "강릉 해변 안전 플랫폼"),
            ],
            [("강릉 해변 안전 플랫폼", "PART_OF", "스마트시티 챌린지")],
            id="kind-column-names-the-program-a-row-is-part-of",
        ),
        pytest.param(
            "'스마트 항만 챌린지'는 올해로 5년째다. 이 중 해양수산부의 본사업 지자체로 뽑힌 강릉시, 속초시 등 2곳은 "
            "올해부터 운영비를 부담한다.",
            [
                ("해양수산부", "SELECTED", "강릉시"),
                ("해양수산부", "SELECTED", "속초시"),
                ("스마트 항만 챌린지", "IMPLEMENTED_IN", "속초시"),
            ],
            [],
            id="the-head-of-a-relative-clause-of-selection-was-chosen",
        ),
        pytest.param(
            PIPES,
            [
                ("제천시", "LEADS", "제천 스마트 주차 안내"),
                ("바다데이터", "PARTICIPATES_IN", "제천 스마트 주차 안내"),
                ("솔빛정보", "PARTICIPATES_IN", "제천 스마트 가로등 설치"),
                ("제천시", "FUNDS", "제천 스마트 가로등 설치"),
            ],
            [("바다데이터", "PARTICIPATES_IN", "제천 스마트 가로등 설치")],
            id="a-table-drawn-with-bars-is-a-table",
        ),
        pytest.param(
            KIND_ONLY,
            [("국토교통부", "FUNDS", "강소형 스마트시티 조성사업")],
            [("제천시", "LEADS", "강소형 스마트시티 조성사업")],
            id="kind-column-alone-is-the-rows-program",
        ),
    ],
)
def test_genre_relations(check, text, must, must_not) -> None:
    check(text, must, must_not)


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        pytest.param("2026년 해양수산부 주요업무 추진계획\n\n본문이다.\n", "ministry:해양수산부", id="year-before-the-body"),
        pytest.param(MINUTES, "organization:여수시의회", id="session-number-before-the-council"),
        pytest.param(
            "해양수산부 · 행정안전부\n보도자료\n\n두 부처는 스마트 어항 사업을 함께 추진한다고 밝혔다.\n",
            "ministry:해양수산부",
            id="joint-cover-names-its-first-body",
        ),
        pytest.param(
            "[보도자료] 바다데이터, 강릉시 사업 수주\n\n2026년 3월 2일 / 바다데이터 홍보팀\n\n"
            "㈜바다데이터(대표 문해솔)는 강릉시가 발주한 '강릉 스마트 항구 조성사업'을 수주했다고 2일 밝혔다. "
            "강릉시는 협상을 거쳐 계약을 맺었다. 강릉시는 내년까지 사업을 마친다.\n",
            None,
            id="a-firms-own-release-has-no-body-publisher",
        ),
        pytest.param(
            "[기획] 스마트도시 어디까지 왔나\n\n동해일보 | 입력 2026.03.02 | 글·사진 문해솔 기자\n\n"
            "강릉시가 스마트도시 인증을 받았다. 강릉시는 내년에도 신청한다.\n",
            None,
            id="a-news-byline-means-no-publisher",
        ),
    ],
)
def test_publisher_from_the_cover(extract, text: str, publisher: str | None) -> None:
    rec, _, _ = extract(text)
    assert rec.publisher == publisher


def test_roster_titles_come_from_the_label_or_the_item(extract) -> None:
    _, by_name, _ = extract(MINUTES)
    assert by_name["문해솔"].properties.get("title") == "위원장"
    assert by_name["남궁민"].type == "Person" and by_name["남궁민"].properties.get("title") == "위원"


@pytest.mark.parametrize(
    "text, name",
    [
        pytest.param("경북 의성군은 지난해 스마트도시 솔루션 확산사업에 뽑혔다.", "스마트도시 솔루션 확산사업", id="solution"),
        pytest.param("시는 스마트시티 통합플랫폼 기반구축사업을 마쳤다.", "스마트시티 통합플랫폼 기반구축사업", id="word-ending-in-사업"),
    ],
)
def test_national_programs_of_the_reference_data_are_programs(extract, text: str, name: str) -> None:
    _, by_name, _ = extract(text)
    assert name in by_name and by_name[name].type == "Program", sorted(by_name)


@pytest.mark.parametrize(
    "text, name",
    [
        pytest.param("동해ICT 컨소시엄이 낙찰됐다.", "동해ICT", id="hangul-then-latin-ending"),
        pytest.param("바다소프트와 XYZ랩 관계자 등 20여 명이 참석했다.", "XYZ랩", id="latin-then-firm-ending"),
    ],
)
def test_firm_shaped_names_are_companies(extract, text: str, name: str) -> None:
    _, by_name, _ = extract(text)
    assert name in by_name and by_name[name].type == "Company", sorted(by_name)


def test_a_person_before_a_body_and_one_of_its_offices_works_for_the_body(check) -> None:
    check("문해솔 해양수산부 항만정책국 항만개발과장은 말했다.", [("문해솔", "WORKS_FOR", "해양수산부")])
