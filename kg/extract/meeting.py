"""The reported meeting: its name, date(s), place, chairs, speakers with their speech titles, attendees.

Read from the sentence that says where it was held (`…会议在北京召开`, `在京召开…会议`, `以视频形式召开`,
`某部召开…会议`) and from the verbs after each person's name (主持, 出席, 讲话, 作工作报告, 作总结讲话).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, Context, evidence, pattern_of
from kg.extract.people import Mention
from kg.facts import Document, Meeting, Participation, Speech

_HELD = "召开|开幕|举行|举办"
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\s*[-—~～至到]\s*(?:(\d{1,2})月)?(\d{1,2})日)?")
_DAY = re.compile(r"(?<![\d月])(\d{1,2})日(?=在|于|召开|举行|开幕|,)")
_LEADING_DATE = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[-—至]\d{1,2}日)?")
_VIDEO = re.compile(r"以(?:视频|电视电话|网络视频)(?:会议)?(?:的)?(?:形式|方式)?(?:召开|举行)|(?:视频|电视电话)会议(?:形式|方式)")
_MAIN_VENUE = re.compile(rf"主会场设在([{HAN}]{{1,8}}?)(?=[,。;]|$)|在([{HAN}]{{1,8}}?)设(?:立)?主会场")
_SPEECH_TITLE = re.compile(r"题为[“\"](.+?)[”\"]的(总结讲话|工作报告|报告|讲话|致辞)")
_QUOTED = re.compile(r"[“\"].*?[”\"]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    nouns = pattern_of(lexicon.words("meeting_nouns"))
    name = rf"[{HAN}0-9“”]{{2,40}}?(?:{nouns})"
    name_first = re.compile(
        rf"(?P<name>{name})(?:\d{{1,2}}日)?(?:于[^,。在]{{0,20}}?)?(?:在(?P<place>[{HAN}]{{1,10}}?)|以[^,。]{{0,10}}?)?"
        rf"(?:{_HELD})"
    )
    place_first = re.compile(rf"在(?P<place>[{HAN}]{{1,10}}?)(?:{_HELD})了?(?P<name>{name})")
    convened = re.compile(rf"(?:召开|举行|举办)了?(?P<place>)(?P<name>{name})")  # 工业和信息化部召开…会议
    return name_first, place_first, convened


@lru_cache(maxsize=1)
def _role_words() -> tuple[re.Pattern, dict[str, str]]:
    roles = {row[0]: row[1] for row in lexicon.table("meeting")}
    return re.compile(pattern_of(list(roles))), roles


def find_meeting(document: Document, ctx: Context, mentions: list[Mention]) -> Meeting | None:
    """The meeting the document reports, or None if no sentence says one was held."""
    for sentence in document.sentences:
        for pattern in _patterns():
            match = pattern.search(sentence.text)
            if match and _clean_name(match.group("name")):
                name = _clean_name(match.group("name"))
                offset = sentence.start + match.start("name") + match.group("name").index(name)
                meeting = Meeting(name=name, evidence=evidence(document, offset, offset + len(name)))
                meeting.place = _place(match.group("place"), sentence.text)
                _dates(meeting, document, ctx, sentence.index)
                _years(meeting, ctx)
                _roles(meeting, document, mentions)
                return meeting
    return None


def _clean_name(name: str) -> str | None:
    name = _LEADING_DATE.sub("", name).lstrip("“”")
    if len(name) < 4 or name in lexicon.words("meeting_nouns") or name.startswith(("会议", "本次", "这次")):
        return None
    return name


def _place(written: str | None, sentence: str) -> str | None:
    places = {row[0]: row[1] for row in lexicon.table("places")}
    venue = _MAIN_VENUE.search(sentence)
    if venue:
        written = venue.group(1) or venue.group(2)
        return places.get(written, written)
    if not written or _VIDEO.search(sentence) and written.startswith(("视频", "线上", "网上")):
        return None
    return places.get(written, written)


def _dates(meeting: Meeting, document: Document, ctx: Context, index: int) -> None:
    for sentence in [document.sentences[index], *document.sentences[max(0, index - 2): index + 3]]:
        match = _DATE.search(sentence.text)
        if match:
            break
    else:
        _day_only(meeting, document, document.sentences[index].text)
        return
    year = int(match.group(1)) if match.group(1) else _year_of(int(match.group(2)), document, ctx)
    if year is None:
        return
    month, day = int(match.group(2)), int(match.group(3))
    meeting.date = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(5):
        end_month = int(match.group(4) or month)
        meeting.end_date = f"{year:04d}-{end_month:02d}-{int(match.group(5)):02d}"


def _day_only(meeting: Meeting, document: Document, sentence: str) -> None:
    """`…工作会议26日在京召开`: the day in the text, the month and year from the metadata."""
    day = _DAY.search(sentence)
    if day and document.date:
        meeting.date = f"{document.date[:7]}-{int(day.group(1)):02d}"


def _year_of(month: int, document: Document, ctx: Context) -> int | None:
    """The year of a date written without one: metadata first, then the years the text reviews."""
    if document.date:
        year, meta_month = int(document.date[:4]), int(document.date[5:7])
        return year - 1 if month >= 10 and meta_month <= 3 else year
    if ctx.reviews_year is not None:
        return ctx.reviews_year if month >= 10 else ctx.reviews_year + 1
    return None


def _years(meeting: Meeting, ctx: Context) -> None:
    meeting.reviews_year, meeting.plans_year = ctx.reviews_year, ctx.plans_year
    if meeting.reviews_year is None and meeting.date:
        year, month = int(meeting.date[:4]), int(meeting.date[5:7])
        meeting.reviews_year = year if month >= 10 else year - 1
        meeting.plans_year = meeting.reviews_year + 1


def _roles(meeting: Meeting, document: Document, mentions: list[Mention]) -> None:
    """Chairs, speakers and attendees: the verbs after each name (shared back along a sentence)."""
    words, roles = _role_words()
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(document.sentence_at(mention.start).index, []).append(mention)
    for index, group in sorted(by_sentence.items()):
        sentence = document.sentences[index]
        pending: list[Mention] = []
        for number, mention in enumerate(group):
            stop = group[number + 1].chain_start if number + 1 < len(group) else sentence.end
            window = document.text[mention.group_end: max(stop, mention.group_end)]
            found = [roles[m.group(0)] for m in words.finditer(_QUOTED.sub(lambda q: " " * len(q.group(0)), window))]
            title = _SPEECH_TITLE.search(window)
            pending.append(mention)
            if not found and not title:
                continue
            for person in pending:
                _assign(meeting, document, person, found, title)
            pending = []


def _assign(meeting: Meeting, document: Document, mention: Mention, found: list[str],
            title: re.Match | None) -> None:
    ev = evidence(document, mention.start, mention.end)
    kinds = [f.split(":", 1)[1] for f in found if f.startswith("speaker")]
    if title and not kinds:
        kinds = ["work report" if "报告" in title.group(2) else "summary speech" if "总结" in title.group(2)
                 else "speech"]
    for role in dict.fromkeys(f.split(":", 1)[0] for f in found):
        _participate(meeting, mention.person, role, ev)
    if kinds:
        _participate(meeting, mention.person, "speaker", ev)
        if not any(s.speaker == mention.person and s.kind == kinds[0] for s in meeting.speeches):
            meeting.speeches.append(Speech(mention.person, title.group(1) if title else None, kinds[0], ev))
    if "chair" in [f.split(":", 1)[0] for f in found] and mention.person not in meeting.chairs:
        meeting.chairs.append(mention.person)


def _participate(meeting: Meeting, person: str, role: str, ev) -> None:
    if not any(p.person == person and p.role == role for p in meeting.participants):
        meeting.participants.append(Participation(person, role, ev))
