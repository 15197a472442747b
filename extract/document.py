"""The annotated document every stage of the extractor reads and extends.

The pipeline builds one `AnnotatedDoc` per document: the working text (NFC, half-width), its units
(extract.segment), Kiwi's morphemes and the spaCy Doc built from them; recognition adds mentions,
resolution entities (whose mentions carry `props["eid"]`), metadata the date, title and publisher,
and the relation rules fill `relations`. No stage keeps a copy of its own.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from spacy.tokens import Doc

from citykg.extract.segment import ItemField, Unit, item_field

if TYPE_CHECKING:  # pragma: no cover
    from citykg.extract.entities import Mention
    from citykg.extract.relation_set import RelationSet
    from citykg.extract.resolve import ResolvedEntity


class Morph(NamedTuple):
    """One Kiwi morpheme: character span in the working text, Sejong tag, form (하 of 했, etc.).
    (A named tuple: tens of thousands are made per document, and a tuple is the cheapest to build.)"""

    start: int
    end: int
    tag: str
    form: str


@dataclass
class AnnotatedDoc:
    text: str
    units: list[Unit]
    morphs: list[Morph]
    doc: Doc
    date: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    publisher: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    entities: list[ResolvedEntity] = field(default_factory=list)
    relations: RelationSet | None = None

    # ------------------------------------------------------------------ lookups
    @cached_property
    def _morph_starts(self) -> list[int]:
        return [m.start for m in self.morphs]

    def morphs_in(self, start: int, end: int) -> list[Morph]:
        """The morphemes that start inside [start, end)."""
        lo = bisect.bisect_left(self._morph_starts, start)
        hi = bisect.bisect_left(self._morph_starts, end)
        return self.morphs[lo:hi]

    @cached_property
    def item_fields(self) -> dict[int, ItemField]:
        """The list entries "NAME(…) – LABEL: value" (segment.item_field), by unit, read once."""
        return {ui: f for ui, u in enumerate(self.units) if (f := item_field(self.text, u)) is not None}

    @cached_property
    def entity(self) -> dict[str, ResolvedEntity]:
        return {e.id: e for e in self.entities}

    def type_of(self, eid: str) -> str:
        return self.entity[eid].type

    @cached_property
    def by_unit(self) -> dict[int, list[Mention]]:
        """The resolved mentions of each unit, by position (outer names before the names they hold)."""
        out: dict[int, list[Mention]] = {}
        for e in self.entities:
            for m in e.mentions:
                out.setdefault(m.unit, []).append(m)
        for ms in out.values():
            ms.sort(key=lambda m: (m.start, -m.end))
        return out

    def unit_mentions(self, ui: int) -> list[Mention]:
        return self.by_unit.get(ui, [])

    def top_mentions(self, ui: int) -> list[Mention]:
        """The unit's mentions that no other mention of the unit contains."""
        out: list[Mention] = []
        for m in self.unit_mentions(ui):
            if out and out[-1].start <= m.start and m.end <= out[-1].end:
                continue
            out.append(m)
        return out

    def nested(self, outer: Mention) -> list[Mention]:
        """The mentions inside `outer` (광산구 inside 광산구 스마트시티계획)."""
        return [
            m
            for m in self.unit_mentions(outer.unit)
            if m is not outer and outer.start <= m.start and m.end <= outer.end
        ]

    @cached_property
    def unit_index(self) -> dict[tuple[int, int], int]:
        return {(u.start, u.end): i for i, u in enumerate(self.units)}

    def unit_at(self, pos: int) -> int | None:
        starts = [u.start for u in self.units]
        i = bisect.bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < self.units[i].end else None

    def main_program(self) -> Mention | None:
        """The program the title names, if any: the first one not named as the setting of another
        (grammar.toml [salience] setting_after)."""
        if not self.title_span:
            return None
        from citykg.extract.resources import grammar

        setting = tuple(grammar().salience.setting_after)
        a, b = self.title_span
        named: list[Mention] = []
        ui = self.unit_at(a)
        while ui is not None and ui < len(self.units) and self.units[ui].start < b:
            named += [m for m in self.unit_mentions(ui) if m.type == "Program" and a <= m.start < b]
            ui += 1
        about = [m for m in named if not self.text[m.end : m.end + 3].startswith(setting)]
        return (about or named or [None])[0]
