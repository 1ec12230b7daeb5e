"""The meeting: name, dates, place, chairs, speakers and speech kinds, the years reviewed and planned."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.read import read_text


def meeting(text: str, date: str | None = None):
    (found,) = extract(read_text(text, date=date)).meetings
    return found


@pytest.mark.parametrize(("text", "date", "expected"), [
    ("12月27日,全国工业和信息化工作会议在北京开幕。会议总结2018年工作,部署2019年任务。", None,
     ("全国工业和信息化工作会议", "2018-12-27", None, "北京", 2018, 2019)),
    ("全国工业和信息化工作会议在京召开。12月27日,会议开幕。", "2018-12-27",
     ("全国工业和信息化工作会议", "2018-12-27", None, "北京", 2018, 2019)),
    ("1月10日,财政部在京召开全国财政工作会议。", "2019-01-11",
     ("全国财政工作会议", "2019-01-10", None, "北京", 2018, 2019)),
    ("2021年3月5日-6日,全国能源工作会议在成都召开。", None,
     ("全国能源工作会议", "2021-03-05", "2021-03-06", "成都", 2020, 2021)),
    ("2021年3月30日至4月1日,全国统计工作会议在沪举行。", None,
     ("全国统计工作会议", "2021-03-30", "2021-04-01", "上海", 2020, 2021)),
    ("全国工业和信息化工作会议26日在京召开。", "2019-12-26",
     ("全国工业和信息化工作会议", "2019-12-26", None, "北京", 2019, 2020)),
    ("2020年1月6日,全国商务工作会议以视频形式召开。", None,
     ("全国商务工作会议", "2020-01-06", None, None, 2019, 2020)),
    ("2022年1月7日,全国工业和信息化工作会议以视频形式召开,主会场设在北京。", None,
     ("全国工业和信息化工作会议", "2022-01-07", None, "北京", 2021, 2022)),
])
def test_meeting_fields(text: str, date: str | None, expected: tuple) -> None:
    found = meeting(text, date)
    assert (found.name, found.date, found.end_date, found.place, found.reviews_year, found.plans_year) == expected


def test_roles_and_speeches() -> None:
    found = meeting(
        "2021年3月5日,全国能源工作会议在成都召开。国家能源局党组书记、局长林向东作了题为“奋力开创新局面”的工作报告。"
        "会议由国家能源局副局长丁一鸣主持。国家能源局副局长宋雨作总结讲话。国务院副总理韩远出席会议并讲话。"
        "国家能源局副局长吴海、周宁出席会议。")
    assert found.chairs == ["丁一鸣"]
    assert [(s.speaker, s.title, s.kind) for s in found.speeches] == [
        ("林向东", "奋力开创新局面", "work report"), ("宋雨", None, "summary speech"), ("韩远", None, "speech")]
    assert {(p.person, p.role) for p in found.participants} == {
        ("林向东", "speaker"), ("丁一鸣", "chair"), ("宋雨", "speaker"), ("韩远", "attendee"), ("韩远", "speaker"),
        ("吴海", "attendee"), ("周宁", "attendee")}


def test_no_meeting_is_a_warning() -> None:
    x = extract(read_text("工业增加值增长6%。"))
    assert x.meetings == [] and "no meetings found" in x.warnings
