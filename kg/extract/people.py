"""Officials, read by grammar: a chain of titles before a name or a 、-list of names
(`部党组成员、副部长王某、李某某`), or a title after a name (`王某部长`).

Each title of a chain is split into the organization written before it (or the one of the title before
it, or the host body) and a bare post; party posts belong to the body's 党组.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import lexicon
from kg.extract.common import HAN, Context, evidence, is_surname_start, organization_pattern, pattern_of
from kg.extract.organizations import Registry, Resolver, government_of, strip_openers, suffix_kind
from kg.facts import Document, Membership
from kg.kinds import PostChange

_CHAIN_STOP = ",。;:!?()“”\"'《》\n "
_SEPARATORS = ("、", lexicon.grammar_word("words.concurrently"))
_JOINERS = lexicon.grammar_words("words.joiners")
_BODY_ENDS = lexicon.grammar_word("people.body_ends")


@dataclass
class Mention:
    """A person named in the text, with the posts the grammar gives them."""

    person: str
    start: int
    end: int
    chain_start: int
    group_end: int  # end of the list of names this one belongs to
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # (post, organization, as written)
    change: PostChange | None = None  # set by an appointment or removal (任命…为…, 免去…职务)
    date: str | None = None


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    return re.compile(pattern_of(list(lexicon.titles())))


@lru_cache(maxsize=1)
def _title_end_re() -> re.Pattern:
    return re.compile(f"(?:{pattern_of(list(lexicon.titles()))})$")


@lru_cache(maxsize=1)
def _follower_re() -> re.Pattern:
    return re.compile(
        f"(?:{pattern_of(lexicon.words('name_followers'))}|{pattern_of(list(lexicon.titles()))})"
    )


def read_name(text: str, pos: int) -> int | None:
    """End of a person's name starting at `pos` (2–4 Han characters before a stop), or None."""
    run = re.match(f"[{HAN}]+", text[pos:])
    if not run:
        return None
    run_text = run.group(0)
    compound = run_text[:2] in set(lexicon.words("surnames"))
    longest = 4 if compound else 3
    after_run = text[pos + len(run_text) : pos + len(run_text) + 1]
    for length in range(2, longest + 1):
        follower = _follower_re().match(run_text, length) if length < len(run_text) else None
        if follower and (
            len(follower.group(0)) > 1
            or follower.end() < len(run_text)
            or follower.group(0) == lexicon.grammar_word("people.etc")
            or after_run.isdigit()
        ):
            if _ends_the_name(run_text, length, follower.group(0), longest):
                return _valid(run_text[: length + 1], pos)  # 李文和出席: 和 is the name's
            return _valid(run_text[:length], pos)  # a one-character 和/在/于 needs words (or a date) after it
    if len(run_text) <= longest:
        return _valid(run_text, pos)
    return _valid(_jieba_name(run_text), pos)


def _ends_the_name(run_text: str, length: int, follower: str, longest: int) -> bool:
    """Is the one-character `follower` after `length` characters the last of the name (a word ending names follows)?"""
    if follower not in lexicon.words("name_final_chars") or length + 1 > longest:
        return False
    after = re.match(pattern_of(lexicon.words("name_followers")), run_text[length + 1 :])
    return after is not None and len(after.group(0)) > 1


def _valid(name: str | None, pos: int) -> int | None:
    if not name or len(name) < 2 or not is_surname_start(name):
        return None
    if name in lexicon.titles() or name in lexicon.organization_names() or name[-1] in _BODY_ENDS:
        return None
    if name.startswith(lexicon.words("scopes")):  # 全国检察长会议: a scope, no one's name
        return None
    return pos + len(name)


def _jieba_name(run_text: str) -> str | None:
    from kg.extract.segment import segment

    tokens = segment(run_text)
    if tokens and tokens[0].tag == "nr" and 2 <= len(tokens[0].word) <= 4:
        return tokens[0].word
    return None


def _is_stop(char: str) -> bool:
    """Does `char` end a chain segment (punctuation, a space, a digit: anything that is not Han)?"""
    return char in _CHAIN_STOP or char in _SEPARATORS or not re.match(f"[{HAN}]", char)


@lru_cache(maxsize=1)
def _chain_verb_re() -> re.Pattern:
    return re.compile(pattern_of(lexicon.words("chain_verbs")))


def _after_verbs(text: str, start: int, title_start: int) -> int:
    """Start of the body's words in text[start:title_start]: after the last verb that opens a chain there."""
    cut = start
    for match in _chain_verb_re().finditer(text, start, title_start):
        cut = max(cut, match.end())
    return cut


def _chain_before(text: str, title_end: int, floor: int = 0) -> list[tuple[int, int]]:
    """Spans of the 、-separated segments, each ending with a title, that end at `title_end` (after `floor`)."""
    segments: list[tuple[int, int]] = []
    end = title_end
    while True:
        scan = end
        while scan > floor and not _is_stop(text[scan - 1]):
            scan -= 1
        title = _title_end_re().search(text, scan, end)
        if not title:
            break
        start = _after_verbs(text, scan, title.start())
        if segments and text[end] == "," and not _names_a_body(text[start : title.start()]):
            break  # `除部长,包括了副部长…`: a comma joins only titles of a body
        segments.append((start, end))
        if start != scan or start <= floor or not _joins_chain(text, start - 1):
            break
        end = start - 1
    return list(reversed(segments))


