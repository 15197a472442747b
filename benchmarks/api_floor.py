"""The floor apps of benchmarks/api.py: what the client and uvicorn cost without citykg's routes
(their own module, so that uvicorn's worker processes import them by name: `api_floor:bare_app`)."""

from __future__ import annotations

from collections.abc import Callable

FLOOR_BODY = b'{"status":"ok"}'
FLOOR_APPS = {"bare": "uvicorn + client alone (bare ASGI app)", "citykg": "citykg app + a constant JSON route"}


async def bare_app(scope: dict, receive: Callable, send: Callable) -> None:
    """An ASGI app that answers every request with FLOOR_BODY: what uvicorn and the client cost."""
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(FLOOR_BODY)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": FLOOR_BODY})


def citykg_floor_app() -> object:
    """citykg's app (store from the environment, same middleware and error handlers) with one more
    route, GET /_floor, that answers FLOOR_BODY without touching the store."""
    from starlette.responses import Response

    from citykg.api.app import create_app

    app = create_app()

    @app.get("/_floor", include_in_schema=False)
    async def floor() -> Response:
        return Response(FLOOR_BODY, media_type="application/json")

    return app
