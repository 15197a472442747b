"""The extractor's data files (extract/data/*.toml) and the gazetteer, loaded once per process."""

from __future__ import annotations

import re
import tomllib
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

DATA = Path(__file__).parent / "data"
_HANGUL_OR_LATIN = re.compile(r"^[가-힣A-Za-z0-9&\-]+$")


@cache
def load_toml(name: str) -> dict:
    with (DATA / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


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
    passive_auxiliaries: tuple[str, ...]
    receive_verbs: tuple[str, ...]
    light_verbs: dict[str, Literal["active", "passive", "receive"]]
    auxiliaries: tuple[str, ...]
    purpose_verbs: tuple[str, ...]


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
    own_budget: tuple[str, ...]
    units: dict[str, int]


class OtherParticles(_Data):
    forms: tuple[str, ...]


class Salience(_Data):
    adjunct_after: tuple[str, ...]
    setting_after: tuple[str, ...]


class Allomorphs(_Data):
    after_consonant: tuple[str, ...]
    after_vowel: tuple[str, ...]


class Grammar(_Data):
    allomorphs: Allomorphs
    case: Cases
    other_particles: OtherParticles
    salience: Salience
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
    when: (
        Literal[
            "money", "site", "award", "contract", "no_contract", "no_theme", "not_city", "no_place", "company",
            "city", "body_work", "few", "like_theme",
        ]
        | None
    ) = None
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
    nominal_actor: bool = False
    completed_by_lists: bool = False
    relations: tuple[FrameRelation, ...]


class Sites(_Data):
    nouns: tuple[str, ...]


class RoleNouns(_Data):
    lead: tuple[str, ...]
    participant: tuple[str, ...]
    heads: tuple[str, ...]
    groups: tuple[str, ...]
    leading: tuple[str, ...]


class Together(_Data):
    adverbs: tuple[str, ...]
    not_in: tuple[str, ...]


class Frames(_Data):
    voices: dict[Literal["active", "passive", "receive"], dict[str, Role]]
    site: Sites
    award: Sites
    contract: Sites
    together: Together
    role_nouns: RoleNouns
    frame: tuple[Frame, ...]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return Grammar.model_validate(load_toml("grammar"))


@lru_cache(maxsize=1)
def trailing_particle() -> re.Pattern[str]:
    """A particle glued to the end of a word (국토교통부는, 스마트시티를): every case form of grammar.toml
    and the other particles it lists."""
    g = grammar()
    forms = set(g.case.table()) | set(g.other_particles.forms)
    return re.compile("(?:" + "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=16)
def frame_nouns(*names: str) -> tuple[str, ...]:
    """The predicate nouns of the named frames (frames.toml `nominal`), without spaces: 참여, 협약 ..."""
    return tuple(n.replace(" ", "") for fr in frames().frame if fr.name in names for n in fr.nominal)


@cache
def program_nouns() -> tuple[str, ...]:
    """Head nouns that stand for a program ("A군 과제", "시 사업"): anaphora heads and task words."""
    return tuple(dict.fromkeys([*structure().anaphora.program_heads, *structure().table.task]))


def particle_fits(before: str, particle: str) -> bool:
    """May `particle` follow the syllable `before` (grammar.toml [allomorphs])? 이 after a vowel or 가
    after a final consonant is no particle; unknown for anything but a Hangul syllable."""
    if not ("가" <= before <= "힣"):
        return True
    g = grammar().allomorphs
    has_final = (ord(before) - 0xAC00) % 28 != 0
    if particle in g.after_consonant:
        return has_final
    if particle in g.after_vowel:
        return not has_final
    return True


@lru_cache(maxsize=1)
def frames() -> Frames:
    return Frames.model_validate(load_toml("frames"))


class RuleEntry(_Data):
    confidence: float
    description: str


class Rulebook(_Data):
    derived_factor: float
    dated_types: frozenset[str]
    home_site_kinds: frozenset[str]
    rules: dict[str, RuleEntry]


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    return Rulebook.model_validate(load_toml("rules"))


class Affiliation(_Data):
    nouns: tuple[str, ...]


class TableWords(_Data):
    program: tuple[str, ...]
    kind: tuple[str, ...]
    place_leads: tuple[str, ...]
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


class LabelledItems(_Data):
    labels: tuple[str, ...]
    min_words: int


class Anaphora(_Data):
    city_kinds: tuple[str, ...]
    body_kinds: tuple[str, ...]
    company_words: tuple[str, ...]
    first_person: tuple[str, ...]
    demonstratives: tuple[str, ...]
    program_heads: tuple[str, ...]


class PublisherWords(_Data):
    councils: tuple[str, ...]
    cover_words: tuple[str, ...]
    cover_prefixes: tuple[str, ...]


class TitleWords(_Data):
    labels: tuple[str, ...]
    metadata_label: str


class Structure(_Data):
    title: TitleWords
    publisher: PublisherWords
    anaphora: Anaphora
    affiliation: Affiliation
    table: TableWords
    brackets: Brackets
    labelled_items: LabelledItems


@lru_cache(maxsize=1)
def structure() -> Structure:
    return Structure.model_validate(load_toml("structure"))


# --------------------------------------------------------------------------- lexicon.toml


def _split_words(value: object) -> object:
    """A word list is written as one white-space separated string or as a list of strings."""
    return tuple(value.split()) if isinstance(value, str) else value


Words = Annotated[tuple[str, ...], BeforeValidator(_split_words)]


def _longest_first(items) -> tuple[str, ...]:
    return tuple(sorted(items, key=len, reverse=True))


class PersonWords(_Data):
    name_columns: Words
    surnames: Words
    compound_titles: Words
    titles: Words
    weak_titles: Words
    council_titles: Words
    press_titles: Words
    not_names: Words


class GenericWords(_Data):
    words: Words
    leading_modifiers: Words


class ProgramWords(_Data):
    same_program_synonyms: dict[str, str]
    same_program_optional_words: Words
    same_program_optional_suffixes: Words
    object_words: Words
    bullet_marks: Words
    bullet_item_actions: Words
    bullet_activity_nouns: Words
    heads: Words
    strong_heads: Words
    weak_heads: Words
    trailing_actions: Words
    certification_heads: Words
    office_awards: Words
    certification_levels: Words
    certification_grades: Words
    kind_by_suffix: tuple[tuple[str, str], ...]
    name_columns: Words
    list_cues: Words
    quote_extension_heads: Words
    service_heads: Words
    kind_suffixes: Words


class OrganizationWords(_Data):
    suffixes: Words
    ambiguous_suffixes: Words
    attached_bodies: Words
    kind_by_suffix: dict[str, str]
    role_nouns: Words


class CompanyWords(_Data):
    markers: Words
    firm_classifiers: Words
    body_classifiers: Words
    firm_suffixes: Words
    firm_latin_suffixes: Words
    firm_labels: Words


class QuotedWords(_Data):
    classifiers: Words
    object_verbs: Words
    place_verbs: Words
    relative_verbs: Words
    apposition_heads: Words
    count_verbs: Words
    document_heads: Words
    certified_as: Words
    category_nouns: Words
    procedure_words: Words


class FirmClassifierWords(_Data):
    strong: Words
    weak: Words


class BudgetTableWords(_Data):
    money_columns: Words
    first_columns: Words
    not_programs: Words


class PlaceWords(_Data):
    countries: str
    body_endings: str
    city_endings: str


class Lexicon(_Data):
    """lexicon.toml: the words entity recognition reads. The properties give the forms the code
    compares with (sets, longest first); tests/extract/test_data_files.py checks every word list is read."""

    person: PersonWords
    generic_words: GenericWords = Field(alias="generic")
    program: ProgramWords
    organization: OrganizationWords
    company: CompanyWords
    quoted: QuotedWords
    firm_classifier: FirmClassifierWords
    budget_table: BudgetTableWords
    place: PlaceWords

    @cached_property
    def countries(self) -> frozenset[str]:
        return frozenset(self.place.countries.split())

    @cached_property
    def body_endings(self) -> tuple[str, ...]:
        return _longest_first(self.place.body_endings.split())

    @cached_property
    def surnames(self) -> frozenset[str]:
        return frozenset(self.person.surnames)

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return _longest_first(self.person.titles)

    @cached_property
    def compound_titles(self) -> tuple[str, ...]:
        return _longest_first(self.person.compound_titles)

    @cached_property
    def weak_titles(self) -> frozenset[str]:
        return frozenset(self.person.weak_titles)

    @cached_property
    def council_titles(self) -> frozenset[str]:
        return frozenset(self.person.council_titles)

    @cached_property
    def press_titles(self) -> frozenset[str]:
        return frozenset(self.person.press_titles)

    @cached_property
    def not_names(self) -> frozenset[str]:
        return frozenset(self.person.not_names)

    @cached_property
    def generic(self) -> frozenset[str]:
        return frozenset(w.replace(" ", "") for w in self.generic_words.words)

    @cached_property
    def leading(self) -> frozenset[str]:
        return frozenset(self.generic_words.leading_modifiers)

    @cached_property
    def heads(self) -> tuple[str, ...]:
        return _longest_first(self.program.heads)

    @cached_property
    def strong_heads(self) -> frozenset[str]:
        return frozenset(self.program.strong_heads)

    @cached_property
    def weak_heads(self) -> frozenset[str]:
        return frozenset(self.program.weak_heads)

    @cached_property
    def trailing(self) -> frozenset[str]:
        return frozenset(self.program.trailing_actions)

    @cached_property
    def cert_heads(self) -> tuple[str, ...]:
        return _longest_first(self.program.certification_heads)

    @cached_property
    def cert_levels(self) -> frozenset[str]:
        return frozenset(self.program.certification_levels)

    @cached_property
    def org_suffixes(self) -> tuple[str, ...]:
        return _longest_first(self.organization.suffixes)

    @cached_property
    def ambiguous_org_suffixes(self) -> frozenset[str]:
        return frozenset(self.organization.ambiguous_suffixes)

    @cached_property
    def org_kinds(self) -> dict[str, str]:
        return dict(self.organization.kind_by_suffix)

    @cached_property
    def firm_classifiers(self) -> frozenset[str]:
        return frozenset(self.company.firm_classifiers)

    @cached_property
    def firm_suffixes(self) -> frozenset[str]:
        return frozenset(self.company.firm_suffixes)

    @cached_property
    def firm_labels(self) -> frozenset[str]:
        return frozenset(self.company.firm_labels)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.model_validate(load_toml("lexicon"))


# --------------------------------------------------------------------------- boilerplate.toml


class BoilerplateLines(_Data):
    patterns: tuple[str, ...]


class Boilerplate(_Data):
    lines: BoilerplateLines


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    return Boilerplate.model_validate(load_toml("boilerplate"))


class NationalProgram(_Data):
    names: tuple[str, ...]
    owner: str


class NationalPrograms(_Data):
    """national_programs.toml: national programs and the body that runs each."""

    program: tuple[NationalProgram, ...]


@lru_cache(maxsize=1)
def national_programs() -> NationalPrograms:
    return NationalPrograms.model_validate(load_toml("national_programs"))
