"""Query parameters for FalkorDB, written as the `CYPHER name=value ...` header it parses.

The `falkordb` client builds the same header with a generic recursive function; for the loader's
large UNWIND batches that was a third of the load time. This one dispatches on the exact type and
produces the same text: strings in double quotes with `\\` and `"` escaped, map keys in backticks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _str(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(v: list[Any] | tuple[Any, ...]) -> str:
    return "[" + ",".join([literal(x) for x in v]) + "]"


def _key(k: object) -> str:
    key = str(k)
    if not key or "`" in key:
        raise ValueError(f"map key {key!r}: FalkorDB needs a non-empty key without backticks")
    return key


def _map(v: dict[Any, Any]) -> str:
    return "{" + ",".join([f"`{_key(k)}`:{literal(x)}" for k, x in v.items()]) + "}"


_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _str,
    int: str,
    float: repr,
    bool: lambda v: "true" if v else "false",
    type(None): lambda v: "null",
    list: _list,
    tuple: _list,
    dict: _map,
}


def literal(value: Any) -> str:
    """A Cypher literal for a JSON-like Python value."""
    try:
        return _BY_TYPE[type(value)](value)
    except KeyError:
        if isinstance(value, bool):
            return "true" if value else "false"
        for t, fn in _BY_TYPE.items():
            if isinstance(value, t):
                return fn(value)
        raise TypeError(f"cannot pass a {type(value).__name__} as a FalkorDB query parameter") from None


def params_header(params: dict[str, Any] | None) -> str:
    """`CYPHER a=1 b="x" ` for {"a": 1, "b": "x"}; empty for no parameters."""
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{_key(k)}`={literal(v)} " for k, v in params.items())
