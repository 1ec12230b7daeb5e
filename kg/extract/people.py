"""Officials and organizations, read by grammar: a chain of titles before a name or a 、-list of names
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
from kg.facts import Document, Membership, Organization

_CHAIN_STOP = ",。;:!?()“”\"'《》\n "
_SEPARATORS = ("、", "兼")
_JOINERS = ("、", "和", "及", "与")
_HOST_ALIASES = ("部", "委", "局", "署", "行", "厅", "总局")
_STATIONED = re.compile(r"(中央纪委国家监委|中央纪委)?驻(.{1,20}?)纪检(监察)?组")


@dataclass
class Mention:
    """A person named in the text, with the posts the grammar gives them."""

    person: str
    start: int
    end: int
    chain_start: int
    group_end: int  # end of the list of names this one belongs to
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # (post, organization, as written)


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    return re.compile(pattern_of(list(lexicon.titles())))


@lru_cache(maxsize=1)
def _title_end_re() -> re.Pattern:
    return re.compile(f"(?:{pattern_of(list(lexicon.titles()))})$")


@lru_cache(maxsize=1)
def _follower_re() -> re.Pattern:
    return re.compile(f"(?:{pattern_of(lexicon.words('name_followers'))}|{pattern_of(list(lexicon.titles()))})")


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in lexicon.table("org_suffixes")), key=lambda r: -len(r[0])))


def suffix_kind(name: str) -> str | None:
    """The kind of organization its last words make `name`, or None."""
    for suffix, kind in _org_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


class Registry:
    """The organizations met so far: canonical name → kind, parent and the forms written."""

    def __init__(self) -> None:
        self.found: dict[str, dict] = {}

    def add(self, name: str, kind: str, parent: str | None, written: str | None = None,
            span: tuple[int, int] | None = None) -> str:
        entry = self.found.setdefault(name, {"kind": kind, "parent": parent, "aliases": [], "span": span})
        if written and written != name and written not in entry["aliases"]:
            entry["aliases"].append(written)
        return name

    def organizations(self, document: Document) -> list[Organization]:
        result = []
        for name, entry in self.found.items():
            span = entry["span"] or _first_span(document.text, [name, *entry["aliases"]])
            ev = evidence(document, *span) if span else None
            result.append(Organization(name, entry["kind"], tuple(entry["aliases"]), entry["parent"], ev))
        return result


def _first_span(text: str, forms: list[str]) -> tuple[int, int] | None:
    found = [(text.find(f), -len(f), f) for f in forms if f and text.find(f) >= 0]
    if not found:
        return None
    start, _, form = min(found)
    return start, start + len(form)


class Resolver:
    """Turns the words written before a title into a canonical organization."""

    def __init__(self, ctx: Context, registry: Registry) -> None:
        self.host = ctx.host
        self.registry = registry
        self.year = ctx.reviews_year
        self.province = ctx.province
        self.recent: list[str] = [ctx.host] if ctx.host else []

    def known(self, name: str) -> str | None:
        """Canonical name for a gazetteer form, or for a bare 部/委/厅: the last such body named, else the host."""
        if name in _HOST_ALIASES:
            recent = [n for n in self.recent if n.endswith(name) and suffix_kind(n)]
            return recent[-1] if recent else self.host or None
        canonical = lexicon.organization_names().get(name)
        return canonical

    def remember(self, name: str) -> None:
        """`name` was just named in full: a later bare 部/厅 may refer to it."""
        if name and name not in _HOST_ALIASES:
            self.recent.append(name)

    def register_known(self, canonical: str, written: str) -> str:
        body = lexicon.gazetteer().get(canonical)
        if body:
            return self.registry.add(canonical, body.kind, body.parent, written)
        return self.registry.add(canonical, suffix_kind(canonical) or "organization", None, written)

    def resolve(self, prefix: str, title: str) -> str | None:
        """The organization `prefix` names (registered), or None if it names none."""
        prefix = _strip_openers(prefix)
        if not prefix:
            return None
        canonical = self.known(prefix)
        if canonical:
            return self.register_known(canonical, prefix)
        stationed = _STATIONED.fullmatch(prefix)
        if stationed:
            return self._stationed(prefix, stationed)
        for party in ("党组", "党委"):
            if prefix.endswith(party) and len(prefix) > len(party):
                base = self.resolve(prefix[: -len(party)], title)
                if base:
                    return self.registry.add(base + party, "party group" if party == "党组" else "party committee",
                                             base, prefix)
        head = self._longest_known_head(prefix)
        if head:
            canonical = self.known(head)
            rest = prefix[len(head):]
            if not rest:
                return self.register_known(canonical, prefix)
            if suffix_kind(rest) and canonical:
                self.register_known(canonical, head)
                kind = "department" if suffix_kind(rest) in ("department", "bureau", "office") else suffix_kind(rest)
                return self.registry.add(canonical + rest, kind, canonical, prefix)
        prefix = self._with_province(prefix)
        province = _province_head(prefix)
        if province:
            return self._local(prefix, title)
        kind = suffix_kind(prefix)
        if kind:
            if kind in ("department", "bureau", "office") and not prefix.startswith(("国家", "中国", "中央")) \
                    and self.host:
                self.register_known(self.host, self.host)
                return self.registry.add(self.host + prefix, "department", self.host, prefix)
            return self.registry.add(prefix, kind, None, prefix)
        for cut in range(1, len(prefix)):
            tail = prefix[cut:]
            if self.known(tail) or _STATIONED.fullmatch(tail):
                return self.resolve(tail, title)
        return None

    def _with_province(self, prefix: str) -> str:
        """`省工业和信息化厅` in a text about 广东省 → 广东省工业和信息化厅."""
        head = _province_head(self.province or "")
        level = (self.province or "")[len(head or ""):]
        if head and level and prefix.startswith(level) and len(prefix) > len(level) + 1:
            return head + prefix
        return prefix

    def _stationed(self, prefix: str, match: re.Match) -> str:
        target = self.known(match.group(2)) or match.group(2)
        modern = bool(match.group(3)) or "国家监委" in prefix or not match.group(1)
        if modern and (self.year or 2018) >= 2018:
            name, parent = f"中央纪委国家监委驻{target}纪检监察组", "中央纪委国家监委"
        else:
            name, parent = f"中央纪委驻{target}纪检组", "中央纪委国家监委"
        return self.registry.add(name, "discipline inspection group", parent, prefix)

    def _longest_known_head(self, prefix: str) -> str | None:
        for cut in range(len(prefix), 0, -1):
            if self.known(prefix[:cut]):
                return prefix[:cut]
        return None

    def _local(self, prefix: str, title: str) -> str:
        if suffix_kind(prefix) in (None, "ministry") and prefix[-1:] in "省市区" or prefix in lexicon.words("provinces"):
            if title.endswith("书记"):
                return self.registry.add(prefix + "委", "party committee", None, prefix)
            return self.registry.add(prefix + "人民政府", "local government", None, prefix)
        kind = suffix_kind(prefix)
        if kind in ("department", "bureau", "commission", "office", "general office"):
            kind = "local department"
        return self.registry.add(prefix, kind or "local organization", None, prefix)


def _province_head(prefix: str) -> str | None:
    for name in lexicon.longest_first(lexicon.words("provinces")):
        if prefix.startswith(name):
            return name
    return None


def _strip_openers(prefix: str) -> str:
    for opener in lexicon.longest_first(lexicon.words("chain_openers")):
        if prefix.startswith(opener) and len(prefix) > len(opener):
            return _strip_openers(prefix[len(opener):])
    return prefix


def read_name(text: str, pos: int) -> int | None:
    """End of a person's name starting at `pos` (2–4 Han characters before a stop), or None."""
    run = re.match(f"[{HAN}]+", text[pos:])
    if not run:
        return None
    run_text = run.group(0)
    compound = run_text[:2] in set(lexicon.words("surnames"))
    longest = 4 if compound else 3
    for length in range(2, longest + 1):
        follower = _follower_re().match(run_text, length) if length < len(run_text) else None
        if follower and (len(follower.group(0)) > 1 or follower.end() < len(run_text) or follower.group(0) == "等"):
            return _valid(run_text[:length], pos)  # a one-character 和/在/于 needs words after it
    if len(run_text) <= longest:
        return _valid(run_text, pos)
    return _valid(_jieba_name(run_text), pos)


