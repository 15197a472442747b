"""Rules that carry beyond the seed documents: each from short sentences written for the test
(not taken from the seeds or the held-out set), run through the real pipeline (Kiwi, spaCy)."""

from __future__ import annotations

from citykg.extract.quoted_names import names_program


# ------------------------------------------------------------------ persons written title first
def test_person_in_bracket_with_a_following_alias(extract):
    _, by_name, rels = extract("행정안전부(장관 한동수, 이하 ‘행안부’)는 새 지침을 마련했다고 밝혔다.")
    assert by_name["한동수"].type == "Person"
    assert ("한동수", "WORKS_FOR", "행정안전부") in rels


def test_attendee_list_with_title_before_name(extract):
    _, by_name, rels = extract("* 참석 : (지자체) 김해시 부시장 노상철, 양산시 제1부시장 최영호")
    assert {"노상철", "최영호"} <= set(by_name)
    assert ("노상철", "WORKS_FOR", "김해시") in rels
    assert ("최영호", "WORKS_FOR", "양산시") in rels
    assert by_name["최영호"].properties.get("title") == "제1부시장"


def test_padded_title_in_a_contact_table(extract):
    _, by_name, _ = extract("담당 부서\t행정안전부 지역정보과\t책임자\t팀  장 구민석 (044-205-1111)")
    assert by_name["구민석"].type == "Person"
    assert by_name["구민석"].properties.get("title") == "팀장"


def test_a_title_followed_by_an_ordinary_word_is_no_person(extract):
    _, by_name, _ = extract("지역 시장 진출을 돕기 위한 방안을 마련했다.")
    assert not any(e.type == "Person" for e in by_name.values())


# ------------------------------------------------------------------ quoted names without a head noun
def test_quoted_phrase_followed_by_a_classifier_or_a_verb_is_a_program():
    assert names_program(" 사업도 시작한다")
    assert names_program(" 공모에 지원했다")
    assert names_program("를 조성할 계획이다")
    assert names_program("에 부산시와 함께 참여한다")
    assert not names_program("라고 강조했다")
    assert not names_program("이라는 말이 나온다")


def test_quoted_program_without_head_noun_gets_its_relations(extract):
    _, by_name, rels = extract("포항시는 올해 ‘해변 쉼터’ 사업을 추진한다.")
    assert any(n.startswith("해변 쉼터") and e.type == "Program" for n, e in by_name.items())
    assert any(r[0] == "포항시" and r[1] == "LEADS" and r[2].startswith("해변 쉼터") for r in rels)


# ------------------------------------------------------------------ participant lists
def test_role_list_gives_participants_and_the_leader(extract):
    rec, _, rels = extract(
        "1. 해안 자율운항 실증사업\n○ 추진체계: 목포시(총괄), 목포해양대학교(기술 개발), ㈜바다로봇(선박 운영)\n"
    )
    assert ("목포해양대학교", "PARTICIPATES_IN", "해안 자율운항 실증사업") in rels
    assert ("바다로봇", "PARTICIPATES_IN", "해안 자율운항 실증사업") in rels
    assert ("목포시", "LEADS", "해안 자율운항 실증사업") in rels
    r = next(r for r in rec.relations if r.type == "PARTICIPATES_IN" and "바다로봇" in r.source)
    assert r.properties.get("role") == "선박 운영"


def test_consortium_with_a_lead_firm_and_members(extract):
    _, _, rels = extract(
        "청주시는 ‘오송 스마트 물류 플랫폼 구축사업’의 사업자로 ㈜한빛소프트를 주관사로 하고 "
        "㈜누리텍, 충북대학교 산학협력단이 참여한 컨소시엄을 선정했다."
    )
    for member in ("한빛소프트", "누리텍", "충북대학교"):
        assert (member, "PARTICIPATES_IN", "오송 스마트 물류 플랫폼 구축사업") in rels
    assert ("청주시", "LEADS", "오송 스마트 물류 플랫폼 구축사업") in rels


