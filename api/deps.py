"""Request dependencies: the store, the settings, paging with the configured cap, the API key."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.exceptions import RequestValidationError

from citykg.api.config import ApiSettings
from citykg.api.errors import ApiError
from citykg.graph.store import GraphStore, StoreError

# Dependencies are `async def` because they do not block: FastAPI runs a sync dependency in the
# thread pool, one hop per dependency per request, which is most of the API's fixed cost.


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


async def get_store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("the graph store is not open; check `citykg store status` and the server log")
    return store


Store = Annotated[GraphStore, Depends(get_store)]
Settings = Annotated[ApiSettings, Depends(get_settings)]


def check_limit(limit: int | None, settings: ApiSettings, loc: tuple[str, ...] = ("query", "limit")) -> int:
    """The limit to use; above the configured cap is a 422 like any other bad parameter."""
    if limit is None:
        return settings.default_limit
    if limit > settings.max_limit:
        raise RequestValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": loc,
                    "msg": f"Input should be less than or equal to {settings.max_limit} (CITYKG_MAX_LIMIT)",
                    "input": limit,
                }
            ]
        )
    return limit


@dataclass
class Paging:
    limit: int
    offset: int


Limit = Annotated[
    int | None, Query(ge=1, description="Page size (default 50, at most CITYKG_MAX_LIMIT).", examples=[20])
]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.", examples=[0])]


async def paging(settings: Settings, limit: Limit = None, offset: Offset = 0) -> Paging:
    return Paging(limit=check_limit(limit, settings), offset=offset)


PageParams = Annotated[Paging, Depends(paging)]


def hot(request: Request, limit: int | None = None, offset: int = 0) -> tuple[GraphStore, Paging]:
    """The store and the page of a hot read route, without FastAPI's dependency machinery (three
    dependencies cost about a tenth of a millisecond a request): the route declares `limit: Limit`
    and `offset: Offset` itself, so its parameters and their documentation stay those of PageParams."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("the graph store is not open; check `citykg store status` and the server log")
    return store, Paging(limit=check_limit(limit, request.app.state.settings), offset=offset)


async def require_api_key(
    settings: Settings,
    x_api_key: Annotated[str | None, Header(description="The key configured in CITYKG_API_KEY.")] = None,
) -> None:
    if not settings.api_key:
        raise ApiError(
            403,
            "writes_disabled",
            "writes are disabled on this server: set CITYKG_API_KEY to enable POST /documents",
        )
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise ApiError(401, "unauthorized", "missing or wrong X-API-Key header")
