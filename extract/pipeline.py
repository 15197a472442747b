"""The extraction pipeline: documents in, JSON Lines records of the ONTOLOGY.md contract out.

read -> segment (boilerplate kept out) -> Kiwi/spaCy Doc -> entities -> resolution -> metadata ->
relations -> DocumentRecord. `extract_paths` is what `citykg extract` and `citykg ingest` call;
`extract_text` serves the API's POST /documents.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from citykg.extract.anaphora import resolve_references
from citykg.extract.document import AnnotatedDoc, Morph
from citykg.extract.entities import Recognizer
from citykg.extract.meta import find_date, find_publisher, find_title
from citykg.extract.nlp import doc_from_kiwi, get_nlp, kiwi_tokens
from citykg.extract.normalize import normalize
from citykg.extract.readers import ReadError, read_document
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

    def describe(self) -> str:
        return (
            f"extracted {self.documents} document{'s' if self.documents != 1 else ''}: "
            f"{self.entities} entities, {self.relations} relations, {len(self.failures)} failure"
            f"{'s' if len(self.failures) != 1 else ''}"
        )


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
    resolve_references(adoc)
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

    The work is done on an NFC, half-width copy (extract.normalize); spans are mapped back. With
    `explain`, one entry per relation says which rule made it and what it matched."""
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


def iter_files(paths: Sequence[Path]) -> Iterator[tuple[Path, str]]:
    """(file, doc_id) for every file argument and every supported file under a folder argument.
    doc_id = "doc:" + the path relative to the folder given (the basename for a file argument),
    so it stays the same when the document's content changes."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith("."):
                    yield f, "doc:" + f.relative_to(p).as_posix()
        else:
            yield p, "doc:" + p.name


def extract_paths(
    paths: Sequence[Path],
    out: Path,
    *,
    dump_text: Path | None = None,
    progress: bool = True,
    explain: TextIO | None = None,
) -> ExtractSummary:
    """Extract every document under `paths` into JSON Lines at `out`; failures are reported on
    stderr with the file name and reason, and the other documents are still written."""
    summary = ExtractSummary()
    files = list(iter_files(paths))
    for p in paths:
        if not Path(p).exists():
            summary.failures.append((str(p), "no such file or folder"))
            print(f"citykg: {p}: no such file or folder", file=sys.stderr)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if dump_text is not None:
        Path(dump_text).mkdir(parents=True, exist_ok=True)
    bar = None
    if progress and len(files) > 3:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="doc", file=sys.stderr, desc="extract")
    with out.open("w", encoding="utf-8") as fh:
        for f, doc_id in files:
            try:
                res = read_document(f)
                why: list[dict] | None = [] if explain is not None else None
                rec = extract_text(
                    res.text,
                    source=str(f),
                    doc_id=doc_id,
                    title=res.title,
                    date=res.date,
                    encoding=res.encoding,
                    format=res.format,
                    explain=why,
                )
                if explain is not None and why is not None:
                    write_explanations(explain, doc_id, why)
            except ReadError as e:
                summary.failures.append((str(f), e.reason))
                print(f"citykg: {f}: {e.reason}", file=sys.stderr)
                continue
            except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
                summary.failures.append((str(f), f"{type(e).__name__}: {e}"))
                print(f"citykg: {f}: extraction failed: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            finally:
                if bar is not None:
                    bar.update(1)
            fh.write(rec.to_json() + "\n")
            if dump_text is not None:
                (Path(dump_text) / f"{f.name}.txt").write_text(res.text, encoding="utf-8")
            summary.documents += 1
            summary.entities += len(rec.entities)
            summary.relations += len(rec.relations)
    if bar is not None:
        bar.close()
    return summary
