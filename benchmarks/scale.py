"""Scale benchmarks (issue 10): figures printed as a table, no pass/fail.

    .venv/bin/python benchmarks/scale.py                    # every section
    .venv/bin/python benchmarks/scale.py --only extract     # one section (or a comma-separated list)

Sections:
  extract  characters/s of `citykg extract` over a generated corpus (benchmarks/make_corpus.py) with 1
           and 2 worker processes and with the Ray engine in local mode (with and without its start-up:
           ray.init and the actors' model loading), and each worker's peak resident memory. Every run
           is a fresh process, so the models' loading is counted for every engine alike.
  ingest   load time per 1,000 documents, first vs last tenth, documents/s, peak memory of the load
           and the largest property array, at each size of --graph-docs (benchmarks/scale_graph.py).
  queries  search, neighbors and paths p50 on the store at each size of --graph-docs.
  bulk     `citykg load --bulk` vs the incremental load on an empty graph at each size of --bulk-docs:
           wall time, documents/s, peak memory of each load (and of the bulk loader's reader
           processes), the two graphs compared by graph_summary (counts and a checksum of names and edges).

A section is a function of the parsed arguments returning rows (dicts) of one table; add one to SECTIONS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402
from scale_graph import run_bulk, run_ingest, run_queries  # noqa: E402

# One run of extraction in a process of its own; prints its summary as JSON on the last line.
_RUN = r"""
import json, sys, time
from pathlib import Path
engine, workers, corpus, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
t0 = time.perf_counter()
if engine == "ray":
    from citykg.extract.ray_engine import extract_ray
    s = extract_ray([corpus], out, workers=workers, progress=False)
    extra = {"startup_s": s.startup_s, "work_s": s.work_s, "rss_kb": list(s.actor_peak_rss_kb.values())}
else:
    from citykg.extract.pipeline import extract_paths
    s = extract_paths([corpus], out, progress=False, workers=workers)
    extra = {"rss_kb": list(s.peak_rss_kb.values())}
print(json.dumps({"wall_s": time.perf_counter() - t0, "documents": s.documents, "failures": len(s.failures), **extra}))
"""


def _extract_run(engine: str, workers: int, corpus: Path, out: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RUN, engine, str(workers), str(corpus), str(out)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    got["process_s"] = time.perf_counter() - t0  # with the interpreter's start and imports
    return got


def _output_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.glob("*.jsonl"))) if out.is_dir() else out.read_bytes()


def section_extract(args: argparse.Namespace) -> list[dict]:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="citykg-scale-"))
    corpus = work / f"corpus-{args.docs}-{args.seed}"
    if not corpus.exists():
        make_corpus(args.docs, corpus, seed=args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in corpus.rglob("*.txt"))
    print(f"extract: {args.docs} documents, {chars:,} characters ({corpus})", file=sys.stderr)
    runs = [("local", 1), ("local", 2), ("ray", 2)]
    results, outputs = {}, {}
    for engine, workers in runs:
        out = work / f"out-{engine}-{workers}" if engine == "ray" else work / f"out-{engine}-{workers}.jsonl"
        print(f"  {engine} x{workers} ...", file=sys.stderr, flush=True)
        results[engine, workers] = r = _extract_run(engine, workers, corpus, out)
        outputs[engine, workers] = _output_bytes(out)
        print(f"    {r}", file=sys.stderr, flush=True)
    base = outputs["local", 1]
    one = chars / results["local", 1]["wall_s"]
    two = chars / results["local", 2]["wall_s"]
    rows = []
    for (engine, workers), r in results.items():
        rss = r["rss_kb"]
        row = {
            "run": f"{engine} engine, {workers} worker{'s' if workers > 1 else ''}",
            "wall s": round(r["wall_s"], 1),
            "chars/s": round(chars / r["wall_s"]),
            "vs 1 worker": round(chars / r["wall_s"] / one, 2),
            "vs local x2": round(chars / r["wall_s"] / two, 2),
            "peak RSS/worker MB": round(max(rss) / 1024) if rss else "-",
            "same output": outputs[engine, workers] == base,
        }
        rows.append(row)
        if engine == "ray":
            warm = chars / r["work_s"]
            rows.append({
                "run": f"  ray without start-up ({r['startup_s']:.1f} s)", "wall s": round(r["work_s"], 1),
                "chars/s": round(warm), "vs 1 worker": round(warm / one, 2), "vs local x2": round(warm / two, 2),
                "peak RSS/worker MB": "", "same output": "",
            })  # fmt: skip
    return rows


def section_ingest(args: argparse.Namespace) -> list[dict]:
    return [run_ingest(n) for n in args.graph_docs]


def section_queries(args: argparse.Namespace) -> list[dict]:
    return [run_queries(n) for n in args.graph_docs]


def section_bulk(args: argparse.Namespace) -> list[dict]:
    return [run_bulk(n) for n in args.bulk_docs]


SECTIONS: dict[str, Callable[[argparse.Namespace], list[dict]]] = {
    "extract": section_extract,
    "ingest": section_ingest,
    "queries": section_queries,
    "bulk": section_bulk,
}


def print_table(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}\n")
    if not rows:
        return
    cols = list(rows[0])
    widths = [max(len(str(c)), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    print(" | ".join(str(c).ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("-|-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", help=f"comma-separated sections to run ({', '.join(SECTIONS)}); default all")
    ap.add_argument("--docs", type=int, default=1000, help="extract: documents in the generated corpus (1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    ap.add_argument(
        "--graph-docs",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[1000, 10000],
        help="ingest, queries: comma-separated document counts (1000,10000; 100000 takes some 13 minutes)",
    )
    ap.add_argument(
        "--bulk-docs",
        type=lambda v: [int(x) for x in v.split(",")],
        default=[3000, 10000],
        help="bulk: comma-separated document counts of the first import (3000,10000)",
    )
    ap.add_argument("--workdir", help="where corpora and outputs go (kept; default a new temporary folder)")
    args = ap.parse_args()
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        ap.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    for name in chosen:
        t0 = time.perf_counter()
        rows = SECTIONS[name](args)
        print_table(f"{name} ({time.perf_counter() - t0:.0f} s)", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
