"""The facts extraction produces: plain dataclasses, each carrying its evidence.

Only the RDF stage turns them into IRIs. Offsets are code points in the normalised text of the
document (`Document.text`), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.kinds import PostChange


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its index, its span in `Document.text` and its text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass
class Document:
    """A report read and normalised: `text` is what every offset refers to."""

    id: str  # ASCII slug, stable: the file's stem
    path: str  # as given by the user
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    title: str | None = None
    date: str | None = None  # ISO 8601, from metadata
    publisher: str | None = None
    sha256: str = ""  # of the raw bytes

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence containing character `offset`."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        raise IndexError(f"offset {offset} is outside {self.path}")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: document, sentence index, and the span of the words that state it."""

    document: str
    sentence: int
    start: int
    end: int
    anchor: str  # Document.text[start:end]


@dataclass(frozen=True)
class Organization:
    name: str  # canonical full name
    kind: str  # ministry, party group, state administration, discipline inspection group, ...
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Membership:
    """A person holding a post (bare title) in an organization, as attested by one document.

    `change` and `date` are set where the text appoints or removes (任命…为…, 免去…职务): the post over time.
    """

    person: str
    post: str  # bare title: 部长, 副部长, 党组书记, 局长, 组长 ...
    organization: str  # canonical full name
    title_as_written: str
    evidence: Evidence
    change: PostChange | None = None
    date: str | None = (
        None  # ISO 8601 (2023-10-24, or 2012-06 as written) of the change, where the text gives it
    )


@dataclass(frozen=True)
class Speech:
    speaker: str
    title: str | None
    kind: str  # speech, work report, summary speech
    evidence: Evidence


@dataclass(frozen=True)
class Participation:
    person: str
    role: str  # chair, speaker, attendee
    evidence: Evidence


@dataclass
class Meeting:
    name: str
    evidence: Evidence
    date: str | None = None  # ISO 8601 start date
    end_date: str | None = None
    place: str | None = None
    chairs: list[str] = field(default_factory=list)
    speeches: list[Speech] = field(default_factory=list)
    participants: list[Participation] = field(default_factory=list)
    reviews_year: int | None = None
    plans_year: int | None = None


@dataclass(frozen=True)
class Target:
    """A quantitative indicator value or goal."""

    metric: str
    value: float
    unit: str  # '%' for percent, else the measure word as written
    change: str  # increase, decrease, level, count
    status: str  # estimated, achieved, planned
    evidence: Evidence
    scope: str | None = None
    qualifier: str | None = None  # approximately, more-than, at-least, at-most (左右, 以上, 不低于, 以内)
    period: str | None = None  # a year '2018', or a range like '2018-01/2018-09'
    deadline: str | None = None  # ISO date
    modality: str | None = None  # aim (力争, 确保, 目标为): striven for; may hold beside a qualifier
    value_max: float | None = None  # the upper end of a range (8%至10%: value 8, value_max 10)
    plan_item: int | None = None  # ordinal of the plan item or review area it sits in
    plan_kind: str | None = None  # kind of that plan (review, plan)


@dataclass(frozen=True)
class PlanItem:
    ordinal: int
    label: str  # the headline
    evidence: Evidence


@dataclass
class Plan:
    """An enumerated list: the year's review areas (kind 'review') or next year's key tasks ('plan')."""

    label: str
    year: int | None
    kind: str  # review, plan
    items: list[PlanItem] = field(default_factory=list)
    declared_count: int | None = None
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Programme:
    name: str
    evidence: Evidence
    plan_item: int | None = None  # ordinal of the plan item it belongs to
    plan_kind: str | None = None  # kind of that plan


@dataclass(frozen=True)
class Concept:
    """A numbered political formulation (四个意识, 六稳 …): a concept, never a target."""

    label: str
    evidence: Evidence


@dataclass
class Extraction:
    """Everything read from one document."""

    document: Document
    organizations: list[Organization] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
