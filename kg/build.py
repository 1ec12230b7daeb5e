"""The pipeline: report files → documents → facts → RDF graph → out/kg.ttl and out/kg.html."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg import read
from kg.extract import extract
from kg.facts import Extraction
from kg.files import atomic_write_all


@dataclass
class BuildResult:
    documents: list[str]
    counts: Counter
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def extract_paths(sources: list[str | Path], encoding: str | None = None) -> list[Extraction]:
    """Read and extract every report under `sources`."""
    return [extract(read.read(path, encoding)) for path in read.collect(sources)]


def build(sources: list[str | Path], out: str | Path, encoding: str | None = None) -> BuildResult:
    """Build the graph of the reports in `sources` into `out/kg.ttl` and `out/kg.html`."""
    from kg import rdf, viz

    extractions = extract_paths(sources, encoding)
    graph = rdf.to_graph(extractions)
    out = Path(out)
    files = {out / "kg.ttl": rdf.to_turtle(graph), out / "kg.html": viz.page(graph)}
    written = atomic_write_all(files)
    warnings = [f"{x.document.path}: {w}" for x in extractions for w in x.warnings]
    return BuildResult([x.document.path for x in extractions], rdf.class_counts(graph), warnings, written)
