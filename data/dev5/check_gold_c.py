#!/usr/bin/env python3
"""Check the blind-set gold files in gold/ against their documents in docs/.

Standard library only.  Usage:  python3 check_gold.py [--ontology PATH]

Errors (exit status 1):
  - a gold file does not parse or lacks a field; its document is missing
  - an evidence string does not occur verbatim in the document
  - an entity has no name that occurs verbatim in the document
  - a relation's source/target key is unknown, or its end types break the
    ONTOLOGY.md signature table, or the relation / entity type is unknown
  - a duplicate (source, type, target) triple (PARTNERS_WITH also checked
    in reverse, since it is scored without direction)
  - duplicate entity keys; publisher not an entity of type Ministry/City/
    Organization; malformed date or properties
Warnings (reported, not fatal):
  - a required relation touching an optional entity
  - the same normalized name on two entities of the same type
  - document length outside 2,000-4,500 characters
"""
import argparse, glob, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ONTOLOGY = '/work/shared/ONTOLOGY.md'

# Fallback copy of the signature table (used only if ONTOLOGY.md cannot be read).
FALLBACK_SIG = {
    'LEADS': ({'Ministry', 'City', 'Organization', 'Company'}, {'Program'}),
    'PARTICIPATES_IN': ({'Company', 'Organization', 'City', 'Ministry', 'Person'}, {'Program'}),
    'IMPLEMENTED_IN': ({'Program'}, {'City'}),
    'PART_OF': (None, None),  # special-cased below
    'SELECTED': ({'Ministry', 'City', 'Organization'}, {'City', 'Company', 'Organization', 'Program'}),
    'CERTIFIED': ({'City', 'Company', 'Organization', 'Program'}, {'Certification'}),
    'ISSUED_BY': ({'Certification'}, {'Ministry', 'Organization', 'Company'}),
    'FUNDS': ({'Ministry', 'City', 'Organization'}, {'Program'}),
    'PARTNERS_WITH': ({'Ministry', 'City', 'Organization', 'Company'},
                      {'Ministry', 'City', 'Organization', 'Company'}),
    'WORKS_FOR': ({'Person'}, {'Ministry', 'City', 'Organization', 'Company'}),
}
FALLBACK_PART_OF = [({'Program'}, {'Program'}), ({'City'}, {'City'}),
                    ({'Organization'}, {'Organization', 'City', 'Ministry'})]
LABELS = {'Ministry', 'City', 'Program', 'Company', 'Organization', 'Certification', 'Person'}
DATE_RE = re.compile(r'^\d{4}(-\d{2}(-\d{2})?)?$')


def parse_ontology(path):
    """Return (signatures, part_of_pairs) parsed from the relationship table."""
    try:
        text = open(path, encoding='utf-8').read()
    except OSError:
        return FALLBACK_SIG, FALLBACK_PART_OF, 'fallback (ONTOLOGY.md not readable)'
    sig, part_of = {}, []
    for line in text.splitlines():
        m = re.match(r'^\|\s*`([A-Z_]+)`\s*\|\s*([^|]*?)\s*\|', line)
        if not m or '→' not in m.group(2):
            continue
        rtype, spec = m.group(1), m.group(2)
        if rtype == 'PART_OF':
            # "Program → Program; City → City; Organization → Organization, City or Ministry"
            for part in spec.split(';'):
                a, b = part.split('→')
                src = {t.strip() for t in re.split(r',|\bor\b', a) if t.strip()}
                dst = {t.strip() for t in re.split(r',|\bor\b', b) if t.strip()}
                part_of.append((src, dst))
            sig[rtype] = (None, None)
        else:
            a, b = spec.split('→')
            src = {t.strip() for t in re.split(r',|\bor\b', a) if t.strip()}
            dst = {t.strip() for t in re.split(r',|\bor\b', b) if t.strip()}
            sig[rtype] = (src, dst)
    if len(sig) != 10 or not part_of:
        return FALLBACK_SIG, FALLBACK_PART_OF, 'fallback (table not parsed: %d types)' % len(sig)
    return sig, part_of, path


def norm(name):
    s = unicodedata.normalize('NFC', name).lower()
    s = s.replace('㈜', '').replace('(주)', '')
    return ''.join(ch for ch in s if not (ch.isspace() or unicodedata.category(ch)[0] in 'PS'))


def type_ok(rtype, st, tt, sig, part_of):
    if rtype == 'PART_OF':
        return any(st in a and tt in b for a, b in part_of)
    src, dst = sig[rtype]
    return st in src and tt in dst


