"""Reference data about the real world: local governments, ministries, bodies, firms, certifications.

The facts live in tab-separated files under `extract/data/gazetteer/` (one file per entity type,
sources in SOURCES.md); this module only reads, checks and indexes them. Researchers add rows in
the same format in a directory of their own and point `CITYKG_GAZETTEER_DIRS` at it.

File format (UTF-8, `.tsv` tab-separated or `.csv` comma-separated, `#` lines are comments):
- the file name says the type (`cities` -> City, `ministries` -> Ministry, `organizations` ->
  Organization, `companies` -> Company, `certifications` -> Certification; a suffix after `_` is
  free: `cities_newtowns.tsv`), or a `type` column does;
- `name` is required; `id`, if given, must equal `entity_id(type, name)`; `aliases` and `prefer`
  are `|`-separated surface forms; every other non-empty cell becomes a property;
- reference columns (`parent`, `issuer`, `predecessor`, `successor`) hold entity ids and must
  exist once all directories are read; `predecessor`/`successor` may list several ids.

Surface forms of a city with a parent city are completed from it (see `_city_variants`), so a
row for 달서구 also answers 대구 달서구, 달서구(대구), 달서구청 and 대구 달서. Lookups ignore white space
and middle-dot variants (`surface_key`).
A surface shared by several entities is ambiguous; `prefer` names the surfaces for which an
entity is the conventional reading (광주시 -> 광주광역시 before 경기도 광주시) and only orders the
candidates: the caller still sees the ambiguity and decides from context.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data" / "gazetteer"
ENV_DIRS = "CITYKG_GAZETTEER_DIRS"

TYPE_BY_FILE_STEM: dict[str, str] = {
    "cities": "City",
    "ministries": "Ministry",
    "organizations": "Organization",
    "companies": "Company",
    "certifications": "Certification",
}
REFERENCE_TYPES: frozenset[str] = frozenset(TYPE_BY_FILE_STEM.values())
# Columns whose cells are entity ids; the multi-valued ones are stored as tuples.
REF_COLUMNS: tuple[str, ...] = ("parent", "issuer", "predecessor", "successor")
MULTI_REF_COLUMNS: frozenset[str] = frozenset({"predecessor", "successor"})
# Other |-separated columns, stored as tuples.
MULTI_VALUE_COLUMNS: frozenset[str] = MULTI_REF_COLUMNS | {"periods"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Columns the loader consumes itself rather than copying into `properties`.
_STRUCTURAL = frozenset({"id", "type", "name", "aliases", "prefer"})
_CITY_LEVELS_WITH_PARENT = frozenset({"basic", "administrative", "former", "district"})
# Levels that are (or were) governments with an office: they get the 달서구청-style variant.
_CITY_LEVELS_WITH_OFFICE = frozenset({"basic", "administrative", "former"})
# The date the local-government counts refer to (17 + 226 = 243); see SOURCES.md.
SNAPSHOT_DATE = "2025-01-01"
LOCAL_GOVERNMENT_LEVELS = frozenset({"metropolitan", "basic"})
_WS = re.compile(r"\s+")
_MIDDLE_DOTS = str.maketrans({c: "·" for c in "‧・･∙•ㆍ"})
_HANGUL_ONLY = re.compile(r"^[가-힣]+$")


class GazetteerError(ValueError):
    """A reference file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class RefEntity:
    id: str  # entity_id(type, name), e.g. "city:광주광역시_광산구", "ministry:국토교통부"
    type: str  # ontology label: City, Ministry, Organization, Company, Certification
    name: str  # canonical name
    aliases: tuple[str, ...]
    properties: dict = field(default_factory=dict, hash=False, compare=False)
    source: str = field(default="", compare=False)  # "file:line" the row came from


def entity_id(type_: str, name: str) -> str:
    """The stable id rule shared with the pipeline: `type:name`, white space as `_`."""
    clean = _WS.sub("_", unicodedata.normalize("NFC", name).strip())
    return f"{type_.lower()}:{clean}"


def surface_key(surface: str) -> str:
    """How surfaces are compared: NFC, without white space (인천 광역시 == 인천광역시), with the
    middle-dot look-alikes of Korean typesetting as one (아시아‧대양주 == 아시아·대양주). Case is kept:
    short Latin acronyms are only names in capitals (MS, LA)."""
    return _WS.sub("", unicodedata.normalize("NFC", surface)).translate(_MIDDLE_DOTS)


