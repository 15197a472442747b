"""Request and response bounds of the REST API.

- Bodies: at most `max_body_bytes` (CITYKG_MAX_BODY_MB, default 25 MB: a 20 MB upload and its
  multipart framing). A declared Content-Length above it is refused with 413 before any byte is
  read; a chunked body is counted as it streams and refused with 413 as soon as it passes the cap.
- Responses of /cypher and /queries: at most `max_response_bytes` of rows (CITYKG_MAX_RESPONSE_MB,
  default 16 MB) on top of the row cap; rows past it are cut and `truncated` is true.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citykg.api.errors import error_response


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: 413 for a body larger than `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    def _refusal(self, size: str) -> Any:
        mb = self.max_bytes / 2**20
        return error_response(
            413, "too_large", f"the request body ({size}) is larger than this server takes ({mb:.0f} MB, "
            "CITYKG_MAX_BODY_MB); send a smaller document or split it"
        )  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                length = -1
            if length > self.max_bytes:
                await self._refusal(f"{length:,} bytes")(scope, receive, send)
                return
        seen = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._refusal(f"over {self.max_bytes:,} bytes")(scope, receive, send)


def cap_rows(rows: list[dict[str, Any]], max_bytes: int) -> tuple[list[dict[str, Any]], bool]:
    """The leading rows whose JSON fits in `max_bytes`, and whether any were cut."""
    total = 0
    for i, row in enumerate(rows):
        total += len(json.dumps(row, ensure_ascii=False, default=str).encode()) + 1
        if total > max_bytes:
            return rows[:i], True
    return rows, False
