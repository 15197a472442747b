"""Predicate frames (extract/data/frames.toml), one table per frame family.

Each case is a short text written for the test (from no project document), run through the real
pipeline (Kiwi, spaCy, the rule families), with relations that must be found and relations that
must not. Names are the entities' canonical names.
"""

from __future__ import annotations

import pytest

SELECT = [
    pytest.param(
        "전라북도는 올해 처음 추진하는 ‘전북형 스마트 마을 사업’ 공모에서 도내 남원시·김제시 등 2곳이 대상지로 확정됐다고 밝혔다.",
        [("전북특별자치도", "SELECTED", "남원시"), ("전북특별자치도", "SELECTED", "김제시")],
        [],
        id="passive-a-province-chooses-among-its-own-cities",
    ),
    pytest.param(
        "서울에서는 마포구·강동구 2곳이 명단에 올랐다.",
        [],
        [("서울특별시", "SELECTED", "서울특별시 마포구")],
        id="passive-the-province-as-a-place-chose-no-one",
    ),
    pytest.param(
        "해양수산부는 '2026년 스마트 어항 사업' 공모 결과 전라남도 고흥군, 경상북도 울진군 등 2곳을 대상지로 최종 선정했다.",
        [
            ("해양수산부", "SELECTED", "고흥군"),
            ("해양수산부", "SELECTED", "울진군"),
            ("2026년 스마트 어항 사업", "IMPLEMENTED_IN", "고흥군"),
            ("2026년 스마트 어항 사업", "IMPLEMENTED_IN", "울진군"),
        ],
        [],
        id="active-list-as-sites",
    ),
    pytest.param(
        "해양수산부는 '2026년 스마트 어항 사업' 평가 결과 고흥군을 우수기관으로 선정했다.",
        [("해양수산부", "SELECTED", "고흥군")],
        [("2026년 스마트 어항 사업", "IMPLEMENTED_IN", "고흥군")],
        id="active-other-role-is-no-site",
    ),
    pytest.param(
        "강릉시는 작년 행정안전부가 공모한 '2025년 디지털 섬 조성사업'에 최종 선정됐다.",
        [
            ("행정안전부", "SELECTED", "강릉시"),
            ("행정안전부", "LEADS", "2025년 디지털 섬 조성사업"),
            ("2025년 디지털 섬 조성사업", "IMPLEMENTED_IN", "강릉시"),
        ],
        [("강릉시", "LEADS", "2025년 디지털 섬 조성사업")],
        id="passive-agent-in-relative-clause",
    ),
    pytest.param(
        "군산시는 환경부의 ‘스마트 물관리 확산사업’ 공모에 선정됐다.",
        [("환경부", "SELECTED", "군산시"), ("환경부", "LEADS", "스마트 물관리 확산사업")],
        [("군산시", "LEADS", "스마트 물관리 확산사업")],
        id="passive-agent-in-genitive",
    ),
    pytest.param(
        "속초시와 삼척시가 국토교통부의 ‘해안 스마트 쉼터 사업’ 대상지로 뽑혔다.",
        [
            ("국토교통부", "SELECTED", "속초시"),
            ("국토교통부", "SELECTED", "삼척시"),
            ("해안 스마트 쉼터 사업", "IMPLEMENTED_IN", "속초시"),
            ("해안 스마트 쉼터 사업", "IMPLEMENTED_IN", "삼척시"),
        ],
        [],
        id="passive-verb-coordinated-subject",
    ),
    pytest.param(
        "영주시는 국토교통부의 ‘스마트 경로당 사업’에 안동시와 함께 이름을 올렸다.",
        [("국토교통부", "SELECTED", "영주시"), ("국토교통부", "SELECTED", "안동시")],
        [],
        id="idiom-with-comitative-partner",
    ),
    pytest.param(
        "한국임업진흥원은 '산림 데이터 통합 구축 사업'의 우선협상대상자로 ㈜숲정보를 선정했다.",
        [("한국임업진흥원", "SELECTED", "숲정보"), ("숲정보", "PARTICIPATES_IN", "산림 데이터 통합 구축 사업")],
        [],
        id="contractor-selected-takes-part",
    ),
    pytest.param(
        "환경부는 한국환경공단과 함께 추진하는 「물 순환 실증사업」의 수행기관으로 청주시를 선정했다.",
        [("환경부", "SELECTED", "청주시"), ("환경부", "LEADS", "물 순환 실증사업")],
        [("한국환경공단", "SELECTED", "청주시")],
        id="co-leader-is-not-selected",
    ),
    pytest.param(
        "○ ’24년 선정된 ‘해안 관측 사업’(고흥군, 울진군) 실시설계 완료",
        [("해안 관측 사업", "IMPLEMENTED_IN", "고흥군"), ("해안 관측 사업", "IMPLEMENTED_IN", "울진군")],
        [],
        id="cities-bracketed-after-the-program",
    ),
    pytest.param(
        "○ ‘해안 관측 사업’ 대상지 2곳 선정\n - 전남 고흥군, 경북 울진군\n",
        [("해안 관측 사업", "IMPLEMENTED_IN", "고흥군"), ("해안 관측 사업", "IMPLEMENTED_IN", "울진군")],
        [],
        id="list-under-a-nominal-lead",
    ),
    pytest.param(
        "산림청은 '스마트 산림 관제 사업'을 추진한다. 홍천군과 인제군도 ‘스마트 산림 관제 사업’ 대상으로 골라져 국비를 받았다.",
        [
            ("스마트 산림 관제 사업", "IMPLEMENTED_IN", "홍천군"),
            ("스마트 산림 관제 사업", "IMPLEMENTED_IN", "인제군"),
        ],
        [("홍천군", "LEADS", "스마트 산림 관제 사업")],
        id="passive-by-auxiliary-jida",
    ),
    pytest.param(
        "서천군은 ‘스마트 갯벌 관리사업’ 대상이 돼 국비를 받았다.",
        [("스마트 갯벌 관리사업", "IMPLEMENTED_IN", "서천군")],
        [("서천군", "LEADS", "스마트 갯벌 관리사업")],
        id="chosen-as-its-target-hosts-it",
    ),
]


