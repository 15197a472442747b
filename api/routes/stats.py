from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from citykg.api import service
from citykg.api.deps import Store
from citykg.api.models import Stats, error_responses

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, responses=error_responses(503))
def stats(store: Store, top: Annotated[int, Query(ge=1, le=100, examples=[10])] = 10) -> dict:
    """Counts by label and relationship type, documents and relations per year, and the top entities
    by degree and by PageRank (networkx over the entity graph, documents left out)."""
    return service.graph_stats(store, top=top)
