"""Organizations: the gazetteer's bodies and those the grammar names (…部, …局, 驻…纪检监察组, …省人民政府,
…集团有限公司), each with its canonical full name, kind, parent and the forms the text wrote.

A bare 部/委/厅 (部党组成员, 委党组成员) is the last such body named in full, else the host of the meeting.
An organization's evidence is the earliest span of words that named it (the resolver's or the gazetteer scan's),
never a one-character alias: the 部 of 部党组 stands for the ministry but is no evidence of its name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg import lexicon
from kg.extract.common import PLACE_CHAR, Context, evidence, organization_pattern, pattern_of
from kg.facts import Document, Organization

Span = tuple[int, int]

_HOST_ALIASES = lexicon.grammar_words("organizations.host_aliases")
_STATIONED = lexicon.pattern("organizations.stationed")
_GOVERNMENT, _COMMITTEE = (
    lexicon.grammar_word("organizations.government"),
    lexicon.grammar_word("organizations.committee"),
)


@lru_cache(maxsize=1)
def _org_suffixes() -> tuple[tuple[str, str], ...]:
    rows = ((r["suffix"], r["kind"]) for r in lexicon.records("org_suffixes"))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


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

    def add(
        self,
        name: str,
        kind: str,
        parent: str | None,
        written: str | None = None,
        span: Span | None = None,
    ) -> str:
        if not name:
            return name  # nothing to register: the text names no body for this post
        entry = self.found.setdefault(name, {"kind": kind, "parent": parent, "aliases": [], "span": span})
        if span and (entry["span"] is None or span < entry["span"]):
            entry["span"] = span  # the earliest words that named it
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


def _first_span(text: str, forms: list[str]) -> Span | None:
    """The first occurrence of a form of two characters or more (a bare 部 inside 会议部署 is no evidence)."""
    found = [(text.find(f), -len(f), f) for f in forms if len(f) > 1 and text.find(f) >= 0]
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
        self.place = _place_head(ctx.province)  # 洛阳 of 洛阳市: a place the text names outside provinces.txt
        self.publisher = ctx.publisher
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

    def last_named(self) -> str | None:
        """The body last named in full (not a party group or committee), or None."""
        return self.recent[-1] if self.recent else None

    def register_known(self, canonical: str, written: str, span: Span | None = None) -> str:
        body = lexicon.gazetteer().get(canonical)
        if body:
            return self.registry.add(body.name_in(self.year), body.kind, body.parent, written, span)
        return self.registry.add(canonical, suffix_kind(canonical) or "organization", None, written, span)

    def resolve(self, prefix: str, title: str, at: int | None = None) -> str | None:
        """The organization `prefix` names (registered), or None if it names none. `at` is where `prefix`
        starts in the text: the words matched become the organization's evidence."""
        stripped = strip_openers(prefix)
        at = None if at is None else at + len(prefix) - len(stripped)
        prefix = stripped
        if not prefix:
            return None
        span = _span(at, len(prefix))
        canonical = self.known(prefix)
        if canonical:
            return self.register_known(canonical, prefix, span)
        stationed = _STATIONED.fullmatch(prefix)
        if stationed:
            return self._stationed(prefix, stationed, span)
        for party, party_kind in lexicon.party_bodies().items():
            if prefix.endswith(party) and len(prefix) > len(party):
                base = self.resolve(prefix[: -len(party)], title, at)
                if base:
                    return self.registry.add(base + party, party_kind, base, prefix, span)
        head = self._longest_known_head(prefix)
        if head:
            canonical = self.known(head) or head
            rest = prefix[len(head) :]
            if not rest:
                return self.register_known(canonical, prefix, span)
            if suffix_kind(rest) and canonical:
                self.register_known(canonical, head, _span(at, len(head)))
                rest_kind = suffix_kind(rest) or "organization"
                part = "department" if rest_kind in ("department", "bureau", "office") else rest_kind
                return self.registry.add(canonical + rest, part, canonical, prefix, span)
        publisher = self._self_reference(prefix)
        if publisher:
            return self.registry.add(publisher, suffix_kind(publisher) or "organization", None, prefix, span)
        written = prefix
        prefix = self._with_province(prefix)  # the span stays on the words written (省工业和信息化厅)
        added = len(prefix) - len(written)
        province = _province_head(prefix, self.place)
        city = None if province else city_head(prefix)
        if province or city:
            return self._local(prefix, title, span, city)
        tail = self._known_tail(prefix)
        if tail:
            return self.resolve(tail, title, _shift(at, len(prefix) - len(tail) - added))
        kind = suffix_kind(prefix)
        if kind:
            if (
                kind in ("department", "bureau", "office")
                and not prefix.startswith(lexicon.grammar_words("organizations.national"))
                and self.host
            ):
                self.register_known(self.host, self.host)
                return self.registry.add(self.host + prefix, "department", self.host, prefix, span)
            return self.registry.add(prefix, kind, None, prefix, span)
        for cut in range(1, len(prefix)):
            tail = prefix[cut:]
            if self.known(tail) or _STATIONED.fullmatch(tail):
                return self.resolve(tail, title, _shift(at, cut - added) if cut >= added else None)
        return None

    def local_government(self) -> str | None:
        """The people's government of the province or city the text is about (for 市长 written alone)."""
        if not self.province:
            return None
        place, rest = split_place(self.province, self.place)
        return local_bodies()[_GOVERNMENT][0].format(place=place) if place and not rest else None

    def _self_reference(self, prefix: str) -> str | None:
        """`我校` in the news of a university: the publisher, cut after the ending the word calls for."""
        ends = {r["word"]: r["body_ends"].split(",") for r in lexicon.records("self_references")}
        if prefix not in ends or not self.publisher:
            return None
        cuts = [self.publisher.find(e) + len(e) for e in ends[prefix] if self.publisher.find(e) > 0]
        return self.publisher[: max(cuts)] if cuts else None

    def _with_province(self, prefix: str) -> str:
        """`省工业和信息化厅` in a text about 广东省 → 广东省工业和信息化厅."""
        head = _province_head(self.province or "", self.place)
        level = (self.province or "")[len(head or "") :]
        if head and level and prefix.startswith(level) and len(prefix) > len(level):
            return head + prefix
        return prefix

    def _stationed(self, prefix: str, match: re.Match, span: Span | None) -> str:
        target = self.known(match.group(2)) or match.group(2)
        modern = bool(match.group(3)) or lexicon.grammar_word("organizations.supervisory") in prefix
        modern = (modern or not match.group(1)) and (self.year or 2018) >= 2018
        form = "organizations.stationed_modern" if modern else "organizations.stationed_former"
        name = lexicon.grammar_word(form).format(body=target)
        parent = lexicon.grammar_word("organizations.stationed_parent")
        return self.registry.add(name, "discipline inspection group", parent, prefix, span)

    def _known_tail(self, prefix: str) -> str | None:
        """The longest gazetteer body that ends `prefix` after words that are no body's (`会议传达了中共中央
        政治局`): a full name or an alias of four characters or more, not after 省/市 (市发展改革委)."""
        for cut in range(1, len(prefix) - 3):
            tail = prefix[cut:]
            if self.known(tail) and prefix[cut - 1] not in lexicon.words("place_levels"):
                return tail
        return None

    def _longest_known_head(self, prefix: str) -> str | None:
        for cut in range(len(prefix), 0, -1):
            if self.known(prefix[:cut]):
                return prefix[:cut]
        return None

    def _local(self, prefix: str, title: str, span: Span | None, city: str | None = None) -> str:
        place, rest = split_place(prefix, city or self.place)
        bodies = local_bodies()
        if rest in bodies or not rest and place:
            secretary = title.endswith(lexicon.grammar_word("organizations.secretary"))
            canonical, kind = bodies.get(rest) or bodies[_COMMITTEE if secretary else _GOVERNMENT]
            return self.registry.add(canonical.format(place=place), kind, None, prefix, span)
        for short in lexicon.longest_first([b for b, (_, k) in bodies.items() if k == "party committee"]):
            department = rest[len(short) :]
            if place and rest.startswith(short) and department and suffix_kind(department):
                committee = self.registry.add(bodies[short][0].format(place=place), "party committee", None)
                return self.registry.add(committee + department, "local department", committee, prefix, span)
        local_kind = suffix_kind(prefix)
        if local_kind in ("department", "bureau", "commission", "office", "general office"):
            local_kind = "local department"
        return self.registry.add(prefix, local_kind or "local organization", None, prefix, span)


