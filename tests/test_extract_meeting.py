"""The meeting: name, dates, place, chairs, speakers and speech kinds, the years reviewed and planned."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.read import read_text


def meeting(text: str, date: str | None = None):
    (found,) = extract(read_text(text, date=date)).meetings
    return found


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        (
            "12月27日,全国工业和信息化工作会议在北京开幕。会议总结2018年工作,部署2019年任务。",
            None,
            ("全国工业和信息化工作会议", "2018-12-27", None, "北京", 2018, 2019),
        ),
        (
            "全国工业和信息化工作会议在京召开。12月27日,会议开幕。",
            "2018-12-27",
            ("全国工业和信息化工作会议", "2018-12-27", None, "北京", 2018, 2019),
        ),
        (
            "1月10日,财政部在京召开全国财政工作会议。",
            "2019-01-11",
            ("全国财政工作会议", "2019-01-10", None, "北京", 2018, 2019),
        ),
        (
            "2021年3月5日-6日,全国能源工作会议在成都召开。",
            None,
            ("全国能源工作会议", "2021-03-05", "2021-03-06", "成都", 2020, 2021),
        ),
        (
            "2021年3月30日至4月1日,全国统计工作会议在沪举行。",
            None,
            ("全国统计工作会议", "2021-03-30", "2021-04-01", "上海", 2020, 2021),
        ),
        (
            "全国工业和信息化工作会议26日在京召开。",
            "2019-12-26",
            ("全国工业和信息化工作会议", "2019-12-26", None, "北京", 2019, 2020),
        ),
        (
            "2020年1月6日,全国商务工作会议以视频形式召开。",
            None,
            ("全国商务工作会议", "2020-01-06", None, None, 2019, 2020),
        ),
        (
            "2022年1月7日,全国工业和信息化工作会议以视频形式召开,主会场设在北京。",
            None,
            ("全国工业和信息化工作会议", "2022-01-07", None, "北京", 2021, 2022),
        ),
    ],
)
def test_meeting_fields(text: str, date: str | None, expected: tuple) -> None:
    found = meeting(text, date)
    assert (
        found.name,
        found.date,
        found.end_date,
        found.place,
        found.reviews_year,
        found.plans_year,
    ) == expected


def test_roles_and_speeches() -> None:
    found = meeting(
        "2021年3月5日,全国能源工作会议在成都召开。国家能源局党组书记、局长林向东作了题为“奋力开创新局面”的工作报告。"
        "会议由国家能源局副局长丁一鸣主持。国家能源局副局长宋雨作总结讲话。国务院副总理韩远出席会议并讲话。"
        "国家能源局副局长吴海、周宁出席会议。"
    )
    assert found.chairs == ["丁一鸣"]
    assert [(s.speaker, s.title, s.kind) for s in found.speeches] == [
        ("林向东", "奋力开创新局面", "work report"),
        ("宋雨", None, "summary speech"),
        ("韩远", None, "speech"),
    ]
    assert {(p.person, p.role) for p in found.participants} == {
        ("林向东", "speaker"),
        ("丁一鸣", "chair"),
        ("宋雨", "speaker"),
        ("韩远", "attendee"),
        ("韩远", "speaker"),
        ("吴海", "attendee"),
        ("周宁", "attendee"),
    }


def test_no_meeting_is_a_warning() -> None:
    x = extract(read_text("工业增加值增长6%。"))
    assert x.meetings == [] and "no meetings found" in x.warnings


def meetings(text: str, date: str | None = None):
    return extract(read_text(text, date=date)).meetings


def test_a_digest_tells_of_several_meetings() -> None:
    found = meetings(
        "1.水利部党组举行理论学习中心组集体学习\n"
        "3月4日至5日,水利部党组举行理论学习中心组集体学习。水利部党组书记祁远主持学习。水利部部长蒋秋实作交流发言。\n"
        "2.水利部部长蒋秋实会见荷兰客人\n"
        "3月6日,水利部部长蒋秋实在京会见荷兰基础设施和水管理部部长范林。",
        date="2031-03-08",
    )
    assert [(m.name, m.date, m.end_date, m.place, m.reviews_year) for m in found] == [
        ("理论学习中心组集体学习", "2031-03-04", "2031-03-05", None, None),
        ("会见", "2031-03-06", None, "北京", None),
    ]
    assert found[0].chairs == ["祁远"] and [s.speaker for s in found[0].speeches] == ["蒋秋实"]
    assert {p.person for p in found[1].participants} == {"蒋秋实", "范林"}


def test_a_meeting_only_relayed_is_not_held_here() -> None:
    found = meetings(
        "7月27日,某部部长主持召开部党组会议,传达学习全国组织工作会议精神。会议认为,召开全国组织工作会议意义重大。"
    )
    assert [m.name for m in found] == ["部党组会议"]


def test_who_sent_an_instruction_takes_no_part() -> None:
    (found,) = meetings(
        "全国林业工作会议8日在京召开。国务院副总理任海川作出重要批示。他强调,要保护森林。"
        "国家林业局局长吴远出席会议并讲话。",
        date="2016-01-08",
    )
    assert {p.person for p in found.participants} == {"吴远"}
    assert [s.speaker for s in found.speeches] == ["吴远"]


def test_a_named_person_written_again_or_as_he_keeps_the_role() -> None:
    (found,) = meetings(
        "1月2日上午,福建省省长林海带领各位副省长前往省人大常委会。座谈会上,大家深入交流。"
        "林海感谢大家的支持。他表示,将认真研究吸收。",
        date="2008-01-02",
    )
    assert (found.name, found.date) == ("座谈会", "2008-01-02")
    assert [s.speaker for s in found.speeches] == ["林海"]


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        (
            "十四届全国人大常委会第六次会议10月24日在京闭幕。",
            "2023-10-24",
            ("十四届全国人大常委会第六次会议", "2023-10-24", "北京"),
        ),
        (
            "12月25日,为期两天的2018年全国交通运输工作会议在交通运输部党校开幕。",
            "2017-12-25",
            ("2018年全国交通运输工作会议", "2017-12-25", "交通运输部党校"),
        ),
        (
            "新华社北京5月22日电  全国公安厅局长座谈会22日在上海召开。",
            "2011-05-22",
            ("全国公安厅局长座谈会", "2011-05-22", "上海"),
        ),
        (
            "记者从26日召开的全国交通运输工作会获悉。",
            "2019-12-26",
            ("全国交通运输工作会", "2019-12-26", None),
        ),
        (
            "新华社北京3月5日电受国务院委托,财政部3月5日提请十三届全国人大二次会议审查预算报告。",
            "2019-03-05",
            ("十三届全国人大二次会议", "2019-03-05", None),
        ),
    ],
    ids=["closing", "lasting-two-days", "dateline", "held-before", "presented-to"],
)
def test_names_dates_and_places(text: str, date: str, expected: tuple) -> None:
    found = meetings(text, date)[0]
    assert (found.name, found.date, found.place) == expected
    if "为期两天" in text:
        assert found.end_date == "2017-12-26"
