"""`kg validate` checks evidence: each fault made in a broken copy of a built graph, through the installed `kg`
(exit 1, one line naming the fault and the node); the checks are data files, each saying what it catches."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from kg.quality import evidence
from kg.rdf.namespace import NIF

KG = Path(sys.executable).with_name("kg")  # .venv/bin/kg
ID = "https://w3id.org/cn-gov-kg/id/"
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("https://schema.org/")
NNI = rdflib.XSD.nonNegativeInteger

REPORT = """---
title: 全国示例工作会议在京召开
date: 2030-12-20
publisher: 商务部
---
全国示例工作会议在京召开。会议对明年工作作出部署。
部党组书记、部长赵明远作工作报告。商务部党组成员、副部长钱立新主持会议。
2030年社会消费品零售总额增长8%左右。
"""

OTHER = """---
title: 另一份示例报告
date: 2031-01-05
publisher: 商务部
---
商务部党组成员、副部长孙建华出席会议。
"""


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG), *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """kg.ttl built by the installed command from two made-up reports."""
    root = tmp_path_factory.mktemp("evidence")
    (root / "reports").mkdir()
    (root / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "reports" / "b.txt").write_text(OTHER, encoding="utf-8")
    done = kg("build", str(root / "reports"), "--out", str(root / "out"), "--no-cache")
    assert done.returncode == 0, done.stderr
    return root / "out" / "kg.ttl"


def spans(graph: rdflib.Graph) -> list[rdflib.URIRef]:
    return sorted(graph.subjects(rdflib.RDF.type, NIF.Phrase))


def the_span(graph: rdflib.Graph, anchor: str) -> rdflib.URIRef:
    return next(s for s in spans(graph) if str(graph.value(s, NIF.anchorOf)) == anchor)


def shift(graph: rdflib.Graph) -> str:
    span = the_span(graph, "商务部")
    for p in (NIF.beginIndex, NIF.endIndex):
        graph.set((span, p, rdflib.Literal(int(graph.value(span, p)) + 2, datatype=NNI)))
    return str(span)


def replace_anchor(graph: rdflib.Graph) -> str:
    span = the_span(graph, "商务部")
    graph.set((span, NIF.anchorOf, rdflib.Literal("某某部")))
    return str(span)


def outside_sentence(graph: rdflib.Graph) -> str:
    span = the_span(graph, "商务部")
    sentence = graph.value(span, NIF.sentence)
    other = next(s for s in graph.subjects(rdflib.RDF.type, NIF.Sentence) if s != sentence)
    graph.set((span, NIF.sentence, other))
    return str(span)


def past_text(graph: rdflib.Graph) -> str:
    span = the_span(graph, "商务部")
    graph.set((span, NIF.endIndex, rdflib.Literal(100000, datatype=NNI)))
    return str(span)


def wrong_source(graph: rdflib.Graph) -> str:
    """The span says it is in report b while its sentence is in report a."""
    span = the_span(graph, "商务部")
    report = graph.value(span, NIF.referenceContext)
    other = next(d for d in graph.subjects(rdflib.RDF.type, NIF.Context) if d != report)
    graph.set((span, NIF.referenceContext, other))
    return str(span)


def wrong_provenance(graph: rdflib.Graph) -> str:
    """A membership of report b derived from a sentence of report a."""
    fact = next(f for f, _ in graph.subject_objects(PROV.wasDerivedFrom) if "孙建华" in _labels(graph, f))
    sentence = the_span(graph, "商务部")
    graph.add((fact, PROV.wasDerivedFrom, graph.value(sentence, NIF.sentence)))
    return str(fact)


def untyped(graph: rdflib.Graph) -> str:
    person = next(graph.subjects(SCHEMA.name, rdflib.Literal("赵明远", lang="zh")))
    graph.remove((person, rdflib.RDF.type, None))
    return str(person)


def dangling(graph: rdflib.Graph) -> str:
    fact = next(f for f, _ in graph.subject_objects(PROV.wasDerivedFrom))
    missing = rdflib.URIRef(ID + "person/no-such-person")
    graph.add((fact, rdflib.URIRef("http://www.w3.org/ns/org#member"), missing))
    return str(missing)


def _labels(graph: rdflib.Graph, node) -> str:
    return " ".join(str(o) for _, o in graph.predicate_objects(node)) + " ".join(
        str(o) for n in graph.objects(node, None) for o in graph.objects(n, SCHEMA.name)
    )


@pytest.mark.parametrize(
    ("break_it", "check", "says"),
    [
        (shift, "anchor", "shifted span: characters "),
        (replace_anchor, "anchor", "replaced nif:anchorOf: characters "),
        (outside_sentence, "outside-sentence", "span outside its sentence: "),
        (past_text, "bounds", "offsets past the text: "),
        (wrong_source, "source", "source is not the sentence's report: the span's nif:referenceContext"),
        (wrong_provenance, "source", "source is not the sentence's report: derived from "),
        (untyped, "untyped", "untyped node: no rdf:type"),
        (dangling, "untyped", "untyped node: no rdf:type"),
    ],
)
def test_each_fault_of_a_broken_copy_is_one_line_naming_it_and_the_node(
    built: Path, tmp_path: Path, break_it: Callable[[rdflib.Graph], str], check: str, says: str
) -> None:
    graph = rdflib.Graph().parse(built)
    node = break_it(graph)
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    result = kg("validate", "--no-shapes", str(broken))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{broken}: ") and lines[0].endswith(" fault(s) of its evidence")
    ours = [line for line in lines[1:] if f"[{check}]: {says}" in line and line.endswith(f"<{node}>")]
    assert len(ours) == 1, result.stdout


def test_the_built_graph_passes_with_and_without_the_shapes(built: Path) -> None:
    full, fast = kg("validate", str(built)), kg("validate", "--no-shapes", str(built))
    assert (full.returncode, fast.returncode) == (0, 0), full.stdout + fast.stdout
    assert full.stdout.startswith(f"{built}: conforms to the kg shapes and its evidence (")
    assert fast.stdout.startswith(f"{built}: its evidence passes the checks (")
    assert fast.stdout.endswith(" triples; shapes not checked)\n")


def test_a_shape_violation_and_an_evidence_fault_are_both_reported(built: Path, tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(built)
    node = shift(graph)
    membership = min(graph.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/org#Membership")))
    graph.remove((membership, rdflib.URIRef("http://www.w3.org/ns/org#member"), None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    result = kg("validate", str(broken))
    assert result.returncode == 1
    assert f"{broken}: 1 violation(s) of the kg shapes\n" in result.stdout
    assert f"<{membership}>\n" in result.stdout and "[anchor]: shifted span" in result.stdout
    assert f"<{node}>" in result.stdout


def test_every_check_is_a_select_of_node_and_message_with_a_comment() -> None:
    assert sorted(evidence.checks()) == ["anchor", "bounds", "outside-sentence", "source", "untyped"]
    for name, sparql in evidence.checks().items():
        assert sparql.startswith("# ") and len(evidence.describe(name)) > 40, name
        assert "# columns: node, message" in sparql and "SELECT" in sparql, name


def test_the_api_reports_evidence_faults(built: Path) -> None:
    import kg as kg_api

    graph = kg_api.load(built)
    assert graph.validate().ok
    shift(graph.graph)
    report = graph.validate()
    assert report.conforms and not report.ok
    assert [v.path for v in report.evidence or []] == ["[anchor]"]
