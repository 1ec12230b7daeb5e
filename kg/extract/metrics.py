"""A figure's metric name made minimal and whole: the words of time, modality and comparison left out, the
scope (全国, 全市) apart, trailing adverbs dropped, the names of a shared or 分别 list completed.

>>> clean_metric("2018年全国规模以上工业增加值")
('全国', '规模以上工业增加值')
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, pattern_of


@lru_cache(maxsize=1)
def connectors() -> str:
    return pattern_of(lexicon.words("list_connectors"))


def trailing(subject: str) -> str:
    """`subject` without the adverbs at its end (年均实际, 均)."""
    changed = True
    while changed:
        changed = False
        for word in lexicon.longest_first(lexicon.words("metric_trailing")):
            if subject.endswith(word) and len(subject) > len(word):
                subject, changed = subject[: -len(word)], True
    return subject


def shared(subject: str) -> list[str]:
    """The metrics of `A和B均…` or of `A和B` when both end with an indicator's last words, else []."""
    subject = trailing(subject)
    heads = lexicon.words("metric_heads")
    parts = [p for p in re.split(connectors(), clean_metric(subject)[1]) if p]
    if len(parts) < 2 or not all(len(p) >= 4 and p.endswith(heads) for p in parts):
        return []
    return parts


def metric_words(subject: str) -> str:
    return re.sub(f"[^{HAN}A-Za-z]", "", subject)


def completed(metrics: list[str]) -> list[str]:
    """The names of a 分别 list made whole: `单位GDP能耗和二氧化碳排放` → the second takes the 单位… head,
    `基础设施、制造业投资` → the first takes the last's indicator word."""
    tails, heads = lexicon.words("intensity_tails"), lexicon.words("metric_heads")
    first = metrics[0] if metrics else ""
    unit_head = next(
        (
            first[: -len(t)]
            for t in tails
            if first.startswith(lexicon.grammar_word("words.per_unit")) and first.endswith(t)
        ),
        "",
    )
    last_head = next(
        (
            h
            for h in lexicon.longest_first(heads)
            if metrics and metrics[-1].endswith(h) and len(metrics[-1]) > len(h)
        ),
        "",
    )
    whole = []
    for metric in metrics:
        if unit_head and metric in tails:
            metric = unit_head + metric
        elif last_head and not metric.endswith(heads):
            metric += last_head
        whole.append(metric)
    return whole


def clean_metric(metric: str) -> tuple[str | None, str]:
    """(scope, metric) with the words of time, modality and comparison removed."""
    dates = lexicon.fragment("metrics.dates")
    metric = re.sub(f"{dates}|{pattern_of(lexicon.words('metric_noise'))}", "", metric)
    metric = lexicon.pattern("metrics.years_run").sub("", metric.strip(lexicon.grammar_word("metrics.edges")))
    changed = True
    while changed:
        changed = False
        for prefix in lexicon.longest_first(lexicon.words("metric_prefixes")):
            # not down to a metric's last word alone (年末存栏 stays whole)
            if metric.startswith(prefix) and metric[len(prefix) :] not in lexicon.words("metric_heads"):
                metric, changed = metric[len(prefix) :], True
    scope = None
    for head in lexicon.words("scope_time_heads"):
        if metric.startswith(head) and metric[len(head) :].startswith(lexicon.words("scopes")):
            metric = metric[len(head) :]  # 年末全市常住人口
    for word in lexicon.longest_first(lexicon.words("scopes")):
        if metric.startswith(word) and len(metric) > len(word) + 1:
            scope, metric = word, metric[len(word) :]
            break
    return scope, trailing(metric.strip(lexicon.grammar_word("words.of") + " "))
