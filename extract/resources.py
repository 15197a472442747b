"""The extractor's data files (extract/data/*.toml) and the gazetteer, loaded once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DATA = Path(__file__).parent / "data"
_HANGUL_OR_LATIN = re.compile(r"^[가-힣A-Za-z0-9&\-]+$")


@cache
def load_toml(name: str) -> dict:
    with (DATA / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def words(table: str, key: str, file: str = "lexicon") -> frozenset[str]:
    """A white-space separated word list of a data file as a set."""
    return _words(file, table, key)


@cache
def _words(file: str, table: str, key: str) -> frozenset[str]:
    value = load_toml(file)[table][key]
    if isinstance(value, str):
        return frozenset(value.split())
    return frozenset(value)


@lru_cache(maxsize=1)
def gazetteer():
    """The reference data (extract.gazetteer), or an empty stand-in while it is missing."""
    try:
        from citykg.extract.gazetteer import load_gazetteer
    except ImportError:  # pragma: no cover - only while the reference data is being written
        return _EmptyGazetteer()
    return load_gazetteer()


class _EmptyGazetteer:
    entities: dict = {}

    def lookup(self, surface: str) -> list:
        return []

    def is_ambiguous(self, surface: str) -> bool:
        return False

    def resolve(self, surface: str, context=()):
        return None

    def surfaces(self) -> dict:
        return {}

    def children(self, parent_id: str) -> list:
        return []

    def get(self, entity_id_: str):
        return None


def entity_id(type_: str, name: str) -> str:
    try:
        from citykg.extract.gazetteer import entity_id as _eid
    except ImportError:  # pragma: no cover
        import unicodedata

        clean = re.sub(r"\s+", "_", unicodedata.normalize("NFC", name).strip())
        return f"{type_.lower()}:{clean}"
    return _eid(type_, name)


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]
    titles: tuple[str, ...]  # longest first, for suffix tests
    compound_titles: tuple[str, ...]
    weak_titles: frozenset[str]
    press_titles: frozenset[str]
    council_titles: frozenset[str]
    not_names: frozenset[str]
    generic: frozenset[str]
    leading: frozenset[str]
    heads: tuple[str, ...]
    strong_heads: frozenset[str]
    weak_heads: frozenset[str]
    trailing: frozenset[str]
    cert_heads: tuple[str, ...]
    cert_levels: frozenset[str]
    org_suffixes: tuple[str, ...]
    ambiguous_org_suffixes: frozenset[str]
    org_kinds: dict
    firm_classifiers: frozenset[str]
    firm_suffixes: frozenset[str]
    body_classifiers: frozenset[str]
    firm_labels: frozenset[str]
    body_labels: frozenset[str]


def _longest_first(items) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lx = load_toml("lexicon")
    return Lexicon(
        surnames=words("person", "surnames"),
        titles=_longest_first(words("person", "titles")),
        compound_titles=_longest_first(words("person", "compound_titles")),
        weak_titles=words("person", "weak_titles"),
        press_titles=words("person", "press_titles"),
        council_titles=words("person", "council_titles"),
        not_names=words("person", "not_names"),
        generic=frozenset(w.replace(" ", "") for w in words("generic", "words")),
        leading=words("generic", "leading_modifiers"),
        heads=_longest_first(words("program", "heads")),
        strong_heads=words("program", "strong_heads"),
        weak_heads=words("program", "weak_heads"),
        trailing=words("program", "trailing_actions"),
        cert_heads=_longest_first(words("program", "certification_heads")),
        cert_levels=words("program", "certification_levels"),
        org_suffixes=_longest_first(words("organization", "suffixes")),
        ambiguous_org_suffixes=words("organization", "ambiguous_suffixes"),
        org_kinds=dict(lx["organization"]["kind_by_suffix"]),
        firm_classifiers=words("company", "firm_classifiers"),
        firm_suffixes=words("company", "firm_suffixes"),
        body_classifiers=words("company", "body_classifiers"),
        firm_labels=words("company", "firm_labels"),
        body_labels=words("company", "body_labels"),
    )


@lru_cache(maxsize=1)
def user_words() -> tuple[tuple[str, str], ...]:
    """(word, Kiwi tag) pairs: one-word reference names and titles, so Kiwi keeps them whole."""
    out: dict[str, str] = {}
    for surface in gazetteer().surfaces():
        if " " not in surface and _HANGUL_OR_LATIN.match(surface) and len(surface) >= 2:
            out.setdefault(surface, "NNP")
    lx = lexicon()
    # titles stay whole (주무관, 도시정책관); short or generic ones, and 이사/감사 compounds that pull the
    # name before them apart (이병한 당연직이사), are left to Kiwi
    for t in lx.titles:
        if len(t) >= 3 and t not in lx.weak_titles and not t.endswith(("이사", "감사")):
            out.setdefault(t, "NNG")
    extra = DATA / "user_words.tsv"
    if extra.exists():
        for line in extra.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                word, _, tag = line.partition("\t")
                out[word.strip()] = tag.strip() or "NNP"
    return tuple(out.items())


# --------------------------------------------------------------------------- typed data files
# Each data file is read into a pydantic model that forbids unknown keys: a key in the data that no
# field declares fails loading, and tests/extract/test_data_files.py fails on a field the code never reads.


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Cases(_Data):
    subj: tuple[str, ...]
    topic: tuple[str, ...]
    obj: tuple[str, ...]
    dat: tuple[str, ...]
    loc: tuple[str, ...]
    role: tuple[str, ...]
    com: tuple[str, ...]
    gen: tuple[str, ...]
    comgen: tuple[str, ...]
    from_: tuple[str, ...] = Field(alias="from")

    def table(self) -> dict[str, str]:
        """particle form -> case name."""
        out: dict[str, str] = {}
        for case in ("subj", "topic", "obj", "dat", "loc", "role", "com", "gen", "comgen", "from_"):
            for form in getattr(self, case):
                out[form] = case.rstrip("_")
        return out


class AgentPhrase(_Data):
    verbs: tuple[str, ...]


class Places(_Data):
    nouns: tuple[str, ...]


class Coordination(_Data):
    separators: tuple[str, ...]
    joining_tags: tuple[str, ...]
    closers: tuple[str, ...]
    including: tuple[str, ...]
    legal_forms: tuple[str, ...]
    counters: tuple[str, ...]


class PredicateGrammar(_Data):
    active_suffixes: tuple[str, ...]
    passive_suffixes: tuple[str, ...]
    receive_verbs: tuple[str, ...]
    light_verbs: dict[str, Literal["active", "passive", "receive"]]
    auxiliaries: tuple[str, ...]
    deciding_verbs: tuple[str, ...]


class Endings(_Data):
    final: tuple[str, ...]
    connective: tuple[str, ...]
    adnominal: tuple[str, ...]
    nominalized: tuple[str, ...]


class Money(_Data):
    state: tuple[str, ...]
    province: tuple[str, ...]
    local: tuple[str, ...]
    private: tuple[str, ...]
    budget_words: tuple[str, ...]
    units: dict[str, int]


class Grammar(_Data):
    case: Cases
    agent_phrase: AgentPhrase
    place: Places
    coordination: Coordination
    predicate: PredicateGrammar
    endings: Endings
    money: Money


Role = Literal[
    "agent", "theme", "goal", "place", "as", "partner", "source", "recipient", "program", "cert", "payer", "whole"
]


class FrameRelation(_Data):
    type: str
    source: Role
    target: Role
    when: Literal["money", "site", "no_theme", "not_city", "no_place", "company"] | None = None
    voice: Literal["active", "passive", "receive"] | None = None
    explicit: bool = False


class Frame(_Data):
    name: str
    active: tuple[str, ...] = ()
    passive: tuple[str, ...] = ()
    receive: tuple[str, ...] = ()
    nominal: tuple[str, ...] = ()
    nominal_bare: Role
    default_agent: bool
    program_holds: bool = False
    relations: tuple[FrameRelation, ...]


class Sites(_Data):
    nouns: tuple[str, ...]


class RoleNouns(_Data):
    lead: tuple[str, ...]
    participant: tuple[str, ...]
    groups: tuple[str, ...]


class Frames(_Data):
    voices: dict[Literal["active", "passive", "receive"], dict[str, Role]]
    site: Sites
    role_nouns: RoleNouns
    frame: tuple[Frame, ...]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return Grammar.model_validate(load_toml("grammar"))


@lru_cache(maxsize=1)
def frames() -> Frames:
    return Frames.model_validate(load_toml("frames"))


class RuleEntry(_Data):
    confidence: float
    description: str


class Rulebook(_Data):
    derived_factor: float
    rules: dict[str, RuleEntry]


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    return Rulebook.model_validate(load_toml("rules"))


class Affiliation(_Data):
    nouns: tuple[str, ...]




class TableWords(_Data):
    program: tuple[str, ...]
    place: tuple[str, ...]
    lead: tuple[str, ...]
    participant: tuple[str, ...]
    money: tuple[str, ...]
    certification: tuple[str, ...]
    year: tuple[str, ...]
    selection: tuple[str, ...]
    task: tuple[str, ...]
    unit_note: str
    not_programs: tuple[str, ...]


class Brackets(_Data):
    running: tuple[str, ...]


class Anaphora(_Data):
    city_kinds: tuple[str, ...]
    body_kinds: tuple[str, ...]
    company_words: tuple[str, ...]
    first_person: tuple[str, ...]


class PublisherWords(_Data):
    councils: tuple[str, ...]
    cover_words: tuple[str, ...]


class Structure(_Data):
    publisher: PublisherWords
    anaphora: Anaphora
    affiliation: Affiliation
    table: TableWords
    brackets: Brackets


@lru_cache(maxsize=1)
def structure() -> Structure:
    return Structure.model_validate(load_toml("structure"))
