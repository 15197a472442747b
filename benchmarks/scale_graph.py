"""The graph side of scale (issue 10): load cost per document as hubs grow, peak memory of a load,
query latency at 1k and 100k documents, bulk vs incremental first import.

    .venv/bin/python benchmarks/scale_graph.py                  # 1k and 10k: ingest, queries, bulk
    .venv/bin/python benchmarks/scale_graph.py --ingest 100000  # one size, one measurement
    .venv/bin/python benchmarks/scale_graph.py --queries 1000 100000

Documents are copies of the sample documents' extraction (`citykg extract data/samples`, run once
and cached) under new doc ids and dates, so every document mentions the same entities: the worst
case for hubs (국토교통부 is in most of them). Each measurement runs in a child process of its own
with a fresh embedded FalkorDB, so peak memory (ru_maxrss of the loading process) is that load's.

Targets: load time of the last 10% of documents <= 1.3x the first 10%; peak memory flat in N;
search and neighbors p50 at 100k within 2x of 1k; bulk >= 3x faster than incremental.
`run_ingest`, `run_queries` and `run_bulk` return dicts (benchmarks/scale.py imports them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "benchmarks" / ".cache"
SAMPLES_JSONL = CACHE / "samples.jsonl"
STEP = 1000  # documents per timing step
HUB = "ministry:국토교통부"
PATH_TARGET = "company:LG_CNS"
SEARCH = "국토"
QUERY_RUNS = 100


def sample_records() -> list[Any]:
    """The extraction of data/samples (cached in benchmarks/.cache)."""
    from citykg.extract.records import DocumentRecord

    if not SAMPLES_JSONL.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        cli = Path(sys.executable).parent / "citykg"
        subprocess.run([str(cli), "extract", str(ROOT / "data" / "samples"), "-o", str(SAMPLES_JSONL)], check=True)
    lines = SAMPLES_JSONL.read_text(encoding="utf-8").splitlines()
    return [DocumentRecord.model_validate_json(line) for line in lines if line.strip()]


def copied_records(n_docs: int) -> Iterator[Any]:
    """`n_docs` records: the samples over and over under new ids, one day apart (over ten years)."""
    base = sample_records()
    day0 = dt.date(2015, 1, 1)
    for i in range(n_docs):
        rec = base[i % len(base)]
        date = (day0 + dt.timedelta(days=(i // len(base)) % 3650)).isoformat()
        yield rec.model_copy(update={"doc_id": f"{rec.doc_id}#{i:07d}", "date": date})


def write_corpus(n_docs: int) -> Path:
    path = CACHE / f"copies-{n_docs}.jsonl"
    if not path.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        with open(tmp, "w", encoding="utf-8") as fh:
            for rec in copied_records(n_docs):
                fh.write(rec.model_dump_json() + "\n")
        tmp.rename(path)
    return path


@contextmanager
def fresh_store(graph: str = "scale") -> Iterator[Any]:
    from citykg.graph.embedded import EmbeddedServer
    from citykg.graph.falkordb_store import FalkorDBStore

    with tempfile.TemporaryDirectory(prefix="citykg-scale-") as tmp:
        server = EmbeddedServer(Path(tmp))
        info = server.start(detach=False)
        try:
            store = FalkorDBStore(info.host, info.port, graph, password=info.password)
            store.lock_dir = Path(tmp)
            store.ensure_schema()
            store.server_pid = info.pid  # type: ignore[attr-defined]
            yield store
            store.close()
        finally:
            server.stop()


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _child(fn: Callable[..., dict[str, Any]], args: tuple[Any, ...], out: Any) -> None:
    try:
        out.send(("ok", fn(*args)))
    except BaseException as e:  # noqa: BLE001 - handed to the parent
        out.send(("error", f"{type(e).__name__}: {e}"))


def _in_child(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run one measurement in a fresh process (not a daemon: the bulk loader starts its reader):
    its peak memory is its own."""
    ctx = mp.get_context("spawn")
    mine, theirs = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, theirs))
    proc.start()
    kind, value = mine.recv()
    proc.join()
    if kind != "ok":
        raise RuntimeError(f"{fn.__name__}{args}: {value}")
    return value


