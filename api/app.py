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
    return app
