"""What a node's label says on the canvas: a target as an analyst reads it, meetings and speeches with their year,
and line breaks that never fall inside a figure.

>>> target_label({"metric": "单位工业增加值能耗", "change": "decrease", "value": "3.5", "unit": "%", "period": "2018",
...               "status": "achieved"})
'单位工业增加值能耗\\n▼下降 3.5% · 2018 · 完成'
"""

from __future__ import annotations

from enum import Enum
from functools import cache

LINE_CHARS, LINES = (
    12,
    2,
)  # a label on the canvas: lines of 12 characters, at most 2 (tooltip and search: whole)


class Status(str, Enum):
    """A target's standing (the output contract's `status`), each drawn its own way."""

    ACHIEVED = "achieved"
    ESTIMATED = "estimated"
    PLANNED = "planned"


# status → Chinese word, fill, border, dashed border: achieved solid, estimated pale and dashed, planned hollow.
STATUS_STYLE: dict[Status, tuple[str, str, str, bool]] = {
    Status.ACHIEVED: ("完成", "#e6a100", "#8a6000", False),
    Status.ESTIMATED: ("预计", "#f8dc8c", "#b07d00", True),
    Status.PLANNED: ("目标", "#ffffff", "#0b7a75", True),
}

# change → the sign and word a reader sees before the figure
DIRECTION: dict[str, str] = {"increase": "▲增长", "decrease": "▼下降", "level": "■达到", "count": "#共"}
# qualifier → its place around the figure (before, after)
QUALIFIER: dict[str, tuple[str, str]] = {
    "approximately": ("", "左右"),
    "more-than": ("超过", ""),
    "at-least": ("至少", ""),
    "at-most": ("至多", ""),
    "aim": ("力争", ""),
}


def target_label(details: dict[str, str]) -> str:
    """A target's label: its metric (wrapped), then one unbroken line of direction, figure, period and status."""
    before, after = QUALIFIER.get(details.get("qualifier", ""), ("", ""))
    figure = f"{before}{details.get('value', '')}{details.get('unit', '')}{after}"
    direction = DIRECTION.get(details.get("change", ""), "")
    parts = [f"{direction} {figure}".strip() if direction else figure]
    if details.get("period"):
        parts.append(details["period"])
    status = _status(details.get("status", ""))
    if status is not None:
        parts.append(STATUS_STYLE[status][0])
    metric = wrapped(details.get("metric", ""))
    return "\n".join(line for line in (metric, " · ".join(parts)) if line)


def _status(value: str) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        return None


def status_style(details: dict[str, str]) -> dict:
    """The vis-network style of a target of this status (colour, border, dashes); {} for an unknown status."""
    status = _status(details.get("status", ""))
    if status is None:
        return {}
    _, fill, border, dashed = STATUS_STYLE[status]
    style: dict = {
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#222222"},
        },
        "borderWidth": 2,
        "status": status.value,
    }
    if dashed:
        style["shapeProperties"] = {"borderDashes": [4, 3]}
    return style


def with_year(label: str, date: str) -> str:
    """'全国商务工作会议' of 2019-12-20 → '全国商务工作会议（2019）'; unchanged without a date or if it names the year."""
    year = date[:4]
    return f"{label}（{year}）" if year.isdigit() and year not in label else label


def speech_label(label: str, node: str, details: dict[str, str]) -> str:
    """A speech's title, or for an untitled one (its label is its id) who spoke and when: '讲话 · 郑立新（2019）'."""
    if label and label != node.rsplit("/", 1)[-1]:
        return label
    speaker = details.get("speaker", "")
    return with_year(f"讲话 · {speaker}" if speaker else "讲话", details.get("date", ""))


def wrapped(label: str) -> str:
    """A label as drawn: broken into short lines, never inside a run of digits, cut with '…' past the last one."""
    lines: list[str] = []
    line = ""
    for token in _tokens(label):
        if line and len(line) + len(token) > LINE_CHARS:
            lines.append(line)
            line = ""
        line += token
    lines.append(line)
    if len(lines) > LINES:
        lines = lines[:LINES]
        lines[-1] = lines[-1][:-1] + "…"
    return "\n".join(lines)


def _tokens(label: str) -> list[str]:
    """Characters, but a figure with its unit ('6.3%', '8000公里', '3.2万辆', lexicon units) as one piece."""
    tokens: list[str] = []
    at = 0
    for match in _figure().finditer(label):
        tokens += list(label[at : match.start()])
        tokens.append(match.group())
        at = match.end()
    return tokens + list(label[at:])


@cache
def _figure():
    """A number, a 万/亿 multiplier and a unit of the lexicon (longest first)."""
    import re

    from kg.lexicon import longest_first, unit_words

    units = "|".join(re.escape(unit) for unit in longest_first(unit_words()))
    return re.compile(rf"[0-9][0-9.,]*(?:[万亿千百]*(?:{units}))?")
