"""The Python API for notebooks and scripts: `citykg.connect()`.

    import citykg

    with citykg.connect() as g:              # embedded by default; the CLI's settings (CITYKG_*, NEO4J_*)
        g.query("MATCH (m:Ministry) RETURN m.name AS name").df()
        g.paths("국토교통부", "LG CNS", max_hops=4)

Every method calls the read-only functions of `citykg.api.service` that the REST API and the CLI
use, so a query behaves the same everywhere: writes are refused, and Neo4j-style Cypher that the
embedded store runs in another form is rewritten (or refused with the form that works).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citykg.api import service
from citykg.graph.config import StoreSettings
from citykg.graph.connect import open_store
from citykg.graph.store import GraphStore, Row

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

DEFAULT_MAX_ROWS = 10_000


class Rows(list):
    """Rows of a query as dicts (a list), with `.df()` for a pandas DataFrame and `.rewrites` for
    what the store rewrote (empty when the query ran as written)."""

    def __init__(self, rows: list[Row], columns: list[str], rewrites: list[str], truncated: bool) -> None:
        super().__init__(rows)
        self.columns = columns
        self.rewrites = rewrites
        self.truncated = truncated

    def df(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, columns in the query's order (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Rows.df() needs pandas: pip install 'citykg[notebook]' (or pandas)") from None
        return pd.DataFrame(list(self), columns=self.columns)


class Connection:
    """A read-only connection to the citykg graph; `close()` stops an embedded store it started."""

    def __init__(
        self,
        settings: StoreSettings,
        *,
        max_rows: int = DEFAULT_MAX_ROWS,
        timeout_ms: int | None = None,
    ) -> None:
        self.settings = settings
        self.max_rows = max_rows
        self.timeout_ms = timeout_ms
        self._resources = contextlib.ExitStack()
        self.store: GraphStore = self._resources.enter_context(open_store(settings))

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the connection; an embedded store this connection started is stopped (data kept)."""
        self._resources.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.settings.neo4j_uri if self.settings.backend == "neo4j" else str(self.settings.data_dir)
        return f"<citykg.Connection {self.settings.backend} {where} graph={self.settings.graph_name!r}>"

    # ------------------------------------------------------------------ reading

    def query(self, cypher: str, /, **params: Any) -> Rows:
        """Rows of a read-only Cypher query with `$name` parameters given as keywords.

        At most `max_rows` rows (`.truncated` says if more were cut); `.df()` gives a DataFrame.
        """
        rewrites: list[str] = []
        rows, truncated = service.run_readonly_page(
            self.store, cypher, params, limit=self.max_rows, timeout_ms=self.timeout_ms, rewrites=rewrites
        )
        columns = list(rows[0]) if rows else []
        return Rows(rows, columns, rewrites, truncated)

    def search(self, name: str, type: str | None = None, limit: int = 20) -> list[Row]:  # noqa: A002
        """Entities whose name or alias contains `name` (spaces and case ignored), best first."""
        return service.search_entities(self.store, name, label=type, limit=limit)

    def entity(self, name_or_id: str) -> dict[str, Any]:
        """One entity by id, name or alias: its properties, aliases, degree and documents."""
        return service.get_entity(self.store, service.resolve_entity(self.store, name_or_id)["id"])

    def neighbors(
        self,
        name_or_id: str,
        type: str | None = None,
        direction: str = "both",
        limit: int = 100,  # noqa: A002
    ) -> dict[str, Any]:
        """An entity's relations, each with the entity at the other end and its evidence.

        `type` keeps one relationship type; `direction` is "out", "in" or "both".
        """
        if direction not in ("out", "in", "both"):
            raise ValueError(f"direction must be 'out', 'in' or 'both', not {direction!r}")
        entity = service.resolve_entity(self.store, name_or_id)
        result = service.neighbors(self.store, entity["id"], rel_type=type, direction=direction, limit=limit)
        return {"entity": entity, **result}

    def paths(self, a: str, b: str, max_hops: int = 4, limit: int = 5) -> dict[str, Any]:
        """Shortest paths between two entities (ids or names), each hop with the sentences that state it."""
        return service.find_paths(self.store, a, b, max_hops=max_hops, limit=limit)

    def stats(self, top: int = 10) -> dict[str, Any]:
        """Counts by label and type, per year, and the top entities by degree and PageRank."""
        return service.graph_stats(self.store, top=top)

    def to_networkx(self) -> nx.Graph:
        """The entity graph (no documents) as an undirected networkx Graph; nodes carry `name` and
        `type`, edges `weight` (number of relations between the two) and `types`."""
        return service.entity_graph(self.store)


def connect(
    store: str | None = None,
    *,
    data_dir: str | Path | None = None,
    graph: str | None = None,
    neo4j_uri: str | None = None,
    neo4j_user: str | None = None,
    neo4j_password: str | None = None,
    neo4j_database: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_ms: int | None = None,
) -> Connection:
    """Connect to the graph with the settings the `citykg` command uses.

    Without arguments: CITYKG_STORE (default `embedded`), CITYKG_DATA_DIR, CITYKG_GRAPH and NEO4J_*.
    Embedded: a store already running for the data dir (`citykg store start`) is used, otherwise one
    is started and stopped again by `close()` (or the end of a `with` block).
    """
    settings = StoreSettings.from_env(
        backend=store,
        data_dir=data_dir,
        graph_name=graph,
        neo4j_uri=neo4j_uri,
        neo4j_user=neo4j_user,
        neo4j_password=neo4j_password,
        neo4j_database=neo4j_database,
    )
    if settings.backend not in ("embedded", "neo4j"):
        raise ValueError(f"store must be 'embedded' or 'neo4j', not {settings.backend!r}")
    return Connection(settings, max_rows=max_rows, timeout_ms=timeout_ms)
