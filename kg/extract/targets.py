"""Quantitative targets and results: a metric, a change verb, a number with its unit and qualifiers.

`全国规模以上工业增加值增长6.3%左右` → (规模以上工业增加值, scope 全国, increase, 6.3, %, approximately).
A number counts only after a change verb (增长, 下降, 提升至, 达, 超过, 新批复 …) or as `98%的X`; dates,
congress numbers, anniversaries, slogans and counts of tasks never qualify.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon
from kg.extract.common import CN_DIGITS, HAN, Context, evidence, pattern_of, read_number
from kg.facts import Document, Sentence, Target

_CLAUSE = re.compile(r"[^,;:,;:。!?]+")
_YEAR = re.compile(r"(\d{4})年(?!底|末|年底|年末)")
_DEADLINE = re.compile(r"(\d{4})年(?:(\d{1,2})月)?(?:年)?(?:底|末)(?:前)?")
_MONTHS = re.compile(r"(?:(\d{4})年)?(\d{1,2})[-—~至到](\d{1,2})月")
_BY_YEAR = re.compile(r"到\d{4}年")
_MULTIPLIERS = ("千万", "百万", "万亿", "万", "亿")


@lru_cache(maxsize=1)
def _quantity_re() -> re.Pattern:
    units = pattern_of(lexicon.words("units"))
    after = pattern_of([r[0] for r in lexicon.table("qualifiers") if r[2] == "after" and r[0] not in ("多", "余")])
    return re.compile(
        rf"(?<![A-Za-z0-9.])(?P<num>\d+(?:\.\d+)?|[{CN_DIGITS}]+)(?P<mult>千万|百万|万亿|万|亿)?(?P<more>多|余)?"
        rf"(?P<unit>{units})?(?P<after>{after})?"
    )


@lru_cache(maxsize=1)
def _changes() -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted(((r[0], r[1], r[2] if len(r) > 2 else "") for r in lexicon.table("changes")),
                        key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in lexicon.table("qualifiers")}


@dataclass(frozen=True)
class Reading:
    """One value read from a clause, before the document's context gives it a status and a period."""

    metric: str
    metric_start: int  # in the clause
    change: str
    qualifier: str | None
    value: float
    unit: str
    end: int  # in the clause


def find_targets(document: Document, ctx: Context, excluded: list[tuple[int, int]]) -> list[Target]:
    """Every quantitative indicator stated in `document`, outside the `excluded` spans (concepts)."""
    targets: list[Target] = []
    for sentence in document.sentences:
        previous: str | None = None  # the metric of the clause before: `产量达到X,连续6年稳定在Y`
        for clause in _CLAUSE.finditer(sentence.text):
            base = sentence.start + clause.start()
            for reading in _clause_readings(clause.group(0), base, excluded):
                target = _target(document, ctx, sentence, clause.start(), reading, previous)
                if target:
                    targets.append(target)
                    previous = target.metric
    return targets


def _clause_readings(text: str, base: int, excluded: list[tuple[int, int]]) -> list[Reading]:
    found = [q for q in _quantity_re().finditer(text)
             if (q.group("unit") or q.group("mult")) and not any(s <= base + q.start() < e for s, e in excluded)]
    readings: list[Reading] = []
    consumed: set[int] = set()
    for quantity in found:
        if quantity.start() in consumed:
            continue
        for reading in _read(text, quantity, found) or []:
            readings.append(reading)
            consumed.add(reading.end)
        consumed.update(q.start() for q in found if q.start() < (readings[-1].end if readings else 0))
    return readings


def _value_unit(quantity: re.Match) -> tuple[float, str, str | None] | None:
    number, mult = quantity.group("num"), quantity.group("mult") or ""
    if not re.match(r"\d", number):
        for multiplier in _MULTIPLIERS:
            if number.endswith(multiplier) and len(number) > len(multiplier) and not mult:
                number, mult = number[: -len(multiplier)], multiplier
                break
    value = read_number(number)
    if value is None:
        return None
    unit = mult + (quantity.group("unit") or "")
    qualifier = "more-than" if quantity.group("more") else None
    if quantity.group("after"):
        qualifier = _qualifiers()[quantity.group("after")][0]
    return value, unit, qualifier


