"""Triples as plain Python values, and their byte-stable Turtle: the build's graph, without a triple store.

The build makes hundreds of thousands of triples and only needs to merge them, write them and draw them;
an rdflib store costs ~10 µs per added triple and its terms ~3 µs each, ten times the work of extraction.
Here an IRI is a `str`, a blank node a `Blank`, a literal a `Literal` tuple, and a `Graph` an index
subject → predicate → objects. `to_rdflib` and `from_rdflib` convert for SPARQL, SHACL and the API.

>>> graph = Graph({"ex": "http://example.org/"})
>>> graph.add("http://example.org/a", "http://example.org/name", Literal("部长", language="zh"))
>>> print(turtle(graph).decode())
@prefix ex: <http://example.org/> .
<BLANKLINE>
ex:a ex:name "部长"@zh .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # local names written as prefix:name (others as <IRI>)
# Datatypes whose valid literals Turtle writes bare (3, 6.3, true, 1.0e3), as rdflib does.
_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]*\.)?[0-9]+"),  # not "5.": its point would end the statement
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"),
}


class Literal(NamedTuple):
    """A literal: its lexical form, datatype IRI ('' for a plain string) and language tag ('' for none)."""

    lexical: str
    datatype: str = ""
    language: str = ""


class Blank(str):
    """A blank node, by its label."""


Term = str | Literal  # an IRI (str), a Blank (a str too) or a Literal


def text(term: Term) -> str:
    """The string of a term: an IRI, a blank node's label or a literal's lexical form."""
    return term.lexical if type(term) is Literal else str(term)


def order(term: Term) -> tuple:
    """The sort key of a term: IRIs, then blank nodes, then literals; by their text, datatype and language."""
    if type(term) is str:
        return 0, term, "", ""
    if type(term) is Literal:
        return 2, *term
    return 1, str(term), "", ""


class Graph:
    """Triples indexed subject → predicate → objects, with the prefixes to write them with. Objects are a set,
    or a list without repeats as one report's part of the graph gave them (`absorb`)."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.prefixes = dict(prefixes or {})
        self.index: dict[str, dict[str, set[Term]]] = {}
        self.size = 0
        self._by_predicate: dict[
            str, list[tuple[str, Term]]
        ] = {}  # predicate → (subject, object), when first asked
        self._by_object: dict[str, dict[Term, list[str]]] = {}  # predicate → object → subjects, likewise
        self._merged: set[str] = (
            set()
        )  # subjects absorbed more than once (their objects are sets of their own)

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        self.update(((subject, predicate, obj),))

    def update(self, triples: Iterable[tuple[str, str, Term]]) -> None:
        index, size = self.index, self.size
        for subject, predicate, obj in triples:
            predicates = index.get(subject)
            if predicates is None:
                predicates = index[subject] = {}
            objects = predicates.get(predicate)
            if objects is None:
                objects = predicates[predicate] = set()
            elif type(objects) is not set:
                objects = predicates[predicate] = set(objects)
            if obj not in objects:
                objects.add(obj)
                size += 1
        if size != self.size:
            self.size, self._by_predicate, self._by_object = size, {}, {}

    def absorb(self, subject: str, predicates: dict[str, list[Term]]) -> bool:
        """Add the triples of `subject` (predicate → objects without repeats; the graph keeps the dict):
        True if the subject is new, so that its triples are these alone."""
        mine = self.index.get(subject)
        before = self.size
        if mine is None:
            self.index[subject] = predicates  # type: ignore[assignment]  # lists, kept as they are (see Graph)
            self.size += sum(map(len, predicates.values()))
        else:
            if subject not in self._merged:
                self._merged.add(subject)
                mine = self.index[subject] = {predicate: set(objects) for predicate, objects in mine.items()}
            for predicate, objects in predicates.items():
                found = mine.get(predicate)
                if found is None:
                    mine[predicate] = set(objects)
                    self.size += len(objects)
                else:
                    count = len(found)
                    found.update(objects)
                    self.size += len(found) - count
        if self.size != before:
            self._by_predicate, self._by_object = {}, {}
        return mine is None

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[tuple[str, str, Term]]:
        for subject, predicates in self.index.items():
            for predicate, objects in predicates.items():
                for obj in objects:
                    yield subject, predicate, obj

    def __contains__(self, triple: tuple[str, str, Term]) -> bool:
        subject, predicate, obj = triple
        return obj in self.index.get(subject, {}).get(predicate, ())

    def objects(self, subject: str, predicate: str) -> set[Term] | tuple:
        return self.index.get(subject, {}).get(predicate, ())

    def value(self, subject: str, predicate: str) -> Term | None:
        """The first object of `subject` and `predicate` in term order, or None."""
        objects = self.objects(subject, predicate)
        return min(objects, key=order) if objects else None

    def subject_objects(self, predicate: str) -> list[tuple[str, Term]]:
        if predicate not in self._by_predicate:
            self._by_predicate[predicate] = [
                (subject, obj)
                for subject, predicates in self.index.items()
                for obj in predicates.get(predicate, ())
            ]
        return self._by_predicate[predicate]

    def subjects(self, predicate: str, obj: Term) -> list[str]:
        if predicate not in self._by_object:
            by_object: dict[Term, list[str]] = {}
            for subject, found in self.subject_objects(predicate):
                by_object.setdefault(found, []).append(subject)
            self._by_object[predicate] = by_object
        return self._by_object[predicate].get(obj, [])

    def typed(self) -> list[str]:
        """The subjects that have an rdf:type, sorted."""
        return sort_subjects(
            [subject for subject, predicates in self.index.items() if RDF_TYPE in predicates]
        )