SELECT += [
    pytest.param(
        "동해시는 행정안전부가 공모한 '스마트 안심 골목 사업'에 최종 선정돼 국비 8억원을 확보했다.",
        [("동해시", "PARTICIPATES_IN", "스마트 안심 골목 사업")],
        [],
        id="a-city-chosen-alone-in-a-contest-takes-part",
    ),
    pytest.param(
        "동해시는 행정안전부의 '스마트 안심 골목 사업' 공모에 선정돼 국비 8억원을 확보했다.",
        [("동해시", "PARTICIPATES_IN", "스마트 안심 골목 사업")],
        [],
        id="the-program-of-a-contest-noun-before-the-predicate-is-what-was-chosen-for",
    ),
    pytest.param(
        "삼척시는 2021년 행정안전부의 '스마트 산불 감시 사업'으로 국비 3억원을 지원받아 감시 카메라를 설치했다. "
        "점검반은 보고서에 '정상 추진'으로 기재했다.",
        [("행정안전부", "LEADS", "스마트 산불 감시 사업"), ("행정안전부", "FUNDS", "스마트 산불 감시 사업")],
        [("삼척시", "LEADS", "정상 추진")],
        id="a-ministrys-genitive-program-and-a-quoted-status-is-no-name",
    ),
    pytest.param(
        "행정안전부는 '스마트 안심 골목 사업' 대상지로 동해시, 삼척시, 태백시를 선정했다.",
        [("행정안전부", "SELECTED", "삼척시")],
        [("삼척시", "PARTICIPATES_IN", "스마트 안심 골목 사업")],
        id="a-list-of-chosen-sites-is-no-participation",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), SELECT)
