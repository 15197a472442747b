from __future__ import annotations

from fastapi import APIRouter

from citykg.api import service
from citykg.api.deps import Settings, Store, check_limit
from citykg.api.limits import cap_rows
from citykg.api.models import CypherRequest, QueryResult, error_responses

router = APIRouter(tags=["cypher"])


def result(
    rows: list[dict], truncated: bool, rewrites: list[str] | None = None, max_bytes: int | None = None
) -> dict:
    columns = list(rows[0].keys()) if rows else []
    if max_bytes is not None:
        rows, cut = cap_rows(rows, max_bytes)
        truncated = truncated or cut
    return {"columns": columns, "rows": rows, "truncated": truncated, "rewrites": rewrites or []}


@router.post("/cypher", response_model=QueryResult, responses=error_responses(400, 403, 413, 422, 503, 504))
def cypher(store: Store, settings: Settings, body: CypherRequest) -> dict:
    """Run read-only Cypher with a row cap, a size cap and a time limit (CITYKG_QUERY_TIMEOUT_MS).

    Past the time limit the store stops the query and the answer is 504 naming the limit; a query
    needing more memory than the store allows one query is refused with 422.

    Any write (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, write procedures...) is
    refused with 403; the store runs the query in its read-only mode, so nothing can change the graph.
    Neo4j-style constructs the embedded store runs in another form (shortestPath in MATCH, EXISTS { },
    COUNT { }, =~ ...) are rewritten and listed in `rewrites`; one it cannot run is a 400 whose message
    names it and shows the form that works (cypher/README.md).
    """
    limit = check_limit(body.limit, settings, ("body", "limit")) if body.limit else settings.max_limit
    rewrites: list[str] = []
    rows, truncated = service.run_readonly_page(
        store, body.query, body.params, limit=limit, timeout_ms=settings.query_timeout_ms, rewrites=rewrites
    )
    return result(rows, truncated, rewrites, settings.max_response_bytes)
