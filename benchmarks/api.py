"""API latency and throughput against the same queries run straight on the store.

    .venv/bin/python benchmarks/api.py                      # samples into a temporary store
    .venv/bin/python benchmarks/api.py --data-dir DIR --graph citykg   # an existing loaded store

Starts `citykg serve` as a separate process on a free loopback port (a real uvicorn server),
then, in one run:
- p50/p99 latency of GET /entities?q=, /entities/{id}/neighbors and /paths over HTTP (httpx,
  keep-alive), and of the same service calls in this process straight on the store; the API's
  overhead (API p50 - store p50; target: <= 1 ms for search and neighbors) and the ratio;
- requests per second of GET /entities?q=, /entities/{id}/neighbors and /entities/{id} with N
  concurrent clients (threads, each with its own keep-alive connection), bounded by a request
  count and a time limit (issue 10's target: >= 854 req/s at 16 clients, 2x the 427 of before).
- the floor of this setup: the same client against servers that do no store call, with the same
  uvicorn settings and number of workers: a bare ASGI app answering a constant small JSON (the
  client, the loopback and uvicorn alone), and citykg's own app (its middleware, error handlers and
  routing) with one extra route answering that JSON. An API's p50 cannot go below it.
`--workers N` serves with N worker processes (`citykg serve --workers N`).
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citykg.api import service  # noqa: E402
from citykg.graph.config import StoreSettings  # noqa: E402
from citykg.graph.connect import open_store  # noqa: E402
from citykg.graph.embedded import EmbeddedServer  # noqa: E402
from citykg.graph.store import GraphStore  # noqa: E402

SEARCH_TERMS = ["세종", "국토부", "스마트", "LG", "광산", "인증", "서울", "챌린지"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def timed_call(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def timed_pairs(
    n: int, api_calls: Iterator[Callable[[], object]], store_calls: Iterator[Callable[[], object]]
) -> tuple[list[float], list[float]]:
    """Latencies (ms) of n API calls and n store calls, interleaved so that both meet the same load
    (the machine is shared), after 10 warm-up calls of each."""
    for _ in range(10):
        next(api_calls)()
        next(store_calls)()
    api_ms, store_ms = [], []
    for _ in range(n):
        for calls, out in ((api_calls, api_ms), (store_calls, store_ms)):
            call = next(calls)
            t0 = time.perf_counter()
            call()
            out.append((time.perf_counter() - t0) * 1000)
    return api_ms, store_ms


@contextlib.contextmanager
def sample_store(args: argparse.Namespace) -> Iterator[tuple[Path, str]]:
    """(data dir, graph name) of a running store with data; by default the samples in a temporary one."""
    if args.data_dir:
        EmbeddedServer(Path(args.data_dir)).start()
        yield Path(args.data_dir), args.graph
        return
    from citykg.extract.pipeline import extract_paths
    from citykg.graph.loader import load_jsonl

    with tempfile.TemporaryDirectory(prefix="citykg-bench-") as tmp:
        data_dir = Path(tmp) / "store"
        server = EmbeddedServer(data_dir)
        server.start()
        try:
            out = Path(tmp) / "samples.jsonl"
            extract_paths([ROOT / "data" / "samples"], out, progress=False)
            with open_store(StoreSettings(data_dir=data_dir, graph_name=args.graph)) as store:
                load_jsonl(store, out)
            yield data_dir, args.graph
        finally:
            server.stop()


from api_floor import FLOOR_APPS  # noqa: E402


def serve_floor(kind: str, port: int, workers: int | None) -> None:
    """Run a floor app (`--serve-floor KIND`) with the uvicorn settings of `citykg serve`."""
    import uvicorn

    target = "api_floor:bare_app" if kind == "bare" else "api_floor:citykg_floor_app"
    uvicorn.run(
        target, factory=kind != "bare", app_dir=str(Path(__file__).resolve().parent), host="127.0.0.1",
        port=port, workers=workers or 1, log_level="warning", access_log=False,
    )  # fmt: skip


@contextlib.contextmanager
def api_server(data_dir: Path, graph: str, workers: int | None = None, floor: str | None = None) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "CITYKG_DATA_DIR": str(data_dir), "CITYKG_GRAPH": graph, "CITYKG_STORE": "embedded"}
    if floor:
        command = [sys.executable, str(Path(__file__).resolve()), "--serve-floor", floor, "--port", str(port)]
    else:
        command = [str(Path(sys.executable).parent / "citykg"), "serve", "--port", str(port)]
    proc = subprocess.Popen(
        command + (["--workers", str(workers)] if workers else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"citykg serve did not come up on {base}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def workload(store: GraphStore) -> tuple[list[str], list[tuple[str, str]]]:
    """Entity ids (most connected first) and path pairs among them, read from the graph itself."""
    stats = service.graph_stats(store, top=20)
    ids = [e["id"] for e in stats["top_by_degree"]]
    pairs = [(a, b) for a, b in itertools.combinations(ids[:8], 2)][:12]
    with contextlib.suppress(LookupError):
        chain = (
            service.resolve_entity(store, "국토교통부")["id"],
            service.resolve_entity(store, "LG CNS")["id"],
        )
        pairs.insert(0, chain)
    return ids, pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data-dir", help="An embedded store that already holds data (default: load the samples)."
    )
    ap.add_argument("--graph", default="citykg_bench", help="Graph name (CITYKG_GRAPH).")
    ap.add_argument("-n", "--requests", type=int, default=300, help="Timed requests per endpoint.")
    ap.add_argument("--clients", type=int, default=16, help="Concurrent clients for the throughput run.")
    ap.add_argument("--rps-requests", type=int, default=4000, help="Most requests in the throughput run.")
    ap.add_argument("--rps-seconds", type=float, default=10.0, help="Longest throughput run.")
    ap.add_argument("--no-rps", action="store_true", help="Skip the throughput run.")
    ap.add_argument("--workers", type=int, help="API worker processes (default: citykg serve's).")
    ap.add_argument("--no-floor", action="store_true", help="Skip the floor of the setup.")
    ap.add_argument("--serve-floor", choices=sorted(FLOOR_APPS), help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_floor:
        serve_floor(args.serve_floor, args.port, args.workers)
        return

    with (
        sample_store(args) as (data_dir, graph),
        open_store(StoreSettings(data_dir=data_dir, graph_name=graph)) as store,
    ):
        ids, pairs = workload(store)
        if not ids:
            raise SystemExit("the graph is empty")
        print(
            f"store: {store.backend} graph {graph!r} {store.counts()}; "
            f"{len(ids)} entity ids, {len(pairs)} path pairs"
        )
        with api_server(data_dir, graph, args.workers) as base, httpx.Client(base_url=base, timeout=30) as http:
            terms, idc, pairc = itertools.cycle(SEARCH_TERMS), itertools.cycle(ids), itertools.cycle(pairs)

            def get(url: str) -> Callable[[], object]:
                def call() -> object:
                    r = http.get(url)
                    r.raise_for_status()
                    return r

                return call

            cases = {
                "GET /entities?q=": (
                    (get(f"/entities?q={quote(t)}&limit=20") for t in terms),
                    ((lambda t=t: service.search_entities(store, t, limit=21)) for t in terms),
                ),
                "GET /entities/{id}/neighbors": (
                    (get(f"/entities/{quote(i, safe='')}/neighbors?limit=50") for i in idc),
                    ((lambda i=i: service.neighbors(store, i, limit=50)) for i in idc),
                ),
                "GET /paths (by id)": (
                    (get(f"/paths?source={quote(a)}&target={quote(b)}&max_hops=4") for a, b in pairc),
                    ((lambda a=a, b=b: service.find_paths(store, a, b, max_hops=4)) for a, b in pairc),
                ),
            }
            print(
                f"\nlatency over {args.requests} requests each (ms); "
                "'store' = the same service calls in-process"
            )
            print(
                f"{'endpoint':32} {'API p50':>8} {'API p99':>8} {'store p50':>10} {'store p99':>10} "
                f"{'overhead':>9} {'p50 ratio':>10}"
            )
            for name, (api_calls, store_calls) in cases.items():
                api_ms, store_ms = timed_pairs(args.requests, api_calls, store_calls)
                a50, s50 = statistics.median(api_ms), statistics.median(store_ms)
                print(
                    f"{name:32} {a50:8.2f} {percentile(api_ms, 99):8.2f} {s50:10.2f} "
                    f"{percentile(store_ms, 99):10.2f} {a50 - s50:9.2f} {a50 / s50:9.2f}x"
                )
            # The fixed cost of one request (client, HTTP, routing, JSON) without any store call.
            floor = [timed_call(get("/queries")) for _ in range(args.requests)]
            print(
                f"{'GET /queries (no store call)':32} {statistics.median(floor):8.2f} "
                f"{percentile(floor, 99):8.2f}"
            )

            if not args.no_rps:
                print(f"\nthroughput, {args.clients} clients:")
                urls = {
                    "GET /entities?q=": lambda k: f"/entities?q={quote(SEARCH_TERMS[k % len(SEARCH_TERMS)])}&limit=20",
                    "GET /entities/{id}/neighbors": lambda k: (
                        f"/entities/{quote(ids[k % len(ids)], safe='')}/neighbors?limit=50"
                    ),
                    "GET /entities/{id}": lambda k: f"/entities/{quote(ids[k % len(ids)], safe='')}",
                }
                for name, url in urls.items():
                    print(f"{name:32} " + throughput(base, url, args.clients, args.rps_requests, args.rps_seconds))

        if not args.no_floor:
            workers = args.workers or 1
            print(f"\nfloor of this setup: the same client, servers that make no store call ({workers} worker(s))")
            for kind, label in FLOOR_APPS.items():
                with api_server(data_dir, graph, args.workers, floor=kind) as base:
                    with httpx.Client(base_url=base, timeout=30) as http:
                        call = lambda: http.get("/_floor").raise_for_status()  # noqa: E731
                        for _ in range(10):
                            call()
                        ms = [timed_call(call) for _ in range(args.requests)]
                    line = f"{label:40} p50 {statistics.median(ms):5.2f} ms  p99 {percentile(ms, 99):5.2f} ms"
                    if not args.no_rps:
                        rps = throughput(base, lambda k: "/_floor", args.clients, args.rps_requests, args.rps_seconds)
                        line += f"  {args.clients} clients: {rps}"
                    print(line)


def throughput(
    base: str, url: Callable[[int], str], clients: int, max_requests: int, max_seconds: float
) -> str:
    """GET url(k) for k = 0, 1, ... from `clients` threads, each with its own keep-alive connection."""
    counter = itertools.count()
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                k = next(counter)
                if k >= max_requests:
                    return
                t0 = time.perf_counter()
                r = http.get(url(k))
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    if r.status_code != 200:
                        errors.append(str(r.status_code))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    done = len(latencies)
    return (
        f"{done / elapsed:6.0f} req/s ({done} requests in {elapsed:.1f} s, p50 {statistics.median(latencies):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms, {len(errors)} errors)"
    )


if __name__ == "__main__":
    main()
