"""Gazetteer load time and lookup rate.

    .venv/bin/python benchmarks/gazetteer.py

Loads extract/data/gazetteer/*.tsv afresh several times (bypassing the per-process cache) and
prints the median load time (target: < 0.2 s), the entity and surface counts, and lookups per
second over every surface form.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citykg.extract.gazetteer import _load, gazetteer_dirs  # noqa: E402


def main() -> None:
    dirs = gazetteer_dirs()
    times = []
    for _ in range(7):
        start = time.perf_counter()
        gaz = _load(dirs)
        times.append(time.perf_counter() - start)
    surfaces = list(gaz.surfaces())
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for s in surfaces:
            gaz.lookup(s)
    rate = rounds * len(surfaces) / (time.perf_counter() - start)
    ambiguous = sum(1 for s in surfaces if gaz.is_ambiguous(s))
    print(f"entities: {len(gaz)}  surfaces: {len(surfaces)}  ambiguous surfaces: {ambiguous}")
    print(f"load (median of 7, uncached): {statistics.median(times) * 1000:.1f} ms  (target < 200 ms)")
    print(f"lookups: {rate:,.0f}/s")


if __name__ == "__main__":
    main()
