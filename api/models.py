"""Pydantic models of the API's request and response bodies (they make the OpenAPI docs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from citykg.extract.records import EntityType, RelationType

# --------------------------------------------------------------------------- errors


class ErrorInfo(BaseModel):
    code: str = Field(
        description="Machine-readable: not_found, validation_error, read_only, unauthorized, ..."
    )
    message: str = Field(description="What went wrong and what to do, in one sentence.")
    detail: Any = Field(default=None, description="Structured detail, e.g. the list of invalid parameters.")


class ErrorResponse(BaseModel):
    """The one shape of every error response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"error": {"code": "not_found", "message": "no entity with id 'city:없는시'", "detail": None}}
            ]
        }
    )
    error: ErrorInfo


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Bad query or parameters",
        401: "Missing or wrong X-API-Key",
        403: "Refused (read-only, or writes disabled)",
        404: "Not found",
        413: "Request body or result too large (the message names the limit)",
        415: "Unsupported media type",
        422: "Invalid parameters",
        503: "Store unavailable",
        504: "Query timed out",
    }
    return {c: {"model": ErrorResponse, "description": descriptions.get(c, "Error")} for c in codes}


# --------------------------------------------------------------------------- shared pieces


class EntityRef(BaseModel):
    id: str | None
    name: str | None
    type: str | None = None


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    date: str | None = None


class Edge(BaseModel):
    """A relationship with its stated properties and its provenance."""

    type: str | None
    properties: dict[str, Any] = Field(
        default_factory=dict, description="role, amount_krw, level, year, date ..."
    )
    confidence: float | None = None
    count: int | None = Field(default=None, description="How many documents state the relation.")
    first_seen: str | None = None
    last_seen: str | None = None
    docs: list[str] = Field(default_factory=list, description="The documents of the evidence shown.")
    evidence: list[Evidence] = Field(
        default_factory=list,
        description="A sample (at most 3 sentences; a document's own on GET /documents/{id}); "
        "GET /evidence pages through all of them.",
    )


class Page(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(description="Offset of the next page, null on the last page.")


# --------------------------------------------------------------------------- health and stats


class Health(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"status": "ok", "backend": "falkordb", "nodes": 412, "relationships": 1290}]
        }
    )
    status: Literal["ok"]
    backend: str
    nodes: int
    relationships: int


class RankedEntity(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    name: str | None
    type: str | None


class Stats(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "nodes": 412,
                    "relationships": 1290,
                    "labels": {"Entity": 407, "Document": 5, "City": 120},
                    "relationship_types": {"MENTIONS": 600, "LEADS": 40},
                    "documents_per_year": {"2016": 2, "2017": 1},
                    "relations_per_year": {"2016": 80},
                    "top_by_degree": [
                        {"id": "ministry:국토교통부", "name": "국토교통부", "type": "Ministry", "degree": 31}
                    ],
                    "top_by_pagerank": [
                        {
                            "id": "ministry:국토교통부",
                            "name": "국토교통부",
                            "type": "Ministry",
                            "pagerank": 0.071,
                        }
                    ],
                }
            ]
        }
    )
    nodes: int
    relationships: int
    labels: dict[str, int]
    relationship_types: dict[str, int]
    documents_per_year: dict[str, int]
    relations_per_year: dict[str, int]
    top_by_degree: list[RankedEntity]
    top_by_pagerank: list[RankedEntity]


# --------------------------------------------------------------------------- entities


class EntityHit(BaseModel):
    id: str
    name: str | None
    type: str | None
    aliases: list[str] = Field(default_factory=list)
    score: float | None = None


class EntitySearch(Page):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "q": "세종",
                    "items": [
                        {
                            "id": "city:세종특별자치시",
                            "name": "세종특별자치시",
                            "type": "City",
                            "aliases": ["세종시", "세종"],
                            "score": 0.9,
                        }
                    ],
                    "limit": 20,
                    "offset": 0,
                    "next_offset": None,
                }
            ]
        }
    )
    q: str | None
    items: list[EntityHit]


class Mention(BaseModel):
    model_config = ConfigDict(extra="allow")
    start: int | None = None
    end: int | None = None
    text: str | None = None


class MentioningDocument(BaseModel):
    id: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    mentions: list[Mention] = Field(default_factory=list)


