"""Entity search shared by both stores: the normalized search key and the portable ranking query.

Every entity stores `search_text`: its name and aliases, each normalized (lower case, no white
space), one per line. A query is normalized the same way, so "LG CNS", "lgcns" and "Lg Cns" meet,
and a Korean partial name (세종 → 세종특별자치시, 국토부 → alias of 국토교통부) is a substring match.

Ranking, best first: exact name > name prefix > exact alias > alias prefix > substring of the
name > substring of an alias; ties go to the shorter, then alphabetically first name.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")

SCORE_EXACT_NAME = 100
SCORE_NAME_PREFIX = 80
SCORE_EXACT_ALIAS = 70
SCORE_ALIAS_PREFIX = 60
SCORE_NAME_CONTAINS = 40
SCORE_ALIAS_CONTAINS = 30


def normalize(text: str) -> str:
    """NFC, lower case, without white space (the form `search_text` holds)."""
    return _SPACE.sub("", unicodedata.normalize("NFC", text)).lower()


def search_text(name: str, aliases: list[str]) -> str:
    keys = [normalize(name)] + [normalize(a) for a in aliases]
    return "\n".join(dict.fromkeys(k for k in keys if k))


def _norm(expr: str) -> str:
    """Cypher for normalize() on stored strings (spaces, tabs and newlines removed, lower case)."""
    return f"replace(replace(replace(toLower({expr}), ' ', ''), '\\t', ''), '\\n', '')"


# Scores one candidate `e` against $q (already normalized). Portable Cypher (FalkorDB and Neo4j).
SCORE_EXPR = f"""CASE
  WHEN {_norm("e.name")} = $q THEN {SCORE_EXACT_NAME}
  WHEN {_norm("e.name")} STARTS WITH $q THEN {SCORE_NAME_PREFIX}
  WHEN any(a IN coalesce(e.aliases, []) WHERE {_norm("a")} = $q) THEN {SCORE_EXACT_ALIAS}
  WHEN any(a IN coalesce(e.aliases, []) WHERE {_norm("a")} STARTS WITH $q) THEN {SCORE_ALIAS_PREFIX}
  WHEN {_norm("e.name")} CONTAINS $q THEN {SCORE_NAME_CONTAINS}
  ELSE {SCORE_ALIAS_CONTAINS} END"""


def label_filter(label: str | None) -> str:
    """`AND e:Label` for a validated entity label (labels cannot be parameters)."""
    from citykg.extract.records import ENTITY_TYPES

    if label is None:
        return ""
    if label not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {label!r}; expected one of {', '.join(ENTITY_TYPES)}")
    return f" AND e:{label}"


def contains_query(label: str | None) -> str:
    """Candidates by substring of `search_text`, ranked and paged."""
    return f"""
MATCH (e:Entity)
WHERE e.search_text CONTAINS $q{label_filter(label)}
WITH e, {SCORE_EXPR} AS score
RETURN e.id AS id, e.name AS name, [l IN labels(e) WHERE l <> 'Entity'][0] AS type,
       coalesce(e.aliases, []) AS aliases, score
ORDER BY score DESC, size(e.name), e.name, e.id
SKIP $offset LIMIT $limit"""
