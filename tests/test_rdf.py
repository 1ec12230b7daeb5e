"""The RDF stage: facts → graph. Exact triples, stable ASCII IRIs, byte-identical Turtle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from sample_facts import TEXT, ev, sample_extraction

from kg.facts import Extraction, Membership, Target
from kg.rdf import class_counts, iris, slug, to_graph, to_turtle
from kg.rdf.namespace import DATA, KG, NIF, ORG, QUDT, SCHEMA
from kg.read import read_text

PROV = rdflib.PROV


def assert_isomorphic(expected: rdflib.Graph, found: rdflib.Graph) -> None:
    """Compare as graphs, printing the triples only one side has on failure."""
    if not isomorphic(expected, found):
        _, only_expected, only_found = graph_diff(to_isomorphic(expected), to_isomorphic(found))
        pytest.fail(
            "graphs differ\nonly expected:\n"
            + only_expected.serialize(format="nt")
            + "\nonly found:\n"
            + only_found.serialize(format="nt")
        )


def one_membership(doc_id: str = "one", date: str | None = "2018-12-27") -> Extraction:
    doc = read_text("会议由部党组成员、副部长陈肇雄主持。", doc_id=doc_id, date=date, title=f"某会议{doc_id}")
    return Extraction(
        doc,
        memberships=[
            Membership(
                "陈肇雄",
                "副部长",
                "工业和信息化部",
                "部党组成员、副部长",
                ev(doc, "部党组成员、副部长陈肇雄"),
            )
        ],
    )


EXPECTED_MEMBERSHIP = """
@prefix id: <https://w3id.org/cn-gov-kg/id/> .
@prefix kg: <https://w3id.org/cn-gov-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wd: <http://www.wikidata.org/entity/> .

id:doc\\/one a schema:Report, nif:Context ;
    rdfs:label "某会议one"@zh ;
    schema:identifier "one" ;
    schema:name "某会议one"@zh ;
    schema:datePublished "2018-12-27"^^xsd:date ;
    nif:isString "会议由部党组成员、副部长陈肇雄主持。" ;
    schema:mentions <https://w3id.org/cn-gov-kg/id/person/chen-zhao-xiong-4c70a8fe>,
        <https://w3id.org/cn-gov-kg/id/org/gong-ye-he-xin-xi-hua-bu-020b4fbd> .

<https://w3id.org/cn-gov-kg/id/person/chen-zhao-xiong-4c70a8fe> a schema:Person, foaf:Person ;
    schema:name "陈肇雄"@zh ;
    rdfs:label "陈肇雄"@zh, "Chén Zhàoxióng"@zh-latn-pinyin ;
    org:memberOf <https://w3id.org/cn-gov-kg/id/org/gong-ye-he-xin-xi-hua-bu-020b4fbd> ;
    org:holds <https://w3id.org/cn-gov-kg/id/post/gong-ye-he-xin-xi-hua-bu-fu-bu-zhang-6a7cb7ed> .

<https://w3id.org/cn-gov-kg/id/org/gong-ye-he-xin-xi-hua-bu-020b4fbd> a org:Organization ;
    skos:prefLabel "工业和信息化部"@zh ;
    rdfs:label "工业和信息化部"@zh, "Gōng yè hé xìn xī huà bù"@zh-latn-pinyin,
        "Ministry of Industry and Information Technology"@en ;
    skos:exactMatch wd:Q1002010, <https://ror.org/0385nmy68> .

<https://w3id.org/cn-gov-kg/id/role/fu-bu-zhang-b770f766> a org:Role ;
    skos:prefLabel "副部长"@zh ;
    rdfs:label "副部长"@zh .

<https://w3id.org/cn-gov-kg/id/post/gong-ye-he-xin-xi-hua-bu-fu-bu-zhang-6a7cb7ed> a org:Post ;
    org:postIn <https://w3id.org/cn-gov-kg/id/org/gong-ye-he-xin-xi-hua-bu-020b4fbd> ;
    org:role <https://w3id.org/cn-gov-kg/id/role/fu-bu-zhang-b770f766> ;
    skos:prefLabel "工业和信息化部副部长"@zh ;
    rdfs:label "工业和信息化部副部长"@zh .

