"""The closed sets of values the stages pass each other, as `str` enums (a member is its code: the same bytes in
facts, TSV, JSON and RDF), and the one table from a node kind to its class, label, colour and shape.

The lexicon's coded columns hold these values only (tests/test_kinds.py reads each file by its header).

>>> OrgKind("party group") is OrgKind.PARTY_GROUP, OrgKind.PARTY_GROUP == "party group"
(True, True)
>>> f"{Status.PLANNED}", NODE_KINDS[NodeKind.OFFICIAL].label
('planned', '官员')
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Code(str, Enum):
    """A closed set of codes; a member prints, formats and compares as its code."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str.__str__(self), spec)


class OrgKind(Code):
    """What an organization is (facts' `Organization.kind`; organizations.tsv and org_suffixes.tsv `kind`)."""

    MINISTRY = "ministry"
    COMMISSION = "commission"
    PARTY_GROUP = "party group"
    STATE_ADMINISTRATION = "state administration"
    GENERAL_ADMINISTRATION = "general administration"
    ADMINISTRATION = "administration"
    DISCIPLINE_INSPECTION_GROUP = "discipline inspection group"
    STATE_COUNCIL = "state council"
    GENERAL_OFFICE = "general office"
    AUDIT_OFFICE = "audit office"
    CENTRAL_BANK = "central bank"
    CENTRAL_COMMISSION = "central commission"
    INSTITUTION = "institution"
    ENTERPRISE = "enterprise"
    ASSOCIATION = "association"
    LEGISLATURE = "legislature"
    POLITICAL_CONSULTATIVE_CONFERENCE = "political consultative conference"
    PARTY_BODY = "party body"
    PARTY_CENTRE = "party centre"
    PARTY_DEPARTMENT = "party department"
    PARTY_OFFICE = "party office"
    PARTY_COMMITTEE = "party committee"
    DEPARTMENT = "department"
    BUREAU = "bureau"
    OFFICE = "office"
    LOCAL_GOVERNMENT = "local government"
    LOCAL_DEPARTMENT = "local department"
    LOCAL_ORGANIZATION = "local organization"
    COURT = "court"
    PROCURATORATE = "procuratorate"
    INSPECTORATE = "inspectorate"
    MILITARY_COMMISSION = "military commission"
    PARTY_COMMISSION = "party commission"
    NEWS_AGENCY = "news agency"
    BROADCASTER = "broadcaster"
    BRANCH = "branch"
    UNIVERSITY = "university"
    ORGANIZATION = "organization"  # none of the above is known


class Change(Code):
    """How a target's figure moves (the `change` column of the targets query; changes.tsv `change`)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    LEVEL = "level"
    COUNT = "count"


class PostChange(Code):
    """What a notice does to a post (facts' `Membership.change`; appointments.tsv `change`, where `held` is no
    change): 任命/出任 appointed, 免去/不再担任 removed."""

    APPOINTED = "appointed"
    REMOVED = "removed"


class Qualifier(Code):
    """How exact a figure is (the `qualifier` column; qualifiers.tsv and changes.tsv `qualifier`)."""

    APPROXIMATELY = "approximately"
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    AT_MOST = "at-most"


class Modality(Code):
    """A figure aimed at (力争, 确保): the `modality` column; a word of qualifiers.tsv may give it."""

    AIM = "aim"


class Status(Code):
    """Whether a figure is planned, estimated or achieved (the `status` column; status_words.tsv `status`)."""

    ESTIMATED = "estimated"
    ACHIEVED = "achieved"
    PLANNED = "planned"


class Role(Code):
    """What a person does at a meeting (meeting.tsv `role`, before any `:speech kind`)."""

    CHAIR = "chair"
    SPEAKER = "speaker"
    ATTENDEE = "attendee"


class RdfFormat(Code):
    """A serialization of the graph (`kg export --format`, `KnowledgeGraph.save` by extension): Turtle, TriG,
    N-Triples, N-Quads, JSON-LD. TriG and N-Quads hold named graphs (a graph per report)."""

    TURTLE = "ttl"
    TRIG = "trig"
    NTRIPLES = "nt"
    NQUADS = "nq"
    JSONLD = "jsonld"


class ResultFormat(Code):
    """How `kg query` writes a SELECT or ASK result: an aligned table, CSV, TSV or SPARQL 1.1 JSON results."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


