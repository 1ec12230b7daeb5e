"""The graph as networkx, for analysis and drawing: people, posts, organizations, meetings, plans, targets.

Node keys are IRIs; attributes are plain strings (label, kind, details, evidence, document), so the
result can go to GraphML, Gephi or pyvis. Memberships and participations become edges.

>>> from kg.facts import Extraction
>>> from kg.read import read_text
>>> from kg.rdf import to_graph
>>> net = to_networkx(to_graph([Extraction(read_text("会议在北京召开。", doc_id="demo"))]))
>>> [(data["kind"], data["label"]) for _, data in net.nodes(data=True)]
[('document', 'demo')]
"""

from __future__ import annotations

from kg.kinds import NODE_KIND_ORDER, NODE_KINDS, OBS_STATUS, NodeKind

# (namespace, class) → kind, most specific first: a node takes the first kind its types match.
KINDS = tuple((NODE_KINDS[kind].prefix, NODE_KINDS[kind].rdf_class, kind.value) for kind in NODE_KIND_ORDER)
STATUS = {code: status.value for status, code in OBS_STATUS.items()}


def node_kinds(graph) -> dict[str, str]:
    """The kind of each node the view draws (an IRI with a type of KINDS), in IRI order."""
    from kg.rdf import vocabulary
    from kg.rdf.triples import RDF_TYPE, graph_of

    graph, v = graph_of(graph), vocabulary()
    spaces = {"kg": v.KG, "org": v.ORG, "schema": v.SCHEMA}
    kinds = [(spaces[prefix][name], kind) for prefix, name, kind in KINDS]
    found = {}
    for node in graph.typed():
        types = graph.objects(node, RDF_TYPE)
        kind = next((k for cls, k in kinds if cls in types), None)
        if kind is not None and type(node) is str:  # blank nodes are not drawn
            found[node] = kind
    return found


def to_networkx(graph, kinds: dict[str, str] | None = None):
    """A networkx MultiDiGraph of `graph` (rdflib or kg.rdf.triples) with the node and edge attributes contracts.md
    lists; only the nodes of `kinds` (node → kind, a part of `node_kinds`) and the edges between them if given."""
    import networkx as nx

    from kg.rdf import triples, vocabulary
    from kg.rdf.triples import RDF_TYPE, Literal, graph_of, text

    graph, v = graph_of(graph), vocabulary()
    KG, ORG, SCHEMA, SKOS, PROV, DCTERMS, NIF = v.KG, v.ORG, v.SCHEMA, v.SKOS, v.PROV, v.DCTERMS, v.NIF
    kinds = node_kinds(graph) if kinds is None else kinds

    def value(node, predicate) -> str:
        return min((text(o) for o in graph.objects(node, predicate)), default="")

    def label(node) -> str:
        for predicate in (SCHEMA.name, SKOS.prefLabel):
            names = graph.objects(node, predicate)
            if names:
                return text(min(names, key=lambda o: (getattr(o, "language", "") != "zh", text(o))))
        return value(node, SCHEMA.identifier) or str(node).rsplit("/", 1)[-1]

    def memberships(node, kind: str) -> list:
        """The memberships that attest an official or a post (their evidence is the node's evidence)."""
        if kind == "official":
            return sorted(graph.subjects(ORG.member, node))
        if kind == "post":
            role, organization = graph.value(node, ORG.role), graph.value(node, ORG.postIn)
            return sorted(
                set(graph.subjects(ORG.role, role)) & set(graph.subjects(ORG.organization, organization))
            )
        return []

    def iris(objects) -> list[str]:
        return sorted(o for o in objects if type(o) is not Literal)

    def evidence(node, kind: str = "") -> str | None:
        sources = memberships(node, kind) or [node]
        sentences = iris(s for source in sources for s in graph.objects(source, PROV.wasDerivedFrom))
        return value(sentences[0], NIF.anchorOf) if sentences else None

    def document(node, kind: str = "") -> str | None:
        sources = memberships(node, kind) or [node]
        docs = iris(d for source in sources for d in graph.objects(source, DCTERMS.source))
        docs = docs or sorted(graph.subjects(SCHEMA.mentions, node))
        return (value(docs[0], SCHEMA.name) or value(docs[0], SCHEMA.identifier)) if docs else None

    net = nx.MultiDiGraph()
    for node, kind in kinds.items():
        details = _details(graph, node, kind, value, label)
        net.add_node(
            node,
            label=_label(graph, node, kind, value, label),
            kind=kind,
            details=details,
            evidence=evidence(node, kind),
            document=label(node) if kind == "document" else document(node, kind),
        )

    def link(source, target, relation: str, **attrs) -> None:
        if source in net and target in net and not net.has_edge(source, target, key=relation):
            net.add_edge(source, target, key=relation, relation=relation, **attrs)

    edges = [
        (ORG.holds, "holds"),
        (ORG.postIn, "post in"),
        (KG.partyGroupOf, "party group of"),
        (KG.administeredBy, "administered by"),
        (ORG.subOrganizationOf, "sub-organization of"),
        (KG.stationedAt, "stationed at"),
        (KG.chair, "chair"),
        (SCHEMA.subEvent, "speech"),
        (KG.speaker, "speaker"),
        (SKOS.inScheme, "item of"),
        (KG.programmeOf, "programme of"),
        (DCTERMS.source, "reported by"),
    ]

    def pairs(predicate) -> list:  # (source, target) of the nodes drawn, in order
        return [
            (s, o)
            for s in kinds
            for o in sorted(graph.objects(s, predicate), key=triples.order)
            if type(o) is not Literal
        ]

    for predicate, relation in edges:
        for source, target in pairs(predicate):
            link(source, target, relation)
    roles = {KG.ChairRole: "chair", KG.SpeakerRole: "speaker", KG.AttendeeRole: "attendee"}
    for participation in sorted(graph.subjects(RDF_TYPE, KG.Participation)):
        role = roles.get(graph.value(participation, KG.participationRole), "attendee")
        link(
            graph.value(participation, KG.event),
            graph.value(participation, KG.participant),
            role,
            evidence=evidence(participation),
        )
    for doc, entity in pairs(SCHEMA.mentions):
        if net.nodes.get(entity, {}).get("kind") in ("programme", "concept") and not net.out_degree(entity):
            link(entity, doc, "mentioned in")
    return net


