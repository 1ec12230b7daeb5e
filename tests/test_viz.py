"""The page's Python side: what it contains, the neighbourhood and class cuts, `kg viz`, the notebook helper."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.viz import render as viz

sys.path.insert(0, str(Path(__file__).parent))
from sample_facts import sample_extraction


@pytest.fixture(scope="module")
def graph():
    from kg.rdf import to_graph

    return to_graph([sample_extraction()])


@pytest.fixture(scope="module")
def view(graph):
    from kg.network import to_networkx

    return to_networkx(graph)


def page_data(html: str) -> dict:
    """The JSON the page's script reads (nodes, edges, options, legend)."""
    block = html.split("window.kgData = ", 1)[1].split("</script>", 1)[0].strip().rstrip(";")
    return json.loads(re.sub(r"^\s*(\w+): ", r'"\1": ', block, flags=re.MULTILINE))


def labels(view) -> list[str]:
    return sorted(label for _, label in view.nodes(data="label"))


def test_page_is_one_self_contained_file(graph, view):
    html = viz.page(graph)
    assert re.findall(r"<script[^>]*\bsrc=|<link[^>]*\bhref=|@import", html) == []
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html and "tom-select" not in html and "bootstrap" not in html
    data = page_data(html)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(view.nodes)
    assert len(data["edges"]) == view.number_of_edges()
    assert sorted(n["full"] for n in data["nodes"] if n["kind"] not in ("meeting", "target")) == sorted(
        label for _, label in view.nodes(data="label") if view.nodes[_]["kind"] not in ("meeting", "target")
    )


def test_heading_names_the_report(view):
    assert "<title>知识图谱 · 全国工业和信息化工作会议在京召开</title>" in viz.page_from_networkx(view)
    people = viz.select(view, classes=["official"])
    assert "<title>知识图谱</title>" in viz.page_from_networkx(people)


def test_page_is_byte_identical_for_the_same_graph(graph):
    assert viz.page(graph) == viz.page(graph)


def test_node_records_carry_tooltip_facts_and_pinyin(view):
    nodes = {n["full"]: n for n in page_data(viz.page_from_networkx(view))["nodes"]}
    person = nodes["陈肇雄"]
    assert (person["kind"], person["shape"], person["color"]) == (
        "official",
        "dot",
        viz.CLASSES["official"][1],
    )
    assert person["details"] == [["posts", "工业和信息化部副部长"]]
    assert "evidence" not in person and "document" not in person  # the same as its first source: left out
    assert "years" not in person and "aka" not in person  # empty: left out, the page's script fills them in
    assert person["py"] == "czx chenzhaoxiong"
    target = nodes["贫困村通宽带比例 ■达到 力争98% · 2019 · 目标"]
    assert ["qualifier", "力争 (aim)"] in target["details"] and ["deadline", "2019-12-31"] in target[
        "details"
    ]
    assert target["label"] == "贫困村通宽带比例\n■达到 力争98% · 2019 · 目标"
    assert (target["status"], target["shapeProperties"]) == ("planned", {"borderDashes": [4, 3]})
    assert nodes["强化创新引领,加快发展先进制造业"]["label"] == "强化创新引领,加快发展先\n进制造业"
    assert person["sources"] == [
        {
            "evidence": "会议由部党组成员、副部长陈肇雄主持。",
            "date": "",  # the view's one
            "document": "全国工业和信息化工作会议在京召开",
        }
    ]


def test_focus_keeps_the_neighbourhood_within_depth(view):
    assert labels(viz.select(view, "陈肇雄", depth=0)) == ["陈肇雄"]
    one = viz.select(view, "陈肇雄", depth=1)
    assert set(labels(one)) >= {"陈肇雄", "工业和信息化部副部长"}
    assert "张建民" not in labels(one)
    assert len(viz.select(view, "陈肇雄", depth=2)) > len(one)


def test_classes_choose_what_is_shown(view):
    shown = viz.select(view, classes=["official", "post"])
    assert {kind for _, kind in shown.nodes(data="kind")} == {"official", "post"}
    assert labels(shown) == sorted(
        d["label"] for _, d in view.nodes(data=True) if d["kind"] in ("official", "post")
    )


def test_unknown_focus_or_class_says_what_exists(view):
    with pytest.raises(
        InputError, match=r"no node labelled '李四' in the graph; officials in it: 张建民、苗圩、陈肇雄"
    ):
        viz.select(view, "李四")
    with pytest.raises(InputError, match=r"unknown class 'people'; classes: ministry, party group"):
        viz.select(view, classes=["people"])


