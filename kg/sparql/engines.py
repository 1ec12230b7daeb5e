"""The SPARQL engines behind `kg.sparql.store.Store`: Oxigraph (pyoxigraph, the default: see
bench/sparql_bench.py for why) and rdflib's memory store, two classes behind one small protocol, chosen by name.

An engine's `run` gives a plain answer (cheap to send from the child process of the time limit) that its
`decode` turns into a `QueryResult` of rdflib terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from kg.errors import KGError, QueryError
from kg.sparql import graphfile
from kg.sparql.terms import XSD_STRING, oxigraph_from_rdflib, rdflib_from_oxigraph, triples_from_oxigraph
from kg.sparql.text import syntax_error, with_values


@dataclass
class QueryResult:
    kind: str  # select, ask, graph
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms or None, one per variable
    boolean: bool | None = None
    graph: object | None = None  # rdflib.Graph for CONSTRUCT / DESCRIBE
    triples: list[tuple] = field(default_factory=list, repr=False)  # the graph's triples, as rdflib terms


class Engine(Protocol):
    """What a Store asks of an engine."""

    name: ClassVar[str]

    @classmethod
    def from_file(cls, path: Path) -> Engine: ...

    @classmethod
    def from_rdflib(cls, graph: Any) -> Engine: ...

    def __len__(self) -> int: ...

    def prepare(self, sparql: str) -> Any:
        """The query made ready to run (parsed, if the engine parses before it runs); QueryError if malformed."""

    def run(self, prepared: Any, sparql: str, bindings: dict | None) -> Any:
        """The plain answer of the query (may run in a child process)."""

    def decode(self, answer: Any) -> QueryResult: ...

    def triples(self) -> Any:
        """The graph as kg.rdf.triples (the union of a dataset's graphs)."""

    def rdflib_graph(self, source: Path | None) -> Any:
        """The graph as rdflib (from `source`, the file it was loaded from, if that is the quicker way)."""


class OxigraphEngine:
    """pyoxigraph's in-memory Store; a dataset's default graph is the union of its graphs."""

    name: ClassVar[str] = "oxigraph"

    def __init__(self, store: Any) -> None:
        self.store = store

    @classmethod
    def from_file(cls, path: Path) -> OxigraphEngine:
        return cls(graphfile.load_oxigraph(path))

    @classmethod
    def from_rdflib(cls, graph: Any) -> OxigraphEngine:
        """A copy of the rdflib graph taken now (later changes are not seen)."""
        return cls(oxigraph_from_rdflib(graph))

    def __len__(self) -> int:
        return len(self.store)

    def prepare(self, sparql: str) -> str:
        return sparql  # Oxigraph parses when it runs

    def run(self, prepared: str, sparql: str, bindings: dict | None) -> tuple:
        return _oxigraph_query(self.store, sparql, bindings)

    def decode(self, answer: tuple) -> QueryResult:
        return _decode(answer)

    def triples(self) -> Any:
        return triples_from_oxigraph(self.store)

    def rdflib_graph(self, source: Path | None) -> Any:
        # parsed again rather than dumped: a dump of the default graph would miss a TriG file's named graphs
        return (
            graphfile.load_rdflib(source, dataset=True)
            if source is not None
            else rdflib_from_oxigraph(self.store)
        )


class RdflibEngine:
    """rdflib's memory store (a Dataset whose default graph is the union, for a TriG file)."""

    name: ClassVar[str] = "rdflib"

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    @classmethod
    def from_file(cls, path: Path) -> RdflibEngine:
        return cls(graphfile.load_rdflib(path, dataset=True))

    @classmethod
    def from_rdflib(cls, graph: Any) -> RdflibEngine:
        return cls(graph)

    def __len__(self) -> int:
        return len(self.graph)

    def prepare(self, sparql: str) -> Any:
        return _rdflib_prepare(sparql)

    def run(self, prepared: Any, sparql: str, bindings: dict | None) -> QueryResult:
        return _rdflib_query(self.graph, prepared, bindings)

    def decode(self, answer: QueryResult) -> QueryResult:
        return answer

    def triples(self) -> Any:
        from kg.rdf import triples

        return triples.from_rdflib(self.graph)

    def rdflib_graph(self, source: Path | None) -> Any:
        return self.graph


ENGINES: dict[str, type[Engine]] = {engine.name: engine for engine in (OxigraphEngine, RdflibEngine)}


def engine_named(name: str) -> type[Engine]:
    """The engine class of `name`; QueryError listing the engines if there is none."""
    try:
        return ENGINES[name]
    except KeyError:
        raise QueryError(f"unknown SPARQL engine {name!r}; engines: {', '.join(ENGINES)}") from None


# --- Oxigraph ---------------------------------------------------------------------------------------


def _oxigraph_query(store, sparql: str, bindings: dict | None) -> tuple:
    """Run a query on Oxigraph; the answer as plain data (cheap to send from a child process): see `_decode`."""
    import pyoxigraph

    try:
        result = store.query(
            with_values(sparql, bindings) if bindings else sparql, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc)) from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {exc}") from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "ask", [], [], [], bool(result)
    index: dict = {None: -1}
    table: list[tuple] = []  # each distinct term once: (kind, value, language, datatype)

    def number(term) -> int:
        if term not in index:
            index[term] = len(table)
            if isinstance(term, pyoxigraph.Literal):
                table.append(("literal", term.value, term.language, term.datatype.value))
            elif isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.BlankNode)):
                table.append(
                    ("iri" if isinstance(term, pyoxigraph.NamedNode) else "bnode", term.value, None, None)
                )
            else:
                raise QueryError(f"unsupported RDF term in a result: {term!r}")
        return index[term]

    if isinstance(result, pyoxigraph.QuerySolutions):
        variables = [variable.value for variable in result.variables]
        rows = [tuple(number(solution[i]) for i in range(len(variables))) for solution in result]
        return "select", variables, table, rows, None
    rows = [(number(t.subject), number(t.predicate), number(t.object)) for t in result]
    return "graph", [], table, rows, None


