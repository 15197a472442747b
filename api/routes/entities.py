from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from citykg.api import service
from citykg.api.deps import Limit, Offset, hot
from citykg.api.models import EntityDetail, EntitySearch, Neighbors, error_responses
from citykg.api.responses import FastJSON
from citykg.extract.records import EntityType, RelationType
from citykg.graph.store import GraphStore

router = APIRouter(prefix="/entities", tags=["entities"])


@router.get("", response_model=EntitySearch, responses=error_responses(422, 503))
async def search(
    request: Request,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Part of a name or alias (Korean or Latin, any case). Without it: most connected.",
            openapi_examples={
                "city": {"summary": "세종 finds 세종특별자치시", "value": "세종"},
                "alias": {"summary": "an alias: 국토부 finds 국토교통부", "value": "국토부"},
                "latin": {"summary": "a firm", "value": "LG CNS"},
            },
        ),
    ] = None,
    type: Annotated[EntityType | None, Query(description="Only this entity type.", examples=["City"])] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> FastJSON:
    """Entities whose name or an alias contains `q`, best match first (exact name, then prefix, then part)."""
    store, page = hot(request, limit, offset)
    return FastJSON(await search_body(store, q, type, page.limit, page.offset))


async def search_body(store: GraphStore, q: str | None, label: str | None, limit: int, offset: int) -> dict:
    """The body of GET /entities (also answered by fastlane.HotReads)."""
    if q is not None and q.strip():
        rows = await service.asearch_entities(store, q.strip(), label=label, limit=limit + 1, offset=offset)
    else:
        rows = await service.alist_entities(store, label=label, limit=limit + 1, offset=offset)
    items = [
        {
            "id": r["id"],
            "name": r.get("name"),
            "type": r.get("type") or service.entity_type(r.get("labels")),
            "aliases": list(r.get("aliases") or []),
            "score": r.get("score"),
        }
        for r in rows[:limit]
    ]
    return {
        "q": q,
        "items": items,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
    }


_ID_EXAMPLES = {
    "ministry": {"summary": "an id with ':' and Korean (URL-encode it)", "value": "ministry:국토교통부"},
}


@router.get("/{entity_id:path}/neighbors", response_model=Neighbors, responses=error_responses(404, 422, 503))
async def neighbors(
    request: Request,
    entity_id: str,
    type: Annotated[
        RelationType | None, Query(description="Only this relationship type.", examples=["LEADS"])
    ] = None,
    direction: Annotated[
        Literal["in", "out", "both"], Query(description="Edges leaving (out), entering (in) or both.")
    ] = "both",
    limit: Limit = None,
    offset: Offset = 0,
) -> FastJSON:
    """The entity's relationships to other entities, with evidence (document, sentence, offsets, date)."""
    store, page = hot(request, limit, offset)
    return FastJSON(await neighbors_body(store, entity_id, type, direction, page.limit, page.offset))


async def neighbors_body(
    store: GraphStore, entity_id: str, rel_type: str | None, direction: str, limit: int, offset: int
) -> dict:
    """The body of GET /entities/{id}/neighbors (also answered by fastlane.HotReads)."""
    return await service.aneighbors(store, entity_id, rel_type, direction, limit=limit, offset=offset)


@router.get("/{entity_id:path}", response_model=EntityDetail, responses=error_responses(404, 503))
async def get_entity(request: Request, entity_id: str) -> FastJSON:
    """Name, aliases, properties, degree and the documents that mention the entity (with offsets).

    Ids contain ':' and Korean; URL-encode them (`ministry%3A%EA%B5%AD...`) or send them as they are.
    """
    store, _ = hot(request)
    return FastJSON(await entity_body(store, entity_id))


async def entity_body(store: GraphStore, entity_id: str) -> dict:
    """The body of GET /entities/{id} (also answered by fastlane.HotReads)."""
    return await service.aget_entity(store, entity_id)
