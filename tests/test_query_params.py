"""Parameters that name things (issue 15, point 7): `--param who=NAME` matches a name whatever its language tag,
and organization parameters resolve the gazetteer's aliases (工信部 → 工业和信息化部), with both engines, through
the installed `kg`; and the Python API's parameters alike. Names are made up."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

import kg
from kg.lexicon import resolve_organization
from kg.sparql import query as queries
from kg.sparql.text import with_values

KG = Path(sys.executable).with_name("kg")  # .venv/bin/kg
ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("oxigraph", "rdflib")
TEXT = (
    "12月27日,全国工业和信息化工作会议在北京召开。工业和信息化部党组书记、部长李明出席会议并讲话。"
    "会议由部党组成员、副部长王华主持。部党组成员、副部长赵一鸣出席会议。"
)
PREFIXES = (
    "PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KG), *args], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False
    )


def rows(*args: str) -> list[dict[str, str]]:
    done = run("query", *args, "--format", "csv")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def report() -> kg.KnowledgeGraph:
    return kg.from_text(TEXT, title="全国工业和信息化工作会议召开", date="2018-12-27", doc_id="made-up-2018")


@pytest.fixture(scope="module")
def graph(report, tmp_path_factory) -> Path:
    return report.save(tmp_path_factory.mktemp("params") / "kg.ttl")


@pytest.mark.parametrize("engine", ENGINES)
def test_officials_of_a_person(graph, engine):
    found = rows("officials", "--graph", str(graph), "--engine", engine, "--param", "who=李明")
    everyone = rows("officials", "--graph", str(graph), "--engine", engine)
    assert [(r["person"], r["post"], r["organization"]) for r in found] == [
        ("李明", "部长", "工业和信息化部"),
        ("李明", "党组书记", "工业和信息化部党组"),
    ]
    assert found == [r for r in everyone if r["person"] == "李明"]  # the same rows, none twice
    assert rows("officials", "--graph", str(graph), "--engine", engine, "--param", "who=无此人") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_parameter_in_a_triple_pattern_matches_the_zh_literal(graph, engine):
    sparql = (
        PREFIXES
        + "SELECT ?post WHERE { ?person schema:name ?who ; org:holds/skos:prefLabel ?post } ORDER BY ?post"
    )
    found = rows(sparql, "--graph", str(graph), "--engine", engine, "--param", "who=王华")
    assert [r["post"] for r in found] == ["工业和信息化部党组成员", "工业和信息化部副部长"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("short", "full"), [("工信部", "工业和信息化部"), ("工信部党组", "工业和信息化部党组")]
)
def test_an_organization_parameter_resolves_the_gazetteer_alias(graph, engine, short, full):
    by_alias = rows(
        "officials", "--graph", str(graph), "--engine", engine, "--param", f"in_organization={short}"
    )
    by_name = rows(
        "officials", "--graph", str(graph), "--engine", engine, "--param", f"in_organization={full}"
    )
    assert by_alias == by_name and {r["organization"] for r in by_alias} == {full}
    assert {r["person"] for r in by_alias} == {"李明", "王华", "赵一鸣"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_free_query_resolves_an_alias_the_graph_lacks(graph, engine):
    sparql = PREFIXES + "SELECT ?organization WHERE { ?organization skos:prefLabel ?name }"
    found = rows(sparql, "--graph", str(graph), "--engine", engine, "--param", "name=工信部")
    assert len(found) == 1 and found[0]["organization"].startswith("https://w3id.org/cn-gov-kg/id/org/")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_language_tag_and_the_plain_string_match(tmp_path, engine):
    path = tmp_path / "names.ttl"
    path.write_text(
        "@prefix schema: <https://schema.org/> .\n@prefix ex: <http://example.org/> .\n"
        'ex:a schema:name "某甲"@zh .\nex:b schema:name "某甲" .\nex:c schema:name "某甲"@zh-Latn-pinyin .\n'
        'ex:d schema:name "某乙"@zh .\nex:e schema:name "某甲"^^<http://example.org/code> .\n',
        encoding="utf-8",
    )
    sparql = "SELECT ?s WHERE { ?s <https://schema.org/name> ?who } ORDER BY ?s"
    found = rows(sparql, "--graph", str(path), "--engine", engine, "--param", "who=某甲")
    assert [r["s"] for r in found] == ["http://example.org/a", "http://example.org/b", "http://example.org/c"]
    tagged = rows(sparql, "--graph", str(path), "--engine", engine, "--param", "who=某乙")
    assert [r["s"] for r in tagged] == ["http://example.org/d"]


def test_the_python_api_binds_the_same_way(report):
    found = report.query("officials", who="赵一鸣", in_organization="工信部")
    assert found[["person", "post", "organization"]].values.tolist() == [
        ["赵一鸣", "副部长", "工业和信息化部"]
    ]
    free = report.query(
        PREFIXES
        + "SELECT ?organization WHERE { ?person schema:name ?who ; org:holds/org:postIn ?organization }",
        who="李明",
    )
    assert len(free) == 2


def test_the_list_shows_the_new_parameter():
    listed = run("query", "--list").stdout
    assert (
        "    --param who=…  only this person (name as written, e.g. 张三)"
        in listed.split("\norganizations\n")[0]
    )
    assert "    --param in_organization=…  only posts in this organization (full name or short name" in listed


@pytest.mark.parametrize(
    ("written", "resolved"),
    [
        ("工信部", "工业和信息化部"),
        ("工业和信息化部", "工业和信息化部"),
        ("工信部党组", "工业和信息化部党组"),
        ("中组部", "中共中央组织部"),
        ("某某委员会", "某某委员会"),
        ("工信", "工信"),
    ],
)
def test_resolve_organization(written, resolved):
    assert resolve_organization(written) == resolved


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT ?s WHERE { ?s ?p ?who }", True),
        ("SELECT ?s WHERE { ?s ?p ?n FILTER(!BOUND(?who) || STR(?n) = STR(?who)) }", False),
        ("SELECT ?s WHERE { ?s ?p ?n FILTER(?n = str( ?who )) } # ?who in a comment", False),
        ('SELECT ?s WHERE { ?s ?p "?who" FILTER(STR(?who) = "x") }', False),
        ("SELECT ?s WHERE { ?s ?p ?whole }", False),
    ],
)
def test_compared_as_term(sparql, expected):
    assert queries._compared_as_term(sparql, "who") is expected


def test_with_values_writes_a_row_per_value():
    bound = {
        "who": (rdflib.Literal("某甲"), rdflib.Literal("某甲", lang="zh")),
        "p": rdflib.URIRef("http://e/p"),
    }
    assert with_values("SELECT ?s WHERE { ?s ?p ?who }", bound) == (
        'SELECT ?s WHERE { VALUES (?who ?p) { ("某甲" <http://e/p>) ("某甲"@zh <http://e/p>) } ?s ?p ?who }'
    )
