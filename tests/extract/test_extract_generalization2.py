"""Second round of general rules, each checked on short sentences written for the test (taken from
no project document), run through the real pipeline (Kiwi, spaCy)."""

from __future__ import annotations

from citykg.extract.meta import find_date
from citykg.extract.quoted_names import apposition_before, names_program


# ------------------------------------------------------------------ publication date
def test_release_date_wins_over_a_later_embargo_date():
    head = "보도자료\n보도시점\t2023. 5. 9.(화) 06:00\t배포\t2023. 5. 8.(월) 14:00\n\n본문"
    assert find_date(head) == "2023-05-08"


def test_embargo_label_alone_still_dates_the_release():
    assert find_date("보도 시점: 2022. 7. 1.(금) 12:00\n본문") == "2022-07-01"


def test_release_now_without_a_date_is_no_date():
    assert find_date("배포 즉시 보도\n본문이다.") is None


# ------------------------------------------------------------------ tables with a serial-number column
def test_row_city_after_a_serial_number_column(extract):
    text = (
        "[지자체별 사업]\n"
        "번호\t지자체\t사업명\t내용\n"
        "1\t여수시\t바다숲 스마트 관측망\t해양 센서 설치\n"
        "2\t김천시\t김천 스마트 쉼터 조성사업\t쉼터 설치\n"
    )
    _, by_name, rels = extract(text)
    assert by_name["바다숲 스마트 관측망"].type == "Program"
    assert ("바다숲 스마트 관측망", "IMPLEMENTED_IN", "여수시") in rels


# ------------------------------------------------------------------ cities selected as sites
def test_cities_selected_as_sites_host_the_program(extract):
    _, _, rels = extract(
        "해양수산부는 '2026년 스마트 어항 사업' 공모 결과 전라남도 고흥군, 경상북도 울진군 등 2곳을 대상지로 최종 선정했다."
    )
    assert ("해양수산부", "SELECTED", "고흥군") in rels
    assert ("2026년 스마트 어항 사업", "IMPLEMENTED_IN", "고흥군") in rels
    assert ("2026년 스마트 어항 사업", "IMPLEMENTED_IN", "울진군") in rels


def test_cities_selected_for_another_role_are_not_sites(extract):
    _, _, rels = extract("해양수산부는 '2026년 스마트 어항 사업' 평가 결과 고흥군을 우수기관으로 선정했다.")
    assert not any(r[1] == "IMPLEMENTED_IN" for r in rels)


# ------------------------------------------------------------------ quoted names in apposition
def test_classifier_noun_before_a_quote_makes_it_a_name():
    assert apposition_before("시민은 모바일 앱 ")
    assert apposition_before("수요응답형 버스 ")
    assert not apposition_before("시장은 ")


def test_count_and_install_verb_after_a_quote_make_it_a_name():
    assert names_program(" 20곳이 설치된다")
    assert names_program("도 15대를 도입한다")
    assert not names_program(" 3명이 말했다")


def test_quoted_app_name_after_app_is_a_program(extract):
    _, by_name, _ = extract("시민은 모바일 앱 '바로주차'에 접속해 빈 주차면을 찾을 수 있다.")
    assert by_name["바로주차"].type == "Program"


def test_english_form_in_brackets_is_not_part_of_a_quoted_name(extract):
    _, by_name, _ = extract("군산시는 '해풍 데이터허브(Seawind Hub)'를 구축한다고 밝혔다.")
    assert by_name["해풍 데이터허브"].type == "Program"


def test_quoted_innovation_prize_is_a_certification(extract):
    _, by_name, _ = extract("제주시는 '2025 아시아 도시 혁신상(Urban Innovation Prize)'을 수상했다.")
    assert by_name["2025 아시아 도시 혁신상"].type == "Certification"


# ------------------------------------------------------------------ consortium members
def test_consortium_members_take_part_in_the_program_the_consortium_was_named_with(extract):
    text = (
        "포항시는 한빛정보를 대표사로 하는 컨소시엄과 '포항 스마트 항만 조성사업' 계약을 맺었다.\n\n"
        "사업의 핵심은 항만 관제 플랫폼이다.\n\n"
        "컨소시엄에는 한빛정보를 비롯해 ㈜동해네트웍스, 포항공과대학교가 참여한다.\n"
    )
    _, _, rels = extract(text)
    assert ("동해네트웍스", "PARTICIPATES_IN", "포항 스마트 항만 조성사업") in rels
    assert ("포항공과대학교", "PARTICIPATES_IN", "포항 스마트 항만 조성사업") in rels
    assert not any(r[1] == "PARTICIPATES_IN" and r[2] == "항만 관제 플랫폼" for r in rels)


