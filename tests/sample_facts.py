"""A hand-made Extraction of a short report, for testing the RDF, query and network stages alone."""

from __future__ import annotations

from kg.facts import (
    Concept,
    Evidence,
    Extraction,
    Meeting,
    Membership,
    Organization,
    Participation,
    Plan,
    PlanItem,
    Programme,
    Speech,
    Target,
)
from kg.read import read_text

TEXT = (
    "12月27日,全国工业和信息化工作会议在北京开幕。"
    "工业和信息化部党组书记、部长苗圩出席会议,并作了题为“保持战略定力”的讲话。"
    "会议由部党组成员、副部长陈肇雄主持。"
    "部党组成员、国家烟草专卖局局长张建民出席会议。"
    "牢固树立“四个意识”。"
    "全国规模以上工业增加值同比增长6.3%左右。"
    "力争2019年底全国贫困村通宽带比例达到98%。"
    "一是强化创新引领,加快发展先进制造业。实施工业强基工程。"
)


def ev(doc, words: str, occurrence: int = 0) -> Evidence:
    """The evidence of `words` (its `occurrence`-th appearance) in `doc`."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    sentence = doc.sentence_at(start)
    return Evidence(doc.id, sentence.index, start, start + len(words), words)


def sample_extraction(doc_id: str = "sample-2018", date: str | None = "2018-12-27") -> Extraction:
    """The facts of TEXT, as the extractor is meant to give them."""
    doc = read_text(
        TEXT, doc_id=doc_id, title="全国工业和信息化工作会议在京召开", date=date, publisher="工业和信息化部"
    )
    ministry, group = "工业和信息化部", "工业和信息化部党组"
    return Extraction(
        document=doc,
        organizations=[
            Organization(ministry, "ministry", ("部", "工信部"), evidence=ev(doc, ministry)),
            Organization(group, "party group", ("部党组",), parent=ministry),
            Organization("国家烟草专卖局", "state administration", parent=ministry),
        ],
        memberships=[
            Membership(
                "苗圩",
                "党组书记",
                group,
                "工业和信息化部党组书记、部长",
                ev(doc, "工业和信息化部党组书记、部长苗圩"),
            ),
            Membership(
                "苗圩",
                "部长",
                ministry,
                "工业和信息化部党组书记、部长",
                ev(doc, "工业和信息化部党组书记、部长苗圩"),
            ),
            Membership(
                "陈肇雄", "副部长", ministry, "部党组成员、副部长", ev(doc, "部党组成员、副部长陈肇雄")
            ),
            Membership(
                "张建民",
                "局长",
                "国家烟草专卖局",
                "部党组成员、国家烟草专卖局局长",
                ev(doc, "国家烟草专卖局局长张建民"),
            ),
        ],
        meetings=[
            Meeting(
                "全国工业和信息化工作会议",
                ev(doc, "全国工业和信息化工作会议在北京开幕"),
                date="2018-12-27",
                place="北京",
                chairs=["陈肇雄"],
                speeches=[Speech("苗圩", "保持战略定力", "speech", ev(doc, "作了题为“保持战略定力”的讲话"))],
                participants=[
                    Participation("苗圩", "speaker", ev(doc, "苗圩出席会议")),
                    Participation("陈肇雄", "chair", ev(doc, "陈肇雄主持")),
                    Participation("张建民", "attendee", ev(doc, "张建民出席会议")),
                ],
                reviews_year=2018,
                plans_year=2019,
            )
        ],
        targets=[
            Target(
                "规模以上工业增加值",
                6.3,
                "%",
                "increase",
                "estimated",
                ev(doc, "规模以上工业增加值同比增长6.3%左右"),
                scope="全国",
                qualifier="approximately",
                period="2018",
            ),
            Target(
                "贫困村通宽带比例",
                98.0,
                "%",
                "level",
                "planned",
                ev(doc, "全国贫困村通宽带比例达到98%"),
                scope="全国",
                modality="aim",
                period="2019",
                deadline="2019-12-31",
            ),
        ],
        plans=[
            Plan(
                "2019年重点工作",
                2019,
                "plan",
                [PlanItem(1, "强化创新引领,加快发展先进制造业", ev(doc, "强化创新引领,加快发展先进制造业"))],
                declared_count=8,
            )
        ],
        programmes=[Programme("工业强基工程", ev(doc, "工业强基工程"), plan_item=1, plan_kind="plan")],
        concepts=[Concept("四个意识", ev(doc, "四个意识"))],
    )