def test_kg_viz_writes_the_focused_page(graph, tmp_path):
    source = tmp_path / "kg.ttl"
    source.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    out = tmp_path / "person.html"
    result = CliRunner().invoke(
        cli,
        [
            "viz",
            str(source),
            "--out",
            str(out),
            "--focus",
            "陈肇雄",
            "--depth",
            "1",
            "--classes",
            "official,post",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (2 nodes, 1 edges)\n"
    assert sorted(n["full"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]) == [
        "工业和信息化部副部长",
        "陈肇雄",
    ]


def test_kg_viz_errors(graph, tmp_path):
    source = tmp_path / "kg.ttl"
    source.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    runner = CliRunner()
    bad_class = runner.invoke(
        cli, ["viz", str(source), "--out", str(tmp_path / "x.html"), "--classes", "people"]
    )
    assert bad_class.exit_code == 2
    assert (
        "unknown class 'people'; classes: ministry, party group, organization, official" in bad_class.output
    )
    no_class = runner.invoke(cli, ["viz", str(source), "--out", str(tmp_path / "x.html"), "--classes", " ,"])
    assert no_class.exit_code == 2 and "no class given; classes: ministry," in no_class.output
    missing = runner.invoke(cli, ["viz", str(tmp_path / "none.ttl"), "--out", str(tmp_path / "x.html")])
    assert missing.exit_code != 0
    assert "none.ttl: no such graph file" in missing.output
    unknown = runner.invoke(cli, ["viz", str(source), "--out", str(tmp_path / "x.html"), "--focus", "李四"])
    assert unknown.exit_code != 0 and "no node labelled '李四'" in unknown.output
    assert not (tmp_path / "x.html").exists()


def test_notebook_helper_embeds_the_escaped_page(view):
    shown = viz.show(view, height=500)
    html = shown._repr_html_()
    assert html.startswith('<iframe srcdoc="&lt;!doctype html&gt;') and "height:500px" in html
    assert "<script" not in html  # the whole page sits escaped in one attribute
    import html as html_module

    srcdoc = html_module.unescape(html.split('srcdoc="', 1)[1].split('" sandbox=', 1)[0])
    assert srcdoc == viz.page_from_networkx(view)


def test_report_text_enters_the_page_as_json_with_html_characters_escaped():
    import networkx as nx

    view = nx.MultiDiGraph()
    view.add_node(
        "p1", label="王五</script><b>&'", kind="official", details={}, evidence="句<img>", document="文"
    )
    html = viz.page_from_networkx(view)
    assert (
        '"full": "王五\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u0027"' in html
    )  # Chinese as is, <>&' escaped
    assert '"evidence": "句\\u003cimg\\u003e"' in html
    assert "</script><b>" not in html and "<img>" not in html
    assert page_data(html)["nodes"][0]["full"] == "王五</script><b>&'"


# -- the page cap: at most `limit` nodes, whole kinds in SHOWN_FIRST order ----------------------------

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def two_reports():
    """The kg.rdf.triples graph of two tests/corpus reports: 36 drawn nodes of 11 kinds."""
    from kg.build import extract_paths
    from kg.rdf import to_triples

    return to_triples(extract_paths(sorted(CORPUS.glob("*.txt"))[:2], jobs=1))


def kinds_of(shown) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(kind for _, kind in shown.nodes(data="kind")))


def edges_of(shown) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), relation) for u, v, relation in shown.edges(data="relation")}


ALL_KINDS = {
    "ministry": 1,
    "party group": 1,
    "organization": 1,
    "official": 5,
    "post": 4,
    "meeting": 2,
    "document": 2,
    "plan": 2,
    "speech": 2,
    "plan item": 6,
    "target": 10,
}