class Gazetteer:
    """Entities by id and by every surface form (name, alias, derived variant)."""

    def __init__(self, entities: dict[str, RefEntity], preferred: dict[str, set[str]]) -> None:
        self.entities: dict[str, RefEntity] = entities
        self._children: dict[str, list[RefEntity]] = {}
        for ent in entities.values():
            parent = ent.properties.get("parent")
            if parent:
                self._children.setdefault(parent, []).append(ent)
        # surface as written -> candidates, and normalized key -> candidates
        by_surface: dict[str, list[RefEntity]] = {}
        by_key: dict[str, list[RefEntity]] = {}
        for ent in entities.values():
            for surface in (ent.name, *ent.aliases):
                _append_unique(by_surface.setdefault(surface, []), ent)
                _append_unique(by_key.setdefault(surface_key(surface), []), ent)

        def order(key: str, cands: list[RefEntity]) -> list[RefEntity]:
            # Stable sort: preferred readings first, then file order.
            favoured = preferred.get(key, set())
            return sorted(cands, key=lambda e: e.id not in favoured)

        self._preferred = preferred
        self._by_key = {k: order(k, v) for k, v in by_key.items()}
        self._surfaces = {s: order(surface_key(s), v) for s, v in by_surface.items()}

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id_: str) -> RefEntity | None:
        return self.entities.get(entity_id_)

    def lookup(self, surface: str, on: str | None = None) -> list[RefEntity]:
        """Candidates for an exact surface form (white space ignored), preferred first.

        With `on` (the document's date, YYYY[-MM[-DD]]) candidates that existed then come first
        and the others are dropped, unless none existed then (a text may name a past body)."""
        cands = list(self._by_key.get(surface_key(surface), ()))
        if on and len(cands) > 1:
            current = [c for c in cands if valid_on(c, on)]
            cands = current or cands
        return cands

    def is_ambiguous(self, surface: str, on: str | None = None) -> bool:
        return len(self.lookup(surface, on)) > 1

    def preferred(self, surface: str, on: str | None = None) -> RefEntity | None:
        """The only candidate, or the one `prefer` marks as the conventional reading; else None."""
        cands = self.lookup(surface, on)
        if len(cands) == 1:
            return cands[0]
        if cands and self._is_preferred(surface, cands[0]) and not self._is_preferred(surface, cands[1]):
            return cands[0]
        return None

    def resolve(self, surface: str, context: Iterable[str] = (), on: str | None = None) -> RefEntity | None:
        """The one candidate consistent with `context` (ids seen nearby: the document's city,
        a neighbouring mention), never a guess: None when zero or several remain."""
        cands = self.lookup(surface, on)
        if len(cands) == 1:
            return cands[0]
        ctx = set(context)
        if not ctx:
            return None
        fits = [c for c in cands if c.id in ctx or self._ancestors(c) & ctx]
        return fits[0] if len(fits) == 1 else None

    def surfaces(self) -> dict[str, list[RefEntity]]:
        """Every surface form as written -> candidates (for PhraseMatcher / Kiwi user words)."""
        return {s: list(c) for s, c in self._surfaces.items()}

    def children(self, parent_id: str) -> list[RefEntity]:
        return list(self._children.get(parent_id, ()))

    def of_type(self, type_: str) -> list[RefEntity]:
        return [e for e in self.entities.values() if e.type == type_]

    def local_governments(self, on: str = SNAPSHOT_DATE) -> list[RefEntity]:
        """Metropolitan and basic local governments in existence on a date (YYYY[-MM[-DD]])."""
        return [
            e
            for e in self.entities.values()
            if e.type == "City" and e.properties.get("level") in LOCAL_GOVERNMENT_LEVELS and valid_on(e, on)
        ]

    def _ancestors(self, ent: RefEntity) -> set[str]:
        seen: set[str] = set()
        parent = ent.properties.get("parent")
        while parent and parent not in seen:
            seen.add(parent)
            up = self.entities.get(parent)
            parent = up.properties.get("parent") if up else None
        return seen

    def _is_preferred(self, surface: str, ent: RefEntity) -> bool:
        return ent.id in self._preferred.get(surface_key(surface), ())


