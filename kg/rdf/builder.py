"""The RDF stage: facts → triples of the kg ontology (kg.rdf.triples, or an rdflib graph) → byte-stable Turtle.

Every fact (membership, participation, target, plan item …) is a node with `prov:wasDerivedFrom` its
evidence sentence (a `nif:Sentence` in its document) and `kg:evidenceSpan` the words that state it.
Every IRI comes from kg.rdf.iris: entities from their canonical name, facts from their report's key (its
title and date, else its text) and their content. The report, its evidence and the entities are added by
kg.rdf.nodes; this module adds the facts between them.

>>> from kg.read import read_text
>>> from kg.facts import Extraction
>>> graph = to_graph([Extraction(read_text("会议在北京召开。", doc_id="demo"))])
>>> from kg.rdf import class_counts
>>> class_counts(graph)["Report"]
1
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from kg.facts import Document, Extraction, Meeting, Plan
from kg.kinds import OBS_STATUS, OrgKind, PostChange, Role
from kg.rdf import iris, linked, triples
from kg.rdf.iris import canonical
from kg.rdf.nodes import NodeWriter

_PARENT_PROPERTY = {  # organization kind → how it hangs from its parent
    OrgKind.PARTY_GROUP.value: "partyGroupOf",
    OrgKind.STATE_ADMINISTRATION.value: "administeredBy",
}
_ROLE = {
    Role.CHAIR.value: "ChairRole",
    Role.SPEAKER.value: "SpeakerRole",
    Role.ATTENDEE.value: "AttendeeRole",
}
_OBS_STATUS = {status.value: code for status, code in OBS_STATUS.items()}
_CHANGE = {PostChange.APPOINTED.value: "Appointment", PostChange.REMOVED.value: "Removal"}  # → kg:PostChange
_STATIONED_AT = re.compile(r"驻(.+?)纪检监察组$")


def _number(value: float) -> str:
    """The canonical xsd:decimal form (what Turtle writes back): 6.3 → '6.3', 4 → '4.0'."""
    if float(value).is_integer():
        return f"{int(value)}.0"
    text = repr(float(value))
    return format(Decimal(text), "f") if "e" in text else text  # 1e-05 → 0.00001


class _Builder(NodeWriter):
    """Adds the facts of extractions to one graph (kg.rdf.triples), on the nodes kg.rdf.nodes adds."""

    # -- facts ----------------------------------------------------------------------------------
    def extraction(self, x: Extraction) -> None:
        doc = x.document
        self.document(doc)
        for organization in x.organizations:
            self.org_fact(organization, doc)
        memberships: dict[str, list] = {}  # person → [(membership node, its fact)] in the order of the text
        for m in sorted(x.memberships, key=lambda m: m.evidence.start):
            memberships.setdefault(canonical(m.person), []).append((self.membership(m, doc), m))
        for meeting in x.meetings:
            self.meeting(meeting, doc, memberships)
        items = {}
        for plan in x.plans:
            items.update(self.plan(plan, doc))
        for target in x.targets:
            self.add(
                self.target(target, doc),
                self.KG.planItem,
                _plan_item(items, target.plan_item, target.plan_kind),
            )
        for programme in x.programmes:
            node = iris.entity("programme", programme.name)
            self.add(node, self.RDF.type, self.KG.Programme)
            self.add(node, self.RDF.type, self.SKOS.Concept)
            self.add(node, self.SKOS.prefLabel, self.zh(canonical(programme.name)))
            self.evidence(node, programme.evidence, doc, is_fact=False)
            self.mention(doc, node)
            item = _plan_item(items, programme.plan_item, programme.plan_kind)
            self.add(node, self.KG.programmeOf, item)
        for concept in x.concepts:
            node = iris.entity("formulation", concept.label)
            self.add(node, self.RDF.type, self.KG.Formulation)
            self.add(node, self.RDF.type, self.SKOS.Concept)
            self.add(node, self.SKOS.prefLabel, self.zh(canonical(concept.label)))
            self.evidence(node, concept.evidence, doc, is_fact=False)
            self.mention(doc, node)

    def org_fact(self, o, doc: Document) -> None:
        ORG = self.ns.ORG
        node = self.organization(o.name, doc, o.kind)
        for alias in sorted(set(o.aliases)):
            self.add(node, self.SKOS.altLabel, self.zh(alias))
        if o.parent:
            parent = self.organization(o.parent, doc)
            self.add(
                node,
                self.KG[_PARENT_PROPERTY[o.kind]] if o.kind in _PARENT_PROPERTY else ORG.subOrganizationOf,
                parent,
            )
        stationed = _STATIONED_AT.search(canonical(o.name))
        if o.kind == OrgKind.DISCIPLINE_INSPECTION_GROUP and stationed:
            self.add(node, self.KG.stationedAt, self.organization(stationed.group(1), doc))
        if o.evidence is not None:
            self.evidence(node, o.evidence, doc, is_fact=False)

    def membership(self, m, doc: Document):
        ORG = self.ns.ORG
        person = self.person(m.person, doc)
        organization = self.organization(m.organization, doc)
        role = iris.entity("role", m.post)
        self.add(role, self.RDF.type, ORG.Role)
        self.add(role, self.SKOS.prefLabel, self.zh(canonical(m.post)))
        post = iris.post(m.organization, m.post)
        self.add(post, self.RDF.type, ORG.Post)
        self.add(post, ORG.postIn, organization)
        self.add(post, ORG.role, role)
        self.add(post, self.SKOS.prefLabel, self.zh(post_label(canonical(m.organization), canonical(m.post))))
        self.add(person, ORG.holds, post)
        node = iris.fact(
            "membership",
            self.doc_key(doc),
            canonical(m.person),
            canonical(m.post),
            canonical(m.organization),
            length=12,
        )
        self.add(node, self.RDF.type, ORG.Membership)
        self.add(node, ORG.member, person)
        self.add(node, ORG.organization, organization)
        self.add(node, ORG.role, role)
        self.add(node, self.KG.titleAsWritten, self.zh(m.title_as_written))
        self.add(node, self.KG.attestedOn, self.lit(doc.date, self.XSD.date))
        if m.change:
            change = self.KG[_CHANGE[m.change]]
            self.add(node, self.KG.postChange, change)
            self.add(change, self.RDF.type, self.KG.PostChange)
            self.add(change, self.SKOS.notation, self.lit(m.change.value))
        if m.date:
            datatype = self.XSD.date if len(m.date) == 10 else self.XSD.gYearMonth
            self.add(node, self.KG.changedOn, self.lit(m.date, datatype))
        self.evidence(node, m.evidence, doc)
        return node

    def meeting(self, meeting: Meeting, doc: Document, memberships: dict) -> None:
        S, XSD = self.ns.SCHEMA, self.XSD
        doc_key = self.doc_key(doc)
        node = iris.fact("meeting", doc_key, canonical(meeting.name), meeting.date)
        self.add(node, self.RDF.type, S.Event)
        self.add(node, S.name, self.zh(canonical(meeting.name)))
        self.add(node, S.startDate, self.lit(meeting.date, XSD.date))
        self.add(node, S.endDate, self.lit(meeting.end_date, XSD.date))
        self.add(node, S.location, self.zh(meeting.place))
        self.add(node, self.KG.reviewsYear, self.lit(meeting.reviews_year, XSD.gYear))
        self.add(node, self.KG.plansYear, self.lit(meeting.plans_year, XSD.gYear))
        self.evidence(node, meeting.evidence, doc)
        for chair in meeting.chairs:
            self.add(node, self.KG.chair, self.person(chair, doc))
        for speech in meeting.speeches:
            speech_node = iris.fact("speech", doc_key, node, canonical(speech.speaker), speech.title)
            self.add(speech_node, self.RDF.type, self.KG.Speech)
            self.add(speech_node, self.RDF.type, S.Event)
            self.add(speech_node, S.name, self.zh(speech.title))
            self.add(speech_node, self.KG.speaker, self.person(speech.speaker, doc))
            self.add(speech_node, self.KG.speechKind, self.lit(speech.kind))
            self.add(node, S.subEvent, speech_node)
            self.evidence(speech_node, speech.evidence, doc)
        for p in meeting.participants:
            person = self.person(p.person, doc)
            self.add(node, S.attendee, person)
            part = iris.fact("participation", doc_key, node, canonical(p.person), p.role)
            self.add(part, self.RDF.type, self.KG.Participation)
            self.add(part, self.KG.participant, person)
            self.add(part, self.KG.event, node)
            role = p.role if p.role in _ROLE else Role.ATTENDEE.value
            self.add(part, self.KG.participationRole, self.KG[_ROLE[role]])
            self.add(self.KG[_ROLE[role]], self.SKOS.notation, self.lit(role))  # so queries need no ontology
            held = memberships.get(canonical(p.person), [])
            for membership, _ in held:
                self.add(part, self.KG.capacity, membership)
            titles = list(dict.fromkeys(m.title_as_written for _, m in held if m.title_as_written))
            self.add(part, self.KG.capacityAsWritten, self.zh("、".join(titles)))
            self.evidence(part, p.evidence, doc)

    def target(self, t, doc: Document) -> str:
        KG, XSD = self.KG, self.XSD
        doc_key = self.doc_key(doc)
        node = iris.fact(
            "target",
            doc_key,
            canonical(t.metric),
            t.scope,
            _number(t.value),
            t.unit,
            t.change,
            t.status,
            t.period,
            t.deadline,
            t.evidence.start,
            length=12,
        )
        self.add(node, self.RDF.type, KG.Target)
        if t.status == "planned":
            self.add(node, self.RDF.type, KG.Goal)
        elif t.status in _OBS_STATUS:
            self.add(node, self.RDF.type, KG.IndicatorValue)
            self.add(node, self.ns.SDMX_ATTRIBUTE.obsStatus, self.ns.SDMX_CODE[_OBS_STATUS[t.status]])
        self.add(node, KG.indicator, self.indicator(t.metric, doc))
        self.add(node, KG.metricAsWritten, self.zh(canonical(t.metric)))
        self.add(node, self.ns.QUDT.numericValue, self.lit(_number(t.value), XSD.decimal))
        self.quantity(node, t.value, t.unit)
        self.add(node, KG.change, self.lit(t.change))
        self.add(node, KG.qualifier, self.lit(t.qualifier))
        self.add(node, KG.modality, self.lit(t.modality))
        if t.value_max is not None:
            self.add(node, KG.valueMax, self.lit(_number(t.value_max), XSD.decimal))
        self.add(node, KG.scope, self.zh(t.scope))
        if t.period and re.fullmatch(r"\d{4}", t.period):
            self.add(node, KG.referenceYear, self.lit(t.period, XSD.gYear))
        else:
            self.add(node, KG.referencePeriod, self.lit(t.period))
        self.add(node, KG.deadline, self.lit(t.deadline, XSD.date))
        self.evidence(node, t.evidence, doc)
        return node

    def plan(self, plan: Plan, doc: Document) -> dict:
        KG = self.KG
        doc_key = self.doc_key(doc)
        node = iris.plan(doc_key, plan.kind, plan.year, plan.label)
        self.add(node, self.RDF.type, KG.WorkPlan if plan.kind == "plan" else KG.Review)
        self.add(node, self.RDF.type, KG.Plan)
        self.add(node, self.RDF.type, self.SKOS.ConceptScheme)
        self.add(node, self.SKOS.prefLabel, self.zh(plan.label))
        self.add(node, KG.referenceYear, self.lit(plan.year, self.XSD.gYear))
        self.add(node, KG.declaredCount, self.lit(plan.declared_count, self.XSD.integer))
        self.evidence(node, plan.evidence, doc)
        items = {}
        for item in plan.items:
            item_node = iris.plan_item(node, item.ordinal)
            self.add(item_node, self.RDF.type, KG.KeyTask if plan.kind == "plan" else KG.ReviewArea)
            self.add(item_node, self.RDF.type, KG.PlanItem)
            self.add(item_node, self.RDF.type, self.SKOS.Concept)
            self.add(item_node, self.SKOS.inScheme, node)
            self.add(item_node, self.ns.SCHEMA.position, self.lit(item.ordinal, self.XSD.integer))
            self.add(item_node, self.SKOS.prefLabel, self.zh(item.label))
            self.evidence(item_node, item.evidence, doc)
            items[(plan.kind, item.ordinal)] = item_node
        return items


def _plan_item(items: dict, ordinal: int | None, kind: str | None):
    """The plan item a programme belongs to: by ordinal, in the plan of `kind` (key tasks first)."""
    if ordinal is None:
        return None
    for plan_kind in [kind] if kind else ["plan", "review"]:
        if (plan_kind, ordinal) in items:
            return items[(plan_kind, ordinal)]
    return None


def to_triples(extractions: Iterable[Extraction]) -> triples.Graph:
    """The graph of the facts of `extractions` (one or more documents) as plain triples (kg.rdf.triples)."""
    builder = _Builder()
    for extraction in extractions:
        builder.extraction(extraction)
    linked.enrich(builder.graph, builder.ns)
    return builder.graph


def to_graph(extractions: Iterable[Extraction]):
    """The rdflib graph of the facts of `extractions` (one or more documents)."""
    return triples.to_rdflib(to_triples(extractions))


def to_turtle(graph) -> bytes:
    """Turtle of `graph` (rdflib or kg.rdf.triples), byte-identical for the same triples: all of it sorted.

    Written by kg.rdf.triples rather than by rdflib's serializer, which is ~10x slower on large graphs.
    """
    return triples.turtle(triples.graph_of(graph))


def post_label(organization: str, title: str) -> str:
    """A post's label: the organization and the title, without repeating a shared word (党组 + 党组成员).

    >>> post_label("某部党组", "党组成员"), post_label("某部", "部长")
    ('某部党组成员', '某部部长')
    """
    overlap = max(
        (n for n in range(2, min(len(organization), len(title)) + 1) if organization.endswith(title[:n])),
        default=0,
    )
    return organization + title[overlap:]
