"""Named programmes, projects, campaigns and mechanisms, found by the last words of their name
(工程, 专项行动, 试点, 战略, 机制 …) and the modifiers before it, up to a verb of the genre.

`实施新一轮重大技术改造升级工程` → 重大技术改造升级工程; `推行…“揭榜挂帅”机制` → “揭榜挂帅”机制.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, evidence, pattern_of
from kg.facts import Document, Plan, Programme

_MAX_LENGTH = 20
_NAME_CHARS = re.compile(f'[{HAN}“”"A-Za-z0-9]')
_ACRONYM = re.compile(r"\([A-Z]{2,}\)")


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern:
    """A date or an amount and its verb before a programme's name (2018年…, 482亿元全部转入…)."""
    verbs = pattern_of(lexicon.words("programme_amount_verbs"))
    return lexicon.pattern("programmes.lead", verbs=verbs)


_TITLE = re.compile(r"《([^《》]{2,80})》")


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    rows = []
    for row in lexicon.records("programme_suffixes"):
        rows.append(
            (
                row["suffix"],
                row["needs_quote"] == "yes",
                tuple(w for w in row["not_followed_by"].split(",") if w),
            )
        )
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _suffix_words() -> tuple[str, ...]:
    return tuple(r[0] for r in _suffixes())


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern:
    return re.compile(pattern_of([r[0] for r in _suffixes()]))


def find_programmes(
    document: Document, plans: list[Plan], concepts: list[tuple[int, int]] | None = None
) -> list[Programme]:
    """One programme per (name, plan item it is written in); shorter mentions fold into longer names.

    Names inside a concept's span (三大攻坚战) are concepts, not programmes."""
    text = document.text
    found: list[tuple[str, int, int]] = []
    for match in _suffix_re().finditer(text):
        if any(s <= match.start() < e for s, e in concepts or []):
            continue
        suffix, needs_quote, not_followed = next(r for r in _suffixes() if r[0] == match.group(0))
        if any(text.startswith(word, match.end()) for word in not_followed):
            continue
        start = _modifiers_start(text, match.start())
        name = text[start : match.end()]
        stem = name[: -len(suffix)]
        quoted = stem.endswith(("”", '"'))
        if needs_quote and quoted and "“" in stem:  # 信息港“四港”融合发展: the quoted name is the name
            start += stem.rindex("“")
            name, stem = text[start : match.end()], stem[stem.rindex("“") :]
        if (
            needs_quote
            and not quoted
            or len(re.sub(r"[“”\"]", "", stem)) < (1 if quoted else 2)
            or stem in lexicon.words("programme_generic")
        ):
            continue
        end = match.end()
        acronym = _ACRONYM.match(text, end)  # 区域全面经济伙伴关系协定(RCEP)
        if acronym:
            end = acronym.end()
        start = _stance_start(text, start, suffix)
        found.append((_balance_quotes(text[start:end]), start, end))
    titles = _titled(text)
    found = [f for f in found if not any(s <= f[1] and f[2] <= e for _, s, e in titles)]  # inside 《》
    found += titles
    found.sort(key=lambda f: (f[1], -f[2]))
    names = {name for name, _, _ in found}
    programmes: list[Programme] = []
    seen: set[tuple[str, int | None, str | None]] = set()
    for name, start, end in found:
        longer = [n for n in names if n != name and n.endswith(name)]
        if longer:
            name = min(longer, key=lambda n: (len(n), n))  # ties broken by text, not set order
        ordinal, kind = _plan_item_at(document, plans, start)
        if (name, ordinal, kind) in seen:
            continue
        seen.add((name, ordinal, kind))
        programmes.append(Programme(name, evidence(document, start, end), ordinal, kind))
    placed = {p.name for p in programmes if p.plan_item is not None}
    return [p for p in programmes if p.plan_item is not None or p.name not in placed]


def _stance_start(text: str, start: int, suffix: str) -> int:
    """`稳健的货币政策`: a policy's stance before 的 belongs to its name."""
    of = lexicon.grammar_word("words.of")
    if not suffix.endswith(lexicon.grammar_word("programmes.policy")) or not text.endswith(of, 0, start):
        return start
    stance = next(
        (
            w
            for w in lexicon.longest_first(lexicon.words("policy_stances"))
            if text.endswith(w + of, 0, start)
        ),
        None,
    )
    return start - len(stance) - 1 if stance else start


def _titled(text: str) -> list[tuple[str, int, int]]:
    """`《交通强国建设纲要》`: a title in 《》 ending with a plan's, law's or policy's word."""
    found = []
    for match in _TITLE.finditer(text):
        inner = re.sub(r"\([^()]*\)$", "", match.group(1))
        if inner.endswith(lexicon.words("programme_titles")):
            found.append((match.group(0), match.start(), match.end()))
    return found


def _modifiers_start(text: str, end: int) -> int:
    """Where the modifiers of a programme name begin: after punctuation or a verb of the genre."""
    stops, suffixes = lexicon.words("programme_stops"), _suffix_words()
    start = end
    inner = next((w for w in lexicon.words("programme_inner") if text.endswith(w, 0, end)), "")
    start -= len(inner)  # 建设 right before the last words is part of the name (交通强国建设试点)
    while start > 0 and end - start < _MAX_LENGTH and _NAME_CHARS.match(text[start - 1]):
        if text.endswith(stops, 0, start):
            break
        if text[start - 1] in lexicon.words("list_connectors") and text.endswith(suffixes, 0, start - 1):
            break  # 区域发展总体战略和主体功能区战略: two names
        start -= 1
    lead = _lead_re().match(text, start, end)  # 2018年中央预备费, 52亿元全部转入…: a date or an amount before
    if lead and lead.end() < end:
        start = lead.end()
    if inner and start == end - len(inner):
        return end  # nothing names it: 推进建设试点 is no programme
    return start


def _balance_quotes(name: str) -> str:
    if name.count("“") > name.count("”"):
        return name.replace("“", "", name.count("“") - name.count("”"))
    if name.startswith("”"):
        return name[1:]
    return name


def _plan_item_at(document: Document, plans: list[Plan], offset: int) -> tuple[int | None, str | None]:
    """The plan item whose paragraph holds `offset`."""
    paragraph = document.sentence_at(offset).paragraph
    found: tuple[int, int | None, str | None] = (-1, None, None)
    for plan in plans:
        for item in plan.items:
            start = item.evidence.start
            if document.sentence_at(start).paragraph == paragraph and found[0] < start <= offset:
                found = (start, item.ordinal, plan.kind)
    return found[1], found[2]