def _date_bound(value: str, *, end: bool) -> str:
    """A YYYY / YYYY-MM / YYYY-MM-DD bound as a full date, so that string order is date order."""
    parts = value.split("-")
    if len(parts) == 1:
        parts.append("12" if end else "01")
    if len(parts) == 2:
        parts.append("31" if end else "01")
    return "-".join(parts)


def valid_on(ent: RefEntity, on: str) -> bool:
    """Whether the entity existed on `on` (YYYY[-MM[-DD]]): inside one of its `periods`
    ("from/to|from/" ...) when it has them, else between valid_from and valid_to."""
    periods = ent.properties.get("periods")
    spans = (
        [p.split("/", 1) for p in periods]
        if periods
        else [[ent.properties.get("valid_from", ""), ent.properties.get("valid_to", "")]]
    )
    day = _date_bound(on, end=False)
    for start, stop in spans:
        if start and _date_bound(start, end=False) > day:
            continue
        if stop and _date_bound(stop, end=True) < day:
            continue
        return True
    return False


def _append_unique(items: list[RefEntity], ent: RefEntity) -> None:
    if all(e.id != ent.id for e in items):
        items.append(ent)


# ---------------------------------------------------------------------------------------- loading


@dataclass
class _Row:
    type: str
    name: str
    aliases: list[str]
    prefer: list[str]
    properties: dict
    where: str


def _split(cell: str | None) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                yield number, line


def _read_file(path: Path) -> list[_Row]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    lines = list(_numbered_lines(path))
    if not lines:
        return []
    numbers = [n for n, _ in lines]
    # TSV cells are taken literally (a quote is a character); CSV needs quoting for commas.
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader((text for _, text in lines), delimiter=delimiter, quoting=quoting)
    header = [h.strip() for h in next(reader)]
    if "name" not in header:
        raise GazetteerError(f"{path}:{numbers[0]}: header has no 'name' column: {header}")
    file_type = TYPE_BY_FILE_STEM.get(path.stem.lower().split("_")[0])  # cities_foreign.tsv -> City
    if file_type is None and "type" not in header:
        raise GazetteerError(
            f"{path}: cannot tell the entity type: name the file one of "
            f"{sorted(TYPE_BY_FILE_STEM)} or add a 'type' column"
        )
    rows: list[_Row] = []
    for number, cells in zip(numbers[1:], reader, strict=False):
        where = f"{path}:{number}"
        if len(cells) > len(header):
            raise GazetteerError(f"{where}: {len(cells)} cells but the header has {len(header)} columns")
        record = {h: unicodedata.normalize("NFC", c.strip()) for h, c in zip(header, cells, strict=False)}
        type_ = record.get("type") or file_type
        if type_ not in REFERENCE_TYPES:
            raise GazetteerError(
                f"{where}: unknown type {type_!r}; expected one of {sorted(REFERENCE_TYPES)}"
            )
        name = record.get("name", "")
        if not name:
            raise GazetteerError(f"{where}: empty name")
        expected = entity_id(type_, name)
        if record.get("id") and record["id"] != expected:
            raise GazetteerError(
                f"{where}: id {record['id']!r} does not follow the id rule, expected {expected!r}"
            )
        props: dict = {}
        for col, value in record.items():
            if col in _STRUCTURAL or not value:
                continue
            props[col] = tuple(_split(value)) if col in MULTI_VALUE_COLUMNS else value
        _check_dates(props, where)
        rows.append(
            _Row(type_, name, _split(record.get("aliases")), _split(record.get("prefer")), props, where)
        )
    return rows


def _check_dates(props: dict, where: str) -> None:
    bounds = [props.get("valid_from"), props.get("valid_to")]
    for period in props.get("periods", ()):
        if "/" not in period:
            raise GazetteerError(f"{where}: period {period!r} is not 'from/to' (either side may be empty)")
        bounds += period.split("/", 1)
    for value in bounds:
        if value and not _DATE.match(value):
            raise GazetteerError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _reference_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise GazetteerError(f"{directory}: gazetteer directory does not exist")
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in {".tsv", ".csv"} and p.is_file())


