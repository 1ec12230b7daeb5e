"""Scoring: matching rules of tests/gold/README.md on small hand-made gold files and answers."""

from __future__ import annotations

import pytest
from sample_facts import sample_extraction

from kg.evaluate import PRF, answers_from_extractions, fold, format_report, score

GOLD = {
    "document": "corpus/demo.txt",
    "meetings": [{"name": "全国工作会议", "date": "2019-01-08", "place": "北京", "chair": ["甲乙"],
                  "speakers": [{"person": "丙丁", "speech_title": "奋力开创新局面"}]}],
    "officials": [{"person": "丙丁", "posts": [{"post": "部长", "organization": "工业和信息化部"},
                                              {"post": "党组书记", "organization": "工业和信息化部党组"}]},
                  {"person": "甲乙", "posts": [{"post": "副部长", "organization": "工业和信息化部"}]}],
    "not_officials": ["某某"],
    "organizations": [{"name": "工业和信息化部", "aliases": ["部", "工信部"]},
                      {"name": "工业和信息化部党组", "aliases": ["部党组"]},
                      {"name": "中央纪委国家监委", "optional": True}],
    "targets": [
        {"metric": "工业增加值", "change": "increase", "value": 6.3, "unit": "%", "qualifier": "approximately",
         "period": "2018", "status": "estimated"},
        {"metric": "“双创”平台普及率", "change": "level", "value": 75, "unit": "%", "qualifier": "more than",
         "period": "2018", "status": "achieved"},
        {"metric": "行政村通光纤比例", "change": "level", "value": 98, "unit": "%", "qualifier": None,
         "period": "2018", "status": "achieved"},
    ],
    "not_targets": ["70周年", "八项工作"],
    "plans": [{"year": 2019, "items": [{"ordinal": 1, "label": "强化创新引领，加快发展"}]}],
    "programmes": {"core": ["工业强基工程", "“放管服”改革"], "acceptable": ["制造强国"]},
    "concepts": {"items": ["四个意识", "六稳"]},
}


def row(**cells: str) -> dict:
    return {"document": "demo", **cells}


ANSWERS = {
    "officials": [row(person="丙丁", post="部长", organization="工信部"),
                  row(person="丙丁", post="党组书记", organization="部党组"),
                  row(person="甲乙", post="部长", organization="工业和信息化部"),
                  row(person="某某", post="部长", organization="工业和信息化部")],
    "organizations": [row(organization="工信部"), row(organization="中央纪委国家监委"), row(organization="国务院")],
    "meetings": [row(meeting="全国工作会议", date="2019-01-08", place="北京", chair="甲乙", speaker="丙丁",
                     speech_title="奋力开创新局面")],
    "targets": [row(metric="全国工业增加值", value="6.3", unit="%", change="increase", qualifier="approximately",
                    period="2018", status="estimated"),
                row(metric="重点行业“双创”平台普及率", value="75", unit="%", change="level", qualifier="more-than",
                    period="2018", status="estimated"),
                row(metric="重点工作", value="8", unit="项", change="count", qualifier="", period="2019",
                    status="planned")],
    "plans": [row(year="2019", ordinal="1", item="强化创新引领,加快发展"), row(year="2019", ordinal="2", item="别的")],
    "programmes": [row(programme="工业强基工程"), row(programme="制造强国"), row(programme="区域战略")],
    "concepts": [row(concept="四个意识")],
    "other": [row(x="ignored"), {"document": "another", "x": "ignored"}],
}


@pytest.fixture(scope="module")
def report():
    return score(GOLD, ANSWERS)


def test_officials_fold_aliases_and_count_false_persons(report) -> None:
    assert (report.officials.tp, report.officials.fp, report.officials.fn) == (2, 2, 1)
    assert (report.persons.tp, report.persons.fp, report.persons.fn) == (2, 1, 0)
    assert report.false_officials == ["某某"]


def test_organizations_skip_optional(report) -> None:
    assert (report.organizations.tp, report.organizations.fp, report.organizations.fn) == (1, 1, 1)


def test_targets_match_on_value_unit_and_overlapping_metric(report) -> None:
    assert (report.targets.tp, report.targets.fp, report.targets.fn) == (2, 1, 1)
    assert (report.targets_full.tp, report.targets_full.fn) == (1, 2)
    assert report.false_targets == ["八项工作"]


def test_meeting_plans_programmes_concepts(report) -> None:
    assert report.meeting_found == 6
    assert (report.plans.tp, report.plans.fp, report.plans.fn) == (1, 1, 0)
    assert report.programmes_core_recall == 0.5
    assert report.programmes_precision == pytest.approx(2 / 3)
    assert (report.concepts.tp, report.concepts.fn) == (1, 1)


def test_rows_of_other_documents_are_left_out() -> None:
    answers = {"concepts": [row(concept="四个意识"), {"document": "another", "concept": "六稳"}]}
    assert score(GOLD, answers).concepts.tp == 1


@pytest.mark.parametrize(("text", "folded"), [("强化创新引领，加快发展", "强化创新引领加快发展"),
                                              ("消费品工业“三品”专项行动", "消费品工业三品专项行动"),
                                              ("ＡＧ６００ 飞机", "AG600飞机")])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_prf() -> None:
    assert (PRF(3, 1, 1).precision, PRF(3, 1, 1).recall, PRF(3, 1, 1).f1) == (0.75, 0.75, 0.75)
    assert PRF().f1 == 0.0


def test_format_report(report) -> None:
    text = format_report(report)
    assert text.splitlines()[0] == "document demo"
    assert "officials (triples)    P 0.500  R 0.667  F1 0.571  (tp 2, fp 2, fn 1)" in text
    assert "meeting fields         6/6" in text
    assert "programmes             core recall 0.500  precision 0.667" in text


def test_answers_from_extractions_rows() -> None:
    answers = answers_from_extractions([sample_extraction()])
    assert answers["officials"][0] == {
        "person": "苗圩", "post": "党组书记", "organization": "工业和信息化部党组", "document": "sample-2018",
        "evidence": "工业和信息化部党组书记、部长苗圩出席会议,并作了题为“保持战略定力”的讲话。"}
    assert answers["meetings"] == [{"meeting": "全国工业和信息化工作会议", "date": "2018-12-27", "place": "北京",
                                    "chair": "陈肇雄", "speaker": "苗圩", "speech_title": "保持战略定力",
                                    "document": "sample-2018"}]
    assert answers["targets"][0] | {"evidence": ""} == {
        "metric": "规模以上工业增加值", "scope": "全国", "change": "increase", "value": "6.3", "unit": "%",
        "qualifier": "approximately", "period": "2018", "status": "estimated", "deadline": "",
        "document": "sample-2018", "evidence": "", "modality": "", "value_max": ""}
    assert answers["plans"] == [{"plan": "2019年重点工作", "year": "2019", "kind": "plan", "ordinal": "1",
                                 "item": "强化创新引领,加快发展先进制造业", "document": "sample-2018"}]
    assert answers["programmes"] == [{"programme": "工业强基工程", "plan_item": "强化创新引领,加快发展先进制造业",
                                      "document": "sample-2018"}]
    assert answers["organizations"][1] == {"organization": "工业和信息化部党组", "kind": "party group",
                                           "parent": "工业和信息化部", "document": "sample-2018"}
    assert answers["concepts"] == [{"concept": "四个意识", "document": "sample-2018"}]
