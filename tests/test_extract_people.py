"""Officials and organizations: Chinese passages → (person, post, organization), organizations with kinds."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.read import read_text

MIIT = "工业和信息化部召开会议。"


def memberships(text: str, date: str | None = "2020-12-20") -> set[tuple[str, str, str]]:
    return {(m.person, m.post, m.organization) for m in extract(read_text(text, date=date)).memberships}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            MIIT + "工业和信息化部党组书记、部长高远出席会议。",
            {("高远", "党组书记", "工业和信息化部党组"), ("高远", "部长", "工业和信息化部")},
        ),
        (
            MIIT + "部党组成员、副部长王江、辛国、罗文斌出席。",
            {
                (n, p, o)
                for n in ("王江", "辛国", "罗文斌")
                for p, o in (("党组成员", "工业和信息化部党组"), ("副部长", "工业和信息化部"))
            },
        ),
        (
            MIIT + "部党组成员、副部长、国家国防科技工业局局长张克出席。",
            {
                ("张克", "党组成员", "工业和信息化部党组"),
                ("张克", "副部长", "工业和信息化部"),
                ("张克", "局长", "国家国防科技工业局"),
            },
        ),
        (MIIT + "部总经济师王新出席。", {("王新", "总经济师", "工业和信息化部")}),
        (MIIT + "驻部纪检组组长郭朗出席。", {("郭朗", "组长", "中央纪委国家监委驻工业和信息化部纪检监察组")}),
        (MIIT + "会上,苗青部长指出。", {("苗青", "部长", "工业和信息化部")}),
        (MIIT + "会议由欧阳明远副部长主持。", {("欧阳明远", "副部长", "工业和信息化部")}),
        ("国务院副总理韩远出席会议。", {("韩远", "副总理", "国务院")}),
        ("副总理韩远出席会议。", {("韩远", "副总理", "国务院")}),
        ("河北省副省长曹立出席。", {("曹立", "副省长", "河北省人民政府")}),
        ("河北省委书记王成出席。", {("王成", "书记", "中共河北省委")}),
        (
            "河北省委副书记、省长赵一鸣讲话。",
            {("赵一鸣", "副书记", "中共河北省委"), ("赵一鸣", "省长", "河北省人民政府")},
        ),
        (
            "中共中央政治局委员、国务院副总理刘华出席。",
            {("刘华", "委员", "中共中央政治局"), ("刘华", "副总理", "国务院")},
        ),
        (
            "中国移动通信集团有限公司董事长杨青山作交流发言。",
            {("杨青山", "董事长", "中国移动通信集团有限公司")},
        ),
        (
            "财政部召开会议。部规划司司长吴海和科技司司长宋雨出席会议。",
            {("吴海", "司长", "财政部规划司"), ("宋雨", "司长", "财政部科技司")},
        ),
        ("国家发展改革委副主任林杰出席。", {("林杰", "副主任", "国家发展和改革委员会")}),
        (
            "工信部副部长张弛、李默和韦清出席。",
            {
                ("张弛", "副部长", "工业和信息化部"),
                ("李默", "副部长", "工业和信息化部"),
                ("韦清", "副部长", "工业和信息化部"),
            },
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_memberships(text: str, expected: set) -> None:
    assert memberships(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "以习近平新时代中国特色社会主义思想为指导。",
        "部长会议审议通过。",
        "要发挥党组书记第一责任人作用。",
        "全国工业和信息化系统干部职工出席。",
        "李一部长",  # no ministry named: the post's body is unknown, so no membership (and no nameless body)
    ],
)
def test_no_officials(text: str) -> None:
    assert memberships(text) == set()


def test_stationed_group_before_2018_keeps_its_old_name() -> None:
    assert memberships("财政部召开会议。中央纪委驻财政部纪检组组长钟华出席。", date="2016-12-20") == {
        ("钟华", "组长", "中央纪委驻财政部纪检组")
    }


def test_organizations_with_kinds_parents_and_aliases() -> None:
    x = extract(
        read_text(
            "工业和信息化部党组书记、部长高远出席。部党组成员、国家烟草专卖局局长张林出席。"
            "中国联通混改落地。",
            date="2019-12-20",
        )
    )
    found = {o.name: (o.kind, o.parent, o.aliases) for o in x.organizations}
    assert found == {
        "工业和信息化部": ("ministry", "国务院", ("部",)),
        "工业和信息化部党组": ("party group", "工业和信息化部", ("部党组",)),
        "国家烟草专卖局": ("state administration", "工业和信息化部", ()),
        "中国联合网络通信集团有限公司": ("enterprise", None, ("中国联通",)),
    }
    assert all(
        o.evidence and x.document.text[o.evidence.start : o.evidence.end] == o.evidence.anchor
        for o in x.organizations
    )


def organization_evidence(text: str, publisher: str | None = None) -> dict[str, tuple[int, str] | None]:
    x = extract(read_text(text, publisher=publisher, title="全国商务工作会议召开"))
    return {o.name: o.evidence and (o.evidence.start, o.evidence.anchor) for o in x.organizations}


@pytest.mark.parametrize(
    ("text", "publisher", "expected"),
    [
        # the bare 部 of 部署 (offset 7) and of 部党组 stand for no evidence of the ministry: its full name does
        (
            "会议对明年工作作出部署。部党组书记、部长赵明远作工作报告。会议指出,商务部党组成员、副部长钱立新主持会议。",
            "商务部",
            {"商务部": (34, "商务部"), "商务部党组": (12, "部党组")},
        ),
        # named only as 部: no span rather than a one-character one
        (
            "会议对明年工作作出部署。部党组书记、部长赵明远作工作报告。",
            "商务部",
            {"商务部": None, "商务部党组": (12, "部党组")},
        ),
        # the words the resolver read in a chain (省统计局 of a text about 湖南省), not the first 局 of the text
        (
            "湖南省召开座谈会,局面稳定。省统计局局长孙建华作汇报。",
            None,
            {"湖南省统计局": (14, "省统计局")},
        ),
    ],
)
def test_organization_evidence_is_the_words_that_named_it(
    text: str, publisher: str | None, expected: dict[str, tuple[int, str] | None]
) -> None:
    found = organization_evidence(text, publisher)
    assert {name: found.get(name) for name in expected} == expected
    assert all(ev is None or len(ev[1]) > 1 for ev in found.values())


def changes(text: str, date: str | None = "2030-06-01") -> set[tuple]:
    return {
        (m.person, m.post, m.organization, m.change and m.change.value, m.date)
        for m in extract(read_text(text, date=date)).memberships
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "国务院任命方远为国家能源局局长;免去贺明的国家能源局局长职务。",
            {
                ("方远", "局长", "国家能源局", "appointed", "2030-06-01"),
                ("贺明", "局长", "国家能源局", "removed", "2030-06-01"),
            },
        ),
        (
            "2029年3月28日,中央决定任命于海同志为海关总署党组书记。",
            {("于海", "党组书记", "海关总署党组", "appointed", "2029-03-28")},
        ),
        (
            "此前,中共中央决定:林远不再担任山西省委书记、常委职务。",
            {
                ("林远", "书记", "中共山西省委", "removed", "2030-06-01"),
                ("林远", "常委", "中共山西省委", "removed", "2030-06-01"),
            },
        ),
        (
            "资料显示,周清目前担任商务部副部长。其于2012年6月出任商务部部长助理,2016年1月起任商务部副部长。",
            {
                ("周清", "部长助理", "商务部", "appointed", "2012-06"),
                ("周清", "副部长", "商务部", "appointed", "2016-01"),
            },
        ),
        (
            "中央决定任命吴川为浙江省副省长。\n1960年出生的吴川,系浙江人。在此之前,他还担任过浙江省发展和改革委员会主任。",
            {
                ("吴川", "副省长", "浙江省人民政府", "appointed", "2030-06-01"),
                ("吴川", "主任", "浙江省发展和改革委员会", None, None),
            },
        ),
        (
            "中央决定中国移动总经理石川调任中共福建省委常委。",
            {
                ("石川", "总经理", "中国移动通信集团有限公司", None, None),
                ("石川", "常委", "中共福建省委", "appointed", "2030-06-01"),
            },
        ),
    ],
    ids=[
        "appointed-and-removed",
        "dated-decision",
        "no-longer",
        "profile-lines",
        "pronoun-held",
        "transferred",
    ],
)
def test_appointments_and_removals(text: str, expected: set) -> None:
    assert changes(text) == expected


def test_an_appointment_wins_over_a_plain_mention_of_the_post() -> None:
    assert changes("财政部部长赵岩出席。会议经表决,任命赵岩为财政部部长。") == {
        ("赵岩", "部长", "财政部", "appointed", "2030-06-01")
    }


def test_main_title_not_a_verb() -> None:
    """任 in 主任 is no verb of appointment: 办公室主任王某 is a plain post."""
    assert changes("国家统计局办公室主任王平出席。") == {("王平", "主任", "国家统计局办公室", None, None)}


def test_the_publisher_is_our_university() -> None:
    x = extract(
        read_text("我校副校长李明远应邀参加会议。", date="2024-01-23", publisher="南方理工大学新闻网")
    )
    assert {(m.person, m.post, m.organization) for m in x.memberships} == {
        ("李明远", "副校长", "南方理工大学")
    }


def test_appointments_are_in_the_graph_and_conform() -> None:
    from kg.quality.validate import validate_graph
    from kg.rdf import to_graph

    x = extract(
        read_text(
            "免去贺明的国家能源局局长职务。2012年6月,方远出任国家能源局副局长。",
            doc_id="a",
            date="2030-06-01",
        )
    )
    graph = to_graph([x])
    turtle = graph.serialize(format="turtle")
    assert "kg:postChange kg:Removal" in turtle and "kg:postChange kg:Appointment" in turtle
    assert '"2012-06"^^xsd:gYearMonth' in turtle and '"2030-06-01"^^xsd:date' in turtle
    assert validate_graph(graph).conforms


@pytest.mark.parametrize(
    "name",
    [
        "titles",
        "organizations",
        "appointments",
        "self_references",
        "local_bodies",
        "place_levels_of",
        "meeting",
        "meeting_bare",
        "relayed",
    ],
)
def test_lexicon_tables_are_read_by_their_header(name: str) -> None:
    from kg import lexicon
    from kg.extract.appointments import _READERS
    from kg.kinds import PostChange

    rows = lexicon.records(name)
    assert rows and all(all(key for key in row) for row in rows)
    coded = {
        "appointments": {"change": {c.value for c in PostChange} | {"held"}, "order": set(_READERS)},
        "meeting_bare": {"form": {"verb", "noun"}},
        "relayed": {"kind": {"verb", "object", "instruction"}},
        "local_bodies": {"kind": {"party committee", "local government", "legislature"}},
    }
    for column, known in coded.get(name, {}).items():
        assert {row[column] for row in rows} <= known, column
    if name == "organizations":
        assert all(
            f.count("<") == 1 and f.split("<")[1].isdigit()
            for row in rows
            for f in row["former_names"].split(",")
            if f
        )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("1月8日,洛阳市第九届人民代表大会第四次会议开幕。", "洛阳市"),
        ("在洛阳市人民政府召开。", "洛阳市"),
        ("各城市人民政府要抓好落实。", None),  # 城市 is a noun ending in a level word, no place
        ("自治区人民政府决定。", None),  # a level word alone
        ("湖北省人民政府关于…的通知", "湖北省"),
    ],
)
def test_place_the_text_is_about(text: str, place: str | None) -> None:
    """A place provinces.txt lacks is read only before one of its bodies, never from a common noun."""
    from kg.extract.common import _province

    assert _province(text) == place


def test_short_city_bodies_take_a_city_outside_the_list() -> None:
    x = extract(
        read_text(
            "1月8日,遵义市第六届人民代表大会第三次会议开幕。代市长钟林作政府工作报告,市委书记韩东升出席。",
            doc_id="t",
            date="2048-01-09",
        )
    )
    assert {(m.person, m.post, m.organization) for m in x.memberships} == {
        ("钟林", "代市长", "遵义市人民政府"),
        ("韩东升", "书记", "中共遵义市委"),
    }
