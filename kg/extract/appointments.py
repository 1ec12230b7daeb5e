"""Appointments and removals, read by the grammar of personnel news: `任命王某为…局局长`, `免去王某…职务`,
`王某不再担任…职务`, `王某出任…`, and the career lines of a profile (`他还担任过…`, `后于2015年12月获任…`),
whose subject is the person the paragraph is about.

Each gives a `Mention` whose posts carry the change (appointed / removed; none for a post only held) and
the date the clause writes, else the notice's own date for a decision (任命, 免去, 不再担任).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, Context, organization_pattern, pattern_of
from kg.extract.organizations import Registry, Resolver, city_head, suffix_kind
from kg.extract.people import Mention, _posts_of_chain, _title_re, _valid
from kg.facts import Document
from kg.kinds import PostChange

_CLAUSE_STOP = ',。;:!?\n“”"()'
_DATE = lexicon.pattern("appointments.date")
_DATE_BEFORE = lexicon.pattern("appointments.date_before")
_AS = lexicon.grammar_word("appointments.as")
_COMRADE, _OF = lexicon.grammar_word("words.comrade"), lexicon.grammar_word("words.of")
_TITLE_JOINERS = ("、", lexicon.grammar_word("words.concurrently"))
_JOINERS = lexicon.grammar_words("words.joiners")


@lru_cache(maxsize=1)
def _verbs() -> tuple[re.Pattern, dict[str, dict[str, str]]]:
    rows = {r["verb"]: r for r in lexicon.records("appointments")}
    return re.compile(pattern_of(list(rows))), rows


@lru_cache(maxsize=1)
def _adverb_re() -> re.Pattern:
    return re.compile(f"(?:{pattern_of(lexicon.words('appointment_adverbs'))})$")


@lru_cache(maxsize=1)
def _closer_re() -> re.Pattern:
    return re.compile(pattern_of(lexicon.words("appointment_closers")))


def find_appointments(
    document: Document, ctx: Context, registry: Registry, mentions: list[Mention]
) -> list[Mention]:
    """The people appointed to, removed from or holding the posts personnel grammar names, in text order."""
    text = document.text
    resolver = Resolver(ctx, registry)
    verbs, rows = _verbs()
    found: list[Mention] = []
    for match in verbs.finditer(text):
        row = rows[match.group(0)]
        if (
            len(match.group(0)) == 1
            and match.start()
            and text[match.start() - 1] in lexicon.words("verb_word_heads")
        ):
            continue  # 主任, 责任: the one-character verb is the end of another word
        read = _READERS[row["order"]](text, match, mentions + found)
        if read is None:
            continue
        person, name_start, name_end, chain_pos, *base = read
        segments, end = chain_after(text, chain_pos)
        if not segments:
            continue
        change = PostChange(row["change"]) if row["change"] in PostChange._value2member_map_ else None
        posts = _posts_of_chain(text, segments, resolver, *base)
        found.append(
            Mention(
                person,
                name_start,
                name_end,
                min(name_start, match.start()),
                end,
                posts,
                change,
                _date(document, match.start(), change),
            )
        )
        if row["order"] == "verb_first":
            found += _more_removed(document, end, resolver, change)
    return found


def chain_after(text: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """The 、-separated titles (each with the body written before it) starting at `pos`, and where they end."""
    segments = []
    while True:
        title = _next_title(text, pos)
        if title is None:
            break
        segments.append((pos, title.end()))
        pos = title.end()
        if pos < len(text) and text[pos] in _TITLE_JOINERS and _next_title(text, pos + 1):
            pos += 1
            continue
        break
    return segments, pos


def _next_title(text: str, pos: int) -> re.Match | None:
    """The first title after `pos` with only a body's words (Han, no stop) before it, within 30 characters."""
    for title in _title_re().finditer(text, pos, min(len(text), pos + 30)):
        if re.search(f"[^{HAN}]", text[pos : title.start()]):
            return None
        if title.end() < len(text) and text[title.end()] in lexicon.words("title_continuations"):
            continue
        return title
    return None


def _name_first(text: str, match: re.Match, known: list[Mention]) -> tuple[str, int, int, int] | None:
    """`王某(同志)(于9月)(已)出任…`, `他还担任过…`, `,后于2015年12月获任…` (the paragraph's person)."""
    pos = _skip_adverbs_back(text, match.start())
    for mention in reversed(known):
        if mention.end == pos:
            return mention.person, mention.start, mention.end, match.end()
    people = {m.person for m in known}
    for length in (3, 2, 4):
        name = text[max(0, pos - length) : pos]
        if len(name) == length and (name in people or _valid(name, 0) and _stands_alone(text, pos - length)):
            return name, pos - length, pos, match.end()
    if pos == 0 or text[pos - 1] in _CLAUSE_STOP or text[pos - 1] in lexicon.words("pronouns"):
        subject = _paragraph_person(text, pos, known)
        if subject:
            return subject.person, match.start(), match.start(), match.end()
    return None