def _read(text: str, quantity: re.Match, found: list[re.Match]) -> list[Reading] | None:
    """The readings a number starts, or None if it is no target."""
    value_unit = _value_unit(quantity)
    if value_unit is None:
        return None
    value, unit, qualifier = value_unit
    written = text[: quantity.start()]
    before, stated = written, None
    for word, (code, position) in _qualifiers().items():
        if position == "before" and before.endswith(word):
            before, stated = before[: -len(word)], code
    before = before.removesuffix("了")
    verb = next((row for row in _changes() if before.endswith(row[0])), None)
    if verb is None:
        unstripped = written.removesuffix("了")
        verb = next((row for row in _changes() if unstripped.endswith(row[0])), None)
        if verb is not None:
            before, stated = unstripped, None
    qualifier = qualifier or stated
    if verb is None:
        return _bare_share(text, quantity, value, unit, qualifier) or _verb_object(
            before, quantity, value, unit, qualifier) or _headed(before, quantity, value, unit, qualifier)
    word, change, implied = verb
    qualifier = qualifier or implied or None
    subject = before[: -len(word)]
    measure = unit not in ("%", "个百分点", "倍") and unit in lexicon.words("units")
    if change == "count" or (change == "level" and measure and not _metric_words(subject)):
        return _count(text, quantity, value, unit, qualifier, subject)
    direction = next((row for row in _changes() if subject.endswith(row[0]) and row[1] in ("increase", "decrease")),
                     None)
    if change == "level" and direction:  # 能耗下降控制在3%以内: the direction is in the words before
        subject, change = subject[: -len(direction[0])], direction[1]
    if subject.endswith("分别"):
        return _respectively(text, quantity, found, subject.removesuffix("分别"), change, qualifier)
    return [Reading(subject if _metric_words(subject) else "", 0, change, qualifier, value, unit, quantity.end())]


def _metric_words(subject: str) -> str:
    return re.sub(f"[^{HAN}A-Za-z]", "", subject)


def _count(text: str, quantity: re.Match, value: float, unit: str, qualifier: str | None,
           subject: str) -> list[Reading] | None:
    obj = re.match(f"[{HAN}“”\"A-Za-z0-9]+", text[quantity.end():])
    if not obj:
        return [Reading(subject, 0, "count", qualifier, value, unit, quantity.end())] if subject else None
    noun = obj.group(0)
    if any(noun.startswith(n) for n in lexicon.words("not_target_nouns")):
        return None
    return [Reading(noun, quantity.end(), "count", qualifier, value, unit, quantity.end())]


def _verb_object(before: str, quantity: re.Match, value: float, unit: str,
                 qualifier: str | None) -> list[Reading] | None:
    """`培育专精特新企业3万多家`: a counting verb, what it counts, then the number."""
    if unit in ("%", "个百分点", "倍"):
        return None
    verbs = dict(lexicon.table("object_verbs"))
    match = re.search(rf"({pattern_of(list(verbs))})([{HAN}“”\"A-Za-z0-9]{{2,12}})$", before)
    if not match:
        return None
    return [Reading(match.group(2), match.start(2), verbs[match.group(1)], qualifier, value, unit, quantity.end())]


def _headed(before: str, quantity: re.Match, value: float, unit: str,
            qualifier: str | None) -> list[Reading] | None:
    """`进出口总额31.54万亿元`: an indicator's name, then its value, with no verb between."""
    if unit in ("%", "个百分点") or not before.endswith(lexicon.words("metric_heads")):
        return None
    return [Reading(before, 0, "level", qualifier, value, unit, quantity.end())]


def _bare_share(text: str, quantity: re.Match, value: float, unit: str,
                qualifier: str | None) -> list[Reading] | None:
    """`实现全国98%贫困村通宽带`: a percentage followed by what it is a share of."""
    if unit != "%" or not re.match(r"\d", quantity.group("num")):
        return None
    obj = re.match(f"(?:的)?([{HAN}“”\"]{{2,}})", text[quantity.end():])
    if not obj or not re.search(r"实现|覆盖|使", text[: quantity.start()]):
        return None
    return [Reading(obj.group(1), quantity.end() + obj.start(1), "level", qualifier, value, unit, quantity.end())]