def _span(at: int | None, length: int) -> Span | None:
    """The span of `length` characters written at `at`, or None: unknown place, or one character (a bare 部)."""
    return None if at is None or length < 2 else (at, at + length)


def _shift(at: int | None, by: int) -> int | None:
    return None if at is None else at + by


@lru_cache(maxsize=1)
def local_bodies() -> dict[str, tuple[str, str]]:
    """Short form of a local body (委, 政府) → (canonical pattern with {place}, kind)."""
    return {r["written"]: (r["canonical"], r["kind"]) for r in lexicon.records("local_bodies")}


def split_place(prefix: str, place: str | None = None) -> tuple[str, str]:
    """`湖南省委` → ("湖南省", "委"); `上海市` → ("上海市", ""); no province or city named → ("", prefix).
    `place` is one more name to know (the text's own city, 洛阳)."""
    head = _province_head(prefix, place)
    if not head:
        return "", prefix
    rest = prefix[len(head) :]
    for level in lexicon.longest_first(lexicon.words("place_levels")):
        if rest.startswith(level):
            return head + level, rest[len(level) :]
    return head + _default_level(head), rest


def _default_level(head: str) -> str:
    """The level a province's or city's name takes when written bare (湖南 → 省, 上海 → 市)."""
    levels = {r["place"]: r["level"] for r in lexicon.records("place_levels_of")}
    return levels.get(head, lexicon.grammar_word("organizations.province_level"))


