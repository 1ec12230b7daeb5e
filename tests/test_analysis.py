"""networkx analysis (centrality, ego graph, path, communities) and the GraphML / CSV exports, with the
CLI commands over them (`kg export`, `kg central`, `kg path`)."""

from __future__ import annotations

import csv
import doctest
import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.errors import QueryError
from kg.network import analysis


def small() -> nx.MultiDiGraph:
    """Two people, three posts, a ministry with its party group and an administered bureau; a task, two programmes."""
    net = nx.MultiDiGraph()
    nodes = {
        "m": ("某某部", "ministry"),
        "g": ("某某部党组", "party group"),
        "b": ("国家某某局", "organization"),
        "p1": ("某某部部长", "post"),
        "p2": ("某某部党组党组成员", "post"),
        "p3": ("国家某某局局长", "post"),
        "a": ("甲", "official"),
        "c": ("乙", "official"),
        "t": ("推进某某工作", "plan item"),
        "x": ("某某工程", "programme"),
        "y": ("某某行动", "programme"),
    }
    for node, (label, kind) in nodes.items():
        net.add_node(
            node,
            label=label,
            kind=kind,
            details={"title": label} if kind == "post" else {},
            evidence=None,
            document="demo",
        )
    for u, v, relation in [
        ("a", "p1", "holds"),
        ("c", "p2", "holds"),
        ("c", "p3", "holds"),
        ("p1", "m", "post in"),
        ("p2", "g", "post in"),
        ("p3", "b", "post in"),
        ("g", "m", "party group of"),
        ("b", "m", "administered by"),
        ("x", "t", "programme of"),
        ("y", "t", "programme of"),
    ]:
        net.add_edge(u, v, key=relation, relation=relation)
    return net


def test_docstring_examples_run():
    result = doctest.testmod(analysis)
    assert result.attempted >= 8 and result.failed == 0


def test_centrality_ranks_bridges_first():
    rows = analysis.centrality(small())
    assert [(r["label"], r["kind"], r["degree"], r["betweenness"]) for r in rows] == [
        ("某某部", "ministry", 3, 0.5714),  # 12 of the 21 pairs' shortest paths (halves for ties) cross it
        ("国家某某局", "organization", 2, 0.2381),
        ("某某部党组", "party group", 2, 0.2381),
        ("乙", "official", 2, 0.0952),  # holding posts in the party group and the bureau links them
        ("甲", "official", 1, 0.0),
    ]


def test_ego_graph_of_a_ministry_keeps_only_organizations():
    around = analysis.ego(small(), "某某部")
    assert analysis.edge_rows(around) == [
        {
            "source": "某某部党组",
            "relation": "party group of",
            "target": "某某部",
            "source_kind": "party group",
            "target_kind": "ministry",
        },
        {
            "source": "国家某某局",
            "relation": "administered by",
            "target": "某某部",
            "source_kind": "organization",
            "target_kind": "ministry",
        },
    ]


def test_path_follows_edges_either_way_and_can_avoid_kinds():
    steps = analysis.path(small(), "甲", "国家某某局")
    assert analysis.format_path(steps) == (
        "甲 —holds→ 某某部部长\n某某部部长 —post in→ 某某部\n国家某某局 —administered by→ 某某部\n"
    )
    via_party_group = analysis.path(small(), "乙", "某某部")
    assert (
        analysis.format_path(via_party_group)
        == "乙 —holds→ 某某部党组党组成员\n某某部党组党组成员 —post in→ 某某部党组\n"
        "某某部党组 —party group of→ 某某部\n"
    )
    with pytest.raises(QueryError, match="no path links '甲' and '国家某某局' in the graph"):
        analysis.path(small(), "甲", "国家某某局", avoid=("ministry",))


