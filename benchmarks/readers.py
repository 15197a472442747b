"""Reading speed per format on the sample corpus.

Writes each sample document as DOCX, HWPX, HWP 5.0, PDF and HTML with the writers the reader tests use
(tests/readers/readers_release.py: python-docx, python-hwpx, reportlab), then times `read_document` on
each and prints seconds per document and characters per second, per format. The first PDF read loads
Kiwi (used to rejoin wrapped lines); it is loaded before timing.

usage: .venv/bin/python benchmarks/readers.py [--samples data/samples] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "readers"))


def main() -> None:
    from readers_release import WRITERS, seed_doc

    from citykg.extract.nlp import get_kiwi
    from citykg.extract.readers import read_document

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    samples = sorted(args.samples.glob("*.txt"))
    get_kiwi()
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[str, list[Path]] = {}
        for sample in samples:
            doc = seed_doc(sample.read_text(encoding="utf-8"))
            for fmt, write in WRITERS.items():
                files.setdefault(fmt, []).append(write(Path(tmp) / f"{sample.stem}.{fmt}", doc))
        print(f"{len(samples)} sample documents, best of {args.repeat} runs")
        print(f"{'format':<6} {'s/doc':>8} {'chars/s':>10} {'bytes':>9}")
        for fmt, paths in files.items():
            best = float("inf")
            chars = 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                chars = sum(len(read_document(p).text) for p in paths)
                best = min(best, time.perf_counter() - start)
            size = sum(p.stat().st_size for p in paths)
            print(f"{fmt:<6} {best / len(paths):>8.3f} {chars / best:>10,.0f} {size:>9,}")


if __name__ == "__main__":
    main()
