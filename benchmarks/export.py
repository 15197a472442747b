"""`citykg export` on graphs of growing size: seconds, items/s and peak Python memory per format.

    .venv/bin/python benchmarks/export.py --docs 500 2000

Loads the synthetic documents of benchmarks/load.py (same sizes and entity mix) into a fresh
embedded store with the loader, then exports the graph in every format. The exporter reads the
store in pages, so its peak memory (tracemalloc over a second GraphML run: Python allocations) should stay
flat as the graph grows while the time grows linearly.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import synthetic_records  # noqa: E402

from citykg.graph.embedded import EmbeddedServer  # noqa: E402
from citykg.graph.export import FORMATS, export_graph  # noqa: E402
from citykg.graph.falkordb_store import FalkorDBStore  # noqa: E402
from citykg.graph.loader import load_records  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[500, 2000], help="graph sizes in synthetic documents")
    ap.add_argument("--page-size", type=int, default=2000)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer(Path(tmp) / "store")
        info = server.start(detach=False)
        try:
            print(f"{'docs':>6} {'format':<12} {'nodes':>8} {'rels':>8} {'seconds':>8} {'items/s':>9} "
                  f"{'peak MB':>8} {'size MB':>8}")  # fmt: skip
            for n in args.docs:
                store = FalkorDBStore(info.host, info.port, f"export_{n}", password=info.password)
                store.ensure_schema()
                t = time.perf_counter()
                load_records(store, synthetic_records(n))
                print(f"# loaded {n} documents in {time.perf_counter() - t:.1f} s: {store.counts()}")
                for fmt in FORMATS:
                    out = Path(tmp) / f"{n}-{fmt}" / ("graph." + fmt if fmt in ("graphml", "jsonl") else "")
                    s = export_graph(store, fmt, out, page_size=args.page_size, progress=False)
                    peak = float("nan")
                    if fmt == "graphml":  # tracemalloc slows Python down several times: a second, traced run
                        tracemalloc.start()
                        export_graph(store, fmt, out, page_size=args.page_size, progress=False)
                        peak = tracemalloc.get_traced_memory()[1] / 2**20
                        tracemalloc.stop()
                    size = sum(f.stat().st_size for f in s.files) / 2**20
                    items = s.nodes + s.relationships
                    print(f"{n:>6} {fmt:<12} {s.nodes:>8} {s.relationships:>8} {s.seconds:>8.2f} "
                          f"{items / s.seconds:>9.0f} {peak:>8.1f} {size:>8.1f}")  # fmt: skip
                store.clear()
                store.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
