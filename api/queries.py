"""The named query library: cypher/queries/*.cypher with their documented parameters.

Each file starts with a block of `//` comment lines:

    // Programs a ministry leads.
    //
    // Answers: free text, several lines.
    //
    // @param ministry string default="국토교통부" example="국토교통부"  Name, alias or id.
    // @returns program, kind, docs
    // @example citykg query "$(cat cypher/queries/ministry_programs.cypher)" --param ministry=국토교통부

The first line is the title. `default` and `example` are JSON values (a bare word is a string).
A file named `x.falkordb.cypher` or `x.neo4j.cypher` is the variant of `x` for that store.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DIALECTS = ("falkordb", "neo4j")
PARAM_TYPES = {"string": str, "int": int, "float": float, "bool": bool, "list": list}

_PARAM = re.compile(
    r"@param\s+(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)"
    r"(?:\s+default=(?P<default>\"[^\"]*\"|\S+))?"
    r"(?:\s+example=(?P<example>\"[^\"]*\"|\S+))?"
    r"\s*(?P<desc>.*)$"
)


class QueryLibraryError(ValueError):
    """A query file's header is malformed; the message names the file."""


class ParamError(ValueError):
    """Parameters given to a named query are missing, unknown or of the wrong type."""


@dataclass
class QueryParam:
    name: str
    type: str
    default: Any = None
    example: Any = None
    description: str = ""
    required: bool = False


@dataclass
class NamedQuery:
    name: str
    title: str
    description: str
    params: list[QueryParam]
    returns: list[str]
    example: str
    # dialect ("" = portable) -> Cypher text
    texts: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def text_for(self, backend: str) -> str:
        """The variant for this store backend, else the portable text."""
        dialect = dialect_of(backend)
        return self.texts.get(dialect) or self.texts.get("") or next(iter(self.texts.values()))

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters with defaults filled in and values converted to their declared types."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParamError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; it takes: "
                + (", ".join(known) or "no parameters")
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                out[p.name] = _convert(self.name, p, given[p.name])
            elif p.required:
                raise ParamError(
                    f"query {self.name!r} needs parameter {p.name!r} ({p.type}), e.g. {p.example!r}"
                )
            else:
                out[p.name] = p.default
        return out


def dialect_of(backend: str) -> str:
    b = backend.lower()
    return "falkordb" if b in ("embedded", "falkordb") or "falkor" in b else "neo4j" if "neo4j" in b else b


def _convert(query: str, p: QueryParam, value: Any) -> Any:
    want = PARAM_TYPES.get(p.type, str)
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if want is int and isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    if want is float and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    if want is bool and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if want is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, want) and not (want is int and isinstance(value, bool)):
        return value
    raise ParamError(f"query {query!r}: parameter {p.name!r} must be {p.type}, not {value!r}")


def _json_or_word(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def parse_header(text: str, source: str) -> dict[str, Any]:
    lines: list[str] = []
    for line in text.splitlines():
        s = line.strip()
        if not s.startswith("//"):
            break
        lines.append(s[2:].strip())
    if not lines or not lines[0]:
        raise QueryLibraryError(f"{source}: the query must start with a '// Title' comment line")
    params: list[QueryParam] = []
    returns: list[str] = []
    example = ""
    desc: list[str] = []
    for line in lines[1:]:
        if line.startswith("@param"):
            m = _PARAM.match(line)
            if not m:
                raise QueryLibraryError(
                    f"{source}: cannot read {line!r}; write '@param name type default=... ...'"
                )
            if m["type"] not in PARAM_TYPES:
                raise QueryLibraryError(
                    f"{source}: parameter {m['name']} has type {m['type']!r}; use {', '.join(PARAM_TYPES)}"
                )
            params.append(
                QueryParam(
                    name=m["name"],
                    type=m["type"],
                    default=_json_or_word(m["default"]),
                    example=_json_or_word(m["example"]),
                    description=m["desc"].strip(),
                    required=m["default"] is None,
                )
            )
        elif line.startswith("@returns"):
            returns = [c.strip() for c in line[len("@returns") :].split(",") if c.strip()]
        elif line.startswith("@example"):
            example = line[len("@example") :].strip()
        else:
            desc.append(line)
    return {
        "title": lines[0].rstrip("."),
        "description": "\n".join(desc).strip(),
        "params": params,
        "returns": returns,
        "example": example,
    }


def header_defaults(text: str) -> dict[str, Any]:
    """Defaults of the `@param` lines of a query text; {} when it has no readable header."""
    if not text.lstrip().startswith("//"):
        return {}
    try:
        header = parse_header(text.lstrip(), "query")
    except QueryLibraryError:
        return {}
    return {p.name: p.default for p in header["params"]}


def queries_dir() -> Path:
    env = os.environ.get("CITYKG_QUERIES_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "cypher" / "queries"


def load_library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries of `folder` (default cypher/queries), by name."""
    folder = folder or queries_dir()
    if not folder.is_dir():
        raise QueryLibraryError(f"{folder}: no such query folder (set CITYKG_QUERIES_DIR)")
    library: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob("*.cypher")):
        stem = path.name[: -len(".cypher")]
        name, _, dialect = stem.partition(".")
        if dialect and dialect not in DIALECTS:
            raise QueryLibraryError(f"{path}: unknown dialect {dialect!r}; use {' or '.join(DIALECTS)}")
        text = path.read_text(encoding="utf-8")
        header = parse_header(text, str(path))
        q = library.get(name)
        if q is None:
            q = library[name] = NamedQuery(name=name, **header)
        elif not dialect:
            # The portable file documents the query; variants only add text.
            q.title, q.description, q.params = header["title"], header["description"], header["params"]
            q.returns, q.example = header["returns"], header["example"]
        q.texts[dialect] = text
        q.files[dialect or "portable"] = str(path)
    return library


@lru_cache(maxsize=4)
def cached_library(folder: str) -> dict[str, NamedQuery]:
    return load_library(Path(folder))