def test_member_list_ending_in_deung_and_an_unknown_member(extract):
    text = "○ '해안 관측 고도화 사업' 컨소시엄에는 대양시스템㈜, (주)동해네트웍스, 바다소프트 등이 참여한다.\n"
    _, _, rels = extract(text)
    assert ("대양시스템", "PARTICIPATES_IN", "해안 관측 고도화 사업") in rels
    assert ("동해네트웍스", "PARTICIPATES_IN", "해안 관측 고도화 사업") in rels


# ------------------------------------------------------------------ gazetteer names glued to a longer name
def test_a_known_short_name_inside_a_longer_firm_name_is_not_that_firm(extract):
    _, by_name, _ = extract("컨소시엄에는 한컴인스페이스㈜가 참여한다.")
    assert "한글과컴퓨터" not in by_name


def test_quoted_name_opening_with_a_year_is_a_program(extract):
    _, by_name, _ = extract("산림청은 '2027년 도시숲 디지털 관리 사업'을 추진한다.")
    assert by_name["2027년 도시숲 디지털 관리 사업"].type == "Program"


# ------------------------------------------------------------------ leader in a relative clause; passive selection
def test_body_in_a_relative_clause_leads_the_program(extract):
    _, _, rels = extract("강릉시는 작년 행정안전부가 공모한 '2025년 디지털 섬 조성사업'에 최종 선정됐다.")
    assert ("행정안전부", "LEADS", "2025년 디지털 섬 조성사업") in rels
    assert ("강릉시", "LEADS", "2025년 디지털 섬 조성사업") not in rels


def test_passive_selection_for_a_program_gives_selector_and_participant(extract):
    _, _, rels = extract("강릉시는 작년 행정안전부가 공모한 '2025년 디지털 섬 조성사업'에 최종 선정됐다.")
    assert ("행정안전부", "SELECTED", "강릉시") in rels
    assert ("강릉시", "PARTICIPATES_IN", "2025년 디지털 섬 조성사업") in rels


# ------------------------------------------------------------------ budget tables and budget lines in a 구's report
_GU_REPORT = (
    "2026년 주요업무 보고\n\n2026. 3. 10.\n\n부산광역시 수영구\n\n"
    "(단위: 천원)\n"
    "구분\t예산액\t국비\t시비\t구비\n"
    "계\t900,000\t-\t300,000\t600,000\n"
    "해변 스마트 조명 설치\t500,000\t-\t200,000\t300,000\n"
    "마을 데이터 허브 운영\t400,000\t-\t-\t400,000\n\n"
    "(단위: 억원)\n"
    "사업명\t총사업비\t재원\n"
    "스마트 그늘막 조성\t12\t시비 5, 구비 7\n"
)


def test_budget_table_first_column_names_programs(extract):
    _, by_name, _ = extract(_GU_REPORT)
    assert by_name["해변 스마트 조명 설치"].type == "Program"
    assert "계" not in by_name


def test_city_share_in_a_gu_report_is_paid_by_the_metropolitan_city(extract):
    _, _, rels = extract(_GU_REPORT)
    assert ("부산광역시 수영구", "FUNDS", "해변 스마트 조명 설치") in rels
    assert ("부산광역시", "FUNDS", "해변 스마트 조명 설치") in rels
    assert ("부산광역시", "FUNDS", "마을 데이터 허브 운영") not in rels  # no 시비 in that row


def test_source_of_funds_column_names_each_payer(extract):
    _, _, rels = extract(_GU_REPORT)
    assert ("부산광역시", "FUNDS", "스마트 그늘막 조성") in rels
    assert ("부산광역시 수영구", "FUNDS", "스마트 그늘막 조성") in rels


