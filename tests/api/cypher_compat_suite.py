"""Researcher queries, written the way Neo4j teaches them, with their right rows computed in Python.

Each `Case` is one query of a kind researchers write (the kinds of issue 9), with `expect(g)` giving
its right rows from `Snapshot`, a plain Python copy of the graph read with the simplest Cypher
(`MATCH (n) RETURN ...`, `MATCH (a)-[r]->(b) RETURN ...`). The expectations are computed, not
recorded, so they hold whatever the extractor finds in the samples; the test checks each case has
something to find. `outcome` is what the embedded store does with the query: runs as written,
rewritten (graph/falkordb_cypher.py), or refused with the form that works; cypher/README.md has
the table, and the test checks the two agree.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RUNS, REWRITTEN, REFUSED = "runs", "rewritten", "refused"
ENTITY_TYPES = ("Ministry", "City", "Program", "Company", "Organization", "Certification", "Person")
PATH_TYPES = ("LEADS", "IMPLEMENTED_IN", "SELECTED", "PARTICIPATES_IN")


@dataclass
class Snapshot:
    """The whole graph in Python: nodes by internal id (labels, properties) and relationships."""

    nodes: dict[int, dict[str, Any]]
    rels: list[dict[str, Any]]

    @classmethod
    def read(cls, store: Any) -> Snapshot:
        nodes = {
            r["id"]: {"labels": r["labels"], **r["props"]}
            for r in store.read("MATCH (n) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props")
        }
        rels = [
            {"id": r["id"], "a": r["a"], "b": r["b"], "type": r["type"], **r["props"]}
            for r in store.read(
                "MATCH (a)-[r]->(b) RETURN id(r) AS id, id(a) AS a, id(b) AS b, type(r) AS type, properties(r) AS props"
            )
        ]
        return cls(nodes, rels)

    def of(self, label: str) -> list[int]:
        return [i for i, n in self.nodes.items() if label in n["labels"]]

    def named(self, name: str) -> list[int]:
        return [i for i, n in self.nodes.items() if n.get("name") == name]

    def name(self, i: int) -> Any:
        return self.nodes[i].get("name")

    def prop(self, i: int, key: str) -> Any:
        return self.nodes[i].get(key)

    def has(self, i: int, label: str) -> bool:
        return label in self.nodes[i]["labels"]

    def rel_list(self, types: tuple[str, ...] | None = None, a: int | None = None, b: int | None = None) -> list[dict]:
        return [
            r for r in self.rels
            if (types is None or r["type"] in types) and (a is None or r["a"] == a) and (b is None or r["b"] == b)
        ]  # fmt: skip

    def adjacency(self, types: tuple[str, ...] | None = None) -> dict[int, list[tuple[int, dict]]]:
        """Undirected adjacency, one entry per relationship (parallel relationships count)."""
        adj: dict[int, list[tuple[int, dict]]] = defaultdict(list)
        for r in self.rel_list(types):
            adj[r["a"]].append((r["b"], r))
            if r["a"] != r["b"]:
                adj[r["b"]].append((r["a"], r))
        return adj

    def distances(self, start: int, types: tuple[str, ...] | None = None) -> dict[int, int]:
        adj, dist, todo = self.adjacency(types), {start: 0}, deque([start])
        while todo:
            n = todo.popleft()
            for m, _ in adj[n]:
                if m not in dist:
                    dist[m] = dist[n] + 1
                    todo.append(m)
        return dist

    def shortest_paths(self, a: int, b: int, types: tuple[str, ...] | None, max_hops: int) -> list[list[int]]:
        """Every shortest undirected path from a to b as node ids, once per relationship sequence."""
        dist_b = self.distances(b, types)
        if a not in dist_b or dist_b[a] > max_hops or a == b:
            return []
        adj, out = self.adjacency(types), []

        def walk(path: list[int]) -> None:
            here = path[-1]
            if here == b:
                out.append(list(path))
                return
            for m, _ in adj[here]:
                if dist_b.get(m) == dist_b[here] - 1:
                    walk([*path, m])

        walk([a])
        return out


@dataclass
class Case:
    id: str
    kind: str
    cypher: str
    outcome: str
    expect: Callable[[Snapshot], list[dict[str, Any]]] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    ordered: bool = False
    # a check of the rows themselves, for answers that are right in more than one way (which shortest path)
    check: Callable[[Snapshot, list[dict[str, Any]], dict[str, Any]], None] | None = None
    may_be_empty: bool = False
    # refused: words the message must name
    construct: str = ""


def canon(value: Any) -> Any:
    """Values compared across stores: integral floats as ints, lists and maps recursively."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [canon(v) for v in value]
    if isinstance(value, dict):
        return {k: canon(v) for k, v in value.items()}
    return value


