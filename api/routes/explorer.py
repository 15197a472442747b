"""The explorer page at `/` and its static files at `/static` (scripts, styles, fonts: no CDN).

The page is plain HTML/CSS/JS over the same REST endpoints dashboards use (and so over the same
`service` functions); its libraries are vendored from npm into `api/static/vendor` (`make web`).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
def page() -> FileResponse:
    # no-cache: a new version of the page is picked up on reload (its assets are revalidated by ETag)
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
