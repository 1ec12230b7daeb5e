"""Graph files: the one place where a graph file is looked for, its format told from its name, and it is parsed,
into Oxigraph (for queries) or rdflib (for SHACL, networkx and the Python API).

A TriG or N-Quads file (`kg build` writes a named graph per report) is read as the union of its graphs.

>>> graph_file("nowhere.ttl")
Traceback (most recent call last):
kg.errors.InputError: nowhere.ttl: no such graph file; build one with `kg build SOURCES --out DIR`
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError

QUAD_FORMATS = (
    "trig",
    "nquads",
    "trix",
    "json-ld",
)  # rdflib's names of the formats that may hold named graphs


def graph_file(path: str | Path) -> Path:
    """`path` as a Path, if it is a file; else the InputError every command gives for a missing graph."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such graph file; build one with `kg build SOURCES --out DIR`")
    return path


def oxigraph_format(path: Path) -> Any:
    """Oxigraph's RDF format for the file's extension (Turtle if it has none Oxigraph knows)."""
    import pyoxigraph

    extension = path.suffix.lstrip(".").lower()
    extension = "nq" if extension == "nquads" else extension  # the long name of N-Quads, as rdflib knows it
    return pyoxigraph.RdfFormat.from_extension(extension) or pyoxigraph.RdfFormat.TURTLE


def load_oxigraph(path: str | Path) -> Any:
    """The graph file in a new in-memory pyoxigraph Store; InputError naming line and column if it is not RDF."""
    import pyoxigraph

    path = graph_file(path)
    store = pyoxigraph.Store()
    with _oxigraph_errors(path) as fmt:
        store.load(path=str(path), format=fmt)
    return store


@contextlib.contextmanager
def _oxigraph_errors(path: Path) -> Iterator[Any]:
    """Oxigraph's format for `path`, and its parse errors made into an InputError naming line and column."""
    fmt = oxigraph_format(path)
    try:
        yield fmt
    except SyntaxError as exc:
        where = f" at line {exc.lineno}, column {exc.offset}" if exc.lineno else ""
        detail = str(exc).split(": ", 1)[-1]
        raise InputError(
            f"{path}: is not valid {fmt.name}{where} ({detail}); the file may be truncated or not "
            "RDF — rebuild it with `kg build`"
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{path}: cannot be read as {fmt.name} ({exc}); rebuild it with `kg build`"
        ) from None


def load_dataset(path: str | Path) -> dict:
    """The graph file's quads as graph name (None: the default graph) → kg.rdf.triples.Graph, with kg's
    prefixes: what `kg.rdf.formats` writes in any format. Parsed by Oxigraph without its store, which would
    change derived datatypes (xsd:nonNegativeInteger becomes xsd:integer there)."""
    import pyoxigraph

    from kg.rdf import vocabulary
    from kg.sparql.terms import dataset_from_quads

    path = graph_file(path)
    with _oxigraph_errors(path) as fmt:
        return dataset_from_quads(pyoxigraph.parse(path=str(path), format=fmt), vocabulary().prefixes)


def rdflib_format(path: Path) -> str:
    """rdflib's name of the file's format (Turtle if the extension tells none)."""
    import rdflib

    return rdflib.util.guess_format(str(path)) or ("nquads" if path.suffix.lower() == ".nquads" else "turtle")


def load_rdflib(path: str | Path, *, dataset: bool = False, into: Any = None) -> Any:
    """The graph file as rdflib: named graphs as an `rdflib.Dataset` whose default graph is their union if
    `dataset`, else their triples flattened into one Graph (`into`, if given, keeps its prefixes)."""
    import rdflib

    path = graph_file(path)
    fmt = rdflib_format(path)
    quads = fmt in QUAD_FORMATS
    graph: Any = into if into is not None else rdflib.Graph()
    parsed: Any = rdflib.Dataset(default_union=dataset) if quads else graph
    try:
        with warnings.catch_warnings():  # rdflib's TriG parser uses its own deprecated classes
            warnings.simplefilter("ignore", DeprecationWarning)
            parsed.parse(data=path.read_bytes(), format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many unrelated classes
        first = str(exc).splitlines()[0][:120] if str(exc) else ""
        raise InputError(
            f"{path}: is not a readable RDF file ({exc.__class__.__name__}: {first}); the file may be "
            "truncated — rebuild it with `kg build`"
        ) from None
    if not quads or dataset:
        return parsed
    graph += ((s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None)))
    return graph