def government_of(party_committee: str) -> str | None:
    """The people's government of the province or city whose party committee this is (中共湖南省委 → 湖南省人民政府)."""
    name = strip_openers(party_committee)
    place, rest = split_place(name)
    if not place and len(name) == 2 and name[0] in lexicon.words("place_levels"):
        place, rest = name[0], name[1:]  # 市委 in a text that names no city: 市人民政府
    if place and local_bodies().get(rest, ("", ""))[1] == "party committee":
        canonical, _ = local_bodies()[_GOVERNMENT]
        return canonical.format(place=place)
    return None


def _province_head(prefix: str, place: str | None = None) -> str | None:
    for name in lexicon.longest_first(lexicon.words("provinces")):
        if prefix.startswith(name):
            return name
    return place if place and prefix.startswith(place) else None


@lru_cache(maxsize=1)
def _city_re() -> re.Pattern:
    """A city provinces.txt does not list, written with its level before one of its own bodies (温州市委,
    邵阳市人民政府): the body's short form (local_bodies.tsv) or a body that only a place has (place_bodies.txt)."""
    cities = lexicon.grammar_words("organizations.city_levels")
    levels = pattern_of([w for w in lexicon.words("place_levels") if w in cities])
    bodies = pattern_of([*local_bodies(), *lexicon.words("place_bodies")])
    return re.compile(rf"({PLACE_CHAR}{{2,3}}?)(?={levels}(?:{bodies}))")


def city_head(prefix: str) -> str | None:
    """The name without its level of a city `prefix` starts with (温州市委 → 温州), else None."""
    match = _city_re().match(prefix)
    if not match or any(w.startswith(match.group(1)) for w in lexicon.words("place_levels")):
        return None
    return match.group(1)


def _place_head(province: str | None) -> str | None:
    """The name without its level of the place the text is about, when provinces.txt does not list it
    (洛阳市 → 洛阳), else None."""
    if not province or _province_head(province):
        return None
    for level in lexicon.longest_first(lexicon.words("place_levels")):
        if province.endswith(level) and len(province) > len(level):
            return province[: -len(level)]
    return None


def strip_openers(prefix: str) -> str:
    for opener in lexicon.longest_first(lexicon.words("chain_openers")):
        if prefix.startswith(opener) and len(prefix) > len(opener):
            return strip_openers(prefix[len(opener) :])
    return prefix


def scan_organizations(
    document: Document, registry: Registry, exclude: list[tuple[int, int]], year: int | None = None
) -> None:
    """Register every gazetteer body written in the text (not inside a person's name), by its name in `year`."""
    text, department_of = document.text, lexicon.grammar_word("organizations.department_of")
    for match in organization_pattern().finditer(text):
        if text[match.end() : match.end() + 1] == department_of or any(
            s <= match.start() < e for s, e in exclude
        ):
            continue
        body = lexicon.gazetteer()[lexicon.canonical_organization(match.group(0))]
        canonical = body.name_in(year)
        registry.add(canonical, body.kind, body.parent, match.group(0), (match.start(), match.end()))
        if body.parent and body.kind == "state administration":
            parent = lexicon.gazetteer().get(body.parent)
            if parent and body.parent not in registry.found:
                registry.add(parent.name, parent.kind, parent.parent)


@lru_cache(maxsize=1)
def _local_body_re() -> re.Pattern:
    provinces = pattern_of(lexicon.words("provinces"))
    return lexicon.pattern("organizations.local_body", provinces=provinces)


def scan_local_bodies(document: Document, registry: Registry) -> None:
    """Register provincial and municipal departments named on their own (`浙江省经济和信息化厅作交流发言`)."""
    for match in _local_body_re().finditer(document.text):
        name = match.group(0)
        registry.add(name, "local department", None, None, (match.start(), match.end()))