def sort_lists(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """Lists whose order a query does not fix (collect, pattern comprehensions), sorted for comparison."""
    return [{k: sorted(v, key=repr) if k in keys and isinstance(v, list) else v for k, v in r.items()} for r in rows]


def key_of(row: dict[str, Any]) -> str:
    return repr(sorted((k, canon(v)) for k, v in row.items()))


# --------------------------------------------------------------------------- expectations


def e_labels(g: Snapshot) -> list[dict]:
    c = Counter(
        label for n in g.nodes.values() if "Entity" in n["labels"] for label in n["labels"] if label != "Entity"
    )
    rows = [{"label": k, "n": v} for k, v in c.items()]
    return sorted(rows, key=lambda r: (-r["n"], r["label"]))[:5]


def e_rel_types(g: Snapshot) -> list[dict]:
    ents = set(g.of("Entity"))
    c = Counter(r["type"] for r in g.rels if r["a"] in ents and r["b"] in ents)
    return sorted(({"type": k, "n": v} for k, v in c.items()), key=lambda r: (-r["n"], r["type"]))


def e_degree(g: Snapshot) -> list[dict]:
    ents = set(g.of("Entity"))
    deg: Counter = Counter()  # grouped by name, as the query groups
    for r in g.rels:
        if r["a"] in ents and r["b"] in ents:
            deg[g.name(r["a"])] += 1
            deg[g.name(r["b"])] += 1
    rows = [{"name": name, "degree": d} for name, d in deg.items()]
    return sorted(rows, key=lambda r: (-r["degree"], r["name"]))[:10]


def e_city_programs(g: Snapshot) -> list[dict]:
    rows = []
    for c in g.of("City"):
        n = sum(1 for r in g.rel_list(("IMPLEMENTED_IN",), b=c) if g.has(r["a"], "Program"))
        rows.append({"city": g.name(c), "programs": n})
    return sorted(rows, key=lambda r: (-r["programs"], r["city"]))


def e_ministry_funds(g: Snapshot) -> list[dict]:
    rows = []
    for m in g.of("Ministry"):
        funded = [r for r in g.rel_list(("FUNDS",), a=m) if g.has(r["b"], "Program")]
        if not funded:
            rows.append({"ministry": g.name(m), "program": None, "amount": None})
        for r in funded:
            rows.append({"ministry": g.name(m), "program": g.name(r["b"]), "amount": r.get("amount_krw")})
    return rows


def e_companies_near(g: Snapshot, ministry: str = "국토교통부", hops: int = 3) -> list[dict]:
    found = set()
    for m in g.named(ministry):
        if g.has(m, "Ministry"):
            found |= {
                g.name(i) for i, d in g.distances(m, PATH_TYPES).items() if 1 <= d <= hops and g.has(i, "Company")
            }
    return [{"company": c} for c in sorted(found)]


def e_entities_by_name(g: Snapshot, names: list[str]) -> list[dict]:
    return sorted(
        ({"name": nm, "type": t} for nm in names for i in g.named(nm) if "Entity" in g.nodes[i]["labels"]
         for t in g.nodes[i]["labels"] if t != "Entity"),
        key=lambda r: (r["name"], r["type"]),
    )  # fmt: skip


def e_aliases(g: Snapshot) -> list[dict]:
    rows = [{"alias": a, "name": g.name(i)} for i in g.of("Entity") for a in (g.prop(i, "aliases") or [])]
    return sorted(rows, key=lambda r: (r["alias"], r["name"]))


def e_short_aliases(g: Snapshot) -> list[dict]:
    rows = [
        {"city": g.name(c), "short": [a.upper() for a in (g.prop(c, "aliases") or []) if len(a) <= 3]}
        for c in g.of("City")
    ]
    return sorted(rows, key=lambda r: r["city"])


def e_program_cities(g: Snapshot) -> list[dict]:
    rows = []
    for p in g.of("Program"):
        cities = [g.name(r["b"]) for r in g.rel_list(("IMPLEMENTED_IN",), a=p) if g.has(r["b"], "City")]
        rows.append({"program": g.name(p), "cities": cities})
    return sort_lists(rows, "cities")


def e_tiers(g: Snapshot) -> list[dict]:
    tier = {"metropolitan": "광역", "basic": "기초"}
    return sorted(({"city": g.name(c), "tier": tier.get(g.prop(c, "level"), "기타")} for c in g.of("City")),
                  key=lambda r: r["city"])  # fmt: skip


def e_fund_bands(g: Snapshot) -> list[dict]:
    def band(amount: Any) -> str:
        return "unknown" if amount is None else ">= 1bn" if amount >= 1_000_000_000 else "< 1bn"

    c = Counter(band(r.get("amount_krw")) for r in g.rel_list(("FUNDS",)) if g.has(r["b"], "Program"))
    return sorted(({"band": k, "n": v} for k, v in c.items()), key=lambda r: r["band"])


def e_prefix(g: Snapshot, label: str, prefix: str) -> list[dict]:
    return sorted(({"name": g.name(i)} for i in g.of(label) if str(g.name(i)).startswith(prefix)),
                  key=lambda r: r["name"])  # fmt: skip


def e_lg(g: Snapshot) -> list[dict]:
    return [
        {"name": g.name(i)} for i in g.of("Entity")
        if "lg" in g.name(i).lower() or any("lg" in a.lower() for a in g.prop(i, "aliases") or [])
    ]  # fmt: skip


def e_districts(g: Snapshot) -> list[dict]:
    rows = []
    for c in g.of("City"):
        name = g.name(c)
        if name.endswith("구"):
            rows.append({"name": name, "parent": name.split(" ")[0], "len": len(name), "head": name[:2],
                         "compact": name.replace(" ", "")})  # fmt: skip
    return sorted(rows, key=lambda r: r["name"])


def e_suffix(g: Snapshot, suffix: str) -> list[dict]:
    return sorted(({"name": g.name(i)} for i in g.of("Entity") if g.name(i).endswith(suffix)), key=lambda r: r["name"])


def e_docs_between(g: Snapshot) -> list[dict]:
    docs = [i for i in g.of("Document") if g.prop(i, "date") and "2019-01-01" <= g.prop(i, "date") < "2021-01-01"]
    return sorted(({"id": g.prop(i, "id"), "date": g.prop(i, "date")} for i in docs), key=lambda r: r["date"])


def e_docs_per_year(g: Snapshot) -> list[dict]:
    c = Counter(int(g.prop(i, "date")[:4]) for i in g.of("Document") if g.prop(i, "date"))
    return sorted(({"year": y, "docs": n} for y, n in c.items() if y >= 2020), key=lambda r: r["year"])


def e_rels_in_year(g: Snapshot, year: str) -> list[dict]:
    ents = set(g.of("Entity"))
    c = Counter(
        r["type"] for r in g.rels
        if r["a"] in ents and r["b"] in ents and str(r.get("first_seen") or "").startswith(year)
    )  # fmt: skip
    return sorted(({"type": k, "n": v} for k, v in c.items()), key=lambda r: (-r["n"], r["type"]))


def e_by_name_or_alias(g: Snapshot, name: str) -> list[dict]:
    return [
        {"id": g.prop(i, "id"), "name": g.name(i)} for i in g.of("Entity")
        if g.name(i) == name or name in (g.prop(i, "aliases") or [])
    ]  # fmt: skip


def e_ministry_programs(g: Snapshot) -> list[dict]:
    rows = []
    for m in g.of("Ministry"):
        progs = {r["b"] for r in g.rel_list(("LEADS",), a=m) if g.has(r["b"], "Program")}
        if progs:
            kinds = sorted({g.prop(p, "kind") for p in progs if g.prop(p, "kind") is not None})
            rows.append({"ministry": g.name(m), "programs": len({g.name(p) for p in progs}), "kinds": kinds})
    return sorted(rows, key=lambda r: (-r["programs"], r["ministry"]))


def e_mention_counts(g: Snapshot) -> list[dict]:
    pairs = [
        (r["a"], r["b"]) for r in g.rel_list(("MENTIONS",)) if g.has(r["a"], "Document") and g.has(r["b"], "Entity")
    ]
    return [{"docs": len({a for a, _ in pairs}), "entities": len({b for _, b in pairs}), "mentions": len(pairs)}]


def e_chains(g: Snapshot) -> list[dict]:
    rows = []
    for r1 in g.rel_list(("LEADS",)):
        if not (g.has(r1["a"], "Ministry") and g.has(r1["b"], "Program")):
            continue
        for r2 in g.rel_list(("IMPLEMENTED_IN",), a=r1["b"]):
            if g.has(r2["b"], "City"):
                rows.append({"names": [g.name(r1["a"]), g.name(r1["b"]), g.name(r2["b"])],
                             "types": ["LEADS", "IMPLEMENTED_IN"], "hops": 2})  # fmt: skip
    return rows


def e_out_edges(g: Snapshot, name: str) -> list[dict]:
    rows = []
    for a in g.named(name):
        for r in g.rels:
            if r["a"] == a and g.has(r["b"], "Entity"):
                label = next(lbl for lbl in g.nodes[r["b"]]["labels"] if lbl != "Entity")
                rows.append({"label": label, "rel": r["type"], "target": g.name(r["b"])})
    return sorted(rows, key=lambda r: (r["rel"], r["target"]))


def e_companies_in_programs(g: Snapshot) -> list[dict]:
    c: Counter = Counter()
    for r in g.rel_list(("PARTICIPATES_IN", "LEADS")):
        if g.has(r["a"], "Company") and g.has(r["b"], "Program"):
            c[g.name(r["a"])] += 1
    return sorted(({"company": k, "programs": v} for k, v in c.items()), key=lambda r: (-r["programs"], r["company"]))


def e_union(g: Snapshot) -> list[dict]:
    names = {g.name(i) for i in g.of("Ministry")} | {
        g.name(i) for i in g.of("City") if g.prop(i, "level") == "metropolitan"
    }
    return [{"name": n} for n in names]


def e_kind_union(g: Snapshot) -> list[dict]:
    pairs = {(g.name(i), "Ministry") for i in g.of("Ministry")} | {(g.name(i), "Company") for i in g.of("Company")}
    c = Counter(k for _, k in pairs)
    return sorted(({"kind": k, "n": v} for k, v in c.items()), key=lambda r: r["kind"])


def e_element_ids(g: Snapshot) -> list[dict]:
    return [{"eid": str(i), "name": g.name(i)} for i in g.of("Ministry")]


def e_map_projection(g: Snapshot) -> list[dict]:
    return sorted(({"ministry": {"name": g.name(i), "kind": g.prop(i, "kind")}} for i in g.of("Ministry")),
                  key=lambda r: r["ministry"]["name"])  # fmt: skip


def e_fund_totals(g: Snapshot) -> list[dict]:
    tot: Counter = Counter()
    for r in g.rel_list(("FUNDS",)):
        if r.get("amount_krw") is not None:
            tot[g.name(r["a"])] += r["amount_krw"]
    return sorted(({"funder": k, "total": v} for k, v in tot.items()), key=lambda r: (-r["total"], r["funder"]))


def e_titled_people(g: Snapshot) -> list[dict]:
    return [{"name": g.name(i), "title": g.prop(i, "title")} for i in g.of("Person") if g.prop(i, "title") is not None]


def _implemented(g: Snapshot, c: int, where: Callable[[int], bool] = lambda p: True) -> list[int]:
    return [r["a"] for r in g.rel_list(("IMPLEMENTED_IN",), b=c) if g.has(r["a"], "Program") and where(r["a"])]


def e_cities_with_programs(g: Snapshot) -> list[dict]:
    return [{"city": g.name(c)} for c in g.of("City") if _implemented(g, c)]


def e_unled_programs(g: Snapshot) -> list[dict]:
    return sorted(({"program": g.name(p)} for p in g.of("Program") if not g.rel_list(("LEADS",), b=p)),
                  key=lambda r: r["program"])  # fmt: skip


def e_cities_with_smart_programs(g: Snapshot) -> list[dict]:
    return sorted(
        ({"city": g.name(c)} for c in g.of("City") if _implemented(g, c, lambda p: "스마트" in g.name(p))),
        key=lambda r: r["city"],
    )


def e_count_in_return(g: Snapshot) -> list[dict]:
    rows = [{"city": g.name(c), "programs": len(_implemented(g, c))} for c in g.of("City")]
    return sorted(rows, key=lambda r: (-r["programs"], r["city"]))[:5]


def e_count_in_where(g: Snapshot) -> list[dict]:
    return sorted(({"city": g.name(c)} for c in g.of("City") if len(_implemented(g, c)) >= 2), key=lambda r: r["city"])


def e_exists_projection(g: Snapshot) -> list[dict]:
    return sorted(({"city": g.name(c), "has_programs": bool(_implemented(g, c))} for c in g.of("City")),
                  key=lambda r: r["city"])  # fmt: skip


def e_leads_per_ministry(g: Snapshot) -> list[dict]:
    rows = [{"ministry": g.name(m), "programs": sum(1 for r in g.rel_list(("LEADS",), a=m) if g.has(r["b"], "Program"))}
            for m in g.of("Ministry")]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["programs"], r["ministry"]))


