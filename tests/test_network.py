"""The networkx view: node kinds, labels, details and edges as contracts.md specifies."""

from __future__ import annotations

import pytest
from sample_facts import sample_extraction

from kg.network import to_networkx
from kg.rdf import to_graph


@pytest.fixture(scope="module")
def net():
    return to_networkx(to_graph([sample_extraction()]))


def by_label(net, label: str) -> dict:
    found = [data for _, data in net.nodes(data=True) if data["label"] == label]
    assert len(found) == 1, f"{label!r}: {len(found)} nodes"
    return found[0]


def edges(net) -> set[tuple[str, str, str]]:
    return {(net.nodes[u]["label"], d["relation"], net.nodes[v]["label"]) for u, v, d in net.edges(data=True)}


def test_node_kinds_count(net):
    kinds = sorted(kind for _, kind in net.nodes(data="kind"))
    assert kinds == sorted(
        [
            "document",
            "concept",
            "meeting",
            "speech",
            "ministry",
            "party group",
            "organization",
            "official",
            "official",
            "official",
            "plan",
            "plan item",
            "post",
            "post",
            "post",
            "post",
            "programme",
            "target",
            "target",
        ]
    )


@pytest.mark.parametrize(
    "label, kind, details",
    [
        (
            "规模以上工业增加值 6.3%",
            "target",
            {
                "metric": "规模以上工业增加值",
                "scope": "全国",
                "change": "increase",
                "value": "6.3",
                "unit": "%",
                "qualifier": "approximately",
                "period": "2018",
                "status": "estimated",
            },
        ),
        (
            "贫困村通宽带比例 98%",
            "target",
            {
                "metric": "贫困村通宽带比例",
                "scope": "全国",
                "change": "level",
                "value": "98",
                "unit": "%",
                "qualifier": "aim",
                "period": "2019",
                "status": "planned",
                "deadline": "2019-12-31",
            },
        ),
        ("苗圩", "official", {"posts": "工业和信息化部党组书记、工业和信息化部部长"}),
        ("国家烟草专卖局局长", "post", {"title": "局长", "organization": "国家烟草专卖局"}),
        ("全国工业和信息化工作会议", "meeting", {"date": "2018-12-27", "place": "北京"}),
        ("强化创新引领,加快发展先进制造业", "plan item", {"ordinal": "1", "plan": "2019年重点工作"}),
        ("工业和信息化部", "ministry", {"kind": "ministry", "aliases": "工信部、部"}),
        ("工业和信息化部党组", "party group", {"kind": "party group", "aliases": "部党组"}),
    ],
)
def test_node_attributes(net, label, kind, details):
    node = by_label(net, label)
    assert node["kind"] == kind
    assert node["details"] == details
    assert node["document"] == "全国工业和信息化工作会议在京召开"


def test_evidence_is_the_sentence(net):
    assert by_label(net, "陈肇雄")["evidence"] == "会议由部党组成员、副部长陈肇雄主持。"
    assert by_label(net, "规模以上工业增加值 6.3%")["evidence"] == "全国规模以上工业增加值同比增长6.3%左右。"
    assert by_label(net, "全国工业和信息化工作会议在京召开")["evidence"] is None


def test_edges(net):
    assert edges(net) >= {
        ("苗圩", "holds", "工业和信息化部部长"),
        ("工业和信息化部部长", "post in", "工业和信息化部"),
        ("工业和信息化部党组", "party group of", "工业和信息化部"),
        ("国家烟草专卖局", "administered by", "工业和信息化部"),
        ("全国工业和信息化工作会议", "chair", "陈肇雄"),
        ("全国工业和信息化工作会议", "speaker", "苗圩"),
        ("全国工业和信息化工作会议", "attendee", "张建民"),
        ("保持战略定力", "speaker", "苗圩"),
        ("强化创新引领,加快发展先进制造业", "item of", "2019年重点工作"),
        ("工业强基工程", "programme of", "强化创新引领,加快发展先进制造业"),
        ("规模以上工业增加值 6.3%", "reported by", "全国工业和信息化工作会议在京召开"),
        ("四个意识", "mentioned in", "全国工业和信息化工作会议在京召开"),
    }
    chair_edges = [e for e in net.edges(data=True) if e[2]["relation"] == "chair"]
    assert len(chair_edges) == 1  # kg:chair and the chair's participation give one edge


def test_node_keys_are_iris(net):
    assert all(key.startswith("https://w3id.org/cn-gov-kg/id/") and key.isascii() for key in net.nodes)