class NodeKind(Code):
    """What a node of the networkx view and the page is (its `kind` attribute)."""

    MINISTRY = "ministry"
    PARTY_GROUP = "party group"
    ORGANIZATION = "organization"
    OFFICIAL = "official"
    POST = "post"
    MEETING = "meeting"
    SPEECH = "speech"
    PLAN = "plan"
    PLAN_ITEM = "plan item"
    PROGRAMME = "programme"
    TARGET = "target"
    CONCEPT = "concept"
    DOCUMENT = "document"


@dataclass(frozen=True)
class Shown:
    """How a node kind is typed in RDF and drawn on the page."""

    prefix: str  # the namespace of its RDF class: kg, org or schema
    rdf_class: str
    label: str  # its Chinese name in the legend
    colour: str
    shape: str  # a vis-network shape


# The legend's order. A node takes the first kind whose class it has, in NODE_KIND_ORDER.
NODE_KINDS: dict[NodeKind, Shown] = {
    NodeKind.MINISTRY: Shown("kg", "Ministry", "部委", "#1f77b4", "hexagon"),
    NodeKind.PARTY_GROUP: Shown("kg", "PartyGroup", "党组", "#d62728", "hexagon"),
    NodeKind.ORGANIZATION: Shown("org", "Organization", "机构", "#17becf", "square"),
    NodeKind.OFFICIAL: Shown("schema", "Person", "官员", "#ff7f0e", "dot"),
    NodeKind.POST: Shown("org", "Post", "职务", "#bcbd22", "triangle"),
    NodeKind.MEETING: Shown("schema", "Event", "会议", "#9467bd", "star"),
    NodeKind.SPEECH: Shown("kg", "Speech", "讲话", "#8c564b", "triangleDown"),
    NodeKind.PLAN: Shown("kg", "Plan", "工作部署", "#2ca02c", "square"),
    NodeKind.PLAN_ITEM: Shown("kg", "PlanItem", "任务", "#74c476", "diamond"),
    NodeKind.PROGRAMME: Shown("kg", "Programme", "工程行动", "#e377c2", "diamond"),
    NodeKind.TARGET: Shown("kg", "Target", "指标", "#e6a100", "box"),
    NodeKind.CONCEPT: Shown("kg", "Formulation", "提法", "#6baed6", "ellipse"),
    NodeKind.DOCUMENT: Shown("schema", "Report", "文件", "#7f7f7f", "box"),
}
# Most specific first: a Speech is also an Event, a Ministry also an Organization.
NODE_KIND_ORDER = (
    NodeKind.MINISTRY,
    NodeKind.PARTY_GROUP,
    NodeKind.ORGANIZATION,
    NodeKind.OFFICIAL,
    NodeKind.POST,
    NodeKind.SPEECH,
    NodeKind.MEETING,
    NodeKind.PLAN,
    NodeKind.PLAN_ITEM,
    NodeKind.PROGRAMME,
    NodeKind.TARGET,
    NodeKind.CONCEPT,
    NodeKind.DOCUMENT,
)

# Organization kinds with a class of their own in the ontology (the others are org:Organization).
ORG_KIND_CLASS: dict[OrgKind, str] = {
    OrgKind.MINISTRY: "Ministry",
    OrgKind.PARTY_GROUP: "PartyGroup",
    OrgKind.STATE_ADMINISTRATION: "StateAdministration",
    OrgKind.DISCIPLINE_INSPECTION_GROUP: "DisciplineInspectionGroup",
}
# SDMX observation status of a figure reported as estimated or achieved (a planned one has none).
OBS_STATUS: dict[Status, str] = {Status.ESTIMATED: "obsStatus-E", Status.ACHIEVED: "obsStatus-A"}
