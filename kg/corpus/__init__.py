"""Many reports: each report's graph cached by content hash and built on a process pool; one graph, a named
graph per document.

A report's part of the graph (its triples, and its Turtle statement by statement) depends on nothing but
the report, its metadata and the extractor, so it is cached under a key that changes when any of them
changes; the corpus graph is merged from the current set of parts on every build, so a removed report
leaves no facts. The merge does not depend on the order the parts come in and the files are written in
sorted order, so parallel and serial builds give byte-identical files.

>>> from kg.read import read_text
>>> from kg.facts import Extraction
>>> built = build_graph([Extraction(read_text("会议在北京召开。", doc_id="demo"))])
>>> built.documents, [line for line in "".join(built.trig()).splitlines() if line.endswith("{")]
(['<text>'], ['<https://w3id.org/cn-gov-kg/id/doc/c-21968ffe04489e83> {'])
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.corpus.cache import CACHE_FORMAT, PACKAGE, Cache, cache_key, extractor_version, from_json, to_json
from kg.corpus.merge import CorpusGraph, Part, Statement, block, part_of
from kg.corpus.merge import merge as _merge
from kg.facts import Extraction
from kg.process import Pool

__all__ = [
    "CACHE_FORMAT",
    "PACKAGE",
    "PARALLEL_MIN_BYTES",
    "Cache",
    "CorpusGraph",
    "Part",
    "Progress",
    "Statement",
    "block",
    "build",
    "build_graph",
    "cache_key",
    "extractions",
    "extractor_version",
    "from_json",
    "part_of",
    "to_json",
]

# Below this many characters to extract, starting workers (each loads jieba's dictionary) costs more than
# it saves.
PARALLEL_MIN_BYTES = 256 * 1024
Progress = Callable[[int, int], object]  # called with (reports done, reports in all)


# -- extraction, serial or on a pool -----------------------------------------------------------------

Task = tuple[str, str | None, str | None]  # (report path, encoding asked for, cache entry or None)


def extractions(
    paths: list[Path],
    encoding: str | None = None,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[Extraction]:
    """The extraction of each report of `paths`, in order, on `jobs` processes (None: all cores when there is
    enough to extract, 1: in this process)."""
    early: dict[int, Extraction] = {}
    turn = 0
    for index, extraction in _run(paths, encoding, jobs, None, progress, _extract_report):
        early[index] = extraction
        while turn in early:
            yield early.pop(turn)
            turn += 1


def build(
    paths: list[Path],
    encoding: str | None = None,
    *,
    jobs: int | None = None,
    cache: str | Path | None = None,
    progress: Progress | None = None,
) -> CorpusGraph:
    """The graph of the reports `paths`: each report's part read back from `cache` if unchanged, else extracted
    and turned into triples on `jobs` processes; merged here as they come (any `jobs`, same bytes)."""
    return _merge(_run(paths, encoding, jobs, cache, progress, _document_part))


def build_graph(extractions: Iterable[Extraction]) -> CorpusGraph:
    """The graph of `extractions`, consumed one at a time (only one document's facts are held at once)."""
    return _merge(enumerate(part_of(extraction) for extraction in extractions))


def _run(
    paths: list[Path],
    encoding: str | None,
    jobs: int | None,
    cache: str | Path | None,
    progress: Progress | None,
    work: Callable[[Task], Any],
) -> Iterator[tuple[int, Any]]:
    """(index, `work` on the task of the report `paths[index]`) for each report, as they are done, on as many
    processes as the reports missing from `cache` call for; the cache entries not used are pruned at the end."""
    store = Cache(cache) if cache is not None else None
    keys = [cache_key(path, encoding) for path in paths] if store else [None] * len(paths)
    tasks = [
        (str(path), encoding, str(store.entry(key)) if store and key else None)
        for path, key in zip(paths, keys)
    ]
    missing = [path for path, key in zip(paths, keys) if not (store and key and store.entry(key).is_file())]
    with Pool(_workers(jobs, missing), prepare=_load) as pool:
        for done, result in enumerate(pool.map(work, tasks), 1):
            yield result
            if progress:
                progress(done, len(paths))
    if store:
        store.prune({key for key in keys if key})


def _workers(jobs: int | None, work: list[Path]) -> int:
    """How many processes share `work`: `jobs` if given, else all cores when there is enough of it."""
    if jobs is not None:
        return max(1, min(jobs, len(work)))
    if len(work) < 2 or sum(_size(path) for path in work) < PARALLEL_MIN_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, len(work)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _load() -> None:
    """Load what every report needs (lexicon, RDF vocabulary, pypinyin) by building a one-line report, so that
    forked workers share it. jieba's dictionary (1.2 s) loads only in a process whose reports call for it."""
    from kg.extract import extract
    from kg.read import read_text

    part_of(extract(read_text("会议在北京召开。部长出席。", doc_id="warm-up")))


def _document_part(task: Task) -> Part:
    """The report's part of the graph: read back from its cache entry if there is a good one, else built
    (and stored there)."""
    entry = task[2]
    found = Cache.load(Path(entry)) if entry is not None else None
    if found is not None:
        return found
    part = part_of(_extract_report(task))
    if entry is not None:
        Cache(Path(entry).parent.parent).put(Path(entry).stem, part)
    return part


def _extract_report(task: Task) -> Extraction:
    """Read and extract one report."""
    from kg import read
    from kg.extract import extract

    path, encoding, _ = task
    return extract(read.read(path, encoding))
