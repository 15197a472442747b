"""The resume journal of an extraction run: which documents are done and where the output ends after them.

Records go to the output in input order, so "done" is a prefix of the input: a journal line says how many
documents are complete, the output's byte length after them, and the failures among them. A line is
written (and fsynced) only after the output up to that length is fsynced. A run that finds a journal for
the same input truncates the output to the last complete length and goes on from there; a run that ends
removes the journal. A torn last line (kill -9 while writing it) is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

COMMIT_EVERY_S = 1.0  # between fsyncs: a kill loses at most this much work


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal")


class Journal:
    def __init__(self, out: Path, doc_ids: Sequence[str]) -> None:
        self.out = Path(out)
        self.path = journal_path(self.out)
        self.fingerprint = hashlib.sha256("\n".join(doc_ids).encode("utf-8")).hexdigest()
        self.done = 0
        self.end = 0
        self.failures: list[tuple[str, str]] = []  # failures among the `done` documents (reported again)
        self._new_failures: list[tuple[str, str]] = []
        self._fh: BinaryIO | None = None
        self._last = 0.0

    def open_output(self) -> BinaryIO:
        """The output, opened for appending after the last complete document of an earlier run (if any)."""
        self._read()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if self.done and self.out.exists() and self.out.stat().st_size >= self.end:
            out = self.out.open("r+b")
            out.truncate(self.end)
            out.seek(self.end)
        else:
            self.done, self.end, self.failures = 0, 0, []
            out = self.out.open("wb")
        self._fh = self.path.open("wb")  # rewritten from the state kept: a clean file with one header
        self._fh.write((json.dumps({"input": self.fingerprint}) + "\n").encode())
        self._write_state(self.failures)
        self._last = time.monotonic()
        return out

    def _read(self) -> None:
        try:
            lines = self.path.read_bytes().splitlines()
        except OSError:
            return
        try:
            if json.loads(lines[0]).get("input") != self.fingerprint:
                return  # a journal of another input: start afresh
        except (ValueError, IndexError, AttributeError):
            return
        for raw in lines[1:]:
            try:
                entry = json.loads(raw)
                done, end, failed = int(entry["done"]), int(entry["end"]), entry.get("failed", [])
            except (ValueError, KeyError, TypeError):
                break  # the torn last line of a killed run
            self.done, self.end = done, end
            self.failures.extend((str(a), str(b)) for a, b in failed)

    def advance(self, out: BinaryIO, failure: tuple[str, str] | None = None) -> None:
        """One more document is written to `out` (or failed); commit now and then."""
        self.done += 1
        if failure is not None:
            self._new_failures.append(failure)
        if time.monotonic() - self._last >= COMMIT_EVERY_S:
            self.commit(out)

    def commit(self, out: BinaryIO) -> None:
        out.flush()
        os.fsync(out.fileno())
        self.end = out.tell()
        self._write_state(self._new_failures)
        self._new_failures = []
        self._last = time.monotonic()

    def _write_state(self, failed: list[tuple[str, str]]) -> None:
        assert self._fh is not None
        self._fh.write((json.dumps({"done": self.done, "end": self.end, "failed": failed}) + "\n").encode())
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def finish(self, out: BinaryIO) -> None:
        """The run is complete: the output is made durable and the journal removed."""
        out.flush()
        os.fsync(out.fileno())
        self.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