def _verb_first_as(text: str, match: re.Match, known: list[Mention]) -> tuple[str, int, int, int] | None:
    """`任命王某(同志)为…`."""
    start = match.end()
    as_at = text.find(_AS, start, start + 16)  # 任命王某(女,土家族)为…
    if as_at < 0:
        return None
    name = re.sub(r"[((][^()()]{1,10}[))]$", "", text[start:as_at])  # 任命王某(女)为…: the note apart
    name = name.removesuffix(_COMRADE)
    if not re.fullmatch(f"[{HAN}]{{2,4}}", name) or _valid(name, 0) is None:
        return None
    return name, start, start + len(name), as_at + 1


def _verb_first(text: str, match: re.Match, known: list[Mention]) -> tuple | None:
    """`免去王某(同志)(的)…职务`; or `被免去党组书记一职的铁道部部长王某`: the person named after the posts."""
    read = _name_then_posts(text, match.end(), known)
    if read:
        return read
    segments, end = chain_after(text, match.end())
    closer = _closer_re().match(text, end) if segments else None
    if closer and text.startswith(_OF, closer.end()):
        for mention in known:
            if mention.chain_start == closer.end() + 1 and mention.posts:
                return mention.person, mention.start, mention.end, match.end(), mention.posts[0][1]
    return None


def _name_then_posts(text: str, start: int, known: list[Mention]) -> tuple[str, int, int, int] | None:
    people = {m.person for m in known}
    for length in (2, 3, 4):
        name, rest = text[start : start + length], start + length
        if name in people or _valid(name, 0) and _posts_follow(text, rest):
            for word in (_COMRADE, _OF):
                rest += len(word) if text.startswith(word, rest) else 0
            if _posts_follow(text, rest):
                return name, start, start + length, rest
    return None


def _posts_follow(text: str, pos: int) -> bool:
    """Do a body's name or a title start at `pos` (what follows the name in `免去王某财政部部长职务`)?"""
    if text.startswith((_COMRADE, _OF), pos):
        return True
    for opener in lexicon.words("chain_openers"):
        if text.startswith(opener, pos) and len(opener) > 1:  # 中共四川省委…
            pos += len(opener)
            break
    if _title_re().match(text, pos) or organization_pattern().match(text, pos):
        return True
    if text[pos : pos + 1] in lexicon.words("place_levels"):  # 免去王某的省交通运输厅厅长职务
        title = _next_title(text, pos)
        return bool(title and suffix_kind(text[pos : title.start()]))
    # 免去王某的绵阳市人民政府副市长职务: a city provinces.txt does not list, before one of its bodies
    return any(text.startswith(p, pos) for p in lexicon.words("provinces")) or bool(
        city_head(text[pos : pos + 12])
    )


def _more_removed(
    document: Document, pos: int, resolver: Resolver, change: PostChange | None
) -> list[Mention]:
    """`免去甲同志的…职务、乙同志的…职务`: the further names of one removal."""
    text = document.text
    found: list[Mention] = []
    while True:
        closer = _closer_re().match(text, pos)
        pos = closer.end() if closer else pos
        if not text.startswith("、", pos):
            return found
        read = _name_then_posts(text, pos + 1, [])
        if read is None:
            return found
        person, start, end, chain_pos = read
        segments, pos = chain_after(text, chain_pos)
        if not segments:
            return found
        found.append(
            Mention(
                person,
                start,
                end,
                start,
                pos,
                _posts_of_chain(text, segments, resolver),
                change,
                _date(document, start, change),
            )
        )


def _skip_adverbs_back(text: str, pos: int) -> int:
    """Where the words before a verb of appointment begin once adverbs and dates (`于9月已`) are left out."""
    while pos > 0:
        window = text[max(0, pos - 14) : pos]
        found = _adverb_re().search(window) or _DATE_BEFORE.search(window)
        if not found or not found.group(0):
            return pos
        pos -= len(found.group(0))
    return pos


def _stands_alone(text: str, start: int) -> bool:
    """Is a name starting at `start` a subject of its own (after a stop, a verb that opens a chain or 与/和)?"""
    if start == 0 or text[start - 1] in _CLAUSE_STOP or text[start - 1] in _JOINERS:
        return True
    return any(text.endswith(w, 0, start) for w in lexicon.words("chain_verbs"))


def _paragraph_person(text: str, pos: int, known: list[Mention]) -> Mention | None:
    """The last person named before `pos` in the same paragraph (the subject of a profile's lines)."""
    paragraph = text.rfind("\n", 0, pos) + 1
    before = [m for m in known if paragraph <= m.start < pos]
    for person in {m.person for m in known}:  # the name written again, bare (`1953年出生的王某,…`)
        at = text.rfind(person, paragraph, pos)
        if at >= 0:
            before.append(Mention(person, at, at + len(person), at, at + len(person)))
    return max(before, key=lambda m: m.start) if before else None


def _date(document: Document, verb_start: int, change: PostChange | None) -> str | None:
    """The date the clause of the verb writes (2012年6月 → 2012-06), else the notice's date for a change."""
    sentence = document.sentence_at(verb_start)
    dates = [d for d in _DATE.finditer(document.text, sentence.start, verb_start)]
    if dates:
        year, month, day = dates[-1].groups()
        year = year or (document.date or "")[:4]
        if year:
            return f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return document.date if change else None


_READERS = {"name_first": _name_first, "verb_first_as": _verb_first_as, "verb_first": _verb_first}
