"""Entity patterns, each on a short sentence written for the test."""

import pytest

from citykg.extract.entities import is_generic


def test_reference_names_with_particles_attached(extract):
    _, ents, _ = extract("행정안전부는 대전광역시와 협약을 맺었다.")
    assert ents["행정안전부"].type == "Ministry" and ents["행정안전부"].id == "ministry:행정안전부"
    assert ents["대전광역시"].type == "City"
    assert "행정안전부는" not in ents


def test_company_markers_before_and_after_the_name(extract):
    _, ents, _ = extract("이번 사업에는 ㈜한빛소프트, 미래정보(주), 주식회사 다온테크가 참여했다.")
    for name in ("한빛소프트", "미래정보", "다온테크"):
        assert ents[name].type == "Company", name


def test_companies_from_a_list_classified_as_firms(extract):
    _, ents, _ = extract("오름로보틱스, 새빛기계 등 협동로봇 제조업체가 참여 의사를 밝혔다.")
    assert ents["오름로보틱스"].type == "Company"
    assert ents["새빛기계"].type == "Company"


def test_organisations_by_suffix(extract):
    _, ents, _ = extract("한국해양도시재단과 경남정보산업진흥원이 공동으로 연구를 맡는다.")
    assert ents["한국해양도시재단"].type == "Organization"
    assert ents["경남정보산업진흥원"].type == "Organization"


def test_quoted_program_keeps_its_exact_boundaries(extract):
    _, ents, _ = extract("울산광역시는 「해상풍력 스마트 항만 조성 사업」을 추진한다고 밝혔다.")
    assert ents["해상풍력 스마트 항만 조성 사업"].type == "Program"


def test_program_by_head_word_drops_trailing_action_and_keeps_modifier(extract):
    _, ents, _ = extract("○ 시민참여형 자율주행 셔틀 리빙랩 운영\n○ 강원 수소도시 실증 프로젝트 추진")
    assert ents["시민참여형 자율주행 셔틀 리빙랩"].type == "Program"
    assert ents["강원 수소도시 실증 프로젝트"].type == "Program"
    assert "시민참여형 자율주행 셔틀 리빙랩 운영" not in ents


def test_person_next_to_title_before_or_after(extract):
    _, ents, _ = extract("박서연 창원시 스마트도시과장은 브리핑에서 설명했다. 환경부(장관 한도윤)는 발표했다.")
    assert ents["박서연"].type == "Person"
    assert ents["박서연"].properties["title"] == "스마트도시과장"
    assert ents["한도윤"].type == "Person"


def test_certifications_awards_and_designations(extract):
    _, ents, _ = extract(
        "청주시는 한국표준협회가 주관하는 ‘스마트 안전도시 인증’을 획득했다. "
        "또 시 전역을 자율주행 시범운행지구로 지정했다. "
        "아울러 ‘제3회 글로벌 디지털도시 어워드’에서 수상했다."
    )
    assert ents["스마트 안전도시 인증"].type == "Certification"
    assert ents["자율주행 시범운행지구"].type == "Certification"
    assert ents["제3회 글로벌 디지털도시 어워드"].type == "Certification"


def test_generic_words_are_never_entities(extract):
    rec, _, _ = extract("정부와 지자체, 기업, 시민이 함께 사업을 추진하고 관계부처와 업계가 협력한다.")
    assert rec.entities == []
    for w in ("정부", "지자체", "기업", "시민", "관계부처", "업계", "사업", "스마트시티 서비스"):
        assert is_generic(w), w


def test_every_mention_points_into_the_text(extract):
    text = "부산광역시 해운대구는 ‘해변 안전 알림 서비스’를 운영한다.\n담당자\t김하늘 주무관"
    rec, _, _ = extract(text)
    for e in rec.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_quoted_program_without_head_word_by_its_context(extract):
    _, ents, _ = extract("창원시는 올해 ‘스마트 쉼터’ 사업도 추진한다. 시는 ‘도시 숲 데이터 협력’에 함께 참여한다.")
    assert ents["스마트 쉼터"].type == "Program"
    assert ents["도시 숲 데이터 협력"].type == "Program"


def test_certification_grades_and_designations(extract):
    text = (
        "① 국제표준 ISO 37120 플래티넘 인증 획득\n"
        "② 2024 한빛 스마트도시 어워드 대상 수상\n"
        "③ 창원 진해 자율주행 시범운행지구 지정\n"
        "한빛진흥원은 창원시로부터 사업 전담기관으로 지정받았다."
    )
    _, ents, _ = extract(text)
    assert "플래티넘 인증" not in ents
    assert ents["한빛 스마트도시 어워드"].type == "Certification"  # the year and the prize grade are cut
    assert not any(n.endswith("어워드 대상") for n in ents)
    assert any(n.endswith("자율주행 시범운행지구") and e.type == "Certification" for n, e in ents.items())
    assert "사업 전담기관" not in ents and "전담기관" not in ents