def test_select(check, text, must, must_not):
    check(text, must, must_not)


LEAD = [
    pytest.param(
        "포항시는 올해 ‘해변 쉼터’ 사업을 추진한다.",
        [("포항시", "LEADS", "해변 쉼터")],
        [],
        id="active-object",
    ),
    pytest.param(
        "김해시는 국토교통부가 추진하는 ‘스마트 횡단보도 사업’에 참여한다.",
        [("국토교통부", "LEADS", "스마트 횡단보도 사업"), ("김해시", "PARTICIPATES_IN", "스마트 횡단보도 사업")],
        [("김해시", "LEADS", "스마트 횡단보도 사업")],
        id="relative-clause-leader",
    ),
    pytest.param(
        "군산시는 '해풍 데이터허브'를 새만금 일대에서 시범 운영한다.",
        [("군산시", "LEADS", "해풍 데이터허브")],
        [],
        id="two-word-predicate",
    ),
    pytest.param(
        "국토교통부와 과학기술정보통신부가 공동 주최한 ‘해양 스마트시티 포럼’이 부산에서 열렸다.",
        [("국토교통부", "LEADS", "해양 스마트시티 포럼"), ("과학기술정보통신부", "LEADS", "해양 스마트시티 포럼")],
        [],
        id="coordinated-relative-subjects",
    ),
    pytest.param(
        "원주시는 LG CNS, 연세대학교와 함께 '의료 데이터 서비스'를 개발한다.",
        [
            ("원주시", "PARTNERS_WITH", "LG CNS"),
            ("원주시", "PARTNERS_WITH", "연세대학교"),
            ("원주시", "LEADS", "의료 데이터 서비스"),
            ("LG CNS", "PARTICIPATES_IN", "의료 데이터 서비스"),
        ],
        [],
        id="comitative-partners-take-part",
    ),
    pytest.param(
        "○ 사업 총괄은 주관기관인 경남테크노파크가 맡는다.\n",
        [],
        [("경남테크노파크", "PARTICIPATES_IN", "스마트 공장 고도화 사업")],
        id="role-noun-without-a-program-in-reach",
    ),
    pytest.param(
        "경상남도는 '스마트 공장 고도화 사업'을 추진한다. 사업 총괄은 주관기관인 경남테크노파크가 맡는다.",
        [("경상남도", "LEADS", "스마트 공장 고도화 사업"), ("경남테크노파크", "LEADS", "스마트 공장 고도화 사업")],
        [],
        id="role-noun-lead-by-copula",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), LEAD)
def test_lead(check, text, must, must_not):
    check(text, must, must_not)


