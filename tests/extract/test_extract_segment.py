"""Segmentation: table rows with their header, bullets and numbers, prose sentences, boilerplate out."""

from citykg.extract.clean import is_boilerplate
from citykg.extract.segment import segment


def test_table_rows_know_their_header_and_cells():
    text = "사업명\t예산액\t비고\n스마트 주차 사업\t120\t\n합계\t120\t"
    units = segment(text)
    rows = [u for u in units if u.kind == "row"]
    assert len(rows) == 3
    assert rows[0].header is None
    assert rows[1].header == ["사업명", "예산액", "비고"]
    assert rows[1].cell_text(text, 0) == "스마트 주차 사업"
    assert all(text[u.start : u.end] == u.text for u in units)


def test_slash_rows_under_a_caption_naming_their_columns_are_a_table():
    text = "□ 선정 결과(지자체 / 과제명 / 국비)\n 1. 가평군 / 스마트 버스 / 3억원\n 2. 양평군 / 드론 순찰 / 2억원\n※ 합계 5억원"
    units = segment(text)
    rows = [u for u in units if u.kind == "row"]
    assert [u.text for u in units if u.kind == "heading"] == ["선정 결과"]
    assert len(rows) == 3 and rows[0].header is None
    assert rows[2].header == ["지자체", "과제명", "국비"]
    assert [rows[2].cell_text(text, i) for i in range(3)] == ["양평군", "드론 순찰", "2억원"]
    # a line of slashes under no caption of column words stays prose
    prose = segment("담당부서: 도시과 / 과장 김철수 / 주무관 이영희\n1. 가 / 나 / 다\n2. 라 / 마 / 바")
    assert not [u for u in prose if u.kind == "row"]


def test_bullets_and_numbers_are_items_with_markers():
    text = "○ 첫째 항목\n- 둘째 항목\n① 셋째 항목\n2. 넷째 항목\n▲ 다섯째 항목\n가. 여섯째 항목"
    units = segment(text)
    assert [u.kind for u in units] == ["item"] * 6
    assert [u.marker for u in units] == ["○", "-", "①", "2.", "▲", "가."]
    assert units[0].text == "첫째 항목"


def test_prose_is_split_into_sentences():
    text = "시는 계획을 세웠다. 구는 예산을 마련했음. 다음 단계로 진행함."
    units = segment(text)
    assert [u.text for u in units] == ["시는 계획을 세웠다.", "구는 예산을 마련했음.", "다음 단계로 진행함."]


def test_boilerplate_lines_are_not_units_but_keep_offsets():
    text = "본문 첫 문장이다.\n저작권자 ⓒ 어느일보 무단전재 및 재배포 금지\n전화 : 02-123-4567\n마지막 문장이다."
    units = segment(text)
    assert [u.text for u in units] == ["본문 첫 문장이다.", "마지막 문장이다."]
    assert text[units[1].start : units[1].end] == "마지막 문장이다."
    assert is_boilerplate("(제공:부산시) ⓒ어느신문 2021.3.4")
    assert is_boilerplate("홈 > 알림마당 > 보도자료 > 국토교통부")
    assert not is_boilerplate("부산시는 스마트 도시를 만든다.")