def test_path_errors_say_what_to_do():
    with pytest.raises(QueryError, match="no path links '甲' and '某某工程' in the graph"):
        analysis.path(small(), "甲", "某某工程")
    with pytest.raises(QueryError, match="no node labelled '丙'"):
        analysis.path(small(), "丙", "甲")
    with pytest.raises(
        QueryError,
        match="^'某某' names 9 nodes \\(国家某某局、国家某某局局长、推进某某工作、某某工程、某某行动\\); "
        "give the full label$",
    ):
        analysis.find(small(), "某某")
    assert analysis.find(small(), "某某部") == "m"  # an exact label wins over labels containing it
    assert analysis.find(small(), "局长") == "p3"  # a part of one label


def test_communities_group_a_task_with_its_programmes():
    assert [(r["community"], r["kind"], r["label"]) for r in analysis.communities(small())] == [
        (1, "plan item", "推进某某工作"),
        (1, "programme", "某某工程"),
        (1, "programme", "某某行动"),
    ]
    assert analysis.communities(nx.MultiDiGraph()) == []


# -- exports ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(source_graph) -> kg.KnowledgeGraph:
    return kg.load(source_graph)


@pytest.fixture(scope="module")
def net(report):
    return report.networkx()


def test_graphml_round_trip_keeps_labels_kinds_relations_and_details(net):
    data = analysis.to_graphml(net)
    assert data == analysis.to_graphml(net)  # byte-identical
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.nodes) == sorted(net.nodes)
    for node, attrs in net.nodes(data=True):
        assert back.nodes[node]["label"] == attrs["label"]
        assert back.nodes[node]["kind"] == attrs["kind"]
        assert back.nodes[node]["evidence"] == (attrs["evidence"] or "")
        for key, value in attrs["details"].items():
            assert back.nodes[node][f"detail_{key.replace(' ', '_')}"] == value
    relations = Counter((u, v, d["relation"]) for u, v, d in net.edges(data=True))
    assert Counter((u, v, d["relation"]) for u, v, d in back.edges(data=True)) == relations
    kinds = Counter(kind for _, kind in back.nodes(data="kind"))
    assert kinds["official"] == 10 and kinds["ministry"] == 1 and kinds["party group"] == 1
    target = next(attrs for _, attrs in back.nodes(data=True) if attrs["label"] == "规模以上工业增加值 6.3%")
    assert (target["detail_value"], target["detail_unit"], target["detail_qualifier"]) == (
        "6.3",
        "%",
        "approximately",
    )


def test_flat_makes_graphml_safe_scalars():
    assert analysis.flat(
        {
            "label": "甲",
            "evidence": None,
            "details": {"declared count": "4", "posts": "部长"},
            "tags": ["a", "b"],
            "weight": 2,
        }
    ) == {
        "label": "甲",
        "evidence": "",
        "detail_declared_count": "4",
        "detail_posts": "部长",
        "tags": '["a", "b"]',
        "weight": 2,
    }


def test_csv_export_has_a_row_per_node_and_edge(net):
    files = analysis.to_csv(net)
    assert sorted(files) == ["edges.csv", "nodes.csv"]
    assert all(text.startswith("\ufeff") for text in files.values())
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"][1:])))
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"][1:])))
    assert list(nodes[0])[:5] == ["id", "label", "kind", "document", "evidence"]
    assert list(edges[0]) == ["source", "target", "relation", "source_label", "target_label", "evidence"]
    assert [(row["id"], row["label"], row["kind"]) for row in nodes] == [
        (node, attrs["label"], attrs["kind"]) for node, attrs in net.nodes(data=True)
    ]
    assert Counter(row["relation"] for row in edges) == Counter(
        d["relation"] for *_, d in net.edges(data=True)
    )
    held = {(row["source_label"], row["target_label"]) for row in edges if row["relation"] == "holds"}
    assert ("张克俭", "国家国防科技工业局局长") in held


# -- the CLI ------------------------------------------------------------------------------------------