def _names_a_body(prefix: str) -> bool:
    """Is `prefix` (the words before a title) empty or the name of a body (`除` in `除部长,…` is not)?"""
    prefix = strip_openers(prefix)
    if not prefix:
        return True
    if organization_pattern().fullmatch(prefix):
        return True
    return suffix_kind(prefix) is not None or any(prefix.startswith(p) for p in lexicon.words("provinces"))


def _joins_chain(text: str, pos: int) -> bool:
    """Is the character at `pos` inside a chain: 、/兼, or a comma right after a title (`副部长,国家…局局长`)?"""
    if text[pos] in _SEPARATORS:
        return True
    return text[pos] == "," and bool(_title_end_re().search(text, max(0, pos - 6), pos))


def find_mentions(document: Document, ctx: Context, registry: Registry) -> list[Mention]:
    """Every person named after a chain of titles or before a title, in text order."""
    text = document.text
    resolver = Resolver(ctx, registry)
    mentions: list[Mention] = []
    taken: set[int] = set()
    for match in _title_re().finditer(text):
        name_end = read_name(text, match.end())
        if name_end is None:
            continue
        segments = _chain_before(text, match.end(), mentions[-1].group_end if mentions else 0)
        if not segments:
            continue
        posts = _posts_of_chain(text, segments, resolver)
        names = _name_list(text, match.end(), name_end)
        group_end = names[-1][1]
        for start, end in names:
            if start in taken:
                continue
            taken.add(start)
            own = posts + _bracketed_posts(text, end, resolver)
            mentions.append(Mention(text[start:end], start, end, segments[0][0], group_end, own))
    mentions += _titles_after_names(text, resolver, taken)
    return sorted((m for m in mentions if not _relayed(text, m)), key=lambda m: m.start)


def _bracketed_posts(text: str, name_end: int, resolver: Resolver) -> list[tuple[str, str, str]]:
    """`王某(兼国家能源局局长)`: the posts a note in brackets right after a name holds concurrently."""
    opener = "(" + lexicon.grammar_word("words.concurrently")
    close = text.find(")", name_end, name_end + 40)
    if (
        not text.startswith(opener, name_end)
        or close < 0
        or not _title_end_re().search(text, close - 8, close)
    ):
        return []
    segments = _chain_before(text, close, name_end + len(opener))
    if not segments or segments[0][0] != name_end + len(opener):
        return []  # the whole note is a chain of posts, nothing else
    return _posts_of_chain(text, segments, resolver)


def _relayed(text: str, mention: Mention) -> bool:
    """`学习贯彻甲总书记在…会议上的重要讲话精神`: a person named only inside what a clause relays (a relaying
    verb before the name, what is relayed after it, in the same clause) is no official of the text."""
    clause_start = max(text.rfind(stop, 0, mention.chain_start) for stop in ",。;:\n") + 1
    clause_end = min(
        (i for i in (text.find(stop, mention.end) for stop in ",。;:\n") if i >= 0), default=len(text)
    )
    before, after = text[clause_start : mention.chain_start], text[mention.end : clause_end]
    rows = lexicon.records("relayed")
    return any(r["word"] in before for r in rows if r["kind"] == "verb") and any(
        r["word"] in after for r in rows if r["kind"] == "object"
    )


def _government_title(post: str) -> bool:
    """Is `post` a title of a local government, also with a prefix of title_prefixes.txt (代市长, 代理省长)?"""
    titles = lexicon.words("government_titles")
    prefixes = lexicon.words("title_prefixes")
    return post in titles or any(post.startswith(p) and post[len(p) :] in titles for p in prefixes)


def _posts_of_chain(
    text: str, segments: list[tuple[int, int]], resolver: Resolver, base: str | None = None
) -> list[tuple[str, str, str]]:
    posts = []
    base = base or resolver.host or resolver.last_named()  # 党组成员、副院长某: the body just named
    for start, end in segments:
        segment = text[start:end]
        found = _title_end_re().search(segment)
        if found is None:  # a segment ends with a title by construction (_chain_before)
            continue
        title = found.group(0)
        written = strip_openers(segment)
        post, suffix = lexicon.titles()[title]
        org = resolver.resolve(segment[: -len(title)], title, start)
        if (
            org
            and org == strip_openers(segment[: -len(title)])
            and suffix_kind(org) in _DEPARTMENT_KINDS
            and _committee(resolver, base)
        ):
            # 市委常委、组织部部长: a body written bare after a party committee's post is that committee's
            org = resolver.registry.add(f"{base}{org}", "local department", base)
        if org is None and title in lexicon.title_defaults():
            org = resolver.register_known(lexicon.title_defaults()[title], title)
        if org and not org.endswith(tuple(lexicon.party_bodies())):
            resolver.remember(org)
        if org is None and _government_title(post):
            government = (
                government_of(base or "") or resolver.local_government()
            )  # 副市长: the city's, never a ministry's
            org = resolver.registry.add(government, "local government", None) if government else ""
        elif org is None:
            org = resolver.register_known(base, base) if base else ""
        else:
            base = org
        if suffix and org and not org.endswith(suffix):
            party = org + suffix
            resolver.registry.add(
                party,
                lexicon.party_bodies()[suffix],
                org,
                written[: -len(title)] + suffix if written != title else None,
            )
            org = party
        posts.append((post, org, written))
    return posts


