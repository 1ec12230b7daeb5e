"""What the page's labels and records say, without a browser: targets as an analyst reads them, line breaks that
never cut a figure, years on meetings and speeches, aliases for search, the layout's determinism."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.viz import labels, layout, records


@pytest.mark.parametrize(
    ("details", "label"),
    [
        (
            {
                "metric": "规模以上工业增加值",
                "change": "increase",
                "value": "6.3",
                "unit": "%",
                "qualifier": "approximately",
                "period": "2018",
                "status": "estimated",
            },
            "规模以上工业增加值\n▲增长 6.3%左右 · 2018 · 预计",
        ),
        (
            {
                "metric": "单位工业增加值能耗",
                "change": "decrease",
                "value": "3.5",
                "unit": "%",
                "period": "2018",
                "status": "achieved",
            },
            "单位工业增加值能耗\n▼下降 3.5% · 2018 · 完成",
        ),
        (
            {
                "metric": "贫困村通宽带比例",
                "change": "level",
                "value": "98",
                "unit": "%",
                "qualifier": "aim",
                "period": "2019",
                "status": "planned",
            },
            "贫困村通宽带比例\n■达到 力争98% · 2019 · 目标",
        ),
        (
            {
                "metric": "国家级中心",
                "change": "count",
                "value": "4",
                "unit": "家",
                "period": "2018",
                "status": "achieved",
            },
            "国家级中心\n#共 4家 · 2018 · 完成",
        ),
        (
            {
                "metric": "重点行业骨干企业“双创”平台普及率",
                "change": "level",
                "value": "75",
                "unit": "%",
                "qualifier": "more-than",
            },
            "重点行业骨干企业“双创”\n平台普及率\n■达到 超过75%",
        ),
        (
            {"metric": "高速铁路营业里程", "value": "8000", "unit": "公里", "status": "bogus"},
            "高速铁路营业里程\n8000公里",
        ),
    ],
)
def test_a_target_reads_direction_figure_period_and_status(details, label):
    assert labels.target_label(details) == label


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("规模以上工业增加值增长6.3%", ["规模以上工业增加值增长", "6.3%"]),
        ("新建改建农村公路8000公里以上", ["新建改建农村公路", "8000公里以上"]),
        ("新能源汽车产销量突破3.2万辆大关", ["新能源汽车产销量突破", "3.2万辆大关"]),
        ("强化创新引领,加快发展先进制造业", ["强化创新引领,加快发展先", "进制造业"]),
        ("一二三四五六七八九十" * 3, ["一二三四五六七八九十一二", "三四五六七八九十一二三…"]),
    ],
)
def test_a_label_breaks_between_figures_never_inside_one(text, lines):
    assert labels.wrapped(text).split("\n") == lines


def test_each_status_is_drawn_its_own_way():
    styles = {status: labels.status_style({"status": status.value}) for status in labels.Status}
    assert len({(s["color"]["background"], s["color"]["border"]) for s in styles.values()}) == 3
    assert "shapeProperties" not in styles[labels.Status.ACHIEVED]
    assert styles[labels.Status.PLANNED]["shapeProperties"] == {"borderDashes": [4, 3]}
    assert labels.status_style({"status": ""}) == {}
    legend = {row["kind"]: row for row in records.legend()}
    assert [s["name"] for s in legend["target"]["statuses"]] == ["完成", "预计", "目标"]


def test_meetings_and_untitled_speeches_carry_their_year():
    assert labels.with_year("全国商务工作会议", "2019-12-20") == "全国商务工作会议（2019）"
    assert labels.with_year("2019年全国商务工作会议", "2019-12-20") == "2019年全国商务工作会议"
    assert labels.with_year("全国商务工作会议", "") == "全国商务工作会议"
    node = "https://w3id.org/cn-gov-kg/id/speech/commerce-2019-93191dcd"
    assert (
        labels.speech_label("commerce-2019-93191dcd", node, {"speaker": "郑立新", "date": "2019-12-20"})
        == "讲话 · 郑立新（2019）"
    )
    assert labels.speech_label("奋力开创新局面", node, {"speaker": "郑立新"}) == "奋力开创新局面"


@pytest.mark.parametrize(
    ("kind", "label", "alias"),
    [
        ("ministry", "工业和信息化部", "工信部"),
        ("party group", "工业和信息化部党组", "工信部党组"),
        ("post", "工业和信息化部部长", "工信部部长"),
    ],
)
def test_organizations_and_posts_are_found_by_their_short_names(kind, label, alias):
    assert alias in records.aliases_of({"kind": kind}, label)


def test_people_have_no_aliases():
    assert records.aliases_of({"kind": "official"}, "工业和信息化部") == []


def test_posts_by_year_say_shared_words_once():
    from kg.viz.sources import headline_of, joined

    assert joined("商务部党组", "党组成员") == "商务部党组成员"
    assert joined("商务部", "副部长") == "商务部副部长"
    assert joined("商务部", "部长") == "商务部部长"
    assert headline_of("\n全国商务工作会议在京召开\n12月20日，会议召开。") == "全国商务工作会议在京召开"
    assert headline_of("12月20日，会议召开。会议指出，……") == ""


def test_the_layout_is_seeded_and_keeps_lone_nodes_near():
    view = nx.MultiDiGraph()
    view.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    view.add_node("lone")
    first = layout.positions(view)
    assert first == layout.positions(view.copy())
    assert set(first) == {"a", "b", "c", "d", "lone"}
    span = max(abs(v) for spot in first.values() for v in spot)
    assert span < 20 * layout.SPACING  # the lone node sits beside the rest, not pushed off to the far edge
