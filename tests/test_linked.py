"""Linked data: the authority table (lexicon/authority.tsv) and its links, labels on every instance (with pinyin),
org:memberOf, the publisher as a node, and an ontology an OWL 2 DL reasoner accepts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from sample_facts import sample_extraction

from kg.facts import Extraction, Organization
from kg.lexicon import authorities, gazetteer, records, words
from kg.quality.validate import ontology_file, validate_graph
from kg.rdf import to_graph
from kg.rdf.linked import organization_pinyin, person_pinyin
from kg.rdf.namespace import KG, ORG, SCHEMA
from kg.read import read_text

ROOT = Path(__file__).resolve().parents[1]
KG_BIN = Path(sys.executable).with_name("kg")
WD = rdflib.Namespace("http://www.wikidata.org/entity/")
PINYIN = "zh-latn-pinyin"


# ---- the authority table ----------------------------------------------------------------------------------------
def test_the_authority_table_has_its_header_and_well_formed_ids() -> None:
    header = (ROOT / "kg" / "lexicon" / "authority.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split("\t") == ["name", "name_en", "wikidata", "ror", "evidence"]
    rows = records("authority")
    assert len(rows) > 100
    for row in rows:
        assert row["name_en"] and row["name_en"] == row["name_en"].strip(), row["name"]
        assert re.fullmatch(r"(Q[1-9][0-9]*)?", row["wikidata"]), row["name"]
        assert re.fullmatch(r"(0[a-hj-km-np-tv-z0-9]{6}[0-9]{2})?", row["ror"]), row["name"]
        assert not (row["wikidata"] or row["ror"]) or row["evidence"], (
            f"{row['name']}: an id without its source"
        )


def test_every_body_of_the_authority_table_is_known_to_the_gazetteer() -> None:
    """By its name or an alias (not a former name, whose id could be another item's); the provincial people's
    governments by the place names kg knows (provinces.txt), as the extractor names them."""
    written = {name: body.name for body in gazetteer().values() for name in (body.name, *body.aliases)}
    provinces = set(words("provinces"))
    unknown = []
    for row in records("authority"):
        place = re.fullmatch(r"(.+?)(省|市|自治区)人民政府", row["name"])
        if row["name"] not in written and not (place and place.group(1) in provinces):
            unknown.append(row["name"])
    assert unknown == []


def test_one_row_per_body_and_one_body_per_id() -> None:
    bodies = [authority.name for authority in authorities().values()]
    assert len(bodies) == len(records("authority")) == len(set(bodies))
    for column in ("wikidata", "ror"):
        ids = [row[column] for row in records("authority") if row[column]]
        assert len(ids) == len(set(ids)), column


def test_nothing_reads_the_shared_folder_at_run_time() -> None:
    sources = [*(ROOT / "kg").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
    folder = "shared" + "/authority"  # not written whole, so that this file does not name it
    assert [p.name for p in sources if folder in p.read_text(encoding="utf-8")] == []


# ---- pinyin -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("钱明远", "Qián Míngyuǎn"),
        ("曾立安", "Zēng Lì'ān"),  # a surname's own reading; an apostrophe before a vowel
        ("欧阳文华", "Ōuyáng Wénhuá"),  # a compound surname
        ("单一", "Shàn Yī"),
        ("买买提·艾力", None),  # not all Han characters: no pinyin label
        ("钱", None),
    ],
)
def test_a_person_in_pinyin(name: str, expected: str | None) -> None:
    assert person_pinyin(name) == expected


def test_an_organization_in_pinyin() -> None:
    assert organization_pinyin("商务部") == "Shāng wù bù"
    assert organization_pinyin("ABC") is None


# ---- the graph --------------------------------------------------------------------------------------------------
def labels(graph, node) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for label in graph.objects(node, RDFS.label):
        found.setdefault(label.language or "", set()).add(str(label))
    return found


def org(graph, name: str):
    (node,) = graph.subjects(SKOS.prefLabel, rdflib.Literal(name, lang="zh"))
    return node


def test_a_body_with_ids_matches_wikidata_and_ror_and_has_its_english_name() -> None:
    graph = to_graph([sample_extraction()])
    ministry = org(graph, "工业和信息化部")
    assert set(graph.objects(ministry, SKOS.exactMatch)) == {
        WD.Q1002010,
        rdflib.URIRef("https://ror.org/0385nmy68"),
    }
    assert labels(graph, ministry) == {
        "zh": {"工业和信息化部"},
        "en": {"Ministry of Industry and Information Technology"},
        PINYIN: {"Gōng yè hé xìn xī huà bù"},
    }
    party_group = org(graph, "工业和信息化部党组")  # not in the table
    assert list(graph.objects(party_group, SKOS.exactMatch)) == [] and "en" not in labels(graph, party_group)


def test_a_former_name_matches_the_renamed_body_without_its_english_name() -> None:
    doc = read_text("国家电网公司召开会议。", doc_id="grid", date="2012-01-05")
    graph = to_graph([Extraction(doc, organizations=[Organization("国家电网公司", "enterprise")])])
    node = org(graph, "国家电网公司")
    assert set(graph.objects(node, SKOS.exactMatch)) >= {WD.Q209078}
    assert "en" not in labels(graph, node)


def test_every_instance_has_a_label_and_a_member_is_member_of_its_organization() -> None:
    graph = to_graph([sample_extraction()])
    typed = set(graph.subjects(RDF.type, None))
    assert len(typed) > 40
    ours = {
        node for node in typed if not str(node).startswith("http://qudt.org/")
    }  # QUDT labels its own units
    assert sorted(str(node) for node in ours if not labels(graph, node)) == []
    for membership in graph.subjects(RDF.type, ORG.Membership):
        person, body = graph.value(membership, ORG.member), graph.value(membership, ORG.organization)
        assert (person, ORG.memberOf, body) in graph
    (person,) = graph.subjects(SCHEMA.name, rdflib.Literal("陈肇雄", lang="zh"))
    assert labels(graph, person) == {"zh": {"陈肇雄"}, PINYIN: {"Chén Zhàoxióng"}}


def test_the_publisher_is_the_body_s_node_or_an_organization_of_its_own() -> None:
    graph = to_graph([sample_extraction()])
    (publisher,) = graph.objects(None, SCHEMA.publisher)
    assert publisher == org(graph, "工业和信息化部")
    doc = read_text("会议召开。", doc_id="paper", publisher="某某日报网站")
    graph = to_graph([Extraction(doc)])
    (publisher,) = graph.objects(None, SCHEMA.publisher)
    assert isinstance(publisher, rdflib.URIRef)
    assert (publisher, RDF.type, SCHEMA.Organization) in graph
    assert graph.value(publisher, SCHEMA.name) == rdflib.Literal("某某日报网站", lang="zh")
    assert validate_graph(graph).conforms


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        ("publisher-literal", "schema:publisher"),
        ("bad-match", "http://www.w3.org/2004/02/skos/core#exactMatch"),
        ("no-person-label", "http://www.w3.org/2000/01/rdf-schema#label"),
        ("two-english-labels", "http://www.w3.org/2000/01/rdf-schema#label"),
    ],
)
def test_the_shapes_catch_broken_links_and_labels(edit: str, path: str) -> None:
    graph = to_graph([sample_extraction()])
    ministry = org(graph, "工业和信息化部")
    if edit == "publisher-literal":
        doc = next(graph.subjects(SCHEMA.publisher, None))
        graph.set((doc, SCHEMA.publisher, rdflib.Literal("工业和信息化部", lang="zh")))
    elif edit == "bad-match":
        graph.add((ministry, SKOS.exactMatch, rdflib.URIRef("https://www.wikidata.org/wiki/Q1002010")))
    elif edit == "no-person-label":
        person = next(graph.subjects(RDF.type, SCHEMA.Person))
        graph.remove((person, RDFS.label, None))
    else:
        graph.add((ministry, RDFS.label, rdflib.Literal("MIIT", lang="en")))
    report = validate_graph(graph)
    assert not report.conforms
    assert path in {v.path for v in report.violations} or path.split("#")[-1] in {
        v.path.split(":")[-1] for v in report.violations
    }


# ---- the ontology -----------------------------------------------------------------------------------------------
# OWL 2 DL's datatype map (OWL 2 Structural Specification §4): the datatypes a DL reasoner (HermiT) accepts.
_XSD_NAMES = [
    "decimal",
    "integer",
    "nonNegativeInteger",
    "nonPositiveInteger",
    "positiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "double",
    "float",
    "string",
    "normalizedString",
    "token",
    "language",
    "Name",
    "NCName",
    "NMTOKEN",
    "boolean",
    "hexBinary",
    "base64Binary",
    "anyURI",
    "dateTime",
    "dateTimeStamp",
]
OWL2_DATATYPES = {
    *(XSD[name] for name in _XSD_NAMES),
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDFS.Literal,
    OWL.real,
    OWL.rational,
}


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ontology_file("kg.ttl"), format="turtle")


def test_every_datatype_range_is_in_the_owl2_datatype_map(ontology) -> None:
    bad = []
    for prop, datatype in ontology.subject_objects(RDFS.range):
        if str(datatype).startswith((str(XSD), str(RDF), str(RDFS))) and datatype not in OWL2_DATATYPES:
            bad.append(f"{prop} {datatype}")
        if datatype in OWL2_DATATYPES and (prop, RDF.type, OWL.DatatypeProperty) not in ontology:
            bad.append(f"{prop}: a datatype range on a property that is not an owl:DatatypeProperty")
    assert bad == []


def test_no_property_is_of_two_owl_kinds(ontology) -> None:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    props = {p for kind in kinds for p in ontology.subjects(RDF.type, kind)}
    assert sorted(str(p) for p in props if sum((p, RDF.type, k) in ontology for k in kinds) > 1) == []


def test_the_data_uses_each_declared_property_as_its_kind(ontology) -> None:
    """An object property never has a literal value and a datatype property never an IRI (OWL 2 DL's typing)."""
    graph = to_graph([sample_extraction()])
    doc = read_text("会议召开。", doc_id="paper", publisher="某某日报")
    graph += to_graph([Extraction(doc)])
    wrong = set()
    for _, prop, value in graph:
        if (prop, RDF.type, OWL.ObjectProperty) in ontology and isinstance(value, rdflib.Literal):
            wrong.add(str(prop))
        if (prop, RDF.type, OWL.DatatypeProperty) in ontology and not isinstance(value, rdflib.Literal):
            wrong.add(str(prop))
    assert sorted(wrong) == []


def test_kg_s_organization_relations_are_org_relations(ontology) -> None:
    linked = {ORG.linkedTo, ORG.subOrganizationOf}
    for prop in (KG.partyGroupOf, KG.administeredBy, KG.stationedAt):
        assert set(ontology.objects(prop, RDFS.subPropertyOf)) & linked, prop
    assert (SCHEMA.publisher, RDF.type, OWL.ObjectProperty) in ontology
    assert (ORG.memberOf, RDF.type, OWL.ObjectProperty) in ontology


# ---- end to end -------------------------------------------------------------------------------------------------
def test_build_links_labels_and_validates_through_the_installed_command(tmp_path: Path) -> None:
    source = tmp_path / "reports"
    source.mkdir()
    (source / "report.txt").write_text(
        "---\ntitle: 全国商务工作会议召开\ndate: 2021-12-24\npublisher: 商务部\n---\n"
        "全国商务工作会议召开\n12月24日,全国商务工作会议在北京召开。商务部党组书记、部长钱明远出席会议并讲话。"
        "会议指出,2021年全国货物进出口总额增长8.1%。\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    built = subprocess.run(
        [str(KG_BIN), "build", str(source), "--out", str(out)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    graph = rdflib.Graph().parse(out / "kg.ttl", format="turtle")
    ministry = org(graph, "商务部")
    assert labels(graph, ministry)["en"] == {"Ministry of Commerce"}  # in the table without ids
    assert list(graph.objects(ministry, SKOS.exactMatch)) == []
    (person,) = graph.subjects(SCHEMA.name, rdflib.Literal("钱明远", lang="zh"))
    assert labels(graph, person)[PINYIN] == {"Qián Míngyuǎn"}
    assert (person, ORG.memberOf, ministry) in graph
    assert set(graph.objects(None, SCHEMA.publisher)) == {ministry}
    validated = subprocess.run(
        [str(KG_BIN), "validate", str(out / "kg.ttl")], capture_output=True, text=True, check=False
    )
    assert validated.returncode == 0 and "conforms" in validated.stdout, validated.stdout
    reported = subprocess.run(
        [str(KG_BIN), "query", "reported", "--graph", str(out / "kg.ttl"), "--format", "csv"]
        + ["--param", "ministry=商务部"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert reported.returncode == 0 and "商务部,2021,货物进出口总额,increase,8.1" in reported.stdout, (
        reported.stdout
    )