<https://w3id.org/cn-gov-kg/id/membership/one-MEMBERSHIP> a org:Membership ;
    org:member <https://w3id.org/cn-gov-kg/id/person/chen-zhao-xiong-4c70a8fe> ;
    org:organization <https://w3id.org/cn-gov-kg/id/org/gong-ye-he-xin-xi-hua-bu-020b4fbd> ;
    org:role <https://w3id.org/cn-gov-kg/id/role/fu-bu-zhang-b770f766> ;
    kg:titleAsWritten "部党组成员、副部长"@zh ;
    rdfs:label "陈肇雄 · 工业和信息化部副部长"@zh ;
    kg:attestedOn "2018-12-27"^^xsd:date ;
    dcterms:source <https://w3id.org/cn-gov-kg/id/doc/one> ;
    prov:wasDerivedFrom <https://w3id.org/cn-gov-kg/id/doc/one/sentence/0> ;
    kg:evidenceSpan <https://w3id.org/cn-gov-kg/id/doc/one/char/3-15> .

<https://w3id.org/cn-gov-kg/id/doc/one/sentence/0> a nif:Sentence ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "18"^^xsd:nonNegativeInteger ;
    nif:anchorOf "会议由部党组成员、副部长陈肇雄主持。" ;
    rdfs:label "会议由部党组成员、副部长陈肇雄主持。"@zh ;
    nif:referenceContext <https://w3id.org/cn-gov-kg/id/doc/one> ;
    schema:isPartOf <https://w3id.org/cn-gov-kg/id/doc/one> .

<https://w3id.org/cn-gov-kg/id/doc/one/char/3-15> a nif:Phrase ;
    nif:beginIndex "3"^^xsd:nonNegativeInteger ;
    nif:endIndex "15"^^xsd:nonNegativeInteger ;
    nif:anchorOf "部党组成员、副部长陈肇雄" ;
    rdfs:label "部党组成员、副部长陈肇雄"@zh ;
    nif:sentence <https://w3id.org/cn-gov-kg/id/doc/one/sentence/0> ;
    nif:referenceContext <https://w3id.org/cn-gov-kg/id/doc/one> .
