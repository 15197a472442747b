"""Store configuration from the environment (and CLI flags that override it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Backend = Literal["embedded", "neo4j"]


def default_data_dir() -> Path:
    """Per-user data dir: $XDG_DATA_HOME/citykg, else ~/.local/share/citykg."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "citykg"


@dataclass
class StoreSettings:
    backend: Backend = "embedded"
    data_dir: Path = field(default_factory=default_data_dir)
    graph_name: str = "citykg"
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> StoreSettings:
        env = os.environ
        backend = env.get("CITYKG_STORE", "embedded").strip().lower() or "embedded"
        if backend not in ("embedded", "neo4j"):
            raise ValueError(f"CITYKG_STORE must be 'embedded' or 'neo4j', not {backend!r}")
        s = cls(
            backend=backend,  # type: ignore[arg-type]
            data_dir=Path(env["CITYKG_DATA_DIR"]).expanduser() if env.get("CITYKG_DATA_DIR") else default_data_dir(),
            graph_name=env.get("CITYKG_GRAPH", "citykg"),
            neo4j_uri=env.get("NEO4J_URI", "bolt://localhost:7687"),
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE") or None,
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, Path(v).expanduser() if k == "data_dir" else v)
        return s
