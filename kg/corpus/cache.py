"""The cache of reports' parts of the graph: a JSON file per report under a key that changes when the report, its
metadata or the extractor changes (so a stale entry is never read, and entries of other versions are pruned)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from functools import cache
from pathlib import Path

from kg.corpus.merge import Part
from kg.rdf import triples

CACHE_FORMAT = "4"  # the layout of a cache entry; bump it when Part or its JSON changes
PACKAGE = Path(__file__).resolve().parent.parent
# The code and data whose change changes a report's graph (kg/ paths, folders searched recursively).
_EXTRACTOR_SOURCES = ("extract", "lexicon", "read", "facts.py", "rdf")


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

    digest = hashlib.sha256(
        f"{extractor_version()}\0{path}\0{encoding or ''}\0".encode("utf-8", "surrogatepass")
    )
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
    return {
        "path": part.path,
        "warnings": part.warnings,
        "name": part.name,
        "prefixes": part.prefixes,
        "statements": part.statements,
        "people": part.people,
    }


def from_json(data: dict) -> Part:
    """The `Part` that `to_json` gave `data` for (equal to the original)."""
    Literal = triples.Literal
    terms: dict = {}  # one object per distinct term, as the worker that made the part had (a third less memory)

    def term(found):
        found = found if type(found) is str else Literal(*found)
        return terms.setdefault(found, found)

    statements = []
    for subject, predicates, text in data["statements"]:
        if (
            type(subject) is not str
            or type(text) is not str
            or not all(type(p) is str for p in predicates or ())
        ):
            raise TypeError("a subject or predicate is not an IRI")
        statements.append(
            (
                term(subject),
                None
                if predicates is None
                else {
                    term(predicate): [term(o) for o in objects] for predicate, objects in predicates.items()
                },
                text,
            )
        )
    people = [(person, name, list(anchors)) for person, name, anchors in data["people"]]
    return Part(data["path"], data["warnings"], data["name"], data["prefixes"], statements, people)
