"""Neo4j-style Cypher on the embedded store: rewritten to forms FalkorDB runs, or refused with the form that works.

Researchers write Cypher the way Neo4j taught them. FalkorDB 4 parses most of it but not:

- `shortestPath(...)` / `allShortestPaths(...)` in MATCH (it takes `shortestPath` only in WITH/RETURN and
  directed, and `allShortestPaths` only between ends bound by an earlier clause): rewritten to a
  `CALL { WITH a, b MATCH p = allShortestPaths(...) RETURN p [LIMIT 1] }` per row, after a MATCH of the ends;
- `EXISTS { ... }` and `COUNT { ... }` subqueries: a single pattern becomes a pattern predicate
  (`WHERE (c)<-[:IMPLEMENTED_IN]-(:Program)`) or a pattern comprehension (`size([(c)<-[...]-(p) WHERE ... | 1])`),
  computed in a `WITH *` when it sits in a WHERE (FalkorDB evaluates comprehensions only in projections);
- `CALL (x) { ... }` (Neo4j 5.23 scope clause): `CALL { WITH x ... }`;
- `=~` (FalkorDB has no regular expressions): a literal pattern becomes `=`, STARTS WITH, ENDS WITH or
  CONTAINS (`(?i)` through toLower), alternatives become OR;
- `elementId(n)`: `toString(id(n))`.

What cannot be rewritten faithfully is refused with `UnsupportedCypher`, whose message names the construct
and shows the form that runs. A query that needs none of this is returned exactly as written; one that does
is parsed with cypherast (an openCypher / Neo4j 5 parser: tokens, AST, renderer), transformed on its AST and
rendered again with operands parenthesized (cypherast's own renderer drops the parentheses of the source)
and unaliased RETURN columns named by their original text, as FalkorDB and Neo4j name them.
Rewriting only ever adds MATCH, WITH and CALL { } reads; `_assert_reads_only` checks the result.
"""

from __future__ import annotations

import itertools
import re

from cypherast import ast as A
from cypherast.dialects import get_dialect
from cypherast.errors import CypherastError
from cypherast.lexer import Lexer, TokenKind
from cypherast.renderer import Renderer

from citykg.graph.store import Adapted, QueryError, ReadOnlyViolation

NEO4J = "It runs as written on Neo4j (CITYKG_STORE=neo4j); see cypher/README.md for what the embedded store runs."


class UnsupportedCypher(QueryError):
    """A Neo4j construct the embedded store cannot run; the message names it and shows the form that works."""

    def __init__(self, construct: str, why: str, instead: str) -> None:
        self.construct = construct
        super().__init__(
            f"{construct} is not supported by the embedded store (FalkorDB): {why}. Write it as: {instead}. {NEO4J}"
        )


def adapt_query(query: str) -> Adapted:
    """`query` in a form FalkorDB runs; raises UnsupportedCypher for a construct it cannot run."""
    try:
        tree = get_dialect("neo4j5").parser(query).parse()
        tokens = [t.kind for t, _ in _EndLexer(query).tokenize_with_ends()]
    except (CypherastError, RecursionError):
        return Adapted(query)  # not ours to judge: FalkorDB's own parser gives its message
    rewriter = _Rewriter()
    if any(a is TokenKind.EXISTS and b is TokenKind.LPAREN for a, b in itertools.pairwise(tokens)):
        # exists((a)-->(b)) parses as the pattern predicate it means, which FalkorDB takes bare
        rewriter.notes.append("exists(pattern) → pattern predicate")
    tree = rewriter.run(tree)
    if not rewriter.notes:
        return Adapted(query)
    _keep_column_names(tree, query)
    _assert_reads_only(tree)
    return Adapted(FalkorRenderer().generate(tree), tuple(dict.fromkeys(rewriter.notes)))


# --------------------------------------------------------------------------- rendering


# Expressions that print as one unit: no parentheses needed around them as operands.
_ATOMS = (
    A.Literal, A.Parameter, A.Identifier, A.Property, A.FunctionCall, A.Coalesce, A.List, A.Map,
    A.ListSubscript, A.ListSlice, A.Case, A.ListComprehension, A.Quantifier, A.ListLambda,
    A.PatternComprehension, A.MapProjection, A.Star, A.LabelPredicate,
)  # fmt: skip