"""


def test_a_membership_is_exactly_these_triples():
    found = to_graph([one_membership()])
    membership = next(found.subjects(rdflib.RDF.type, ORG.Membership))
    key = iris.document_key("某会议one", "2018-12-27", "")  # from the title and date, not the id "one"
    expected_text = EXPECTED_MEMBERSHIP.replace("id:doc\\/one", "<https://w3id.org/cn-gov-kg/id/doc/one>")
    expected_text = expected_text.replace("https://w3id.org/cn-gov-kg/id/doc/one", iris.document(key))
    expected = rdflib.Graph().parse(
        data=expected_text.replace(
            "<https://w3id.org/cn-gov-kg/id/membership/one-MEMBERSHIP>", f"<{membership}>"
        ),
        format="turtle",
    )
    assert_isomorphic(expected, found)
    assert str(membership).startswith(str(DATA) + f"membership/{key}-")


def test_turtle_is_byte_identical_for_the_same_input():
    assert to_turtle(to_graph([sample_extraction()])) == to_turtle(to_graph([sample_extraction()]))


def test_turtle_is_byte_identical_across_processes(tmp_path: Path):
    """Python's string hashing differs per process; the Turtle must not."""
    script = (
        "import sys; sys.path.insert(0, 'tests'); from sample_facts import sample_extraction; "
        "from kg.rdf import to_graph, to_turtle; sys.stdout.buffer.write(to_turtle(to_graph([sample_extraction()])))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).parent.parent,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert to_turtle(to_graph([sample_extraction()])) in outputs


def test_turtle_round_trips_to_an_isomorphic_graph():
    graph = to_graph([sample_extraction()])
    assert_isomorphic(graph, rdflib.Graph().parse(data=to_turtle(graph), format="turtle"))


def test_iris_are_ascii_and_chinese_is_in_zh_labels():
    graph = to_graph([sample_extraction()])
    for triple in graph:
        for term in triple:
            if isinstance(term, rdflib.URIRef):
                assert term.isascii(), term
    for node in graph.subjects(rdflib.RDF.type, SCHEMA.Person):
        assert [(str(n), n.language) for n in graph.objects(node, SCHEMA.name)] in (
            [("苗圩", "zh")],
            [("陈肇雄", "zh")],
            [("张建民", "zh")],
        )
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


def test_the_same_person_and_organization_in_two_reports_share_iris_but_facts_do_not():
    graph = to_graph([one_membership("report-a"), one_membership("report-b")])
    assert len(set(graph.subjects(rdflib.RDF.type, SCHEMA.Person))) == 1
    assert len(set(graph.subjects(rdflib.RDF.type, ORG.Organization))) == 1
    assert len(set(graph.subjects(rdflib.RDF.type, ORG.Post))) == 1
    memberships = sorted(str(m) for m in graph.subjects(rdflib.RDF.type, ORG.Membership))
    keys = sorted(iris.document_key(f"某会议{name}", "2018-12-27", "") for name in ("report-a", "report-b"))
    assert [m.rsplit("/", 1)[1][: len(key)] for m, key in zip(memberships, keys)] == keys


def test_evidence_points_at_the_sentence_and_the_words():
    extraction = sample_extraction()
    doc = extraction.document
    graph = to_graph([extraction])
    target = next(graph.subjects(rdflib.RDF.type, KG.Goal))
    sentence = graph.value(target, PROV.wasDerivedFrom)
    span = graph.value(target, KG.evidenceSpan)
    begin, end = int(graph.value(span, NIF.beginIndex)), int(graph.value(span, NIF.endIndex))
    assert str(graph.value(span, NIF.anchorOf)) == doc.text[begin:end] == "全国贫困村通宽带比例达到98%"
    assert str(graph.value(sentence, NIF.anchorOf)) == "力争2019年底全国贫困村通宽带比例达到98%。"
    s_begin, s_end = int(graph.value(sentence, NIF.beginIndex)), int(graph.value(sentence, NIF.endIndex))
    assert doc.text[s_begin:s_end] == "力争2019年底全国贫困村通宽带比例达到98%。"
    assert graph.value(span, NIF.sentence) == sentence
    assert (
        str(graph.value(graph.value(sentence, SCHEMA.isPartOf), SCHEMA.name))
        == "全国工业和信息化工作会议在京召开"
    )
    assert str(graph.value(graph.value(sentence, SCHEMA.isPartOf), NIF.isString)) == TEXT


@pytest.mark.parametrize(
    "value, lexical", [(6.3, "6.3"), (98.0, "98.0"), (4, "4.0"), (3.5, "3.5"), (140.0, "140.0")]
)
def test_values_are_plain_decimals(value, lexical):
    extraction = sample_extraction()
    extraction.targets = [
        extraction.targets[0].__class__(**{**extraction.targets[0].__dict__, "value": value})
    ]
    graph = to_graph([extraction])
    literal = next(graph.objects(None, QUDT.numericValue))
    assert (str(literal), literal.datatype) == (lexical, rdflib.XSD.decimal)


def test_target_codes():
    graph = to_graph([sample_extraction()])
    estimated = next(graph.subjects(rdflib.RDF.type, KG.IndicatorValue))
    planned = next(graph.subjects(rdflib.RDF.type, KG.Goal))
    obs = rdflib.URIRef("http://purl.org/linked-data/sdmx/2009/attribute#obsStatus")
    assert str(graph.value(estimated, obs)) == "http://purl.org/linked-data/sdmx/2009/code#obsStatus-E"
    assert graph.value(planned, obs) is None
    assert (str(graph.value(estimated, KG.qualifier)), graph.value(estimated, KG.modality)) == (
        "approximately",
        None,
    )
    assert (graph.value(planned, KG.qualifier), str(graph.value(planned, KG.modality))) == (None, "aim")
    assert graph.value(planned, KG.deadline) == rdflib.Literal("2019-12-31", datatype=rdflib.XSD.date)
    assert graph.value(planned, KG.referenceYear) == rdflib.Literal("2019", datatype=rdflib.XSD.gYear)
    percent = rdflib.URIRef("http://qudt.org/vocab/unit/PERCENT")
    assert (graph.value(planned, QUDT.hasUnit), graph.value(planned, KG.baseUnit)) == (percent, percent)
    assert str(graph.value(planned, KG.unitAsWritten)) == "%"
    assert not list(graph.objects(None, QUDT.unit))  # deprecated in QUDT: qudt:hasUnit only


def test_organization_kinds_and_parents():
    graph = to_graph([sample_extraction()])
    ministry = rdflib.URIRef(str(DATA) + "org/" + slug("工业和信息化部"))
    group = rdflib.URIRef(str(DATA) + "org/" + slug("工业和信息化部党组"))
    bureau = rdflib.URIRef(str(DATA) + "org/" + slug("国家烟草专卖局"))
    assert (ministry, rdflib.RDF.type, KG.Ministry) in graph
    assert (group, KG.partyGroupOf, ministry) in graph
    assert (group, ORG.subOrganizationOf, ministry) not in graph  # linked to it, not a unit of it
    assert (bureau, KG.administeredBy, ministry) in graph
    assert sorted(str(a) for a in graph.objects(ministry, rdflib.SKOS.altLabel)) == ["工信部", "部"]


def test_class_counts():
    assert class_counts(to_graph([sample_extraction()])) == {
        "Report": 1,
        "Sentence": 9,
        "Person": 3,
        "Organization": 3,
        "Membership": 4,
        "Post": 4,
        "Event": 1,
        "Speech": 1,
        "Participation": 3,
        "Target": 2,
        "Indicator": 2,
        "Plan": 1,
        "PlanItem": 1,
        "Programme": 1,
        "Formulation": 1,
    }


@pytest.mark.parametrize(
    "name, expected",
    [
        ("工业和信息化部", "gong-ye-he-xin-xi-hua-bu-020b4fbd"),
        ("工业和信息化部 ", "gong-ye-he-xin-xi-hua-bu-020b4fbd"),  # canonical: whitespace dropped
        ("５Ｇ", slug("5G")),  # canonical: NFKC
        ("“三品”专项行动", "san-pin-zhuan-xiang-xing-dong-" + slug("“三品”专项行动")[-8:]),
    ],
)
def test_slugs(name, expected):
    assert slug(name) == expected
    assert slug(name).isascii()


def test_a_report_without_facts_is_just_a_document():
    graph = to_graph([Extraction(read_text("会议在北京召开。", doc_id="demo"))])
    assert class_counts(graph) == {"Report": 1}
    report = rdflib.URIRef(iris.document(iris.document_key(None, None, "会议在北京召开。")))  # from its text
    assert graph.value(report, SCHEMA.identifier) == rdflib.Literal("demo")


names = st.text(min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(person=names, post=names, organization=names, metric=names, scope=names, unit=names)
def test_any_names_give_ascii_iris_and_turtle_that_parses_back(
    person, post, organization, metric, scope, unit
):
    doc = read_text("会议由部党组成员、副部长陈肇雄主持。全国增长6.3%。", doc_id="any")
    evidence = ev(doc, "陈肇雄")
    extraction = Extraction(
        doc,
        memberships=[Membership(person, post, organization, post, evidence)],
        targets=[Target(metric, 6.3, unit, "increase", "estimated", ev(doc, "增长6.3%"), scope=scope)],
    )
    graph = to_graph([extraction])
    assert all(t.isascii() for triple in graph for t in triple if isinstance(t, rdflib.URIRef))
    assert_isomorphic(graph, rdflib.Graph().parse(data=to_turtle(graph), format="turtle"))
