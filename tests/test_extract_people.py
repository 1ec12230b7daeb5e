"""Officials and organizations: Chinese passages → (person, post, organization), organizations with kinds."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.read import read_text

MIIT = "工业和信息化部召开会议。"


def memberships(text: str, date: str | None = "2020-12-20") -> set[tuple[str, str, str]]:
    return {(m.person, m.post, m.organization) for m in extract(read_text(text, date=date)).memberships}


@pytest.mark.parametrize(("text", "expected"), [
    (MIIT + "工业和信息化部党组书记、部长高远出席会议。",
     {("高远", "党组书记", "工业和信息化部党组"), ("高远", "部长", "工业和信息化部")}),
    (MIIT + "部党组成员、副部长王江、辛国、罗文斌出席。",
     {(n, p, o) for n in ("王江", "辛国", "罗文斌")
      for p, o in (("党组成员", "工业和信息化部党组"), ("副部长", "工业和信息化部"))}),
    (MIIT + "部党组成员、副部长、国家国防科技工业局局长张克出席。",
     {("张克", "党组成员", "工业和信息化部党组"), ("张克", "副部长", "工业和信息化部"),
      ("张克", "局长", "国家国防科技工业局")}),
    (MIIT + "部总经济师王新出席。", {("王新", "总经济师", "工业和信息化部")}),
    (MIIT + "驻部纪检组组长郭朗出席。", {("郭朗", "组长", "中央纪委国家监委驻工业和信息化部纪检监察组")}),
    (MIIT + "会上,苗青部长指出。", {("苗青", "部长", "工业和信息化部")}),
    (MIIT + "会议由欧阳明远副部长主持。", {("欧阳明远", "副部长", "工业和信息化部")}),
    ("国务院副总理韩远出席会议。", {("韩远", "副总理", "国务院")}),
    ("副总理韩远出席会议。", {("韩远", "副总理", "国务院")}),
    ("河北省副省长曹立出席。", {("曹立", "副省长", "河北省人民政府")}),
    ("河北省委书记王成出席。", {("王成", "书记", "中共河北省委")}),
    ("河北省委副书记、省长赵一鸣讲话。", {("赵一鸣", "副书记", "中共河北省委"), ("赵一鸣", "省长", "河北省人民政府")}),
    ("中共中央政治局委员、国务院副总理刘华出席。", {("刘华", "委员", "中共中央政治局"), ("刘华", "副总理", "国务院")}),
    ("中国移动通信集团有限公司董事长杨青山作交流发言。", {("杨青山", "董事长", "中国移动通信集团有限公司")}),
    ("财政部召开会议。部规划司司长吴海和科技司司长宋雨出席会议。",
     {("吴海", "司长", "财政部规划司"), ("宋雨", "司长", "财政部科技司")}),
    ("国家发展改革委副主任林杰出席。", {("林杰", "副主任", "国家发展和改革委员会")}),
    ("工信部副部长张弛、李默和韦清出席。",
     {("张弛", "副部长", "工业和信息化部"), ("李默", "副部长", "工业和信息化部"), ("韦清", "副部长", "工业和信息化部")}),
], ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None)
def test_memberships(text: str, expected: set) -> None:
    assert memberships(text) == expected


@pytest.mark.parametrize("text", [
    "以习近平新时代中国特色社会主义思想为指导。",
    "部长会议审议通过。",
    "要发挥党组书记第一责任人作用。",
    "全国工业和信息化系统干部职工出席。",
    "李一部长",  # no ministry named: the post's body is unknown, so no membership (and no nameless body)
])
def test_no_officials(text: str) -> None:
    assert memberships(text) == set()


def test_stationed_group_before_2018_keeps_its_old_name() -> None:
    assert memberships("财政部召开会议。中央纪委驻财政部纪检组组长钟华出席。", date="2016-12-20") == {
        ("钟华", "组长", "中央纪委驻财政部纪检组")}


def test_organizations_with_kinds_parents_and_aliases() -> None:
    x = extract(read_text("工业和信息化部党组书记、部长高远出席。部党组成员、国家烟草专卖局局长张林出席。"
                          "中国联通混改落地。", date="2019-12-20"))
    found = {o.name: (o.kind, o.parent, o.aliases) for o in x.organizations}
    assert found == {
        "工业和信息化部": ("ministry", "国务院", ("部",)),
        "工业和信息化部党组": ("party group", "工业和信息化部", ("部党组",)),
        "国家烟草专卖局": ("state administration", "工业和信息化部", ()),
        "中国联合网络通信集团有限公司": ("enterprise", None, ("中国联通",)),
    }
    assert all(o.evidence and x.document.text[o.evidence.start:o.evidence.end] == o.evidence.anchor
               for o in x.organizations)