class EntityDetail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ministry:국토교통부",
                    "name": "국토교통부",
                    "type": "Ministry",
                    "aliases": ["국토부"],
                    "properties": {"kind": "ministry"},
                    "degree": 31,
                    "documents": [
                        {
                            "id": "doc:f82c40c1",
                            "title": "스마트시티 로드맵",
                            "date": "2016-03-01",
                            "source": "x.txt",
                            "mentions": [{"start": 10, "end": 15, "text": "국토교통부"}],
                        }
                    ],
                }
            ]
        }
    )
    id: str
    name: str | None
    type: str | None
    aliases: list[str]
    properties: dict[str, Any]
    degree: int = Field(description="Relationships to other entities (documents not counted).")
    documents: list[MentioningDocument]


class NeighborEdge(Edge):
    direction: Literal["in", "out"]
    neighbor: EntityRef


class Neighbors(Page):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ministry:국토교통부",
                    "edges": [
                        {
                            "type": "LEADS",
                            "direction": "out",
                            "neighbor": {
                                "id": "program:스마트시티 챌린지",
                                "name": "스마트시티 챌린지",
                                "type": "Program",
                            },
                            "properties": {},
                            "confidence": 0.8,
                            "count": 2,
                            "first_seen": "2019-01-10",
                            "last_seen": "2020-10-05",
                            "docs": ["doc:1"],
                            "evidence": [
                                {
                                    "doc_id": "doc:1",
                                    "start": 120,
                                    "end": 180,
                                    "text": "국토교통부는 스마트시티 챌린지 사업을 추진한다.",
                                    "date": "2019-01-10",
                                }
                            ],
                        }
                    ],
                    "limit": 50,
                    "offset": 0,
                    "next_offset": None,
                }
            ]
        }
    )
    id: str
    edges: list[NeighborEdge]


# --------------------------------------------------------------------------- paths and relations


class Hop(Edge):
    source: EntityRef | None
    target: EntityRef | None


class GraphPath(BaseModel):
    length: int
    hops: list[Hop]


class Paths(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "source": {"id": "ministry:국토교통부", "name": "국토교통부", "type": "Ministry"},
                    "target": {"id": "company:lg-cns", "name": "LG CNS", "type": "Company"},
                    "max_hops": 4,
                    "paths": [
                        {
                            "length": 2,
                            "hops": [
                                {
                                    "type": "LEADS",
                                    "source": {
                                        "id": "ministry:국토교통부",
                                        "name": "국토교통부",
                                        "type": "Ministry",
                                    },
                                    "target": {
                                        "id": "program:국가시범도시",
                                        "name": "스마트시티 국가시범도시",
                                        "type": "Program",
                                    },
                                    "evidence": [
                                        {
                                            "doc_id": "doc:1",
                                            "start": 0,
                                            "end": 40,
                                            "text": "...",
                                            "date": "2020-10",
                                        }
                                    ],
                                },
                                {
                                    "type": "PARTICIPATES_IN",
                                    "source": {"id": "company:lg-cns", "name": "LG CNS", "type": "Company"},
                                    "target": {
                                        "id": "program:국가시범도시",
                                        "name": "스마트시티 국가시범도시",
                                        "type": "Program",
                                    },
                                    "evidence": [],
                                },
                            ],
                        }
                    ],
                }
            ]
        }
    )
    source: EntityRef
    target: EntityRef
    max_hops: int
    paths: list[GraphPath]


class RelationItem(Edge):
    source: EntityRef
    target: EntityRef


class Relations(Page):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "type": "CERTIFIED",
                            "source": {"id": "city:김해시", "name": "김해시", "type": "City"},
                            "target": {
                                "id": "certification:스마트도시 인증",
                                "name": "스마트도시 인증",
                                "type": "Certification",
                            },
                            "properties": {"year": 2021},
                            "first_seen": "2021-12-01",
                            "last_seen": "2021-12-01",
                            "docs": ["doc:3"],
                            "evidence": [],
                        }
                    ],
                    "limit": 50,
                    "offset": 0,
                    "next_offset": None,
                }
            ]
        }
    )
    items: list[RelationItem]


# --------------------------------------------------------------------------- documents


class DocumentSummary(BaseModel):
    id: str
    source: str | None = None
    title: str | None = None
    date: str | None = None
    publisher: Any = None
    properties: dict[str, Any] = Field(default_factory=dict)
    entity_count: int | None = None