def e_certified_by_year(g: Snapshot) -> list[dict]:
    c: Counter = Counter()
    for r in g.rel_list(("CERTIFIED",)):
        if g.has(r["a"], "City") and r.get("first_seen"):
            c[(g.name(r["b"]), r["first_seen"][:4])] += 1
    return sorted(({"certification": k, "year": y, "cities": n} for (k, y), n in c.items()),
                  key=lambda r: (r["year"], r["certification"]))  # fmt: skip


# --------------------------------------------------------------------------- path checks


def _one_shortest_path(typed: bool) -> Callable[[Snapshot, list[dict], dict], None]:
    def check(g: Snapshot, rows: list[dict], params: dict) -> None:
        types = PATH_TYPES if typed else None
        (a,), (b,) = g.named(params["a"]), g.named(params["b"])
        want = len(g.shortest_paths(a, b, types, 4)[0]) - 1
        assert len(rows) == 1, f"one shortest path per pair, got {len(rows)} rows"
        row = rows[0]
        assert row["hops"] == want, f"{row['hops']} hops, the shortest is {want}"
        ids = row["ids"]
        assert ids[0] == a and ids[-1] == b and len(ids) == want + 1
        adj = g.adjacency(types)
        for x, y in zip(ids, ids[1:], strict=False):
            assert any(m == y for m, _ in adj[x]), f"{g.name(x)} and {g.name(y)} are not related"
        if "types" in row:
            assert len(row["types"]) == want and (not typed or set(row["types"]) <= set(PATH_TYPES))

    return check


