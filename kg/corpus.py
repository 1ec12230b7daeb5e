"""Many reports: extraction cached by content hash and run on a process pool; one graph, a named graph per document.

The graph is rebuilt from the current set of reports on every build, so a removed report leaves no
facts; only extraction (which depends on nothing but a report, its metadata and the extractor) is
cached, as JSON of the fact dataclasses, under a key that changes when any of them changes. Parallel
and serial builds give the same extractions in the same order, hence byte-identical files.

>>> from kg.read import read_text
>>> from kg.facts import Extraction
>>> built = build_graph([Extraction(read_text("会议在北京召开。", doc_id="demo"))])
>>> built.documents, [line for line in built.trig.decode().splitlines() if line.endswith("{")]
(['<text>'], ['<https://w3id.org/cn-gov-kg/id/doc/demo> {'])
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg import facts
from kg.facts import Extraction

CACHE_FORMAT = "1"  # the layout of a cache entry; bump it when to_json changes
# Below this many characters to extract, starting workers (each loads jieba's dictionary) costs more than
# it saves.
PARALLEL_MIN_BYTES = 256 * 1024
PACKAGE = Path(__file__).resolve().parent
# The code and data whose change changes what extraction gives (kg/ paths, folders searched recursively).
_EXTRACTOR_SOURCES = ("extract", "lexicon", "segment.py", "read.py", "facts.py")

IN_FLIGHT = 3  # reports queued or done but not yet taken, per worker
Progress = Callable[[int, int], object]  # called with (reports done, reports in all)


# -- the cache ---------------------------------------------------------------------------------------

@cache
def extractor_version(root: Path = PACKAGE) -> str:
    """A hash of the extractor's code and lexicon (under the package folder `root`) and of jieba's version:
    a changed extractor misses the cache."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name in _EXTRACTOR_SOURCES:
        base = root / name
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in files:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        digest.update(version("jieba").encode())
    except PackageNotFoundError:  # pragma: no cover
        pass
    return digest.hexdigest()[:16]


def cache_key(path: Path, encoding: str | None) -> str | None:
    """sha256 of the report's bytes, its metadata sidecar, its path and the encoding asked for; None if unreadable."""
    from kg.read import MAX_REPORT_BYTES

    digest = hashlib.sha256(f"{extractor_version()}\0{path}\0{encoding or ''}\0".encode("utf-8", "surrogatepass"))
    try:
        if path.stat().st_size > MAX_REPORT_BYTES:
            return None  # refused by read.read, with its message
        digest.update(path.read_bytes())
        sidecar = path.with_suffix(".toml")
        if sidecar != path and sidecar.is_file():
            digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


