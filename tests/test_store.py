"""kg.sparql.store: Oxigraph (default) and rdflib give the same answers; errors name the place and a fix; time limits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.errors import InputError, QueryError
from kg.sparql import store
from kg.sparql.query import saved_queries

EX = "PREFIX ex: <http://example.org/>\n"
SMALL = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:miao ex:name "苗圩"@zh ; ex:holds ex:post1 .
ex:chen ex:name "陈肇雄"@zh ; ex:holds ex:post2 .
ex:post1 ex:title "部长"@zh ; ex:in ex:miit .
ex:post2 ex:title "副部长"@zh ; ex:in ex:miit ; ex:since "2018-12-27"^^xsd:date .
ex:miit ex:label "工业和信息化部" .
ex:t1 ex:value 6.3 ; ex:unit "%" ; ex:count "4"^^xsd:integer .
"""
OFFICIALS = (
    EX
    + """SELECT ?name ?title ?org ?since WHERE {
  ?person ex:name ?name ; ex:holds ?post . ?post ex:title ?title ; ex:in/ex:label ?org .
  OPTIONAL { ?post ex:since ?since }
} ORDER BY ?name"""
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engines(source_graph: Path) -> dict[str, store.Store]:
    return {engine: store.load(source_graph, engine=engine) for engine in store.ENGINES}


def test_oxigraph_is_the_default_engine(small: Path) -> None:
    assert store.load(small).engine == "oxigraph"
    assert store.Store(rdflib.Graph()).engine == "oxigraph"


@pytest.mark.parametrize("engine", store.ENGINES)
def test_select_rows_are_rdflib_terms_in_order(small: Path, engine: str) -> None:
    result = store.load(small, engine=engine).query(OFFICIALS)
    zh = {"lang": "zh"}
    assert result.kind == "select"
    assert result.variables == ["name", "title", "org", "since"]
    assert result.rows == [
        (rdflib.Literal("苗圩", **zh), rdflib.Literal("部长", **zh), rdflib.Literal("工业和信息化部"), None),
        (
            rdflib.Literal("陈肇雄", **zh),
            rdflib.Literal("副部长", **zh),
            rdflib.Literal("工业和信息化部"),
            rdflib.Literal("2018-12-27", datatype=rdflib.XSD.date),
        ),
    ]


@pytest.mark.parametrize("engine", store.ENGINES)
def test_typed_literals_ask_and_construct(small: Path, engine: str) -> None:
    loaded = store.load(small, engine=engine)
    row = loaded.query(EX + "SELECT ?v ?c ?u WHERE { ex:t1 ex:value ?v ; ex:count ?c ; ex:unit ?u }").rows[0]
    assert row == (
        rdflib.Literal("6.3", datatype=rdflib.XSD.decimal),
        rdflib.Literal("4", datatype=rdflib.XSD.integer),
        rdflib.Literal("%"),
    )
    assert loaded.query(EX + "ASK { ex:miao ex:holds ex:post1 }").boolean is True
    assert loaded.query(EX + "ASK { ex:miao ex:holds ex:post2 }").boolean is False
    built = loaded.query(EX + "CONSTRUCT { ?p ex:named ?n } WHERE { ?p ex:name ?n }").graph
    expected = rdflib.Graph().parse(
        data=EX.replace("PREFIX ex:", "@prefix ex:").rstrip() + " .\n"
        'ex:miao ex:named "苗圩"@zh . ex:chen ex:named "陈肇雄"@zh .',
        format="turtle",
    )
    assert isomorphic(built, expected), built.serialize(format="nt")


def test_both_engines_give_identical_rows_for_every_saved_query(engines: dict[str, store.Store]) -> None:
    assert len(saved_queries()) >= 7
    answered = {}
    for name, saved in saved_queries().items():
        oxigraph = engines["oxigraph"].query(saved.text)
        rdflib_rows = engines["rdflib"].query(saved.text)
        assert oxigraph.variables == rdflib_rows.variables, name
        assert oxigraph.rows == rdflib_rows.rows, name  # same rows, same order
        answered[name] = len(oxigraph.rows)
    for name in ("officials", "organizations", "meetings", "targets", "plans", "programmes", "concepts"):
        assert answered[name] > 0, f"{name} found nothing in the built graph: {answered}"


def test_a_known_fact_of_the_report_comes_back_from_both_engines(engines: dict[str, store.Store]) -> None:
    for engine, loaded in engines.items():
        rows = {tuple(map(str, row[:3])) for row in loaded.query(saved_queries()["officials"].text).rows}
        assert ("苗圩", "部长", "工业和信息化部") in rows, engine


@pytest.mark.parametrize("engine", store.ENGINES)
def test_bindings_reach_filters_on_unprojected_variables(
    engines: dict[str, store.Store], engine: str
) -> None:
    """--param binds variables used only in FILTER(!BOUND(?x) || …): Oxigraph gets them as VALUES."""
    sparql = saved_queries()["officials"].text
    every = engines[engine].query(sparql).rows
    only = engines[engine].query(sparql, {"in_organization": rdflib.Literal("国家烟草专卖局")}).rows
    assert 0 < len(only) < len(every)
    assert {str(row[2]) for row in only} == {"国家烟草专卖局"}
    assert (
        only
        == engines["rdflib" if engine == "oxigraph" else "oxigraph"]
        .query(sparql, {"in_organization": rdflib.Literal("国家烟草专卖局")})
        .rows
    )


def test_with_values_ignores_where_and_braces_in_strings_iris_and_comments() -> None:
    sparql = '# WHERE { not here\nPREFIX e: <http://e/#x>\nSELECT ("WHERE {" AS ?s) ?x WHERE { ?x e:p ?o }'
    assert store.with_values(sparql, {"o": rdflib.Literal("北京", lang="zh")}) == (
        '# WHERE { not here\nPREFIX e: <http://e/#x>\nSELECT ("WHERE {" AS ?s) ?x WHERE { VALUES (?o) { ("北京"@zh) } '
        "?x e:p ?o }"
    )


@pytest.mark.parametrize("engine", store.ENGINES)
@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        (
            "SELECT ?x WHERE { ?x ex:p ?o }",
            "undefined prefix `ex:`; hint: declare it first, e.g. `PREFIX ex: <http://…#>`",
        ),
        ("SELECT ?x WHERE {\n  ?x ?p ?o \n", "hint: the braces do not balance (1 `{` and 0 `}`)"),
        (
            "PREFIX a: <http://a/>\nSELEC ?x WHERE { ?x ?p ?o }",
            "hint: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after its PREFIX lines)",
        ),
    ],
)
def test_syntax_errors_give_line_column_and_a_hint(
    small: Path, engine: str, sparql: str, expected: str
) -> None:
    with pytest.raises(QueryError) as error:
        store.load(small, engine=engine).query(sparql)
    message = str(error.value)
    assert message.startswith("SPARQL syntax error")
    assert message.endswith(expected)
    assert "\n" not in message


