"""The extraction pipeline: documents in, JSON Lines records of the ONTOLOGY.md contract out.

read -> segment (boilerplate kept out) -> Kiwi/spaCy Doc -> entities -> resolution -> metadata ->
relations -> DocumentRecord. `extract_paths` is what `citykg extract` and `citykg ingest` call;
`extract_text` serves the API's POST /documents.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from citykg.extract.anaphora import (
    fold_headline_abbreviations,
    resolve_keyword_references,
    resolve_program_references,
    resolve_references,
)
from citykg.extract.document import AnnotatedDoc, Morph
from citykg.extract.entities import Recognizer
from citykg.extract.meta import find_date, find_publisher, find_title
from citykg.extract.nlp import doc_from_kiwi, get_nlp, kiwi_tokens
from citykg.extract.normalize import normalize
from citykg.extract.readers import read_document
from citykg.extract.records import DocumentRecord, Entity, Relation, Span
from citykg.extract.resolve import Resolver
from citykg.extract.resources import rulebook
from citykg.extract.rules import extract_relations
from citykg.extract.segment import segment

SUPPORTED = {".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx", ".hwp", ".hwpx"}


@dataclass
class ExtractSummary:
    documents: int = 0
    entities: int = 0
    relations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    peak_rss_kb: dict[int, int] = field(default_factory=dict)  # per extracting process (pid)

    def describe(self) -> str:
        return (
            f"extracted {self.documents} document{'s' if self.documents != 1 else ''}: "
            f"{self.entities} entities, {self.relations} relations, {len(self.failures)} failure"
            f"{'s' if len(self.failures) != 1 else ''}"
        )


# A document longer than this is extracted in pieces of about this size, cut at paragraph ends:
# the extractor's cost grows faster than its input (1.2 MB of text: 383 s whole, against 10 s per
# 100,000 characters), and so does its memory.
PIECE_CHARS = 100_000


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) cuts of `text` of at most `size` characters, after a blank line where possible."""
    out, start, n = [], 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + size // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        out.append((start, text[start:end]))
        start = end
    return out


def annotate(text: str, *, title: str | None = None, date: str | None = None) -> AnnotatedDoc:
    """The annotated document of `text` (an NFC, half-width copy; see extract.normalize), with its
    units, morphemes, entities, metadata and relations."""
    work = text
    units = segment(work)
    tokens = kiwi_tokens(work)
    adoc = AnnotatedDoc(
        work, units, [Morph(s, s + n, t, f) for s, n, t, f in tokens], doc_from_kiwi(get_nlp().vocab, work, tokens)
    )
    adoc.mentions = Recognizer(adoc).run()
    adoc.date = find_date(work, date)
    adoc.entities = Resolver(work, adoc.mentions, adoc.date).run()
    adoc.title = find_title(work, title)
    adoc.publisher = find_publisher(work, adoc.entities)
    if adoc.title:
        i = work.find(adoc.title)
        if i >= 0:
            adoc.title_span = (i, i + len(adoc.title))
    fold_headline_abbreviations(adoc)
    resolve_references(adoc)
    resolve_keyword_references(adoc)  # before demonstratives: "이 사업" may refer to a program a topic shortened
    resolve_program_references(adoc)
    extract_relations(adoc)
    return adoc


def extract_text(
    text: str,
    *,
    source: str,
    doc_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
    format: str = "txt",
    explain: list[dict] | None = None,
) -> DocumentRecord:
    """Extract one document's text (offsets in the record refer to `text` exactly).

    The work is done on an NFC, half-width copy (extract.normalize); spans are mapped back. A text
    longer than PIECE_CHARS is extracted piece by piece and the pieces' results merged (entities by
    id; title, date and publisher from the first piece, where a document states them). With
    `explain`, one entry per relation says which rule made it and what it matched."""
    from citykg.extract.readers import MAX_CHARS

    if len(text) > MAX_CHARS:
        raise ValueError(f"too long: {len(text):,} characters (the limit is {MAX_CHARS:,}, CITYKG_MAX_CHARS)")
    if len(text) <= PIECE_CHARS:
        return _extract_whole(text, source=source, doc_id=doc_id, title=title, date=date, encoding=encoding,
                              format=format, explain=explain)  # fmt: skip
    parts = pieces(text)
    first = _extract_whole(parts[0][1], source=source, doc_id=doc_id, title=title, date=date, format=format,
                           explain=explain)  # fmt: skip
    entities = {e.id: e for e in first.entities}
    relations = {_relation_key(r): r for r in first.relations}
    for offset, piece in parts[1:]:
        said: list[dict] | None = [] if explain is not None else None
        rec = _extract_whole(piece, source=source, doc_id=doc_id, title=first.title, date=first.date, format=format,
                             explain=said)  # fmt: skip
        if explain is not None and said is not None:  # entries of relations new in this piece
            explain.extend(x for x, r in zip(said, rec.relations, strict=False) if _relation_key(r) not in relations)
        for e in rec.entities:
            for m in e.mentions:
                m.start, m.end = m.start + offset, m.end + offset
            if e.id in entities:
                kept = entities[e.id]
                kept.mentions.extend(e.mentions)
                kept.aliases = sorted(set(kept.aliases) | set(e.aliases))
            else:
                entities[e.id] = e
        for r in rec.relations:
            for ev in r.evidence:
                ev.start, ev.end = ev.start + offset, ev.end + offset
            kept = relations.setdefault(_relation_key(r), r)
            if kept is not r:  # the same fact stated again further on: one relation, more evidence
                kept.evidence.extend(r.evidence)
                kept.confidence = max(kept.confidence or 0, r.confidence or 0)
    return first.model_copy(update={
        "entities": list(entities.values()),
        "relations": list(relations.values()),
        "encoding": encoding,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    })  # fmt: skip


