"""Targets: clauses → (metric, scope, change, value, unit, qualifier, period, status, deadline)."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.extract.common import plain_number, read_number
from kg.read import read_text

REVIEW = "会议总结2019年工作,部署2020年任务。"


def targets(text: str) -> list[tuple]:
    x = extract(read_text(REVIEW + text))
    return [
        (
            t.metric,
            t.scope or "",
            t.change,
            plain_number(t.value),
            t.unit,
            t.qualifier or "",
            t.period or "",
            t.status,
            t.deadline or "",
        )
        for t in x.targets
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "预计全年,全国规模以上工业增加值增长6.3%左右。",
            [
                (
                    "规模以上工业增加值",
                    "全国",
                    "increase",
                    "6.3",
                    "%",
                    "approximately",
                    "2019",
                    "estimated",
                    "",
                )
            ],
        ),
        (
            "单位工业增加值能耗下降3.5%。",
            [("单位工业增加值能耗", "", "decrease", "3.5", "%", "", "2019", "achieved", "")],
        ),
        (
            "行政村通光纤比例提升至98%。",
            [("行政村通光纤比例", "", "level", "98", "%", "", "2019", "achieved", "")],
        ),
        (
            "平台普及率超过75%。",
            [("平台普及率", "", "level", "75", "%", "more-than", "2019", "achieved", "")],
        ),
        ("新批复4家国家级中心。", [("国家级中心", "", "count", "4", "家", "", "2019", "achieved", "")]),
        ("评选出十个优秀设计奖。", [("优秀设计奖", "", "count", "10", "个", "", "2019", "achieved", "")]),
        (
            "营业收入、利润分别增长12.1%和8.4%。",
            [
                ("营业收入", "", "increase", "12.1", "%", "", "2019", "achieved", ""),
                ("利润", "", "increase", "8.4", "%", "", "2019", "achieved", ""),
            ],
        ),
        (
            "1-9月,电信业务收入同比增长3.2%。",
            [("电信业务收入", "", "increase", "3.2", "%", "", "2019-01/2019-09", "achieved", "")],
        ),
        (
            "增速比上年提高0.5个百分点。",
            [("增速", "", "increase", "0.5", "个百分点", "", "2019", "achieved", "")],
        ),
        (
            "软件业务收入突破两千亿元。",
            [("软件业务收入", "", "level", "2000", "亿元", "more-than", "2019", "achieved", "")],
        ),
        (
            "全年培育专精特新企业3万多家。",
            [("专精特新企业", "", "count", "3", "万家", "more-than", "2019", "achieved", "")],
        ),
        (
            "制造业增加值占全国比重达到28.1%。",
            [("制造业增加值占全国比重", "", "level", "28.1", "%", "", "2019", "achieved", "")],
        ),
        (
            "完成投资约1.5万亿元。",
            [("投资", "", "level", "1.5", "万亿元", "approximately", "2019", "achieved", "")],
        ),
        (
            "上半年,全省工业投资增长10%以上。",
            [("工业投资", "全省", "increase", "10", "%", "more-than", "2019-01/2019-06", "achieved", "")],
        ),
        (
            "力争2020年年底前实现全国98%贫困村通宽带。",
            [("贫困村通宽带", "全国", "level", "98", "%", "", "2020", "planned", "2020-12-31")],
        ),
        (
            "力争工业增加值增长6%左右。",
            [("工业增加值", "", "increase", "6", "%", "approximately", "2020", "planned", "")],
        ),
    ],
)
def test_targets(text: str, expected: list[tuple]) -> None:
    assert targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12月27日,会议在北京召开。",
        "深入贯彻党的十九大和十九届二中、三中全会精神。",
        "以优异成绩庆祝中华人民共和国成立70周年。",
        "经过40年改革开放。",
        "会议要求重点抓好八项工作。",
        "印发三年行动计划。",
        "5G研发和产业化进程加快,IPv6规模部署快速推进,AG600水陆两栖飞机成功实现水上首飞。",
        "提前实现“十三五”规划目标,“十四五”开局良好。",
        "牢固树立“四个意识”、坚定“四个自信”。",
        "启动实施一批试点示范项目。",
    ],
)
def test_not_targets(text: str) -> None:
    assert targets(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("力争工业增加值增长6%左右。", ("approximately", "aim", None)),  # both fields hold
        ("确保粮食产量稳定在6500万吨以上。", ("more-than", "aim", None)),
        ("货币供应量增长目标为9%。", (None, "aim", None)),
        ("主要预期目标是:就业增加50万人以上,物价涨幅控制在3%左右。", ("approximately", None, None)),
        ("排放总量减少5%至7%。", (None, None, 7.0)),
        ("失业率控制在5%以内。", ("at-most", None, None)),
    ],
)
def test_qualifier_modality_and_range(text: str, expected: tuple) -> None:
    found = extract(read_text(REVIEW + text)).targets[-1]
    assert (found.qualifier, found.modality, found.value_max) == expected


def test_planned_after_the_tasks_begin() -> None:
    text = "会议对2020年重点工作进行了部署。工业投资增长5%。"
    assert targets(text) == [("工业投资", "", "increase", "5", "%", "", "2020", "planned", "")]


@pytest.mark.parametrize(
    ("written", "value"), [("6.3", 6.3), ("四", 4), ("两千", 2000), ("十九", 19), ("一千", 1000)]
)
def test_read_number(written: str, value: float) -> None:
    assert read_number(written) == value


def test_evidence_spans_the_statement() -> None:
    x = extract(read_text(REVIEW + "预计全年,全国规模以上工业增加值增长6.3%左右。"))
    (target,) = x.targets
    assert target.evidence.anchor == "全国规模以上工业增加值增长6.3%左右"
    assert x.document.text[target.evidence.start : target.evidence.end] == target.evidence.anchor


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("居民消费价格总水平涨幅", ("居民消费价格", "consumer price index (CPI)")),
        (
            "单位ＧＤＰ能耗",
            ("单位国内生产总值能耗", "energy consumption per unit of GDP"),
        ),  # full-width letters
        ("快递业务量", ("快递业务量", None)),  # not a standard indicator: itself
    ],
)
def test_standard_indicators(written: str, expected: tuple) -> None:
    from kg.extract.indicators import preferred

    assert preferred(written) == expected


def test_an_indicator_is_one_concept_across_reports() -> None:
    from kg.rdf import to_graph
    from kg.rdf.namespace import KG

    first = extract(read_text("会议总结2019年工作。居民消费价格涨幅控制在2.5%。", doc_id="one"))
    second = extract(read_text("会议总结2020年工作。居民消费价格总水平涨幅为3%。", doc_id="two"))
    graph = to_graph([first, second])
    concepts = set(graph.objects(None, KG.indicator))
    assert len(concepts) == 1
    labels = {str(o) for o in graph.objects(concepts.pop(), None) if getattr(o, "language", None)}
    assert labels == {
        "居民消费价格",
        "居民消费价格涨幅",
        "居民消费价格总水平涨幅",
        "consumer price index (CPI)",
    }