def _valid(name: str | None, pos: int) -> int | None:
    if not name or len(name) < 2 or not is_surname_start(name):
        return None
    if name in lexicon.titles() or name in lexicon.organization_names() or name[-1] in "部局委厅司署组省市":
        return None
    return pos + len(name)


def _jieba_name(run_text: str) -> str | None:
    from kg.segment import segment

    tokens = segment(run_text)
    if tokens and tokens[0].tag == "nr" and 2 <= len(tokens[0].word) <= 4:
        return tokens[0].word
    return None


def _chain_before(text: str, title_end: int, floor: int = 0) -> list[tuple[int, int]]:
    """Spans of the 、-separated segments, each ending with a title, that end at `title_end` (after `floor`)."""
    segments = []
    end = title_end
    while True:
        start = end
        while start > floor and text[start - 1] not in _CHAIN_STOP and text[start - 1] not in _SEPARATORS:
            start -= 1
        segment = text[start:end]
        if not _title_end_re().search(segment):
            break
        segments.append((start, end))
        if start <= floor or text[start - 1] not in _SEPARATORS:
            break
        end = start - 1
    return list(reversed(segments))


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
            mentions.append(Mention(text[start:end], start, end, segments[0][0], group_end, list(posts)))
    mentions += _titles_after_names(text, resolver, taken)
    return sorted(mentions, key=lambda m: m.start)