def _city_variants(row: _Row, parent: _Row) -> list[str]:
    """Qualified forms of a city under its parent: 대구 달서구, 대구광역시 달서구, 달서구(대구), 달서구청,
    대구 달서.

    Parent forms are its name and its Hangul-only aliases that are not office names (…청), so
    강원특별자치도, 강원도 and 강원 all qualify 고성군. The bare short name stays an alias even when
    several cities share it: that is exactly what makes 중구 ambiguous.
    """
    short = row.properties.get("short") or row.name.split()[-1]
    parent_forms = [parent.name] + [
        a for a in parent.aliases if _HANGUL_ONLY.match(a) and not a.endswith("청")
    ]
    out = [short]
    if row.properties.get("level") in _CITY_LEVELS_WITH_OFFICE:
        out.append(f"{short}청")
        # News qualifies a bare stem with the region: 경기 광주, 강원 고성, 대전 유성. Never the bare
        # stem itself (광주, 고성, 유성 are other places or words); cities.tsv lists safe ones.
        region = parent.properties.get("short") if parent.properties.get("level") == "metropolitan" else None
        if region and len(short) >= 3 and short[-1] in "시군구":
            out.append(f"{region} {short[:-1]}")
    for p in parent_forms:
        out += [f"{p} {short}", f"{short}({p})"]
    return out


def _load(dirs: tuple[Path, ...]) -> Gazetteer:
    rows: list[_Row] = []
    for directory in dirs:
        for path in _reference_files(directory):
            rows.extend(_read_file(path))

    by_id: dict[str, _Row] = {}
    for row in rows:
        eid = entity_id(row.type, row.name)
        if eid in by_id:
            raise GazetteerError(f"{row.where}: duplicate id {eid!r} (first defined at {by_id[eid].where})")
        by_id[eid] = row

    for row in rows:
        for col in REF_COLUMNS:
            value = row.properties.get(col)
            for ref in (value if isinstance(value, tuple) else (value,)) if value else ():
                if ref not in by_id:
                    raise GazetteerError(f"{row.where}: {col} {ref!r} is not a known entity id")
        known = {surface_key(s) for s in (row.name, *row.aliases)}
        for surface in row.prefer:
            if surface_key(surface) not in known:
                raise GazetteerError(
                    f"{row.where}: prefer {surface!r} is not one of the row's name or aliases"
                )
        if row.type == "City" and row.properties.get("level") in _CITY_LEVELS_WITH_PARENT:
            if not row.properties.get("parent"):
                raise GazetteerError(f"{row.where}: a {row.properties['level']} city needs a parent")

    entities: dict[str, RefEntity] = {}
    preferred: dict[str, set[str]] = {}
    for eid, row in by_id.items():
        aliases = list(row.aliases)
        parent_id = row.properties.get("parent")
        if row.type == "City" and parent_id and by_id[parent_id].type == "City":
            aliases += _city_variants(row, by_id[parent_id])
        seen = {row.name}
        unique = [a for a in aliases if not (a in seen or seen.add(a))]
        props = dict(row.properties)
        if row.prefer:
            props["prefer"] = tuple(row.prefer)
            for p in row.prefer:
                preferred.setdefault(surface_key(p), set()).add(eid)
        entities[eid] = RefEntity(eid, row.type, row.name, tuple(unique), props, row.where)
    return Gazetteer(entities, preferred)


@functools.lru_cache(maxsize=8)
def _load_cached(dirs: tuple[Path, ...]) -> Gazetteer:
    return _load(dirs)


def gazetteer_dirs(extra_dirs: Sequence[Path | str] = ()) -> tuple[Path, ...]:
    """The packaged data, then `extra_dirs`, then the directories in CITYKG_GAZETTEER_DIRS."""
    env = [p for p in os.environ.get(ENV_DIRS, "").split(os.pathsep) if p.strip()]
    return tuple(Path(p).resolve() for p in (DATA_DIR, *extra_dirs, *env))


def load_gazetteer(extra_dirs: Sequence[Path | str] = ()) -> Gazetteer:
    """Read and check all reference files (cached per set of directories)."""
    return _load_cached(gazetteer_dirs(extra_dirs))
