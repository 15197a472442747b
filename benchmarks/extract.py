"""Extraction throughput and memory on the sample corpus repeated to >= 2 MB.

Prints characters/second of the whole extractor (read -> record, JSON included) next to Kiwi's own
tokenization of the same texts in the same run, their ratio (the target is >= 0.5), and the peak
resident memory sampled about every 200 KB of input, to show it stays flat over the batch.

usage: .venv/bin/python benchmarks/extract.py [--samples data/samples] [--mb 2]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """Current resident set size in MB (from /proc; falls back to the peak from getrusage)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    ap.add_argument("--mb", type=float, default=2.0, help="input size in MB of text (UTF-8)")
    args = ap.parse_args()

    from citykg.extract.nlp import blocks, get_kiwi, get_nlp
    from citykg.extract.pipeline import extract_text
    from citykg.extract.readers import read_document

    texts = [(p.name, read_document(p).text) for p in sorted(args.samples.iterdir()) if p.is_file()]
    if not texts:
        print(f"no documents in {args.samples}", file=sys.stderr)
        return 2
    target = int(args.mb * 1024 * 1024)
    batch: list[tuple[str, str]] = []
    size = 0
    i = 0
    while size < target:
        name, text = texts[i % len(texts)]
        batch.append((f"{i:05d}_{name}", text))
        size += len(text.encode("utf-8"))
        i += 1
    chars = sum(len(t) for _, t in batch)

    # warm up: model loading, user words, matchers (once per process, not per document)
    t0 = time.perf_counter()
    extract_text(texts[0][1], source=texts[0][0])
    warm = time.perf_counter() - t0
    kiwi = get_kiwi()
    get_nlp()

    # Interleaved per document, so that the three timings see the same machine load
    # (the machine is shared; sequential phases would compare different loads).
    kiwi_whole_s = kiwi_s = ext_s = 0.0
    samples = []
    next_mark = 0
    done = 0
    base = rss_mb()
    for name, text in batch:
        t0 = time.perf_counter()
        kiwi.tokenize(text)
        t1 = time.perf_counter()
        for _, piece in blocks(text):  # the blocks the extractor hands to Kiwi
            kiwi.tokenize(piece)
        t2 = time.perf_counter()
        rec = extract_text(text, source=name)
        rec.to_json()
        t3 = time.perf_counter()
        kiwi_whole_s += t1 - t0
        kiwi_s += t2 - t1
        ext_s += t3 - t2
        done += len(text.encode("utf-8"))
        if done >= next_mark:
            samples.append((done / 1024, rss_mb()))
            next_mark += 200 * 1024
    samples.append((done / 1024, rss_mb()))

    print(f"input: {len(batch)} documents, {chars:,} characters, {size / 1024 / 1024:.2f} MB (UTF-8)")
    print(f"warm-up (model, user words, matchers): {warm:.2f} s")
    print(f"Kiwi tokenize, whole documents: {chars / kiwi_whole_s:12,.0f} chars/s  ({kiwi_whole_s:.2f} s)")
    print(f"Kiwi tokenize, same blocks:     {chars / kiwi_s:12,.0f} chars/s  ({kiwi_s:.2f} s)")
    print(f"whole extractor:                {chars / ext_s:12,.0f} chars/s  ({ext_s:.2f} s)")
    print(f"ratio extractor / Kiwi (same blocks): {kiwi_s / ext_s:.2f}  (target >= 0.50)")
    print(f"ratio extractor / Kiwi (whole docs):  {kiwi_whole_s / ext_s:.2f}")
    print(f"resident memory before the batch: {base:.1f} MB")
    print("resident memory every ~200 KB of input (KB done -> MB):")
    print("  " + ", ".join(f"{kb:.0f}:{mb:.1f}" for kb, mb in samples))
    growth = samples[-1][1] - samples[0][1]
    print(
        f"growth over the batch: {growth:+.1f} MB (first sample {samples[0][1]:.1f} MB, "
        f"last {samples[-1][1]:.1f} MB, peak {max(mb for _, mb in samples):.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