def _posts_of_chain(text: str, segments: list[tuple[int, int]], resolver: Resolver) -> list[tuple[str, str, str]]:
    posts = []
    base = resolver.host
    for start, end in segments:
        segment = text[start:end]
        title = _title_end_re().search(segment).group(0)
        written = _strip_openers(segment)
        org = resolver.resolve(segment[: -len(title)], title)
        if org is None and title in lexicon.title_defaults():
            org = resolver.register_known(lexicon.title_defaults()[title], title)
        if org and not org.endswith(("党组", "党委")):
            resolver.remember(org)
        if org is None:
            org = resolver.register_known(base, base) if base else ""
        else:
            base = org
        post, suffix = lexicon.titles()[title]
        if suffix and not org.endswith(suffix):
            party = org + suffix
            resolver.registry.add(party, "party group" if suffix == "党组" else "party committee", org,
                                  written[: -len(title)] + suffix if written != title else None)
            org = party
        posts.append((post, org, written))
    return posts


def _name_list(text: str, first_start: int, first_end: int) -> list[tuple[int, int]]:
    """The first name and those joined to it by 、/和 that carry no title of their own."""
    names = [(first_start, first_end)]
    pos = first_end
    while pos < len(text):
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
            name = text[start: match.start()]
            if not re.fullmatch(f"[{HAN}]+", name) or _valid(name, start) is None:
                continue
            if length == 4 and name[:2] not in set(lexicon.words("surnames")):
                continue
            org, org_start = _organization_before(text, start, resolver)
            if org is None and not _boundary_before(text, start):
                continue
            title = match.group(0)
            post, suffix = lexicon.titles()[title]
            default = lexicon.title_defaults().get(title, resolver.host)
            org = org or resolver.register_known(default, default)
            if suffix:
                org = resolver.registry.add(org + suffix, "party group", org, None)
            taken.add(start)
            mentions.append(Mention(name, start, match.start(), org_start, match.end(),
                                    [(post, org, text[org_start:start] + title)]))
            break
    return mentions


def _boundary_before(text: str, pos: int) -> bool:
    if pos == 0 or not re.match(f"[{HAN}]", text[pos - 1]):
        return True
    return any(text.endswith(opener, 0, pos) for opener in lexicon.words("chain_openers"))


def _organization_before(text: str, pos: int, resolver: Resolver) -> tuple[str | None, int]:
    for match in organization_pattern().finditer(text, max(0, pos - 30), pos):
        if match.end() == pos:
            return resolver.register_known(lexicon.canonical_organization(match.group(0)), match.group(0)), \
                match.start()
    return None, pos


def memberships(document: Document, mentions: list[Mention]) -> list[Membership]:
    """One membership per (person, post, organization), evidence = the chain and the name."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for mention in mentions:
        for post, org, written in mention.posts:
            key = (mention.person, post, org)
            if key in seen or not org:
                continue
            seen.add(key)
            result.append(Membership(mention.person, post, org, written,
                                     evidence(document, mention.chain_start, mention.end)))
    return result


def scan_organizations(document: Document, registry: Registry, exclude: list[tuple[int, int]]) -> None:
    """Register every gazetteer body written in the text (not inside a person's name)."""
    text = document.text
    for match in organization_pattern().finditer(text):
        if text[match.end(): match.end() + 1] == "门" or any(s <= match.start() < e for s, e in exclude):
            continue
        canonical = lexicon.canonical_organization(match.group(0))
        body = lexicon.gazetteer()[canonical]
        if canonical not in registry.found:
            registry.add(canonical, body.kind, body.parent, match.group(0), (match.start(), match.end()))
        else:
            registry.add(canonical, body.kind, body.parent, match.group(0))
        if body.parent and body.kind == "state administration":
            parent = lexicon.gazetteer().get(body.parent)
            if parent and body.parent not in registry.found:
                registry.add(parent.name, parent.kind, parent.parent)


@lru_cache(maxsize=1)
def _local_body_re() -> re.Pattern:
    provinces = pattern_of(lexicon.words("provinces"))
    return re.compile(rf"(?:{provinces})(?:省|市|自治区)?[{HAN}]{{2,14}}?(?:厅|局|委员会|委)(?=[、,。和及与等作在]|$)")


def scan_local_bodies(document: Document, registry: Registry) -> None:
    """Register provincial and municipal departments named on their own (`浙江省经济和信息化厅作交流发言`)."""
    for match in _local_body_re().finditer(document.text):
        name = match.group(0)
        if name not in registry.found:
            registry.add(name, "local department", None, None, (match.start(), match.end()))
