"""Extraction on every core: a process pool whose workers load Kiwi and spaCy once, results in input order.

`run_ordered` yields one `Outcome` per input file, in the order of the input, whatever the number of
workers, so the JSON Lines written from them are byte-identical to a one-worker run. A worker that
dies (killed, out of memory) breaks the pool: the pool is rebuilt and every document that was in
flight is retried once, alone, so the one that kills its worker again is named and the others land.
"""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

# Tests make a worker die on one file: CITYKG_TEST_CRASH_ON=<file name>; with CITYKG_TEST_CRASH_ONCE=<marker
# path> it dies only while the marker does not exist (it creates the marker first), so the retry succeeds.
CRASH_ON = "CITYKG_TEST_CRASH_ON"
CRASH_ONCE = "CITYKG_TEST_CRASH_ONCE"


def default_workers() -> int:
    """The cores this process may use."""
    count = getattr(os, "process_cpu_count", None)
    n = count() if count is not None else None
    if n is None:
        try:
            n = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            n = os.cpu_count()
    return max(1, n or 1)


@dataclass
class Outcome:
    """What one document gave: its JSON line, or the reason it failed (`error`, printed as is)."""

    line: str | None = None
    entities: int = 0
    relations: int = 0
    explain: list[dict] | None = None
    text: str | None = None  # the plain text, for --dump-text
    error: tuple[str, str] | None = None  # (file, reason)
    message: str = ""
    peak_rss_kb: int = 0  # the worker's peak resident memory so far
    pid: int = field(default_factory=os.getpid)


def _init_worker() -> None:
    """Load the models once per worker. Ctrl-C and SIGTERM (sent to the whole process group by a
    terminal or a supervisor) are the parent's to handle: it stops the workers, and a worker that died
    of the signal first would look like a crash to retry."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    warm_up()


def warm_up() -> None:
    from citykg.extract.nlp import get_kiwi, get_nlp

    get_kiwi()
    get_nlp()


def _maybe_crash(f: Path) -> None:
    if os.environ.get(CRASH_ON) != Path(f).name:
        return
    marker = os.environ.get(CRASH_ONCE)
    if marker:
        if os.path.exists(marker):
            return
        Path(marker).touch()
    os.kill(os.getpid(), signal.SIGKILL)


def extract_one(f: Path | str, doc_id: str, explain: bool = False, keep_text: bool = False) -> Outcome:
    """Read and extract one file (a local path, or a URI read through fsspec); a bad file gives an
    Outcome with its error instead of raising."""
    from citykg.extract.pipeline import extract_text
    from citykg.extract.readers import ReadError, read_document
    from citykg.extract.remote import is_uri, read_uri

    _maybe_crash(Path(f))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        res = read_uri(f) if is_uri(f) else read_document(f)
        why: list[dict] | None = [] if explain else None
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
    except ReadError as e:
        return Outcome(error=(str(f), e.reason), message=f"citykg: {f}: {e.reason}", peak_rss_kb=rss)
    except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
        reason = f"{type(e).__name__}: {e}"
        return Outcome(error=(str(f), reason), message=f"citykg: {f}: extraction failed: {reason}", peak_rss_kb=rss)
    return Outcome(
        line=rec.to_json() + "\n",
        entities=len(rec.entities),
        relations=len(rec.relations),
        explain=why,
        text=res.text if keep_text else None,
        peak_rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )


def _crashed(f: Path) -> Outcome:
    reason = "the extraction worker died on this document twice (killed or out of memory); not extracted"
    return Outcome(error=(str(f), reason), message=f"citykg: {f}: {reason}")


def run_ordered(
    files: Sequence[tuple[Path, str]], workers: int, *, explain: bool = False, keep_text: bool = False
) -> Iterator[Outcome]:
    """One Outcome per (file, doc_id), in input order, extracted by `workers` processes."""
    if workers <= 1 or len(files) <= 1:
        for f, doc_id in files:
            yield extract_one(f, doc_id, explain, keep_text)
        return
    workers = min(workers, len(files))
    window = workers * 2  # documents in flight: enough to keep every worker busy, few to retry after a crash
    pools = [_pool(workers)]  # the current pool last; whatever happens, the finally stops it
    futures: dict[int, Future[Outcome]] = {}
    ready: dict[int, Outcome] = {}
    submitted = 0
    try:
        for i in range(len(files)):
            while submitted < len(files) and len(futures) < window:
                futures[submitted] = pools[-1].submit(extract_one, *files[submitted], explain, keep_text)
                submitted += 1
            if i not in ready:
                try:
                    ready[i] = futures[i].result()
                except BrokenProcessPool:
                    _recover(pools, workers, files, futures, ready, explain, keep_text)
            futures.pop(i, None)
            yield ready.pop(i)
    finally:
        _stop(pools[-1])


def _recover(
    pools: list[ProcessPoolExecutor],
    workers: int,
    files: Sequence[tuple[Path, str]],
    futures: dict[int, Future[Outcome]],
    ready: dict[int, Outcome],
    explain: bool,
    keep_text: bool,
) -> None:
    """A worker died: keep what finished, retry every other document in flight once, alone, in a new pool."""
    _stop(pools[-1])
    pools.append(_pool(workers))
    for j in sorted(futures):
        fut = futures.pop(j)
        if fut.done() and not fut.cancelled() and fut.exception() is None:
            ready[j] = fut.result()
            continue
        try:
            ready[j] = pools[-1].submit(extract_one, *files[j], explain, keep_text).result()
        except BrokenProcessPool:
            ready[j] = _crashed(files[j][0])
            _stop(pools[-1])
            pools.append(_pool(workers))


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for documents in flight (after Ctrl-C or a crash)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.kill()  # workers ignore SIGTERM (see _init_worker)
    for p in procs:
        p.join(timeout=5)