def test_public_bodies_by_suffix_and_ordinals_kept(extract):
    _, ents, _ = extract("○ 협력기관: 창원경찰서, 창원소방서, 부산교통공사와 협약 체결\n- 제4차 해양도시 종합계획 수립")
    for name in ("창원경찰서", "창원소방서", "부산교통공사"):
        assert ents[name].type == "Organization", name
    assert ents["제4차 해양도시 종합계획"].type == "Program"


def test_hyphenated_acronym_is_not_its_prefix(extract):
    _, ents, _ = extract("재단은 한국인터넷진흥원이 부여하는 관리체계(ISMS-P) 인증을 받았다.")
    assert "ISMS 인증" not in {e.name for e in ents.values()}


def test_a_proper_noun_after_a_country_is_a_foreign_city(extract):
    """Cities the gazetteer lacks, named with their country; a body after a country stays no city."""
    _, ents, _ = extract("국토교통부는 페루 아레키파, 케냐 나쿠루시, 몽골 다르항 등 3곳과 인도네시아 공공사업주택부를 찾았다.")
    for name in ("아레키파", "나쿠루", "다르항"):
        assert ents[name].type == "City", name
        assert ents[name].properties.get("typed_by") == "country"
    assert ents["나쿠루시"].name == "나쿠루"  # one city, its administrative ending dropped
    assert "공공사업주택부" not in ents or ents["공공사업주택부"].type != "City"


def test_the_copula_after_a_firm_is_not_part_of_its_name(extract):
    _, ents, _ = extract("이번 사업의 주관사는 ㈜산들정보통신이다. 참여사는 미르테크이며 운영은 시가 맡는다.")
    assert ents["산들정보통신"].type == "Company"
    assert "산들정보통신이다" not in ents


def test_a_list_closed_by_a_classifier_vouches_for_unknown_firms(extract):
    """'… 등 N개사': members Kiwi reads as common nouns (헬스+커넥트) are still firms."""
    _, ents, _ = extract("컨소시엄에는 LG CNS를 비롯해 현대건설, 누리커넥트, 온컴, 바로헬스 등 5개사가 이름을 올렸다.")
    for name in ("누리커넥트", "온컴", "바로헬스"):
        assert ents[name].type == "Company", name


def test_a_quoted_consortium_is_no_program(extract):
    _, ents, _ = extract("한국수자원공사는 LG CNS가 대표사를 맡은 'The 미래 컨소시엄'을 우선협상대상자로 선정했다.")
    assert "The 미래 컨소시엄" not in ents


def test_coordinated_kinds_before_one_head_are_one_program_each(extract):
    # "A형·B형 조성사업": two programs; a table's kind cell then names the row's program and its site
    rec, ents, rels = extract(
        "<표 1> 조성사업 선정 현황\n연도\t유형\t지자체\t국비\n2024\t광역형\t가평군\t100\n2024\t소도시형\t양구군\t50\n\n"
        "광역형·소도시형 조성사업은 국비와 지방비를 1:1로 맞춘다.\n"
    )
    assert ents["광역형 조성사업"].type == "Program"
    assert ents["소도시형 조성사업"].type == "Program"
    assert "광역형·소도시형 조성사업" not in ents
    assert ("소도시형 조성사업", "IMPLEMENTED_IN", "양구군") in rels


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("대학과 ㈜누리아이, 한빛랩이 참여한다.", "누리아이"),  # 이 after a vowel is no subject particle (가 would be)
        ("산불 감지: ㈜솔빛아이(강릉시)", "솔빛아이"),
        ("㈜한결정보통신이 사업을 맡는다.", "한결정보통신"),  # glued 이 after a final consonant is
    ],
    ids=["vowel-before-i-in-a-list", "vowel-before-i-before-a-bracket", "consonant-before-subject-i"],
)
def test_a_firm_name_ending_in_i_keeps_it_unless_it_is_the_particle(extract, text, name):
    _, ents, _ = extract(text)
    assert name in ents and ents[name].type == "Company", sorted(ents)


def test_the_last_member_carrying_the_lists_particle_is_typed_like_the_others(check, extract):
    text = "유비시티는 실증사업을 주관했으며, 회사는 ㈜한빛엔지니어링, 데이터솔마루와 컨소시엄을 구성해 교차로 12곳에서 1년간 시험 운영을 했다."
    _, ents, _ = extract(text)
    assert ents["데이터솔마루"].type == "Company"
    # a kind of body or a predicate noun in the same place is no name
    _, ents, _ = extract("구는 ㈜한빛엔지니어링, 지역기업과 협약을 맺고 교차로 12곳에서 시험 운영을 했다.")
    assert "지역기업" not in ents
