"""The FastAPI application: `create_app(store=None, settings=None)`.

With no store given, the lifespan opens the configured one (StoreSettings.from_env) and closes it
on shutdown; if it cannot be opened the API still starts and answers 503 until it is fixed.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from citykg.api.config import ApiSettings
from citykg.api.errors import install_error_handlers
from citykg.api.fastlane import HotReads
from citykg.api.limits import BodyLimit
from citykg.api.routes import cypher, documents, entities, evidence, explorer, health, paths, queries, relations, stats
from citykg.graph.store import GraphStore, StoreError

log = logging.getLogger("citykg.api")

DESCRIPTION = """\
A knowledge graph of Korean smart-city policy: ministries, cities, programs, companies,
organizations, certifications and people, and the relations documents state between them.
Every edge carries its evidence (document, sentence, offsets, date).

Every error has the same body: `{"error": {"code", "message", "detail"}}`.
"""


def create_app(store: GraphStore | None = None, settings: ApiSettings | None = None) -> FastAPI:
    settings = settings or ApiSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            if app.state.store is None:
                from citykg.graph.config import StoreSettings
                from citykg.graph.connect import open_store

                try:
                    app.state.store = stack.enter_context(open_store(StoreSettings.from_env()))
                except StoreError as e:
                    log.error("citykg: cannot open the graph store: %s (the API answers 503)", e)
            try:
                yield
            finally:
                if app.state.store is not None:  # async connections belong to this loop: close them on it
                    await app.state.store.aclose()
                if stack:
                    app.state.store = None

    app = FastAPI(
        title="citykg",
        version="0.1.0",
        summary="Query the Korean smart-city policy graph",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.add_middleware(HotReads)  # the innermost: CORS and the body limit apply to what it answers
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    install_error_handlers(app)
    # evidence before documents: its /documents/{id}/text must match before /documents/{id:path}
    for module in (health, entities, paths, relations, evidence, documents, stats, queries, cypher):
        app.include_router(module.router)
    explorer.mount(app)  # the page at /, its files at /static
    document_limits(app, settings)
    return app


def document_limits(app: FastAPI, settings: ApiSettings) -> None:
    """Write the configured caps into /openapi.json: `limit` is at most CITYKG_MAX_LIMIT (the route
    declarations cannot know it, it is read at start)."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, summary=app.summary, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            for item in schema.get("paths", {}).values():
                for op in item.values():
                    for param in op.get("parameters", []) if isinstance(op, dict) else []:
                        if param.get("name") == "limit":
                            _cap(param.get("schema", {}), settings.max_limit)
            for model in schema.get("components", {}).get("schemas", {}).values():
                limit = model.get("properties", {}).get("limit")
                if limit is not None and "Request" in str(model.get("title", "")):
                    _cap(limit, settings.max_limit)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _cap(schema: dict, maximum: int) -> None:
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "integer":
            option["maximum"] = min(option.get("maximum", maximum), maximum)
