"""The in-process SPARQL engine behind `kg query`: load a graph file, run a query, get plain results.

Two engines answer the same API: Oxigraph (pyoxigraph, the default: see bench/sparql_bench.py for
why) and rdflib's memory store (`engine="rdflib"`). Results come back as rdflib terms either way.

A query runs under a time limit: it is evaluated in a forked child process, which is killed when
the limit passes (pyoxigraph has no cancellation, and a thread cannot be stopped). `timeout=None`
runs the query in this process, unguarded.

>>> store = load("out/kg.ttl")  # doctest: +SKIP
>>> store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows  # doctest: +SKIP
[(rdflib.term.Literal('1234', datatype=...XMLSchema#integer')),)]
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError, QueryError
from kg.sparql import graphfile

ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"
DEFAULT_TIMEOUT = 60.0  # seconds; each saved query takes seconds at most over a million triples on Oxigraph
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class QueryResult:
    kind: str  # select, ask, graph
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # rdflib terms or None, one per variable
    boolean: bool | None = None
    graph: object | None = None  # rdflib.Graph for CONSTRUCT / DESCRIBE
    triples: list[tuple] = field(default_factory=list, repr=False)  # the graph's triples, as rdflib terms


class Store:
    """A loaded graph that answers SPARQL, on Oxigraph (default) or rdflib's memory store.

    `Store(graph)` on Oxigraph answers over a copy of the rdflib graph taken now (later changes are not seen).
    """

    def __init__(self, graph=None, *, engine: str = DEFAULT_ENGINE, timeout: float | None = DEFAULT_TIMEOUT,
                 source: str | Path | None = None) -> None:
        if engine not in ENGINES:
            raise QueryError(f"unknown SPARQL engine {engine!r}; engines: {', '.join(ENGINES)}")
        self.engine = engine
        self.timeout = timeout
        self.source = Path(source) if source is not None else None
        self._graph = graph
        self._oxigraph = _oxigraph_from_graph(graph) if engine == "oxigraph" and graph is not None else None

    @property
    def graph(self):
        """The graph as an rdflib Graph, for code that needs one (parsed on first use with Oxigraph)."""
        if self._graph is None:
            self._graph = _parse_rdflib(self.source) if self.source is not None else _rdflib_from_oxigraph(self._oxigraph)
        return self._graph

    def triples(self):
        """The graph as kg.rdf.triples (the union of a dataset's graphs): what the page reads, without an rdflib parse."""
        from kg.rdf import triples

        if self.engine != "oxigraph":
            return triples.from_rdflib(self.graph)
        return _triples_from_oxigraph(self._oxigraph)

    def __len__(self) -> int:
        """The number of triples (quads for a dataset) in the store."""
        if self.engine == "oxigraph":
            return len(self._oxigraph)
        return len(self._graph)

    def query(self, sparql: str, bindings: dict | None = None, *, timeout: float | None | str = "default") -> QueryResult:
        """Run a SPARQL query; `bindings` pre-bind variables (name → rdflib term) as rdflib's initBindings."""
        import rdflib  # imported here once, not in every forked child

        limit = self.timeout if timeout == "default" else timeout
        if self.engine == "oxigraph":

            def run() -> tuple:
                return _oxigraph_query(self._oxigraph, sparql, bindings)
        else:
            prepared = _rdflib_prepare(sparql)

            def run() -> QueryResult:
                return _rdflib_query(self._graph, prepared, bindings)

        result = run() if limit is None else _run_with_timeout(run, limit)
        if self.engine == "oxigraph":
            result = _decode(result)
        if result.kind == "graph":
            result.graph = rdflib.Graph()
            for triple in result.triples:
                result.graph.add(triple)
        return result


def load(path: str | Path, engine: str = DEFAULT_ENGINE, timeout: float | None = DEFAULT_TIMEOUT) -> Store:
    """Load an RDF file (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML by extension) into a `Store`."""
    path = graphfile.graph_file(path)
    if engine not in ENGINES:
        raise QueryError(f"unknown SPARQL engine {engine!r}; engines: {', '.join(ENGINES)}")
    if engine == "rdflib":
        return Store(_parse_rdflib(path), engine="rdflib", timeout=timeout, source=path)
    store = Store(engine="oxigraph", timeout=timeout, source=path)
    store._oxigraph = graphfile.load_oxigraph(path)
    return store


# --- Oxigraph ---------------------------------------------------------------------------------------

def _oxigraph_from_graph(graph):
    """Copy an rdflib graph into a new pyoxigraph Store (through N-Triples / N-Quads)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    if hasattr(graph, "contexts") and graph.__class__.__name__ in ("Dataset", "ConjunctiveGraph"):
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _triples_from_oxigraph(store):
    import pyoxigraph

    from kg.rdf import triples

    string = "http://www.w3.org/2001/XMLSchema#string"
    terms: dict = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            if isinstance(node, pyoxigraph.Literal):
                datatype = node.datatype.value if not node.language and node.datatype.value != string else ""
                found = triples.Literal(node.value, datatype, node.language or "")
            else:
                found = triples.Blank(node.value) if isinstance(node, pyoxigraph.BlankNode) else node.value
            terms[node] = found
        return found

    graph = triples.Graph()
    graph.update((term(quad.subject), term(quad.predicate), term(quad.object)) for quad in store)
    return graph


def _rdflib_from_oxigraph(store):
    import pyoxigraph
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()),
                format="nt")
    return graph


def to_rdflib(term):
    """A pyoxigraph term as the equal rdflib term (plain literals without a datatype, as rdflib parses them)."""
    import pyoxigraph
    import rdflib

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return rdflib.Literal(term.value) if datatype == XSD_STRING else rdflib.Literal(term.value, datatype=datatype)
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


def to_oxigraph(term):
    """An rdflib term (or a plain string, taken as a literal) as the equal pyoxigraph term."""
    import pyoxigraph
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    if isinstance(term, str):
        return pyoxigraph.Literal(term)
    raise QueryError(f"cannot bind {term!r}: pass an rdflib URIRef, Literal or a string")


def _oxigraph_query(store, sparql: str, bindings: dict | None) -> tuple:
    """Run a query on Oxigraph; the answer as plain data (cheap to send from a child process): see `_decode`."""
    import pyoxigraph

    try:
        result = store.query(with_values(sparql, bindings) if bindings else sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise _syntax_error(sparql, str(exc)) from None
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
                table.append(("iri" if isinstance(term, pyoxigraph.NamedNode) else "bnode", term.value, None, None))
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
    terms = []
    for term_kind, value, language, datatype in table:
        if term_kind == "iri":
            terms.append(rdflib.URIRef(value))
        elif term_kind == "bnode":
            terms.append(rdflib.BNode(value))
        elif language:
            terms.append(rdflib.Literal(value, lang=language))
        else:
            terms.append(rdflib.Literal(value) if datatype == XSD_STRING else rdflib.Literal(value, datatype=datatype))
    terms.append(None)  # index -1: unbound
    decoded = [tuple(terms[i] for i in row) for row in rows]
    if kind == "select":
        return QueryResult("select", variables, decoded)
    return QueryResult("graph", triples=decoded)


# strings, IRIs and comments: a WHERE or a brace inside them does not count
_MASKED = re.compile(r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''" r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def with_values(sparql: str, bindings: dict) -> str:
    """`sparql` with `VALUES` for `bindings` first in its WHERE group: rdflib's initBindings, for Oxigraph.

    (pyoxigraph's `substitutions` only join projected variables, so a FILTER on a parameter would not see it.)

    >>> import rdflib
    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": rdflib.URIRef("http://e/p")})
    'SELECT ?x WHERE { VALUES (?p) { (<http://e/p>) } ?x ?p ?o }'
    """
    masked = _MASKED.sub(lambda match: " " * len(match.group(0)), sparql)
    where = re.search(r"(?i)\bWHERE\s*\{", masked) or re.search(r"(?i)\b(?:SELECT|ASK)\b[^{]*\{", masked)
    if not where:
        raise QueryError("cannot bind parameters in a query without a WHERE clause")
    terms = []
    for value in bindings.values():
        term = to_oxigraph(value)
        if term.__class__.__name__ == "BlankNode":
            raise QueryError("cannot bind a parameter to a blank node; use an IRI or a literal")
        terms.append(str(term))
    names = " ".join(f"?{str(name).lstrip('?$')}" for name in bindings)
    return f"{sparql[:where.end()]} VALUES ({names}) {{ ({' '.join(terms)}) }}{sparql[where.end():]}"


# --- rdflib -----------------------------------------------------------------------------------------

def _parse_rdflib(path: Path):
    """A TriG/N-Quads file is queried as the union of its graphs (one named graph per report)."""
    return graphfile.load_rdflib(path, dataset=True)


def _rdflib_prepare(sparql: str):
    """Parse a query with rdflib; QueryError with line, column and a hint on a syntax error."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(sparql)
    except Exception as exc:  # noqa: BLE001 - pyparsing's ParseException, or a bare Exception (unknown prefix)
        if hasattr(exc, "lineno") and hasattr(exc, "col"):
            raise _syntax_error(sparql, f"error at {exc.lineno}:{exc.col}: {getattr(exc, 'msg', exc)}") from None
        raise _syntax_error(sparql, str(exc)) from None


def _rdflib_query(graph, prepared, bindings: dict | None) -> QueryResult:
    import rdflib

    initial = {rdflib.Variable(str(name).lstrip("?$")): value if isinstance(value, rdflib.term.Identifier)
               else rdflib.Literal(value) for name, value in (bindings or {}).items()}
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


# --- syntax errors ----------------------------------------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+)")


def _syntax_error(sparql: str, detail: str) -> QueryError:
    """A one-line QueryError: where the query is wrong, what was expected, and a hint to fix it."""
    match = _POSITION.search(detail)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (None, None)
    where, near = "", ""
    if line:
        lines = sparql.splitlines() or [""]
        text = lines[min(line, len(lines)) - 1]
        fragment = text[column - 1:column + 24].strip() if column else ""
        where = f" at line {line}, column {column}"
        near = f" near `{fragment}`" if fragment else " at the end of the line"
    undeclared = _undeclared_prefixes(sparql)
    if undeclared:
        names = ", ".join(f"`{name}:`" for name in undeclared)
        return QueryError(f"SPARQL syntax error{where}{near}: undefined prefix {names}; hint: declare it first, "
                          f"e.g. `PREFIX {undeclared[0]}: <http://…#>`")
    return QueryError(f"SPARQL syntax error{where}{near}: {_expected(detail)}; hint: {_hint(sparql)}")


def _undeclared_prefixes(sparql: str) -> list[str]:
    """Prefixes the query uses (ex:name) but does not declare, in order of use."""
    masked = _MASKED.sub(lambda match: " " * len(match.group(0)), sparql)
    declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", masked))
    used = re.findall(r"(?<![\w?$:.-])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?=[\w%])", masked)
    return list(dict.fromkeys(name for name in used if name not in declared and name != "_"))


def _expected(detail: str) -> str:
    """The parser's complaint, with character classes dropped so it stays one readable line."""
    detail = " ".join(_POSITION.sub("", detail).split()).strip(" :")
    if "expected one of" in detail:
        words = [w.strip() for w in detail.split("expected one of", 1)[1].split(",")]
        words = [w for w in words if w and re.fullmatch(r"[A-Za-z]+|'.'", w) and w != "Prefix"]
        return "expected one of " + ", ".join(words[:8]) + (" …" if len(words) > 8 else "") if words else "unexpected text"
    return detail[:160]


def _hint(sparql: str) -> str:
    """A guess at the usual cause of a syntax error."""
    form = re.sub(r"(?is)^\s*((#[^\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", sparql)
    if not re.match(r"(?i)(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", form):
        return "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after its PREFIX lines)"
    if sparql.count("{") != sparql.count("}"):
        return f"the braces do not balance ({sparql.count('{')} `{{` and {sparql.count('}')} `}}`)"
    if sparql.count("(") != sparql.count(")"):
        return f"the parentheses do not balance ({sparql.count('(')} `(` and {sparql.count(')')} `)`)"
    return "check the keyword spelling and that triple patterns end with `.`; `kg query --list` shows working queries"


# --- the time limit ---------------------------------------------------------------------------------

def _run_with_timeout(run, timeout: float):
    """Run `run()` in a forked child and return its result; kill the child and raise QueryError after `timeout` s."""
    import pickle
    import select
    import signal
    import warnings

    if not hasattr(os, "fork"):  # no fork (Windows): run here, unguarded
        return run()
    reader, writer = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns on fork with threads (Jupyter's); the child uses none
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, then leave at once (no atexit, no cleanup of the parent's)
        os.close(reader)
        _child(run, writer)
    os.close(writer)
    chunks, deadline, finished = [], time.monotonic() + timeout, False
    try:
        while not finished:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([reader], [], [], left)[0]:
                raise QueryError(f"the query ran longer than {timeout:g} s and was stopped; make it more specific "
                                 "(LIMIT, fewer unbound patterns) or allow more time with --timeout")
            chunk = os.read(reader, 1 << 20)
            chunks.append(chunk)
            finished = not chunk
    finally:
        os.close(reader)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    try:
        outcome, payload = pickle.loads(b"".join(chunks))
    except (EOFError, pickle.UnpicklingError):
        raise QueryError(f"the query process ended without an answer (status {status}); "
                         "try it with --timeout 0 to run it in this process") from None
    if outcome == "error":
        raise QueryError(payload)
    return payload


def _child(run, writer: int) -> None:
    """In the forked child: run the query, write ("ok", result) or ("error", message) pickled, and exit."""
    import gc
    import pickle

    gc.disable()  # the child is short-lived; a collection would copy the parent's pages for nothing
    code = 0
    try:
        try:
            answer = ("ok", run())
        except KGError as exc:
            answer = ("error", str(exc))
        except BaseException as exc:  # noqa: BLE001 - anything else reaches the parent as one line
            answer = ("error", f"SPARQL query failed: {exc.__class__.__name__}: {exc}")
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - the parent reports a child that died without an answer
        code = 1
    finally:
        os._exit(code)
