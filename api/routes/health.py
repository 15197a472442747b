from __future__ import annotations

from fastapi import APIRouter

from citykg.api.deps import Store
from citykg.api.errors import ApiError
from citykg.api.models import Health, error_responses
from citykg.graph.store import StoreError

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses=error_responses(503))
def health(store: Store) -> dict:
    """Whether the store answers, which backend it is, and how big the graph is (503 when it is down)."""
    try:
        counts = store.counts()
    except StoreError as e:
        raise ApiError(503, "store_unavailable", f"the graph store does not answer: {e}") from None
    return {"status": "ok", "backend": store.backend, **counts}
