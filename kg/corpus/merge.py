"""One graph of many reports' parts, a named graph per document: the merge, and its Turtle and TriG.

The merge does not depend on the order the parts come in and the files are written in sorted order, so
parallel and serial builds give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.corpus.identity import Person, links_statements, people_of, renamed, resolve
from kg.errors import InputError
from kg.facts import Extraction
from kg.rdf import triples


@dataclass
class CorpusGraph:
    """The merged graph of a corpus, the documents and warnings; its Turtle and TriG (a named graph per
    document) are written when asked for, from the statements the documents' parts wrote."""

    graph: (
        triples.Graph
    )  # every document's triples but the evidence spans' (see Statement); one IRI per person …
    documents: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)  # the @prefix lines of both files
    alone: dict[str, str] = field(default_factory=dict)  # the statement of each subject only one document has
    # each document's IRI and statements (the same strings as in `alone`: not held twice), in the order of the IRIs
    named: list[tuple[str, list[str]]] = field(default_factory=list)

    def turtle(self) -> Iterator[str]:
        """kg.ttl, in pieces (written without holding the file whole): the merged graph, subjects in order; only
        the subjects several documents share are written again."""
        yield "".join(self.prefixes) + "\n"
        _, written = triples.statements(self.graph, done=self.alone)
        for index, (_, text) in enumerate(written):
            yield text if index == 0 else "\n" + text

    def trig(self) -> Iterator[str]:
        """kg.trig, in pieces: a named graph per document."""
        yield "".join(self.prefixes)
        for name, statements in self.named:
            yield "\n" + block(name, statements)


def block(name: str, statements: list[str]) -> str:
    """A named graph in TriG: the statements of the graph `name` in braces."""
    body = "\n".join(statements)
    return f"<{name}> {{\n{body.rstrip()}\n}}\n"


# (subject, predicate → objects, its Turtle); an evidence span (nif:Phrase) has its Turtle only: nothing but
# the files reads its offsets and words, and spans are a third of the triples a worker would send.
Statement = tuple[str, dict[str, list[triples.Term]] | None, str]


@dataclass
class Part:
    """One document's share of the corpus graph: what a worker sends back and the cache keeps."""

    path: str
    warnings: list[str]
    name: str  # the document's IRI, which names its graph
    prefixes: list[str]  # the @prefix lines its statements use
    statements: list[Statement]  # in subject order
    people: list[Person] = field(default_factory=list)  # its people and their anchors (kg.corpus.identity)


def part_of(extraction: Extraction) -> Part:
    """The graph of one extraction, as triples and Turtle statements per subject, named by the document's IRI."""
    from kg import rdf

    graph = rdf.to_triples([extraction])
    name = min(
        subject
        for subject, predicates in graph.index.items()
        if rdf.vocabulary().SCHEMA.Report in predicates.get(triples.RDF_TYPE, ())
    )
    prefixes, written = triples.statements(graph)
    order, span = triples.order, rdf.vocabulary().NIF.Phrase
    statements: list[Statement] = []
    for subject, text in written:
        predicates = graph.index[subject]
        if span in predicates.get(triples.RDF_TYPE, ()):
            statements.append((subject, None, text))
        else:
            statements.append(
                (subject, {p: sorted(objects, key=order) for p, objects in predicates.items()}, text)
            )
    path = extraction.document.path
    warnings = [f"{path}: {warning}" for warning in extraction.warnings]
    return Part(path, warnings, name, prefixes, statements, people_of(graph))


def merge(parts: Iterable[tuple[int, Part]]) -> CorpusGraph:
    """One graph of the documents' parts, taken in any order (the same nodes merge: one IRI per organization
    …, one per person as kg.corpus.identity decides; the documents' list is put back in the order of their
    indexes). A subject that only one document has keeps the Turtle that document's part wrote for it; the
    others are written again from their merged triples."""
    from kg import rdf

    vocabulary = rdf.vocabulary()
    received = list(parts)
    _check_distinct(part for _, part in received)
    renames, links = resolve((part.name, part.people) for _, part in received)
    merged = triples.Graph(vocabulary.prefixes)
    alone: dict[str, str] = {}  # subject → its statement, while one document alone has it
    prefixes, named, documents = set(), [], []
    for index, part in received:
        statements = part.statements
        if part.name in renames:
            statements = renamed(statements, renames[part.name], vocabulary.prefixes)
        for subject, predicates, text in statements:
            if predicates is None or merged.absorb(subject, predicates):
                alone[subject] = text
            else:
                alone.pop(subject, None)
        prefixes.update(part.prefixes)
        named.append((part.name, [text for _, _, text in statements]))
        documents.append((index, part.path, part.warnings))
    if links:
        for a, b in links:
            merged.add(a, vocabulary.KG.possibleSameAs, b)
            alone.pop(a, None)
        used, written = links_statements(links, vocabulary.prefixes)
        prefixes.update(used)
        named.append((rdf.iris.NAMESAKES, [text for _, text in written]))
    documents.sort()
    return CorpusGraph(
        merged,
        [path for _, path, _ in documents],
        [w for _, _, found in documents for w in found],
        sorted(prefixes),
        alone,
        sorted(named),
    )


def _check_distinct(parts: Iterable[Part]) -> None:
    """Two reports with one IRI (the same title and date, or the same text) would merge: refuse."""
    seen: dict[str, str] = {}
    for part in parts:
        first = seen.setdefault(part.name, part.path)
        if first != part.path:
            earlier, later = sorted((first, part.path))
            raise InputError(
                f"{later}: has the same title and date as {earlier} (or, without them, the same text); "
                "give each report its own title or date in its metadata, or remove the copy"
            )
