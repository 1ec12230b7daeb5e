"""The pipeline: report files → documents → facts → RDF graph → out/kg.ttl and out/kg.html.

Every report is read and extracted before anything is written, and the outputs are replaced together
(`kg.files.atomic_write_all`): a failing input or an interrupted build leaves the previous `out/` as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg import read
from kg.errors import InputError, OutputError
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
    paths = read.collect(sources)
    _check_unique_ids(paths)
    return [extract(read.read(path, encoding)) for path in paths]


def build(sources: list[str | Path], out: str | Path, encoding: str | None = None) -> BuildResult:
    """Build the graph of the reports in `sources` into `out/kg.ttl` and `out/kg.html`."""
    from kg import rdf, viz

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; pass --out a folder for kg.ttl and kg.html")
    extractions = extract_paths(sources, encoding)
    graph = rdf.to_graph(extractions)
    files = {out / "kg.ttl": rdf.to_turtle(graph), out / "kg.html": viz.page(graph)}
    try:
        written = atomic_write_all(files)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the graph ({exc.strerror}); check the folder and its permissions") from None
    warnings = [f"{x.document.path}: {w}" for x in extractions for w in x.warnings]
    return BuildResult([x.document.path for x in extractions], rdf.class_counts(graph), warnings, written)


def _check_unique_ids(paths: list[Path]) -> None:
    """Two reports whose names give the same document id would merge in the graph: refuse."""
    seen: dict[str, Path] = {}
    for path in paths:
        first = seen.setdefault(read.doc_id(path), path)
        if first != path:
            raise InputError(f"{path}: has the same name as {first}; rename one so each report has its own name")
