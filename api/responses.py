"""A light JSON response for the hot read endpoints.

Their bodies are built by `service` from store rows in the shape of the route's `response_model`,
which stays on the route for the OpenAPI schema; returning this response skips FastAPI's
validation and re-encoding of the body (most of a request's fixed cost) and writes the JSON with
pydantic-core's Rust encoder.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json
from starlette.responses import Response


class FastJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return to_json(content)
