"""The `citykg` command line: extract, load, ingest, serve, store, query, path, stats, export.

Each command is thin: it parses options and calls the package that does the work
(`extract.pipeline`, `graph.*`, `api.*`). Store options come from the environment
(CITYKG_STORE, CITYKG_DATA_DIR, NEO4J_*) and can be overridden by the global flags.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from citykg.graph.config import StoreSettings

app = typer.Typer(
    name="citykg",
    help="A knowledge graph of Korean smart-city policy: extract documents, load the graph, query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
store_app = typer.Typer(help="Start, stop or inspect the embedded FalkorDB store.", no_args_is_help=True)
app.add_typer(store_app, name="store")

_settings: StoreSettings | None = None


def settings() -> StoreSettings:
    global _settings
    if _settings is None:
        _settings = StoreSettings.from_env()
    return _settings


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.secho(f"citykg: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def _print_version(value: bool) -> None:
    if value:
        from citykg import __version__

        typer.echo(f"citykg {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    store: Annotated[
        str | None, typer.Option("--store", help="Store backend: embedded or neo4j (env CITYKG_STORE).")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Embedded store data dir (env CITYKG_DATA_DIR).")
    ] = None,
    neo4j_uri: Annotated[str | None, typer.Option("--neo4j-uri", help="(env NEO4J_URI)")] = None,
    neo4j_user: Annotated[str | None, typer.Option("--neo4j-user", help="(env NEO4J_USER)")] = None,
    neo4j_password: Annotated[
        str | None, typer.Option("--neo4j-password", help="(env NEO4J_PASSWORD)")
    ] = None,
    neo4j_database: Annotated[
        str | None, typer.Option("--neo4j-database", help="(env NEO4J_DATABASE)")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit.")
    ] = False,
) -> None:
    global _settings
    try:
        _settings = StoreSettings.from_env(
            backend=store,
            data_dir=data_dir,
            neo4j_uri=neo4j_uri,
            neo4j_user=neo4j_user,
            neo4j_password=neo4j_password,
            neo4j_database=neo4j_database,
        )
    except ValueError as e:
        raise fail(str(e)) from None
    if _settings.backend not in ("embedded", "neo4j"):
        raise fail(f"--store must be 'embedded' or 'neo4j', not {_settings.backend!r}")


@contextmanager
def open_store():
    """The configured store; an embedded server this command had to start is stopped at the end."""
    from citykg.graph.connect import open_store as _open
    from citykg.graph.store import StoreError

    try:
        with _open(settings()) as store:
            yield store
    except StoreError as e:
        raise fail(str(e), 1) from None


# --------------------------------------------------------------------------- extract / load


def _workers_option(value: int | None) -> int:
    from citykg.extract.parallel import default_workers

    return value if value is not None else default_workers()


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", "-j", min=1,
        help="Processes extracting in parallel, each loading the models once (default: the cores this process "
        "may use). The output is the same for any number.",
    ),
]  # fmt: skip


@app.command()
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders to read (txt, html, pdf, docx, hwp, hwpx); with --engine ray also URIs "
            "(s3://bucket/docs, gs://..., with s3fs or gcsfs installed).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="Where to write the JSON Lines (with --engine ray: a folder of shards)."),
    ],
    dump_text: Annotated[
        Path | None, typer.Option("--dump-text", help="Also write each document's plain text to this folder.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Print, for every relation, the rule that made it, the predicate and arguments it matched, "
            "and its evidence (on stdout, one line each).",
        ),
    ] = False,
    workers: WorkersOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="'local': processes on this machine. 'ray': Ray actors on the cluster at --ray-address (or "
            "RAY_ADDRESS; none: a local Ray), writing JSON Lines shards into the folder OUT for `citykg load OUT`.",
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="The Ray cluster (ray://host:10001 or host:6379; env RAY_ADDRESS)."),
    ] = None,
) -> None:
    """Extract entities and relations from documents into JSON Lines (the ONTOLOGY.md contract).

    Exits 1 if any document failed; all the others are still written. An interrupted run (Ctrl-C, kill)
    run again with the same arguments goes on where it stopped (journal: OUT.journal; with --engine ray,
    the shards already in OUT).
    """
    import sys

    from citykg.extract.pipeline import extract_paths
    from citykg.extract.remote import is_uri

    if engine == "ray":
        from citykg.extract.ray_engine import extract_ray

        if dump_text is not None or explain:
            raise fail("--dump-text and --explain work with the local engine only")
        if out.exists() and not out.is_dir():
            raise fail(f"{out} is a file; with --engine ray, -o names a folder for the shards")
        summary = extract_ray(paths, out, address=ray_address, workers=workers, progress=progress)
        typer.echo(f"{summary.describe()} in {summary.shards} shards under {out}", err=True)
        if summary.failures:
            raise typer.Exit(1)
        return
    if engine != "local":
        raise fail(f"--engine must be 'local' or 'ray', not {engine!r}")
    if uris := [p for p in paths if is_uri(p)]:
        raise fail(f"{uris[0]}: URIs are read by --engine ray (pip install 'citykg[ray]')")
    summary = extract_paths(
        [Path(p) for p in paths], out, dump_text=dump_text, progress=progress,
        explain=sys.stdout if explain else None, workers=_workers_option(workers),
    )  # fmt: skip
    typer.echo(summary.describe(), err=True)
    if summary.failures:
        raise typer.Exit(1)


@app.command()
def load(
    jsonl: Annotated[
        Path, typer.Argument(help="Output of `citykg extract`: a JSON Lines file, or a folder of .jsonl shards.")
    ],
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First import into an empty graph (FalkorDB: GRAPH.BULK; the same graph as the "
            "incremental load; refused if the graph holds anything).",
        ),
    ] = False,
) -> None:
    """Load extraction output into the graph (idempotent; a changed document replaces its old version).

    A folder's *.jsonl files are loaded in name order (the shards of `--engine ray`, part-000000.jsonl ...).
    """
    from citykg.graph.bulk import GraphNotEmpty, bulk_load_jsonl
    from citykg.graph.loader import load_jsonl

    if not jsonl.is_file() and not jsonl.is_dir():
        raise fail(f"{jsonl}: no such file; run `citykg extract PATH -o {jsonl}` first")
    with open_store() as store:
        try:
            summary = bulk_load_jsonl(store, jsonl) if bulk else load_jsonl(store, jsonl)
        except GraphNotEmpty as e:
            raise fail(f"citykg load --bulk: {e}") from None
    typer.echo(summary.describe(), err=True)
    if summary.failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to extract and load.")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Keep the extraction output here too.")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    workers: WorkersOption = None,
) -> None:
    """Extract documents and load them into the graph in one go.

    An interrupted run, run again with the same arguments, extracts only the documents not done yet and
    then loads the whole output (loading is idempotent): the graph is the one a single run gives.
    """
    from citykg.extract.pipeline import extract_paths
    from citykg.graph.loader import load_jsonl

    target = out or _ingest_work_file(paths)
    ex = extract_paths(paths, target, progress=progress, workers=_workers_option(workers))
    typer.echo(ex.describe(), err=True)
    with open_store() as store:
        ld = load_jsonl(store, target)
    typer.echo(ld.describe(), err=True)
    if out is None:
        target.unlink(missing_ok=True)
    if ex.failures or ld.failures:
        raise typer.Exit(1)


def _ingest_work_file(paths: list[Path]) -> Path:
    """Where `ingest` without -o keeps its extraction output: the same place for the same input, so an
    interrupted run resumes; removed once loaded."""
    import hashlib

    key = hashlib.sha256("\n".join(str(Path(p).resolve()) for p in paths).encode()).hexdigest()[:16]
    return settings().data_dir / "ingest" / f"{key}.jsonl"


# --------------------------------------------------------------------------- serve / store


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            envvar="CITYKG_API_WORKERS",
            help="API worker processes on the one port, each with its own connection to the store "
            "(the embedded store is a server of its own, so all of them share it).",
        ),
    ] = 1,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            envvar="CITYKG_ACCESS_LOG",
            help="Log a line per request on stderr (off by default: it cost about a fifth of the "
            "requests per second of the hot reads here).",
        ),
    ] = False,
) -> None:
    """Serve the explorer page at / and the REST API (docs at /docs). Ctrl-C stops it and any store it started."""
    code = 0
    try:
        code = _serve(host, port, workers, access_log)
    except KeyboardInterrupt:
        code = 128 + (_signalled or signal.SIGINT)
    finally:
        # Requests still running in worker threads (a store call) must not keep the process: the
        # store was released above, so nothing is left to save. Exit now, without joining them.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


SHUTDOWN_GRACE_S = 1  # for requests in flight when Ctrl-C comes; then they are cancelled


def _serve(host: str, port: int, workers: int = 1, access_log: bool = False) -> int:
    import asyncio

    import uvicorn

    from citykg.api.app import create_app

    with open_store() as store:
        if workers > 1:
            return _serve_workers(host, port, workers, access_log)
        application = create_app(store=store)
        config = uvicorn.Config(
            application, host=host, port=port, log_level="info", access_log=access_log,
            timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )  # fmt: skip
        server = uvicorn.Server(config)
        typer.echo(f"citykg explorer: http://{host}:{port}/", err=True)
        global _server
        _server = server  # from here a signal only asks it to stop (see _interrupt)
        if _signalled:  # a Ctrl-C already came (and its KeyboardInterrupt may have been lost)
            return 128 + _signalled
        typer.echo(f"citykg API on http://{host}:{port}  (docs: http://{host}:{port}/docs)", err=True)
        typer.echo(f"  try: curl 'http://{host}:{port}/paths?source=국토교통부&target=LG%20CNS'", err=True)
        # Not uvicorn.run: asyncio.run would wait, after the server stopped, for every request
        # still blocked in a worker thread; the process ends in serve() instead.
        factory = config.get_loop_factory()
        loop = factory() if factory is not None else asyncio.new_event_loop()
        try:
            loop.run_until_complete(server.serve())
        except KeyboardInterrupt:
            return 128 + (_signalled or signal.SIGINT)
    if _signalled:
        return 128 + _signalled
    return 0 if server.started else 1


def _serve_workers(host: str, port: int, workers: int, access_log: bool = False) -> int:
    """uvicorn's worker processes on one socket. This process holds the store (a lease on the
    embedded server, started once here); each worker opens its own connection from the settings,
    passed on in the environment, and releases it when it stops. A signal stops them all."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    s = settings()
    os.environ.update({
        "CITYKG_STORE": s.backend, "CITYKG_DATA_DIR": str(s.data_dir), "CITYKG_GRAPH": s.graph_name,
        "NEO4J_URI": s.neo4j_uri, "NEO4J_USER": s.neo4j_user, "NEO4J_PASSWORD": s.neo4j_password,
        **({"NEO4J_DATABASE": s.neo4j_database} if s.neo4j_database else {}),
    })  # fmt: skip

    class Supervisor(Multiprocess):
        def handle_int(self) -> None:
            global _signalled
            _signalled = signal.SIGINT
            super().handle_int()

        def handle_term(self) -> None:
            global _signalled
            _signalled = signal.SIGTERM
            super().handle_term()

    config = uvicorn.Config(
        "citykg.api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info",
        access_log=access_log, timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )  # fmt: skip
    if _signalled:
        return 128 + _signalled
    supervisor = Supervisor(config, sockets=[config.bind_socket()])  # from here it handles the signals
    typer.echo(f"citykg API on http://{host}:{port}, {workers} workers (docs: http://{host}:{port}/docs)", err=True)
    supervisor.run()
    return 128 + _signalled if _signalled else 0


