"""The meetings a report tells of: name, date(s), place, chairs, speakers with their speech titles, attendees.

Read from each sentence that says a meeting was held (`…会议在北京召开`, `在京召开…会议`, `以视频形式召开`,
`某部召开…会议`, `…会议10月24日在京闭幕`, `向…人大…会议作政府工作报告`, `在…会议上指出`, `会见`), several per
report (a digest, a notice with its session); the same meeting named again adds what it lacked. People take
their roles from the verbs after their name (主持, 出席, 讲话, 作工作报告, 表示), in the meeting the text is
telling of at that point; a later bare name or 他 is the same person; one who only sent an instruction
(作出重要批示) is no speaker or participant.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, Context, evidence, pattern_of, read_number
from kg.extract.people import Mention
from kg.facts import Document, Meeting, Participation, Speech

_DATE = lexicon.pattern("meeting.date")
_DAY = lexicon.pattern("meeting.day")
_LEADING_DATE = lexicon.pattern("meeting.leading_date")
_DATELINE = lexicon.pattern("meeting.dateline")  # 新华社北京5月22日电 before the name
_LASTS = lexicon.pattern("meeting.lasts")
_VIDEO = lexicon.pattern("meeting.video")
_MAIN_VENUE = lexicon.pattern("meeting.main_venue")
_SPEECH_TITLE = lexicon.pattern("meeting.speech_title")
_QUOTED = re.compile(r"[“\"].*?[”\"]")
_NOTE = re.compile(r"\([^()]*\)")
_CLOSING = lexicon.pattern("meeting.closing")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    nouns = pattern_of(lexicon.words("meeting_nouns"))
    held = pattern_of(lexicon.words("meeting_held"))
    adverbs = pattern_of(lexicon.words("meeting_adverbs"))
    speech = pattern_of(lexicon.words("meeting_speech_verbs"))
    name = rf"[{HAN}0-9“”]{{2,40}}?(?:{nouns})"
    day = lexicon.fragment("meeting.day_between")
    name_first = lexicon.pattern("meeting.name_first", name=name, day=day, adverbs=adverbs, held=held)
    place_first = lexicon.pattern("meeting.place_first", name=name, adverbs=adverbs, held=held)
    convened = lexicon.pattern("meeting.convened", name=name)
    attends = lexicon.pattern("meeting.attends", name=name)
    presented = lexicon.pattern("meeting.presented", name=name)
    attended = lexicon.pattern("meeting.attended", name=name, speech=speech)
    bare: dict[str, list[str]] = {}
    for row in lexicon.records("meeting_bare"):
        bare.setdefault(row["form"], []).append(row["word"])
    met = lexicon.pattern("meeting.met", verbs=pattern_of(bare["verb"]))
    noun = lexicon.pattern("meeting.noun", nouns=pattern_of(bare["noun"]))
    return name_first, place_first, convened, attends, presented, attended, met, noun


@lru_cache(maxsize=1)
def _role_words() -> tuple[re.Pattern, dict[str, str], dict[str, str]]:
    rows = lexicon.records("meeting")
    roles = {r["word"]: r["role"] for r in rows}
    titles = {r["word"]: r["speech_title"] for r in rows if r["speech_title"]}
    return re.compile(pattern_of(list(roles))), roles, titles


def find_meetings(document: Document, ctx: Context, mentions: list[Mention]) -> list[Meeting]:
    """The meetings the document reports, in the order the text first names them."""
    found: list[tuple[int, Meeting]] = []  # (index of the sentence that first names it, meeting)
    dated: set[int] = set()  # meetings (by id) dated by their own sentence
    for sentence in document.sentences:
        for match in _matches(sentence.text):
            name = _name_of(match)
            if name is None:
                continue
            own_date = bool(_DATE.search(sentence.text) or _DAY.search(sentence.text))
            if not own_date and _relayed_meeting(document.text, name):
                continue  # 传达学习…会议精神: the meeting relayed, not one this report tells of
            offset = sentence.start + match.start("name") + match.group("name").index(name)
            place = _place(match.group("place"), sentence.text)
            meeting = _same_meeting(found, name)
            if meeting is None:
                meeting = Meeting(
                    name=name, evidence=evidence(document, offset, offset + len(name)), place=place
                )
                found.append((sentence.index, meeting))
            elif len(name) > len(meeting.name):
                meeting.name = name
            meeting.place = meeting.place or place
            if meeting.date is None or own_date and id(meeting) not in dated:
                meeting.date = meeting.end_date = None
                _dates(meeting, document, ctx, sentence.index, match.group("name"))
                _years(meeting, ctx)
            if own_date:
                dated.add(id(meeting))
    _roles(found, document, mentions)
    return [meeting for _, meeting in found]


def _relayed_meeting(text: str, name: str) -> bool:
    objects = [r["word"] for r in lexicon.records("relayed") if r["kind"] == "object"]
    return any(f"{name}{word}" in text for word in objects)


def find_meeting(document: Document, ctx: Context, mentions: list[Mention]) -> Meeting | None:
    """The lead meeting of the document (the first it names), or None."""
    meetings = find_meetings(document, ctx, mentions)
    return meetings[0] if meetings else None


def _matches(sentence: str) -> list[re.Match]:
    """The meetings a sentence says were held, in their order, one per span of the sentence."""
    matches: list[re.Match] = []
    for pattern in _patterns():
        for match in pattern.finditer(sentence):
            if not _name_of(match) or _not_held(sentence, match):
                continue
            if any(
                m.start("name") < match.end("name") and match.start("name") < m.end("name") for m in matches
            ):
                continue
            if _is_bare(match.group("name")) and matches:
                continue
            matches.append(match)
            break
    return sorted(matches, key=lambda m: m.start("name"))


def _not_held(sentence: str, match: re.Match) -> bool:
    """`适时召开…`, `通过召开…`: a meeting intended or a means, not one reported as held."""
    verb = match.start("verb") if "verb" in match.re.groupindex and match.group("verb") else match.start()
    return any(sentence.endswith(w, 0, verb) for w in lexicon.words("meeting_not_held"))


def _is_bare(name: str) -> bool:
    return name in {r["word"] for r in lexicon.records("meeting_bare")}


def _same_meeting(found: list[tuple[int, Meeting]], name: str) -> Meeting | None:
    """A meeting named before under this name or one containing it (会议 and 交流会 alike); a bare 会见 is
    the same only as the meeting just told of."""

    def key(n: str) -> str:
        return n.removesuffix(lexicon.grammar_word("meeting.meeting_end"))

    if _is_bare(name):
        return found[-1][1] if found and found[-1][1].name == name else None
    for _, meeting in found:
        if key(name) in key(meeting.name) or key(meeting.name) in key(name):
            return meeting
    return None


def _name_of(match: re.Match) -> str | None:
    """The meeting's name in `match`; a bare noun of four characters or more (党组会议) names it only as the
    object of 召开 (`国家药品监督管理局召开党组会议`): how the text calls a meeting that has no other name."""
    name = match.group("name")
    if match.re is _patterns()[2] and len(name) >= 4 and name in lexicon.words("meeting_nouns"):
        return name
    return _clean_name(name)


def _clean_name(name: str) -> str | None:
    name = _DATELINE.sub("", name)
    name = _LASTS.sub("", _LEADING_DATE.sub("", name).lstrip("“”"))
    if _is_bare(name):
        return name
    if (
        len(name) < 4
        or name in lexicon.words("meeting_nouns")
        or name.startswith(lexicon.grammar_words("meeting.not_names"))
    ):
        return None
    return name


def _place(written: str | None, sentence: str) -> str | None:
    places = {row["abbreviation"]: row["place"] for row in lexicon.records("places")}
    venue = _MAIN_VENUE.search(sentence)
    if venue:
        written = venue.group(1) or venue.group(2)
        return places.get(written, written)
    if written:
        for adverb in lexicon.words("meeting_adverbs"):
            written = written.removesuffix(adverb)
    if (
        not written
        or _VIDEO.search(sentence)
        and written.startswith(lexicon.grammar_words("meeting.video_places"))
    ):
        return None
    return places.get(written, written)


def _dates(meeting: Meeting, document: Document, ctx: Context, index: int, written: str) -> None:
    """The date in the meeting's sentence, else in the nearest sentence around it; a day alone takes the
    month of the metadata; `为期两天的` gives the end date."""
    near = [index] + [i for d in (1, 2) for i in (index - d, index + d) if 0 <= i < len(document.sentences)]
    for number in near:
        match = _DATE.search(document.sentences[number].text)
        if match:
            break
    else:
        _day_only(meeting, document, document.sentences[index].text)
        _lasting(meeting, written)
        _closing_day(meeting, document, index)
        return
    year = int(match.group(1)) if match.group(1) else _year_of(int(match.group(2)), document, ctx)
    if year is None:
        return
    month, day = int(match.group(2)), int(match.group(3))
    meeting.date = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(5):
        end_month = int(match.group(4) or month)
        meeting.end_date = f"{year:04d}-{end_month:02d}-{int(match.group(5)):02d}"
    _lasting(meeting, written)
    _closing_day(meeting, document, index)


def _closing_day(meeting: Meeting, document: Document, index: int) -> None:
    """`15日,会议闭幕` or `会议于15日闭幕` in a later sentence: the end date, in the month the meeting opened."""
    if not meeting.date or meeting.end_date:
        return
    for sentence in document.sentences[index + 1 : index + 6]:
        closing = _CLOSING.search(sentence.text)
        if closing and int(closing.group(1) or closing.group(2)) > int(meeting.date[8:10]):
            meeting.end_date = f"{meeting.date[:8]}{int(closing.group(1) or closing.group(2)):02d}"
            return


def _lasting(meeting: Meeting, written: str) -> None:
    lasts = _LASTS.search(_LEADING_DATE.sub("", written))
    days = read_number(lasts.group(1)) if lasts else None
    if meeting.date and days and days > 1 and not meeting.end_date:
        meeting.end_date = (date.fromisoformat(meeting.date) + timedelta(days=int(days) - 1)).isoformat()


def _day_only(meeting: Meeting, document: Document, sentence: str) -> None:
    """`…工作会议26日在京召开`: the day in the text, the month and year from the metadata."""
    day = _DAY.search(sentence)
    if day and document.date:
        meeting.date = f"{document.date[:7]}-{int(day.group(1)):02d}"
        if day.group(2):
            meeting.end_date = f"{document.date[:7]}-{int(day.group(2)):02d}"


def _year_of(month: int, document: Document, ctx: Context) -> int | None:
    """The year of a date written without one: metadata first, then the years the text reviews."""
    if document.date:
        year, meta_month = int(document.date[:4]), int(document.date[5:7])
        return year - 1 if month >= 10 and meta_month <= 3 else year
    if ctx.reviews_year is not None:
        return ctx.reviews_year if month >= 10 else ctx.reviews_year + 1
    return None


def _years(meeting: Meeting, ctx: Context) -> None:
    """The years a meeting reviews and plans: as the text writes them, else from its date, unless it is of a
    kind that reviews no year (a party group's meeting, a meeting with a visitor, a standing committee)."""
    yearly = any(w in meeting.name for w in lexicon.words("yearly_meetings"))
    if (
        not ctx.years_written
        and not yearly
        and any(w in meeting.name for w in lexicon.words("occasional_meetings"))
    ):
        meeting.reviews_year = meeting.plans_year = None
        return
    meeting.reviews_year, meeting.plans_year = ctx.reviews_year, ctx.plans_year
    if meeting.reviews_year is None and meeting.date:
        year, month = int(meeting.date[:4]), int(meeting.date[5:7])
        meeting.reviews_year = year if month >= 10 else year - 1
        meeting.plans_year = meeting.reviews_year + 1


def _roles(found: list[tuple[int, Meeting]], document: Document, mentions: list[Mention]) -> None:
    """Chairs, speakers and attendees: the verbs after each name (shared back along a sentence), in the
    meeting the text tells of at that sentence (the last one named by then, else the first)."""
    if not found:
        return
    words, roles, titles = _role_words()
    relayed = _relayed_people(document, mentions)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in _with_references(document, mentions):
        if mention.person not in relayed:
            by_sentence.setdefault(document.sentence_at(mention.start).index, []).append(mention)
    for index, group in sorted(by_sentence.items()):
        meeting = next((m for i, m in reversed(found) if i <= index), found[0][1])
        sentence = document.sentences[index]
        if _is_bare(meeting.name) and meeting.name in sentence.text:
            for mention in group:  # 甲会见乙: both take part
                _participate(
                    meeting, mention.person, "attendee", evidence(document, mention.start, mention.end)
                )
        pending: list[Mention] = []
        for number, mention in enumerate(group):
            stop = group[number + 1].chain_start if number + 1 < len(group) else sentence.end
            window = document.text[mention.group_end : max(stop, mention.group_end)]
            window = _own_clauses(window)
            blank = _QUOTED.sub(lambda q: " " * len(q.group(0)), window)
            found_words = [m.group(0) for m in words.finditer(blank)]
            title = _SPEECH_TITLE.search(window)
            pending.append(mention)
            if not found_words and not title:
                # a note in brackets after a name (王某(挂职), 王某(兼…局长)) keeps it in the list
                if re.search(
                    f"[{HAN}]", _NOTE.sub("", window).replace(lexicon.grammar_word("meeting.as_well"), "")
                ):
                    pending = []  # `受甲委托,乙主持…`: 甲 is not in the list that shares 乙's verbs
                continue
            for person in pending:
                _assign(
                    meeting,
                    document,
                    person,
                    [roles[w] for w in found_words],
                    title.group(1) or title.group(3)
                    if title
                    else next((titles[w] for w in found_words if w in titles), None),
                    title.group(2) if title else None,
                )
            pending = []


def _own_clauses(window: str) -> str:
    """The words after a name up to the first clause that does not go on with it (`,并作…讲话` does)."""
    goes_on = pattern_of(lexicon.words("clause_continuations"))
    end = 0
    for clause in re.finditer(r"[^,;]*[,;]?", window):
        if end and not re.match(goes_on, clause.group(0)):
            break
        end = clause.end()
        if not clause.group(0):
            break
    return window[:end]


def _with_references(document: Document, mentions: list[Mention]) -> list[Mention]:
    """The mentions, and each later bare writing of a person's name or a 他/她 opening a clause (that person)."""
    text = document.text
    spans = {(m.start, m.end) for m in mentions}
    extra: list[Mention] = []
    for person in sorted({m.person for m in mentions}):
        first = min(m.start for m in mentions if m.person == person)
        for at in (m.start() for m in re.finditer(re.escape(person), text)):
            if at > first and not any(s <= at < e for s, e in spans):
                extra.append(Mention(person, at, at + len(person), at, at + len(person)))
    found = sorted(mentions + extra, key=lambda m: m.start)
    for match in re.finditer(
        f"(?:^|(?<=[,。;:\n]))(?:{pattern_of(lexicon.words('pronouns'))})(?=[{HAN}])", text
    ):
        before = [m for m in found if m.end <= match.start()]
        if before:
            person = before[-1].person
            extra.append(Mention(person, match.start(), match.end(), match.start(), match.end()))
    return sorted(mentions + extra, key=lambda m: m.start)


def _relayed_people(document: Document, mentions: list[Mention]) -> set[str]:
    """People whose name is followed by a word of a written instruction (作出重要批示): not at the meeting."""
    words = [r["word"] for r in lexicon.records("relayed") if r["kind"] == "instruction"]
    relayed = set()
    for mention in mentions:
        clause = re.split(r"[,。;]", document.text[mention.group_end :], maxsplit=1)[0]
        if any(w in clause for w in words):
            relayed.add(mention.person)
    return relayed


def _assign(
    meeting: Meeting,
    document: Document,
    mention: Mention,
    found: list[str],
    title: str | None,
    titled_kind: str | None,
) -> None:
    ev = evidence(document, mention.start, mention.end)
    kinds = [f.split(":", 1)[1] for f in found if f.startswith("speaker")]
    if titled_kind and not kinds:
        titled = lexicon.grammar_table("meeting.speech_kinds")
        kinds = [next((kind for word, kind in titled.items() if word in titled_kind), "speech")]
    for role in dict.fromkeys(f.split(":", 1)[0] for f in found):
        _participate(meeting, mention.person, role, ev)
    if kinds:
        _participate(meeting, mention.person, "speaker", ev)
        kind = kinds[0]
        same = [s for s in meeting.speeches if s.speaker == mention.person]
        if not same:
            meeting.speeches.append(Speech(mention.person, title, kind, ev))
        elif title and not same[0].title:
            meeting.speeches[meeting.speeches.index(same[0])] = Speech(
                mention.person, title, same[0].kind, same[0].evidence
            )
    if "chair" in [f.split(":", 1)[0] for f in found] and mention.person not in meeting.chairs:
        meeting.chairs.append(mention.person)


def _participate(meeting: Meeting, person: str, role: str, ev) -> None:
    if not any(p.person == person and p.role == role for p in meeting.participants):
        meeting.participants.append(Participation(person, role, ev))
