"""What every extractor shares: evidence spans, the document's context (host body, years), numbers.

>>> read_number("两千")
2000.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon
from kg.facts import Document, Evidence

HAN = lexicon.piece("han")
PLACE_CHAR = lexicon.fragment("common.place_char")  # a character of a place's name: no function word
CN_DIGITS = lexicon.piece("digits")
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+)"

_REVIEW_YEAR = lexicon.pattern("common.review_year")
_PLAN_YEAR = lexicon.pattern("common.plan_year")
_PLAN_START = lexicon.pattern("common.plan_start")


def evidence(document: Document, start: int, end: int) -> Evidence:
    """The evidence of a fact stated by `document.text[start:end]`."""
    sentence = document.sentence_at(start)
    return Evidence(document.id, sentence.index, start, end, document.text[start:end])


@dataclass(frozen=True)
class Context:
    """What a fact needs from the whole document: the host body and the years under review and planned."""

    host: str  # canonical name of the body that holds the meeting: the 部 of 部党组, 部长
    reviews_year: int | None
    plans_year: int | None
    plan_start: int  # offset where the next year's tasks begin (len(text) if none)
    province: str | None = (
        None  # the province the text is about (广东省), for bodies written 省工业和信息化厅
    )
    publisher: str | None = None  # as the metadata gives it: 我校 in a university's news is its publisher
    years_written: bool = False  # the text says which years it reviews or plans (总结2018年工作)


def context(document: Document) -> Context:
    """The host body and years of `document`: from metadata, else from the text."""
    text = document.text
    review = _REVIEW_YEAR.search(text)
    plan = _PLAN_YEAR.search(text)
    reviews_year = int(review.group(1)) if review else None
    plans_year = int(plan.group(1) or plan.group(2)) if plan else None
    part = _part_of_year_reviewed(text) if review is None and plan is None else None
    if part and (part[0] or document.date):  # 总结上半年工作: the year the meeting is held in, both ways
        reviews_year = plans_year = part[0] or int(str(document.date)[:4])
    if reviews_year is None and plans_year is not None:
        reviews_year = plans_year - 1
    if plans_year is None and reviews_year is not None:
        plans_year = reviews_year + 1
    if reviews_year is None and document.date:
        year, month = int(document.date[:4]), int(document.date[5:7])
        reviews_year = year if month >= 10 else year - 1
        plans_year = reviews_year + 1
    return Context(
        host_body(document),
        reviews_year,
        plans_year,
        _plan_start(document),
        _province(text),
        document.publisher,
        bool(review or plan or part),
    )


def _part_of_year_reviewed(text: str) -> tuple[int | None] | None:
    """(the year written, or None) when the text reviews a part of a year (总结上半年工作, 回顾2042年前三季度),
    the parts being those of periods.tsv; None when it reviews none."""
    parts = pattern_of([row["words"] for row in lexicon.records("periods")])
    match = lexicon.pattern("common.part_reviewed", parts=parts).search(text)
    if not match:
        return None
    return (int(match.group(1)) if match.group(1) else None,)


def _province(text: str) -> str | None:
    """The first province or city named with its 省/市/自治区 (`广东省`), else the first place written before one
    of its bodies (`洛阳市人民政府`, `洛阳市第九届人民代表大会`, `温州市委`), or None."""
    provinces = pattern_of(lexicon.words("provinces"))
    match = lexicon.pattern("common.province", provinces=provinces).search(text)
    if match:
        return match.group(0)
    bodies = pattern_of(lexicon.words("place_bodies"))
    levels = pattern_of(lexicon.words("place_levels"))
    nouns = lexicon.words("level_nouns")
    before_body = lexicon.pattern(
        "common.place_before_body", place_char=PLACE_CHAR, levels=levels, bodies=bodies
    )
    for named in before_body.finditer(text):
        name, level = named.group(1), named.group(2)
        if (
            not any(w.startswith(name) for w in lexicon.words("place_levels"))
            and name[-1] + level not in nouns
        ):
            return name + level  # 洛阳市第九届人民代表大会: a city provinces.txt does not list
    committee = lexicon.pattern("common.city_committee").search(
        text
    )  # 中共温州市委: the party's city committee
    return committee.group(1) + committee.group(2) if committee else None


def _plan_start(document: Document) -> int:
    """Offset of the first sentence that turns to the next year's tasks (not the agenda naming both years)."""
    for sentence in document.sentences:
        match = _PLAN_START.search(sentence.text)
        if match:
            return sentence.start + match.start()
        if _PLAN_YEAR.search(sentence.text) and not _REVIEW_YEAR.search(sentence.text):
            return sentence.start
    return len(document.text)


def host_body(document: Document) -> str:
    """The body whose meeting this is: the publisher if the gazetteer knows it, else the first body named."""
    names = lexicon.organization_names()
    if document.publisher and document.publisher in names:
        return names[document.publisher]
    found = first_organization(
        document.text,
        kinds=(
            "ministry",
            "commission",
            "state administration",
            "general administration",
            "administration",
            "central bank",
            "institution",
            "court",
            "procuratorate",
            "audit office",
        ),
    )
    return found or ""


def first_organization(text: str, kinds: tuple[str, ...]) -> str | None:
    """The canonical name of the first gazetteer body of one of `kinds` written in `text`."""
    match = organization_pattern().search(text)
    while match:
        name = lexicon.canonical_organization(match.group(0))
        local = match.start() > 0 and text[match.start() - 1] in lexicon.words("place_levels")  # 市发展改革委
        if lexicon.gazetteer()[name].kind in kinds and not local:
            return name
        match = organization_pattern().search(text, match.end())
    return None


@lru_cache(maxsize=1)
def organization_pattern() -> re.Pattern:
    """Every gazetteer name and alias longer than one character, longest first."""
    names = [n for n in lexicon.organization_names() if len(n) > 1]
    return re.compile("|".join(re.escape(n) for n in lexicon.longest_first(names)))


def read_number(text: str) -> float | None:
    """The value of an Arabic or Chinese numeral (`6.3`, `四`, `两千`), or None."""
    text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    import cn2an

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def plain_number(value: float) -> str:
    """`6.3` → "6.3", `4.0` → "4": the contract's plain number."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def is_surname_start(name: str) -> bool:
    """Does `name` begin with a Chinese surname (compound surnames included)?"""
    surnames = set(lexicon.words("surnames"))
    return name[:2] in surnames or name[:1] in surnames


def pattern_of(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of `words`, longest first."""
    return "|".join(re.escape(w) for w in lexicon.longest_first(words))