def check_file(path, sig, part_of):
    errors, warnings = [], []
    try:
        gold = json.load(open(path, encoding='utf-8'))
    except Exception as e:  # noqa: BLE001
        return [f'does not parse: {e}'], [], None
    for field in ('doc', 'date', 'publisher', 'entities', 'relations'):
        if field not in gold:
            errors.append(f'missing field {field!r}')
    if errors:
        return errors, warnings, None
    doc_path = os.path.join(HERE, 'docs', gold['doc'])
    if os.path.splitext(os.path.basename(path))[0] != os.path.splitext(gold['doc'])[0]:
        errors.append(f'gold file name does not match doc {gold["doc"]!r}')
    try:
        text = open(doc_path, encoding='utf-8').read()
    except OSError as e:
        return errors + [f'document not readable: {e}'], warnings, None
    if not 2000 <= len(text) <= 4500:
        warnings.append(f'document length {len(text)} outside 2,000-4,500')
    if gold['date'] is not None and not DATE_RE.match(str(gold['date'])):
        errors.append(f'bad date {gold["date"]!r}')

    ents = {}
    for e in gold['entities']:
        for f in ('key', 'type', 'names', 'optional'):
            if f not in e:
                errors.append(f'entity {e} lacks {f!r}')
        k = e.get('key')
        if k in ents:
            errors.append(f'duplicate entity key {k!r}')
        ents[k] = e
        if e.get('type') not in LABELS:
            errors.append(f'entity {k}: unknown type {e.get("type")!r}')
        if not isinstance(e.get('optional'), bool):
            errors.append(f'entity {k}: optional must be a boolean')
        names = e.get('names') or []
        if not names or not any(n in text for n in names):
            errors.append(f'entity {k}: no name occurs verbatim in the document')
    # shared normalized names within a type
    seen = {}
    for e in gold['entities']:
        for n in e.get('names', []):
            key = (e['type'], norm(n))
            if key in seen and seen[key] != e['key']:
                warnings.append(f'name {n!r} shared by {seen[key]} and {e["key"]} ({e["type"]})')
            seen.setdefault(key, e['key'])

    pub = gold['publisher']
    if pub is not None:
        if pub not in ents:
            errors.append(f'publisher {pub!r} is not an entity key')
        elif ents[pub]['type'] not in ('Ministry', 'City', 'Organization'):
            errors.append(f'publisher {pub!r} has type {ents[pub]["type"]}')

    triples = set()
    for i, r in enumerate(gold['relations']):
        tag = f'relation #{i} {r.get("source")} {r.get("type")} {r.get("target")}'
        for f in ('source', 'type', 'target', 'optional', 'evidence'):
            if f not in r:
                errors.append(f'{tag}: lacks {f!r}')
        rt = r.get('type')
        if rt not in sig:
            errors.append(f'{tag}: unknown relation type')
            continue
        s, t = r.get('source'), r.get('target')
        if s not in ents or t not in ents:
            errors.append(f'{tag}: unknown key')
            continue
        if s == t:
            errors.append(f'{tag}: self-loop')
        st, tt = ents[s]['type'], ents[t]['type']
        if not type_ok(rt, st, tt, sig, part_of):
            errors.append(f'{tag}: {st} -> {tt} not allowed for {rt}')
        trip = (s, rt, t)
        if trip in triples or (rt == 'PARTNERS_WITH' and (t, rt, s) in triples):
            errors.append(f'{tag}: duplicate triple')
        triples.add(trip)
        ev = r.get('evidence')
        if not isinstance(ev, str) or not ev or ev not in text:
            errors.append(f'{tag}: evidence not verbatim in document: {ev!r}')
        if not isinstance(r.get('optional'), bool):
            errors.append(f'{tag}: optional must be a boolean')
        props = r.get('properties', {})
        if not isinstance(props, dict):
            errors.append(f'{tag}: properties must be an object')
            props = {}
        if 'amount_krw' in props and not (isinstance(props['amount_krw'], int) and props['amount_krw'] > 0):
            errors.append(f'{tag}: amount_krw must be a positive integer')
        if 'date' in props and not DATE_RE.match(str(props['date'])):
            errors.append(f'{tag}: bad date {props["date"]!r}')
        if not r.get('optional') and (ents[s]['optional'] or ents[t]['optional']):
            warnings.append(f'{tag}: required relation touches an optional entity')
        if rt == 'WORKS_FOR' and 'title' not in props:
            warnings.append(f'{tag}: WORKS_FOR without title')

    stats = {
        'ent_req': sum(not e['optional'] for e in gold['entities']),
        'ent_opt': sum(bool(e['optional']) for e in gold['entities']),
        'rel_req': sum(not r.get('optional') for r in gold['relations']),
        'rel_opt': sum(bool(r.get('optional')) for r in gold['relations']),
        'chars': len(text),
    }
    return errors, warnings, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ontology', default=DEFAULT_ONTOLOGY)
    args = ap.parse_args()
    sig, part_of, src = parse_ontology(args.ontology)
    print(f'signature table: {src}')
    files = sorted(glob.glob(os.path.join(HERE, 'gold', '*.json')))
    if not files:
        print('no gold files found'); return 1
    n_err = 0
    for f in files:
        errors, warnings, stats = check_file(f, sig, part_of)
        name = os.path.basename(f)
        status = 'OK' if not errors else f'{len(errors)} ERROR(S)'
        print(f'== {name}: {status}')
        if stats:
            print('   chars {chars}; entities {ent_req} req / {ent_opt} opt; '
                  'relations {rel_req} req / {rel_opt} opt'.format(**stats))
        for e in errors:
            print('   ERROR', e)
        for w in warnings:
            print('   warn ', w)
        n_err += len(errors)
    docs = {os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(HERE, 'docs', '*.txt'))}
    golds = {os.path.splitext(os.path.basename(p))[0] for p in files}
    for d in sorted(docs - golds):
        print(f'ERROR document without gold: {d}'); n_err += 1
    print('CLEAN' if n_err == 0 else f'{n_err} error(s)')
    return 0 if n_err == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