def test_table_column_of_consortium_members(extract):
    text = (
        "행정안전부, 「지역 안전 데이터 실증사업」 수행 지자체 선정\n\n"
        "지자체\t과제명\t컨소시엄 참여기관\t국비(억원)\n"
        "여수시\t항만 화재 조기 경보\tLG CNS, 전남대학교\t20\n"
    )
    _, _, rels = extract(text)
    assert ("LG CNS", "PARTICIPATES_IN", "지역 안전 데이터 실증사업") in rels
    assert ("여수시", "PARTICIPATES_IN", "지역 안전 데이터 실증사업") in rels
    assert ("지역 안전 데이터 실증사업", "IMPLEMENTED_IN", "여수시") in rels


# ------------------------------------------------------------------ program owners
def test_owner_in_genitive_leads_and_the_subject_takes_part(extract):
    _, _, rels = extract("군산시는 환경부의 ‘스마트 물관리 확산사업’ 공모에 선정됐다.")
    assert ("환경부", "LEADS", "스마트 물관리 확산사업") in rels
    assert ("군산시", "PARTICIPATES_IN", "스마트 물관리 확산사업") in rels
    assert ("군산시", "LEADS", "스마트 물관리 확산사업") not in rels
    assert ("환경부", "SELECTED", "군산시") in rels


def test_owner_in_a_relative_clause(extract):
    _, _, rels = extract("김해시는 국토교통부가 추진하는 ‘스마트 횡단보도 사업’에 참여한다.")
    assert ("국토교통부", "LEADS", "스마트 횡단보도 사업") in rels
    assert ("김해시", "PARTICIPATES_IN", "스마트 횡단보도 사업") in rels
    assert ("김해시", "LEADS", "스마트 횡단보도 사업") not in rels


def test_the_selecting_subject_keeps_leading(extract):
    _, _, rels = extract(
        "경남테크노파크는 경상남도가 추진하는 ‘스마트 공장 고도화 사업’의 수행기관으로 ㈜누리텍을 선정했다."
    )
    assert ("경상남도", "LEADS", "스마트 공장 고도화 사업") in rels
    assert ("경남테크노파크", "PARTICIPATES_IN", "스마트 공장 고도화 사업") not in rels


def test_ministry_in_brackets_after_a_plan_owns_it(extract):
    _, _, rels = extract("- 제2차 국가 교통안전 기본계획(국토교통부)과의 정합성 확보")
    assert ("국토교통부", "LEADS", "제2차 국가 교통안전 기본계획") in rels or (
        "국토교통부",
        "LEADS",
        "2차 국가 교통안전 기본계획",
    ) in rels
    assert not any(r[0] == "국토교통부" and r[1] == "PARTICIPATES_IN" for r in rels)


# ------------------------------------------------------------------ partners far from the subject
def test_partners_with_a_distant_subject(extract):
    _, _, rels = extract(
        "광양시는 25일 시청 회의실에서 포스코, 한국해양과학기술원(KIOST), 순천대학교와 "
        "‘탄소중립 항만 협력을 위한 업무협약’을 체결했다."
    )
    for other in ("포스코", "한국해양과학기술원", "순천대학교"):
        assert any({r[0], r[2]} == {"광양시", other} and r[1] == "PARTNERS_WITH" for r in rels), other


def test_partners_list_with_together(extract):
    _, _, rels = extract("원주시는 LG CNS, 연세대학교와 함께 의료 데이터 서비스를 개발한다.")
    assert any({r[0], r[2]} == {"원주시", "LG CNS"} and r[1] == "PARTNERS_WITH" for r in rels)
    assert any({r[0], r[2]} == {"원주시", "연세대학교"} and r[1] == "PARTNERS_WITH" for r in rels)


def test_police_and_fire_stations_are_organizations(extract):
    _, by_name, _ = extract("○ 협력기관: 여수경찰서, 여수소방서와 영상 공유 협약 체결")
    assert by_name["여수경찰서"].type == "Organization"
    assert by_name["여수소방서"].type == "Organization"


# ------------------------------------------------------------------ a city's own work report
_REPORT = """2025년도 주요업무 보고

양산시
(스마트도시과)

(단위: 백만원)

사업명\t계\t국비\t도비\t시비
스마트 가로등 교체\t900\t-\t270\t630

1. 스마트 가로등 교체
○ 사업비: 9억원(도비 2.7억원, 시비 6.3억원)
○ 대상지: 물금읍, 동면

□ 주요 성과
 ① 스마트도시 인증 획득(국토교통부, 2024. 9.)
"""