# ------------------------------------------------------------------ city names inside program names
def test_the_metropolitan_qualifier_of_a_gu_does_not_lead_the_gus_plan(extract):
    text = "2025년 주요업무 보고\n\n부산광역시 수영구\n\n1. 「부산 수영구 스마트도시계획」 수립\n - 용역 착수\n"
    _, _, rels = extract(text)
    assert ("부산광역시", "LEADS", "부산 수영구 스마트도시계획") not in rels
    assert ("부산 수영구 스마트도시계획", "IMPLEMENTED_IN", "부산광역시") not in rels
    assert ("부산 수영구 스마트도시계획", "IMPLEMENTED_IN", "부산광역시 수영구") in rels


def test_a_gu_report_linking_to_another_citys_system_does_not_lead_it(extract):
    text = (
        "2025년 주요업무 보고\n\n부산광역시 수영구\n\n1. 스마트 그늘막 조성\n"
        " - 부산광역시 교통정보시스템과 연계\n"
    )
    _, _, rels = extract(text)
    assert ("부산광역시 수영구", "LEADS", "부산광역시 교통정보시스템") not in rels


# ------------------------------------------------------------------ joint work cues
def test_building_a_program_jointly_is_taking_part_in_it(extract):
    _, _, rels = extract("○ 부산정보산업진흥원과 「수영구 데이터 지도 플랫폼」 공동 구축\n")
    assert ("부산정보산업진흥원", "PARTICIPATES_IN", "수영구 데이터 지도 플랫폼") in rels


def test_joint_research_with_a_bracketed_acronym_is_a_partnership(extract):
    text = "2025년 주요업무 보고\n\n부산광역시 수영구\n\n - 부산대학교(PNU)와 해안 안전 분야 공동연구 추진\n"
    _, _, rels = extract(text)
    assert ("부산광역시 수영구", "PARTNERS_WITH", "부산대학교") in rels


# ------------------------------------------------------------------ regional bodies written glued to a city name
def test_city_glued_police_agency_is_a_regional_organization(extract):
    _, by_name, _ = extract("시는 부산경찰청과 신호 연동 시험을 마쳤다.")
    assert by_name["부산경찰청"].type == "Organization"
    assert "경찰청" not in by_name


def test_university_hospital_is_an_organization(extract):
    _, by_name, _ = extract("시는 부산대학교병원과 응급 연계체계를 구축했다.")
    assert by_name["부산대학교병원"].type == "Organization"


# ------------------------------------------------------------------ the program a sentence is about
def test_a_plan_cited_in_the_genitive_is_not_the_topic_of_the_next_sentence(extract):
    text = (
        "□ 산림청은 '도시숲 디지털 관리 사업' 대상지를 발표했다.\n\n"
        "○ 도시숲 디지털 관리 사업은 「국가 탄소중립 기본계획」의 핵심 과제로 시작되었다.\n\n"
        "○ 올해는 한국임업진흥원이 현장 평가에 참여했다.\n"
    )
    _, _, rels = extract(text)
    assert ("한국임업진흥원", "PARTICIPATES_IN", "국가 탄소중립 기본계획") not in rels
    assert ("한국임업진흥원", "PARTICIPATES_IN", "도시숲 디지털 관리 사업") in rels


def test_a_city_receiving_state_money_does_not_fund_the_program(extract):
    text = (
        "□ 해양수산부는 '스마트 어항 사업' 대상지를 선정했다고 밝혔다.\n\n"
        "※ 국비 보조율 50%, 고흥군은 낙후지역 가중치를 적용해 국비 보조율 70%\n"
    )
    _, _, rels = extract(text)
    assert ("고흥군", "FUNDS", "스마트 어항 사업") not in rels


# ------------------------------------------------------------------ descriptive phrases are not names
def test_distributive_and_temporal_words_do_not_make_program_names(extract):
    _, by_name, _ = extract("[선정 지자체별 주요 사업]\n\n당시 박람회에는 50만 명이 다녀갔다.\n")
    assert not any(e.type == "Program" for e in by_name.values())


def test_a_bare_app_descriptor_is_not_a_program(extract):
    _, by_name, _ = extract("- 민간 지도앱(네이버, 카카오) 연계\n")
    assert "민간 지도앱" not in by_name
    assert "지도앱" not in by_name


