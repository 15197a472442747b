"""`citykg extract --engine ray`: extraction on a Ray cluster, written as JSON Lines shards.

Ray rather than Dask: extraction is stateful per worker (Kiwi with the gazetteer's user words takes
seconds to build), and Ray actors hold that state for their life, are placed on every node of a cluster
with one `ray start`, and are restarted by Ray when a node dies. Each actor builds Kiwi once and then
extracts batches of documents (a task per document paid Ray's scheduling and a model load each time:
the earlier attempt reached 0.58x of the process pool). Batches are consecutive runs of the input, and
the driver writes batch i to `part-<i>.jsonl` (atomically, by rename), so the shards read in name order
are the default engine's output, byte for byte. A shard already in the folder is a batch done: a rerun
after an interruption extracts only the batches missing.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from citykg.extract.parallel import Outcome, extract_one, warm_up
from citykg.extract.pipeline import SUPPORTED, ExtractSummary, iter_files
from citykg.extract.remote import is_uri, iter_uris

BATCH_DOCS = 32  # per actor call: big enough to hide Ray's per-call cost, small enough to spread the work


@dataclass
class RaySummary(ExtractSummary):
    shards: int = 0
    startup_s: float = 0.0  # ray.init and the actors' model loading
    work_s: float = 0.0  # from the actors being ready to the last shard written
    actor_peak_rss_kb: dict[str, int] = field(default_factory=dict)


def list_inputs(inputs: Sequence[str | Path], skipped: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(source, doc_id) of every document: local paths through the checked file listing, URIs through fsspec."""
    local = [Path(p) for p in inputs if not is_uri(p)]
    uris = [str(p) for p in inputs if is_uri(p)]
    out = [(str(f), doc_id) for f, doc_id in iter_files(local, skipped)]
    for p in local:
        if not p.exists():
            skipped.append((str(p), "no such file or folder"))
    out.extend(iter_uris(uris, SUPPORTED, skipped))
    return out


class Extractor:
    """A Ray actor: the models loaded once, then batch after batch of documents."""

    def __init__(self) -> None:
        warm_up()

    def ready(self) -> bool:
        return True

    def run(self, batch: list[tuple[str, str]]) -> tuple[list[Outcome], str, int]:
        got = [extract_one(src, doc_id) for src, doc_id in batch]
        import socket

        return got, f"{socket.gethostname()}:{os.getpid()}", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def shard_name(i: int) -> str:
    return f"part-{i:06d}.jsonl"


def extract_ray(
    inputs: Sequence[str | Path],
    out_dir: Path,
    *,
    address: str | None = None,
    workers: int | None = None,
    batch_docs: int = BATCH_DOCS,
    progress: bool = True,
) -> RaySummary:
    """Extract every document of `inputs` on the Ray cluster at `address` (RAY_ADDRESS; none: a local
    cluster of `workers` CPUs) into JSON Lines shards in `out_dir`; failures named on stderr."""
    try:
        import ray
        from ray.util import ActorPool
    except ImportError:
        raise SystemExit("citykg: --engine ray needs Ray: pip install 'citykg[ray]'") from None

    summary = RaySummary()
    skipped: list[tuple[str, str]] = []
    docs = list_inputs(inputs, skipped)
    for name, reason in skipped:
        summary.failures.append((name, reason))
        print(f"citykg: {name}: {reason}", file=sys.stderr)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    batches = [docs[i : i + batch_docs] for i in range(0, len(docs), batch_docs)]
    failed_log = out_dir / "failed.log"  # failures of the batches done, named again by a rerun (not .jsonl)
    todo = [i for i in range(len(batches)) if not (out_dir / shard_name(i)).exists()]
    _report_earlier_failures(failed_log, set(range(len(batches))) - set(todo), summary)
    for stale in out_dir.glob("part-*.jsonl"):
        if stale.name >= shard_name(len(batches)):
            stale.unlink()  # a shard of an earlier, larger input
    summary.shards = len(batches)
    if not todo:
        return summary

    t0 = time.perf_counter()
    address = address or os.environ.get("RAY_ADDRESS") or None
    init: dict = {"ignore_reinit_error": True, "include_dashboard": False, "log_to_driver": False}
    if address is None:
        init["num_cpus"] = workers or os.cpu_count() or 1
    started = not ray.is_initialized()  # a caller's own Ray session (a notebook, a test) is left running
    if started:
        ray.init(address=address, **init)
    try:
        n_actors = workers or int(ray.cluster_resources().get("CPU", 1))
        n_actors = max(1, min(n_actors, len(todo)))
        remote = ray.remote(num_cpus=1, max_restarts=1, max_task_retries=1)(Extractor)
        actors = [remote.remote() for _ in range(n_actors)]
        ray.get([a.ready.remote() for a in actors])
        t1 = time.perf_counter()
        summary.startup_s = t1 - t0
        bar = None
        if progress and len(docs) > 3:
            from tqdm import tqdm

            bar = tqdm(total=len(docs), unit="doc", file=sys.stderr, desc="extract (ray)")
        pool = ActorPool(actors)
        results = pool.map(lambda a, i: a.run.remote(batches[i]), todo)
        with failed_log.open("a", encoding="utf-8") as flog:
            for i, (outcomes, actor, rss) in zip(todo, results, strict=True):
                summary.actor_peak_rss_kb[actor] = max(rss, summary.actor_peak_rss_kb.get(actor, 0))
                _write_shard(out_dir / shard_name(i), outcomes, summary)
                for got in outcomes:
                    if got.error is not None:
                        print(got.message, file=sys.stderr)
                        flog.write(json.dumps({"batch": i, "file": got.error[0], "reason": got.error[1]},
                                              ensure_ascii=False) + "\n")  # fmt: skip
                flog.flush()
                if bar is not None:
                    bar.update(len(outcomes))
        if bar is not None:
            bar.close()
        summary.work_s = time.perf_counter() - t1
    finally:
        if started:
            ray.shutdown()
    return summary


def _write_shard(path: Path, outcomes: list[Outcome], summary: RaySummary) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        for got in outcomes:
            if got.error is not None:
                summary.failures.append(got.error)
                continue
            assert got.line is not None
            fh.write(got.line.encode("utf-8"))
            summary.documents += 1
            summary.entities += got.entities
            summary.relations += got.relations
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _report_earlier_failures(log: Path, done: set[int], summary: RaySummary) -> None:
    if not log.exists():
        return
    kept = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("batch") in done:
            kept.append(line)
            summary.failures.append((entry["file"], entry["reason"]))
            print(f"citykg: {entry['file']}: {entry['reason']}", file=sys.stderr)
    log.write_text("".join(k + "\n" for k in kept), encoding="utf-8")