_DEPARTMENT_KINDS = ("ministry", "department", "commission", "office", "general office", "bureau")


def _committee(resolver: Resolver, name: str | None) -> bool:
    """Is `name` a province's or city's party committee the text has named (中共温州市委)?"""
    if not name or not name.endswith(lexicon.grammar_word("organizations.committee")):
        return False
    return resolver.registry.found.get(name, {}).get("kind") == "party committee"


def _name_list(text: str, first_start: int, first_end: int) -> list[tuple[int, int]]:
    """The first name and those joined to it by 、/和 that carry no title of their own."""
    names = [(first_start, first_end)]
    pos = first_end
    while pos < len(text):
        note = re.match(r"\([^()]{1,12}\)", text[pos:])  # 王某(挂职)、李某: a note after a name
        pos += note.end() if note else 0
        joiner = next((j for j in _JOINERS if text.startswith(j, pos)), None)
        if not joiner:
            break
        nxt = pos + len(joiner)
        if _title_re().match(text, nxt) or _starts_chain(text, nxt):
            break
        end = read_name(text, nxt)
        if end is None:
            break
        names.append((nxt, end))
        pos = end
    return names


def _starts_chain(text: str, pos: int) -> bool:
    """Does a title come before the next separator (then the words at `pos` open a new chain)?"""
    stop = pos
    while stop < len(text) and text[stop] not in _CHAIN_STOP and text[stop] not in _SEPARATORS:
        stop += 1
    return bool(_title_re().search(text, pos, stop))


def _titles_after_names(text: str, resolver: Resolver, taken: set[int]) -> list[Mention]:
    """`王某部长指出`: a name right before a title, the title followed by a stop."""
    mentions = []
    for match in _title_re().finditer(text):
        after = match.end()
        if after < len(text) and re.match(f"[{HAN}]", text[after]) and not _follower_re().match(text, after):
            continue
        for length in (2, 3, 4):
            start = match.start() - length
            if start < 0 or start in taken:
                continue
            name = text[start : match.start()]
            if not re.fullmatch(f"[{HAN}]+", name) or _valid(name, start) is None:
                continue
            if length == 4 and name[:2] not in set(lexicon.words("surnames")):
                continue
            org, org_start = _organization_before(text, start, resolver)
            if org is None and not _boundary_before(text, start):
                continue
            title = match.group(0)
            post, suffix = lexicon.titles()[title]
            default = lexicon.title_defaults().get(title) or (
                resolver.local_government()
                if _government_title(post)
                else None  # 王某省长: the text's province
            )
            default = default or resolver.host
            if not org and not default:
                break  # 王某部长 with no ministry named anywhere: the post's body is unknown
            org = org or resolver.register_known(default, default)
            if suffix:
                org = resolver.registry.add(org + suffix, "party group", org, None)
            taken.add(start)
            mentions.append(
                Mention(
                    name,
                    start,
                    match.start(),
                    org_start,
                    match.end(),
                    [(post, org, text[org_start:start] + title)],
                )
            )
            break
    return mentions


def _boundary_before(text: str, pos: int) -> bool:
    if pos == 0 or not re.match(f"[{HAN}]", text[pos - 1]):
        return True
    return any(text.endswith(opener, 0, pos) for opener in lexicon.words("chain_openers"))


def _organization_before(text: str, pos: int, resolver: Resolver) -> tuple[str | None, int]:
    for match in organization_pattern().finditer(text, max(0, pos - 30), pos):
        if match.end() == pos:
            written = match.group(0)
            canonical = lexicon.canonical_organization(written)
            return resolver.register_known(canonical, written, (match.start(), match.end())), match.start()
    return None, pos


def memberships(document: Document, mentions: list[Mention]) -> list[Membership]:
    """One membership per (person, post, organization), evidence = the chain and the name; an appointment or
    removal of the post wins over a plain mention of it."""
    found: dict[tuple[str, str, str], Membership] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        for post, org, written in mention.posts:
            key = (mention.person, post, org)
            if not org or key in found and (found[key].change or not mention.change):
                continue
            # a profile's line that leaves its subject out (`,后于2015年12月获任…`): the verb and its titles
            end = mention.end if mention.end > mention.chain_start else mention.group_end
            found[key] = Membership(
                mention.person,
                post,
                org,
                written,
                evidence(document, mention.chain_start, end),
                mention.change,
                mention.date,
            )
    return sorted(found.values(), key=lambda m: (m.evidence.start, m.evidence.end))
