"""The JSON Lines contract of ONTOLOGY.md as pydantic models.

`extract` writes `DocumentRecord`s; `graph` loads them; the API returns them. Extra fields are
allowed on documents (the contract may be extended) but the core fields are validated.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

EntityType = Literal["Ministry", "City", "Program", "Company", "Organization", "Certification", "Person"]
RelationType = Literal[
    "LEADS",
    "PARTICIPATES_IN",
    "IMPLEMENTED_IN",
    "PART_OF",
    "SELECTED",
    "CERTIFIED",
    "ISSUED_BY",
    "FUNDS",
    "PARTNERS_WITH",
    "WORKS_FOR",
]
ENTITY_TYPES: tuple[str, ...] = EntityType.__args__  # type: ignore[attr-defined]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]

# The ontology's type hierarchy, defined once: bodies act (lead, partner, employ); government bodies
# (not firms) also select and fund.
BODIES = frozenset({"Ministry", "City", "Organization", "Company"})
GOVERNMENT = frozenset({"Ministry", "City", "Organization"})
# The relation table of ONTOLOGY.md: type -> (allowed source labels, allowed target labels).
RELATION_SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "LEADS": (BODIES, frozenset({"Program"})),
    "PARTICIPATES_IN": (BODIES | {"Person"}, frozenset({"Program"})),
    "IMPLEMENTED_IN": (frozenset({"Program"}), frozenset({"City"})),
    "PART_OF": (
        frozenset({"Program", "City", "Organization"}),
        frozenset({"Program", "City", "Organization", "Ministry"}),
    ),
    "SELECTED": (
        GOVERNMENT,
        frozenset({"City", "Company", "Organization", "Program"}),
    ),
    "CERTIFIED": (frozenset({"City", "Company", "Organization", "Program"}), frozenset({"Certification"})),
    "ISSUED_BY": (frozenset({"Certification"}), frozenset({"Ministry", "Organization", "Company"})),
    "FUNDS": (GOVERNMENT, frozenset({"Program"})),
    "PARTNERS_WITH": (BODIES, BODIES),
    "WORKS_FOR": (frozenset({"Person"}), BODIES),
}
# PART_OF links only these (source, target) pairs: a program in a program, a 구 in its city, a body
# in another body, a city or a ministry.
PART_OF_PAIRS = frozenset(
    {
        ("Program", "Program"),
        ("City", "City"),
        ("Organization", "Organization"),
        ("Organization", "City"),
        ("Organization", "Ministry"),
    }
)


class Span(BaseModel):
    """A character span of the document's plain text; `text == plain_text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be after start {self.start}")
        return self


class Entity(BaseModel):
    id: str = Field(min_length=1)
    type: EntityType
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)
    mentions: list[Span] = Field(min_length=1)


class Relation(BaseModel):
    source: str
    type: RelationType
    target: str
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    properties: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Span] = Field(min_length=1)


class DocumentRecord(BaseModel):
    """One line of `citykg extract` output."""

    model_config = ConfigDict(extra="allow")

    doc_id: str = Field(min_length=1)
    source: str
    title: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    publisher: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ends_are_entities(self) -> DocumentRecord:
        ids = {e.id for e in self.entities}
        for r in self.relations:
            if r.source not in ids or r.target not in ids:
                raise ValueError(f"relation {r.source} -{r.type}-> {r.target}: an end is not among the entities")
        if self.publisher is not None and self.publisher not in ids:
            raise ValueError(f"publisher {self.publisher!r} is not among the entities")
        return self

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=False)
