"""The keeper of one embedded FalkorDB server: a small supervisor process (standard library only).

Started by `EmbeddedServer` in a session of its own (so a Ctrl-C to a terminal's process group
reaches the command, never the store directly), it runs `redis-server` as its child and:

- stops it (SIGTERM: redis saves and exits) once no command holds a lease on the data dir and the
  store is not pinned by `citykg store start`. A lease is a file under `holders/` that its command
  keeps locked (flock) while it runs; the kernel drops the lock when the command ends, however it
  ends (kill -9 included), so the count of live leases is a reference count nothing can leak;
- starts it again, on the same port with the same password, when it dies while still needed
  (a crash, or the SIGKILL that stops a query FalkorDB cannot stop itself): writes were fsynced to
  the append-only file before they were acknowledged, so nothing acknowledged is lost;
- on SIGTERM (`citykg store stop`, or the last command leaving), stops the server and exits.

If the keeper itself is killed, the server follows it (PR_SET_PDEATHSIG).

Run as a script: `python keeper.py` with a JSON config on stdin (see EmbeddedServer._spawn).
It prints the server's pid on stdout once started; restarts update `pid` in server.json.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_S = 0.1
STOP_WAIT_S = 2.0  # then SIGKILL (a running query can hold redis's shutdown); the AOF has every acked write
MAX_RESTARTS = 5  # within RESTART_WINDOW_S; then give up (a server that keeps dying needs a person)
RESTART_WINDOW_S = 60.0
MIN_UPTIME_S = 1.0  # a server that dies sooner after its start is not restarted
HOLDERS = "holders"
PINNED = "pinned"
LOCK = ".lock"
INFO = "server.json"


def live_leases(data_dir: Path) -> int:
    """Leases whose holder still runs; stale ones (holder gone) are removed."""
    n = 0
    folder = data_dir / HOLDERS
    for lease in folder.glob("*.lease") if folder.is_dir() else ():
        try:
            fd = os.open(lease, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            n += 1  # locked: its holder is alive
        else:
            with contextlib.suppress(OSError):
                lease.unlink()
        finally:
            os.close(fd)
    return n


def _die_with_keeper() -> None:
    os.umask(0o077)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG


class Keeper:
    def __init__(self, config: dict) -> None:
        self.data_dir = Path(config["data_dir"])
        self.command: list[str] = config["command"]
        self.password: str = config["password"]
        self.aof: bool = config.get("aof", True)
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopping = False
        self.restarts: list[float] = []
        self.started = 0.0

    def spawn(self) -> int:
        command = list(self.command)
        if self.aof and (self.data_dir / "appendonlydir").exists() and "--appendonly" in command:
            command[command.index("--appendonly") + 1] = "yes"  # a migrated data dir: the AOF is the truth
        self.proc = subprocess.Popen(
            command, cwd=self.data_dir, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=_die_with_keeper,
        )  # fmt: skip
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.write(f"requirepass {self.password}\n".encode())
            self.proc.stdin.close()
        self.started = time.monotonic()
        return self.proc.pid

    def needed(self) -> bool:
        return (self.data_dir / PINNED).exists() or live_leases(self.data_dir) > 0

    def stop_server(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # redis: save the RDB (save points are set), flush the AOF, exit
        try:
            proc.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def forget_info(self) -> None:
        """Remove server.json if it still names this keeper."""
        path = self.data_dir / INFO
        with contextlib.suppress(OSError, ValueError):
            if json.loads(path.read_text()).get("keeper_pid") == os.getpid():
                path.unlink()

    def update_info(self, pid: int) -> None:
        path = self.data_dir / INFO
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            return
        if info.get("keeper_pid") != os.getpid():
            return
        info["pid"] = pid
        tmp = path.with_name(f"{INFO}.{os.getpid()}.tmp")
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as fh:
            fh.write(json.dumps(info, indent=2))
        tmp.replace(path)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "stopping", True))
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        print(self.spawn(), flush=True)
        while True:
            time.sleep(POLL_S)
            if self.stopping:
                break
            assert self.proc is not None
            if self.proc.poll() is not None:  # the server died
                if not self.needed():
                    break
                now = time.monotonic()
                self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW_S] + [now]
                if len(self.restarts) > MAX_RESTARTS:
                    break
                if now - self.started < MIN_UPTIME_S:
                    break  # it never came up (a busy port, a bad config): the starter reports why
                self.update_info(self.spawn())
                continue
            if not self.needed() and self._confirm_unneeded():
                break
        self.stop_server()
        self.forget_info()
        return 0

    def _confirm_unneeded(self) -> bool:
        """Under the data dir's lock (the one commands hold while they take a lease), so that a
        command arriving now either sees the server going or holds its lease before we look."""
        fd = os.open(self.data_dir / LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            # Never block on the lock: the command that holds it may be the last one leaving, which
            # stops us with SIGTERM and waits for us while holding it (a blocking flock would not
            # return to run the signal handler: both would wait until the command's SIGKILL).
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if self.stopping:
                        return True
                    time.sleep(0.01)
            if self.needed():
                return False
            self.stop_server()
            self.forget_info()
            return True
        finally:
            os.close(fd)


def main() -> int:
    config = json.loads(sys.stdin.readline())
    sys.stdin.close()
    return Keeper(config).run()


if __name__ == "__main__":
    sys.exit(main())
