from __future__ import annotations

from fastapi import APIRouter, Path

from citykg.api import service
from citykg.api.deps import Settings, Store, check_limit
from citykg.api.models import NamedQueryList, NamedQueryRequest, NamedQueryResult, error_responses
from citykg.api.queries import NamedQuery, cached_library, queries_dir
from citykg.api.routes.cypher import result
from citykg.api.service import NotFound

router = APIRouter(prefix="/queries", tags=["queries"])


def library() -> dict[str, NamedQuery]:
    return cached_library(str(queries_dir()))


def info(q: NamedQuery) -> dict:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [vars(p) for p in q.params],
        "returns": q.returns,
        "example": q.example,
        "dialects": sorted(q.files),
    }


@router.get("", response_model=NamedQueryList)
def list_queries() -> dict:
    """The named researcher queries of cypher/queries/, with their parameters and an example call."""
    return {"items": [info(q) for q in library().values()]}


@router.post("/{name}", response_model=NamedQueryResult, responses=error_responses(400, 403, 404, 413, 422, 503, 504))
def run_query(
    store: Store,
    settings: Settings,
    body: NamedQueryRequest | None = None,
    name: str = Path(description="A name from GET /queries.", examples=["ministry_programs"]),
) -> dict:
    """Run a named query with `params` (defaults fill the rest); the variant for this store is used."""
    q = library().get(name)
    if q is None:
        raise NotFound(f"no named query {name!r}; GET /queries lists them")
    body = body or NamedQueryRequest()
    params = q.bind(body.params)
    limit = check_limit(body.limit, settings, ("body", "limit")) if body.limit else settings.max_limit
    rows, truncated = service.run_readonly_page(
        store, q.text_for(store.backend), params, limit=limit, timeout_ms=settings.query_timeout_ms
    )
    return {**result(rows, truncated, max_bytes=settings.max_response_bytes), "name": name, "params": params}