class FalkorRenderer(Renderer):
    """cypherast's renderer with every compound operand in parentheses and FalkorDB's pattern predicates."""

    def _operand(self, node: A.AstNode) -> str:
        text = self.dispatch(node)
        atom = isinstance(node, _ATOMS) or (isinstance(node, A.PatternPredicate) and not node.not_)
        return text if atom else f"({text})"

    def _bin(self, node: A.Binary, op: str) -> str:
        return f"{self._operand(node.this)} {op} {self._operand(node.expression)}"

    def render_Not(self, node: A.Not) -> str:
        return f"NOT {self._operand(node.this)}"

    def render_Neg(self, node: A.Neg) -> str:
        return f"-{self._operand(node.this)}"

    def render_IsNull(self, node: A.IsNull) -> str:
        return f"{self._operand(node.this)} IS{' NOT' if node.not_ else ''} NULL"

    def render_Property(self, node: A.Property) -> str:
        return f"{self._operand(node.this)}.{self._identifier(node.name)}"

    def render_ListSubscript(self, node: A.ListSubscript) -> str:
        return f"{self._operand(node.this)}[{self.dispatch(node.index)}]"

    def render_ListSlice(self, node: A.ListSlice) -> str:
        start = "" if node.start is None else self.dispatch(node.start)
        end = "" if node.end is None else self.dispatch(node.end)
        return f"{self._operand(node.this)}[{start}..{end}]"

    def render_PatternPredicate(self, node: A.PatternPredicate) -> str:
        # FalkorDB takes a bare pattern as a predicate (`exists(pattern)` and EXISTS { } it does not).
        if not isinstance(node.pattern, A.PathPattern):
            raise UnsupportedCypher("EXISTS { ... }", "it has no subqueries", "a pattern predicate")
        body = self.dispatch(node.pattern)
        return f"NOT {body}" if node.not_ else f"({body})"


# --------------------------------------------------------------------------- scope


def _name(node: A.AstNode | None) -> str | None:
    return str(node.this) if isinstance(node, A.Identifier) else None


def _pattern_vars(pattern: A.AstNode) -> set[str]:
    out: set[str] = set()
    for n in pattern.walk():
        if isinstance(n, A.NodePattern | A.RelationshipPattern | A.PathPattern) and _name(n.variable):
            out.add(_name(n.variable))  # type: ignore[arg-type]
    return out


def _projected(expressions: list[A.AstNode]) -> set[str]:
    out: set[str] = set()
    for e in expressions:
        if isinstance(e, A.Alias) and _name(e.alias):
            out.add(_name(e.alias))  # type: ignore[arg-type]
        elif _name(e):
            out.add(_name(e))  # type: ignore[arg-type]
    return out


def _final_return(statement: A.AstNode) -> A.Return | None:
    while isinstance(statement, A.Union):
        statement = statement.this
    if isinstance(statement, A.Query) and statement.clauses and isinstance(statement.clauses[-1], A.Return):
        return statement.clauses[-1]
    return None


def _scope_after(clause: A.AstNode, scope: set[str]) -> set[str]:
    """The variables bound after `clause`, given those bound before it."""
    if isinstance(clause, A.Match):
        return scope | _pattern_vars(clause.pattern)
    if isinstance(clause, A.Unwind):
        return scope | {n for n in [_name(clause.alias)] if n}
    if isinstance(clause, A.With):
        names = _projected(clause.expressions)
        return scope | names if any(isinstance(e, A.Star) for e in clause.expressions) else names
    if isinstance(clause, A.CallSubquery):
        ret = _final_return(clause.query)
        return scope | (_projected(ret.expressions) if ret else set())
    if isinstance(clause, A.CallProcedure) and clause.yield_ is not None:
        return scope | _projected(clause.yield_.expressions)
    return scope


# --------------------------------------------------------------------------- the rewriter