def _label(graph, node, kind: str, value, label) -> str:
    """The label shown for a node: its Chinese name; a target reads as 'metric value unit'."""
    if kind != "target":
        return label(node)
    from kg.rdf import vocabulary

    v = vocabulary()
    indicator = graph.value(node, v.KG.indicator)
    unit = value(node, v.KG.unitAsWritten)  # as written (万亿元), not the QUDT unit it means
    return f"{label(indicator) if indicator else ''} {_plain(value(node, v.QUDT.numericValue))}{unit}".strip()


def _plain(number: str) -> str:
    """'98.0' → '98', '6.3' → '6.3'."""
    return number.removesuffix(".0")


def _details(graph, node, kind: str, value, label) -> dict[str, str]:
    """Key facts of a node for a tooltip, empty values left out."""
    from kg.rdf import vocabulary
    from kg.rdf.triples import RDF_TYPE, text

    v = vocabulary()
    KG, ORG, QUDT, SCHEMA, SDMX_ATTRIBUTE, SKOS = v.KG, v.ORG, v.QUDT, v.SCHEMA, v.SDMX_ATTRIBUTE, v.SKOS

    details: dict[str, str] = {}
    if kind == "target":
        status = STATUS.get(value(node, SDMX_ATTRIBUTE.obsStatus).rsplit("#", 1)[-1], "")
        if (node, RDF_TYPE, KG.Goal) in graph:
            status = "planned"
        indicator = graph.value(node, KG.indicator)
        details = {
            "metric": label(indicator) if indicator else "",
            "scope": value(node, KG.scope),
            "change": value(node, KG.change),
            "value": _plain(value(node, QUDT.numericValue)),
            "unit": value(node, KG.unitAsWritten),
            "qualifier": value(node, KG.qualifier) or value(node, KG.modality),
            "period": value(node, KG.referenceYear) or value(node, KG.referencePeriod),
            "status": status,
            "deadline": value(node, KG.deadline),
        }
    elif kind == "official":
        details = {"posts": "、".join(sorted(label(post) for post in graph.objects(node, ORG.holds)))}
    elif kind == "post":
        role, organization = graph.value(node, ORG.role), graph.value(node, ORG.postIn)
        details = {
            "title": label(role) if role else "",
            "organization": label(organization) if organization else "",
        }
    elif kind == "meeting":
        details = {"date": value(node, SCHEMA.startDate), "place": value(node, SCHEMA.location)}
    elif kind == "speech":
        speaker = graph.value(node, KG.speaker)
        details = {"speaker": label(speaker) if speaker else "", "kind": value(node, KG.speechKind)}
    elif kind == "plan item":
        plan = graph.value(node, SKOS.inScheme)
        details = {"ordinal": value(node, SCHEMA.position), "plan": label(plan) if plan else ""}
    elif kind == "plan":
        details = {"year": value(node, KG.referenceYear), "declared count": value(node, KG.declaredCount)}
    elif kind in (NodeKind.MINISTRY, NodeKind.PARTY_GROUP, NodeKind.ORGANIZATION):
        classification = graph.value(node, ORG.classification)
        details = {
            "kind": value(classification, SKOS.notation) if classification else "",
            "aliases": "、".join(sorted(text(a) for a in graph.objects(node, SKOS.altLabel))),
        }
    elif kind == "document":
        publisher = graph.value(node, SCHEMA.publisher)  # an organization's node
        details = {
            "date": value(node, SCHEMA.datePublished),
            "publisher": label(publisher) if publisher else "",
        }
    return {key: text for key, text in details.items() if text}