def test_oxigraph_syntax_error_says_where_exactly(small: Path) -> None:
    with pytest.raises(QueryError) as error:
        store.load(small).query("SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }")
    assert str(error.value).startswith("SPARQL syntax error at line 3, column ")
    assert "expected one of" in str(error.value)


@pytest.mark.parametrize("engine", store.ENGINES)
def test_a_query_that_would_run_forever_is_stopped_at_the_time_limit(small: Path, engine: str) -> None:
    endless = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
        "?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?a1 . ?b1 ?c1 ?d1 . ?e1 ?f1 ?g1 . ?h1 ?i1 ?j1 }"
    )
    loaded = store.load(small, engine=engine, timeout=1.0)
    before = set(children())  # processes other tests may have left running are not this test's
    start = time.monotonic()
    with pytest.raises(QueryError) as error:
        loaded.query(endless)
    assert time.monotonic() - start < 10
    assert str(error.value).startswith("the query ran longer than 1 s and was stopped")
    assert set(children()) <= before  # the evaluating child was killed and reaped


def children() -> list[int]:
    """Process ids whose parent is this process (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


def test_the_time_limit_can_be_lifted_per_query(small: Path) -> None:
    loaded = store.load(small, timeout=0.001)
    assert loaded.query(OFFICIALS, timeout=None).rows[0][0] == rdflib.Literal("苗圩", lang="zh")


@pytest.mark.parametrize("engine", store.ENGINES)
def test_a_truncated_graph_is_an_input_error(source_graph: Path, tmp_path: Path, engine: str) -> None:
    data = source_graph.read_bytes()
    cut = tmp_path / "kg.ttl"
    cut.write_bytes(data[: data.index(b'"', len(data) // 2) + 3])  # inside a literal
    with pytest.raises(InputError) as error:
        store.load(cut, engine=engine)
    assert str(error.value).startswith(f"{cut}: is not ")
    assert "rebuild it with `kg build`" in str(error.value)
    if engine == "oxigraph":
        assert " at line " in str(error.value)


@pytest.mark.parametrize("engine", store.ENGINES)
@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "会议在北京召开。".encode()])
def test_a_file_that_is_not_rdf_is_an_input_error(tmp_path: Path, engine: str, content: bytes) -> None:
    path = tmp_path / "kg.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"kg\.ttl: is not"):
        store.load(path, engine=engine)


def test_a_missing_graph_and_an_unknown_engine(tmp_path: Path, small: Path) -> None:
    with pytest.raises(InputError, match="no such graph file; build one with `kg build SOURCES --out DIR`"):
        store.load(tmp_path / "nothing.ttl")
    with pytest.raises(QueryError, match="unknown SPARQL engine 'blazegraph'; engines: oxigraph, rdflib"):
        store.load(small, engine="blazegraph")


def test_the_rdflib_graph_of_an_oxigraph_store_is_parsed_on_first_use(source_graph: Path) -> None:
    loaded = store.load(source_graph)
    assert loaded._graph is None
    assert len(loaded) == len(loaded.graph) > 1000
    assert isomorphic(loaded.graph, rdflib.Graph().parse(source_graph))


def test_a_store_from_an_rdflib_graph_answers_on_oxigraph(small: Path) -> None:
    graph = rdflib.Graph().parse(small)
    from_graph = store.Store(graph)
    assert from_graph.graph is graph
    assert from_graph.query(OFFICIALS).rows == store.load(small, engine="rdflib").query(OFFICIALS).rows


@pytest.mark.parametrize("engine", store.ENGINES)
def test_a_trig_file_is_queried_as_the_union_of_its_named_graphs(source_graph: Path, engine: str) -> None:
    trig = source_graph.with_suffix(".trig")
    officials = saved_queries()["officials"].text
    from_trig = store.load(trig, engine=engine).query(officials).rows
    assert from_trig, "the named graphs of kg.trig were not queried"
    assert from_trig == store.load(source_graph, engine=engine).query(officials).rows