class Cache:
    """Extractions stored as JSON files under `folder/<extractor version>/`, written atomically."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.entries = self.folder / extractor_version()

    def entry(self, key: str) -> Path:
        return self.entries / f"{key}.json"

    def get(self, key: str | None) -> Extraction | None:
        """The cached extraction, or None on a miss or an entry that cannot be read back."""
        return None if key is None else self.load(self.entry(key))

    @staticmethod
    def load(entry: Path) -> Extraction | None:
        """The extraction stored in the file `entry`, or None if there is none or it cannot be read back."""
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return None
            return from_json(data["extraction"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str | None, extraction: Extraction) -> None:
        """Store `extraction` (a temporary file renamed into place: a reader never sees half an entry)."""
        if key is None:
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": CACHE_FORMAT, "extraction": to_json(extraction)}, ensure_ascii=False)
        temporary = self.entries / f".{key}.{os.getpid()}.tmp"
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.entry(key))
        except OSError:  # a cache that cannot be written only costs time
            temporary.unlink(missing_ok=True)

    def prune(self, used: set[str]) -> None:
        """Drop the entries of reports no longer built and those of other extractor versions."""
        if not self.folder.is_dir():
            return
        for other in self.folder.iterdir():
            if other.is_dir() and other != self.entries:
                shutil.rmtree(other, ignore_errors=True)
        if self.entries.is_dir():
            for entry in self.entries.iterdir():
                if entry.suffix == ".json" and entry.stem not in used:
                    entry.unlink(missing_ok=True)


def to_json(extraction: Extraction) -> dict:
    """The extraction as plain JSON data (dataclasses as objects, tuples as lists)."""
    return dataclasses.asdict(extraction)


def from_json(data: dict) -> Extraction:
    """The `Extraction` that `to_json` gave `data` for (equal to the original)."""
    return _decode(Extraction, data)


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls, vars(facts))


def _decode(hint: object, value: object) -> object:
    """`value` (JSON data) as an instance of the type `hint` of the fact dataclasses."""
    if value is None:
        return None
    if dataclasses.is_dataclass(hint):
        return hint(**{name: _decode(_hints(hint)[name], item) for name, item in value.items()})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode(next(arg for arg in args if arg is not type(None)), value)
    if origin is list:
        return [_decode(args[0], item) for item in value]
    if origin is tuple:
        return tuple(_decode(args[0], item) for item in value)
    return value


# -- extraction, serial or on a pool -----------------------------------------------------------------

Task = tuple[str, str | None, str | None]  # (report path, encoding asked for, cache entry or None)


def extractions(paths: list[Path], encoding: str | None = None, *, jobs: int | None = None,
                cache: str | Path | None = None, progress: Progress | None = None) -> Iterator[Extraction]:
    """The extraction of each report of `paths`, in order: read back from `cache` if unchanged, else extracted,
    on `jobs` processes (None: all cores when there is enough to extract, 1: in this process)."""
    yield from _run(paths, encoding, jobs, cache, progress, _extraction)


def build(paths: list[Path], encoding: str | None = None, *, jobs: int | None = None,
          cache: str | Path | None = None, progress: Progress | None = None) -> CorpusGraph:
    """The graph of the reports `paths`: each one extracted (or read back from `cache`) and turned into its own
    graph on `jobs` processes, then merged here in the order of `paths` (so any `jobs` gives the same bytes)."""
    return _merge(_run(paths, encoding, jobs, cache, progress, _document_graph, whole=True))


def build_graph(extractions: Iterable[Extraction]) -> CorpusGraph:
    """The graph of `extractions`, consumed one at a time (only one document's facts are held at once)."""
    return _merge(_part(extraction) for extraction in extractions)


def _run(paths: list[Path], encoding: str | None, jobs: int | None, cache: str | Path | None,
         progress: Progress | None, work: Callable[[Task], object], whole: bool = False) -> Iterator:
    """`work` on the task of each report, in order; the cache entries not used pruned at the end. `whole`:
    every report is work (its graph is built), not only those missing from the cache."""
    store = Cache(cache) if cache is not None else None
    keys = [cache_key(path, encoding) for path in paths] if store else [None] * len(paths)
    tasks = [(str(path), encoding, str(store.entry(key)) if store and key else None) for path, key in zip(paths, keys)]
    missing = [path for path, key in zip(paths, keys) if not (store and key and store.entry(key).is_file())]
    with _Pool(_workers(jobs, paths if whole else missing)) as pool:
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


class _Pool:
    """Context: `map(work, tasks)` in order, on a pool of `workers` processes, or in this process for one."""

    def __init__(self, workers: int) -> None:
        self.workers, self.pool = workers, None

    def __enter__(self) -> _Pool:  # noqa: PYI034
        if self.workers > 1:
            import multiprocessing

            method = _start_method()
            if method == "fork":
                _load()  # once here: forked workers share it instead of each loading jieba's dictionary
            self.pool = multiprocessing.get_context(method).Pool(self.workers, initializer=_init_worker)
        return self

    def map(self, work: Callable[[Task], object], tasks: list[Task]) -> Iterator:
        """Results in the order of `tasks`, with a few tasks in flight per worker, so that results do not pile
        up in memory while this process merges them."""
        if self.pool is None:
            yield from map(work, tasks)
            return
        from collections import deque

        waiting, pending = iter(tasks), deque()
        for task in waiting:
            pending.append(self.pool.apply_async(work, (task,)))
            if len(pending) >= self.workers * IN_FLIGHT:
                break
        while pending:
            result = pending.popleft().get()
            for task in waiting:
                pending.append(self.pool.apply_async(work, (task,)))
                break
            yield result

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()  # finished or interrupted: either way no worker outlives the build
            self.pool.join()


def _start_method() -> str:
    """fork where there is one and this process runs a single thread (workers start at once, with what it has
    loaded); else spawn, as forking a threaded process (a notebook kernel) can deadlock the workers."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _init_worker() -> None:
    """Once per worker: leave Ctrl-C and kill to the parent; have jieba and the RDF stage loaded."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _load()


def _load() -> None:
    """Load jieba with the lexicon, and the RDF stage's libraries (both are kept for the process's life)."""
    from kg import rdf
    from kg.segment import tokenizer

    tokenizer()
    rdf.to_graph([])


def _extraction(task: Task) -> Extraction:
    """The report's extraction: read back from its cache entry if there is a good one, else extracted."""
    entry = task[2]
    found = Cache.load(Path(entry)) if entry is not None else None
    return found if found is not None else _extract_report(task)


def _extract_report(task: Task) -> Extraction:
    """Read and extract one report, and store it in the cache entry if one is given."""
    from kg import read
    from kg.extract import extract

    path, encoding, entry = task
    extraction = extract(read.read(path, encoding))
    if entry is not None:
        entry_path = Path(entry)
        Cache(entry_path.parent.parent).put(entry_path.stem, extraction)
    return extraction


# -- one graph, a named graph per document -------------------------------------------------------------

@dataclass
class CorpusGraph:
    """The merged graph of a corpus, its TriG (a named graph per document), the documents and warnings."""

    graph: object  # rdflib.Graph: every document's triples; people and organizations share their IRIs
    trig: bytes
    documents: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Part:
    """One document's share of the corpus graph, as a worker sends it back."""

    path: str
    warnings: list[str]
    triples: list
    name: str  # the document's IRI, which names its graph
    prefixes: list[str]  # the @prefix lines its block uses
    block: str  # its named graph in TriG (Turtle statements in braces)


def _document_graph(task: Task) -> _Part:
    return _part(_extraction(task))


def _part(extraction: Extraction) -> _Part:
    """The graph of one extraction, as triples and as a TriG block named by the document's IRI."""
    from rdflib.namespace import RDF

    from kg import rdf
    from kg.namespace import SCHEMA

    graph = rdf.to_graph([extraction])
    name = min(graph.subjects(RDF.type, SCHEMA.Report))
    header, _, body = rdf.to_turtle(graph).decode("utf-8").partition("\n\n")
    path = extraction.document.path
    return _Part(path, [f"{path}: {warning}" for warning in extraction.warnings], list(graph), str(name),
                 header.splitlines(), f"{name.n3()} {{\n{body.rstrip()}\n}}\n")


def _merge(parts: Iterable[_Part]) -> CorpusGraph:
    """One graph of the documents' parts (the same nodes merge: one IRI per person, organization …), in
    rdflib's SimpleMemory store: it needs no contexts, and adding, writing Turtle and the page all run ~30%
    faster on it than on the default store (same bytes)."""
    import rdflib

    from kg import rdf

    merged = rdflib.Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in rdf.to_graph([]).namespaces():
        merged.bind(prefix, namespace)
    prefixes, blocks, documents, warnings = set(), [], [], []
    for part in parts:
        merged.addN((s, p, o, merged) for s, p, o in part.triples)
        prefixes.update(part.prefixes)
        blocks.append((part.name, part.block))
        documents.append(part.path)
        warnings.extend(part.warnings)
    trig = "\n".join(["".join(f"{line}\n" for line in sorted(prefixes)), *(block for _, block in sorted(blocks))])
    return CorpusGraph(merged, trig.encode("utf-8"), documents, warnings)
