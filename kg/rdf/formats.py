"""The graph in each RDF serialization kg writes (Turtle, TriG, N-Triples, N-Quads, JSON-LD), byte-identical for
the same triples, and the format a file's extension names.

A graph to write is a `Dataset`: graph name → `kg.rdf.triples.Graph`, with `None` for the default graph. TriG,
N-Quads and JSON-LD keep the named graphs (a graph per report, as `kg build` writes out/kg.trig); Turtle and
N-Triples write their union. JSON-LD's `@context` holds the prefixes the graph uses, so its terms read
`org:holds`, `schema:name`.

>>> from kg.rdf import triples
>>> graph = triples.Graph({"schema": "https://schema.org/"})
>>> graph.add("https://w3id.org/cn-gov-kg/id/person/x", "https://schema.org/name", triples.Literal("某甲", language="zh"))
>>> print(serialize({None: graph}, RdfFormat.NTRIPLES).decode(), end="")
<https://w3id.org/cn-gov-kg/id/person/x> <https://schema.org/name> "某甲"@zh .
>>> print(serialize({None: graph}, RdfFormat.JSONLD).decode(), end="")  # doctest: +NORMALIZE_WHITESPACE
{ "@context": { "id": "https://w3id.org/cn-gov-kg/id/", "schema": "https://schema.org/" },
  "@graph": [ { "@id": "id:person/x", "schema:name": { "@language": "zh", "@value": "某甲" } } ] }
>>> format_of("graph.jsonld"), format_of("graph.txt")
(<RdfFormat.JSONLD: 'jsonld'>, None)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import OutputError
from kg.kinds import RdfFormat
from kg.rdf import triples

Dataset = dict[str | None, triples.Graph]  # graph name (None: the default graph) → its triples

EXTENSIONS: dict[str, RdfFormat] = {
    ".ttl": RdfFormat.TURTLE,
    ".trig": RdfFormat.TRIG,
    ".nt": RdfFormat.NTRIPLES,
    ".nq": RdfFormat.NQUADS,
    ".nquads": RdfFormat.NQUADS,
    ".jsonld": RdfFormat.JSONLD,
}
NAMED_GRAPHS = (RdfFormat.TRIG, RdfFormat.NQUADS, RdfFormat.JSONLD)  # the formats that keep named graphs
XSD_STRING = triples.XSD + "string"


def format_of(path: str | Path) -> RdfFormat | None:
    """The RDF format the file's extension names, or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def format_for(path: str | Path, fmt: str | RdfFormat | None = None) -> RdfFormat:
    """`fmt` if given, else the format of the file's extension; OutputError naming the known ones if neither."""
    if fmt is not None:
        try:
            return RdfFormat(fmt)
        except ValueError:
            raise OutputError(
                f"unknown RDF format '{fmt}'; formats: {', '.join(f.value for f in RdfFormat)}"
            ) from None
    found = format_of(path)
    if found is None:
        known = ", ".join(EXTENSIONS)
        raise OutputError(
            f"{path}: the extension names no RDF format kg writes; end the file name in {known}"
        )
    return found


def dataset_of(graph: Any) -> Dataset:
    """A Dataset of one default graph: `graph` (rdflib or kg.rdf.triples) with its prefixes."""
    return {None: triples.graph_of(graph)}


def union(dataset: Dataset) -> triples.Graph:
    """Every graph's triples in one graph (the prefixes of all of them)."""
    if len(dataset) == 1:
        return next(iter(dataset.values()))
    merged = triples.Graph({k: v for graph in dataset.values() for k, v in graph.prefixes.items()})
    for graph in dataset.values():
        merged.update(graph)
    return merged


def serialize(dataset: Dataset, fmt: str | RdfFormat) -> bytes:
    """The dataset in `fmt`, the same bytes for the same quads (subjects, predicates, objects sorted)."""
    fmt = RdfFormat(fmt)
    if fmt is RdfFormat.TURTLE:
        return triples.turtle(union(dataset))
    if fmt is RdfFormat.TRIG:
        return _trig(dataset)
    if fmt is RdfFormat.JSONLD:
        return _jsonld(dataset)
    lines: list[str] = []
    for name, graph in dataset.items():
        label = f" <{name}>" if name is not None and fmt is RdfFormat.NQUADS else ""
        lines.extend(f"{_nt(s)} {_nt(p)} {_nt(o)}{label} .\n" for s, p, o in graph)
    return "".join(sorted(set(lines))).encode("utf-8")


def write(path: str | Path, dataset: Dataset, fmt: str | RdfFormat | None = None) -> Path:
    """Write the dataset to `path` atomically, in `fmt` or the format of the file's extension."""
    from kg.files import atomic_write

    data = serialize(dataset, format_for(path, fmt))
    try:
        return atomic_write(path, data)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot be written ({exc.strerror}); check the path and its permissions"
        ) from None


def _named(dataset: Dataset) -> list[tuple[str | None, triples.Graph]]:
    """The default graph first, then the named graphs by name."""
    return sorted(dataset.items(), key=lambda item: (item[0] is not None, item[0] or ""))


# -- TriG --------------------------------------------------------------------------------------------


