"""The ontology and the shapes: the namespace module and ontology/kg.ttl agree; built graphs pass the
shapes and broken ones fail with the violation a person needs to see."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from sample_facts import sample_extraction

from kg.quality.validate import ontology_file, validate_graph
from kg.rdf import to_graph
from kg.rdf.namespace import KG, NIF, ORG, QUDT

KG_NS = str(KG._NS)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ontology_file("kg.ttl"), format="turtle")


def defined_terms(ontology: rdflib.Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    return {str(s) for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(KG_NS)}


def test_namespace_and_ontology_define_the_same_terms(ontology):
    in_module = {str(KG[name]) for name in KG.__annotations__}
    in_ontology = defined_terms(ontology)
    assert sorted(in_module - in_ontology) == [], "in kg/rdf/namespace.py but not in ontology/kg.ttl"
    assert sorted(in_ontology - in_module) == [], "in ontology/kg.ttl but not in kg/rdf/namespace.py"
    mentioned = {str(t) for triple in ontology for t in triple if str(t).startswith(KG_NS)}
    assert mentioned <= in_ontology, "terms used in the ontology but not declared"


def test_the_namespace_fails_on_a_typo():
    with pytest.raises(AttributeError):
        KG.Minstry  # noqa: B018


def test_every_project_term_has_an_english_and_a_chinese_label(ontology):
    for term in defined_terms(ontology):
        languages = sorted(label.language for label in ontology.objects(rdflib.URIRef(term), RDFS.label))
        assert languages == ["en", "zh"], term


def test_the_ontology_is_an_owl_ontology_reusing_the_standard_vocabularies(ontology):
    assert (rdflib.URIRef(KG_NS[:-1]), RDF.type, OWL.Ontology) in ontology
    assert (KG.PartyGroup, RDFS.subClassOf, ORG.Organization) in ontology
    assert (KG.Target, RDFS.subClassOf, rdflib.PROV.Entity) in ontology
    assert (KG.Indicator, RDFS.subClassOf, rdflib.SKOS.Concept) in ontology
    assert (KG.speaker, RDFS.subPropertyOf, rdflib.URIRef("https://schema.org/performer")) in ontology


def test_a_built_graph_uses_only_defined_project_terms(ontology):
    graph = to_graph([sample_extraction()])
    used = {str(t) for triple in graph for t in triple if str(t).startswith(KG_NS)}
    assert used <= defined_terms(ontology)


def test_the_shapes_name_only_defined_project_terms(ontology):
    shapes = rdflib.Graph().parse(data=ontology_file("shapes.ttl"), format="turtle")
    used = {str(t) for triple in shapes for t in triple if str(t).startswith(KG_NS)}
    assert used <= defined_terms(ontology)
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == 24


def test_a_built_graph_conforms():
    report = validate_graph(to_graph([sample_extraction()]))
    assert (report.conforms, report.violations) == (True, [])


def _first(graph, cls):
    return min(graph.subjects(RDF.type, cls))


def drop(predicate, cls):
    def edit(graph):
        graph.remove((_first(graph, cls), predicate, None))

    return edit


def put(predicate, cls, value):
    def edit(graph):
        graph.set((_first(graph, cls), predicate, value))

    return edit


def add_type(cls, extra):
    def edit(graph):
        graph.add((_first(graph, cls), RDF.type, extra))

    return edit


def as_local_unit(cls):
    """Make QUDT's unit look like kg's own, labelled but with no symbol."""

    def edit(graph):
        unit = _first(graph, cls)
        graph.add((unit, RDF.type, KG.LocalUnit))
        graph.add((unit, RDFS.label, rdflib.Literal("%")))

    return edit


@pytest.mark.parametrize(
    "edit, label, path, message",
    [
        (
            drop(ORG.member, ORG.Membership),
            "工业和信息化部 副部长",
            "org:member",
            "a membership needs exactly one person (org:member)",
        ),
        (
            drop(ORG.organization, ORG.Membership),
            "陈肇雄 副部长",
            "org:organization",
            "a membership needs exactly one organization (org:organization)",
        ),
        (
            drop(ORG.role, ORG.Membership),
            "陈肇雄 工业和信息化部",
            "org:role",
            "a membership needs exactly one post title (org:role)",
        ),
        (
            drop(QUDT.numericValue, KG.Target),
            "规模以上工业增加值",
            "qudt:numericValue",
            "a target needs exactly one value (qudt:numericValue, xsd:decimal)",
        ),
        (
            put(QUDT.numericValue, KG.Target, rdflib.Literal("6,3")),
            "规模以上工业增加值",
            "qudt:numericValue",
            "a target needs exactly one value (qudt:numericValue, xsd:decimal)",
        ),
        (
            drop(QUDT.hasUnit, KG.Target),
            "规模以上工业增加值",
            "qudt:hasUnit",
            "a target needs exactly one unit (qudt:hasUnit)",
        ),
        (
            drop(KG.baseUnit, KG.Target),
            "规模以上工业增加值",
            "",
            "a value in the base unit comes with its base unit (kg:baseValue and kg:baseUnit, both or neither)",
        ),
        (
            put(KG.baseValue, KG.Target, rdflib.Literal("4.11e13")),
            "规模以上工业增加值",
            "kg:baseValue",
            "a target has at most one value in the base unit (kg:baseValue, xsd:decimal)",
        ),
        (
            as_local_unit(QUDT.Unit),
            "PERCENT",
            "qudt:symbol",
            "a unit of kg's own (kg:LocalUnit) has one symbol, as written",
        ),
        (
            put(KG.change, KG.Target, rdflib.Literal("grow")),
            "规模以上工业增加值",
            "kg:change",
            "a target's change is increase, decrease, level or count",
        ),
        (
            add_type(KG.IndicatorValue, KG.Goal),
            "规模以上工业增加值",
            "",
            "a target is either a reported figure (kg:IndicatorValue) or a goal (kg:Goal)",
        ),
        (
            put(NIF.beginIndex, NIF.Phrase, rdflib.Literal("12")),
            "四个意识",
            "nif:beginIndex",
            "an evidence span starts at one non-negative integer offset, before its end",
        ),
        (
            put(NIF.beginIndex, NIF.Phrase, rdflib.Literal(500, datatype=rdflib.XSD.nonNegativeInteger)),
            "四个意识",
            "nif:beginIndex",
            "an evidence span starts at one non-negative integer offset, before its end",
        ),
        (
            drop(rdflib.PROV.wasDerivedFrom, KG.Participation),
            "张建民",
            "prov:wasDerivedFrom",
            "a fact needs its evidence sentence (prov:wasDerivedFrom a nif:Sentence)",
        ),
    ],
)
def test_a_broken_graph_fails_with_a_readable_violation(edit, label, path, message):
    graph = to_graph([sample_extraction()])
    edit(graph)
    report = validate_graph(graph)
    assert not report.conforms
    assert [(v.label, v.path, v.message) for v in report.violations] == [(label, path, message)]


def test_a_graph_of_two_reports_conforms():
    graph = to_graph([sample_extraction("report-2018"), sample_extraction("report-2019", date="2019-12-26")])
    report = validate_graph(graph)
    assert (report.conforms, report.violations) == (True, [])
    assert len(set(graph.subjects(RDF.type, ORG.Membership))) == 8
    assert len(set(graph.subjects(RDF.type, rdflib.URIRef("https://schema.org/Person")))) == 3
