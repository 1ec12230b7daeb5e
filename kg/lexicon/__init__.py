"""The domain lexicon: classes of words (titles, suffixes, verbs, units), kept as data files beside this module.

Each `*.txt` file holds one entry per line; `*.tsv` files have a header line; `#` starts a comment.
`grammar.toml` holds the fixed words (的, 分别) and the patterns (dates, figures, meetings) the rules are written in.
No person's name and no figure of a particular report belongs here: these are the words of the genre.

>>> canonical_organization("工信部")
'工业和信息化部'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of `lexicon/<name>.txt`, in file order."""
    entries = []
    for line in (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return tuple(entries)


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `lexicon/<name>.tsv` (tab-separated, empty cells kept), header line skipped."""
    rows = []
    lines = (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@cache
def records(name: str) -> tuple[dict[str, str], ...]:
    """The rows of `lexicon/<name>.tsv` as dicts keyed by its header line (missing cells are "")."""
    lines = (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    header = [cell.strip() for cell in lines[0].split("\t")]
    return tuple(dict(zip(header, list(row) + [""] * (len(header) - len(row)))) for row in table(name))


@cache
def _grammar() -> dict[str, dict[str, Any]]:
    import tomllib

    return tomllib.loads((HERE / "grammar.toml").read_text(encoding="utf-8"))


def _grammar_entry(name: str) -> Any:
    section, key = name.split(".")
    return _grammar()[section][key]


def grammar_word(name: str) -> str:
    """A fixed word of grammar.toml by its dotted name (`words.of` → 的)."""
    word = _grammar_entry(name)
    assert isinstance(word, str), name
    return word


def grammar_words(name: str) -> tuple[str, ...]:
    """A fixed set of words of grammar.toml, in file order (`words.joiners` → 、, 和, 及, 与)."""
    return tuple(_grammar_entry(name))


def grammar_table(name: str) -> dict[str, str]:
    """A table of grammar.toml, word → value (`meeting.speech_kinds`)."""
    return dict(_grammar_entry(name))


@cache
def fragment(name: str, /, **pieces: str) -> str:
    """The text of the pattern `name` of grammar.toml with its pieces filled: those of its [pieces] table
    and `pieces` (word classes the rule passes in)."""
    return grammar_word(name).format(**_grammar()["pieces"], **pieces)


@cache
def pattern(name: str, /, **pieces: str) -> re.Pattern:
    """The pattern `name` of grammar.toml, compiled (see `fragment`).

    >>> pattern("appointments.date").match("2012年6月").groups()
    ('2012', '6', None)
    """
    return re.compile(fragment(name, **pieces))


def piece(name: str) -> str:
    """A piece of grammar.toml's patterns (`han`: the range of Han characters, for a character class)."""
    return _grammar()["pieces"][name]


@cache
def party_bodies() -> dict[str, str]:
    """The party's bodies inside an organization (the suffixes of titles.tsv: 党组成员 is a post of the 党组 of a
    body), each with its kind in org_suffixes.tsv: 党组 → party group, 党委 → party committee."""
    inside = {r["org_suffix"] for r in records("titles") if r["org_suffix"]}
    return {r["suffix"]: r["kind"] for r in records("org_suffixes") if r["suffix"] in inside}


@cache
def unit_words() -> tuple[str, ...]:
    """The unit symbols a quantity may carry (units.tsv's symbol column, in file order): %, 个百分点, 家, 吨 …"""
    return tuple(row["symbol"] for row in records("units"))


def longest_first(entries: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Entries sorted so that a longer word is tried before its suffixes (stable, deterministic)."""
    return tuple(sorted(set(entries), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Body:
    """An organization of the gazetteer."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    parent: str | None
    former: tuple[tuple[str, int], ...] = ()  # (name, year it stopped being used), oldest last

    def name_in(self, year: int | None) -> str:
        """The body's name in `year`: a former name before its change (中国石油化工集团公司 in 2011)."""
        if year is not None:
            for name, until in sorted(self.former, key=lambda f: f[1]):
                if year < until:
                    return name
        return self.name


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Body]:
    """Canonical name → organization, for the central-government bodies of organizations.tsv."""
    bodies = {}
    for row in records("organizations"):
        former = tuple(
            (f.split("<")[0], int(f.split("<")[1])) for f in row["former_names"].split(",") if "<" in f
        )
        bodies[row["name"]] = Body(
            row["name"],
            row["kind"],
            tuple(a for a in row["aliases"].split(",") if a),
            row["parent"] or None,
            former,
        )
    return bodies


@lru_cache(maxsize=1)
def organization_names() -> dict[str, str]:
    """Every written form of a gazetteer organization (name or alias) → its canonical name."""
    names: dict[str, str] = {}
    for body in gazetteer().values():
        for alias in (*body.aliases, *(name for name, _ in body.former)):
            names.setdefault(alias, body.name)
    for body in gazetteer().values():
        names[body.name] = body.name
    return names


def canonical_organization(name: str) -> str:
    """The canonical full name of `name` if the gazetteer knows it, else `name` itself."""
    return organization_names().get(name, name)


def resolve_organization(name: str) -> str:
    """The full name of an organization written by the gazetteer's name or alias, also before a suffix of
    org_suffixes.tsv (工信部党组 → 工业和信息化部党组); `name` itself if the gazetteer knows neither.

    >>> resolve_organization("工信部"), resolve_organization("工信部党组"), resolve_organization("某某局")
    ('工业和信息化部', '工业和信息化部党组', '某某局')
    """
    names = organization_names()
    if name in names:
        return names[name]
    suffixes = {row["suffix"] for row in records("org_suffixes")}
    for cut in range(len(name) - 1, 1, -1):
        head, rest = name[:cut], name[cut:]
        if rest in suffixes and head in names:
            return names[head] + rest
    return name


@dataclass(frozen=True)
class Authority:
    """A body's entry in authority.tsv: its English name and its ids at Wikidata and ROR ("" if not verified)."""

    name: str  # the canonical name (the gazetteer's, or the name as the file gives it)
    name_en: str
    wikidata: str  # Q…
    ror: str  # the ROR id without https://ror.org/


@lru_cache(maxsize=1)
def authorities() -> dict[str, Authority]:
    """Canonical organization name → its authority links (authority.tsv; a name or alias of the gazetteer resolves
    to its body, a provincial people's government is its own name)."""
    found = {}
    for row in records("authority"):
        name = canonical_organization(row["name"])
        found[name] = Authority(name, row["name_en"], row["wikidata"], row["ror"])
    return found


@lru_cache(maxsize=1)
def titles() -> dict[str, tuple[str, str]]:
    """Post title as written → (bare post, suffix of the organization it belongs to); each also with the
    prefixes of title_prefixes.txt (常务副厅长 → 常务副厅长)."""
    found = {row["title"]: (row["post"], row["org_suffix"]) for row in records("titles")}
    for prefix in words("title_prefixes"):
        for title, (post, suffix) in list(found.items()):
            if not title.startswith(prefix):
                found.setdefault(prefix + title, (prefix + post, suffix))
    return found


@lru_cache(maxsize=1)
def title_defaults() -> dict[str, str]:
    """Post title → the body it belongs to when the text names none (副总理 → 国务院)."""
    return {r["title"]: r["default_organization"] for r in records("titles") if r.get("default_organization")}


def user_words() -> list[tuple[str, str]]:
    """(word, POS tag) pairs jieba should keep whole: titles and organization names."""
    pairs = [(w, "nz") for w in titles()]
    pairs += [(name, "nt") for name in organization_names() if len(name) > 1]
    return pairs
