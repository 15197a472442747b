"""Document metadata: publication date, title, publisher."""

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
