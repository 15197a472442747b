"""Entity resolution: mentions -> entities with stable ids, canonical names and aliases.

- Reference entities keep their gazetteer id and name (국토부 -> 국토교통부). Surfaces shared by
  several entities are resolved from context: the date of the document (국토부 was 국토해양부
  until 2013-03-22), the cities the document names unambiguously and their parents (중구 next to
  대구), the gazetteer's preferred reading; otherwise the mention is dropped, never guessed.
- New entities get `entity_id(type, canonical name)`, so the same name gets the same id in every
  document and run. Mentions whose compact forms are equal merge (스마트 도시 인증 = 스마트도시 인증).
- A short program or certification name that is a suffix, or an in-order subset of the words, of
  one longer name of the same type in the document merges into it (챌린지 사업 -> 스마트시티 챌린지 사업).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from extract.entities import Mention
from extract.resources import entity_id, gazetteer

_QUOTES = "「」『』‘’“”\"'〈〉《》"
_KEY_STRIP = re.compile(r"[\s·‧・ㆍ.,\-_()\[\]「」『』‘’“”\"'<>〈〉《》]")


def compact_key(name: str) -> str:
    s = unicodedata.normalize("NFC", name).lower().replace("㈜", "").replace("(주)", "")
    return _KEY_STRIP.sub("", s)


def canonical(name: str) -> str:
    """A tidy display name: NFC, no company marker or quotes, middle dots unified, spaces collapsed."""
    s = unicodedata.normalize("NFC", name)
    s = re.sub(r"㈜|\(주\)|（주）|주식회사\s*", "", s)
    s = s.strip(_QUOTES + " ")
    s = re.sub(r"[‧・ㆍ]", "·", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class ResolvedEntity:
    id: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    properties: dict = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    ref: object | None = None


def _valid_at(ref, date: str | None) -> bool:
    if not date:
        return True
    props = ref.properties
    frm, to = props.get("valid_from"), props.get("valid_to")
    if frm and date < str(frm)[: len(date)]:
        return False
    if to and date > str(to)[: len(date)] + ("-99" if len(str(to)) == 4 else ""):
        return False
    return True


class Resolver:
    def __init__(self, text: str, mentions: list[Mention], date: str | None = None) -> None:
        self.text = text
        self.mentions = mentions
        self.date = date
        self.gaz = gazetteer()

    def _context_ids(self) -> set[str]:
        ctx: set[str] = set()
        for m in self.mentions:
            if m.cands and len(m.cands) == 1:
                ctx.add(m.cands[0].id)
                parent = m.cands[0].properties.get("parent")
                if parent:
                    ctx.add(parent)
        return ctx

    def _choose(self, m: Mention, ctx: set[str], near: set[str]):
        cands = list(m.cands)
        if len(cands) == 1:
            return cands[0]
        dated = [c for c in cands if _valid_at(c, self.date)]
        if len(dated) == 1:
            return dated[0]
        if dated:
            cands = dated
        # a neighbouring mention first (중구 right after 대구), then the document's cities
        for scope in (near, ctx):
            if scope:
                fits = [c for c in cands if c.id in scope or (c.properties.get("parent") in scope)]
                if len(fits) == 1:
                    return fits[0]
        pref = self.gaz.preferred(m.text)
        if pref is not None and pref in cands and pref.type != "City":
            return pref
        if pref is not None and pref in cands and pref.properties.get("level") == "metropolitan":
            return pref
        return None

    def run(self) -> list[ResolvedEntity]:
        ctx = self._context_ids()
        ents: dict[str, ResolvedEntity] = {}
        by_key: dict[tuple[str, str], str] = {}
        extra: list[Mention] = []
        for m in self.mentions:
            if m.cands:
                near = self._near_ids(m)
                ref = self._choose(m, ctx, near)
                if ref is None:
                    continue
                e = ents.get(ref.id)
                if e is None:
                    e = ents[ref.id] = ResolvedEntity(ref.id, ref.type, ref.name, ref=ref,
                                                      properties=_ref_props(ref))
                extra += self._parent_mentions(m, ref)
            else:
                name = canonical(m.name)
                if not name:
                    continue
                key = (m.type, compact_key(name))
                eid = by_key.get(key)
                if eid is None:
                    eid = entity_id(m.type, name)
                    by_key[key] = eid
                e = ents.get(eid)
                if e is None:
                    e = ents[eid] = ResolvedEntity(eid, m.type, name)
                elif len(name) > len(e.name) and m.type != "Person":
                    e.aliases.add(e.name)
                    e.name = name
                for k, v in m.props.items():
                    if v is not None:
                        e.properties[k] = v
            m.props["eid"] = e.id
            e.mentions.append(m)
        for m in extra:
            ref = m.cands[0]
            e = ents.get(ref.id) or ents.setdefault(ref.id, ResolvedEntity(ref.id, ref.type, ref.name, ref=ref,
                                                                            properties=_ref_props(ref)))
            m.props["eid"] = e.id
            e.mentions.append(m)
        self._merge_short_forms(ents)
        out = []
        for e in ents.values():
            for m in e.mentions:
                s = canonical(m.text)
                if s and s != e.name:
                    e.aliases.add(s)
            e.mentions.sort(key=lambda m: m.start)
            out.append(e)
        return sorted(out, key=lambda e: e.mentions[0].start)

    def _near_ids(self, m: Mention) -> set[str]:
        """Unambiguous city ids mentioned within 30 characters before or after the mention."""
        out = set()
        for o in self.mentions:
            if o is m or not o.cands or len(o.cands) != 1 or o.cands[0].type != "City":
                continue
            if abs(o.start - m.start) <= 30:
                out.add(o.cands[0].id)
        return out

    def _parent_mentions(self, m: Mention, ref) -> list[Mention]:
        """대구 달서구 / 달서구(대구): the qualifying parent is a mention of the parent city too."""
        parent_id = ref.properties.get("parent")
        if ref.type != "City" or not parent_id:
            return []
        parent = self.gaz.get(parent_id)
        if parent is None:
            return []
        out = []
        for form in sorted({parent.name, *parent.aliases}, key=len, reverse=True):
            if not re.fullmatch(r"[가-힣]+", form) or form.endswith("청"):
                continue
            i = m.text.find(form)
            short = ref.properties.get("short") or ref.name.split()[-1]
            if i >= 0 and form != short and short not in form:
                out.append(Mention(m.start + i, m.start + i + len(form), "City", form, parent.name, "qualifier",
                                   m.unit, (parent,), {}, 3))
                break
        return out

    def _merge_short_forms(self, ents: dict[str, ResolvedEntity]) -> None:
        for type_ in ("Program", "Certification", "Organization"):
            group = [e for e in ents.values() if e.type == type_ and e.ref is None]
            group.sort(key=lambda e: len(compact_key(e.name)))
            for e in group:
                k = compact_key(e.name)
                words = e.name.split()
                targets = []
                for o in group:
                    if o is e or len(compact_key(o.name)) <= len(k) or o.id not in ents:
                        continue
                    ko = compact_key(o.name)
                    if ko.endswith(k) and len(k) >= 4 or ko.startswith(k) and _tail_is_generic(ko[len(k):]) \
                            or len(words) >= 2 and _in_order(words, o.name.split()):
                        targets.append(o)
                if len(targets) >= 1 and e.id in ents:
                    # the longest name that contains it; several unrelated ones -> leave alone
                    targets.sort(key=lambda o: -len(o.name))
                    t = targets[0]
                    if len(targets) > 1 and not all(compact_key(x.name) in compact_key(t.name) or
                                                    _in_order(x.name.split(), t.name.split()) for x in targets):
                        continue
                    t.aliases.add(e.name)
                    t.aliases.update(e.aliases)
                    for m in e.mentions:
                        m.props["eid"] = t.id
                    t.mentions.extend(e.mentions)
                    del ents[e.id]


def _tail_is_generic(tail: str) -> bool:
    return tail in ("사업", "안", "제", "추진", "운영", "서비스")


def _in_order(short: list[str], long: list[str]) -> bool:
    if not short or short[-1] != long[-1]:
        return False
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def _ref_props(ref) -> dict:
    keep = ("level", "parent", "kind", "issuer", "short")
    return {k: v for k, v in ref.properties.items() if k in keep and v}