def _relation_key(r: Relation) -> tuple[str, str, str, str]:
    return r.source, r.type, r.target, json.dumps(r.properties, sort_keys=True, ensure_ascii=False, default=str)


def _extract_whole(
    text: str,
    *,
    source: str,
    doc_id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    encoding: str | None = None,
    format: str = "txt",
    explain: list[dict] | None = None,
) -> DocumentRecord:
    """extract_text of a text short enough to be extracted whole. With `explain`, one entry per
    relation says which rule made it and what it matched."""
    norm = normalize(text)
    adoc = annotate(norm.text, title=title, date=date)
    assert adoc.relations is not None

    def span(a: int, b: int) -> Span:
        s0, e0 = norm.span(a, b)
        return Span(start=s0, end=e0, text=text[s0:e0])

    record_entities = []
    for e in adoc.entities:
        seen: set[tuple[int, int]] = set()
        spans = []
        for m in e.mentions:
            if (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            spans.append(span(m.start, m.end))
        props = {k: v for k, v in e.properties.items() if k != "eid" and not isinstance(v, tuple)}
        record_entities.append(
            Entity(
                id=e.id,
                type=e.type,
                name=e.name,
                aliases=sorted(a for a in e.aliases if a != e.name),
                properties=props,
                mentions=spans,
            )
        )
    record_relations = []
    for r in adoc.relations:
        record_relations.append(
            Relation(
                source=r.source,
                type=r.type,
                target=r.target,
                confidence=round(r.confidence, 2),
                properties={**r.properties, "rule": r.rule},
                evidence=[span(s, e) for s, e in r.evidence],
            )
        )
        if explain is not None:
            names = adoc.entity
            explain.append(
                {
                    "source": names[r.source].name,
                    "type": r.type,
                    "target": names[r.target].name,
                    "rule": r.rule,
                    "confidence": round(r.confidence, 2),
                    "matched": list(r.why),
                    "evidence": adoc.text[r.evidence[0][0] : r.evidence[0][1]] if r.evidence else "",
                }
            )
    # Rules run over sets; sort so the output is the same in every run (hash seeds differ).
    order = sorted(range(len(record_relations)), key=lambda i: _rel_key(record_relations[i]))
    record_relations = [record_relations[i] for i in order]
    if explain is not None:
        explain[:] = [explain[len(explain) - len(order) + i] for i in order]
    return DocumentRecord(
        doc_id=doc_id or f"doc:{Path(source).name}",
        source=source,
        title=adoc.title,
        date=adoc.date,
        publisher=adoc.publisher,
        entities=record_entities,
        relations=record_relations,
        encoding=encoding,
        format=format,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _rel_key(r: Relation) -> tuple:
    return (r.evidence[0].start if r.evidence else -1, r.source, r.type, r.target)


def extract_document(path: Path, doc_id: str | None = None) -> DocumentRecord:
    """Read and extract one file; raises ReadError when it cannot be read."""
    res = read_document(Path(path))
    return extract_text(
        res.text,
        source=str(path),
        doc_id=doc_id or f"doc:{Path(path).name}",
        title=res.title,
        date=res.date,
        encoding=res.encoding,
        format=res.format,
    )


def write_explanations(out: TextIO, doc_id: str, rows: list[dict]) -> None:
    """One line per relation: document, relation, rule and confidence, what it matched, evidence."""
    rules = rulebook().rules
    for row in rows:
        entry = rules.get(row["rule"].split("/", 1)[0])
        matched = "; ".join(dict.fromkeys(row["matched"])) or (entry.description if entry else "-")
        evidence = " ".join(row["evidence"].split())[:160]
        out.write(
            f"{doc_id}\t{row['source']} -{row['type']}-> {row['target']}\t{row['rule']} ({row['confidence']})"
            f"\t{matched}\t{evidence}\n"
        )


def iter_files(paths: Sequence[Path], skipped: list[tuple[str, str]] | None = None) -> Iterator[tuple[Path, str]]:
    """(file, doc_id) for every file argument and every supported file under a folder argument.
    doc_id = "doc:" + the path relative to the folder given (the basename for a file argument),
    so it stays the same when the document's content changes.

    Under a folder, symbolic links are not followed out of the folders given: a link to a file or
    folder outside them, a link loop and a dangling link are reported in `skipped` (path, reason);
    a link to a file inside them is skipped silently (the file itself is read once).
    """
    roots = [Path(p).resolve() for p in paths if Path(p).is_dir()]

    def inside(target: Path) -> bool:
        return any(target == r or r in target.parents for r in roots)

    def skip(f: Path, reason: str) -> None:
        if skipped is not None:
            skipped.append((str(f), reason))

    for p in paths:
        p = Path(p)
        if not p.is_dir():
            yield p, "doc:" + p.name
            continue
        for folder, dirs, names in sorted_walk(p):
            for name in [*dirs]:
                link = folder / name
                if link.is_symlink():  # os.walk does not descend into it: say why, when it matters
                    target = _link_target(link)
                    if target is None:
                        skip(link, "symbolic link loop (or a link that cannot be resolved); not followed")
                    elif target == folder.resolve() or target in folder.resolve().parents:
                        skip(link, f"symbolic link loop (to {target}, a folder above it); not followed")
                    elif not inside(target):
                        skip(link, f"symbolic link to a folder outside the folders given ({target}); not followed")
            for name in names:
                f = folder / name
                if f.suffix.lower() not in SUPPORTED or name.startswith("."):
                    continue
                if f.is_symlink():
                    target = _link_target(f)
                    if target is None:
                        skip(f, "symbolic link loop (or a dangling link); not followed")
                    elif not inside(target):
                        skip(f, f"symbolic link to a file outside the folders given ({target}); not followed")
                    continue
                if f.is_file():
                    yield f, "doc:" + f.relative_to(p).as_posix()


def sorted_walk(root: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    """os.walk without following links, in a stable order."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        yield Path(folder), dirs, sorted(names)


def _link_target(link: Path) -> Path | None:
    try:
        return link.resolve(strict=True)
    except (OSError, RuntimeError):  # ELOOP, a dangling link
        return None


def extract_paths(
    paths: Sequence[Path],
    out: Path,
    *,
    dump_text: Path | None = None,
    progress: bool = True,
    explain: TextIO | None = None,
    workers: int = 1,
) -> ExtractSummary:
    """Extract every document under `paths` into JSON Lines at `out`; failures are reported on
    stderr with the file name and reason, and the other documents are still written.

    `workers` processes extract (each loads the models once); records are written in input order, so
    the output is the same for any number of workers. A run that was interrupted (Ctrl-C, kill) is
    resumed: the documents its journal (`out` + ".journal") says are done are not extracted again."""
    from citykg.extract.journal import Journal
    from citykg.extract.parallel import run_ordered

    summary = ExtractSummary()
    skipped: list[tuple[str, str]] = []
    files = list(iter_files(paths, skipped))
    for name, reason in skipped:
        summary.failures.append((name, reason))
        print(f"citykg: {name}: {reason}", file=sys.stderr)
    for p in paths:
        if not Path(p).exists():
            summary.failures.append((str(p), "no such file or folder"))
            print(f"citykg: {p}: no such file or folder", file=sys.stderr)
    out = Path(out)
    if dump_text is not None:
        Path(dump_text).mkdir(parents=True, exist_ok=True)
    journal = Journal(out, [doc_id for _, doc_id in files])
    fh = journal.open_output()
    if journal.done:
        print(f"citykg: {out}: resuming an interrupted run; {journal.done} of {len(files)} documents "
              "already done", file=sys.stderr)  # fmt: skip
        summary.documents = journal.done - len(journal.failures)
        for name, reason in journal.failures:
            summary.failures.append((name, reason))
            print(f"citykg: {name}: {reason}", file=sys.stderr)
    todo = files[journal.done :]
    bar = None
    if progress and len(files) > 3:
        from tqdm import tqdm

        bar = tqdm(total=len(files), initial=journal.done, unit="doc", file=sys.stderr, desc="extract")
    try:
        outcomes = run_ordered(todo, workers, explain=explain is not None, keep_text=dump_text is not None)
        for (f, doc_id), got in zip(todo, outcomes, strict=True):
            summary.peak_rss_kb[got.pid] = max(summary.peak_rss_kb.get(got.pid, 0), got.peak_rss_kb)
            if bar is not None:
                bar.update(1)
            if got.error is not None:
                summary.failures.append(got.error)
                print(got.message, file=sys.stderr)
                journal.advance(fh, got.error)
                continue
            assert got.line is not None
            if explain is not None and got.explain is not None:
                write_explanations(explain, doc_id, got.explain)
            fh.write(got.line.encode("utf-8"))
            if dump_text is not None and got.text is not None:
                (Path(dump_text) / f"{f.name}.txt").write_text(got.text, encoding="utf-8")
            summary.documents += 1
            summary.entities += got.entities
            summary.relations += got.relations
            journal.advance(fh)
        journal.finish(fh)
    except KeyboardInterrupt:
        journal.commit(fh)  # what is written is complete: a rerun goes on from here
        raise
    finally:
        journal.close()
        fh.close()
        if bar is not None:
            bar.close()
    return summary
