"""Enumerated lists: the reviewed year's areas and the planned year's key tasks (一是…二是…, 第一/第二,
(一)/(二)), each item with its ordinal and headline (the words up to the first 。), and the count
the text announces (`重点抓好八项工作`, `六方面重点任务`).
"""

from __future__ import annotations

import re

from kg.extract.common import CN_DIGITS, Context, evidence, read_number
from kg.facts import Document, Plan, PlanItem

_CN_ORDINAL = "一二三四五六七八九十"
_MARKER = re.compile(
    rf"(?:(?P<shi>[{_CN_ORDINAL}]{{1,3}})是|第(?P<di>[{_CN_ORDINAL}]{{1,3}})(?:是|,|、|:)|"
    rf"\((?P<paren>[{_CN_ORDINAL}]{{1,3}})\)|(?P<dun>[{_CN_ORDINAL}]{{1,3}})、)"
)
_DECLARED = re.compile(rf"(?P<n>[{CN_DIGITS}\d]{{1,3}})(?:项|个方面|方面|大|件|条)(?:重点|主要)?(?:工作|任务|举措)")
_HEADLINE_END = re.compile(r"[。;]")
_REVIEW_WORDS = re.compile(r"总结|回顾|今年以来|一年来|过去一年|成效|成绩")
_PLAN_WORDS = re.compile(r"部署|要求|重点抓好|重点做好|明年|下一步|重点任务|重点工作")
_INLINE = re.compile(rf"(?<=[,:;。])(?:([{_CN_ORDINAL}]{{1,3}})是|第([{_CN_ORDINAL}]{{1,3}})[是,、:])")


def find_plans(document: Document, ctx: Context) -> list[Plan]:
    """The enumerations that open paragraphs, grouped into lists, each list a review or a plan."""
    items = _paragraph_items(document)
    plans: list[Plan] = []
    for ordinal, start, end, style in items:
        current = plans[-1] if plans else None
        if current is None or ordinal != len(current.items) + 1 or style != current.label:
            if ordinal != 1:
                continue
            kind = _kind(document, start, ctx)
            year = ctx.plans_year if kind == "plan" else ctx.reviews_year
            current = Plan(label=style, year=year, kind=kind, evidence=evidence(document, start, end))
            current.declared_count = _declared(document, start) if kind == "plan" else None
            plans.append(current)
        label = document.text[start:end].strip()
        current.items.append(PlanItem(ordinal, label, evidence(document, start, end)))
    for plan in plans:
        noun = "重点工作" if plan.kind == "plan" else "工作成效"
        plan.label = f"{plan.year}年{noun}" if plan.year else noun
    return plans


def _kind(document: Document, start: int, ctx: Context) -> str:
    """Review or plan: from the sentence that introduces the list, else from where the tasks begin."""
    sentence = document.sentence_at(start)
    before = document.text[sentence.start: start - 2]  # an inline list: the words before 一是
    if len(before) < 4:
        before = document.sentences[sentence.index - 1].text if sentence.index else ""
    if _DECLARED.search(before):
        return "plan"
    if _REVIEW_WORDS.search(before):
        return "review"
    if _PLAN_WORDS.search(before):
        return "plan"
    return "plan" if start >= ctx.plan_start else "review"


def _paragraph_items(document: Document) -> list[tuple[int, int, int, str]]:
    """(ordinal, headline start, headline end, marker style) of each paragraph opened by a marker."""
    items = []
    offset = 0
    for line in document.text.split("\n"):
        match = _MARKER.match(line)
        if match:
            style = next(k for k, v in match.groupdict().items() if v)
            ordinal = int(read_number(match.group(style)) or 0)
            end = _HEADLINE_END.search(line, match.end())
            stop = end.start() if end else len(line)
            if ordinal and stop > match.end():
                items.append((ordinal, offset + match.end(), offset + stop, style))
        else:
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
        headline = line[match.end(): stop].rstrip(",、")
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