@store_app.command("start")
def store_start(
    bolt: Annotated[
        bool,
        typer.Option(
            "--bolt",
            envvar="CITYKG_BOLT",
            help="Also open FalkorDB's experimental Bolt port for the neo4j driver. It listens on every "
            "interface and checks no credentials (FalkorDB 4.16), and turns the append-only file off: "
            "use it only on a trusted machine.",
        ),
    ] = False,
) -> None:
    """Start the embedded store for the data dir and leave it running for other commands."""
    from citykg.graph.embedded import EmbeddedServer

    info = EmbeddedServer(settings().data_dir, bolt=bolt).start(detach=True)
    typer.echo(info.describe())
    if info.bolt_port:
        typer.echo(
            f"warning: Bolt port {info.bolt_port} is open on every interface without credentials", err=True
        )


@store_app.command("stop")
def store_stop() -> None:
    """Stop the embedded store of the data dir (its data stays on disk)."""
    from citykg.graph.embedded import EmbeddedServer

    stopped = EmbeddedServer(settings().data_dir).stop()
    typer.echo("stopped" if stopped else "no store was running for " + str(settings().data_dir))


@store_app.command("status")
def store_status() -> None:
    """Say whether an embedded store runs for the data dir, where, and how big the graph is."""
    from citykg.graph.embedded import EmbeddedServer

    info = EmbeddedServer(settings().data_dir).status()
    if info is None:
        typer.echo(f"no store running for {settings().data_dir}")
        raise typer.Exit(3)
    typer.echo(info.describe())


