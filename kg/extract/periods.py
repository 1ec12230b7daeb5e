"""Where a figure's year and status come from: the sentence, else the paragraph or the heading it sits
under (a dash bullet under the paragraph that opens its list), else the report's review and plan years
(from its title, else its date).

>>> cue_years("“十三五”时期", reviews=2015, plans=2016, calendar=2016)
(2020, 2016, 'planned')
>>> cue_years("过去五年", reviews=2022, plans=2023, calendar=2023)
(2022, 2018, None)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon
from kg.extract.common import Context, pattern_of
from kg.facts import Document

_FIVE_YEAR = lexicon.pattern("periods.five_year")
_FIRST_PLAN = 2006  # 十一五 (the eleventh five-year plan) is 2006-2010; each later plan five years on
_HEADING = lexicon.pattern("periods.heading")
_BULLET = re.compile(r"^\s*——")
_DEADLINE = lexicon.pattern("periods.deadline")
_MONTHS = lexicon.pattern("periods.months")
_FIRST_CLAUSE = re.compile(r"[^,;:。!?]*")
_CLAUSE_END = re.compile(r"[,;:。!?]")


@dataclass(frozen=True)
class Cue:
    """What a stretch of text says about the period of the figures after it."""

    year: int
    first: int  # first year of the span it names (== year for a single year)
    status: str | None  # planned when the words name a coming period, else None (the figure says)
    until: int | None = None  # `2005年突破3万亿元后,…`: the cue holds only up to the end of its clause


@lru_cache(maxsize=1)
def _relative_re() -> re.Pattern:
    words = [row["words"] for row in lexicon.records("period_cues")]
    not_before = pattern_of(lexicon.words("year_not_before"))
    return lexicon.pattern("periods.relative", not_before=not_before, words=pattern_of(words))


def cue_years(text: str, reviews: int | None, plans: int | None, calendar: int | None) -> tuple | None:
    """(year, first year, status) of the last period cue in `text`, or None."""
    cues = cues_in(text, 0, reviews, plans, calendar)
    if not cues:
        return None
    cue = cues[-1][1]
    return cue.year, cue.first, cue.status


def cues_in(
    text: str, base: int, reviews: int | None, plans: int | None, calendar: int | None
) -> list[tuple[int, Cue]]:
    """(offset, cue) of every period cue in `text` (offsets shifted by `base`)."""
    rows = {row["words"]: row for row in lexicon.records("period_cues")}
    found = []
    for match in _relative_re().finditer(text):
        if match.group("five"):
            digits = _FIVE_YEAR.search(match.group("five"))
            assert digits is not None  # the pattern of `five` is the same as _FIVE_YEAR's
            number = 10 + lexicon.piece("ones").index(digits.group(1) or digits.group(2)) + 1
            first = _FIRST_PLAN + 5 * (number - 11)
            year = first + 4
        elif match.group("year"):
            if text[: match.start()].endswith(
                lexicon.words("agenda_verbs") + lexicon.words("year_not_after")
            ):
                continue  # 部署2020年任务: the agenda; a date (2023年1月5日) is no period either
            year = first = int(match.group("year"))
        else:
            row = rows[match.group("word")]
            anchor = {"reviews": reviews, "plans": plans, "calendar": calendar}[row["anchor"]]
            if anchor is None:
                continue
            anchor += int(row["shift"] or 0)
            span = int(row["years"])
            year, first = (
                (anchor, anchor - span + 1) if row["direction"] == "back" else (anchor + span - 1, anchor)
            )
        status = "planned" if reviews is not None and year > reviews else None
        clause = _CLAUSE_END.search(text, match.end())
        stop = clause.start() if clause else len(text)
        until = base + stop if text[:stop].endswith(lexicon.words("time_closers")) else None
        found.append((base + match.start(), Cue(year, first, status, until)))
    return found


def document_years(document: Document, ctx: Context) -> tuple[int | None, int | None, int | None]:
    """(reviewed year, planned year, calendar year) of the report: a title naming the year it reports
    on (`2019年…统计公报`, `2018年…预算执行情况`) outranks the years read from the date."""
    reviews, plans = ctx.reviews_year, ctx.plans_year
    calendar = int(document.date[:4]) if document.date else None
    title = document.title or document.text.split("\n", 1)[0]
    for row in lexicon.records("title_years"):
        match = lexicon.pattern("periods.title_year", words=re.escape(row["words"])).search(title)
        if match:
            year = int(match.group(1))
            if row["year"] == "reviews":
                reviews, plans = year, year + 1
            else:
                reviews, plans = year - 1, year
            break
    if calendar is None:
        calendar = plans
    return reviews, plans, calendar


class Frames:
    """The period cues of a document, looked up by offset: the nearest cue before it in its sentence, else
    the topic of an earlier sentence of its paragraph (`过去一年,…。全年…增长3%`), else any cue of the
    paragraph that opens its dash list, else its headings' cue, else the report's years."""

    def __init__(self, document: Document, ctx: Context) -> None:
        self.document = document
        self.reviews, self.plans, self.calendar = document_years(document, ctx)
        self.lines: list[tuple[int, str]] = []
        offset = 0
        for line in document.text.split("\n"):
            self.lines.append((offset, line))
            offset += len(line) + 1
        self.cues = [
            cues_in(line, start, self.reviews, self.plans, self.calendar) for start, line in self.lines
        ]

    def _line_of(self, offset: int) -> int:
        for index, (start, line) in enumerate(self.lines):
            if start <= offset <= start + len(line):
                return index
        return len(self.lines) - 1

    def _topic(self, at: int) -> bool:
        """Does the cue at `at` open its sentence (in the sentence's first clause)?"""
        sentence = self.document.sentence_at(at)
        first = _FIRST_CLAUSE.match(sentence.text)
        return first is not None and at < sentence.start + first.end()

    def at(self, offset: int) -> Cue | None:
        """The cue in force at `offset`, or None (the report's years then hold)."""
        index = self._line_of(offset)
        try:
            sentence = self.document.sentence_at(offset)
            begin = sentence.start
        except IndexError:
            begin = self.lines[index][0]
        here = [
            (at, cue)
            for at, cue in self.cues[index]
            if at < offset and (cue.until is None or offset < cue.until)
        ]
        same = [cue for at, cue in here if at >= begin]
        if same:
            return same[-1]
        topics = [cue for at, cue in here if self._topic(at)]
        if topics:
            return topics[-1]
        line = index
        while _BULLET.match(self.lines[line][1]) and line > 0:  # a dash bullet: the list's opening paragraph
            line -= 1
            if self.cues[line] and not _BULLET.match(self.lines[line][1]):
                return self.cues[line][-1][1]
        return self._heading_cue(index)

    def _heading_cue(self, index: int) -> Cue | None:
        """The cue of the nearest heading above line `index` that names one; a heading of the same or a
        higher level without one ends the search (a new part of the report)."""
        level = 4
        for line in range(index, -1, -1):
            match = _HEADING.match(self.lines[line][1])
            if not match:
                continue
            this = 1 if match.group("l1") else 2 if match.group("l2") else 3
            if this >= level:
                continue
            level = this
            if self.cues[line]:
                return self.cues[line][0][1]
            if this == 1:
                return None
        return None


def deadline_of(head: str) -> str | None:
    match = _DEADLINE.search(head)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2) or 12)
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def period_of(head: str, status: str, frames: Frames, deadline: str | None, cue: Cue | None) -> str | None:
    months = _MONTHS.search(head)
    year = cue.year if cue else None
    if year is None and deadline:
        year = int(deadline[:4])
    if year is None:
        year = frames.plans if status == "planned" else frames.reviews
    part = next((row for row in lexicon.records("periods") if row["words"] in head), None)
    if part and not months and year is not None:
        return f"{year:04d}-{int(part['first_month']):02d}/{year:04d}-{int(part['last_month']):02d}"
    if months and year is not None:
        year = int(months.group(1) or year)
        return f"{year:04d}-{int(months.group(2)):02d}/{year:04d}-{int(months.group(3)):02d}"
    return str(year) if year is not None else None