_SHORTEST_INSTEAD = (
    "MATCH (a {name: 'A'}), (b {name: 'B'}) "
    "CALL { WITH a, b MATCH p = allShortestPaths((a)-[*..4]-(b)) RETURN p LIMIT 1 } RETURN p"
)
_EXISTS_INSTEAD = (
    "a pattern predicate, WHERE (c)<-[:IMPLEMENTED_IN]-(:Program), or for a condition "
    "WITH c, size([(c)<-[:IMPLEMENTED_IN]-(p:Program) WHERE p.kind = 'project' | 1]) AS n WHERE n > 0"
)


class _Rewriter:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self._ids = itertools.count(1)

    def fresh(self, stem: str) -> str:
        return f"__{stem}{next(self._ids)}"

    def run(self, tree: A.AstNode) -> A.AstNode:
        tree = tree.copy()
        tree = tree.transform(self._expression, copy=False)
        self._statement(tree.this if isinstance(tree, A.Cypher) else tree, set())
        return tree

    # ------------------------------------------------------------------ context-free expressions

    def _expression(self, node: A.AstNode) -> A.AstNode | None:
        if isinstance(node, A.RegexMatch):
            return self._regex(node)
        if isinstance(node, _RANGE) and _in_where(node):
            return self._range(node)
        if isinstance(node, A.FunctionCall):
            name = str(node.name)
            if name.lower() == "elementid":
                self.notes.append("elementId(x) → toString(id(x))")
                return A.FunctionCall(
                    name="toString", expressions=[A.FunctionCall(name="id", expressions=node.expressions)]
                )
            if name.lower().startswith(("apoc.", "gds.")):
                raise UnsupportedCypher(
                    f"{name}()",
                    "APOC and GDS are Neo4j plugins",
                    "Cypher's own functions, or networkx on citykg.connect().to_networkx()",
                )
        if isinstance(node, A.QuantifiedPath):
            raise UnsupportedCypher(
                "a quantified path pattern ((a)-[:R]->(b)){m,n}", "it has no quantified path patterns",
                "a variable-length relationship, (a)-[:R*1..3]->(b)",
            )  # fmt: skip
        if isinstance(node, A.LabelExpression) and node.expression:
            raise UnsupportedCypher(
                f"the label expression :{node.expression}", "a pattern takes labels joined by ':' (all of them)",
                "MATCH (n) WHERE n:City OR n:Ministry",
            )  # fmt: skip
        if isinstance(node, A.CallSubquery) and node.optional:
            raise UnsupportedCypher(
                "OPTIONAL CALL { ... }", "it has no optional subqueries",
                "CALL { WITH x OPTIONAL MATCH ... RETURN ... }",
            )  # fmt: skip
        return None

    def _regex(self, node: A.RegexMatch) -> A.AstNode:
        pattern = node.expression
        example = "WHERE toLower(n.name) CONTAINS 'lg' (or STARTS WITH / ENDS WITH)"
        if not isinstance(pattern, A.String):
            raise UnsupportedCypher(
                "=~ with a regular expression that is not a literal", "it has no regular expressions", example
            )
        replacement = regex_as_predicate(node.this, str(pattern.this))
        if replacement is None:
            raise UnsupportedCypher(
                f"=~ '{pattern.this}'", "it has no regular expressions; only a literal text with .* at either end, "
                "^ $, (?i) and alternatives (a|b) can be rewritten", example,
            )  # fmt: skip
        self.notes.append(f"=~ '{pattern.this}' → {FalkorRenderer().generate(replacement)}")
        return replacement

    def _range(self, node: A.Binary) -> A.AstNode | None:
        """`x.p < 'text'` with x.p read through coalesce(): FalkorDB's range index drops < and <= filters
        on strings and returns every row (FalkorDB issues 2239, 282); a function call keeps it off the index."""
        sides = (node.this, node.expression)
        if not any(isinstance(s, A.String | A.Parameter) for s in sides):
            return None
        wrapped = [
            A.FunctionCall(name="coalesce", expressions=[s, A.Null(this=None)]) if isinstance(s, A.Property) else s
            for s in sides
        ]
        if wrapped[0] is sides[0] and wrapped[1] is sides[1]:
            return None
        self.notes.append("x.p < 'text' → coalesce(x.p, null) < 'text' (FalkorDB's range index drops < on strings)")
        return type(node)(this=wrapped[0], expression=wrapped[1])

    # ------------------------------------------------------------------ clauses, with scope

    def _statement(self, node: A.AstNode, scope: set[str]) -> None:
        if isinstance(node, A.Union):
            self._statement(node.this, scope)
            self._statement(node.expression, scope)
        elif isinstance(node, A.Query):
            self._query(node, scope)

    def _query(self, query: A.Query, scope: set[str]) -> None:
        out: list[A.AstNode] = []
        for clause in query.clauses:
            after = _scope_after(clause, scope)
            if isinstance(clause, A.CallSubquery):
                self._call(clause, scope)
                out.append(clause)
            elif isinstance(clause, A.Match):
                out.extend(self._match(clause, scope, after))
            elif isinstance(clause, A.With):
                out.extend(self._with(clause, scope, after))
            else:
                self._projections(clause, scope)
                out.append(clause)
            scope = after
        query.set("clauses", out)

    def _call(self, clause: A.CallSubquery, scope: set[str]) -> None:
        if clause.variables is not None:
            imported: list[A.AstNode] = [A.Star()] if isinstance(clause.variables, A.Star) else list(clause.variables)
            text = ", ".join(FalkorRenderer().generate(v) for v in imported)
            self.notes.append(f"CALL ({text}) {{ … }} → CALL {{ WITH {text} … }}")
            for branch in _branches(clause.query):
                if imported:
                    branch.set("clauses", [A.With(expressions=[v.copy() for v in imported])] + list(branch.clauses))
            clause.set("variables", None)
        self._statement(clause.query, scope)

    def _with(self, clause: A.With, scope: set[str], after: set[str]) -> list[A.AstNode]:
        self._projections(clause, scope)
        if clause.where is None:
            return [clause]
        condition, hoisted = self._condition(clause.where.this, after)
        if not hoisted:
            clause.set("where", A.Where(this=condition))
            return [clause]
        if clause.order or clause.skip or clause.limit:
            raise UnsupportedCypher(
                "EXISTS { ... WHERE ... } or COUNT { ... } in the WHERE of a WITH with ORDER BY, SKIP or LIMIT",
                "the subquery must be computed in a projection",
                "a WITH that computes it first, then the WITH ... ORDER BY",
            )
        clause.set("where", None)
        return [clause, _with_star(hoisted, condition)]

    def _match(self, clause: A.Match, scope: set[str], after: set[str]) -> list[A.AstNode]:
        out: list[A.AstNode] = [clause]
        if any(isinstance(e, A.ShortestPath) for p in clause.pattern.paths for e in p.elements):
            out = self._shortest(clause, scope)
        first = out[0]
        where = first.where if isinstance(first, A.Match | A.With) else None
        if where is None:
            return out
        condition, hoisted = self._condition(
            where.this, _scope_after(first, scope) if isinstance(first, A.Match) else after
        )
        if not hoisted:
            first.set("where", A.Where(this=condition))
            return out
        if isinstance(first, A.Match) and first.optional:
            raise UnsupportedCypher(
                "EXISTS { ... WHERE ... } or COUNT { ... } in the WHERE of an OPTIONAL MATCH",
                "the subquery must be computed in a projection, which would change what OPTIONAL MATCH keeps",
                "OPTIONAL MATCH (c)<-[:IMPLEMENTED_IN]-(p) WITH c, p, size([(p)<-[:LEADS]-(m:Ministry) | 1]) AS n ... ",
            )  # fmt: skip
        first.set("where", None)
        return [first, _with_star(hoisted, condition), *out[1:]]

    def _projections(self, clause: A.AstNode, scope: set[str]) -> None:
        """EXISTS/COUNT subqueries and pattern predicates in RETURN/WITH/UNWIND/ORDER BY: comprehensions."""
        for key, value in list(clause.args.items()):
            if key == "where" or not isinstance(value, A.AstNode | list):
                continue
            items = value if isinstance(value, list) else [value]
            new = [self._subqueries_inline(v, scope) if isinstance(v, A.AstNode) else v for v in items]
            clause.set(key, new if isinstance(value, list) else new[0])

    # ------------------------------------------------------------------ EXISTS { } and COUNT { }

    def _subqueries_inline(self, expr: A.AstNode, scope: set[str]) -> A.AstNode:
        def fun(node: A.AstNode) -> A.AstNode | None:
            if _is_subquery(node):
                return self._comprehension(node, scope)
            return None

        return _transform_outer(expr, fun)

    def _condition(self, expr: A.AstNode, scope: set[str]) -> tuple[A.AstNode, list[tuple[str, A.AstNode]]]:
        """The WHERE condition with EXISTS/COUNT replaced: pattern predicates in place, or variables
        computed by a WITH before it (returned as (name, expression))."""
        hoisted: list[tuple[str, A.AstNode]] = []

        def fun(node: A.AstNode) -> A.AstNode | None:
            if not _is_subquery(node):
                return None
            path, inner = _simple_body(node)
            if isinstance(node, A.PatternPredicate) and inner is None:
                if isinstance(node.pattern, A.Query):
                    self.notes.append("EXISTS { pattern } → pattern predicate")
                return A.PatternPredicate(pattern=_anonymous(path, scope), not_=node.not_)
            name = self.fresh("exists" if isinstance(node, A.PatternPredicate) else "count")
            hoisted.append((name, self._comprehension(node, scope)))
            return A.Identifier(this=name)

        return _transform_outer(expr, fun), hoisted

    def _comprehension(self, node: A.AstNode, scope: set[str]) -> A.AstNode:
        path, inner = _simple_body(node)
        comp = A.PatternComprehension(
            pattern=path.copy(), where=inner.copy() if inner else None, projection=A.Integer(this=1)
        )
        size = A.FunctionCall(name="size", expressions=[comp])
        if isinstance(node, A.CountSubquery):
            self.notes.append("COUNT { … } → size([pattern WHERE … | 1])")
            return size
        self.notes.append("EXISTS { … } → size([pattern WHERE … | 1]) > 0")
        return (A.EQ if node.not_ else A.GT)(this=size, expression=A.Integer(this=0))

    # ------------------------------------------------------------------ shortestPath in MATCH

    def _shortest(self, clause: A.Match, scope: set[str]) -> list[A.AstNode]:
        kind = next(
            "allShortestPaths" if e.all_ else "shortestPath"
            for p in clause.pattern.paths for e in p.elements if isinstance(e, A.ShortestPath)
        )  # fmt: skip
        if clause.optional:
            raise UnsupportedCypher(
                f"{kind}(...) in OPTIONAL MATCH", "it finds shortest paths only in MATCH between bound ends",
                "MATCH (a ...), (b ...) OPTIONAL MATCH ... or a CALL { WITH a, b MATCH p = allShortestPaths(...) "
                "RETURN collect(p)[0] AS p }",
            )  # fmt: skip
        others: list[A.AstNode] = []
        ends: list[A.AstNode] = []
        calls: list[A.AstNode] = []
        path_vars: set[str] = set()
        bound = set(scope)
        for p in clause.pattern.paths:
            if not any(isinstance(e, A.ShortestPath) for e in p.elements):
                others.append(p)
                bound |= _pattern_vars(p)
        for p in clause.pattern.paths:
            if not any(isinstance(e, A.ShortestPath) for e in p.elements):
                continue
            if len(p.elements) != 1:
                raise UnsupportedCypher(
                    f"{kind}(...) inside a longer pattern", "the shortest path must be a pattern of its own",
                    _SHORTEST_INSTEAD,
                )  # fmt: skip
            sp: A.ShortestPath = p.elements[0]
            inner = sp.this
            if len(inner.elements) != 3 or not isinstance(inner.elements[1], A.RelationshipPattern):
                raise UnsupportedCypher(
                    f"{kind}(...) over more than one relationship pattern",
                    "a shortest path is searched over one (variable-length) relationship", _SHORTEST_INSTEAD,
                )  # fmt: skip
            left, rel, right = (e.copy() for e in inner.elements)
            if rel.properties is not None or rel.where is not None:
                raise UnsupportedCypher(
                    f"{kind}(...) with relationship properties",
                    "it searches shortest paths by type and direction only",
                    "filter the types, or a variable-length MATCH ordered by length(p)",
                )
            if rel.variable_length and rel.min_hops not in (None, 1):
                raise UnsupportedCypher(
                    f"{kind}(...) with a minimum length of {rel.min_hops}", "shortest paths start at one hop",
                    "[*..4] (or [*1..4])",
                )  # fmt: skip
            ends_vars = []
            for node in (left, right):
                var = _name(node.variable)
                if var is None:
                    var = self.fresh("end")
                    node.set("variable", A.Identifier(this=var))
                if var not in bound or node.labels is not None or node.properties is not None:
                    ends.append(A.PathPattern(elements=[node]))
                bound.add(var)
                ends_vars.append(var)
            path_var = _name(p.variable) or self.fresh("path")
            rel_var = _name(rel.variable)
            path_vars |= {path_var} | ({rel_var} if rel_var else set())
            rel.set("variable", None)
            rel.set("variable_length", True)
            rel.set("min_hops", 1)
            if not inner.elements[1].variable_length:
                rel.set("max_hops", 1)
            search = A.PathPattern(
                variable=A.Identifier(this=path_var),
                elements=[A.ShortestPath(
                    this=A.PathPattern(elements=[
                        A.NodePattern(variable=A.Identifier(this=ends_vars[0])), rel,
                        A.NodePattern(variable=A.Identifier(this=ends_vars[1])),
                    ]),
                    all_=True,
                )],
            )  # fmt: skip
            returns: list[A.AstNode] = [A.Identifier(this=path_var)]
            if rel_var:
                returns.append(
                    A.Alias(
                        this=A.FunctionCall(name="relationships", expressions=[A.Identifier(this=path_var)]),
                        alias=A.Identifier(this=rel_var),
                    )
                )
            body = A.Query(clauses=[
                A.With(expressions=[A.Identifier(this=v) for v in dict.fromkeys(ends_vars)]),
                A.Match(pattern=A.Pattern(paths=[search])),
                A.Return(expressions=returns, limit=None if sp.all_ else A.Limit(this=A.Integer(this=1))),
            ])  # fmt: skip
            calls.append(A.CallSubquery(query=body))
            limit = "" if sp.all_ else " LIMIT 1"
            self.notes.append(
                f"{'allShortestPaths' if sp.all_ else 'shortestPath'} in MATCH → MATCH of its ends, then "
                f"CALL {{ WITH … MATCH {path_var} = allShortestPaths(…) RETURN {path_var}{limit} }}"
            )
        where = clause.where
        if where is not None and {_name(n) for n in where.walk() if isinstance(n, A.Identifier)} & path_vars:
            raise UnsupportedCypher(
                f"a WHERE on the path of {kind}(...)",
                "it finds shortest paths without conditions, and filtering them afterwards is not the same query",
                "a variable-length MATCH filtered and ordered by length: "
                "MATCH p = (a)-[*..4]-(b) WHERE <condition> RETURN p ORDER BY length(p) LIMIT 1",
            )  # fmt: skip
        paths = others + ends
        if paths:
            first: A.AstNode = A.Match(pattern=A.Pattern(paths=paths), where=where, hints=clause.hints)
        else:
            first = A.With(expressions=[A.Star()], where=where)
            if where is None:
                return calls
        return [first, *calls]


