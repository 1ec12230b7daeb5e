"""Terms between the engines: pyoxigraph ↔ rdflib ↔ kg.rdf.triples, and whole graphs copied across."""

from __future__ import annotations

from typing import Any

from kg.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def oxigraph_from_rdflib(graph: Any) -> Any:
    """Copy an rdflib graph into a new pyoxigraph Store (through N-Triples / N-Quads)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    if hasattr(graph, "contexts") and graph.__class__.__name__ in ("Dataset", "ConjunctiveGraph"):
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def triples_from_oxigraph(store: Any) -> Any:
    """The triples of a pyoxigraph Store (every graph of it) as kg.rdf.triples."""
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


def dataset_from_quads(quads: Any, prefixes: dict[str, str] | None = None) -> dict:
    """pyoxigraph quads (a Store, or what `pyoxigraph.parse` gives) as graph name (None: the default graph) → kg.rdf.triples.Graph."""
    import pyoxigraph

    from kg.rdf import triples

    terms: dict = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            if isinstance(node, pyoxigraph.Literal):
                datatype = (
                    node.datatype.value if not node.language and node.datatype.value != XSD_STRING else ""
                )
                found = triples.Literal(node.value, datatype, node.language or "")
            else:
                found = triples.Blank(node.value) if isinstance(node, pyoxigraph.BlankNode) else node.value
            terms[node] = found
        return found

    graphs: dict = {}
    for quad in quads:
        name = None if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else term(quad.graph_name)
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = triples.Graph(prefixes)
        graph.add(term(quad.subject), term(quad.predicate), term(quad.object))
    return graphs or {None: triples.Graph(prefixes)}


def rdflib_from_oxigraph(store: Any) -> Any:
    """The default graph of a pyoxigraph Store as an rdflib Graph."""
    import pyoxigraph
    import rdflib

    graph = rdflib.Graph()
    graph.parse(
        data=store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()),
        format="nt",
    )
    return graph


def to_rdflib(term: Any) -> Any:
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
        return (
            rdflib.Literal(term.value)
            if datatype == XSD_STRING
            else rdflib.Literal(term.value, datatype=datatype)
        )
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


def to_oxigraph(term: Any) -> Any:
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
