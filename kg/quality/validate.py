"""SHACL validation of a built graph against ontology/shapes.ttl (with the ontology for subclasses), and the
evidence checks of kg.quality.evidence (SPARQL on Oxigraph: spans against their report's text and sources).

Violations come back as plain records a person can read: the focus node's label, the property path
and the message, sorted so that two runs print the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    label: str  # the focus node's Chinese label or its IRI's last segment
    path: str  # prefixed property path, '' for a node-level constraint
    message: str
    focus: str  # the focus node's IRI
    value: str = ""
    severity: str = "Violation"


@dataclass
class Report:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)  # of the SHACL shapes
    evidence: list[Violation] | None = None  # faults of the evidence checks; None: not run
    shapes: bool = True  # were the SHACL shapes checked

    @property
    def ok(self) -> bool:
        """No violation of the shapes checked and no evidence fault."""
        return self.conforms and not self.evidence


def ontology_file(name: str) -> str:
    """The text of ontology/NAME shipped with the package (kg.ttl, shapes.ttl)."""
    from importlib.resources import files

    return (files("kg") / "ontology" / name).read_text(encoding="utf-8")


def load_graph(path: str | Path):
    """An rdflib graph of the RDF file at `path` (a TriG file's named graphs together: the reports share their
    people and organizations)."""
    from kg.sparql.graphfile import load_rdflib

    graph = load_rdflib(path)
    if not len(graph):
        raise InputError(f"{path}: has no triples; build a graph with `kg build SOURCES --out DIR`")
    return graph


def validate_graph(graph) -> Report:
    """Validate `graph` against the shapes; a `Report` with readable violations."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph().parse(data=ontology_file("shapes.ttl"), format="turtle")
    ontology = rdflib.Graph().parse(data=ontology_file("kg.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True, allow_warnings=False
    )
    violations = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        violations.append(
            Violation(
                label=_label(graph, focus),
                path=_prefixed(graph, path) if path is not None else "",
                message=str(results.value(result, SH.resultMessage) or ""),
                focus=str(focus),
                value="" if value is None else str(value),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return Report(bool(conforms), len(graph), sorted(set(violations)))


def validate(path: str | Path, *, shapes: bool = True, evidence: bool = True) -> Report:
    """Validate the graph file at `path`: the evidence checks (fast, on Oxigraph), then the SHACL shapes
    (pyshacl, seconds on a large graph; `shapes=False` skips them)."""
    from kg.quality import evidence as checks

    triples, faults = checks.check_file(path) if evidence else (0, None)
    if not shapes:
        if not triples:
            raise InputError(f"{path}: has no triples; build a graph with `kg build SOURCES --out DIR`")
        return Report(True, triples, [], faults, shapes=False)
    report = validate_graph(load_graph(path))
    report.evidence, report.shapes = faults, True
    return report


def format_report(report: Report, source: str) -> str:
    """The report as lines: a verdict, then one line per violation or fault (label, path, message, node)."""
    checked = " and its evidence" if report.evidence is not None else ""
    if report.ok:
        if not report.shapes:
            return (
                f"{source}: its evidence passes the checks ({report.triples} triples; shapes not checked)\n"
            )
        return f"{source}: conforms to the kg shapes{checked} ({report.triples} triples)\n"
    lines = []
    if report.violations:
        lines.append(f"{source}: {len(report.violations)} violation(s) of the kg shapes")
        lines += [_line(v) for v in report.violations]
    if report.evidence:
        lines.append(f"{source}: {len(report.evidence)} fault(s) of its evidence")
        lines += [_line(v) for v in report.evidence]
    return "\n".join(lines) + "\n"


def _line(v: Violation) -> str:
    where = f" {v.path}" if v.path else ""
    value = f" (value: {v.value})" if v.value else ""
    return f"  {v.label}{where}: {v.message}{value}  <{v.focus}>"


def _label(graph, node) -> str:
    """A readable name for a node: its label; a membership as person + title; a target by its indicator."""
    from rdflib.namespace import SKOS

    from kg.rdf.namespace import KG, NIF, ORG, SCHEMA

    parts = [
        graph.value(node, p) for p in (ORG.member, ORG.organization, ORG.role, KG.indicator, KG.participant)
    ]
    if any(parts):
        return " ".join(_label(graph, part) for part in parts if part is not None)
    for predicate in (SCHEMA.name, SKOS.prefLabel, NIF.anchorOf, SCHEMA.identifier):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def _prefixed(graph, path) -> str:
    from kg.rdf.namespace import PREFIXES

    text = str(path)
    spaces = {
        **{str(ns): prefix for prefix, ns in PREFIXES.items()},
        "http://www.w3.org/ns/prov#": "prov",
        "http://purl.org/dc/terms/": "dcterms",
        "http://www.w3.org/2004/02/skos/core#": "skos",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    }
    for namespace, prefix in spaces.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text