def test_a_particle_glued_to_the_closing_quote_ends_the_name(extract):
    _, by_name, _ = extract("군산시는 시민 30명으로 '해안 시민리빙랩'을 구성해 서비스 설계에 참여시킨다.")
    assert by_name["해안 시민리빙랩"].type == "Program"
    assert not any("구성해" in n for n in by_name)


# ------------------------------------------------------------------ a news story about a city
_NEWS = (
    "[해안일보=군산 김민수 기자] 전라북도 군산시가 스마트 항구도시 조성에 나선다.\n\n"
    "군산시는 19일 '군산 스마트 항구 조성사업' 계획을 발표했다.\n\n"
    "부두 곳곳에는 '스마트 구명벨' 30곳이 설치된다.\n\n"
    "인근 익산시에는 '스마트 쉼터' 5곳이 설치된다.\n\n"
    "김민수 기자 kms@haean.com\n"
)


def test_a_program_put_in_place_in_a_city_story_takes_place_in_that_city(extract):
    _, _, rels = extract(_NEWS)
    assert ("스마트 구명벨", "IMPLEMENTED_IN", "전라북도 군산시") in rels or (
        "스마트 구명벨",
        "IMPLEMENTED_IN",
        "군산시",
    ) in rels


def test_a_program_placed_in_another_named_city_is_not_the_story_citys(extract):
    _, _, rels = extract(_NEWS)
    assert not any(r[0] == "스마트 쉼터" and "군산" in r[2] for r in rels if r[1] == "IMPLEMENTED_IN")


# ------------------------------------------------------------------ contact tables
def test_a_contact_row_naming_only_a_department_continues_the_body_above(extract):
    text = (
        "보도자료\n\n산림청은 새 지침을 마련했다고 밝혔다.\n\n"
        "담당 부서\t산림정책과\t책임자\t과  장\t김영호 (042-111-1111)\n"
        "\t한국임업진흥원\t책임자\t처  장\t박수정 (02-222-2222)\n"
        "\t산림데이터처\t담당자\t차  장\t이도현 (02-222-2223)\n"
    )
    _, _, rels = extract(text)
    assert ("박수정", "WORKS_FOR", "한국임업진흥원") in rels
    assert ("이도현", "WORKS_FOR", "한국임업진흥원") in rels
    assert ("이도현", "WORKS_FOR", "산림청") not in rels
    assert ("김영호", "WORKS_FOR", "산림청") in rels


# ------------------------------------------------------------------ receiving a prize
def test_receiving_a_prize_certifies_the_quoted_project_before_its_classifier(extract):
    _, _, rels = extract(
        "□ 한편, 목포시의 '해양 스마트 관측 도시' 사업은 올해 '2025 아시아 도시 혁신상'에서 우수상을 받았다."
    )
    assert ("해양 스마트 관측 도시", "CERTIFIED", "2025 아시아 도시 혁신상") in rels


def test_who_picks_the_contractor_of_a_project_leads_it(extract):
    _, _, rels = extract("한국임업진흥원은 '산림 데이터 통합 구축 사업'의 우선협상대상자로 ㈜숲정보를 선정했다.")
    assert ("한국임업진흥원", "LEADS", "산림 데이터 통합 구축 사업") in rels
    assert ("한국임업진흥원", "SELECTED", "숲정보") in rels


def test_issuer_in_brackets_after_a_category_and_grade(extract):
    text = "○ 2024 대한민국 스마트시티 어워드 '안전 부문' 최우수상 수상(한국스마트도시협회 주관, 2024. 10.)\n"
    _, _, rels = extract(text)
    assert ("대한민국 스마트시티 어워드", "ISSUED_BY", "한국스마트도시협회") in rels or (
        "2024 대한민국 스마트시티 어워드",
        "ISSUED_BY",
        "한국스마트도시협회",
    ) in rels


def test_participation_as_a_noun_does_not_join_the_last_program(extract):
    text = (
        "군산시는 '해안 스마트 쉼터 사업'을 추진한다.\n\n"
        "전북정보산업진흥원은 지역 기업의 실증 참여를 지원한다.\n"
    )
    _, _, rels = extract(text)
    assert ("전북정보산업진흥원", "PARTICIPATES_IN", "해안 스마트 쉼터 사업") not in rels


