"""Document metadata: publication date, title, publisher."""

import pytest

from citykg.extract.meta import find_date, find_title, is_news


def test_labelled_dates():
    assert find_date("배포 일시\t2021. 3. 4.(목)\n본문") == "2021-03-04"
    assert find_date("등록 2019/05/07 (화)\n본문") == "2019-05-07"
    assert find_date("보도일시 2023년 1월 9일(월) 조간") == "2023-01-09"


def test_byline_and_cover_dates():
    assert find_date("본문이다.\n사진 설명 (제공:부산시) ⓒ어느일보 2018.7.9") == "2018-07-09"
    assert find_date("업무 보고\n\n2020. 11\n\n본문") == "2020-11"


def test_schedule_dates_in_tables_are_not_publication_dates():
    assert find_date("추진일자\t추진사항\n2018. 9.\t자료 수집") is None


def test_title_from_label_heading_or_bold():
    assert find_title("제목 부산시 스마트 항만 계획 발표\n본문") == "부산시 스마트 항만 계획 발표"
    assert find_title("**공약명**\n\n**해양 도시 기본계획 수립**\n본문") == "해양 도시 기본계획 수립"
    assert find_title("# 스마트 항만 3곳 선정\n본문") == "스마트 항만 3곳 선정"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("어느공사 보도자료\n담당부서: 도시사업처\n문의: 처장 홍길동\n어느공사, 스마트 물관리 실증 착수\n본문", "어느공사, 스마트 물관리 실증 착수"),
        ("보도 참고자료\n보도시점: 2024. 1. 2.\n가나시, 스마트 버스정류장 20곳 설치\n본문", "가나시, 스마트 버스정류장 20곳 설치"),
    ],
    ids=["cover-and-label-lines", "paper-kind-label-and-embargo"],
)
def test_title_is_not_a_cover_or_metadata_line(text: str, title: str):
    assert find_title(text) == title


def test_title_program_is_not_the_setting(check):
    # the headline names where (P서 / P에서) and what (Q): the consortium is formed for Q, the document's program
    check(
        "가나공사, 울산 다운 스마트시티서 ‘스마트 물순환 실증사업’ 착수\n\n"
        "□ 가나공사는 국가시범도시인 ‘울산 다운 스마트시티’에서 「스마트 물순환 실증사업」을 추진한다고 밝혔다.\n\n"
        "□ 사업자는 공모로 뽑혔다.\n\n□ 마바소프트가 사아시스템즈, 자차테크와 컨소시엄을 꾸려 응모했다.\n",
        must=[("사아시스템즈", "PARTICIPATES_IN", "스마트 물순환 실증사업"), ("마바소프트", "PARTICIPATES_IN", "스마트 물순환 실증사업")],
        must_not=[("사아시스템즈", "PARTICIPATES_IN", "울산 다운 스마트시티")],
    )


def test_news_has_no_publisher(extract):
    rec, _, _ = extract(
        "[어느일보 부산=홍길동 기자] 부산광역시가 계획을 세웠다고 3일 밝혔다.\n"
        "저작권자 © 어느일보 무단전재 및 재배포 금지"
    )
    assert is_news(rec.entities and "[어느일보 부산=홍길동 기자]" or "")
    assert rec.publisher is None


def test_press_release_publisher_is_the_lead_subject(extract):
    rec, _, _ = extract("배포 일시 2022. 9. 29.\n행정안전부는 지방 디지털 전환 계획을 발표했다고 밝혔다.")
    assert rec.publisher == "ministry:행정안전부"
    assert rec.date == "2022-09-29"


def test_iso_date_alone_and_reporter_email_marks_news():
    assert find_date("업무 보고\n2021-03-04\n본문") == "2021-03-04"
    assert is_news("본문이다.\n홍길동 기자 hong@example.co.kr")
    assert not is_news("행정안전부는 계획을 발표했다.")
