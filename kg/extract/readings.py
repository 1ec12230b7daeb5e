"""Readings: the values a clause states, before the report's context makes them targets — a number with its
multiplier, unit and qualifier (`6.3%左右`, `3万多个`), the verb of change before it (增长, 下降, 达, 新增) and the
words of its metric, also for lists (`…、公路33万公里`), `分别` and `从X提高到Y`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg import lexicon
from kg.extract import metrics
from kg.extract.common import CN_DIGITS, HAN, pattern_of, read_number

MULTIPLIERS = lexicon.grammar_words("targets.multipliers")
YEARS = lexicon.grammar_word("words.year")
PERCENT, POINTS, TIMES = "%", lexicon.grammar_word("targets.points"), lexicon.grammar_word("targets.times")
CURRENCY = lexicon.grammar_word("targets.currency")
_PERFECT = lexicon.grammar_word("words.perfect")
_RESPECTIVELY = lexicon.grammar_word("words.respectively")


@lru_cache(maxsize=1)
def _quantity_re() -> re.Pattern:
    units = pattern_of(lexicon.unit_words())
    after = pattern_of(
        [
            r["word"]
            for r in lexicon.records("qualifiers")
            if r["position"] == "after" and r["word"] not in lexicon.grammar_words("targets.more")
        ]
    )
    number = rf"\d+(?:\.\d+)?|[{CN_DIGITS}]+"
    return lexicon.pattern("targets.quantity", number=number, units=units, after=after)


@lru_cache(maxsize=1)
def _changes() -> tuple[tuple[str, str, str], ...]:
    return tuple(
        sorted(
            ((r["verb"], r["change"], r["qualifier"]) for r in lexicon.records("changes")),
            key=lambda r: -len(r[0]),
        )
    )


@lru_cache(maxsize=1)
def _qualifiers() -> dict[str, tuple[str, str]]:
    return {r["word"]: (r["qualifier"], r["position"]) for r in lexicon.records("qualifiers")}


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
    value_max: float | None = None  # a range's upper end
    start_value: bool = False  # the X of 从X提高到Y: the value at the start of the span
    of_previous: str = ""  # 为预算的100.1%: the metric is the one before with these words (预算完成率)


def clause_readings(
    text: str, base: int, excluded: list[tuple[int, int]], carried: str | None = None
) -> list[Reading]:
    """The readings of one clause; each number reads only the words after the reading before it, and a
    bare noun before a number continues a list whose verb came before (`新增铁路8000公里、公路33万公里`)."""
    found = [
        q
        for q in _quantity_re().finditer(text)
        if (q.group("unit") or q.group("mult") or q.group("mult2"))
        and not any(s <= base + q.start() < e for s, e in excluded)
    ]
    readings: list[Reading] = []
    consumed: set[int] = set()
    for quantity in found:
        if quantity.start() in consumed:
            continue
        floor = readings[-1].end if readings else 0
        masked = " " * floor + text[floor:]  # the words of the reading before are not this one's
        read = _read(masked, quantity, found) or _listed(
            masked, quantity, carried if not floor else f"{readings[-1].change} {readings[-1].unit}"
        )
        for reading in read or []:
            upper = next((q for q in found if q.end() == reading.end and q.group("num2")), None)
            if upper is not None:  # 8%至10%: one target from its lower to its upper end
                reading = replace(reading, value_max=read_number(upper.group("num2")))
            readings.append(reading)
            consumed.add(reading.end)
        consumed.update(q.start() for q in found if q.start() < (readings[-1].end if readings else 0))
    return readings


def _listed(text: str, quantity: re.Match, change: str | None) -> list[Reading] | None:
    """`…、公路33万公里`: a bare noun and a number after a figure whose verb it shares."""
    if change is None:
        return None
    match = re.fullmatch(rf"\s*(?:{metrics.connectors()})?([{HAN}]{{1,12}})", text[: quantity.start()])
    value_unit = _value_unit(quantity)
    if not match or value_unit is None or value_unit[1] == YEARS or not _bare_noun(match.group(1)):
        return None
    value, unit, qualifier = value_unit
    change, _, carried_unit = change.partition(" ")
    if (unit == "%") != (carried_unit == "%"):
        change = "level"  # 增长1.4%,产量106551吨: a rate's change does not carry to an amount
    return [Reading(match.group(1), match.start(1), change, qualifier, value, unit, quantity.end())]


def _bare_noun(words: str) -> bool:
    """Can `words` name a figure by themselves: no verb, no comparison, not the 从 of 从X到Y?"""
    return (
        not _verb_in(words)
        and not words.startswith(lexicon.words("comparison_words"))
        and not words.endswith(lexicon.words("span_openers"))
    )


def _verb_in(words: str) -> bool:
    verbs = [row[0] for row in _changes()] + [row["verb"] for row in lexicon.records("object_verbs")]
    return any(verb in words for verb in verbs)


def _value_unit(quantity: re.Match) -> tuple[float, str, str | None] | None:
    number, mult = quantity.group("num"), quantity.group("mult") or quantity.group("mult2") or ""
    if not re.match(r"\d", number):
        for multiplier in MULTIPLIERS:
            if number.endswith(multiplier) and len(number) > len(multiplier) and not mult:
                number, mult = number[: -len(multiplier)], multiplier
                break
    value = read_number(number)
    if value is None or not math.isfinite(value):
        return None  # no number, or one too long to be a figure (a run of 300 digits)
    unit = mult + (quantity.group("unit") or "")
    if unit == lexicon.grammar_word("targets.tenths"):  # 五成: tenths
        value, unit = value * 10, "%"
    if unit == YEARS and (not re.match(r"\d", number) or (value == int(value) and 1900 <= value <= 2100)):
        return None  # a year (2020年) or a span in words (五年), not a figure
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
    before = before.removesuffix(_PERFECT)
    verb = next((row for row in _changes() if before.endswith(row[0])), None)
    if verb is None:
        unstripped = written.removesuffix(_PERFECT)
        verb = next((row for row in _changes() if unstripped.endswith(row[0])), None)
        if verb is not None:
            before, stated = unstripped, None
    qualifier = qualifier or stated
    share = next((row for row in lexicon.records("share_words") if before.endswith(row["words"])), None)
    if share and verb is None:  # 为预算的100.1%: a rate of the metric before
        return [Reading("", 0, "level", qualifier, value, unit, quantity.end(), of_previous=share["metric"])]
    if unit == YEARS and text.startswith(lexicon.grammar_word("words.since"), quantity.end()):
        return None  # 40多年来: a span
    if verb is None and unit == YEARS:
        return None  # 连续6年: a span, unless a verb gives it as a figure (年限提高到14年)
    if verb is None:
        return (
            _bare_share(text, quantity, value, unit, qualifier)
            or _counted(text, quantity, before, value, unit, qualifier)
            or _verb_object(before, quantity, value, unit, qualifier)
            or _headed(before, quantity, value, unit, qualifier)
        )
    word, change, implied = verb
    qualifier = qualifier or implied or None
    subject = before[: -len(word)]
    measure = unit not in (PERCENT, POINTS, TIMES) and unit in lexicon.unit_words()
    if change == "count" or (change == "level" and measure and not metrics.metric_words(subject)):
        return _count(text, quantity, value, unit, qualifier, subject)
    direction = next(
        (row for row in _changes() if subject.endswith(row[0]) and row[1] in ("increase", "decrease")), None
    )
    if change == "level" and direction:  # 能耗下降控制在3%以内: the direction is in the words before
        subject, change = subject[: -len(direction[0])], direction[1]
    aim = next((w for w in lexicon.words("goal_nouns") if subject.endswith(w)), "")
    if aim:  # 广义货币增长目标为16%: the goal's noun and its direction are no part of the metric
        subject = subject[: -len(aim)]
        direction = next(
            (row for row in _changes() if subject.endswith(row[0]) and row[1] in ("increase", "decrease")),
            None,
        )
        if direction and change == "level":
            subject, change = subject[: -len(direction[0])], direction[1]
    if change == "level" and metrics.clean_metric(subject)[1].endswith(lexicon.words("rate_heads")):
        change = "increase"  # 居民消费价格涨幅控制在3%: the figure is a growth rate
    subject, start = _span_start(subject, change, unit)
    if subject.endswith(_RESPECTIVELY):
        return _respectively(text, quantity, found, subject.removesuffix(_RESPECTIVELY), change, qualifier)
    end = Reading(
        subject if metrics.metric_words(subject) else "", 0, change, qualifier, value, unit, quantity.end()
    )
    shared = metrics.shared(subject)
    if shared:  # 城镇居民人均可支配收入和农民人均纯收入均增长10%: one figure for each metric
        offsets = [max(subject.find(m), 0) for m in shared]
        return [replace(end, metric=m, metric_start=o) for m, o in zip(shared, offsets)]
    if start is not None:
        return [replace(start, metric=end.metric), end]
    return [end]


def _span_start(subject: str, change: str, unit: str) -> tuple[str, Reading | None]:
    """`城镇化率从47.5%提高到51.5%`: the subject without 从X, and X as the value at the start."""
    match = re.search(rf"(?:{pattern_of(lexicon.words('span_openers'))})(?=[\d{CN_DIGITS}])", subject)
    if not match or change != "level":
        return subject, None
    quantity = _quantity_re().fullmatch(subject[match.end() :])
    value_unit = _value_unit(quantity) if quantity else None
    if value_unit is None:
        return subject, None
    value, start_unit, qualifier = value_unit
    reading = Reading("", 0, "level", qualifier, value, start_unit or unit, 0, start_value=True)
    return subject[: match.start()], reading


def _count(
    text: str, quantity: re.Match, value: float, unit: str, qualifier: str | None, subject: str
) -> list[Reading] | None:
    obj = re.match(f'[{HAN}“”"A-Za-z0-9]+', text[quantity.end() :])
    if not obj:
        if subject:
            return [Reading(subject, 0, "count", qualifier, value, unit, quantity.end())]
        return [Reading("", 0, "level", qualifier, value, unit, quantity.end())]  # …提高1岁,达到74.5岁
    noun = obj.group(0)
    if any(noun.startswith(n) for n in lexicon.words("not_target_nouns")):
        return None
    return [Reading(noun, quantity.end(), "count", qualifier, value, unit, quantity.end())]


def _verb_object(
    before: str, quantity: re.Match, value: float, unit: str, qualifier: str | None
) -> list[Reading] | None:
    """`培育专精特新企业3万多家`: a counting verb, what it counts, then the number."""
    if unit in (PERCENT, POINTS, TIMES):
        return None
    verbs = {r["verb"]: r["change"] for r in lexicon.records("object_verbs")}
    match = re.search(rf"({pattern_of(list(verbs))})([{HAN}“”\"A-Za-z0-9]{{2,12}})$", before)
    if not match:
        return None
    lead = metrics.clean_metric(before[: match.start()])[1]
    if match.group(1) in lexicon.words("metric_verbs") and re.fullmatch(f"[{HAN}]{{2,}}", lead):
        # 城镇新增就业: the verb is inside the metric's name; of a lead with words cut from its middle
        # (要确保全年城镇 → 要城镇) the longest end written whole
        ends = (before.rfind(lead[cut:], 0, match.start() + 1) for cut in range(len(lead)))
        start = next((at for at in ends if at >= 0), match.start())
        return [
            Reading(
                before[start : match.end()],
                start,
                verbs[match.group(1)],
                qualifier,
                value,
                unit,
                quantity.end(),
            )
        ]
    return [
        Reading(match.group(2), match.start(2), verbs[match.group(1)], qualifier, value, unit, quantity.end())
    ]


def _counted(
    text: str, quantity: re.Match, before: str, value: float, unit: str, qualifier: str | None
) -> list[Reading] | None:
    """`全国832个贫困县全部摘帽`, `近1亿农村贫困人口实现脱贫`: a count of what the number is followed by,
    where the clause goes on with what became of it."""
    if (
        unit in (PERCENT, POINTS, TIMES, YEARS)
        or unit.endswith(CURRENCY)
        or before.strip() not in ("", *lexicon.words("scopes"), *lexicon.words("count_openers"))
    ):
        return None
    verbs = pattern_of(lexicon.words("result_verbs"))
    match = re.match(rf"([{HAN}“”]{{2,16}}?)(?:{verbs})", text[quantity.end() :])
    if not match or any(match.group(1).startswith(n) for n in lexicon.words("not_target_nouns")):
        return None
    return [Reading(match.group(1), quantity.end(), "count", qualifier, value, unit, quantity.end())]


def _headed(
    before: str, quantity: re.Match, value: float, unit: str, qualifier: str | None
) -> list[Reading] | None:
    """`进出口总额31.54万亿元`: an indicator's name, then its value, with no verb between."""
    if unit in (PERCENT, POINTS):
        return None
    if before.endswith(lexicon.words("metric_heads")):
        return [Reading(before, 0, "level", qualifier, value, unit, quantity.end())]
    noun = lexicon.pattern("targets.level_noun").fullmatch(before)
    if unit.endswith(CURRENCY) and noun and _bare_noun(noun.group(1)):
        return [
            Reading(noun.group(1), noun.start(1), "level", qualifier, value, unit, quantity.end())
        ]  # 缓税缓费7500亿元
    return None