# --------------------------------------------------------------------------- read-only queries


def _parse_params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for p in pairs:
        if "=" not in p:
            raise fail(f"--param {p!r}: write it as name=value")
        k, v = p.split("=", 1)
        try:
            params[k] = json.loads(v)
        except json.JSONDecodeError:
            params[k] = v
    return params


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    param: Annotated[list[str], typer.Option("--param", "-p", help="name=value (JSON values allowed).")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as a JSON list.")] = False,
    limit: Annotated[int, typer.Option(help="Row cap.")] = 1000,
    timeout_ms: Annotated[
        int,
        typer.Option(
            "--timeout-ms", envvar="CITYKG_QUERY_TIMEOUT_MS", min=1,
            help="Time limit; past it the store stops the query (env CITYKG_QUERY_TIMEOUT_MS).",
        ),
    ] = 30_000,
) -> None:
    """Run a read-only Cypher query and print the rows (writes are refused).

    Neo4j-style constructs the embedded store runs in another form (shortestPath in MATCH, EXISTS { },
    COUNT { }, =~ ...) are rewritten, with a note on stderr; see cypher/README.md.
    """
    from citykg.api.render import print_rows
    from citykg.api.service import run_readonly

    params = _parse_params(param)
    rewrites: list[str] = []
    with open_store() as store:
        rows = run_readonly(store, cypher, params, limit=limit, timeout_ms=timeout_ms, rewrites=rewrites)
    for note in rewrites:
        typer.echo(f"note: rewritten for the {settings().backend} store: {note}", err=True)
    print_rows(rows, as_json=as_json)


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Entity id or name.")],
    target: Annotated[str, typer.Argument(help="Entity id or name.")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8)] = 4,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Shortest paths between two entities, each hop with its evidence."""
    from citykg.api.render import print_paths
    from citykg.api.service import find_paths

    with open_store() as store:
        result = find_paths(store, source, target, max_hops=max_hops)
    print_paths(result, as_json=as_json)


@app.command()
def evidence(
    source: Annotated[str, typer.Argument(help="Entity id at the start of the relation.")],
    rel_type: Annotated[str, typer.Argument(metavar="TYPE", help="Relation type (LEADS, SELECTED, ...).")],
    target: Annotated[str, typer.Argument(help="Entity id at the end of the relation.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Sentences per page.")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Where the page starts (the previous page's next_offset).")] = 0,
    all_pages: Annotated[bool, typer.Option("--all", help="Every page, one after the other.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every evidence sentence of one relation (a path's hops show a sample), a page at a time, oldest first."""
    from citykg.api.render import print_evidence
    from citykg.api.service import NotFound, edge_evidence

    with open_store() as store:
        while True:
            try:
                page = edge_evidence(store, source, rel_type, target, limit=limit, offset=offset)
            except NotFound as e:
                raise fail(f"{e}; `citykg path` or `citykg query` show which relations exist") from None
            print_evidence(page, offset, as_json=as_json)
            offset = page["next_offset"]
            if not all_pages or offset is None:
                break


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Counts by label and relationship type, per year, and the top entities."""
    from citykg.api.render import print_stats
    from citykg.api.service import graph_stats

    with open_store() as store:
        result = graph_stats(store)
    print_stats(result, as_json=as_json)


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Option("-o", "--out", help="A file for graphml and jsonl; a folder for csv and neo4j-admin."),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f",
            help="graphml (Gephi, networkx), csv (nodes.csv + relationships.csv), jsonl (one object per node "
            "and relationship), neo4j-admin (files for `neo4j-admin database import full`).",
        ),
    ] = "graphml",
    array_delimiter: Annotated[
        str, typer.Option("--array-delimiter", help="neo4j-admin: the character between array elements and labels.")
    ] = "|",
    page_size: Annotated[int, typer.Option("--page-size", min=1, help="Nodes or relationships read per query.")] = 2000,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Export the whole graph (every node with its labels and properties, every relationship) for other tools.

    The store is read page by page, so memory stays flat however big the graph is.
    """
    from citykg.graph.export import FORMATS, ExportError, export_graph, neo4j_admin_command

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    with open_store() as store:
        try:
            summary = export_graph(
                store, fmt, out, page_size=page_size, progress=progress, array_delimiter=array_delimiter
            )
        except ExportError as e:
            raise fail(str(e), 1) from None
    typer.echo(summary.describe(), err=True)
    if fmt == "neo4j-admin":
        typer.echo("import it into an empty Neo4j 5 database (stopped) with:", err=True)
        typer.echo("  " + neo4j_admin_command(out, delimiter=array_delimiter), err=True)


_signalled = 0  # the SIGINT/SIGTERM received, if any
_server = None  # the running uvicorn server of `citykg serve`


def _interrupt(signum: int, frame: object) -> None:
    """SIGINT and SIGTERM stop every command the same way: its store released first.

    The signal is also recorded: a KeyboardInterrupt raised while a finalizer (`__del__`) runs is
    swallowed by Python ("Exception ignored in ..."), which let a Ctrl-C during `citykg serve`'s
    start be lost and the server run on; `serve` checks the record before it starts listening.
    Once uvicorn runs, the signal only asks it to stop.
    """
    global _signalled
    _signalled = signum
    if _server is not None:
        _server.should_exit = True
        return
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(128 + (_signalled or signal.SIGINT))
    except SystemExit as e:
        if _signalled and e.code == 130:  # typer turns any KeyboardInterrupt into 130; SIGTERM is 143
            sys.exit(128 + _signalled)
        raise


if __name__ == "__main__":
    main()
