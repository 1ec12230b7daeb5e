"""The pipeline: report files → documents → facts → RDF graph → out/kg.ttl and out/kg.html.

Every report is read and extracted before anything is written, and the outputs are replaced together
(`kg.files.atomic_write_all`): a failing input or an interrupted build leaves the previous `out/` as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import corpus, read
from kg.corpus import Progress
from kg.errors import InputError, OutputError
from kg.facts import Extraction
from kg.files import atomic_write_all
from kg.process import Background


@dataclass
class BuildResult:
    documents: list[str]
    counts: Counter
    warnings: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def extract_paths(
    sources: list[str | Path],
    encoding: str | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Extraction]:
    """Read and extract every report under `sources` (on `jobs` processes, by default both cores for a large
    corpus)."""
    paths = read.collect(sources)
    _check_unique_ids(paths)
    return list(corpus.extractions(paths, encoding, jobs=jobs, progress=progress))


def build(
    sources: list[str | Path],
    out: str | Path,
    encoding: str | None = None,
    *,
    jobs: int | None = None,
    cache: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the graph of the reports in `sources` into `out/kg.ttl`, `out/kg.trig` (a named graph per
    report) and `out/kg.html`; the graphs of unchanged reports are reused from `out/.cache` if `cache`."""
    from kg import rdf, viz

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; pass --out a folder for kg.ttl and kg.html")
    paths = _outside(read.collect(sources), out)
    _check_unique_ids(paths)
    built = corpus.build(
        paths, encoding, jobs=jobs, cache=out / ".cache" if cache else None, progress=progress
    )
    graph = built.graph
    with Background(viz.page, graph, fork=jobs != 1) as page:  # drawn on another core while this one writes
        counts = rdf.class_counts(graph)
        files: dict[Path, Any] = {
            out / "kg.ttl": built.turtle,
            out / "kg.trig": built.trig,
            out / "kg.html": page.result,
        }
        try:
            written = atomic_write_all(files)
        except OSError as exc:
            raise OutputError(
                f"{out}: cannot write the graph ({exc.strerror}); check the folder and its permissions"
            ) from None
    return BuildResult(built.documents, counts, built.warnings, written)


def _outside(paths: list[Path], out: Path) -> list[Path]:
    """The reports that are not in the output folder (`kg build . --out out` must not read its own page)."""
    folder = out.resolve()
    kept = [path for path in paths if folder not in path.resolve().parents]
    if not kept:
        raise InputError(f"{paths[0]}: is in the output folder {out}; pass the reports, not kg's own output")
    return kept


def _check_unique_ids(paths: list[Path]) -> None:
    """Two reports whose names give the same document id would merge in the graph: refuse."""
    seen: dict[str, Path] = {}
    for path in paths:
        first = seen.setdefault(read.doc_id(path), path)
        if first != path:
            raise InputError(
                f"{path}: has the same name as {first}; rename one so each report has its own name"
            )
