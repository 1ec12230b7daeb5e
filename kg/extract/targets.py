"""Quantitative targets and results: a metric, a change verb, a number with its unit and qualifiers.

`全国规模以上工业增加值增长6.3%左右` → (规模以上工业增加值, scope 全国, increase, 6.3, %, approximately).
A number counts only after a change verb (增长, 下降, 提升至, 达, 超过, 新批复 …) or as `98%的X`; dates,
congress numbers, anniversaries, slogans and counts of tasks never qualify.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg import lexicon
from kg.extract import metrics, periods
from kg.extract.common import CN_DIGITS, HAN, Context, evidence, pattern_of, read_number
from kg.extract.periods import Frames
from kg.facts import Document, Plan, Sentence, Target

_CLAUSE = re.compile(r"[^,;:,;:。!?]+")
_YEAR = lexicon.pattern("targets.year")
_BY_YEAR = lexicon.pattern("targets.by_year")
_YEAR_HEAD = lexicon.pattern("targets.year_head")
_MULTIPLIERS = lexicon.grammar_words("targets.multipliers")
_YEARS = lexicon.grammar_word("words.year")
_PERCENT, _POINTS, _TIMES = "%", lexicon.grammar_word("targets.points"), lexicon.grammar_word("targets.times")
_CURRENCY = lexicon.grammar_word("targets.currency")
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


@lru_cache(maxsize=2)
def _modality_re(reach: str) -> re.Pattern:
    """The modality words that reach the whole `clause`, or also from a sentence's opening clause."""
    return re.compile(
        pattern_of(
            [r["word"] for r in lexicon.records("modalities") if reach == "clause" or r["reach"] == reach]
        )
    )


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


def find_targets(document: Document, ctx: Context, excluded: list[tuple[int, int]]) -> list[Target]:
    """Every quantitative indicator stated in `document`, outside the `excluded` spans (concepts)."""
    targets: list[Target] = []
    frames = Frames(document, ctx)
    for sentence in document.sentences:
        previous: tuple[str, str | None] | None = None  # metric and scope before: `产量达到X,连续6年稳定在Y`
        carried: str | None = None  # the change of the figure before: `新增铁路8000公里、公路33万公里`
        for clause in _CLAUSE.finditer(sentence.text):
            base = sentence.start + clause.start()
            for reading in _clause_readings(clause.group(0), base, excluded, carried):
                target = _target(document, ctx, sentence, clause.start(), reading, previous, frames)
                if target:
                    targets.append(target)
                    carried = f"{target.change} {target.unit}"
                    if not reading.of_previous:  # 为预算的…: a rate of the metric, not the next one's subject
                        previous = (target.metric, target.scope)
    return targets


def placed(document: Document, targets: list[Target], plans: list[Plan]) -> list[Target]:
    """`targets`, each with the plan item or review area it sits in: the item of its paragraph, or the
    heading item (1.全国一般公共预算。) above it up to the next item."""
    sizes = Counter(s.paragraph for s in document.sentences)
    starts = sorted(
        (
            item.evidence.start,
            item.ordinal,
            plan.kind,
            sizes[document.sentence_at(item.evidence.start).paragraph] == 1,
        )  # a heading alone
        for plan in plans
        for item in plan.items
    )
    result = []
    for target in targets:
        at = target.evidence.start
        paragraph = document.sentence_at(at).paragraph
        before = [s for s in starts if s[0] <= at]
        item = before[-1] if before else None
        if item and (document.sentence_at(item[0]).paragraph == paragraph or item[3]):
            target = replace(target, plan_item=item[1], plan_kind=item[2])
        result.append(target)
    return result


