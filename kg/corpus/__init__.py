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
(['<text>'], ['<https://w3id.org/cn-gov-kg/id/doc/demo> {'])
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.facts import Extraction
from kg.rdf import triples

CACHE_FORMAT = "3"  # the layout of a cache entry; bump it when Part or its JSON changes
# Below this many characters to extract, starting workers (each loads jieba's dictionary) costs more than
# it saves.
PARALLEL_MIN_BYTES = 256 * 1024
PACKAGE = Path(__file__).resolve().parent.parent
# The code and data whose change changes a report's graph (kg/ paths, folders searched recursively).
_EXTRACTOR_SOURCES = ("extract", "lexicon", "read", "facts.py", "rdf")

IN_FLIGHT = 3  # reports queued or done but not yet taken, per worker
Progress = Callable[[int, int], object]  # called with (reports done, reports in all)


# -- the cache ---------------------------------------------------------------------------------------

@cache
def extractor_version(root: Path = PACKAGE) -> str:
    """A hash of the extractor's and RDF stage's code and lexicon (under the package folder `root`) and of
    jieba's and pypinyin's versions: a changed extractor misses the cache."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for name in _EXTRACTOR_SOURCES:
        base = root / name
        files = sorted(base.rglob("*")) if base.is_dir() else [base]
        for path in files:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("jieba", "pypinyin"):
        try:
            digest.update(version(package).encode())
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
    """Reports' parts of the graph stored as JSON files under `folder/<extractor version>/`, written atomically."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.entries = self.folder / extractor_version()

    def entry(self, key: str) -> Path:
        return self.entries / f"{key}.json"

    @staticmethod
    def load(entry: Path) -> Part | None:
        """The part stored in the file `entry`, or None if there is none or it cannot be read back."""
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                return None
            return from_json(data["part"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str | None, part: Part) -> None:
        """Store `part` (a temporary file renamed into place: a reader never sees half an entry)."""
        if key is None:
            return
        self.entries.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"format": CACHE_FORMAT, "part": to_json(part)}, ensure_ascii=False)
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


def to_json(part: Part) -> dict:
    """A part as plain JSON data (a literal as its [lexical, datatype, language])."""
    return {"path": part.path, "warnings": part.warnings, "name": part.name, "prefixes": part.prefixes,
            "statements": part.statements}


def from_json(data: dict) -> Part:
    """The `Part` that `to_json` gave `data` for (equal to the original)."""
    Literal = triples.Literal
    terms: dict = {}  # one object per distinct term, as the worker that made the part had (a third less memory)

    def term(found):
        found = found if type(found) is str else Literal(*found)
        return terms.setdefault(found, found)

    statements = []
    for subject, predicates, text in data["statements"]:
        if type(subject) is not str or type(text) is not str or not all(type(p) is str for p in predicates or ()):
            raise TypeError("a subject or predicate is not an IRI")
        statements.append((term(subject), None if predicates is None else {
            term(predicate): [term(o) for o in objects] for predicate, objects in predicates.items()
        }, text))
    return Part(data["path"], data["warnings"], data["name"], data["prefixes"], statements)


# -- extraction, serial or on a pool -----------------------------------------------------------------

Task = tuple[str, str | None, str | None]  # (report path, encoding asked for, cache entry or None)


def extractions(paths: list[Path], encoding: str | None = None, *, jobs: int | None = None,
                progress: Progress | None = None) -> Iterator[Extraction]:
    """The extraction of each report of `paths`, in order, on `jobs` processes (None: all cores when there is
    enough to extract, 1: in this process)."""
    early: dict[int, Extraction] = {}
    turn = 0
    for index, extraction in _run(paths, encoding, jobs, None, progress, _extract_report):
        early[index] = extraction
        while turn in early:
            yield early.pop(turn)
            turn += 1


def build(paths: list[Path], encoding: str | None = None, *, jobs: int | None = None,
          cache: str | Path | None = None, progress: Progress | None = None) -> CorpusGraph:
    """The graph of the reports `paths`: each report's part read back from `cache` if unchanged, else extracted
    and turned into triples on `jobs` processes; merged here as they come (any `jobs`, same bytes)."""
    return _merge(_run(paths, encoding, jobs, cache, progress, _document_part))


def build_graph(extractions: Iterable[Extraction]) -> CorpusGraph:
    """The graph of `extractions`, consumed one at a time (only one document's facts are held at once)."""
    return _merge(enumerate(part_of(extraction) for extraction in extractions))


