"""Plans, programmes and concepts: enumerations, named programmes by suffix grammar, numbered formulations."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.read import read_text

TEXT = """会议总结2019年工作。
一是工业经济运行总体平稳。全面实施智能制造工程。
二是产业结构持续优化。
会议对2020年工作作出部署,明确了六方面重点任务。
第一,着力稳定工业增长,扩大有效投资。开展质量品牌提升专项行动。
第二,加快推进产业基础再造。实施新一轮重大技术改造升级工程,推行“链长制”机制。
"""


def test_plans_items_and_declared_count() -> None:
    x = extract(read_text(TEXT))
    assert [(p.kind, p.year, p.declared_count, [(i.ordinal, i.label) for i in p.items]) for p in x.plans] == [
        ("review", 2019, None, [(1, "工业经济运行总体平稳"), (2, "产业结构持续优化")]),
        ("plan", 2020, 6, [(1, "着力稳定工业增长,扩大有效投资"), (2, "加快推进产业基础再造")]),
    ]


def test_programmes_attached_to_items() -> None:
    x = extract(read_text(TEXT))
    assert [(p.name, p.plan_kind, p.plan_item) for p in x.programmes] == [
        ("智能制造工程", "review", 1),
        ("质量品牌提升专项行动", "plan", 1),
        ("重大技术改造升级工程", "plan", 2),
        ("“链长制”机制", "plan", 2),
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "会议要求,一是加强党的建设;二是狠抓落实;三是改进作风。",
            [(1, "加强党的建设"), (2, "狠抓落实"), (3, "改进作风")],
        ),
        ("(一)稳定工业增长。\n(二)推进转型升级。", [(1, "稳定工业增长"), (2, "推进转型升级")]),
        ("一、稳定工业增长。\n二、推进转型升级。", [(1, "稳定工业增长"), (2, "推进转型升级")]),
        ("二是不成列表。", []),
    ],
)
def test_enumeration_styles(text: str, items: list) -> None:
    x = extract(read_text(text))
    assert [(i.ordinal, i.label) for p in x.plans for i in p.items] == items


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("工业强基工程稳步实施。", ["工业强基工程"]),
        ("统筹推进制造强国战略实施。", ["制造强国战略"]),
        (
            "深入开展消费品工业“三品”专项行动、装备制造和原材料工业质量提升行动。",
            ["消费品工业“三品”专项行动", "装备制造和原材料工业质量提升行动"],
        ),
        ("“放管服”改革持续深入,深化重点领域改革,坚持改革开放。", ["“放管服”改革"]),
        ("国家科技重大专项扎实推进。继续推进科技重大专项组织实施。", ["国家科技重大专项"]),
        ("保持战略定力,抓住战略机遇,聚焦重点、创新机制。", []),
        ("落实打赢脱贫攻坚战三年行动部署。", ["脱贫攻坚战"]),
    ],
)
def test_programmes(text: str, names: list[str]) -> None:
    assert list(dict.fromkeys(p.name for p in extract(read_text(text)).programmes)) == names


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "以习近平新时代中国特色社会主义思想为指导,坚持新发展理念。",
            ["习近平新时代中国特色社会主义思想", "新发展理念"],
        ),
        (
            "增强“四个意识”、坚定“四个自信”、做到“两个维护”,落实“六稳”“六保”任务。",
            ["四个意识", "四个自信", "两个维护", "六稳", "六保"],
        ),
        (
            "持续巩固“三去一降一补”成果,统筹推进“五位一体”,落实“三个一批”。",
            ["三去一降一补", "五位一体", "三个一批"],
        ),
        ("提前实现“十三五”规划目标,开展“三品”专项行动。", []),
        (
            "深入学习贯彻李大成生态文明思想,坚持以王志新时代中国特色社会主义思想为指导。",
            ["李大成生态文明思想", "王志新时代中国特色社会主义思想"],
        ),
    ],
)
def test_concepts(text: str, labels: list[str]) -> None:
    x = extract(read_text(text))
    assert [c.label for c in x.concepts] == labels
    assert x.targets == [] and x.memberships == []


def test_targets_sit_in_their_plan_item() -> None:
    from kg.rdf import to_graph
    from kg.rdf.namespace import KG

    text = (
        "过去五年,我们取得了显著成绩。\n——经济实力明显增强。全区生产总值增长8%。\n"
        "——民生持续改善。城镇新增就业42万人。\n"
    )
    x = extract(read_text(text, doc_id="made-up", date="2019-01-15"))
    assert [(t.metric, t.plan_kind, t.plan_item) for t in x.targets] == [
        ("生产总值", "review", 1),
        ("城镇新增就业", "review", 2),
    ]
    graph = to_graph([x])
    assert len(set(graph.subject_objects(KG.planItem))) == 2