def _clause_readings(
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
    if not match or value_unit is None or value_unit[1] == _YEARS or not _bare_noun(match.group(1)):
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
        for multiplier in _MULTIPLIERS:
            if number.endswith(multiplier) and len(number) > len(multiplier) and not mult:
                number, mult = number[: -len(multiplier)], multiplier
                break
    value = read_number(number)
    if value is None or not math.isfinite(value):
        return None  # no number, or one too long to be a figure (a run of 300 digits)
    unit = mult + (quantity.group("unit") or "")
    if unit == lexicon.grammar_word("targets.tenths"):  # 五成: tenths
        value, unit = value * 10, "%"
    if unit == _YEARS and (not re.match(r"\d", number) or (value == int(value) and 1900 <= value <= 2100)):
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
    if unit == _YEARS and text.startswith(lexicon.grammar_word("words.since"), quantity.end()):
        return None  # 40多年来: a span
    if verb is None and unit == _YEARS:
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
    measure = unit not in (_PERCENT, _POINTS, _TIMES) and unit in lexicon.unit_words()
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
    if unit in (_PERCENT, _POINTS, _TIMES):
        return None
    verbs = {r["verb"]: r["change"] for r in lexicon.records("object_verbs")}
    match = re.search(rf"({pattern_of(list(verbs))})([{HAN}“”\"A-Za-z0-9]{{2,12}})$", before)
    if not match:
        return None
    lead = metrics.clean_metric(before[: match.start()])[1]
    if match.group(1) in lexicon.words("metric_verbs") and re.fullmatch(f"[{HAN}]{{2,}}", lead):
        start = before.rindex(
            lead, 0, match.start() + 1
        )  # 城镇新增就业: the verb is inside the metric's name
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
        unit in (_PERCENT, _POINTS, _TIMES, _YEARS)
        or unit.endswith(_CURRENCY)
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
    if unit in (_PERCENT, _POINTS):
        return None
    if before.endswith(lexicon.words("metric_heads")):
        return [Reading(before, 0, "level", qualifier, value, unit, quantity.end())]
    noun = lexicon.pattern("targets.level_noun").fullmatch(before)
    if unit.endswith(_CURRENCY) and noun and _bare_noun(noun.group(1)):
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


def _target(
    document: Document,
    ctx: Context,
    sentence: Sentence,
    clause_start: int,
    reading: Reading,
    before: tuple[str, str | None] | None = None,
    frames: Frames | None = None,
) -> Target | None:
    clause_text = sentence.text[clause_start:]
    head = sentence.text[: clause_start + reading.end]
    scope, metric = metrics.clean_metric(reading.metric)
    previous, previous_scope = before or (None, None)
    if len(metric) < 2 and previous and reading.change != "count":
        metric, scope = previous, scope or previous_scope
    if reading.metric_start > 0 and not scope:
        words = clause_text[: reading.metric_start]
        scope = next(
            (
                w
                for w in lexicon.words("scopes")
                if words.rstrip("0123456789.%" + lexicon.grammar_word("words.of")).endswith(w)
                or _YEAR_HEAD.sub("", words).startswith(w)
            ),
            None,
        )  # 全省新改建农村公路…
    if len(metric) < 2:
        return None
    if previous and (metric.startswith(lexicon.words("comparison_words")) or reading.of_previous):
        metric = previous + reading.of_previous  # 比上年同期增加…, 为预算的…: the metric before
        scope = scope or previous_scope
    if (
        previous
        and clause_text.startswith(lexicon.words("part_openers"))
        and not scope
        and not metric.endswith(lexicon.words("metric_heads"))
    ):
        scope, metric = metric, previous  # 其中贫困地区超过5800个: a part of the figure before
    if (
        previous
        and previous.startswith(lexicon.grammar_word("words.per_unit"))
        and metric in lexicon.words("intensity_tails")
    ):
        head = next(
            (previous[: -len(t)] for t in lexicon.words("intensity_tails") if previous.endswith(t)), ""
        )
        metric = head + metric if head else metric  # …能耗下降8%、二氧化碳排放下降14%
        head = sentence.text[: clause_start + reading.end]
    offset = sentence.start + clause_start
    start = offset + min(reading.metric_start, clause_text.find(metric) if metric in clause_text else 0)
    end = offset + max(reading.end, reading.metric_start + len(reading.metric))
    frames = frames or Frames(document, ctx)
    cue = frames.at(offset + reading.end)
    said = {row["status"] for row in lexicon.records("status_words") if row["word"] in head}
    planned = (
        "planned" in said
        or bool(cue and cue.status)
        or bool(_BY_YEAR.search(head))
        or sentence.start >= ctx.plan_start
    )
    status = "planned" if planned else "estimated" if "estimated" in said else "achieved"
    if status == "estimated" and cue and frames.reviews and cue.year < frames.reviews:
        status = "achieved"  # 他预计…在2003年突破2万亿元: a past year's figure is no estimate
    deadline = periods.deadline_of(head)
    if reading.start_value:  # 从X提高到Y: X is where the span starts, a figure already reached
        status, deadline = "achieved", None
        year = (cue.first - 1) if cue else (frames.reviews - 1 if frames.reviews else None)
        period = str(year) if year else None
    else:
        if status == "planned" and cue and not cue.status:
            cue = None  # a goal under a reviewed year's words (总结2019年工作 … 力争): the planned year holds
        period = periods.period_of(head, status, frames, deadline, cue)
    change = reading.change
    if change == "level" and reading.unit == "%" and metric.endswith(lexicon.words("rate_heads")):
        change = "increase"  # 居民消费价格涨幅3%左右 (sharing the verb of the figure before): a growth rate
    if change in ("level", "count") and any(word in metric for word in lexicon.words("cut_words")):
        change = "decrease"  # 新增减税降费超过1万亿元: an amount cut
    counting = [row["verb"] for row in lexicon.records("object_verbs") if row["change"] == "count"]
    if (
        change == "level"
        and metric.startswith(tuple(counting))
        and reading.unit not in (_PERCENT, _POINTS)
        and not reading.unit.endswith(_CURRENCY)
    ):
        change = "count"  # 新增通客车建制村超过9400个: what is newly counted
    if metric.endswith(lexicon.words("budget_tails")):
        status = "planned"  # 中央预备费预算500亿元: the amount budgeted
    return Target(
        metric=metric,
        value=reading.value,
        unit=reading.unit,
        change=change,
        status=status,
        evidence=evidence(document, start, end),
        scope=scope,
        qualifier=reading.qualifier,
        period=period,
        deadline=deadline,
        modality=_modality(clause_text[: reading.end], sentence.text),
        value_max=reading.value_max,
    )


def _modality(clause: str, sentence: str) -> str | None:
    """aim when the clause strives for its figure (力争, 确保, 目标为), or the sentence opens by doing so."""
    first = _CLAUSE.match(sentence)
    if _modality_re("clause").search(clause) or (first and _modality_re("sentence").search(first.group(0))):
        return "aim"
    return None