PARTICIPATE = [
    pytest.param(
        "첫째, 한국전자통신연구원이 주관하는 ‘스마트 교량 점검’ 과제에는 한밭대학교와 ㈜가온랩, 누리브릿지가 참여하며, 세종시에서 실증한다.\n"
        "둘째, 한국과학기술원은 ㈜물빛시스템즈와 컨소시엄을 꾸려 ‘하천 범람 예측’ 과제를 맡는다.\n",
        [
            ("한밭대학교", "PARTICIPATES_IN", "스마트 교량 점검"),
            ("가온랩", "PARTICIPATES_IN", "스마트 교량 점검"),
        ],
        [("가온랩", "PARTICIPATES_IN", "하천 범람 예측")],
        id="a-quoted-name-before-its-classifier-noun-is-the-goal",
    ),
    pytest.param(
        "○ '해안 관측 고도화 사업' 컨소시엄에는 대양시스템㈜, (주)동해네트웍스, 바다소프트 등이 참여한다.\n",
        [
            ("대양시스템", "PARTICIPATES_IN", "해안 관측 고도화 사업"),
            ("동해네트웍스", "PARTICIPATES_IN", "해안 관측 고도화 사업"),
            ("바다소프트", "PARTICIPATES_IN", "해안 관측 고도화 사업"),
        ],
        [],
        id="list-with-legal-forms-and-an-unknown-firm",
    ),
    pytest.param(
        "포항시는 한빛정보를 대표사로 하는 컨소시엄과 '포항 스마트 항만 조성사업' 계약을 맺었다.\n\n"
        "컨소시엄에는 한빛정보를 비롯해 ㈜동해네트웍스, 포항공과대학교가 참여사로 함께한다.\n",
        [
            ("동해네트웍스", "PARTICIPATES_IN", "포항 스마트 항만 조성사업"),
            ("포항공과대학교", "PARTICIPATES_IN", "포항 스마트 항만 조성사업"),
            ("한빛정보", "PARTNERS_WITH", "동해네트웍스"),
        ],
        [],
        id="consortium-members-and-its-head",
    ),
    pytest.param(
        "군산시는 '해안 스마트 쉼터 사업'을 추진한다.\n\n전북정보산업진흥원은 지역 기업의 실증 참여를 지원한다.\n",
        [],
        [("전북정보산업진흥원", "PARTICIPATES_IN", "해안 스마트 쉼터 사업")],
        id="participation-as-a-noun-is-no-participant",
    ),
    pytest.param(
        "㈜바다데이터 등 3개 기업과 여수시가 공동 개발한 ‘여수 스마트 관광패스’가 인증을 받았다.",
        [("바다데이터", "PARTICIPATES_IN", "여수 스마트 관광패스"), ("바다데이터", "PARTNERS_WITH", "여수시")],
        [],
        id="joint-development",
    ),
    pytest.param(
        "춘천시는 ‘호수 드론 배송 실증’을 추진한다. 지역 기업인 물결드론㈜과 주식회사 노을로보틱스도 협력사로 합류했다.",
        [
            ("물결드론", "PARTICIPATES_IN", "호수 드론 배송 실증"),
            ("노을로보틱스", "PARTICIPATES_IN", "호수 드론 배송 실증"),
        ],
        [],
        id="coordination-past-a-firm-marker",
    ),
    pytest.param(
        "여수시는 한빛정보기술㈜, ㈜바다로봇 등 2개 기업이 컨소시엄을 꾸려 ‘섬 드론 배송’ 사업을 수행하고 있다.",
        [("한빛정보기술", "PARTICIPATES_IN", "섬 드론 배송"), ("바다로봇", "PARTICIPATES_IN", "섬 드론 배송")],
        [("여수시", "PARTICIPATES_IN", "섬 드론 배송")],
        id="named-subject-not-the-topic-does-it",
    ),
    pytest.param(
        "영주시는 ‘영주 스마트 교통 사업’을 추진한다. 주관사는 ㈜산들정보통신이다. "
        "이 컨소시엄에는 ㈜가온모빌리티, 주식회사 누리브릿지, 그리고 지역업체인 소백이엔씨가 참여사로 이름을 올렸다.",
        [
            ("가온모빌리티", "PARTICIPATES_IN", "영주 스마트 교통 사업"),
            ("누리브릿지", "PARTICIPATES_IN", "영주 스마트 교통 사업"),
            ("소백이엔씨", "PARTICIPATES_IN", "영주 스마트 교통 사업"),
        ],
        [],
        id="list-past-a-second-joining-word-and-an-apposition",
    ),
    pytest.param(
        "안동시는 ‘안동 스마트 관광 사업’을 추진한다. ㈜가람소프트, ㈜누리랩 등 크고 작은 기업이 컨소시엄에 이름을 올렸고, 안동도시공사도 힘을 보탰다.",
        [
            ("가람소프트", "PARTICIPATES_IN", "안동 스마트 관광 사업"),
            ("누리랩", "PARTICIPATES_IN", "안동 스마트 관광 사업"),
            ("안동도시공사", "PARTICIPATES_IN", "안동 스마트 관광 사업"),
        ],
        [],
        id="list-closed-by-an-adjective-classifier-and-a-helping-idiom",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), PARTICIPATE)