def test_a_city_piloting_a_program_with_its_runner_hosts_it(extract):
    _, _, rels = extract("한국임업진흥원은 올해부터 강원특별자치도 홍천군과 함께 '숲길 안전 플랫폼' 실증을 진행한다.")
    assert ("숲길 안전 플랫폼", "IMPLEMENTED_IN", "홍천군") in rels or (
        "숲길 안전 플랫폼",
        "IMPLEMENTED_IN",
        "강원특별자치도 홍천군",
    ) in rels


def test_the_head_of_a_consortium_signing_an_agreement_is_a_partner(extract):
    text = "군산시는 ㈜한빛정보를 대표사로 하는 컨소시엄과 '군산 스마트 항구 조성사업' 실시협약을 체결했다."
    _, _, rels = extract(text)
    assert ("군산시", "PARTNERS_WITH", "한빛정보") in rels or ("한빛정보", "PARTNERS_WITH", "군산시") in rels


def test_cities_joining_a_city_as_a_group_partner_each_other(extract):
    _, _, rels = extract("군산시는 인접한 익산시, 김제시와 함께 '서해안 스마트 교통 협의체'를 꾸렸다.")
    pairs = {frozenset((a, b)) for a, t, b in rels if t == "PARTNERS_WITH"}
    assert frozenset(("익산시", "김제시")) in pairs
    assert frozenset(("군산시", "익산시")) in pairs


# ------------------------------------------------------------------ contractors in a report's project sections
_CONTRACT_REPORT = (
    "2026년 주요업무 보고\n\n부산광역시 수영구\n\n"
    "1. 해변 스마트 조명 설치사업\n\n"
    "○ 추진실적\n"
    " - 2026. 2. ㈜빛누리와 제3자 단가계약 체결\n\n"
    "2. 「수영구 스마트도시계획」 수립 용역\n\n"
    " - 용역사: 주식회사 미래도시엔지니어링\n"
)


def test_a_firm_under_contract_is_selected_and_takes_part(extract):
    _, _, rels = extract(_CONTRACT_REPORT)
    assert ("빛누리", "PARTICIPATES_IN", "해변 스마트 조명 설치사업") in rels
    assert ("부산광역시 수영구", "SELECTED", "빛누리") in rels


def test_the_named_contractor_of_a_study_takes_part_in_it(extract):
    _, _, rels = extract(_CONTRACT_REPORT)
    assert any(r[0] == "미래도시엔지니어링" and r[1] == "PARTICIPATES_IN" and "스마트도시계획" in r[2] for r in rels)


def test_a_firm_signing_an_operation_agreement_takes_part_in_the_sections_project(extract):
    text = (
        "2026년 주요업무 보고\n\n부산광역시 수영구\n\n"
        "3. 홀몸 어르신 스마트 돌봄 서비스\n\n"
        "○ 추진실적\n"
        " - KT와 서비스 운영 협약 체결(2026. 3.)\n"
    )
    _, _, rels = extract(text)
    assert ("KT", "PARTICIPATES_IN", "홀몸 어르신 스마트 돌봄 서비스") in rels
    assert ("부산광역시 수영구", "PARTNERS_WITH", "KT") in rels or ("KT", "PARTNERS_WITH", "부산광역시 수영구") in rels


# ------------------------------------------------------------------ affiliation (산하, 소관)
def test_under_and_in_charge_of_give_part_of(extract):
    text = "※ 한국식품연구원은 과학기술정보통신부 산하 국가과학기술연구회(NST) 소관 정부출연연구기관입니다."
    _, _, rels = extract(text)
    assert ("국가과학기술연구회", "PART_OF", "과학기술정보통신부") in rels
    assert ("한국식품연구원", "PART_OF", "국가과학기술연구회") in rels


def test_a_citys_named_project_in_the_genitive_takes_place_there(extract):
    _, _, rels = extract("□ 한편, 전라남도 여수시의 '바다숲 데이터 도시' 사업은 올해 큰 성과를 냈다.")
    assert ("바다숲 데이터 도시", "IMPLEMENTED_IN", "여수시") in rels or (
        "바다숲 데이터 도시",
        "IMPLEMENTED_IN",
        "전라남도 여수시",
    ) in rels
