"""Amounts of money: "49백만원" -> 49,000,000 won (units from extract/data/grammar.toml)."""

from __future__ import annotations


def amount_krw(number: str, unit: str) -> int | None:
    """'49', '백만원' -> 49000000; '1,700', '백만원' -> 1700000000; None for what is not a number."""
    from citykg.extract.resources import grammar

    try:
        value = float(number.replace(",", ""))
    except ValueError:
        return None
    unit = unit.replace(" ", "")
    mult = grammar().money.units.get(unit if unit.endswith("원") else unit + "원")
    return int(round(value * mult)) if mult else None
