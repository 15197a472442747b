"""API settings from the environment (CITYKG_API_KEY, CITYKG_CORS_ORIGINS, CITYKG_MAX_LIMIT,
CITYKG_QUERY_TIMEOUT_MS, CITYKG_MAX_BODY_MB, CITYKG_MAX_RESPONSE_MB)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _int_env(env: dict[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


@dataclass
class ApiSettings:
    # The key that POST /documents requires in X-API-Key; None refuses every write.
    api_key: str | None = None
    cors_origins: list[str] = field(default_factory=list)
    # Cap on every `limit` parameter and on the rows /cypher and /queries return.
    max_limit: int = 1000
    default_limit: int = 50
    query_timeout_ms: int = 5000
    # Bounds on request bodies and on the rows /cypher and /queries return (see api/limits.py).
    max_body_bytes: int = 25 * 2**20
    max_response_bytes: int = 16 * 2**20

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ApiSettings:
        env = dict(os.environ if env is None else env)
        origins = [o.strip() for o in env.get("CITYKG_CORS_ORIGINS", "").split(",") if o.strip()]
        max_limit = _int_env(env, "CITYKG_MAX_LIMIT", 1000)
        return cls(
            api_key=env.get("CITYKG_API_KEY") or None,
            cors_origins=origins,
            max_limit=max_limit,
            default_limit=min(50, max_limit),
            query_timeout_ms=_int_env(env, "CITYKG_QUERY_TIMEOUT_MS", 5000),
            max_body_bytes=_int_env(env, "CITYKG_MAX_BODY_MB", 25) * 2**20,
            max_response_bytes=_int_env(env, "CITYKG_MAX_RESPONSE_MB", 16) * 2**20,
        )