# --------------------------------------------------------------------------- helpers


_RANGE = (A.LT, A.LTE, A.GT, A.GTE)


def _in_where(node: A.AstNode) -> bool:
    """Whether `node` is part of a WHERE condition (not of a projection)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, A.Where):
            return True
        if isinstance(parent, A.Match | A.With | A.Return | A.Unwind | A.Query | A.PatternComprehension):
            return False
        parent = parent.parent
    return False


def _branches(statement: A.AstNode) -> list[A.Query]:
    if isinstance(statement, A.Union):
        return _branches(statement.this) + _branches(statement.expression)
    return [statement] if isinstance(statement, A.Query) else []


def _with_star(hoisted: list[tuple[str, A.AstNode]], condition: A.AstNode) -> A.With:
    exprs: list[A.AstNode] = [A.Star()] + [A.Alias(this=e, alias=A.Identifier(this=n)) for n, e in hoisted]
    return A.With(expressions=exprs, where=A.Where(this=condition))


def _is_subquery(node: A.AstNode) -> bool:
    return isinstance(node, A.CountSubquery) or isinstance(node, A.PatternPredicate)


def _simple_body(node: A.AstNode) -> tuple[A.PathPattern, A.AstNode | None]:
    """(pattern, condition) of EXISTS/COUNT { [MATCH] pattern [WHERE condition] }; refused otherwise."""
    body = node.query if isinstance(node, A.CountSubquery) else node.pattern
    if isinstance(body, A.PathPattern):
        return body, None
    if isinstance(body, A.Query) and len(body.clauses) == 1:
        m = body.clauses[0]
        if isinstance(m, A.Match) and not m.optional and len(m.pattern.paths) == 1:
            return m.pattern.paths[0], (m.where.this if m.where is not None else None)
    word = "COUNT" if isinstance(node, A.CountSubquery) else "EXISTS"
    raise UnsupportedCypher(
        f"{word} {{ ... }} with more than one pattern or clause", "only a single pattern with a WHERE can be rewritten",
        f"{_EXISTS_INSTEAD}; or CALL {{ WITH c MATCH ... RETURN count(*) AS n }} and WHERE n > 0",
    )  # fmt: skip


def _anonymous(path: A.PathPattern, scope: set[str]) -> A.PathPattern:
    """The pattern with variables not bound outside it dropped (a pattern predicate cannot bind new ones)."""
    path = path.copy()
    path.set("variable", None)
    for n in path.walk():
        if (
            isinstance(n, A.NodePattern | A.RelationshipPattern)
            and _name(n.variable)
            and _name(n.variable) not in scope
        ):
            n.set("variable", None)
    return path


def _transform_outer(expr: A.AstNode, fun) -> A.AstNode:  # noqa: ANN001
    """Apply `fun` top-down, without descending into what it replaced (nor into subquery bodies)."""
    result = fun(expr)
    if result is not None:
        return result
    for key, value in list(expr.args.items()):
        if isinstance(value, A.AstNode) and not isinstance(value, A.Query):
            expr.set(key, _transform_outer(value, fun))
        elif isinstance(value, list):
            expr.set(key, [_transform_outer(v, fun) if isinstance(v, A.AstNode) else v for v in value])
        elif isinstance(value, tuple):
            expr.set(key, tuple(_transform_outer(v, fun) if isinstance(v, A.AstNode) else v for v in value))
    return expr


# --------------------------------------------------------------------------- regular expressions


_META = set(".^$*+?()[]{}|\\")


def _literal(text: str) -> str | None:
    """The text a regex matches literally (escapes resolved), or None if it uses any other syntax."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _META | {"-", "/", "'", '"', " "}:
            out.append(text[i + 1])
            i += 2
        elif ch in _META:
            return None
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def regex_as_predicate(subject: A.AstNode, pattern: str) -> A.AstNode | None:
    """`subject =~ pattern` as =, STARTS WITH, ENDS WITH or CONTAINS, or None when the pattern is more than that.

    Cypher's =~ matches the whole string, so '.*x' is ENDS WITH 'x' and 'x' alone is = 'x'.
    """
    ci = pattern.startswith("(?i)")
    body = pattern[4:] if ci else pattern
    body = body[1:] if body.startswith("^") else body
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    lead = body.startswith(".*")
    body = body[2:] if lead else body
    trail = body.endswith(".*") and not body.endswith("\\.*")
    body = body[:-2] if trail else body
    m = re.fullmatch(r"\(((?:\\.|[^()\\])*)\)", body)
    alternatives = _split_alternatives(m.group(1) if m else body)
    literals = [_literal(a) for a in alternatives] if alternatives is not None else None
    if not literals or any(lit is None for lit in literals):
        return None
    op = A.Contains if lead and trail else A.EndsWith if lead else A.StartsWith if trail else A.EQ
    lhs = A.FunctionCall(name="toLower", expressions=[subject.copy()]) if ci else subject.copy()
    preds = [op(this=lhs.copy(), expression=A.String(this=lit.lower() if ci else lit)) for lit in literals]  # type: ignore[union-attr]
    out = preds[0]
    for p in preds[1:]:
        out = A.Or(this=out, expression=p)
    return out


