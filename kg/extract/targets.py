"""Quantitative targets and results: the readings of each clause (kg/extract/readings.py) made targets by the
report's context — the metric or scope of the figure before, the status, period, deadline and modality.

`全国规模以上工业增加值增长6.3%左右` → (规模以上工业增加值, scope 全国, increase, 6.3, %, approximately).
A number counts only after a change verb (增长, 下降, 提升至, 达, 超过, 新批复 …) or as `98%的X`; dates,
congress numbers, anniversaries, slogans and counts of tasks never qualify.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from kg import lexicon
from kg.extract import metrics, periods
from kg.extract.common import Context, evidence, pattern_of
from kg.extract.periods import Frames
from kg.extract.readings import CURRENCY, PERCENT, POINTS, Reading, clause_readings
from kg.facts import Document, Plan, Sentence, Target

_CLAUSE = re.compile(r"[^,;:,;:。!?]+")
_BY_YEAR = lexicon.pattern("targets.by_year")
_YEAR_HEAD = lexicon.pattern("targets.year_head")


@lru_cache(maxsize=2)
def _modality_re(reach: str) -> re.Pattern:
    """The modality words that reach the whole `clause`, or also from a sentence's opening clause."""
    return re.compile(
        pattern_of(
            [r["word"] for r in lexicon.records("modalities") if reach == "clause" or r["reach"] == reach]
        )
    )


def find_targets(document: Document, ctx: Context, excluded: list[tuple[int, int]]) -> list[Target]:
    """Every quantitative indicator stated in `document`, outside the `excluded` spans (concepts)."""
    targets: list[Target] = []
    frames = Frames(document, ctx)
    for sentence in document.sentences:
        previous: tuple[str, str | None] | None = None  # metric and scope before: `产量达到X,连续6年稳定在Y`
        carried: str | None = None  # the change of the figure before: `新增铁路8000公里、公路33万公里`
        for clause in _CLAUSE.finditer(sentence.text):
            base = sentence.start + clause.start()
            for reading in clause_readings(clause.group(0), base, excluded, carried):
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
        and reading.unit not in (PERCENT, POINTS)
        and not reading.unit.endswith(CURRENCY)
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