def sort_subjects(subjects: Iterable[str]) -> list[str]:
    """Subjects in term order (IRIs, then blank nodes), faster when all are IRIs."""
    found = list(subjects)
    return sorted(found) if all(type(s) is str for s in found) else sorted(found, key=order)


# -- Turtle ------------------------------------------------------------------------------------------


def turtle(graph: Graph) -> bytes:
    """Turtle of `graph`, the same bytes for the same triples: subjects, predicates and objects sorted."""
    prefix_lines, written = statements(graph)
    return ("".join(prefix_lines) + "\n" + "\n".join(text for _, text in written)).encode("utf-8")


def statements(graph: Graph, done: dict[str, str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """The `@prefix` lines that `graph`'s Turtle uses (sorted), and each subject's statement in order (taken
    from `done` where it gives one: not written again, nor its prefixes counted; `done` may have subjects that
    `graph` has not)."""
    namespaces = sorted(
        ((namespace, prefix) for prefix, namespace in graph.prefixes.items()), key=lambda p: -len(p[0])
    )
    names: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    done = done or {}

    def name(iri: str) -> str:
        written = names.get(iri)
        if written is None:
            written = f"<{iri}>"
            for namespace, prefix in namespaces:
                if iri.startswith(namespace) and _LOCAL.fullmatch(iri, len(namespace)):
                    used.add((prefix, namespace))
                    written = f"{prefix}:{iri[len(namespace) :]}"
                    break
            names[iri] = written
        return written

    def term(node: Term) -> str:
        if type(node) is str:
            return name(node)
        if type(node) is Literal:
            lexical, datatype, language = node
            if language:
                return f"{_quoted(lexical)}@{language}"
            if not datatype:
                return _quoted(lexical)
            bare = _BARE.get(datatype)
            if bare is not None and bare.fullmatch(lexical):
                return lexical + ".0" if datatype == XSD + "decimal" and "." not in lexical else lexical
            return f"{_quoted(lexical)}^^{name(datatype)}"
        return f"_:{node}"

    written = []
    for subject in sort_subjects(graph.index.keys() | done.keys() if done else graph.index):
        text = done.get(subject)
        if text is None:
            by_predicate = graph.index[subject]
            lines = []
            for predicate in sorted(by_predicate, key=lambda p: (p != RDF_TYPE, p)):
                verb = "a" if predicate == RDF_TYPE else name(predicate)
                objects = ",\n        ".join(term(o) for o in sorted(by_predicate[predicate], key=order))
                lines.append(f"{verb} {objects}")
            text = term(subject) + " " + " ;\n    ".join(lines) + " .\n"
        written.append((subject, text))
    return [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(used)], written


def _quoted(lexical: str) -> str:
    """A Turtle string: one line in "…", or in \"\"\"…\"\"\" if it has line breaks (as rdflib writes them)."""
    if "\n" in lexical:
        encoded = lexical.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
        if (len(lexical) - len(lexical.rstrip('"'))) % 3:  # a quote left before the closing """ is escaped
            encoded = encoded[:-1] + '\\"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'


# -- rdflib ------------------------------------------------------------------------------------------


def to_rdflib(graph: Graph):
    """An rdflib Graph of the same triples and prefixes."""
    import rdflib

    result = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in graph.prefixes.items():
        result.bind(prefix, namespace)
    iris: dict[str, rdflib.URIRef] = {}

    def node(term: Term):
        if type(term) is str:
            found = iris.get(term)
            if found is None:
                found = iris[term] = rdflib.URIRef(term)
            return found
        if type(term) is Literal:
            return rdflib.Literal(term.lexical, lang=term.language or None, datatype=term.datatype or None)
        return rdflib.BNode(str(term))

    result.addN((node(s), node(p), node(o), result) for s, p, o in graph)
    return result


def from_rdflib(graph) -> Graph:
    """The triples and prefixes of an rdflib graph (a Dataset gives the union of its graphs)."""
    import rdflib

    def term(node) -> Term:
        if isinstance(node, rdflib.Literal):
            return Literal(str(node), str(node.datatype or ""), node.language or "")
        if isinstance(node, rdflib.BNode):
            return Blank(node)
        return str(node)

    result = Graph({prefix: str(namespace) for prefix, namespace in graph.namespaces()})
    triples = (
        graph.triples((None, None, None))
        if not isinstance(graph, rdflib.Dataset)
        else ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
    )
    for s, p, o in triples:
        result.add(term(s), str(p), term(o))  # type: ignore[arg-type]  # a subject is never a literal
    return result


def graph_of(graph) -> Graph:
    """`graph` as a `Graph`: itself, or converted from rdflib."""
    return graph if isinstance(graph, Graph) else from_rdflib(graph)
