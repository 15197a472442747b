#!/usr/bin/env python3
"""Check the blind gold files in gold/ against their documents in docs/.

Standard library only. Checks:
  * each gold file parses and has the expected top-level fields;
  * the document exists, is UTF-8, and is 1,800-4,500 characters long (warning only);
  * every entity has a known type and at least one name occurring verbatim in the document;
  * entity keys are unique; publisher (if not null) is an entity key;
  * every relation's source/target key exists, its type is one of the ten types, and
    the end types respect the From -> To signature table of ONTOLOGY.md;
  * every evidence string occurs verbatim in the document;
  * no duplicate (source, type, target) -- PARTNERS_WITH is also checked in both directions;
  * properties are well-formed (amount_krw int, date YYYY[-MM[-DD]], year int).
Exit status 0 when clean, 1 otherwise.
"""
import json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "docs")
GOLD = os.path.join(HERE, "gold")
ONTOLOGY = os.path.join(HERE, "..", "..", "..", "shared", "ONTOLOGY.md")

TYPES = {"Ministry", "City", "Program", "Company", "Organization", "Certification", "Person"}
REL_TYPES = ["LEADS", "PARTICIPATES_IN", "IMPLEMENTED_IN", "PART_OF", "SELECTED",
             "CERTIFIED", "ISSUED_BY", "FUNDS", "PARTNERS_WITH", "WORKS_FOR"]

# Fallback copy of the signature table, used only if ONTOLOGY.md cannot be parsed.
FALLBACK = {
    "LEADS": [({"Ministry", "City", "Organization", "Company"}, {"Program"})],
    "PARTICIPATES_IN": [({"Company", "Organization", "City", "Ministry", "Person"}, {"Program"})],
    "IMPLEMENTED_IN": [({"Program"}, {"City"})],
    "PART_OF": [({"Program"}, {"Program"}), ({"City"}, {"City"}),
                ({"Organization"}, {"Organization", "City", "Ministry"})],
    "SELECTED": [({"Ministry", "City", "Organization"}, {"City", "Company", "Organization", "Program"})],
    "CERTIFIED": [({"City", "Company", "Organization", "Program"}, {"Certification"})],
    "ISSUED_BY": [({"Certification"}, {"Ministry", "Organization", "Company"})],
    "FUNDS": [({"Ministry", "City", "Organization"}, {"Program"})],
    "PARTNERS_WITH": [({"Ministry", "City", "Organization", "Company"},
                       {"Ministry", "City", "Organization", "Company"})],
    "WORKS_FOR": [({"Person"}, {"Ministry", "City", "Organization", "Company"})],
}


def _typeset(text):
    parts = re.split(r",|\bor\b", text)
    return {p.strip() for p in parts if p.strip()}


def load_signatures():
    """Parse the relationship table of ONTOLOGY.md: | `TYPE` | A, B → X; C → Y | ..."""
    try:
        text = open(ONTOLOGY, encoding="utf-8").read()
    except OSError:
        return FALLBACK, "fallback (ONTOLOGY.md not readable)"
    sigs = {}
    for line in text.splitlines():
        m = re.match(r"\|\s*`([A-Z_]+)`\s*\|([^|]*)\|", line)
        if not m or m.group(1) not in REL_TYPES or "→" not in m.group(2):
            continue
        rules = []
        for seg in m.group(2).split(";"):
            if "→" not in seg:
                continue
            a, b = seg.split("→", 1)
            rules.append((_typeset(a), _typeset(b)))
        sigs[m.group(1)] = rules
    if set(sigs) != set(REL_TYPES):
        return FALLBACK, "fallback (table incomplete: %s)" % sorted(set(REL_TYPES) - set(sigs))
    for rules in sigs.values():
        for a, b in rules:
            if not (a <= TYPES and b <= TYPES):
                return FALLBACK, "fallback (unknown type in table)"
    return sigs, "ONTOLOGY.md"


def allowed(sigs, rtype, st, tt):
    for a, b in sigs[rtype]:
        if st in a and tt in b:
            return True
        if rtype == "PARTNERS_WITH" and tt in a and st in b:
            return True
    return False


DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_file(path, sigs):
    errs, warns = [], []
    try:
        g = json.load(open(path, encoding="utf-8"))
    except Exception as e:  # noqa
        return ["does not parse: %s" % e], warns, None
    for k in ("doc", "date", "publisher", "entities", "relations"):
        if k not in g:
            errs.append("missing field %r" % k)
    if errs:
        return errs, warns, None
    dpath = os.path.join(DOCS, g["doc"])
    if os.path.splitext(os.path.basename(path))[0] != os.path.splitext(g["doc"])[0]:
        errs.append("gold file stem differs from doc %r" % g["doc"])
    try:
        doc = open(dpath, encoding="utf-8").read()
    except Exception as e:  # noqa
        return ["document %s unreadable: %s" % (dpath, e)], warns, None
    if unicodedata.normalize("NFC", doc) != doc:
        warns.append("document is not NFC-normalized")
    n = len(doc)
    if not 1800 <= n <= 4500:
        warns.append("document length %d outside 1,800-4,500" % n)
    if g["date"] is not None and not DATE_RE.match(str(g["date"])):
        errs.append("bad date %r" % g["date"])

    ents = {}
    for e in g["entities"]:
        key = e.get("key")
        if key in ents:
            errs.append("duplicate entity key %r" % key)
        ents[key] = e
        if e.get("type") not in TYPES:
            errs.append("entity %r: unknown type %r" % (key, e.get("type")))
        names = e.get("names") or []
        if not names:
            errs.append("entity %r: no names" % key)
        elif not any(nm in doc for nm in names):
            errs.append("entity %r: no name occurs verbatim in the document %r" % (key, names))
        if not isinstance(e.get("optional"), bool):
            errs.append("entity %r: optional must be a boolean" % key)
    if g["publisher"] is not None and g["publisher"] not in ents:
        errs.append("publisher %r is not an entity key" % g["publisher"])

    seen = {}
    for i, r in enumerate(g["relations"]):
        tag = "relation #%d %s-%s->%s" % (i, r.get("source"), r.get("type"), r.get("target"))
        s, t, o = r.get("source"), r.get("type"), r.get("target")
        if t not in REL_TYPES:
            errs.append(tag + ": unknown relation type")
            continue
        if s not in ents:
            errs.append(tag + ": unknown source key")
        if o not in ents:
            errs.append(tag + ": unknown target key")
        if s in ents and o in ents:
            st, tt = ents[s]["type"], ents[o]["type"]
            if not allowed(sigs, t, st, tt):
                errs.append(tag + ": %s -> %s not allowed for %s" % (st, tt, t))
            if s == o:
                errs.append(tag + ": self-loop")
            if (not r.get("optional")) and (ents[s]["optional"] or ents[o]["optional"]):
                warns.append(tag + ": required relation touches an optional entity")
        ev = r.get("evidence")
        if not ev or not isinstance(ev, str):
            errs.append(tag + ": missing evidence")
        elif ev not in doc:
            errs.append(tag + ": evidence not verbatim in document: %r" % ev)
        if not isinstance(r.get("optional"), bool):
            errs.append(tag + ": optional must be a boolean")
        key = (s, t, o)
        if t == "PARTNERS_WITH":
            key = (min(s, o), t, max(s, o))
        if key in seen:
            errs.append(tag + ": duplicate of relation #%d" % seen[key])
        else:
            seen[key] = i
        props = r.get("properties", {})
        if not isinstance(props, dict):
            errs.append(tag + ": properties must be an object")
            props = {}
        if "amount_krw" in props and not isinstance(props["amount_krw"], int):
            errs.append(tag + ": amount_krw must be an integer")
        if "year" in props and not isinstance(props["year"], int):
            errs.append(tag + ": year must be an integer")
        if "date" in props and not DATE_RE.match(str(props["date"])):
            errs.append(tag + ": bad date %r" % props["date"])
        if t == "WORKS_FOR" and not props.get("title"):
            warns.append(tag + ": WORKS_FOR without title")

    stats = {
        "chars": n,
        "ent_req": sum(1 for e in g["entities"] if not e["optional"]),
        "ent_opt": sum(1 for e in g["entities"] if e["optional"]),
        "rel_req": sum(1 for r in g["relations"] if not r["optional"]),
        "rel_opt": sum(1 for r in g["relations"] if r["optional"]),
    }
    return errs, warns, stats


def main():
    sigs, src = load_signatures()
    print("signature table from %s" % src)
    files = sorted(f for f in os.listdir(GOLD) if f.endswith(".json"))
    if not files:
        print("no gold files found")
        return 1
    bad = 0
    for f in files:
        errs, warns, st = check_file(os.path.join(GOLD, f), sigs)
        status = "OK" if not errs else "FAIL"
        line = "%-40s %s" % (f, status)
        if st:
            line += "  chars=%d entities %d req/%d opt  relations %d req/%d opt" % (
                st["chars"], st["ent_req"], st["ent_opt"], st["rel_req"], st["rel_opt"])
        print(line)
        for e in errs:
            print("   ERROR  " + e)
        for w in warns:
            print("   warn   " + w)
        bad += bool(errs)
    docs = sorted(os.path.splitext(f)[0] for f in os.listdir(DOCS) if f.endswith(".txt"))
    missing = [d for d in docs if d + ".json" not in files]
    for d in missing:
        print("   ERROR  document %s.txt has no gold file" % d)
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