def test_city_report_budget_funds_and_own_programs(extract):
    rec, _, rels = extract(_REPORT)
    assert rec.publisher and "양산시" in rec.publisher
    assert ("양산시", "FUNDS", "스마트 가로등 교체") in rels
    funds = next(r for r in rec.relations if r.type == "FUNDS")
    assert funds.properties.get("amount_krw") == 630_000_000
    assert ("스마트 가로등 교체", "IMPLEMENTED_IN", "양산시") in rels
    assert ("양산시", "CERTIFIED", "스마트도시 인증") in rels


# ------------------------------------------------------------------ passive and source-marked clauses
def test_designated_by_a_city_gives_selected_in_the_right_direction(extract):
    rec, _, rels = extract("울산정보산업진흥원은 울산광역시로부터 사업 전담기관으로 지정받아 사업 관리를 맡는다.")
    assert ("울산광역시", "SELECTED", "울산정보산업진흥원") in rels
    assert ("울산정보산업진흥원", "SELECTED", "울산광역시") not in rels
    r = next(r for r in rec.relations if r.type == "SELECTED")
    assert r.properties.get("role") == "사업 전담기관" or r.properties.get("role") == "전담기관"


def test_certificate_obtained_from_a_named_body(extract):
    _, _, rels = extract("부천시는 지난 5월 한국표준협회로부터 ‘스마트 안전도시 인증’을 획득했다.")
    assert ("스마트 안전도시 인증", "ISSUED_BY", "한국표준협회") in rels
    assert ("부천시", "CERTIFIED", "스마트 안전도시 인증") in rels


# ------------------------------------------------------------------ attendees, joint funding
def test_attendee_bodies_take_part_in_the_event_of_the_previous_sentence(extract):
    _, _, rels = extract(
        "경상북도는 다음 달 ‘2025 경북 디지털 혁신 포럼’을 개최한다. "
        "포럼에는 LG CNS, 한국전자통신연구원 관계자와 전문가 100여 명이 참석할 예정이다."
    )
    assert ("LG CNS", "PARTICIPATES_IN", "2025 경북 디지털 혁신 포럼") in rels
    assert ("한국전자통신연구원", "PARTICIPATES_IN", "2025 경북 디지털 혁신 포럼") in rels


def test_two_bodies_that_jointly_support_a_program_fund_it(extract):
    _, _, rels = extract("재단은 행정안전부와 전라남도가 공동 지원하는 ‘섬마을 디지털 배움터 사업’을 운영한다.")
    assert ("행정안전부", "FUNDS", "섬마을 디지털 배움터 사업") in rels
    assert ("전라남도", "FUNDS", "섬마을 디지털 배움터 사업") in rels


# ------------------------------------------------------------------ triggers that do not govern both ends
def test_selected_used_as_a_modifier_is_no_selection(extract):
    _, _, rels = extract("행정안전부는 선정 지자체 관계자가 참석한 가운데 부산광역시 해운대구에서 설명회를 열었다.")
    assert not any(r[1] == "SELECTED" for r in rels)


def test_co_leader_of_a_program_is_not_selected(extract):
    _, _, rels = extract("환경부는 한국환경공단과 함께 추진하는 「물 순환 실증사업」의 수행기관으로 청주시를 선정했다.")
    assert ("환경부", "SELECTED", "청주시") in rels
    assert ("환경부", "SELECTED", "한국환경공단") not in rels
    assert ("한국환경공단", "LEADS", "물 순환 실증사업") in rels


def test_relative_clause_subject_is_not_the_partner(extract):
    _, by_name, rels = extract("아울러 유네스코(UNESCO)가 주관하는 ‘창의도시 네트워크’에 전주시와 함께 참여한다.")
    unesco = by_name["유네스코"].name
    assert (unesco, "LEADS", "창의도시 네트워크") in rels
    assert ("전주시", "PARTICIPATES_IN", "창의도시 네트워크") in rels
    assert not any(r[1] == "PARTNERS_WITH" and unesco in (r[0], r[2]) for r in rels)


