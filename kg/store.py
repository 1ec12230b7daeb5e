"""The in-process SPARQL engine behind `kg query`: load a graph file, run a query, get plain results.

The engine is an implementation detail behind `load()` and `Store.query()`; results come back as
rdflib terms whatever the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, QueryError


@dataclass
class QueryResult:
    kind: str  # select, ask, graph
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms or None, one per variable
    boolean: bool | None = None
    graph: object | None = None  # rdflib.Graph for CONSTRUCT / DESCRIBE


class Store:
    """A loaded graph that answers SPARQL (rdflib's memory store for now)."""

    def __init__(self, graph) -> None:
        self.graph = graph

    def query(self, sparql: str, bindings: dict | None = None) -> QueryResult:
        try:
            result = self.graph.query(sparql, initBindings=bindings or {})
        except Exception as exc:  # rdflib raises pyparsing and other errors
            raise QueryError(f"SPARQL query failed: {exc}") from None
        if result.type == "SELECT":
            return QueryResult("select", [str(v) for v in result.vars], [tuple(row) for row in result])
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        return QueryResult("graph", graph=result.graph)


def load(path: str | Path) -> Store:
    """Load an RDF file (Turtle, TriG, N-Triples, JSON-LD, RDF/XML by extension) into a `Store`."""
    import rdflib

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such graph file; build one with `kg build SOURCES --out DIR`")
    graph = rdflib.Dataset() if path.suffix in (".trig", ".nq") else rdflib.Graph()
    try:
        graph.parse(path, format=rdflib.util.guess_format(str(path)) or "turtle")
    except Exception as exc:
        raise InputError(f"{path}: is not a readable RDF file ({exc.__class__.__name__}); rebuild it with `kg build`") from None
    return Store(graph)
