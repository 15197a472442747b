"""The hot reads without FastAPI's routing and parameter solving.

GET /entities, /entities/{id}/neighbors and /entities/{id} are what dashboards call most. FastAPI
solves their four or five query parameters in about 0.12 ms a request here (half again the cost
of the rest of the application stack), which is most of what the API adds to the store's time.

`HotReads` is an ASGI middleware, the innermost one (inside CORS and the body limit), that answers
those requests itself when every query parameter is one the route declares, given once, with a
plain valid value (digits for `limit`/`offset` within their bounds, a listed `type`, a `direction`,
a `q` of 1-200 characters). It builds the body with the same functions as the routes
(`routes/entities.py`) from the same store. Anything else, and any error (an unknown id, a store
that does not answer), goes on to the FastAPI routes, which validate, answer and map errors as for
any request: the routes stay the only definition of the API's behaviour and of its OpenAPI schema.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from citykg.api.responses import FastJSON
from citykg.api.routes import entities
from citykg.extract.records import ENTITY_TYPES, RELATION_TYPES

_PREFIX = "/entities"
_NEIGHBORS = "/neighbors"
_DIRECTIONS = ("in", "out", "both")
_SEARCH_KEYS = frozenset({"q", "type", "limit", "offset"})
_NEIGHBOR_KEYS = frozenset({"type", "direction", "limit", "offset"})
MAX_OFFSET = 1_000_000  # deps.Offset's bound


class HotReads:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(_PREFIX):
            body = await self._answer(scope)
            if body is not None:
                await FastJSON(body)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope) -> Any:
        """The body of a plain valid hot read, or None to leave the request to FastAPI."""
        app = scope.get("app")
        state = getattr(app, "state", None)
        store = getattr(state, "store", None)
        settings = getattr(state, "settings", None)
        if store is None or settings is None or scope.get("root_path"):
            return None
        params = _params(scope["query_string"])
        if params is None:
            return None
        path = scope["path"][len(_PREFIX):]
        try:
            if path == "":
                return await _search(store, settings, params)
            if not path.startswith("/") or len(path) < 2:
                return None
            entity_id = path[1:]
            if entity_id.endswith(_NEIGHBORS):
                entity_id = entity_id[: -len(_NEIGHBORS)]
                return await _neighbors(store, settings, entity_id, params) if entity_id else None
            return await entities.entity_body(store, entity_id) if not params else None
        except Exception:  # noqa: BLE001 - FastAPI answers it again and maps the error as usual
            return None


def _params(query_string: bytes) -> dict[str, str] | None:
    """The query parameters as Starlette reads them, or None if a name comes twice or a value is empty."""
    if not query_string:
        return {}
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    params = dict(pairs)
    if len(params) != len(pairs) or "" in params.values():
        return None
    return params


def _count(value: str | None, low: int, high: int) -> int | None | bool:
    """An integer of plain ASCII digits within [low, high]; None if absent; False if anything else."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or (len(value) > 1 and value[0] == "0") or len(value) > 9:
        return False
    n = int(value)
    return n if low <= n <= high else False


async def _search(store: Any, settings: Any, params: dict[str, str]) -> Any:
    if not params.keys() <= _SEARCH_KEYS:
        return None
    q, label = params.get("q"), params.get("type")
    limit, offset = _count(params.get("limit"), 1, settings.max_limit), _count(params.get("offset"), 0, MAX_OFFSET)
    if (q is not None and len(q) > 200) or (label is not None and label not in ENTITY_TYPES):
        return None
    if limit is False or offset is False:
        return None
    return await entities.search_body(store, q, label, limit or settings.default_limit, offset or 0)


async def _neighbors(store: Any, settings: Any, entity_id: str, params: dict[str, str]) -> Any:
    if not params.keys() <= _NEIGHBOR_KEYS:
        return None
    rel_type, direction = params.get("type"), params.get("direction", "both")
    limit, offset = _count(params.get("limit"), 1, settings.max_limit), _count(params.get("offset"), 0, MAX_OFFSET)
    if (rel_type is not None and rel_type not in RELATION_TYPES) or direction not in _DIRECTIONS:
        return None
    if limit is False or offset is False:
        return None
    limit = limit or settings.default_limit
    return await entities.neighbors_body(store, entity_id, rel_type, direction, limit, offset or 0)