def test_publisher_is_no_payer_of_state_and_city_money(extract):
    rec, _, rels = extract(
        "경기콘텐츠진흥원 보도자료\n\n"
        "경기콘텐츠진흥원은 「메타버스 공연장 조성사업」을 추진한다고 밝혔다. "
        "이번 사업에는 국비 20억원과 도비 20억원이 투입된다."
    )
    assert not any(r[0] == "경기콘텐츠진흥원" and r[1] == "FUNDS" for r in rels)


# ------------------------------------------------------------------ persons in labelled lists, laws, places
def test_person_in_a_labelled_attendee_list_works_for_the_label_before(extract):
    _, _, rels = extract("* 참석 : (행정안전부) 디지털정부국장 강태호 (NIA) 원장 오세진")
    assert ("강태호", "WORKS_FOR", "행정안전부") in rels
    assert ("강태호", "WORKS_FOR", "한국지능정보사회진흥원") not in rels


def test_a_law_cited_as_basis_is_not_led_by_the_city(extract):
    _, _, rels = extract(
        "2025년도 주요업무 보고\n\n양산시\n\n1. 스마트 가로등 교체\n"
        "○ 추진근거: 「도시재생 활성화 및 지원에 관한 특별법」 제20조\n"
    )
    assert not any(r[0] == "양산시" and r[1] == "LEADS" and r[2].endswith("특별법") for r in rels)


def test_cities_listed_as_places_after_the_program(extract):
    _, _, rels = extract("해양수산부는 「스마트 항만 실증사업」을 통해 울산광역시, 포항시 등에서 자율 하역을 실증했다.")
    assert ("스마트 항만 실증사업", "IMPLEMENTED_IN", "울산광역시") in rels
    assert ("스마트 항만 실증사업", "IMPLEMENTED_IN", "포항시") in rels


def test_firm_named_after_a_classifier_noun(extract):
    _, by_name, rels = extract("목포시는 한국전력공사, 해양 드론 전문기업 파랑에어와 함께 항만 감시 서비스를 만든다.")
    assert by_name["파랑에어"].type == "Company"
    assert any({r[0], r[2]} == {"목포시", "파랑에어"} and r[1] == "PARTNERS_WITH" for r in rels)
    _, by_name, _ = extract("관련 기업 유치와 지원을 확대한다.")
    assert "유치" not in by_name


def test_the_host_of_an_event_is_not_one_of_its_attendees(extract):
    _, _, rels = extract(
        "국토교통부는 「스마트 물류 실증사업」을 추진한다. "
        "국토교통부는 5월 2일 선정 지자체가 참석한 가운데 착수회의를 개최하였다."
    )
    assert not any(r[0] == "국토교통부" and r[1] == "PARTICIPATES_IN" for r in rels)


def test_state_money_secured_by_a_city_is_paid_by_the_ministry(extract):
    _, _, rels = extract("청주시는 행정안전부의 ‘주민 안전지도 사업’ 공모에 선정돼 국비 5억원을 확보했다.")
    assert ("행정안전부", "FUNDS", "주민 안전지도 사업") in rels
    assert ("청주시", "FUNDS", "주민 안전지도 사업") not in rels


def test_issuer_in_brackets_after_an_award_or_designation(extract):
    _, _, rels = extract(
        "□ 주요 성과\n ① ‘2024 안전도시 어워드’ 대상 수상(한국정보화진흥협회 주관)\n"
        " ② 자율주행 시범운행지구 지정(국토교통부)\n"
    )
    assert any(r[1] == "ISSUED_BY" and r[2] == "국토교통부" for r in rels)
    assert any(r[1] == "ISSUED_BY" and r[0].endswith("어워드") and r[2] == "한국정보화진흥협회" for r in rels)


def test_district_report_pays_its_own_gubi_share(extract):
    rec, _, rels = extract(
        "2025년 주요업무계획\n\n성동구\n(스마트도시과)\n\n"
        "1. 스마트 쉼터 설치사업\n○ 사업비: 600백만원(시비 200, 구비 400)\n"
    )
    funds = [r for r in rec.relations if r.type == "FUNDS"]
    assert funds and funds[0].properties.get("amount_krw") == 400_000_000