def _split_alternatives(text: str) -> list[str] | None:
    parts, cur, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            cur.append(text[i : i + 2])
            i += 2
            continue
        if text[i] in "()":
            return None
        if text[i] == "|":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(text[i])
        i += 1
    parts.append("".join(cur))
    return parts


# --------------------------------------------------------------------------- column names and safety


class _EndLexer(Lexer):
    """cypherast's lexer, also recording where each token ends (for the source text of RETURN items)."""

    def tokenize_with_ends(self) -> list[tuple[object, int]]:
        out = []
        while True:
            tok = self.next_token()
            out.append((tok, self._i))
            if tok.kind is TokenKind.EOF:
                return out


_OPEN = {TokenKind.LPAREN, TokenKind.LBRACKET, TokenKind.LBRACE}
_CLOSE = {TokenKind.RPAREN, TokenKind.RBRACKET, TokenKind.RBRACE}
_RETURN_END = {TokenKind.ORDER, TokenKind.SKIP, TokenKind.LIMIT, TokenKind.UNION, TokenKind.EOF, TokenKind.SEMICOLON}


def return_item_texts(source: str) -> list[list[str]]:
    """The source text of each item of each top-level RETURN (one list per UNION branch)."""
    tokens = _EndLexer(source).tokenize_with_ends()
    out: list[list[str]] = []
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i][0]
        if tok.kind in _OPEN:
            depth += 1
        elif tok.kind in _CLOSE:
            depth -= 1
        elif tok.kind is TokenKind.RETURN and depth == 0:
            i += 1
            if tokens[i][0].kind is TokenKind.DISTINCT:
                i += 1
            items: list[str] = []
            start, d = i, 0
            while i < len(tokens):
                t = tokens[i][0]
                if d == 0 and (t.kind in _RETURN_END or t.kind is TokenKind.COMMA):
                    items.append(source[tokens[start][0].position.offset : tokens[i - 1][1]])
                    if t.kind is not TokenKind.COMMA:
                        break
                    start = i + 1
                d += (t.kind in _OPEN) - (t.kind in _CLOSE)
                i += 1
            out.append(items)
            continue
        i += 1
    return out


