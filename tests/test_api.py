"""The Python API (`import kg`): return types, the officials and targets tables against the gold answers,
saving and loading, errors, and that `import kg` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import InputError, QueryError
from kg.sparql.query import CONTRACT

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = ROOT / "tests" / "gold" / "miit-2018-work-conference.json"
GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
# A made-up report of the genre: names and figures belong to no real document.
TEXT = (
    "12月20日,全国交通运输工作会议在北京召开。交通运输部党组书记、部长李明出席会议并讲话。"
    "会议由部党组成员、副部长王华主持。预计全年,全国快递业务量增长25%左右。"
    "2019年力争港口货物吞吐量增长3%。"
)


@pytest.fixture(scope="module")
def made_up() -> kg.KnowledgeGraph:
    return kg.from_text(TEXT, title="全国交通运输工作会议召开", date="2018-12-20", doc_id="transport-2018")


@pytest.fixture(scope="module")
def report(source_graph) -> kg.KnowledgeGraph:
    return kg.load(source_graph)


def test_the_api_is_exported_from_the_package():
    from kg import api

    assert (kg.from_files, kg.from_text, kg.load, kg.KnowledgeGraph) == (
        api.from_files,
        api.from_text,
        api.load,
        api.KnowledgeGraph,
    )
    assert {"from_files", "from_text", "load", "KnowledgeGraph"} <= set(dir(kg))
    with pytest.raises(AttributeError, match="module 'kg' has no attribute 'biuld'"):
        kg.biuld  # noqa: B018


def test_docstring_examples_run():
    import doctest

    from kg import api

    result = doctest.testmod(api)
    assert result.attempted >= 12 and result.failed == 0


def test_importing_kg_loads_no_heavy_library():
    code = (
        "import sys, kg; kg.__version__; "
        "print(sorted(m for m in ('rdflib', 'pandas', 'networkx', 'jieba', 'pyoxigraph') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_from_text_gives_a_graph_with_tables(made_up):
    import pandas as pd

    assert isinstance(made_up, kg.KnowledgeGraph)
    assert repr(made_up) == f"<KnowledgeGraph: 1 document, 2 officials, 2 targets, {len(made_up)} triples>"
    officials = made_up.query("officials")
    assert isinstance(officials, pd.DataFrame)
    assert tuple(officials.columns) == CONTRACT["officials"]
    assert officials[["person", "post", "organization", "document"]].values.tolist() == [
        ["李明", "部长", "交通运输部", "transport-2018"],
        ["李明", "党组书记", "交通运输部党组", "transport-2018"],
        ["王华", "副部长", "交通运输部", "transport-2018"],
        ["王华", "党组成员", "交通运输部党组", "transport-2018"],
    ]
    assert set(officials["evidence"]) == {
        "交通运输部党组书记、部长李明出席会议并讲话。",
        "会议由部党组成员、副部长王华主持。",
    }
    targets = made_up.query("targets")
    assert tuple(targets.columns) == CONTRACT["targets"]
    assert targets[["metric", "value", "unit", "qualifier", "period", "status"]].values.tolist() == [
        ["快递业务量", "25", "%", "approximately", "2018", "estimated"],
        ["港口货物吞吐量", "3", "%", "", "2019", "planned"],
    ]


def test_query_parameters_ask_construct_and_empty_results(made_up):
    import pandas as pd
    import rdflib

    assert made_up.query("officials", in_organization="交通运输部党组")["post"].tolist() == [
        "党组书记",
        "党组成员",
    ]
    assert made_up.query('ASK { ?p <https://schema.org/name> "李明"@zh }') is True
    assert made_up.query('ASK { ?p <https://schema.org/name> "王明"@zh }') is False
    people = made_up.query(
        "CONSTRUCT { ?p a <https://schema.org/Person> } WHERE { ?p a <https://schema.org/Person> }"
    )
    assert isinstance(people, rdflib.Graph) and len(people) == 2
    empty = made_up.query("SELECT ?x WHERE { ?x a <https://example.org/Nothing> }")
    assert isinstance(empty, pd.DataFrame) and list(empty.columns) == ["x"] and empty.empty
    assert made_up.answers()["officials"] == made_up.query("officials").to_dict("records")


def test_networkx_view_and_central(made_up):
    import networkx as nx

    net = made_up.networkx()
    assert isinstance(net, nx.MultiDiGraph)
    officials = {data["label"]: data for _, data in net.nodes(data=True) if data["kind"] == "official"}
    assert sorted(officials) == ["李明", "王华"]
    assert officials["李明"]["details"] == {"posts": "交通运输部党组书记、交通运输部部长"}
    ranking = made_up.central()
    assert list(ranking.columns) == ["label", "kind", "degree", "betweenness", "node"]
    assert ranking[["label", "kind", "degree"]].values.tolist() == [
        ["交通运输部", "ministry", 4],
        ["交通运输部党组", "party group", 3],
        ["李明", "official", 2],
        ["王华", "official", 2],
        ["国务院", "organization", 1],
    ]
    assert made_up.central(top=2)["label"].tolist() == ["交通运输部", "交通运输部党组"]


def _in_page(label: str, html: str) -> bool:
    """Whether `label` is in the page, which carries labels as JSON (non-ASCII escaped)."""
    return json.dumps(label)[1:-1] in html or label in html


def test_show_validate_page(made_up):
    whole = made_up.show()._repr_html_()
    assert whole.startswith('<iframe srcdoc="&lt;!doctype html&gt;')
    assert _in_page("李明", whole) and _in_page("王华", whole)
    around = made_up.show(focus="交通运输部", depth=1, height=300)._repr_html_()
    assert "height:300px" in around
    assert _in_page("交通运输部部长", around) and not _in_page("快递业务量 ▲增长 25%左右", around)
    page = made_up.page()
    assert page.lower().startswith("<!doctype html>") and _in_page("快递业务量 ▲增长 25%左右", page)
    report = made_up.validate()
    assert report.conforms and report.violations == []


def test_save_and_load_round_trip(made_up, tmp_path):
    from rdflib.compare import isomorphic

    path = made_up.save(tmp_path / "kg.ttl")
    again = kg.load(path)
    assert isomorphic(again.graph, made_up.graph)
    assert again.save(tmp_path / "again.ttl").read_bytes() == path.read_bytes()
    assert again.query("officials").equals(made_up.query("officials"))


def test_errors_name_the_input_and_what_to_do(made_up, tmp_path):
    with pytest.raises(InputError, match="nowhere.ttl: no such graph file"):
        kg.load(tmp_path / "nowhere.ttl")
    with pytest.raises(InputError, match="the text is empty"):
        kg.from_text("  \n")
    with pytest.raises(QueryError, match="unknown query 'oficials'; did you mean 'officials'"):
        made_up.query("oficials")
    with pytest.raises(QueryError, match="officials has no parameter 'year'"):
        made_up.query("officials", year=2018)
    with pytest.raises(InputError, match="gold.json: no such gold file"):
        made_up.evaluate(tmp_path / "gold.json")
    with pytest.raises(InputError, match="no reports found"):
        kg.from_files(tmp_path)


# -- the report in source/ against its gold answers ---------------------------------------------------


def test_officials_table_matches_the_gold(report):
    officials = report.query("officials")
    assert tuple(officials.columns) == CONTRACT["officials"]
    gold = {(o["person"], p["post"], p["organization"]) for o in GOLD["officials"] for p in o["posts"]}
    found = set(officials[["person", "post", "organization"]].itertuples(index=False, name=None))
    assert found == gold
    assert len(officials) == len(gold)
    assert set(officials["document"]) == {"miit-2018-work-conference"}
    assert all(row.person in row.evidence for row in officials.itertuples())


def _code(value) -> str:
    return "" if value is None else str(value).replace(" ", "-")


def _shares_three_characters(a: str, b: str) -> bool:
    return any(a[i : i + 3] in b for i in range(len(a) - 2))


def test_targets_table_matches_the_gold(report):
    targets = report.query("targets")
    assert tuple(targets.columns) == CONTRACT["targets"]
    key = ("value", "unit", "change", "qualifier", "period", "status")
    targets = targets.assign(
        qualifier=targets["qualifier"].where(targets["qualifier"] != "", targets["modality"])
    )
    gold = sorted(
        (
            f"{float(t['value']):g}",
            t["unit"],
            t["change"],
            _code(t["qualifier"]),
            t["period"],
            t["status"],
            t["metric"],
        )
        for t in GOLD["targets"]
    )
    found = sorted(
        (*row, metric)
        for row, metric in zip(targets[list(key)].itertuples(index=False, name=None), targets["metric"])
    )
    assert [g[:-1] for g in gold] == [f[:-1] for f in found]
    assert all(_shares_three_characters(f[-1], g[-1]) for g, f in zip(gold, found))
    assert set(targets.loc[targets["status"] == "planned", "deadline"]) == {"2019-12-31"}
    assert all(value in sentence for value, sentence in zip(targets["value"], targets["evidence"]))


def test_evaluate_scores_the_graph_as_kg_evaluate_does(report, source_graph):
    from kg.quality import evaluate
    from kg.sparql import query, store

    scores = report.evaluate(GOLD_PATH)
    assert scores == evaluate.score(GOLD, query.answers(store.load(source_graph)))
    assert report.evaluate(GOLD) == scores
    assert scores.officials.f1 == 1.0


def test_from_files_builds_what_kg_build_writes(report):
    from rdflib.compare import isomorphic

    built = kg.from_files(ROOT / "source")
    assert isomorphic(built.graph, report.graph)
    assert (
        kg.from_files([ROOT / "source" / "miit-2018-work-conference.txt"])
        .query("officials")
        .equals(report.query("officials"))
    )


def test_a_query_past_its_time_limit_is_stopped(made_up):
    endless = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . "
        "?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?a1 . ?b1 ?c1 ?d1 }"
    )
    with pytest.raises(QueryError, match="the query ran longer than 0.5 s and was stopped"):
        made_up.query(endless, timeout=0.5)
    assert (
        made_up.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }", timeout=None)["n"].astype(int).item() > 0
    )


def test_load_reads_trig_as_the_union_of_its_report_graphs(report, source_graph):
    from rdflib.compare import isomorphic

    trig = kg.load(source_graph.with_suffix(".trig"))
    assert len(trig) == len(report) > 0
    assert isomorphic(trig.graph, report.graph)
    assert trig.query("officials").equals(report.query("officials"))
