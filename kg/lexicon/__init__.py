"""The domain lexicon: classes of words (titles, suffixes, verbs, units), kept as data files beside this module.

Each `*.txt` file holds one entry per line; `#` starts a comment. No person's name and no figure of a
particular report belongs here: these are the words of the genre.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The entries of `lexicon/<name>.txt`, in file order."""
    entries = []
    for line in (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return tuple(entries)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `lexicon/<name>.tsv` (tab-separated), header line skipped."""
    rows = []
    lines = (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def user_words() -> list[tuple[str, str]]:
    """(word, POS tag) pairs jieba should keep whole: titles and organization names."""
    pairs = [(w, "nz") for w in words("titles")]
    pairs += [(row[0], "nt") for row in table("organizations")]
    return pairs