def _trig(dataset: Dataset) -> bytes:
    """TriG as `kg build` writes it: the prefixes, then each named graph's statements in braces."""
    prefixes: set[str] = set()
    blocks = []
    for name, graph in _named(dataset):
        lines, written = triples.statements(graph)
        prefixes.update(lines)
        body = "\n".join(text for _, text in written)
        blocks.append(body if name is None else f"<{name}> {{\n{body.rstrip()}\n}}\n")
    return ("".join(sorted(prefixes)) + "".join("\n" + block for block in blocks if block)).encode("utf-8")


# -- N-Triples, N-Quads ------------------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_TO_ESCAPE = re.compile(r'[\\"\n\r\x00-\x1f\x7f]')


def _nt(term: triples.Term) -> str:
    """A term in N-Triples (canonical escapes; UTF-8 written as is)."""
    if type(term) is str:
        return f"<{term}>"
    if type(term) is triples.Literal:
        lexical, datatype, language = term
        text = (
            '"'
            + _TO_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04X}"), lexical)
            + '"'
        )
        if language:
            return f"{text}@{language}"
        return text if not datatype or datatype == XSD_STRING else f"{text}^^<{datatype}>"
    return f"_:{term}"


# -- JSON-LD -----------------------------------------------------------------------------------------


def _jsonld(dataset: Dataset) -> bytes:
    """JSON-LD, compacted to the prefixes the graph uses: the default graph's nodes in `@graph`, each named
    graph as a node of its own with its nodes in its `@graph`."""
    from rdflib.namespace import FOAF

    from kg.rdf import vocabulary

    # kg's prefixes, and FOAF's, which kg's Turtle writes in full (foaf:Person is kg's one FOAF term)
    kg_prefixes = {**vocabulary().prefixes, "foaf": str(FOAF)}
    by_namespace = {
        namespace: prefix
        for graph in dataset.values()
        for prefix, namespace in sorted(graph.prefixes.items())
        if prefix and prefix not in kg_prefixes
    }
    by_namespace.update({namespace: prefix for prefix, namespace in kg_prefixes.items()})  # kg's names first
    namespaces = sorted(by_namespace.items(), key=lambda p: -len(p[0]))
    used: dict[str, str] = {}

    def compact(iri: str) -> str:
        for namespace, prefix in namespaces:
            if (
                iri.startswith(namespace)
                and len(iri) > len(namespace)
                and not iri[len(namespace) :].startswith("//")
            ):
                used[prefix] = namespace
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def identifier(term: triples.Term) -> str:
        return f"_:{term}" if type(term) is triples.Blank else compact(str(term))

    def value(term: triples.Term) -> Any:
        if type(term) is triples.Literal:
            lexical, datatype, language = term
            if language:
                return {"@value": lexical, "@language": language}
            if not datatype or datatype == XSD_STRING:
                return lexical
            return {"@value": lexical, "@type": compact(datatype)}
        return {"@id": identifier(term)}

    def nodes(graph: triples.Graph) -> list[dict]:
        found = []
        for subject in triples.sort_subjects(graph.index):
            node: dict[str, Any] = {"@id": identifier(subject)}
            by_predicate = graph.index[subject]
            for predicate in sorted(by_predicate, key=lambda p: (p != triples.RDF_TYPE, p)):
                objects = sorted(by_predicate[predicate], key=triples.order)
                if predicate == triples.RDF_TYPE and all(type(o) is str for o in objects):
                    types = [compact(str(o)) for o in objects]
                    node["@type"] = types[0] if len(types) == 1 else types
                    continue
                values = [value(o) for o in objects]
                node[compact(predicate)] = values[0] if len(values) == 1 else values
            found.append(node)
        return found

    graph_nodes: list[dict] = []
    for name, graph in _named(dataset):
        if name is None:
            graph_nodes.extend(nodes(graph))
        else:
            graph_nodes.append({"@id": identifier(name), "@graph": nodes(graph)})
    document = {"@context": dict(sorted(used.items())), "@graph": graph_nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Written:
    """What `convert` wrote: the file, its format, and how many triples in how many named graphs."""

    path: Path
    format: RdfFormat
    triples: int  # in the file: the quads of the named graphs, or the triples of their union
    graphs: int  # named graphs kept (0: one graph)

    def __str__(self) -> str:
        if self.graphs:
            return f"{self.triples:,} quads in {self.graphs} named graph{'s' if self.graphs != 1 else ''}"
        return f"{self.triples:,} triples"


def convert(source: str | Path, out: str | Path, fmt: str | RdfFormat | None = None) -> Written:
    """Write the graph file `source` to `out` in `fmt` (or the format of `out`'s extension), keeping its named
    graphs (a TriG or N-Quads file of `kg build`) in TriG, N-Quads and JSON-LD."""
    from kg.sparql.graphfile import load_dataset

    chosen = format_for(out, fmt)
    dataset = load_dataset(source)
    named = [name for name in dataset if name is not None]
    path = write(out, dataset, chosen)
    if chosen in NAMED_GRAPHS and named:
        return Written(path, chosen, sum(len(graph) for graph in dataset.values()), len(named))
    return Written(path, chosen, len(union(dataset)), 0)