def test_participate(check, text, must, must_not):
    check(text, must, must_not)


PARTNER = [
    pytest.param(
        "여수시는 KT, 전남대학교와 함께 항만 유역의 수위 데이터를 지형모델에 결합해 침수를 예측한다.",
        [("여수시", "PARTNERS_WITH", "KT"), ("여수시", "PARTNERS_WITH", "전남대학교")],
        [],
        id="together-with-any-predicate",
    ),
    pytest.param(
        "국토교통부는 2018년 세종시와 함께 부산광역시를 국가시범도시로 지정했다.",
        [],
        [("국토교통부", "PARTNERS_WITH", "세종특별자치시")],
        id="together-in-a-designation-names-a-co-theme",
    ),
    pytest.param(
        "춘천시는 (재)강원테크노파크, 강원대학교 산학협력단, ㈜소양데이터 등 3개 기관과 컨소시엄을 꾸렸다.",
        [
            ("춘천시", "PARTNERS_WITH", "강원테크노파크"),
            ("춘천시", "PARTNERS_WITH", "소양데이터"),
        ],
        [],
        id="list-member-with-a-head-noun-of-its-own",
    ),
    pytest.param(
        "가람소프트, 나래시스템즈, 다솜모빌리티, 라온에너지 등 4개 기업이 컨소시엄을 꾸렸다. 강릉시와 속초시는 관광 데이터 협약을 맺었다.",
        [("강릉시", "PARTNERS_WITH", "속초시")],
        [("가람소프트", "PARTNERS_WITH", "나래시스템즈"), ("다솜모빌리티", "PARTNERS_WITH", "라온에너지")],
        id="parties-of-an-agreement-not-every-pair-of-a-long-list",
    ),
    pytest.param(
        "광양시는 순천시, 여수시와 스마트 관광 협약을 맺었다.",
        [("광양시", "PARTNERS_WITH", "순천시"), ("광양시", "PARTNERS_WITH", "여수시")],
        [],
        id="comitative-list",
    ),
    pytest.param(
        "목포시와 한국전력공사가 손잡고 해상 데이터 센터를 짓는다.",
        [("목포시", "PARTNERS_WITH", "한국전력공사")],
        [],
        id="coordinated-subject",
    ),
    pytest.param(
        "2025년 주요업무 보고\n\n부산광역시 수영구\n\n - 부산대학교(PNU)와 해안 안전 분야 공동연구 추진\n",
        [("부산광역시 수영구", "PARTNERS_WITH", "부산대학교")],
        [],
        id="publisher-partner-in-a-bullet",
    ),
    pytest.param(
        "○ 협력기관: 여수경찰서, 여수소방서와 영상 공유 협약 체결\n",
        [],
        [],
        id="agreement-noun-after-a-label",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), PARTNER)
def test_partner(check, text, must, must_not):
    check(text, must, must_not)