def _keep_column_names(tree: A.AstNode, source: str) -> None:
    """Alias unaliased RETURN items by their source text: the column names the query was written to give."""
    statement = tree.this if isinstance(tree, A.Cypher) else tree
    try:
        texts = return_item_texts(source)
    except CypherastError:
        return
    branches = _branches(statement)
    if len(texts) != len(branches):
        return
    renderer = FalkorRenderer()
    for branch, items in zip(branches, texts, strict=True):
        ret = branch.clauses[-1] if branch.clauses else None
        if not isinstance(ret, A.Return) or len(ret.expressions) != len(items):
            continue
        exprs = []
        for expr, text in zip(ret.expressions, items, strict=True):
            if not isinstance(expr, A.Alias | A.Star) and renderer.generate(expr) != text:
                expr = A.Alias(this=expr, alias=A.Identifier(this=text))
            exprs.append(expr)
        ret.set("expressions", exprs)


_WRITES = (A.Create, A.Merge, A.Set, A.Delete, A.Remove, A.RemoveLabels, A.Foreach, A.LoadCsv, A.Insert)


def _assert_reads_only(tree: A.AstNode) -> None:
    """A rewrite adds reads only; a write here would be a bug in this module, and is never run."""
    found = next((n for n in tree.walk() if isinstance(n, _WRITES)), None)
    if found is not None or any(isinstance(n, A.CallSubquery) and n.in_transactions for n in tree.walk()):
        raise ReadOnlyViolation(
            f"read-only: the query contains {type(found).__name__ if found else 'CALL IN TRANSACTIONS'}"
        )