def _run(paths: list[Path], encoding: str | None, jobs: int | None, cache: str | Path | None,
         progress: Progress | None, work: Callable[[Task], object]) -> Iterator[tuple[int, object]]:
    """(index, `work` on the task of the report `paths[index]`) for each report, as they are done, on as many
    processes as the reports missing from `cache` call for; the cache entries not used are pruned at the end."""
    store = Cache(cache) if cache is not None else None
    keys = [cache_key(path, encoding) for path in paths] if store else [None] * len(paths)
    tasks = [(str(path), encoding, str(store.entry(key)) if store and key else None) for path, key in zip(paths, keys)]
    missing = [path for path, key in zip(paths, keys) if not (store and key and store.entry(key).is_file())]
    with _Pool(_workers(jobs, missing)) as pool:
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
    """Context: `map(work, tasks)` on `workers` processes: this one and `workers - 1` others, each with a pipe
    for its tasks and one for its results (no lock is shared, so a worker killed at any moment cannot hang the
    rest). This process takes a task whenever no worker's result is ready, and merges; what it makes itself is
    never sent between processes, which costs about as much as merging it."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.others: list[_Worker] = []

    def __enter__(self) -> _Pool:  # noqa: PYI034
        if self.workers > 1:
            import multiprocessing

            method = _start_method()
            if method == "fork":
                _load()  # once here: forked workers share it
            context = multiprocessing.get_context(method)
            for _ in range(self.workers - 1):
                self.others.append(_Worker(context))
        return self

    def map(self, work: Callable[[Task], object], tasks: list[Task]) -> Iterator[tuple[int, object]]:
        """(index, result) of each task as it is done: a few tasks in flight per worker, and this process takes
        the next task whenever none of theirs is ready (nor waits for one in particular)."""
        if not self.others:
            yield from enumerate(map(work, tasks))
            return
        taken = 0  # tasks given out so far, to a worker or to this process

        def outstanding() -> int:
            return sum(len(worker.queued) for worker in self.others)

        share = len(self.others) / self.workers  # of the tasks left, what the workers should hold (near the end)
        while taken < len(tasks) or outstanding():
            for worker in self.others:
                while taken < len(tasks) and len(worker.queued) < IN_FLIGHT and \
                        outstanding() < share * (len(tasks) - taken + outstanding()):
                    worker.give(taken, work, tasks[taken])
                    taken += 1
            ready = [worker for worker in self.others if worker.queued and worker.results.poll()]
            if ready:
                for worker in ready:
                    yield worker.take()
            elif taken < len(tasks):
                yield taken, work(tasks[taken])
                taken += 1
            else:  # the last ones, all with the workers
                import multiprocessing.connection

                busy = {worker.results: worker for worker in self.others if worker.queued}
                for connection in multiprocessing.connection.wait(list(busy)):
                    yield busy[connection].take()

    def __exit__(self, *exc: object) -> None:
        for worker in self.others:  # finished or interrupted: either way no worker outlives the build
            worker.stop()


class _Worker:
    """Another process that does the tasks it is given, in order, and sends back what each gave."""

    def __init__(self, context) -> None:
        from collections import deque

        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.queued: deque[int] = deque()  # indexes of the tasks given and not yet taken back
        self.process = context.Process(target=_serve, args=(task_reader, result_writer, (self.tasks, self.results)),
                                       daemon=True)
        with _signals_held():
            self.process.start()
        task_reader.close()  # its ends are its own: the next worker must not hold them, nor this process
        result_writer.close()

    def give(self, index: int, work: Callable[[Task], object], task: Task) -> None:
        self.tasks.send((work, task))
        self.queued.append(index)

    def take(self) -> tuple[int, object]:
        """(index, result) of its oldest task; its error raised here."""
        try:
            done, value = self.results.recv()
        except EOFError:
            raise RuntimeError(f"a worker process ended without an answer (exit code {self.process.exitcode})") from None
        index = self.queued.popleft()
        if not done:
            raise value
        return index, value

    def stop(self) -> None:
        try:
            self.tasks.send(None)
        except OSError:
            pass
        self.process.join(timeout=1 if not self.queued else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()


def _answer(function: Callable, *args: object) -> tuple[bool, object]:
    """What a child sends back: (True, the function's value) or (False, the error it raised)."""
    try:
        return True, function(*args)
    except BaseException as exc:  # noqa: BLE001 - every error goes back to be raised in the parent
        return False, exc


def _serve(tasks, results, parent_ends) -> None:
    """A worker's life: its signals, what every report needs loaded, then each task in turn; a thread sends
    the answers, so that the next task starts while the parent reads the last answer. It ends when its
    parent does (its task pipe closes: it holds no writing end of its own)."""
    import queue
    import threading

    _child_signals()
    for end in parent_ends:
        end.close()
    _load()
    answers: queue.Queue = queue.Queue()

    def send() -> None:
        while (answer := answers.get()) is not None:
            try:
                results.send(answer)
            except OSError:  # the parent is gone
                return

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    while True:
        try:
            given = tasks.recv()
        except EOFError:
            break
        if given is None:
            break
        answers.put(_answer(*given))
    answers.put(None)
    sender.join()


class Background:
    """Context: `function(*args)` computed in a forked child while this process goes on (here if not `fork` or
    it cannot fork); `result()` gives its value or raises its error. The child sees this process's memory:
    nothing is sent to it, only its result back."""

    def __init__(self, function: Callable, *args: object, fork: bool = True) -> None:
        self.function, self.args, self.fork, self.process, self.receiver = function, args, fork, None, None

    def __enter__(self) -> Background:  # noqa: PYI034
        if self.fork and _start_method() == "fork":
            import multiprocessing

            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=self._send, args=(sender,), daemon=True)
            with _signals_held():
                self.process.start()
            sender.close()
        return self

    def _send(self, sender) -> None:
        _child_signals()
        sender.send(_answer(self.function, *self.args))

    def result(self) -> object:
        if self.process is None:
            return self.function(*self.args)
        try:
            done, value = self.receiver.recv()
        except EOFError:
            raise RuntimeError(f"the process computing {self.function.__name__} ended without an answer") from None
        self.process.join()
        if not done:
            raise value
        return value

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()  # interrupted or failed here: the child's work is not needed
            self.process.join()
            self.receiver.close()