# --------------------------------------------------------------------------- ingest


def _ingest(n_docs: int) -> dict[str, Any]:
    from citykg.graph.checksum import graph_summary
    from citykg.graph.loader import LoadSummary, _read_jsonl, load_records

    path = write_corpus(n_docs)
    marks: list[float] = []
    summary = LoadSummary()

    def timed() -> Iterator[Any]:
        for i, rec in enumerate(_read_jsonl(path, summary)):
            if i % STEP == 0:
                marks.append(time.perf_counter())
                if len(marks) > 1:  # progress, for long runs: documents so far, seconds for the last 1,000
                    print(f"  {i} docs: {marks[-1] - marks[-2]:.2f} s", file=sys.stderr, flush=True)
            yield rec

    with fresh_store() as store:
        start = time.perf_counter()
        load_records(store, timed(), summary=summary)
        total = time.perf_counter() - start
        marks.append(time.perf_counter())
        server_mb = _rss_mb(store.server_pid)
        shape = graph_summary(store, arrays=True) if n_docs <= 20_000 else None
        hub = store.read("MATCH (e:Entity {id: $id}) RETURN e.doc_count AS n", {"id": HUB})
        hub_edge = store.read(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN r.count AS n, size(r.evidence) AS samples ORDER BY n DESC LIMIT 1"
        )
        largest = shape.largest_array if shape else _largest_hot_array(store)
    steps = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    tenth = max(1, len(steps) // 10)
    first, last = statistics.mean(steps[:tenth]), statistics.mean(steps[-tenth:])
    return {
        "docs": n_docs,
        "seconds": round(total, 2),
        "docs_per_s": round(n_docs / total, 1),
        "s_per_1000_first10pct": round(first * STEP / min(STEP, n_docs), 3),
        "s_per_1000_last10pct": round(last * STEP / min(STEP, n_docs), 3),
        "last_over_first": round(last / first, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "server_rss_mb": round(server_mb, 1) if server_mb else None,
        "largest_array": largest,
        "hub_doc_count": hub[0]["n"] if hub else None,
        "hub_edge_count": hub_edge[0]["n"] if hub_edge else None,
        "hub_edge_samples": hub_edge[0]["samples"] if hub_edge else None,
        "failures": len(summary.failures),
    }


def _largest_hot_array(store: Any) -> int:
    """The longest list on entities and entity-entity edges (the hot ones), without reading the
    millions of Evidence nodes (per-document, bounded by their document)."""
    from citykg.graph.checksum import GraphSummary, _arrays

    out = GraphSummary()
    for row in store.read("MATCH (e:Entity) RETURN e"):
        _arrays(out, row["e"], "entity")
    for row in store.read("MATCH (:Entity)-[r]->(:Entity) RETURN r"):
        _arrays(out, row["r"], "relation")
    return out.largest_array


def run_ingest(n_docs: int) -> dict[str, Any]:
    """Incremental load of `n_docs` copied documents into an empty store: time per 1,000 documents
    (first vs last tenth), documents/s, peak memory, the largest property array."""
    return _in_child(_ingest, n_docs)


# --------------------------------------------------------------------------- queries


def _p50_ms(fn: Callable[[], Any], runs: int = QUERY_RUNS) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 3)


def _queries(n_docs: int) -> dict[str, Any]:
    from citykg.api import service
    from citykg.graph.bulk import bulk_load_jsonl

    path = write_corpus(n_docs)
    with fresh_store() as store:
        bulk_load_jsonl(store, path)
        page = service.edge_evidence
        hub_rel = store.read(
            "MATCH (a:Entity {id: $id})-[r]->(b:Entity) RETURN type(r) AS t, b.id AS b ORDER BY r.count DESC LIMIT 1",
            {"id": HUB},
        )[0]
        return {
            "docs": n_docs,
            "search_ms": _p50_ms(lambda: store.search_entities(SEARCH, limit=20)),
            "neighbors_ms": _p50_ms(lambda: service.neighbors(store, HUB, limit=50)),
            "paths_ms": _p50_ms(lambda: service.find_paths(store, HUB, PATH_TARGET, max_hops=4)),
            "evidence_page_ms": _p50_ms(lambda: page(store, HUB, hub_rel["t"], hub_rel["b"], limit=20, offset=0)),
        }


def run_queries(n_docs: int) -> dict[str, Any]:
    """Store query p50 (ms) for search, neighbors of the hub, paths from it, and a page of a hub
    edge's evidence, on a store holding `n_docs` copied documents."""
    return _in_child(_queries, n_docs)


# --------------------------------------------------------------------------- bulk


def _load_once(n_docs: int, how: str) -> dict[str, Any]:
    """One first import of `n_docs` copied documents into an empty store, `how` = incremental or bulk:
    wall time, peak memory of this process and of its reader processes (the bulk loader's), the graph."""
    from citykg.graph.bulk import bulk_load_jsonl
    from citykg.graph.checksum import graph_summary
    from citykg.graph.loader import load_jsonl

    path = write_corpus(n_docs)
    with fresh_store(how) as store:
        t = time.perf_counter()
        summary = (bulk_load_jsonl if how == "bulk" else load_jsonl)(store, path)
        seconds = time.perf_counter() - t
        g = graph_summary(store, arrays=False)
    from citykg.graph.falkordb_bulk import READERS_PEAK_RSS_KB

    return {
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "readers_rss_mb": max(READERS_PEAK_RSS_KB, default=0) / 1024 if how == "bulk" else 0,
        "failures": len(summary.failures),
        "graph": (g.nodes, g.relationships, dict(g.labels), dict(g.types), g.checksum),
    }


def run_bulk(n_docs: int) -> dict[str, Any]:
    """Incremental vs bulk first import of `n_docs` copied documents, each into an empty store of its
    own and in a process of its own (back to back); the two graphs compared by counts by label and
    type and the checksum of names and edge keys."""
    inc = _in_child(_load_once, n_docs, "incremental")
    bulk = _in_child(_load_once, n_docs, "bulk")
    return {
        "docs": n_docs,
        "incremental_s": round(inc["seconds"], 2),
        "bulk_s": round(bulk["seconds"], 2),
        "speedup": round(inc["seconds"] / bulk["seconds"], 2),
        "incr_docs_s": round(n_docs / inc["seconds"]),
        "bulk_docs_s": round(n_docs / bulk["seconds"]),
        "incr_rss_mb": round(inc["rss_mb"]),
        "bulk_rss_mb": round(bulk["rss_mb"]),
        "readers_rss_mb": round(bulk["readers_rss_mb"]),
        "same_graph": inc["graph"] == bulk["graph"],
        "nodes": bulk["graph"][0],
        "relationships": bulk["graph"][1],
        "checksum": bulk["graph"][4],
        "failures": inc["failures"] + bulk["failures"],
    }


# --------------------------------------------------------------------------- CLI


def _table(title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(str(r.get(c))) for r in rows)) for c in cols}
    print(f"\n{title}")
    print("  ".join(c.rjust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r.get(c)).rjust(widths[c]) for c in cols))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ingest", type=int, nargs="*", help="document counts for the load measurement")
    ap.add_argument("--queries", type=int, nargs="*", help="document counts for the query measurement")
    ap.add_argument("--bulk", type=int, nargs="*", help="document counts for bulk vs incremental")
    ap.add_argument("--repeat", type=int, default=1, help="run each measurement this many times (back to back)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = ap.parse_args()
    if args.ingest is None and args.queries is None and args.bulk is None:
        args.ingest, args.queries, args.bulk = [1000, 10000], [1000, 10000], [3000, 10000]
    results: dict[str, list[dict[str, Any]]] = {}
    for name, sizes, fn in (("ingest", args.ingest, run_ingest), ("queries", args.queries, run_queries),
                            ("bulk", args.bulk, run_bulk)):  # fmt: skip
        for n in [n for n in sizes or [] for _ in range(args.repeat)]:
            t = time.perf_counter()
            row = fn(n)
            print(f"{name} {n}: {row} ({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)
            results.setdefault(name, []).append(row)
    for name, rows in results.items():
        _table(name, rows)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("TQDM_DISABLE", "1")
    main()
