#!/usr/bin/env python3
"""Sanity checks for the blind evaluation set in this directory (standard library only).

Checks, for every gold/<stem>.json:
  * the file parses and has doc/date/publisher/entities/relations;
  * docs/<doc> exists, is UTF-8 and 2,000-4,500 characters long (warning only);
  * date is YYYY-MM-DD, YYYY-MM or null; publisher is null or the key of a
    Ministry/City/Organization entity;
  * entity keys are unique, types are one of the 7 labels, at least one name occurs
    verbatim in the document;
  * relation types are one of the 10 types, source/target keys exist and their types
    respect the From -> To signature in ONTOLOGY.md;
  * every evidence string occurs verbatim in the document;
  * no duplicate (source, type, target); PARTNERS_WITH also checked in reverse;
  * properties: amount_krw is a positive int, date matches YYYY[-MM[-DD]].
Exit status 1 if any error was found.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ONTOLOGY = "/work/shared/ONTOLOGY.md"
LABELS = {"Ministry", "City", "Program", "Company", "Organization", "Certification", "Person"}
FALLBACK_SIG = {
    "LEADS": ({"Ministry", "City", "Organization", "Company"}, {"Program"}),
    "PARTICIPATES_IN": ({"Company", "Organization", "City", "Ministry", "Person"}, {"Program"}),
    "IMPLEMENTED_IN": ({"Program"}, {"City"}),
    "PART_OF": (None, None),  # special-cased below
    "SELECTED": ({"Ministry", "City", "Organization"}, {"City", "Company", "Organization", "Program"}),
    "CERTIFIED": ({"City", "Company", "Organization", "Program"}, {"Certification"}),
    "ISSUED_BY": ({"Certification"}, {"Ministry", "Organization", "Company"}),
    "FUNDS": ({"Ministry", "City", "Organization"}, {"Program"}),
    "PARTNERS_WITH": ({"Ministry", "City", "Organization", "Company"}, {"Ministry", "City", "Organization", "Company"}),
    "WORKS_FOR": ({"Person"}, {"Ministry", "City", "Organization", "Company"}),
}
# PART_OF: Program -> Program; City -> City; Organization -> Organization, City or Ministry
PART_OF_OK = {("Program", "Program"), ("City", "City"),
              ("Organization", "Organization"), ("Organization", "City"), ("Organization", "Ministry")}


def load_signatures():
    """Read the relationship table of ONTOLOGY.md; fall back to the copy above."""
    sig = dict(FALLBACK_SIG)
    try:
        text = open(ONTOLOGY, encoding="utf-8").read()
    except OSError:
        return sig, "fallback (ONTOLOGY.md not readable)"
    found = 0
    for line in text.splitlines():
        m = re.match(r"\|\s*`([A-Z_]+)`\s*\|\s*([^|]+?)\s*\|", line)
        if not m or m.group(1) not in FALLBACK_SIG or "→" not in m.group(2):
            continue
        typ, spec = m.group(1), m.group(2)
        if typ == "PART_OF":
            found += 1
            continue  # written as prose pairs; handled by PART_OF_OK
        left, right = spec.split("→", 1)
        src = {w.strip() for w in left.split(",") if w.strip()}
        tgt = {w.strip() for w in right.split(",") if w.strip()}
        if src <= LABELS and tgt <= LABELS:
            sig[typ] = (src, tgt)
            found += 1
    return sig, f"ONTOLOGY.md ({found} types parsed)"


DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_file(path, sig):
    errors, warnings = [], []
    try:
        gold = json.load(open(path, encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001
        return [f"cannot parse: {exc}"], [], None
    for k in ("doc", "date", "publisher", "entities", "relations"):
        if k not in gold:
            errors.append(f"missing top-level key {k!r}")
    if errors:
        return errors, warnings, None
    doc_path = os.path.join(HERE, "docs", gold["doc"])
    if os.path.splitext(os.path.basename(path))[0] != os.path.splitext(gold["doc"])[0]:
        errors.append("gold file name does not match doc stem")
    try:
        text = open(doc_path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read document {doc_path}: {exc}"], warnings, None
    if not 2000 <= len(text) <= 4500:
        warnings.append(f"document length {len(text)} outside 2000-4500")
    if gold["date"] is not None and not re.match(r"^\d{4}-\d{2}(-\d{2})?$", str(gold["date"])):
        errors.append(f"bad date {gold['date']!r}")

    ents = {}
    for e in gold["entities"]:
        key = e.get("key")
        if key in ents:
            errors.append(f"duplicate entity key {key}")
        ents[key] = e
        if e.get("type") not in LABELS:
            errors.append(f"entity {key}: bad type {e.get('type')!r}")
        if not isinstance(e.get("optional"), bool):
            errors.append(f"entity {key}: optional must be bool")
        names = e.get("names") or []
        if not names:
            errors.append(f"entity {key}: no names")
        elif not any(n in text for n in names):
            errors.append(f"entity {key}: no name occurs verbatim in the document")
        if len(set(names)) != len(names):
            warnings.append(f"entity {key}: repeated names")

    pub = gold["publisher"]
    if pub is not None:
        if pub not in ents:
            errors.append(f"publisher {pub!r} is not an entity key")
        elif ents[pub]["type"] not in {"Ministry", "City", "Organization"}:
            errors.append(f"publisher {pub!r} has type {ents[pub]['type']}")

    seen = set()
    for i, r in enumerate(gold["relations"]):
        tag = f"relation #{i} {r.get('source')} {r.get('type')} {r.get('target')}"
        typ, s, t = r.get("type"), r.get("source"), r.get("target")
        if typ not in sig:
            errors.append(f"{tag}: unknown type")
            continue
        if s not in ents or t not in ents:
            errors.append(f"{tag}: unknown source or target key")
            continue
        st, tt = ents[s]["type"], ents[t]["type"]
        if typ == "PART_OF":
            if (st, tt) not in PART_OF_OK:
                errors.append(f"{tag}: PART_OF {st} -> {tt} not allowed")
        else:
            src_ok, tgt_ok = sig[typ]
            if st not in src_ok or tt not in tgt_ok:
                errors.append(f"{tag}: {st} -> {tt} violates signature")
        if s == t:
            errors.append(f"{tag}: self-loop")
        if not isinstance(r.get("optional"), bool):
            errors.append(f"{tag}: optional must be bool")
        ev = r.get("evidence")
        if not ev:
            errors.append(f"{tag}: no evidence")
        elif ev not in text:
            errors.append(f"{tag}: evidence not verbatim: {ev[:60]!r}")
        triple = (s, typ, t)
        if triple in seen or (typ == "PARTNERS_WITH" and (t, typ, s) in seen):
            errors.append(f"{tag}: duplicate")
        seen.add(triple)
        props = r.get("properties", {})
        if not isinstance(props, dict):
            errors.append(f"{tag}: properties must be an object")
            continue
        if "amount_krw" in props and (not isinstance(props["amount_krw"], int) or props["amount_krw"] <= 0):
            errors.append(f"{tag}: amount_krw must be a positive int")
        if "date" in props and not DATE_RE.match(str(props["date"])):
            errors.append(f"{tag}: bad date property {props['date']!r}")
        if ents[s]["optional"] or ents[t]["optional"]:
            if not r["optional"]:
                warnings.append(f"{tag}: required relation touches an optional entity")

    stats = {
        "entities_req": sum(not e["optional"] for e in gold["entities"]),
        "entities_opt": sum(bool(e["optional"]) for e in gold["entities"]),
        "relations_req": sum(not r["optional"] for r in gold["relations"]),
        "relations_opt": sum(bool(r["optional"]) for r in gold["relations"]),
        "chars": len(text),
    }
    return errors, warnings, stats


def main():
    sig, source = load_signatures()
    print(f"signatures from {source}")
    files = sorted(glob.glob(os.path.join(HERE, "gold", "*.json")))
    if not files:
        print("no gold files found")
        return 1
    bad = 0
    for path in files:
        errors, warnings, stats = check_file(path, sig)
        name = os.path.basename(path)
        if stats:
            print(f"{name}: chars={stats['chars']} entities {stats['entities_req']} req / {stats['entities_opt']} opt, "
                  f"relations {stats['relations_req']} req / {stats['relations_opt']} opt")
        for w in warnings:
            print(f"  WARN  {w}")
        for e in errors:
            print(f"  ERROR {e}")
        bad += len(errors)
    print("OK" if not bad else f"{bad} error(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