def test_limit_keeps_whole_kinds_in_order_then_part_of_the_next(two_reports):
    from kg.network import to_networkx

    full = to_networkx(two_reports)
    assert kinds_of(full) == ALL_KINDS and full.number_of_nodes() == 36
    shown = viz.view(two_reports, limit=10)
    assert shown.number_of_nodes() == 10 and shown.graph["total"] == 36 and shown.graph["focus"] == []
    # ministry, party group, organization and the officials whole; 2 of the 4 posts, the first in IRI order
    assert kinds_of(shown) == {"ministry": 1, "party group": 1, "organization": 1, "official": 5, "post": 2}
    posts = sorted(node for node, kind in full.nodes(data="kind") if kind == "post")
    assert sorted(node for node, kind in shown.nodes(data="kind") if kind == "post") == posts[:2]
    kept = set(shown.nodes)
    assert edges_of(shown) == {edge for edge in edges_of(full) if edge[0] in kept and edge[1] in kept}
    assert all(
        shown.nodes[node][key] == value
        for node in kept
        for key, value in full.nodes[node].items()
        if key != "document"
    )
    twenty = viz.view(two_reports, limit=20)  # up to the speeches: no plan items, no targets
    assert kinds_of(twenty) == {
        kind: n for kind, n in ALL_KINDS.items() if kind not in ("plan item", "target")
    }


def test_the_page_says_what_it_left_out(two_reports):
    html = viz.page(two_reports, limit=10)
    assert (
        '<p class="kg-hint" id="kg-cut">显示 10 / 36 个节点（按类别先后截取）；其余可用 kg viz --focus 名称 或 '
        "--classes 类别 查看。</p>" in html
    )
    assert len(page_data(html)["nodes"]) == 10
    for whole in (viz.page(two_reports, limit=36), viz.page(two_reports, limit=None), viz.page(two_reports)):
        assert 'id="kg-cut"' not in whole and "个节点（按类别先后截取）" not in whole
        assert len(page_data(whole)["nodes"]) == 36


def test_limit_with_classes_cuts_the_chosen_classes(two_reports):
    shown = viz.view(two_reports, classes=["target", "post", "official"], limit=7)
    assert kinds_of(shown) == {"official": 5, "post": 2}
    assert shown.graph["total"] == 19  # the nodes of those classes, before the cut
    assert "显示 7 / 19 个节点" in viz.page_from_networkx(shown)
    assert kinds_of(viz.view(two_reports, classes=["target"], limit=7)) == {"target": 7}


def test_limit_with_focus_keeps_the_centres(two_reports):
    plan = viz.view(two_reports, "2020年重点工作", depth=1, limit=1)
    # its neighbourhood: the plan, its 3 items and its report; the report ranks first, the centre stays
    assert labels(plan) == ["2020年重点工作", "全国商务工作会议在京召开"]
    assert plan.graph["total"] == 5 and plan.graph["focus"] == [
        "https://w3id.org/cn-gov-kg/id/plan/2019-12-20-quan-guo-shang-wu-gong-zuo-hui-yi-zai-ji-ec9d20c4-plan-2020-e872cd88"
    ]
    assert "显示 2 / 5 个节点" in viz.page_from_networkx(plan)
    meetings = viz.view(two_reports, "商务工作会议", depth=1, limit=1)  # 4 centres: 2 meetings, 2 reports
    assert len(meetings.graph["focus"]) == 4 and set(meetings.graph["focus"]) <= set(meetings.nodes)
    assert kinds_of(meetings) == {"official": 1, "meeting": 2, "document": 2}
    assert meetings.graph["total"] == 29
    whole = viz.view(two_reports, "2020年重点工作", depth=1, limit=5)
    assert whole.number_of_nodes() == 5 and 'id="kg-cut"' not in viz.page_from_networkx(whole)


def test_kg_viz_limit(two_reports, tmp_path):
    from kg.rdf import triples

    source = tmp_path / "kg.ttl"
    source.write_bytes(triples.turtle(two_reports))
    out = tmp_path / "x.html"
    result = CliRunner().invoke(cli, ["viz", str(source), "--out", str(out), "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out} (5 nodes of 36; pass --limit to show more, 2 edges)\n"
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(n["full"] for n in data["nodes"]) == ["冯嘉怡", "商务部", "商务部党组", "国务院", "褚文博"]
    assert sorted(e["name"] for e in data["edges"]) == ["下属于", "党组"]
    assert "显示 5 / 36 个节点" in out.read_text(encoding="utf-8")
    whole = CliRunner().invoke(cli, ["viz", str(source), "--out", str(out)])
    assert whole.exit_code == 0 and whole.output == f"wrote {out} (36 nodes, 58 edges)\n"
    zero = CliRunner().invoke(cli, ["viz", str(source), "--out", str(out), "--limit", "0"])
    assert zero.exit_code == 2 and "Invalid value for '--limit': 0 is not in the range x>=1." in zero.output


def test_kg_viz_default_limit_is_the_page_limit():
    limit = next(param for param in cli.commands["viz"].params if param.name == "limit")
    assert limit.default == viz.PAGE_LIMIT
