"""The role of a table's columns, from their header cells (words in extract/data/structure.toml)."""

from __future__ import annotations

import re
from functools import lru_cache

from citykg.extract.resources import structure


def _compact(s: str) -> str:
    return re.sub(r"[\s()<>\[\]]", "", s)


@lru_cache(maxsize=256)
def column_roles(header: tuple[str, ...]) -> tuple[str | None, ...]:
    t = structure().table
    out: list[str | None] = []
    for h in header:
        c = _compact(h)
        role = None
        for name, words in (
            ("participant", t.participant),
            ("lead", t.lead),
            ("year", t.year),
            ("money", t.money),
            ("place", t.place),
            ("certification", t.certification),
            ("kind", t.kind),
            ("program", t.program),
        ):
            if any(w.replace(" ", "") in c for w in words):
                role = name
                break
        out.append(role)
    return tuple(out)
