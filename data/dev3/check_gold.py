#!/usr/bin/env python3
"""Sanity check of the heldout3 gold: evidence strings and names occur in the document,
relation ends have the entity types ONTOLOGY.md allows. Prints names that do not occur
verbatim (canonical full names added for matching) so a reviewer can see them."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from citykg.extract.records import RELATION_SIGNATURES  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent
ALL = {"Ministry", "City", "Program", "Company", "Organization", "Certification", "Person"}
SIG = RELATION_SIGNATURES  # ONTOLOGY.md's relation table, one copy for the project
errors = 0
for gp in sorted((ROOT / "gold").glob("*.json")):
    g = json.loads(gp.read_text(encoding="utf-8"))
    text = (ROOT / "docs" / g["doc"]).read_text(encoding="utf-8")
    types = {e["key"]: e["type"] for e in g["entities"]}
    for e in g["entities"]:
        absent = [n for n in e["names"] if n not in text]
        if len(absent) == len(e["names"]):
            print(f"ERROR {g['doc']}: no name of {e['key']} occurs")
            errors += 1
        elif absent:
            print(f"note  {g['doc']}: {e['key']}: not verbatim (canonical/variant): {absent}")
    for r in g["relations"]:
        if r["evidence"] not in text:
            print(f"ERROR {g['doc']}: evidence not in text: {r['evidence']!r}")
            errors += 1
        src, tgt = SIG[r["type"]]
        if types[r["source"]] not in src or types[r["target"]] not in tgt:
            print(f"ERROR {g['doc']}: {r['source']}({types[r['source']]}) -{r['type']}-> "
                  f"{r['target']}({types[r['target']]}) breaks the type signature")
            errors += 1
    req_e = sum(not e["optional"] for e in g["entities"])
    req_r = sum(not r["optional"] for r in g["relations"])
    print(f"ok    {g['doc']}: {len(text)} chars, {len(g['entities'])} entities ({req_e} required), "
          f"{len(g['relations'])} relations ({req_r} required)")
sys.exit(1 if errors else 0)
