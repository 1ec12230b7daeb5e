"""The in-process SPARQL engine behind `kg query`: load a graph file, run a query, get plain results.

Two engines answer the same API (kg/sparql/engines.py): Oxigraph (pyoxigraph, the default: see
bench/sparql_bench.py for why) and rdflib's memory store (`engine="rdflib"`). Results come back as rdflib terms
either way.

A query runs under a time limit (kg/sparql/timelimit.py): it is evaluated in a forked child process, which is
killed when the limit passes. `timeout=None` runs the query in this process, unguarded.

>>> store = load("out/kg.ttl")  # doctest: +SKIP
>>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows  # doctest: +SKIP
[(rdflib.term.Literal('1234', datatype=...XMLSchema#integer')),)]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.sparql import graphfile
from kg.sparql.engines import ENGINES as _ENGINES
from kg.sparql.engines import Engine, QueryResult, engine_named
from kg.sparql.terms import XSD_STRING, to_oxigraph, to_rdflib
from kg.sparql.text import with_values
from kg.sparql.timelimit import run_with_timeout

__all__ = [
    "DEFAULT_ENGINE",
    "DEFAULT_TIMEOUT",
    "ENGINES",
    "XSD_STRING",
    "QueryResult",
    "Store",
    "load",
    "to_oxigraph",
    "to_rdflib",
    "with_values",
]

ENGINES = tuple(_ENGINES)
DEFAULT_ENGINE = "oxigraph"
DEFAULT_TIMEOUT = 60.0  # seconds; each saved query takes seconds at most over a million triples on Oxigraph


class Store:
    """A loaded graph that answers SPARQL, on Oxigraph (default) or rdflib's memory store.

    `Store(graph)` on Oxigraph answers over a copy of the rdflib graph taken now (later changes are not seen).
    """

    def __init__(
        self,
        graph: Any = None,
        *,
        engine: str | Engine = DEFAULT_ENGINE,
        timeout: float | None = DEFAULT_TIMEOUT,
        source: str | Path | None = None,
    ) -> None:
        if isinstance(engine, str):
            kind = engine_named(engine)
            if graph is None:
                raise ValueError("Store needs a graph or an engine; load a file with kg.sparql.store.load")
            engine = kind.from_rdflib(graph)
        self._engine = engine
        self.engine = engine.name
        self.timeout = timeout
        self.source = Path(source) if source is not None else None
        self._graph = graph

    @property
    def graph(self) -> Any:
        """The graph as an rdflib Graph, for code that needs one (parsed on first use with Oxigraph)."""
        if self._graph is None:
            self._graph = self._engine.rdflib_graph(self.source)
        return self._graph

    def triples(self) -> Any:
        """The graph as kg.rdf.triples (the union of a dataset's graphs): what the page reads, without an rdflib parse."""
        return self._engine.triples()

    def __len__(self) -> int:
        """The number of triples (quads for a dataset) in the store."""
        return len(self._engine)

    def query(
        self, sparql: str, bindings: dict | None = None, *, timeout: float | None | str = "default"
    ) -> QueryResult:
        """Run a SPARQL query; `bindings` pre-bind variables (name → rdflib term, or a tuple of terms: a row
        for each) as rdflib's initBindings."""
        import rdflib  # imported here once, not in every forked child

        limit = self.timeout if timeout == "default" else timeout
        engine = self._engine
        if bindings and any(isinstance(value, tuple) for value in bindings.values()):
            sparql, bindings = (
                with_values(sparql, bindings),
                None,
            )  # several values of a parameter: VALUES rows
        prepared = engine.prepare(sparql)

        def run() -> Any:
            return engine.run(prepared, sparql, bindings)

        result = engine.decode(run() if limit is None else run_with_timeout(run, float(limit)))
        if result.kind == "graph":
            result.graph = rdflib.Graph()
            for triple in result.triples:
                result.graph.add(triple)
        return result


def load(path: str | Path, engine: str = DEFAULT_ENGINE, timeout: float | None = DEFAULT_TIMEOUT) -> Store:
    """Load an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML by extension) into a `Store`."""
    path = graphfile.graph_file(path)
    return Store(engine=engine_named(engine).from_file(path), timeout=timeout, source=path)