CERTIFY = [
    pytest.param(
        "올해 ‘스마트 서비스 인증’을 받은 서비스는 다음과 같다.\n ◦ 교통 분야\n  - 스마트 주차 공유 플랫폼: ㈜파킹솔(수원시 실증)\n"
        " ◦ 환경 분야\n  - 음식물 감량 리워드 서비스: 김해시·그린루프 협의체\n",
        [
            ("스마트 주차 공유 플랫폼", "CERTIFIED", "스마트 서비스 인증"),
            ("음식물 감량 리워드 서비스", "CERTIFIED", "스마트 서비스 인증"),
            ("그린루프", "PARTICIPATES_IN", "음식물 감량 리워드 서비스"),
        ],
        [("파킹솔", "CERTIFIED", "스마트 서비스 인증")],
        id="list-of-labelled-items-under-sublabels-completes-the-lead",
    ),
    pytest.param(
        "부천시는 지난 5월 한국표준협회로부터 ‘스마트 안전도시 인증’을 획득했다.",
        [("부천시", "CERTIFIED", "스마트 안전도시 인증"), ("스마트 안전도시 인증", "ISSUED_BY", "한국표준협회")],
        [],
        id="obtain-with-source",
    ),
    pytest.param(
        "국토교통부는 김해시, 수원시 등 2곳을 ‘스마트도시 인증’ 대상으로 새로 인증했다.",
        [
            ("김해시", "CERTIFIED", "스마트도시 인증"),
            ("수원시", "CERTIFIED", "스마트도시 인증"),
            ("스마트도시 인증", "ISSUED_BY", "국토교통부"),
        ],
        [],
        id="certifier-as-subject",
    ),
    pytest.param(
        "□ 한편, 목포시의 '해양 스마트 관측 도시' 사업은 올해 '2025 아시아 도시 혁신상'에서 우수상을 받았다.",
        [("해양 스마트 관측 도시", "CERTIFIED", "2025 아시아 도시 혁신상")],
        [],
        id="prize-received-by-a-project",
    ),
    pytest.param(
        "○ 2024 대한민국 스마트시티 어워드 최우수상 수상(한국스마트도시협회 주관, 2024. 10.)\n",
        [],
        [],
        id="issuer-in-brackets",
    ),
    pytest.param(
        "한국스마트도시협회는 '2026 도시혁신 어워드'를 시상했다. 협회는 ㈜하늘소프트, ㈜바다로직 등 2곳을 최종 수상 기업으로 선정했다.",
        [("하늘소프트", "CERTIFIED", "2026 도시혁신 어워드"), ("바다로직", "CERTIFIED", "2026 도시혁신 어워드")],
        [],
        id="chosen-as-winners-won-the-award-in-context",
    ),
    pytest.param(
        "한국스마트도시협회는 '2026 도시혁신 어워드'를 시상했다. 협회는 ㈜하늘소프트를 심사 대상 기업으로 선정했다.",
        [],
        [("하늘소프트", "CERTIFIED", "2026 도시혁신 어워드")],
        id="chosen-for-another-role-won-nothing",
    ),
    pytest.param(
        "대상(행정안전부 장관상)은 ㈜하늘소프트가 차지했다.",
        [("하늘소프트", "CERTIFIED", "행정안전부 장관상"), ("행정안전부 장관상", "ISSUED_BY", "행정안전부")],
        [],
        id="bracket-names-the-topic-noun-and-topic-is-the-object-put-first",
    ),
    pytest.param(
        "강릉시 보도자료\n\n강릉시, 스마트도시 성과 공개\n\n□ 강릉시는 그간의 성과를 공개했다.\n"
        " ① '2026 대한민국 스마트시티 어워드' 대상 수상(한국스마트도시협회 주관, 2026. 9.)",
        [("강릉시", "CERTIFIED", "2026 대한민국 스마트시티 어워드")],
        [],
        id="a-noun-of-obtaining-in-a-bodys-own-report-is-the-publishers",
    ),
    pytest.param(
        "국토교통부는 '2026 스마트도시 인증' 결과를 발표했다. 국토부는 춘천·원주(대도시)와 양구·인제군(중소도시) 등 4곳의 인증을 연장하기로 했다.",
        [("춘천시", "CERTIFIED", "스마트도시 인증"), ("인제군", "CERTIFIED", "스마트도시 인증")],
        [],
        id="whose-certification-a-genitive-says-are-its-holders",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), CERTIFY)
def test_certify(check, text, must, must_not):
    check(text, must, must_not)