def _bare_share(
    text: str, quantity: re.Match, value: float, unit: str, qualifier: str | None
) -> list[Reading] | None:
    """`实现全国98%贫困村通宽带`: a percentage followed by what it is a share of."""
    if unit != "%" or not re.match(r"\d", quantity.group("num")):
        return None
    obj = lexicon.pattern("targets.counted").match(text[quantity.end() :])
    if obj and any(obj.group(1).startswith(row[0]) for row in _changes()):
        return None  # 实现9.5%左右的增长: a rate, not a share of something
    if not obj or not lexicon.pattern("targets.reaches").search(text[: quantity.start()]):
        return None
    return [
        Reading(obj.group(1), quantity.end() + obj.start(1), "level", qualifier, value, unit, quantity.end())
    ]


def _respectively(
    text: str, quantity: re.Match, found: list[re.Match], subject: str, change: str, qualifier: str | None
) -> list[Reading] | None:
    """`收入、利润分别增长12.1%和8.4%`: the n-th metric gets the n-th number."""
    names = metrics.completed([m for m in re.split(metrics.connectors(), metrics.trailing(subject)) if m])
    if len(names) == 1:  # 城乡居民人均可支配收入分别增长…和…: the two groups the word names
        pair = next((r for r in lexicon.records("paired_words") if r["word"] in names[0]), None)
        if pair:
            names = [names[0].replace(pair["word"], pair[side], 1) for side in ("first", "second")]
    numbers = [q for q in found if q.start() >= quantity.start()][: len(names)]
    if len(numbers) < len(names):
        return None
    readings, offset = [], 0
    for metric, number in zip(names, numbers):
        value_unit = _value_unit(number)
        if value_unit is None:
            return None
        value, unit, after = value_unit
        offset = max(subject.find(metric, offset), offset)
        readings.append(Reading(metric, offset, change, after or qualifier, value, unit, number.end()))
        offset += len(metric)
    return readings