class Documents(Page):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "doc:f82c40c1",
                            "source": "data/samples/000.txt",
                            "title": "광산스마트시티 기본계획",
                            "date": "2019-05",
                            "publisher": "city:광주광역시 광산구",
                            "properties": {},
                            "entity_count": 21,
                        }
                    ],
                    "limit": 50,
                    "offset": 0,
                    "next_offset": None,
                }
            ]
        }
    )
    items: list[DocumentSummary]


class DocumentEntity(BaseModel):
    id: str
    name: str | None
    type: str | None
    mentions: list[Mention] = Field(default_factory=list)


class DocumentDetail(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "doc:f82c40c1",
                    "source": "data/samples/000.txt",
                    "title": "광산스마트시티 기본계획",
                    "date": "2019-05",
                    "publisher": {
                        "id": "city:광주광역시 광산구",
                        "name": "광주광역시 광산구",
                        "type": "City",
                    },
                    "properties": {},
                    "entities": [
                        {
                            "id": "city:광주광역시 광산구",
                            "name": "광주광역시 광산구",
                            "type": "City",
                            "mentions": [{"start": 310, "end": 313, "text": "광산구"}],
                        }
                    ],
                    "relations": [],
                }
            ]
        }
    )
    id: str
    source: str | None = None
    title: str | None = None
    date: str | None = None
    publisher: EntityRef | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    entities: list[DocumentEntity]
    relations: list[RelationItem]


class DocumentIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "국토교통부는 세종특별자치시와 함께 스마트시티 국가시범도시 사업을 추진한다.",
                    "title": "국가시범도시 추진",
                    "date": "2018-01-29",
                }
            ]
        }
    )
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    source: str | None = Field(default=None, max_length=2000, description="Where the text comes from (URL or name).")

    @field_validator("text", "title", "source")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("contains NUL characters (\\u0000): send plain text")
        return value


class ExtractedEntity(BaseModel):
    id: str
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class ExtractedRelation(BaseModel):
    source: str
    type: RelationType
    target: str
    confidence: float | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Mention] = Field(default_factory=list)


class AddedDocument(BaseModel):
    doc_id: str
    source: str | None
    title: str | None
    date: str | None
    publisher: str | None
    entities: list[ExtractedEntity]
    relations: list[ExtractedRelation]


class IngestResult(BaseModel):
    document: AddedDocument
    load: Any = Field(default=None, description="The loader's summary.")
    nodes_added: int
    relationships_added: int


# --------------------------------------------------------------------------- Cypher and named queries


class CypherRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "MATCH (m:Ministry)-[:LEADS]->(p:Program) WHERE m.name = $name "
                    "RETURN p.name AS program LIMIT 10",
                    "params": {"name": "국토교통부"},
                }
            ]
        }
    )
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(
        default=None, ge=1, strict=True, description="Row cap (at most the server's CITYKG_MAX_LIMIT)."
    )


class QueryResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"columns": ["program"], "rows": [{"program": "스마트시티 챌린지 사업"}], "truncated": False}
            ]
        }
    )
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="True when rows were cut at the row cap.")
    rewrites: list[str] = Field(
        default_factory=list,
        description="Neo4j-style constructs rewritten to a form the store runs (see cypher/README.md).",
    )


class NamedQueryParam(BaseModel):
    name: str
    type: str
    default: Any = None
    example: Any = None
    description: str = ""
    required: bool = False


class NamedQueryInfo(BaseModel):
    name: str
    title: str
    description: str
    params: list[NamedQueryParam]
    returns: list[str]
    example: str
    dialects: list[str] = Field(description="'portable' and/or store-specific variants (falkordb, neo4j).")


class NamedQueryList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "name": "ministry_programs",
                            "title": "Programs a ministry leads",
                            "description": "Answers: ...",
                            "returns": ["program", "kind", "docs"],
                            "params": [
                                {
                                    "name": "ministry",
                                    "type": "string",
                                    "default": "국토교통부",
                                    "example": "국토교통부",
                                    "description": "Name, alias or id",
                                    "required": False,
                                }
                            ],
                            "example": 'citykg query "$(cat cypher/queries/ministry_programs.cypher)" '
                            "--param ministry=국토교통부",
                            "dialects": ["portable"],
                        }
                    ]
                }
            ]
        }
    )
    items: list[NamedQueryInfo]


class NamedQueryRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"params": {"ministry": "국토교통부"}}]})
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int | None = Field(default=None, ge=1, strict=True)  # strict: `true` is not a row cap


class NamedQueryResult(QueryResult):
    name: str
    params: dict[str, Any]
