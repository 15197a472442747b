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

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from citykg.extract.entities import Mention
from citykg.extract.resources import entity_id, gazetteer, lexicon

_QUOTES = "「」『』‘’“”\"'〈〉《》"
_KEY_STRIP = re.compile(r"[\s·‧・ㆍ.,\-_()\[\]「」『』‘’“”\"'<>〈〉《》]")


@lru_cache(maxsize=1)
def _same_program() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]:
    table = lexicon().program
    synonyms = tuple(sorted(table.same_program_synonyms.items(), key=lambda kv: -len(kv[0])))
    words = table.same_program_optional_words
    suffixes = tuple(sorted(table.same_program_optional_suffixes, key=len, reverse=True))
    return synonyms, words, suffixes


@lru_cache(maxsize=1 << 16)
def program_form(name: str) -> str:
    """The form that names one program however a document writes it: synonyms unified, optional
    words and a trailing 사업 or (안) left out (lexicon.toml [program] same_program_*)."""
    synonyms, words, suffixes = _same_program()
    s = canonical(name)
    for a, b in synonyms:
        s = s.replace(a, b)
    for w in words:
        s = re.sub(rf"(?:^|\s){re.escape(w)}(?=\s|$)", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    for suf in suffixes:
        if s.endswith(suf) and len(s) > len(suf) + 1:
            s = s[: -len(suf)].rstrip()
            break
    return s


def compact_key(name: str) -> str:
    s = unicodedata.normalize("NFC", name).lower().replace("㈜", "").replace("(주)", "")
    return _KEY_STRIP.sub("", s)


@lru_cache(maxsize=1 << 16)
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
        self._cities: list[tuple[int, str]] | None = None

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
                    e = ents[ref.id] = ResolvedEntity(ref.id, ref.type, ref.name, ref=ref, properties=_ref_props(ref))
                extra += self._parent_mentions(m, ref)
            else:
                name = canonical(m.name)
                if not name:
                    continue
                # a program's id comes from the form all its variants share, so the same program has
                # the same id in every document whichever variant a document writes first
                form = program_form(name) if m.type == "Program" else name
                key = (m.type, compact_key(form))
                eid = by_key.get(key)
                if eid is None:
                    eid = entity_id(m.type, form)
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
            e = ents.get(ref.id) or ents.setdefault(
                ref.id, ResolvedEntity(ref.id, ref.type, ref.name, ref=ref, properties=_ref_props(ref))
            )
            m.props["eid"] = e.id
            e.mentions.append(m)
        self._merge_appositions(ents)
        self._merge_short_forms(ents)
        self._merge_levels(ents)
        self._merge_shared_suffix(ents)
        self._merge_misspellings(ents)
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
        if self._cities is None:
            self._cities = sorted(
                (o.start, o.cands[0].id)
                for o in self.mentions
                if o.cands and len(o.cands) == 1 and o.cands[0].type == "City"
            )
        lo = bisect.bisect_left(self._cities, (m.start - 30, ""))
        out = set()
        for start, cid in self._cities[lo:]:
            if start > m.start + 30:
                break
            if start != m.start:
                out.add(cid)
        return out

    def _parent_mentions(self, m: Mention, ref) -> list[Mention]:
        """대구 달서구 / 달서구(대구): the qualifying parent is a mention of the parent city too."""
        parent_id = ref.properties.get("parent")
        if ref.type != "City" or not parent_id:
            return []
        short = ref.properties.get("short") or ref.name.split()[-1]
        seen: set[str] = set()
        while parent_id and parent_id not in seen:
            seen.add(parent_id)
            parent = self.gaz.get(parent_id)
            if parent is None:
                return []
            for form in sorted({parent.name, *parent.aliases}, key=len, reverse=True):
                if not re.fullmatch(r"[가-힣]+", form) or form.endswith("청"):
                    continue
                i = m.text.find(form)
                if i >= 0 and form != short and short not in form:
                    return [
                        Mention(
                            m.start + i,
                            m.start + i + len(form),
                            "City",
                            form,
                            parent.name,
                            "qualifier",
                            m.unit,
                            (parent,),
                            {},
                            3,
                        )
                    ]
            parent_id = parent.properties.get("parent")
        return []

    def _absorb(self, ents: dict[str, ResolvedEntity], target: ResolvedEntity, e: ResolvedEntity) -> None:
        if e.id == target.id or e.id not in ents:
            return
        target.aliases.add(e.name)
        target.aliases.update(e.aliases)
        for m in e.mentions:
            m.props["eid"] = target.id
        target.mentions.extend(e.mentions)
        for k, v in e.properties.items():
            target.properties.setdefault(k, v)
        del ents[e.id]

    def _merge_appositions(self, ents: dict[str, ResolvedEntity]) -> None:
        """A(B), A : B, ‘A’(B): two names of one thing. The reference entity (or the first) absorbs the other."""
        owner = {id(m): e for e in ents.values() for m in e.mentions}
        ms = sorted((m for e in ents.values() for m in e.mentions), key=lambda m: (m.start, -m.end))
        # nested names (세종시 inside 세종시 스마트포털) are not neighbours of anything
        ms = [
            m
            for i, m in enumerate(ms)
            if not any(o.start <= m.start and m.end <= o.end and o is not m for o in ms[max(0, i - 3) : i])
        ]
        bodies = {"Ministry", "City", "Organization", "Company"}
        for a, b in zip(ms, ms[1:], strict=False):
            gap = self.text[a.end : b.start]
            if not re.fullmatch(r"[’”」』'\"]?\s?[(（]\s?|\s*[:：]\s*", gap):
                continue
            if gap.strip().startswith((":", "：")) and not re.match(r"^[A-Za-z]", a.text):
                continue
            if gap.strip().endswith(("(", "（")) and not re.match(r"\s*[)）]", self.text[b.end : b.end + 2]):
                continue
            ea, eb = owner.get(id(a)), owner.get(id(b))
            if ea is None or eb is None or ea is eb or ea.id not in ents or eb.id not in ents:
                continue
            if not (
                ea.type == eb.type
                or ea.type in bodies
                and eb.type in bodies
                and (ea.ref is None or eb.ref is None)
                and ea.type != "City"
                and eb.type != "City"
            ):
                continue
            if ea.ref is not None and eb.ref is not None:
                continue
            target, other = (eb, ea) if eb.ref is not None else (ea, eb)
            self._absorb(ents, target, other)
            for m in other.mentions:
                owner[id(m)] = target

    def _merge_levels(self, ents: dict[str, ResolvedEntity]) -> None:
        """'3단계 성숙도시 인증' next to '스마트시티 국제인증': a level of the one base certification."""
        certs = [e for e in ents.values() if e.type == "Certification"]
        levelled = [e for e in certs if re.match(r"^\s*(?:세계\s*최초\s*)?\d+\s*단계", e.name)]
        base = [e for e in certs if e not in levelled and re.search(r"인증$", e.name)]
        if len(base) != 1:
            return
        for e in levelled:
            self._absorb(ents, base[0], e)

    def _merge_shared_suffix(self, ents: dict[str, ResolvedEntity]) -> None:
        """스마트시티 시흥 리빙랩 / 시민참여형 시흥 리빙랩: names ending in the same distinctive words
        (a place and the head) are one program."""
        from citykg.extract.entities import is_generic

        progs = [e for e in ents.values() if e.type == "Program" and e.ref is None]
        for i, e in enumerate(progs):
            for o in progs[i + 1 :]:
                if e.id not in ents or o.id not in ents:
                    continue
                we, wo = e.name.split(), o.name.split()
                n = 0
                while n < min(len(we), len(wo)) and we[-1 - n] == wo[-1 - n]:
                    n += 1
                if n < 2 or n == len(we) or n == len(wo):
                    continue
                shared = we[-n:]
                if any(self.gaz.lookup(w) for w in shared[:-1]) and not is_generic(" ".join(shared)):
                    self._absorb(ents, e, o)

    def _core_key(self, name: str) -> str:
        """A program's key without a leading place name and a trailing 사업/(안): what names it."""
        words = name.split()
        if len(words) > 1 and any(r.type == "City" for r in self.gaz.lookup(words[0])):
            words = words[1:]
        key = _draftless(compact_key(" ".join(words)))
        for tail in ("사업", "본사업", "용역", "수립용역"):
            if key.endswith(tail) and len(key) > len(tail) + 3:
                key = key[: -len(tail)]
        return key if len(key) >= 5 else ""

    def _merge_misspellings(self, ents: dict[str, ResolvedEntity]) -> None:
        """Names one letter apart (OCR: 스마트시티즈랩/스마트시티즌랩, loT/IoT) are one entity, unless the
        letters that differ are digits (1단계/2단계 are different things)."""
        for type_ in ("Program", "Certification", "Organization", "Company"):
            group = [e for e in ents.values() if e.type == type_ and e.ref is None]
            for i, e in enumerate(group):
                for o in group[i + 1 :]:
                    if e.id not in ents or o.id not in ents:
                        continue
                    a, b = compact_key(e.name), compact_key(o.name)
                    if min(len(a), len(b)) >= 6 and _one_edit(a, b):
                        first, second = sorted((e, o), key=lambda x: x.mentions[0].start)
                        self._absorb(ents, first, second)

    def _merge_short_forms(self, ents: dict[str, ResolvedEntity]) -> None:
        for type_ in ("Program", "Certification", "Organization"):
            pool = [e for e in ents.values() if e.type == type_]
            group = [e for e in pool if e.ref is None]
            group.sort(key=lambda e: len(compact_key(e.name)))
            for e in group:
                k = _draftless(compact_key(e.name))
                words = e.name.split()
                targets = []
                same_head = [
                    o for o in pool if o is not e and o.name.split()[-1] == words[-1] and len(o.name) > len(e.name)
                ]
                if (
                    type_ == "Program"
                    and len(words) == 2
                    and len(same_head) == 1
                    and len([x for x in pool if x.name.split()[-1] == words[-1]]) == 2
                ):
                    targets.append(same_head[0])
                core = self._core_key(e.name)
                for o in pool:
                    if (
                        o is not e
                        and o.id in ents
                        and o not in targets
                        and core
                        and self._core_key(o.name) == core
                        and len(o.name) > len(e.name)
                    ):
                        targets.append(o)  # 세종 스마트시티 챌린지 = 스마트시티 챌린지 사업
                for o in pool:
                    if o is e or len(compact_key(o.name)) <= len(k) or o.id not in ents or o in targets:
                        continue
                    ko = _draftless(compact_key(o.name))
                    if o.ref is not None and not any(
                        _draftless(compact_key(n)).endswith(k) for n in (o.name, *o.aliases)
                    ):
                        continue
                    if (
                        ko.endswith(k)
                        and len(k) >= 4
                        or ko.startswith(k)
                        and _tail_is_generic(ko[len(k) :])
                        or len(words) >= 2
                        and _in_order(words, o.name.split())
                    ):
                        targets.append(o)
                if len(targets) >= 1 and e.id in ents:
                    # the longest name that contains it; several unrelated ones -> leave alone
                    targets.sort(key=lambda o: -len(o.name))
                    t = targets[0]
                    if len(targets) > 1 and not all(
                        compact_key(x.name) in compact_key(t.name) or _in_order(x.name.split(), t.name.split())
                        for x in targets
                    ):
                        continue
                    t.aliases.add(e.name)
                    t.aliases.update(e.aliases)
                    for m in e.mentions:
                        m.props["eid"] = t.id
                    t.mentions.extend(e.mentions)
                    del ents[e.id]


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substituted, inserted or deleted non-digit letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    da, db = a[i : len(a) - j], b[i : len(b) - j]
    return len(da) <= 1 and len(db) <= 1 and not (da + db).isdigit() and not any(c.isdigit() for c in da + db)


def _draftless(key: str) -> str:
    return key[:-1] if key.endswith("안") and len(key) > 3 and key[-2] in "획맵략" else key


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
