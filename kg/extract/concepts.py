"""Numbered political formulations (四个意识, 六稳, 三去一降一补) and named doctrines (新发展理念):
concepts of the genre, read from the lexicon and from quoted terms that open with a Chinese numeral.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, evidence, pattern_of
from kg.facts import Concept, Document

_LEADS = lexicon.grammar_word("concepts.leads")  # last characters of the words before a doctrine (以, 坚持…)
_NUMBERED = lexicon.pattern("concepts.numbered")


@lru_cache(maxsize=1)
def _known_re() -> re.Pattern:
    return re.compile(pattern_of(lexicon.words("concepts")))


@lru_cache(maxsize=1)
def _programme_suffix_re() -> re.Pattern:
    return re.compile(pattern_of([row["suffix"] for row in lexicon.records("programme_suffixes")]))


def find_concepts(document: Document) -> list[Concept]:
    """Every concept written in `document`, first mention each, in text order."""
    text = document.text
    spans: list[tuple[int, int]] = _doctrines(text)
    spans += [
        (m.start(), m.end())
        for m in _known_re().finditer(text)
        if not any(s <= m.start() < e for s, e in spans)
    ]
    for match in _NUMBERED.finditer(text):
        if _programme_suffix_re().match(text, match.end()) or lexicon.pattern("concepts.numeral").fullmatch(
            match.group(1)
        ):
            continue  # “三品”专项行动: the name of a programme
        if not any(s <= match.start(1) < e for s, e in spans):
            spans.append((match.start(1), match.end(1)))
    concepts: list[Concept] = []
    seen: set[str] = set()
    for start, end in sorted(spans):
        label = text[start:end]
        if label not in seen:
            seen.add(label)
            concepts.append(Concept(label, evidence(document, start, end)))
    return concepts


def _doctrines(text: str) -> list[tuple[int, int]]:
    """`以X新时代中国特色社会主义思想为指导`: the doctrine with the two or three characters of a name before it."""
    spans = []
    for match in _doctrine_re().finditer(text):
        start = match.start()
        for length in (3, 2):
            before = start - length
            name = text[before:start] if before >= 0 else ""
            if (
                re.fullmatch(f"[{HAN}]+", name)
                and name[0] not in _LEADS
                and (before == 0 or not re.match(f"[{HAN}]", text[before - 1]) or text[before - 1] in _LEADS)
            ):
                start = before
                break
        spans.append((start, match.end()))
    return spans


@lru_cache(maxsize=1)
def _doctrine_re() -> re.Pattern:
    return re.compile(pattern_of(lexicon.words("doctrines")))


def concept_spans(document: Document, concepts: list[Concept]) -> list[tuple[int, int]]:
    """Every span of `document.text` where one of `concepts` is written (numbers there are no targets)."""
    spans = []
    for concept in concepts:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(concept.label), document.text)]
    return spans
