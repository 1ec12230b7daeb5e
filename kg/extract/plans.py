"""Enumerated lists: the reviewed year's areas and the planned year's key tasks (一是…二是…, 第一/第二,
(一)/(二)), each item with its ordinal and headline (the words up to the first 。), and the count
the text announces (`重点抓好八项工作`, `六方面重点任务`).
"""

from __future__ import annotations

import re

from kg import lexicon
from kg.extract.common import Context, evidence, read_number
from kg.extract.periods import Cue, Frames
from kg.facts import Document, Plan, PlanItem

_MARKER = lexicon.pattern("plans.marker")
_DECLARED = lexicon.pattern("plans.declared")
_HEADLINE_END = re.compile(r"[。;]")
_REVIEW_WORDS = lexicon.pattern("plans.review_words")
_PLAN_WORDS = lexicon.pattern("plans.plan_words")
_INLINE = lexicon.pattern("plans.inline")


def find_plans(document: Document, ctx: Context) -> list[Plan]:
    """The enumerations that open paragraphs, grouped into lists of two items or more, each list a review
    or a plan of the year its heading or opening words name (`(一)2018年…`, `“十二五”时期…`, `过去五年`)."""
    items = _paragraph_items(document)
    frames = Frames(document, ctx)
    plans: list[Plan] = []
    for ordinal, start, end, style in items:
        current = plans[-1] if plans else None
        if current is None or ordinal != len(current.items) + 1 or style != current.label:
            if ordinal != 1:
                continue
            cue = frames.at(start)
            kind = _kind(document, start, ctx, cue)
            year = _year(cue, kind, ctx)
            current = Plan(label=style, year=year, kind=kind, evidence=evidence(document, start, end))
            current.declared_count = _declared(document, start) if kind == "plan" else None
            plans.append(current)
        label = document.text[start:end].strip()
        current.items.append(PlanItem(ordinal, label, evidence(document, start, end)))
    plans = [plan for plan in plans if len(plan.items) > 1]  # a lone heading (一、…) is no list
    for plan in plans:
        noun = lexicon.grammar_word("plans.plan_label" if plan.kind == "plan" else "plans.review_label")
        plan.label = f"{plan.year}{lexicon.grammar_word('words.year')}{noun}" if plan.year else noun
    return plans


def _year(cue: Cue | None, kind: str, ctx: Context) -> int | None:
    """The year a list covers: its heading's or opening words' when they agree with its kind, else the
    report's planned or reviewed year."""
    if cue and (kind == "plan") == bool(cue.status):
        return cue.year
    return ctx.plans_year if kind == "plan" else ctx.reviews_year


def _kind(document: Document, start: int, ctx: Context, cue: Cue | None = None) -> str:
    """Review or plan: from the sentence that introduces the list, else from where the tasks begin."""
    sentence = document.sentence_at(start)
    before = document.text[sentence.start : start - 2]  # an inline list: the words before 一是
    if len(before) < 4:
        before = document.sentences[sentence.index - 1].text if sentence.index else ""
    if _DECLARED.search(before):
        return "plan"
    if _REVIEW_WORDS.search(before):
        return "review"
    if _PLAN_WORDS.search(before):
        return "plan"
    if cue is not None:
        return "plan" if cue.status else "review"
    return "plan" if start >= ctx.plan_start else "review"


def _paragraph_items(document: Document) -> list[tuple[int, int, int, str]]:
    """(ordinal, headline start, headline end, marker style) of each paragraph opened by a marker."""
    items: list[tuple[int, int, int, str]] = []
    offset = 0
    dash_run = False
    for line in document.text.split("\n"):
        match = _MARKER.match(line)
        if match and not (_HEADLINE_END.search(line) or match.group("dash")):
            match = None  # a part heading alone on its line (一、综合): not an item
        if match:
            style = next(k for k, v in match.groupdict().items() if v)
            if style == "dash":  # ——X。 bullets: positions in a run of consecutive paragraphs
                ordinal = items[-1][0] + 1 if items and items[-1][3] == "dash" and dash_run else 1
            else:
                ordinal = int(read_number(match.group(style)) or 0)
            dash_run = style == "dash"
            end = _HEADLINE_END.search(line, match.end())
            stop = end.start() if end else len(line)
            if ordinal and stop > match.end():
                items.append((ordinal, offset + match.end(), offset + stop, style))
        else:
            dash_run = False
            items += _inline_items(line, offset)
        offset += len(line) + 1
    return items


def _inline_items(line: str, offset: int) -> list[tuple[int, int, int, str]]:
    """`会议要求,一是…;二是…。` or `…。第一,…。第二,…`: an enumeration inside a paragraph, each item up to
    ; or 。 or the next."""
    markers = list(_INLINE.finditer(line))
    ordinals = [int(read_number(m.group(1) or m.group(2)) or 0) for m in markers]
    if len(markers) < 2 or ordinals != list(range(1, len(markers) + 1)):
        return []
    items = []
    for number, match in enumerate(markers):
        limit = markers[number + 1].start() if number + 1 < len(markers) else len(line)
        end = _HEADLINE_END.search(line, match.end(), limit)
        stop = end.start() if end else limit
        headline = line[match.end() : stop].rstrip(",、")
        items.append((ordinals[number], offset + match.end(), offset + match.end() + len(headline), "inline"))
    return items


def _declared(document: Document, start: int) -> int | None:
    """The count announced in the sentence before the list (`会议要求重点抓好八项工作`)."""
    sentence = document.sentence_at(start)
    for index in range(sentence.index - 1, max(-1, sentence.index - 3), -1):
        match = _DECLARED.search(document.sentences[index].text)
        if match:
            value = read_number(match.group("n"))
            return int(value) if value else None
    return None