def e_all_shortest(g: Snapshot, a: str = "국토교통부", b: str = "LG CNS") -> list[dict]:
    (ia,), (ib,) = g.named(a), g.named(b)
    return [{"names": [g.name(i) for i in p]} for p in g.shortest_paths(ia, ib, PATH_TYPES, 4)]


def e_shortest_per_company(g: Snapshot) -> list[dict]:
    (m,) = g.named("국토교통부")
    dist = g.distances(m, PATH_TYPES)
    rows = [{"company": g.name(c), "hops": dist[c]} for c in g.of("Company") if c in dist and dist[c] <= 4]
    return sorted(rows, key=lambda r: (r["hops"], r["company"]))


# --------------------------------------------------------------------------- the suite

SP_RETURN = "RETURN length(p) AS hops, [n IN nodes(p) | id(n)] AS ids"

CASES: list[Case] = [
    # aggregation with ORDER BY / LIMIT
    Case("agg_labels", "aggregation, ORDER BY, LIMIT",
         "MATCH (n:Entity) UNWIND labels(n) AS label WITH label WHERE label <> 'Entity' "
         "RETURN label, count(*) AS n ORDER BY n DESC, label LIMIT 5", RUNS, e_labels, ordered=True),
    Case("agg_rel_types", "aggregation, type()",
         "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(*) AS n ORDER BY n DESC, type",
         RUNS, e_rel_types, ordered=True),
    Case("agg_degree", "aggregation over an undirected pattern",
         "MATCH (n:Entity)-[r]-(:Entity) RETURN n.name AS name, count(r) AS degree ORDER BY degree DESC, name LIMIT 10",
         RUNS, e_degree, ordered=True),
    Case("agg_sum", "sum, IS NOT NULL",
         "MATCH (a:Entity)-[r:FUNDS]->(:Program) WHERE r.amount_krw IS NOT NULL "
         "RETURN a.name AS funder, sum(r.amount_krw) AS total ORDER BY total DESC, funder", RUNS, e_fund_totals,
         ordered=True),
    Case("with_having", "WITH ... WHERE on an aggregate",
         "MATCH (c:Company)-[:PARTICIPATES_IN|LEADS]->(p:Program) WITH c, count(p) AS programs WHERE programs >= 1 "
         "RETURN c.name AS company, programs ORDER BY programs DESC, company", RUNS, e_companies_in_programs,
         ordered=True),
    # OPTIONAL MATCH
    Case("optional_count", "OPTIONAL MATCH with count",
         "MATCH (c:City) OPTIONAL MATCH (p:Program)-[:IMPLEMENTED_IN]->(c) "
         "RETURN c.name AS city, count(p) AS programs ORDER BY programs DESC, city", RUNS, e_city_programs,
         ordered=True),
    Case("optional_nulls", "OPTIONAL MATCH keeping nulls",
         "MATCH (m:Ministry) OPTIONAL MATCH (m)-[f:FUNDS]->(p:Program) "
         "RETURN m.name AS ministry, p.name AS program, f.amount_krw AS amount", RUNS, e_ministry_funds),
    # variable-length and shortest paths
    Case("varlen", "variable-length path",
         "MATCH (m:Ministry {name: $ministry})-[:LEADS|IMPLEMENTED_IN|SELECTED|PARTICIPATES_IN*1..3]-(c:Company) "
         "RETURN DISTINCT c.name AS company ORDER BY company", RUNS, e_companies_near,
         params={"ministry": "국토교통부"}, ordered=True),
    Case("path_functions", "nodes(), relationships(), length()",
         "MATCH p = (:Ministry)-[:LEADS]->(:Program)-[:IMPLEMENTED_IN]->(:City) "
         "RETURN [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types, length(p) AS hops",
         RUNS, e_chains),
    Case("shortest_path", "shortestPath in MATCH",
         f"MATCH p = shortestPath((a {{name: $a}})-[*..4]-(b {{name: $b}})) {SP_RETURN}", REWRITTEN,
         params={"a": "국토교통부", "b": "LG CNS"}, check=_one_shortest_path(typed=False)),
    Case("shortest_path_typed", "shortestPath in MATCH, typed, relationships()",
         "MATCH p = shortestPath((a:Ministry {name: $a})-[r:LEADS|IMPLEMENTED_IN|SELECTED|PARTICIPATES_IN*..4]-"
         f"(b:Company {{name: $b}})) {SP_RETURN}, [x IN r | type(x)] AS types", REWRITTEN,
         params={"a": "국토교통부", "b": "LG CNS"}, check=_one_shortest_path(typed=True)),
    Case("shortest_per_row", "shortestPath per row, ends bound earlier",
         "MATCH (m:Ministry {name: '국토교통부'}), (c:Company) "
         "MATCH p = shortestPath((m)-[:LEADS|IMPLEMENTED_IN|SELECTED|PARTICIPATES_IN*..4]-(c)) "
         "RETURN c.name AS company, length(p) AS hops ORDER BY hops, company", REWRITTEN, e_shortest_per_company,
         ordered=True),
    Case("all_shortest_paths", "allShortestPaths in MATCH",
         "MATCH p = allShortestPaths((a:Ministry {name: '국토교통부'})-[:LEADS|IMPLEMENTED_IN|SELECTED|PARTICIPATES_IN*..4]-"
         "(b:Company {name: 'LG CNS'})) RETURN [n IN nodes(p) | n.name] AS names", REWRITTEN, e_all_shortest),
    Case("shortest_path_filtered", "shortestPath with a WHERE on the path",
         "MATCH p = shortestPath((a {name: '국토교통부'})-[*..4]-(b {name: 'LG CNS'})) "
         "WHERE none(n IN nodes(p) WHERE n:Document) RETURN length(p) AS hops", REFUSED,
         construct="WHERE on the path of shortestPath"),
    # EXISTS and COUNT subqueries
    Case("exists_pattern", "EXISTS { MATCH pattern }",
         "MATCH (c:City) WHERE EXISTS { MATCH (c)<-[:IMPLEMENTED_IN]-(:Program) } RETURN c.name AS city",
         REWRITTEN, e_cities_with_programs),
    Case("not_exists", "NOT EXISTS { pattern }",
         "MATCH (p:Program) WHERE NOT EXISTS { (p)<-[:LEADS]-() } RETURN p.name AS program ORDER BY program",
         REWRITTEN, e_unled_programs, ordered=True),
    Case("exists_where", "EXISTS { MATCH ... WHERE ... } with other conditions",
         "MATCH (c:City) WHERE c.name IS NOT NULL AND EXISTS { MATCH (c)<-[:IMPLEMENTED_IN]-(p:Program) "
         "WHERE p.name CONTAINS '스마트' } RETURN c.name AS city ORDER BY city", REWRITTEN,
         e_cities_with_smart_programs, ordered=True),
    Case("exists_projection", "EXISTS { } as a value",
         "MATCH (c:City) RETURN c.name AS city, EXISTS { (c)<-[:IMPLEMENTED_IN]-(:Program) } AS has_programs "
         "ORDER BY city", REWRITTEN, e_exists_projection, ordered=True),
    Case("count_return", "COUNT { } in RETURN",
         "MATCH (c:City) RETURN c.name AS city, COUNT { (c)<-[:IMPLEMENTED_IN]-(:Program) } AS programs "
         "ORDER BY programs DESC, city LIMIT 5", REWRITTEN, e_count_in_return, ordered=True),
    Case("count_where", "COUNT { } in WHERE",
         "MATCH (c:City) WHERE COUNT { (c)<-[:IMPLEMENTED_IN]-(:Program) } >= 2 RETURN c.name AS city ORDER BY city",
         REWRITTEN, e_count_in_where, ordered=True),
    # CALL subqueries
    Case("call_subquery", "CALL { WITH x ... } subquery",
         "MATCH (m:Ministry) CALL { WITH m OPTIONAL MATCH (m)-[:LEADS]->(p:Program) RETURN count(p) AS programs } "
         "RETURN m.name AS ministry, programs ORDER BY programs DESC, ministry", RUNS, e_leads_per_ministry,
         ordered=True),
    Case("call_scope", "CALL (x) { ... } (Neo4j 5 scope clause)",
         "MATCH (m:Ministry) CALL (m) { OPTIONAL MATCH (m)-[:LEADS]->(p:Program) RETURN count(p) AS programs } "
         "RETURN m.name AS ministry, programs ORDER BY programs DESC, ministry", REWRITTEN, e_leads_per_ministry,
         ordered=True),
    Case("call_union", "CALL { ... UNION ... }",
         "CALL { MATCH (m:Ministry) RETURN m.name AS name, 'Ministry' AS kind "
         "UNION MATCH (c:Company) RETURN c.name AS name, 'Company' AS kind } "
         "RETURN kind, count(*) AS n ORDER BY kind", RUNS, e_kind_union, ordered=True),
    # UNWIND, lists, CASE
    Case("unwind_param", "UNWIND a list parameter",
         "UNWIND $names AS name MATCH (n:Entity {name: name}) UNWIND labels(n) AS type WITH name, type "
         "WHERE type <> 'Entity' RETURN name, type ORDER BY name, type", RUNS,
         lambda g: e_entities_by_name(g, ["국토교통부", "LG CNS", "세종특별자치시"]),
         params={"names": ["국토교통부", "LG CNS", "세종특별자치시"]}, ordered=True),
    Case("unwind_property", "UNWIND a list property",
         "MATCH (n:Entity) UNWIND n.aliases AS alias RETURN alias, n.name AS name ORDER BY alias, name", RUNS,
         e_aliases, ordered=True),
    Case("list_comprehension", "list comprehension, toUpper, size",
         "MATCH (c:City) RETURN c.name AS city, [a IN c.aliases WHERE size(a) <= 3 | toUpper(a)] AS short "
         "ORDER BY city", RUNS, e_short_aliases, ordered=True),
    Case("pattern_comprehension", "pattern comprehension",
         "MATCH (p:Program) RETURN p.name AS program, [(p)-[:IMPLEMENTED_IN]->(c:City) | c.name] AS cities", RUNS,
         e_program_cities),
    Case("case_simple", "CASE value WHEN",
         "MATCH (c:City) RETURN c.name AS city, CASE c.level WHEN 'metropolitan' THEN '광역' WHEN 'basic' THEN '기초' "
         "ELSE '기타' END AS tier ORDER BY city", RUNS, e_tiers, ordered=True),
    Case("case_searched", "CASE WHEN with aggregation",
         "MATCH (:Entity)-[f:FUNDS]->(:Program) RETURN CASE WHEN f.amount_krw IS NULL THEN 'unknown' "
         "WHEN f.amount_krw >= 1000000000 THEN '>= 1bn' ELSE '< 1bn' END AS band, count(*) AS n ORDER BY band",
         RUNS, e_fund_bands, ordered=True),
    # strings: STARTS WITH / CONTAINS / regex, string functions
    Case("starts_with", "STARTS WITH",
         "MATCH (p:Program) WHERE p.name STARTS WITH '스마트' RETURN p.name AS name ORDER BY name", RUNS,
         lambda g: e_prefix(g, "Program", "스마트"), ordered=True),
    Case("contains_any", "CONTAINS, toLower, any()",
         "MATCH (n:Entity) WHERE toLower(n.name) CONTAINS 'lg' OR any(a IN n.aliases WHERE toLower(a) CONTAINS 'lg') "
         "RETURN n.name AS name", RUNS, e_lg),
    Case("string_functions", "ENDS WITH, split, size, substring, replace",
         "MATCH (c:City) WHERE c.name ENDS WITH '구' RETURN c.name AS name, split(c.name, ' ')[0] AS parent, "
         "size(c.name) AS len, substring(c.name, 0, 2) AS head, replace(c.name, ' ', '') AS compact ORDER BY name",
         RUNS, e_districts, ordered=True),
    Case("regex_suffix", "regular expression =~ (literal)",
         "MATCH (n:Entity) WHERE n.name =~ '.*광역시' RETURN n.name AS name ORDER BY name", REWRITTEN,
         lambda g: e_suffix(g, "광역시"), ordered=True),
    Case("regex_case_insensitive", "regular expression =~ (?i)",
         "MATCH (n:Entity) WHERE n.name =~ '(?i)lg.*' RETURN n.name AS name", REWRITTEN,
         lambda g: [{"name": g.name(i)} for i in g.of("Entity") if g.name(i).lower().startswith("lg")]),
    Case("regex_class", "regular expression =~ (character class)",
         "MATCH (c:City) WHERE c.name =~ '[가-힣]+[시군구]' RETURN c.name AS name", REFUSED, construct="=~"),
    # dates
    Case("date_range", "date strings compared",
         "MATCH (d:Document) WHERE d.date >= '2019-01-01' AND d.date < '2021-01-01' "
         "RETURN d.id AS id, d.date AS date ORDER BY date", REWRITTEN, e_docs_between, ordered=True),
    Case("date_function", "date() and .year",
         "MATCH (d:Document) WHERE d.date IS NOT NULL WITH date(d.date).year AS year WHERE year >= 2020 "
         "RETURN year, count(*) AS docs ORDER BY year", RUNS, e_docs_per_year, ordered=True),
    Case("relations_in_year", "relations by first_seen year (parameter)",
         "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.first_seen STARTS WITH $year "
         "RETURN type(r) AS type, count(*) AS n ORDER BY n DESC, type", RUNS, lambda g: e_rels_in_year(g, "2020"),
         params={"year": "2020"}, ordered=True),
    Case("certified_by_year", "per-year counts with substring",
         "MATCH (c:City)-[r:CERTIFIED]->(x:Certification) WHERE r.first_seen IS NOT NULL "
         "RETURN x.name AS certification, substring(r.first_seen, 0, 4) AS year, count(c) AS cities "
         "ORDER BY year, certification", RUNS, e_certified_by_year, ordered=True),
    # parameters, collect/size/distinct
    Case("param_alias", "parameters, IN a list property",
         "MATCH (m:Entity) WHERE m.name = $name OR $name IN m.aliases RETURN m.id AS id, m.name AS name", RUNS,
         lambda g: e_by_name_or_alias(g, "국토부"), params={"name": "국토부"}),
    Case("collect_distinct", "collect(DISTINCT), size()",
         "MATCH (m:Ministry)-[:LEADS]->(p:Program) RETURN m.name AS ministry, size(collect(DISTINCT p.name)) AS "
         "programs, collect(DISTINCT p.kind) AS kinds ORDER BY programs DESC, ministry", RUNS, e_ministry_programs,
         ordered=True),
    Case("count_distinct", "count(DISTINCT)",
         "MATCH (d:Document)-[:MENTIONS]->(e:Entity) RETURN count(DISTINCT d) AS docs, count(DISTINCT e) AS entities, "
         "count(*) AS mentions", RUNS, e_mention_counts),
    # labels(), type(), ids, projections, UNION
    Case("labels_type", "labels() and type()",
         "MATCH (a:Entity)-[r]->(b:Entity) WHERE a.name = $name "
         "RETURN [l IN labels(b) WHERE l <> 'Entity'][0] AS label, type(r) AS rel, b.name AS target "
         "ORDER BY rel, target", RUNS, lambda g: e_out_edges(g, "세종특별자치시"), params={"name": "세종특별자치시"},
         ordered=True),
    Case("element_id", "elementId()",
         "MATCH (m:Ministry) RETURN elementId(m) AS eid, m.name AS name", REWRITTEN, e_element_ids),
    Case("map_projection", "map projection",
         "MATCH (m:Ministry) RETURN m {.name, .kind} AS ministry ORDER BY m.name", RUNS, e_map_projection,
         ordered=True),
    Case("union", "UNION",
         "MATCH (m:Ministry) RETURN m.name AS name UNION MATCH (c:City) WHERE c.level = 'metropolitan' "
         "RETURN c.name AS name", RUNS, e_union),
    Case("is_not_null", "IS NOT NULL on a property",
         "MATCH (n:Person) WHERE n.title IS NOT NULL RETURN n.name AS name, n.title AS title", RUNS, e_titled_people),
    Case("label_expression", "label disjunction in a node pattern",
         "MATCH (n:Ministry|Organization) RETURN count(n) AS n", REFUSED, construct="label expression"),
]  # fmt: skip

SORTED_LIST_COLUMNS = {"pattern_comprehension": ("cities",), "collect_distinct": ("kinds",)}
