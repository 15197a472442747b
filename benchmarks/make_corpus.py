"""Write N realistic Korean smart-city documents for the scale benchmarks, the same for the same seed.

    .venv/bin/python benchmarks/make_corpus.py 1000 --seed 7 -o out/corpus-1k

Like data/samples: press releases (보도자료), news articles, council pledge reports and plans, with
lengths drawn around the samples' (a few thousand characters, now and then tens of thousands). Names
come from the gazetteer (extract/data/gazetteer: ministries, local governments, firms, bodies,
certifications) mixed with made-up firms, programs and officials, so extraction meets known and
unknown names as it does in real documents.
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "extract" / "data" / "gazetteer"

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허유남심노하곽성차주우구민진나엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
GIVEN = "민서준지현우수영진호성혜은경미정희연재동한상철태윤아주원석규"
TITLES = ["과장", "팀장", "국장", "실장"]
FIRM_TITLES = ["대표", "본부장", "상무", "센터장", "연구위원"]
FIRM_HEADS = ["스마트", "디지털", "미래", "한빛", "누리", "온누리", "새빛", "바른", "에이아이", "데이터", "그린", "시티"]
FIRM_TAILS = ["테크", "시스템즈", "솔루션", "랩스", "모빌리티", "네트웍스", "이노베이션", "정보통신", "에너지", "로보틱스"]
PROGRAM_TOPICS = ["스마트 교통", "스마트 안전", "디지털트윈", "스마트 헬스케어", "자율주행 셔틀", "스마트 주차", "탄소중립 에너지",
                  "스마트 물관리", "드론 배송", "스마트 횡단보도", "AI 돌봄", "도시데이터 플랫폼"]  # fmt: skip
PROGRAM_KINDS = ["챌린지 사업", "실증사업", "시범사업", "조성사업", "구축사업", "확산사업"]
SERVICES = ["스마트 버스정류장", "지능형 CCTV", "스마트 가로등", "수요응답형 버스", "공유 킥보드", "스마트 쓰레기통", "통합플랫폼",
            "실시간 대기질 측정망", "스마트팜", "디지털 안전지도"]  # fmt: skip
MEDIA = ["천지일보", "전자신문", "디지털타임스", "아시아경제", "뉴시스", "연합뉴스"]


def josa(word: str, pair: str) -> str:
    """`word` with the particle of `pair` ("은/는", "이/가", "을/를", "과/와") its last sound takes."""
    after_consonant, after_vowel = pair.split("/")
    last = word[-1]
    if "가" <= last <= "힣":
        coda = (ord(last) - 0xAC00) % 28 != 0
    else:  # a Latin name or a number: read as it is said (LG CNS: 엘지씨엔에스, KT: 케이티)
        coda = last.lower() in "lmnr0136789"
    return word + (after_consonant if coda else after_vowel)


@dataclass
class Names:
    ministries: list[str]
    metros: list[str]
    cities: list[str]
    companies: list[str]
    organizations: list[str]
    certifications: list[str]


def _column(name: str, keep: tuple[str, str] | None = None) -> list[str]:
    rows = [ln for ln in (GAZETTEER / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        if keep is not None and row.get(keep[0]) != keep[1]:
            continue
        if row.get("valid_to") or row.get("level") == "former":
            continue  # current names only, as this week's documents would use
        out.append(row["name"])
    return sorted(set(out))


def load_names() -> Names:
    return Names(
        ministries=[n for n in _column("ministries.tsv", ("kind", "ministry")) if not n.startswith(("미국", "일본", "중국"))],
        metros=_column("cities.tsv", ("level", "metropolitan")),
        cities=_column("cities.tsv", ("level", "basic")),
        companies=[n for n in _column("companies.tsv") if n not in MEDIA],
        organizations=_column("organizations.tsv"),
        certifications=_column("certifications.tsv"),
    )


class Writer:
    """One document's cast (a city, a ministry, firms, a program, officials) and its sentences."""

    def __init__(self, rng: random.Random, names: Names) -> None:
        self.rng = rng
        self.n = names
        r = rng
        self.city = r.choice(names.cities + names.metros)
        self.metro = r.choice(names.metros)
        self.ministry = r.choice(names.ministries)
        self.firms = r.sample(names.companies, 2) + [self.made_up_firm() for _ in range(r.randint(1, 3))]
        self.org = r.choice(names.organizations)
        self.cert = r.choice(names.certifications)
        self.program = f"{self.city} {r.choice(PROGRAM_TOPICS)} {r.choice(PROGRAM_KINDS)}"
        self.people = [(self.person(), r.choice(TITLES)) for _ in range(r.randint(1, 3))]
        self.year = r.randint(2016, 2025)
        self.month, self.day = r.randint(1, 12), r.randint(1, 28)

    def made_up_firm(self) -> str:
        return f"{self.rng.choice(FIRM_HEADS)}{self.rng.choice(FIRM_TAILS)}"

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=2))

    def sentence(self) -> str:
        r, firm = self.rng, self.rng.choice(self.firms)
        who, title = r.choice(self.people)
        money = f"{r.randint(3, 480)}억원"
        service = r.choice(SERVICES)
        j = josa
        options = [
            f"{j(self.ministry, '은/는')} {self.program} 대상지로 {j(self.city, '을/를')} 선정했다고 {self.day}일 밝혔다.",
            f"{j(self.city, '은/는')} {j(firm, '과/와')} 업무협약을 체결하고 {service} 구축에 나선다.",
            f"이번 사업에는 국비 {money}이 투입되며, {j(self.org, '이/가')} 사업 관리를 맡는다.",
            f"{j(firm, '은/는')} {j(self.cert, '을/를')} 획득한 {service} 기술을 {self.city}에 공급할 예정이다.",
            f"{who} {self.city} 스마트도시{j(title, '은/는')} \u201c시민이 체감하는 서비스를 확산하겠다\u201d고 말했다.",
            f"{j(self.metro, '과/와')} {j(self.city, '은/는')} {self.program}의 성과를 인근 지역으로 확산하기로 했다.",
            f"{j(firm, '을/를')} 대표사로 하는 컨소시엄이 우선협상대상자로 선정됐다.",
            f"{j(self.ministry, '과/와')} {j(self.org, '은/는')} {self.year}년까지 {service} {r.randint(2, 60)}곳을 설치한다.",
            f"{j(self.city, '은/는')} {self.year}년 {self.month}월 {service} 실증을 마치고 본사업에 착수했다.",
            f"{self.person()} {firm} {j(r.choice(FIRM_TITLES), '은/는')} {j(self.city, '과/와')} 함께 데이터 기반 도시관리 모델을 "
            "만들겠다고 밝혔다.",
            f"시민참여단 {r.randint(20, 300)}명이 {service} 개선 과제를 발굴했다.",
        ]
        return r.choice(options)

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def body(self, chars: int) -> list[str]:
        out, n = [], 0
        while n < chars:
            p = self.paragraph()
            out.append(p)
            n += len(p) + 2
        return out

    def press_release(self, chars: int) -> str:
        head = [f"{self.ministry} 보도자료", f"보도일시 {self.year}. {self.month}. {self.day}.",
                f"{self.program} 본격 추진", f"- {self.city} 등 {self.rng.randint(2, 9)}곳 선정, 국비 지원 -"]  # fmt: skip
        contact = f"담당 부서 {self.ministry} 도시경제과  책임자 과장 {self.people[0][0]} (044-201-{self.rng.randint(1000, 9999)})"
        return "\n\n".join([*head, *self.body(chars), contact]) + "\n"

    def news(self, chars: int) -> str:
        media, reporter, j = self.rng.choice(MEDIA), self.person(), josa
        lead = f"[{media} {self.city}={reporter} 기자] {j(self.city, '이/가')} {j(self.program, '을/를')} 순조롭게 추진하고 있다고 {self.day}일 밝혔다."
        title = f"{self.city}, {self.program} 속도… {self.firms[0]} 컨소시엄 참여"
        tail = f"ⓒ{media} {self.year}.{self.month:02d}.{self.day:02d}"
        return "\n\n".join([title, lead, *self.body(chars), tail]) + "\n"

    def plan(self, chars: int) -> str:
        r = self.rng
        table = "\n".join([
            "구분\t사업명\t사업기간\t사업비\t추진주체",
            *(f"{i}\t{self.city} {r.choice(SERVICES)}\t{self.year}~{self.year + r.randint(1, 4)}\t"
              f"{r.randint(5, 900)}백만원\t{r.choice(self.firms)}" for i in range(1, r.randint(3, 8))),
        ])  # fmt: skip
        head = [f"**{self.program} 추진계획**", "**I 추진개요**", "○ 추진배경"]
        body = self.body(chars)
        cut = max(1, len(body) // 2)
        return "\n\n".join([*head, *body[:cut], "○ 세부 추진내용", table, *body[cut:]]) + "\n"


GENRES = {"press": 0.4, "news": 0.35, "plan": 0.25}


def document(rng: random.Random, names: Names) -> tuple[str, str]:
    """(genre, text) of one document; lengths about the samples' (median ~4,000 characters, a long tail)."""
    genre = rng.choices(list(GENRES), weights=list(GENRES.values()))[0]
    chars = int(min(30_000, max(800, rng.lognormvariate(8.3, 0.6))))
    w = Writer(rng, names)
    text = {"press": w.press_release, "news": w.news, "plan": w.plan}[genre](chars)
    return genre, text


def make_corpus(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write `n` documents under `out` (1,000 per subfolder); the same files for the same seed."""
    names = load_names()
    rng = random.Random(seed)
    written = []
    for i in range(n):
        genre, text = document(rng, names)
        path = out / f"{i // 1000:04d}" / f"{i:07d}_{genre}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="how many documents")
    ap.add_argument("--seed", type=int, default=0, help="the same seed gives the same documents (default 0)")
    ap.add_argument("-o", "--out", type=Path, default=Path("out/corpus"), help="folder to write (default out/corpus)")
    args = ap.parse_args()
    files = make_corpus(args.n, args.out, args.seed)
    chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
    print(f"{len(files)} documents, {chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()
