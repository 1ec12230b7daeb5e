"""`kg query`, `kg validate`, `kg stats`, `kg evaluate` through click's CliRunner: exact output, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from sample_facts import sample_extraction

from kg.cli import cli
from kg.rdf import to_graph, to_turtle
from kg.rdf.namespace import ORG
from kg.sparql.query import saved_queries

GOLD = Path(__file__).parent / "gold" / "miit-2018-work-conference.json"
PEOPLE = (
    "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"
)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "kg.ttl"
    path.write_bytes(to_turtle(to_graph([sample_extraction()])))
    return path


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_query_a_saved_name_as_a_table(graph_file):
    result = kg("query", "meetings", "--graph", str(graph_file))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "meeting                   date        place  chair   speaker  speech_title  document\n"
        "------------------------  ----------  -----  ------  -------  ------------  -----------\n"
        "全国工业和信息化工作会议  2018-12-27  北京   陈肇雄  苗圩     保持战略定力  sample-2018\n"
        "(1 row)\n"
    )


def test_query_a_sparql_string_as_csv(graph_file):
    result = kg("query", PEOPLE, "--graph", str(graph_file), "--format", "csv")
    assert (result.exit_code, result.stdout_bytes) == (0, "name\r\n张建民\r\n苗圩\r\n陈肇雄\r\n".encode())


def test_query_a_file_as_tsv_with_rdflib(graph_file, tmp_path):
    path = tmp_path / "people.rq"
    path.write_text(PEOPLE, encoding="utf-8")
    result = kg("query", str(path), "--graph", str(graph_file), "--format", "tsv", "--engine", "rdflib")
    assert (result.exit_code, result.stdout) == (0, "name\n张建民\n苗圩\n陈肇雄\n")


def test_query_json_is_sparql_results(graph_file):
    result = kg("query", "concepts", "--graph", str(graph_file), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "head": {"vars": ["concept", "document"]},
        "results": {
            "bindings": [
                {
                    "concept": {"type": "literal", "value": "四个意识"},
                    "document": {"type": "literal", "value": "sample-2018"},
                }
            ]
        },
    }


def test_query_with_params(graph_file):
    result = kg(
        "query",
        "reported",
        "--graph",
        str(graph_file),
        "--format",
        "csv",
        "--param",
        "ministry=工业和信息化部",
        "--param",
        "year=2018",
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "publisher,period,metric,change,value,unit,qualifier,status,document,evidence",
        "工业和信息化部,2018,规模以上工业增加值,increase,6.3,%,approximately,estimated,sample-2018,全国规模以上工业增加值同比增长6.3%左右。",
    ]


def test_csv_written_with_output_starts_with_a_bom_for_excel(graph_file, tmp_path):
    out = tmp_path / "people.csv"
    result = kg("query", PEOPLE, "--graph", str(graph_file), "--format", "csv", "--output", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {out} (3 rows)\n")
    assert out.read_bytes() == "\ufeffname\r\n张建民\r\n苗圩\r\n陈肇雄\r\n".encode()
    assert out.read_text(encoding="utf-8-sig").splitlines()[1] == "张建民"
    kg("query", PEOPLE, "--graph", str(graph_file), "--format", "csv", "--output", str(out), "--no-bom")
    assert out.read_bytes().startswith(b"name\r\n")
    result = kg("query", PEOPLE, "--graph", str(graph_file), "--format", "csv", "--bom")
    assert result.stdout.startswith("\ufeffname")


def test_construct_prints_turtle(graph_file):
    result = kg(
        "query",
        "CONSTRUCT { ?o a <http://www.w3.org/ns/org#Organization> } WHERE "
        "{ ?o <http://www.w3.org/ns/org#classification> ?k }",
        "--graph",
        str(graph_file),
    )
    assert result.exit_code == 0
    assert rdflib.Graph().parse(data=result.stdout, format="turtle").__len__() == 3


def test_list_shows_every_saved_query_and_its_parameters():
    result = kg("query", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    names = [line for line in lines if not line.startswith(" ")]
    assert names == list(saved_queries()) == sorted(names)
    assert {
        "attendance",
        "evidence",
        "key_tasks",
        "officials",
        "reported",
        "suborganizations",
        "targets",
    } <= set(names)
    reported = lines[lines.index("reported") + 1 : lines.index("suborganizations")]
    assert reported == [
        "    What did a ministry report for a year? The estimated and achieved figures of the reports it",
        "    published, for the given year.",
        "    --param ministry=…  the publisher of the reports (e.g. 工业和信息化部)",
        "    --param year=…  the year the figures refer to (e.g. 2018)",
    ]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ["query", "oficials"],
            1,
            (
                f"Error: unknown query 'oficials'; did you mean 'officials'? saved queries: {', '.join(saved_queries())} "
                "(see kg query --list)\n"
            ),
        ),
        (
            ["query", "officials", "--param", "year"],
            1,
            "Error: --param 'year' is not NAME=VALUE; write e.g. --param year=2018\n",
        ),
        (
            ["query", "officials", "--param", "year=2018"],
            1,
            "Error: officials has no parameter 'year'; its parameters: in_organization, who\n",
        ),
        (
            ["query", "missing.rq"],
            2,
            "Error: missing.rq: no such query file; pass a saved name, a .rq file or a SPARQL string\n",
        ),
    ],
)
def test_query_errors(graph_file, args, code, message):
    result = kg(*args, "--graph", str(graph_file))
    assert (result.exit_code, result.stderr) == (code, message)


def test_query_on_a_missing_graph(tmp_path):
    result = kg("query", "officials", "--graph", str(tmp_path / "none.ttl"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path / 'none.ttl'}: no such graph file; build one with `kg build SOURCES --out DIR`\n",
    )


def test_query_syntax_error_names_the_line(graph_file):
    result = kg("query", "SELECT ?x\nWHERE { ?x ?y }", "--graph", str(graph_file))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: query: SPARQL syntax error at line 2, column ")


def test_query_without_a_query():
    result = kg("query")
    assert result.exit_code == 2
    assert "give a QUERY (a saved name, a .rq file or SPARQL) or --list" in result.stderr


def test_validate_a_conforming_graph(graph_file):
    result = kg("validate", str(graph_file))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{graph_file}: conforms to the kg shapes and its evidence (452 triples)\n",
    )


def test_validate_a_broken_graph_exits_1_with_readable_violations(tmp_path):
    graph = to_graph([sample_extraction()])
    membership = min(graph.subjects(rdflib.RDF.type, ORG.Membership))
    graph.remove((membership, ORG.member, None))
    path = tmp_path / "broken.ttl"
    path.write_bytes(to_turtle(graph))
    result = kg("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}: 1 violation(s) of the kg shapes\n"
        "  工业和信息化部 副部长 org:member: a membership needs exactly one person (org:member)"
        f"  <{membership}>\n"
    )


def test_validate_a_file_that_is_not_rdf(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("this is not turtle", encoding="utf-8")
    result = kg("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}: is not valid Turtle at line 1, column 1")


def test_stats(graph_file):
    result = kg("stats", str(graph_file))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"{graph_file}: 452 triples, 1 document(s)", "  document  sample-2018"]
    assert "  org:Membership                 4" in lines
    assert "  kg:Target                      2" in lines


def test_evaluate_on_the_report(tmp_path):
    out = tmp_path / "out"
    assert kg("build", str(Path(__file__).parent.parent / "source"), "--out", str(out)).exit_code == 0
    result = kg("evaluate", str(GOLD), "--graph", str(out / "kg.ttl"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "document miit-2018-work-conference"
    assert lines[1].startswith("officials (triples)    P 1.000  R 1.000  F1 1.000")
    assert "meeting fields         6/6" in result.stdout


def test_evaluate_with_a_missing_gold_file(graph_file, tmp_path):
    result = kg("evaluate", str(tmp_path / "gold.json"), "--graph", str(graph_file))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {tmp_path / 'gold.json'}: no such gold file; pass a JSON file of gold answers (see tests/gold)\n",
    )


@pytest.mark.parametrize("command", ["query", "validate", "stats", "evaluate"])
def test_every_command_has_help_with_an_example(command):
    result = kg(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"kg {command}" in result.stdout


def test_validate_a_trig_file_checks_every_named_graph(tmp_path):
    graph = to_graph([sample_extraction()])
    path = tmp_path / "kg.trig"
    path.write_text(
        "<https://w3id.org/cn-gov-kg/id/doc/sample-2018> {\n" + graph.serialize(format="nt") + "}\n",
        encoding="utf-8",
    )
    result = kg("validate", str(path))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{path}: conforms to the kg shapes and its evidence (452 triples)\n",
    )


def test_validate_an_empty_file(tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("", encoding="utf-8")
    result = kg("validate", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: has no triples; build a graph with `kg build SOURCES --out DIR`\n",
    )


def test_evaluate_with_a_file_that_is_not_gold(graph_file, tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    result = kg("evaluate", str(path), "--graph", str(graph_file))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {path}: is not a gold file (a JSON object with officials, targets, …; see tests/gold)\n",
    )
