"""Evidence of one relation, a page at a time, and the text of the document it comes from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from citykg.api import service
from citykg.api.deps import PageParams, Store
from citykg.api.models import error_responses
from citykg.extract.records import RelationType

router = APIRouter(tags=["evidence"])


class EvidenceItem(BaseModel):
    doc_id: str | None
    start: int | None = Field(description="Offset of the sentence in the document's text.")
    end: int | None
    text: str | None = Field(description="The sentence that states the relation.")
    date: str | None
    title: str | None = Field(description="The document's title.")
    publisher: str | None = Field(description="Who published the document (name).")
    rule: str | None = Field(None, description="The extraction rule that found the relation in this sentence.")
    confidence: float | None = Field(None, description="The extractor's confidence in this document.")


class EvidencePage(BaseModel):
    items: list[EvidenceItem]
    total: int = Field(description="How many evidence sentences the relation has in all.")
    next_offset: int | None = Field(description="Offset of the next page, null on the last page.")


class DocumentText(BaseModel):
    doc_id: str
    title: str | None
    date: str | None
    publisher: str | None
    source: str | None
    text: str | None = Field(description="The document's plain text; evidence and mention offsets index it.")
    text_unavailable: str | None = Field(description="Why `text` is null (file gone, changed, not a file).")


_ID = {"ministry": {"summary": "an entity id", "value": "ministry:국토교통부"}}


@router.get("/evidence", response_model=EvidencePage, responses=error_responses(404, 422, 503))
def evidence(
    store: Store,
    page: PageParams,
    source: Annotated[
        str, Query(min_length=1, description="Id of the relation's source entity.", openapi_examples=_ID)
    ],
    type: Annotated[RelationType, Query(description="The relation type.", examples=["LEADS"])],
    target: Annotated[
        str,
        Query(
            min_length=1,
            description="Id of the relation's target entity.",
            openapi_examples={"city": {"value": "city:세종특별자치시"}},
        ),
    ],
) -> dict:
    """All evidence sentences of `source -[type]-> target` (edges elsewhere carry a sample), oldest first,
    each with its document's title, date and publisher."""
    return service.edge_evidence(store, source, type, target, limit=page.limit, offset=page.offset)


@router.get("/documents/{doc_id:path}/text", response_model=DocumentText, responses=error_responses(404, 503))
def document_text(
    store: Store,
    doc_id: Annotated[
        str,
        Path(
            description="The document's id, as in GET /documents.",
            openapi_examples={"sample": {"summary": "a sample document", "value": "doc:003_5d2136c12be6bee6.txt"}},
        ),
    ],
) -> dict:
    """The document's plain text, read again from the file it was loaded from, so that an evidence span
    (`start`, `end`) can be read in place. Null, with the reason, when that file is gone or has changed."""
    return service.document_text(store, doc_id)