def _start_method() -> str:
    """fork where there is one and this process runs a single thread (workers start at once, with what it has
    loaded); else spawn, as forking a threaded process (a notebook kernel) can deadlock the workers."""
    import multiprocessing
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and kill back while processes start: a child begins with this process's handlers, which must
    not run there (a traceback from a half-started worker); it takes the signals once it has its own."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _child_signals() -> None:
    """In a child process: leave Ctrl-C to the parent, end at once on kill, then take the signals held back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


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


# -- one graph, a named graph per document -------------------------------------------------------------

@dataclass
class CorpusGraph:
    """The merged graph of a corpus, the documents and warnings; its Turtle and TriG (a named graph per
    document) are written when asked for, from the statements the documents' parts wrote."""

    graph: triples.Graph  # every document's triples but the evidence spans' (see Statement); one IRI per person …
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



def part_of(extraction: Extraction) -> Part:
    """The graph of one extraction, as triples and Turtle statements per subject, named by the document's IRI."""
    from kg import rdf

    graph = rdf.to_triples([extraction])
    name = min(subject for subject, predicates in graph.index.items()
               if rdf.vocabulary().SCHEMA.Report in predicates.get(triples.RDF_TYPE, ()))
    prefixes, written = triples.statements(graph)
    order, span = triples.order, rdf.vocabulary().NIF.Phrase
    statements = []
    for subject, text in written:
        predicates = graph.index[subject]
        if span in predicates.get(triples.RDF_TYPE, ()):
            statements.append((subject, None, text))
        else:
            statements.append((subject, {p: sorted(objects, key=order) for p, objects in predicates.items()}, text))
    path = extraction.document.path
    return Part(path, [f"{path}: {warning}" for warning in extraction.warnings], name, prefixes, statements)


def _merge(parts: Iterable[tuple[int, Part]]) -> CorpusGraph:
    """One graph of the documents' parts, taken in any order (the same nodes merge: one IRI per person,
    organization …; the documents' list is put back in the order of their indexes). A subject that only one
    document has keeps the Turtle that document's part wrote for it; the others are written again from their
    merged triples."""
    from kg import rdf

    merged = triples.Graph(rdf.vocabulary().prefixes)
    alone: dict[str, str] = {}  # subject → its statement, while one document alone has it
    prefixes, named, documents = set(), [], []
    for index, part in parts:
        for subject, predicates, text in part.statements:
            if predicates is None or merged.absorb(subject, predicates):
                alone[subject] = text
            else:
                alone.pop(subject, None)
        prefixes.update(part.prefixes)
        named.append((part.name, [text for _, _, text in part.statements]))
        documents.append((index, part.path, part.warnings))
    documents.sort()
    return CorpusGraph(merged, [path for _, path, _ in documents], [w for _, _, found in documents for w in found],
                       sorted(prefixes), alone, sorted(named))