def _decode(answer: tuple) -> QueryResult:
    """The QueryResult, with rdflib terms, of `_oxigraph_query`'s plain answer."""
    import rdflib

    kind, variables, table, rows, boolean = answer
    if kind == "ask":
        return QueryResult("ask", boolean=boolean)
    terms: list[Any] = []
    for term_kind, value, language, datatype in table:
        if term_kind == "iri":
            terms.append(rdflib.URIRef(value))
        elif term_kind == "bnode":
            terms.append(rdflib.BNode(value))
        elif language:
            terms.append(rdflib.Literal(value, lang=language))
        else:
            terms.append(
                rdflib.Literal(value) if datatype == XSD_STRING else rdflib.Literal(value, datatype=datatype)
            )
    terms.append(None)  # index -1: unbound
    decoded = [tuple(terms[i] for i in row) for row in rows]
    if kind == "select":
        return QueryResult("select", variables, decoded)
    return QueryResult("graph", triples=decoded)


# --- rdflib -----------------------------------------------------------------------------------------


def _rdflib_prepare(sparql: str):
    """Parse a query with rdflib; QueryError with line, column and a hint on a syntax error."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(sparql)
    except Exception as exc:  # noqa: BLE001 - pyparsing's ParseException, or a bare Exception (unknown prefix)
        if hasattr(exc, "lineno") and hasattr(exc, "col"):
            raise syntax_error(
                sparql, f"error at {exc.lineno}:{exc.col}: {getattr(exc, 'msg', exc)}"
            ) from None
        raise syntax_error(sparql, str(exc)) from None


def _rdflib_query(graph, prepared, bindings: dict | None) -> QueryResult:
    import rdflib

    initial = {
        rdflib.Variable(str(name).lstrip("?$")): value
        if isinstance(value, rdflib.term.Identifier)
        else rdflib.Literal(value)
        for name, value in (bindings or {}).items()
    }
    try:
        result = graph.query(prepared, initBindings=initial)
        if result.type == "SELECT":
            return QueryResult("select", [str(v) for v in result.vars], [tuple(row) for row in result])
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        return QueryResult("graph", triples=list(result.graph))
    except KGError:
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib's evaluator raises many unrelated classes
        raise QueryError(f"SPARQL query failed: {exc}") from None