def _respectively(text: str, quantity: re.Match, found: list[re.Match], subject: str, change: str,
                  qualifier: str | None) -> list[Reading] | None:
    """`收入、利润分别增长12.1%和8.4%`: the n-th metric gets the n-th number."""
    metrics = [m for m in subject.split("、") if m]
    numbers = [q for q in found if q.start() >= quantity.start()][: len(metrics)]
    if len(numbers) < len(metrics):
        return None
    readings, offset = [], 0
    for metric, number in zip(metrics, numbers):
        value_unit = _value_unit(number)
        if value_unit is None:
            return None
        value, unit, after = value_unit
        offset = subject.index(metric, offset)
        readings.append(Reading(metric, offset, change, after or qualifier, value, unit, number.end()))
        offset += len(metric)
    return readings


def _target(document: Document, ctx: Context, sentence: Sentence, clause_start: int,
            reading: Reading, previous: str | None = None) -> Target | None:
    clause_text = sentence.text[clause_start:]
    head = sentence.text[: clause_start + reading.end]
    scope, metric = _clean_metric(reading.metric)
    if len(metric) < 2 and previous and reading.change != "count":
        metric = previous
    if reading.metric_start > 0 and not scope:
        scope = next((w for w in lexicon.words("scopes") if clause_text[: reading.metric_start].rstrip(
            "0123456789.%的").endswith(w)), None)
    if len(metric) < 2:
        return None
    offset = sentence.start + clause_start
    start = offset + min(reading.metric_start, clause_text.find(metric) if metric in clause_text else 0)
    end = offset + max(reading.end, reading.metric_start + len(reading.metric))
    said = {status for word, status in lexicon.table("status_words") if word in head}
    years = [int(y) for y in _YEAR.findall(head)]
    future = bool(years) and ctx.reviews_year is not None and years[-1] > ctx.reviews_year
    planned = "planned" in said or future or bool(_BY_YEAR.search(head)) or sentence.start >= ctx.plan_start
    status = "planned" if planned else "estimated" if "estimated" in said else "achieved"
    aims = [word for word, (code, position) in _qualifiers().items() if position == "clause" and code == "aim"]
    qualifier = "aim" if any(word in head for word in aims) else reading.qualifier
    deadline = _deadline(head)
    period = _period(head, status, ctx, deadline)
    return Target(metric=metric, value=reading.value, unit=reading.unit, change=reading.change, status=status,
                  evidence=evidence(document, start, end), scope=scope, qualifier=qualifier, period=period,
                  deadline=deadline)


def _clean_metric(metric: str) -> tuple[str | None, str]:
    """(scope, metric) with the words of time, modality and comparison removed."""
    metric = re.sub(r"(?:到|至)?\d{4}年(?:\d{1,2}月)?(?:年)?(?:底|末)?(?:前)?|\d{1,2}[-—~至到]\d{1,2}月"
                    f"|{pattern_of(lexicon.words('metric_noise'))}", "", metric)
    metric = re.sub(r"^连续\d+年|^连续[一二两三四五六七八九十]+年", "", metric.strip("的 "))
    changed = True
    while changed:
        changed = False
        for prefix in lexicon.longest_first(lexicon.words("metric_prefixes")):
            if metric.startswith(prefix):
                metric, changed = metric[len(prefix):], True
    scope = None
    for word in lexicon.longest_first(lexicon.words("scopes")):
        if metric.startswith(word) and len(metric) > len(word) + 1:
            scope, metric = word, metric[len(word):]
            break
    return scope, metric.strip("的 ")


def _deadline(head: str) -> str | None:
    match = _DEADLINE.search(head)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2) or 12)
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _period(head: str, status: str, ctx: Context, deadline: str | None) -> str | None:
    months = _MONTHS.search(head)
    years = _YEAR.findall(head)
    year = int(years[-1]) if years else None
    if year is None and "今年" in head:
        year = ctx.plans_year if status == "planned" else ctx.reviews_year
    if year is None and deadline:
        year = int(deadline[:4])
    if year is None:
        year = ctx.plans_year if status == "planned" else ctx.reviews_year
    part = next((row for row in lexicon.table("periods") if row[0] in head), None)
    if part and not months and year is not None:
        return f"{year:04d}-{int(part[1]):02d}/{year:04d}-{int(part[2]):02d}"
    if months and year is not None:
        year = int(months.group(1) or year)
        return f"{year:04d}-{int(months.group(2)):02d}/{year:04d}-{int(months.group(3)):02d}"
    return str(year) if year is not None else None
