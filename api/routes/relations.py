from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from citykg.api import service
from citykg.api.deps import PageParams, Store
from citykg.api.models import Relations, error_responses
from citykg.extract.records import RelationType

router = APIRouter(tags=["relations"])

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("/relations", response_model=Relations, responses=error_responses(422, 503))
def relations(
    store: Store,
    page: PageParams,
    type: Annotated[
        RelationType | None, Query(description="Relationship type.", examples=["SELECTED"])
    ] = None,
    since: Annotated[
        str | None,
        Query(pattern=DATE, description="Seen on or after (YYYY, YYYY-MM or YYYY-MM-DD).", examples=["2018"]),
    ] = None,
    until: Annotated[
        str | None,
        Query(
            pattern=DATE, description="First seen on or before (whole period included).", examples=["2020"]
        ),
    ] = None,
) -> dict:
    """Relations between entities whose [first_seen, last_seen] overlaps [since, until], oldest first."""
    return service.list_relations(store, type, since, until, limit=page.limit, offset=page.offset)