def test_kg_export_graphml_and_csv(source_graph, net, tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "kg.graphml"
    result = runner.invoke(cli, ["export", str(source_graph), "--format", "graphml", "--out", str(out)])
    assert (result.exit_code, result.output) == (
        0,
        f"wrote {out} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)\n",
    )
    assert out.read_bytes() == analysis.to_graphml(net)
    folder = tmp_path / "csv"
    result = runner.invoke(cli, ["export", str(source_graph), "--format", "csv", "--out", str(folder)])
    written = (
        f"wrote {folder / 'nodes.csv'} ({net.number_of_nodes()} nodes)\n"
        f"wrote {folder / 'edges.csv'} ({net.number_of_edges()} edges)\n"
    )
    assert (result.exit_code, result.output) == (0, written)
    assert (folder / "nodes.csv").read_bytes().decode("utf-8") == analysis.to_csv(net)["nodes.csv"]


def test_kg_export_errors(source_graph, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", str(source_graph), "--format", "gexf", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2 and "'gexf' is not one of 'graphml', 'csv'" in result.output
    afile = tmp_path / "file"
    afile.write_text("x")
    result = runner.invoke(cli, ["export", str(source_graph), "--format", "csv", "--out", str(afile)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {afile}: is a file; pass --out a folder for nodes.csv and edges.csv\n",
    )
    result = runner.invoke(cli, ["export", str(tmp_path / "none.ttl"), "--out", str(tmp_path / "x.graphml")])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {tmp_path / 'none.ttl'}: no such graph file; build one with `kg build SOURCES --out DIR`\n",
    )


def test_kg_central_prints_the_ranking(source_graph):
    result = CliRunner().invoke(cli, ["central", str(source_graph), "--top", "3"])
    assert result.exit_code == 0
    assert result.output == (
        "rank  label                                       kind          degree  betweenness\n"
        "1     工业和信息化部                              ministry      9       0.4943\n"
        "2     工业和信息化部党组                          party group   3       0.1187\n"
        "3     中央纪委国家监委驻工业和信息化部纪检监察组  organization  3       0.1116\n"
    )


def test_kg_path_prints_the_chain_and_its_errors(source_graph):
    runner = CliRunner()
    result = runner.invoke(cli, ["path", str(source_graph), "张克俭", "国家烟草专卖局"])
    assert (result.exit_code, result.output) == (
        0,
        (
            "张克俭 —holds→ 工业和信息化部副部长\n"
            "工业和信息化部副部长 —post in→ 工业和信息化部\n"
            "国家烟草专卖局 —administered by→ 工业和信息化部\n"
        ),
    )
    result = runner.invoke(cli, ["path", str(source_graph), "张克俭", "没有这个"])
    assert result.exit_code == 1 and result.output.startswith("Error: no node labelled '没有这个'")


@pytest.mark.parametrize("command", ["export", "central", "path"])
def test_analysis_commands_have_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"kg {command} out/kg.ttl" in result.output


def test_across_two_reports_the_state_council_links_the_ministries(tmp_path: Path):
    import shutil

    source = Path(__file__).resolve().parents[1] / "source"
    for name in ("miit-2018-work-conference.txt", "miit-2018-work-conference.toml"):
        shutil.copy(source / name, tmp_path / name)
    made_up = (
        "12月20日,全国交通运输工作会议在北京召开。交通运输部党组书记、部长李明出席会议并讲话。"
        "会议由部党组成员、副部长王华主持。预计全年,全国快递业务量增长25%左右。"
    )
    (tmp_path / "transport-2018.txt").write_text(made_up, encoding="utf-8")
    net = kg.from_files(tmp_path).networkx()
    ranking = [(row["label"], row["kind"]) for row in analysis.centrality(net)[:3]]
    assert ranking == [("工业和信息化部", "ministry"), ("国务院", "organization"), ("交通运输部", "ministry")]
    assert analysis.format_path(analysis.path(net, "李明", "苗圩")) == (
        "李明 —holds→ 交通运输部部长\n交通运输部部长 —post in→ 交通运输部\n交通运输部 —sub-organization of→ 国务院\n"
        "工业和信息化部 —sub-organization of→ 国务院\n工业和信息化部部长 —post in→ 工业和信息化部\n"
        "苗圩 —holds→ 工业和信息化部部长\n"
    )
