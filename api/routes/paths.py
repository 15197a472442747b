from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from citykg.api import service
from citykg.api.deps import Store
from citykg.api.models import Paths, error_responses

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=Paths, responses=error_responses(404, 422, 503))
def paths(
    store: Store,
    source: Annotated[
        str,
        Query(
            min_length=1,
            description="Entity id, or a name/alias (exact match first, then the best search hit).",
            openapi_examples={"name": {"summary": "by name", "value": "국토교통부"}},
        ),
    ],
    target: Annotated[
        str,
        Query(min_length=1, description="Entity id or name.", openapi_examples={"name": {"value": "LG CNS"}}),
    ],
    max_hops: Annotated[
        int, Query(ge=1, le=6, description="Longest path to look for (1-6).", examples=[4])
    ] = 4,
    limit: Annotated[int, Query(ge=1, le=50, description="How many paths at most.", examples=[5])] = 5,
) -> dict:
    """Shortest undirected paths between two entities (documents left out), shortest first; each hop in the
    direction it is stored, with its evidence."""
    return service.find_paths(store, source, target, max_hops=max_hops, limit=limit)
