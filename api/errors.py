"""One error body for every failure: {"error": {"code", "message", "detail"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from citykg.api.queries import ParamError, QueryLibraryError
from citykg.api.service import NotFound
from citykg.graph.store import QueryError, QueryTimeout, QueryTooBig, ReadOnlyViolation, StoreError

log = logging.getLogger("citykg.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    503: "store_unavailable",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail


def error_response(status: int, code: str, message: str, detail: Any = None, headers: dict | None = None):
    body = {"error": {"code": code, "message": message, "detail": jsonable_encoder(detail)}}
    return JSONResponse(status_code=status, content=body, headers=headers)


def _describe_validation(errors: list[dict[str, Any]]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        if loc and loc[0] in ("query", "path", "body", "header"):
            loc = loc[1:]  # where it came from; the name says enough
        where = ".".join(loc) or "request"
        value = e.get("input")
        shown = f" (got {value!r})" if value is not None and not isinstance(value, dict | list) else ""
        parts.append(f"{where}: {e.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "invalid request"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this request's path."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches(request.scope)  # PARTIAL: the path matches, the method does not
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods - {"HEAD"})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError):
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type", "input")} for e in exc.errors()]
        return error_response(422, "validation_error", _describe_validation(errors), errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette lists the methods of the first route on the path only
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return error_response(exc.status_code, _HTTP_CODES.get(exc.status_code, "error"), message, None, headers)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound):
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(ParamError)
    async def _params(_: Request, exc: ParamError):
        return error_response(422, "validation_error", str(exc))

    @app.exception_handler(QueryLibraryError)
    async def _library(_: Request, exc: QueryLibraryError):
        return error_response(500, "query_library", str(exc))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError):
        if isinstance(exc, ReadOnlyViolation):
            return error_response(403, "read_only", str(exc))
        if isinstance(exc, QueryTimeout):
            return error_response(504, "timeout", str(exc))
        if isinstance(exc, QueryTooBig):
            return error_response(422, "query_too_big", str(exc))
        if isinstance(exc, QueryError):
            return error_response(400, "bad_query", str(exc))
        return error_response(503, "store_unavailable", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception):
        log.exception("unhandled error")
        return error_response(500, "internal_error", f"internal error: {type(exc).__name__}")