FUND = [
    pytest.param(
        "행정안전부는 '섬마을 디지털 배움터 사업'에 국비 12억원을 지원한다.",
        [("행정안전부", "FUNDS", "섬마을 디지털 배움터 사업")],
        [],
        id="active-with-amount",
    ),
    pytest.param(
        "재단은 행정안전부와 전라남도가 공동 지원하는 ‘섬마을 디지털 배움터 사업’에 국비 5억원이 투입된다고 밝혔다.",
        [],
        [],
        id="joint-support",
    ),
    pytest.param(
        "□ 해양수산부는 '스마트 어항 사업' 대상지를 선정했다고 밝혔다.\n\n"
        "※ 국비 보조율 50%, 고흥군은 낙후지역 가중치를 적용해 국비 보조율 70%\n",
        [],
        [("고흥군", "FUNDS", "스마트 어항 사업")],
        id="a-city-receiving-state-money-pays-nothing",
    ),
    pytest.param(
        "여수시 보도자료\n\n여수시는 ‘여수 해안 안전망 사업’을 추진한다.\n\n"
        "시는 국비 20억원을 지원받고 시비 20억원을 더해 사업을 진행한다.\n",
        [("여수시", "FUNDS", "여수 해안 안전망 사업")],
        [],
        id="city-share-added",
    ),
]


@pytest.mark.parametrize(("text", "must", "must_not"), FUND)
def test_fund(check, text, must, must_not):
    check(text, must, must_not)


def test_every_relation_names_a_rule_of_the_rulebook(extract):
    from citykg.extract.resources import rulebook

    rec, _, _ = extract("해양수산부는 '2026년 스마트 어항 사업' 공모 결과 고흥군을 대상지로 최종 선정했다.")
    assert rec.relations
    for r in rec.relations:
        rule = r.properties["rule"]
        assert rule.split("/")[0] in rulebook().rules, rule
        assert r.confidence == pytest.approx(r.confidence)  # a number, from the rulebook


def test_a_list_of_contacts_serves_the_body_of_the_first(check):
    """people:list — the second contact of a line written after one body works for that body, not the publisher."""
    text = (
        "배포 일시 2025. 3. 2.\n강원특별자치도 보도자료\n강원특별자치도는 ‘산림 드론 관제’ 사업을 추진한다.\n"
        "문의: 행정안전부 지역정보과 사무관 홍길동(044-205-1111), 주무관 김영희(044-205-1112)\n"
    )
    check(
        text,
        [("홍길동", "WORKS_FOR", "행정안전부"), ("김영희", "WORKS_FOR", "행정안전부")],
        [("김영희", "WORKS_FOR", "강원특별자치도")],
    )


def test_a_national_program_is_led_by_the_body_that_runs_it_when_named_nearby(check, extract):
    """name:national_program: reference data (extract/data/national_programs.toml); a law is no program run."""
    check(
        "국토교통부는 올해 예산을 확정했다.\n정선군은 ‘강소형 스마트시티 조성사업’에 선정됐다.\n",
        [("국토교통부", "LEADS", "강소형 스마트시티 조성사업")],
    )
    _, _, rels = extract(
        "국토교통부는 올해 예산을 확정했다.\n정선군은 「스마트도시 조성 및 산업진흥 등에 관한 법률」을 검토했다.\n"
    )
    assert ("국토교통부", "LEADS", "스마트도시 조성 및 산업진흥 등에 관한 법률") not in rels


def test_a_budget_line_without_a_verb_names_its_payers(check):
    """budget:line — 시비 written by a 구 is the city above it, 구비 the 구 itself."""
    text = (
        "배포 일시 2025. 4. 1.\n부산광역시 해운대구 보도자료\n"
        "1. 「해운대 스마트 그늘막」 설치\n"
        " - 사업비: 8억원(시비 4, 구비 4)\n"
        "부산광역시와 해운대구가 함께 추진한다.\n"
    )
    check(
        text,
        [("부산광역시", "FUNDS", "해운대 스마트 그늘막"), ("부산광역시 해운대구", "FUNDS", "해운대 스마트 그늘막")],
    )
