"""Scoring: matching rules of tests/gold/README.md (and of the project's scorer) on small hand-made gold
files and answers; `kg evaluate` on a folder of gold files (the development set, tests/dev)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_facts import sample_extraction

from kg.cli import cli
from kg.quality.answers import answers_from_extractions
from kg.quality.evaluate import fold, score
from kg.quality.goldset import format_set, score_set
from kg.quality.scores import PRF, format_report

DEV = Path(__file__).parent / "dev"

GOLD = {
    "document": "corpus/demo.txt",
    "meetings": [
        {
            "name": "全国工作会议",
            "date": "2019-01-08",
            "place": "北京",
            "chair": ["甲乙"],
            "speakers": [{"person": "丙丁", "speech_title": "奋力开创新局面"}],
        }
    ],
    "officials": [
        {
            "person": "丙丁",
            "posts": [
                {"post": "部长", "organization": "工业和信息化部"},
                {"post": "党组书记", "organization": "工业和信息化部党组"},
            ],
        },
        {"person": "甲乙", "posts": [{"post": "副部长", "organization": "工业和信息化部"}]},
    ],
    "not_officials": ["某某"],
    "organizations": [
        {"name": "工业和信息化部", "aliases": ["部", "工信部"]},
        {"name": "工业和信息化部党组", "aliases": ["部党组"]},
        {"name": "中央纪委国家监委", "optional": True},
    ],
    "targets": [
        {
            "metric": "工业增加值",
            "change": "increase",
            "value": 6.3,
            "unit": "%",
            "qualifier": "approximately",
            "period": "2018",
            "status": "estimated",
        },
        {
            "metric": "“双创”平台普及率",
            "change": "level",
            "value": 75,
            "unit": "%",
            "qualifier": "more than",
            "period": "2018",
            "status": "achieved",
        },
        {
            "metric": "行政村通光纤比例",
            "change": "level",
            "value": 98,
            "unit": "%",
            "qualifier": None,
            "period": "2018",
            "status": "achieved",
        },
    ],
    "not_targets": ["70周年", "八项工作"],
    "plans": [{"year": 2019, "items": [{"ordinal": 1, "label": "强化创新引领，加快发展"}]}],
    "programmes": {"core": ["工业强基工程", "“放管服”改革"], "acceptable": ["制造强国"]},
    "concepts": {"items": ["四个意识", "六稳"]},
}


def row(**cells: str) -> dict:
    return {"document": "demo", **cells}


ANSWERS = {
    "officials": [
        row(person="丙丁", post="部长", organization="工信部"),
        row(person="丙丁", post="党组书记", organization="部党组"),
        row(person="甲乙", post="部长", organization="工业和信息化部"),
        row(person="某某", post="部长", organization="工业和信息化部"),
    ],
    "organizations": [
        row(organization="工信部"),
        row(organization="中央纪委国家监委"),
        row(organization="国务院"),
    ],
    "meetings": [
        row(
            meeting="全国工作会议",
            date="2019-01-08",
            place="北京",
            chair="甲乙",
            speaker="丙丁",
            speech_title="奋力开创新局面",
        )
    ],
    "targets": [
        row(
            metric="全国工业增加值",
            value="6.3",
            unit="%",
            change="increase",
            qualifier="approximately",
            period="2018",
            status="estimated",
        ),
        row(
            metric="重点行业“双创”平台普及率",
            value="75",
            unit="%",
            change="level",
            qualifier="more-than",
            period="2018",
            status="estimated",
        ),
        row(
            metric="重点工作",
            value="8",
            unit="项",
            change="count",
            qualifier="",
            period="2019",
            status="planned",
        ),
    ],
    "plans": [
        row(year="2019", ordinal="1", item="强化创新引领,加快发展"),
        row(year="2019", ordinal="2", item="别的"),
    ],
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


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("强化创新引领，加快发展", "强化创新引领加快发展"),
        ("消费品工业“三品”专项行动", "消费品工业三品专项行动"),
        ("ＡＧ６００ 飞机", "AG600飞机"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_prf() -> None:
    assert (PRF(3, 1, 1).precision, PRF(3, 1, 1).recall, PRF(3, 1, 1).f1) == (0.75, 0.75, 0.75)
    assert (PRF().precision, PRF().recall, PRF().f1) == (1.0, 1.0, 1.0)  # nothing to find, nothing found
    assert (PRF(0, 2, 0).precision, PRF(0, 2, 0).recall, PRF(0, 2, 0).f1) == (0.0, 1.0, 0.0)
    assert (PRF(0, 0, 2).precision, PRF(0, 0, 2).recall, PRF(0, 0, 2).f1) == (0.0, 0.0, 0.0)


def test_format_report(report) -> None:
    text = format_report(report)
    assert text.splitlines()[0] == "document demo"
    assert "officials (triples)    P 0.500  R 0.667  F1 0.571  (tp 2, fp 2, fn 1)" in text
    assert "meeting fields         6/6" in text
    assert "programmes             core recall 0.500  precision 0.667" in text


def test_answers_from_extractions_rows() -> None:
    answers = answers_from_extractions([sample_extraction()])
    assert answers["officials"][0] == {
        "person": "苗圩",
        "post": "党组书记",
        "organization": "工业和信息化部党组",
        "document": "sample-2018",
        "evidence": "工业和信息化部党组书记、部长苗圩出席会议,并作了题为“保持战略定力”的讲话。",
    }
    assert answers["meetings"] == [
        {
            "meeting": "全国工业和信息化工作会议",
            "date": "2018-12-27",
            "place": "北京",
            "chair": "陈肇雄",
            "speaker": "苗圩",
            "speech_title": "保持战略定力",
            "document": "sample-2018",
        }
    ]
    assert answers["targets"][0] | {"evidence": ""} == {
        "metric": "规模以上工业增加值",
        "scope": "全国",
        "change": "increase",
        "value": "6.3",
        "unit": "%",
        "qualifier": "approximately",
        "period": "2018",
        "status": "estimated",
        "deadline": "",
        "document": "sample-2018",
        "evidence": "",
        "modality": "",
        "value_max": "",
        "base_value": "6.3",
        "base_unit": "unit:PERCENT",
    }
    assert answers["plans"] == [
        {
            "plan": "2019年重点工作",
            "year": "2019",
            "kind": "plan",
            "ordinal": "1",
            "item": "强化创新引领,加快发展先进制造业",
            "document": "sample-2018",
        }
    ]
    assert answers["programmes"] == [
        {
            "programme": "工业强基工程",
            "plan_item": "强化创新引领,加快发展先进制造业",
            "document": "sample-2018",
        }
    ]
    assert answers["organizations"][1] == {
        "organization": "工业和信息化部党组",
        "kind": "party group",
        "parent": "工业和信息化部",
        "document": "sample-2018",
    }
    assert answers["concepts"] == [{"concept": "四个意识", "document": "sample-2018"}]


def test_a_family_the_gold_and_the_answers_leave_empty_scores_one() -> None:
    report = score({"document": "demo.txt", "officials": [], "targets": []}, {"officials": [], "targets": []})
    assert (report.officials.f1, report.persons.f1, report.targets.f1, report.plans.f1) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert report.meeting == {} and report.meeting_fields is None and report.programmes_core_recall is None


def test_names_fold_case_punctuation_and_the_state_prefix() -> None:
    gold = {
        "document": "demo.txt",
        "officials": [
            {"person": "丙丁", "posts": [{"post": "部长", "organization": "中华人民共和国财政部"}]}
        ],
        "organizations": [{"name": "财政部"}],
    }
    found = score(gold, {"officials": [row(person="丙 丁", post="部长", organization="财政部")]})
    assert (found.officials.tp, found.officials.fp, found.persons.tp) == (1, 0, 1)


def test_a_gold_alias_of_one_character_folds_too() -> None:
    gold = {
        "document": "demo.txt",
        "officials": [{"person": "丙丁", "posts": [{"post": "部长", "organization": "工业和信息化部"}]}],
        "organizations": [{"name": "工业和信息化部", "aliases": ["部"]}],
    }
    assert score(gold, {"officials": [row(person="丙丁", post="部长", organization="部")]}).officials.tp == 1


def test_meeting_fields_are_the_gold_meetings_and_any_row_meets_them() -> None:
    gold = {
        "document": "demo.txt",
        "meetings": [
            {
                "name": "2019年全国工作会议",
                "name_variants": ["全国工作会议"],
                "date": "2019-01-08",
                "place": None,
                "chair": ["甲乙", "戊己"],
                "speakers": [{"person": "丙丁"}, {"person": "庚辛"}],
            },
            {"name": "另一个会议", "date": "2019-02-01"},
        ],
    }
    rows = [
        row(meeting="全国工作会议", date="2019-01-08T09:00", chair="戊己", speaker=""),
        row(meeting="别的会议", date="", chair="", speaker="庚辛"),
    ]
    report = score(gold, {"meetings": rows})
    assert report.meeting == {"meeting": True, "date": True, "chair": True, "speaker": True}
    assert report.meeting_fields == 1.0
    assert score(gold, {"meetings": []}).meeting_fields == 0.0


def test_targets_are_counted_once_and_matched_on_similar_metrics() -> None:
    gold = {
        "document": "demo.txt",
        "targets": [
            {
                "metric": "国内生产总值增速",
                "change": "increase",
                "value": 7,
                "unit": "%",
                "qualifier": "aim",
                "period": "2015",
                "status": "planned",
            },
            {
                "metric": "国内生产总值增速",
                "change": "increase",
                "value": 7,
                "unit": "%",
                "qualifier": "aim",
                "period": "2015",
                "status": "planned",
            },
            {
                "metric": "森林覆盖率",
                "change": "level",
                "value": 21.66,
                "unit": "%",
                "qualifier": None,
                "period": "2015",
                "status": "planned",
            },
        ],
    }
    rows = [
        row(
            metric="生产总值增长速度",
            value="7",
            unit="%",
            change="increase",
            qualifier="",
            modality="aim",
            period="2011-2015",
            status="planned",
        ),
        row(
            metric="生产总值增长速度",
            value="7",
            unit="%",
            change="increase",
            qualifier="",
            modality="aim",
            period="2011-2015",
            status="planned",
        ),
        row(
            metric="森林蓄积量",
            value="21.66",
            unit="%",
            change="level",
            qualifier="",
            period="2015",
            status="planned",
        ),
    ]
    targets, full = (report := score(gold, {"targets": rows})).targets, report.targets_full
    assert (targets.tp, targets.fp, targets.fn) == (
        1,
        1,
        1,
    )  # 森林蓄积量 shares too few characters with 森林覆盖率
    assert full.tp == 1  # the modality column meets the gold's aim; the period 2015 is within 2011-2015


def test_plans_take_the_year_from_the_plan_label() -> None:
    gold = {"document": "demo.txt", "plans": [{"year": 2019, "items": [{"ordinal": 1, "label": "强化创新"}]}]}
    rows = [row(plan="2019年重点工作", year="", ordinal="1.0", item="强化创新")]
    assert score(gold, {"plans": rows}).plans.tp == 1


def test_programmes_are_found_with_a_slack_of_a_few_characters() -> None:
    gold = {
        "document": "demo.txt",
        "programmes": {"core": ["工业强基工程", "放管服改革"], "acceptable": ["制造强国战略"]},
    }
    rows = [
        row(programme="实施工业强基工程"),
        row(programme="制造强国"),
        row(programme="放管服改革和别的很多很多事情"),
    ]
    report = score(gold, {"programmes": rows})
    assert report.programmes_core_recall == 0.5  # 放管服改革 is held by a name 9 characters longer: too long
    assert (report.programmes.tp, report.programmes.fp) == (2, 1)


# The set: the development set's gold files, each report read and extracted alone.


def kg(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def dev_set():
    return score_set(DEV / "gold")


def test_score_set_reports_each_document_and_sums_the_micro_counts(dev_set) -> None:
    golds = sorted((DEV / "gold").glob("*.json"))
    assert [r.document for r in dev_set.documents] == [p.stem for p in golds]
    assert dev_set.officials.tp == sum(r.officials.tp for r in dev_set.documents)
    assert dev_set.targets.fn == sum(r.targets.fn for r in dev_set.documents)
    with_meeting = [r.meeting_fields for r in dev_set.documents if r.meeting]
    assert dev_set.meeting_fields_mean == pytest.approx(sum(with_meeting) / len(with_meeting))
    with_people = [
        r.persons.f1
        for r, p in zip(dev_set.documents, golds)
        if json.loads(p.read_text(encoding="utf-8"))["officials"]
    ]
    assert dev_set.persons_f1_mean == pytest.approx(sum(with_people) / len(with_people))


def test_evaluate_a_folder_prints_each_document_and_the_set(dev_set) -> None:
    result = kg("evaluate", str(DEV / "gold"))
    assert (result.exit_code, result.stdout) == (0, format_set(dev_set) + "\n")
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "document",
        "posts",
        "people",
        "orgs",
        "targets",
        "full",
        "meeting",
        "plans",
        "progr.",
    ]
    assert len(lines) == 1 + len(dev_set.documents) + 1 + 6 + 1 + 4
    assert f"set of {len(dev_set.documents)} document(s), micro-averaged:" in lines
    officials = dev_set.officials
    assert (
        f"  officials (triples)      P {officials.precision:.3f}  R {officials.recall:.3f}  F1 {officials.f1:.3f}  "
        f"(tp {officials.tp}, fp {officials.fp}, fn {officials.fn})"
    ) in lines


def test_evaluate_a_folder_as_json(dev_set) -> None:
    result = kg("evaluate", str(DEV / "gold"), "--corpus", str(DEV / "corpus"), "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == len(figures["per_document"]) == len(dev_set.documents)
    assert figures["micro"]["targets"] == dev_set.targets.figures()
    assert figures["macro"]["meeting_fields_mean"] == round(dev_set.meeting_fields_mean, 3)
    assert figures["per_document"][0]["document"] == dev_set.documents[0].document
    assert result.stdout == kg("evaluate", str(DEV / "gold"), "--format", "json").stdout  # the same bytes


def small_set(
    tmp_path: Path,
    stems: tuple[str, ...] = (
        "dev-b02_nbs-2024-01_national-statistics-work-conference_xaufe",
        "dev-b09_mof-2023-10_minister-change_caixin",
    ),
) -> Path:
    """Two gold files of the development set in tmp_path/gold, their reports in tmp_path/reports."""
    (tmp_path / "gold").mkdir()
    (tmp_path / "reports").mkdir()
    for stem in stems:
        shutil.copy(DEV / "gold" / f"{stem}.json", tmp_path / "gold")
        shutil.copy(DEV / "corpus" / f"{stem}.txt", tmp_path / "reports")
    return tmp_path


def test_evaluate_finds_the_reports_under_corpus(tmp_path, dev_set) -> None:
    root = small_set(tmp_path)
    missing = kg("evaluate", str(root / "gold"))
    gold = min((root / "gold").glob("*.json"))
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == (
        f"Error: {gold}: its report {gold.stem}.txt is not in {root / 'corpus'}/; pass --corpus "
        "DIR (the folder of the reports) or --graph PATH (a graph built from them)\n"
    )
    result = kg("evaluate", str(root / "gold"), "--corpus", str(root / "reports"))
    assert result.exit_code == 0, result.output
    by_name = {r.document: r for r in dev_set.documents}
    for line in result.stdout.splitlines()[1:3]:
        stem, posts = line.split()[:2]
        assert posts == f"{by_name[stem].officials.f1:.3f}"


def test_evaluate_a_built_graph_of_the_set(tmp_path) -> None:
    from kg import rdf
    from kg.extract import extract
    from kg.read import read

    root = small_set(tmp_path)
    graph = root / "kg.ttl"
    graph.write_bytes(
        rdf.to_turtle(rdf.to_graph([extract(read(p)) for p in sorted((root / "reports").glob("*.txt"))]))
    )
    from_graph = score_set(root / "gold", graph=graph)
    alone = score_set(root / "gold", corpus=root / "reports")
    for name in ("officials", "persons", "targets", "targets_full", "plans"):
        assert getattr(from_graph, name).figures() == getattr(alone, name).figures(), name
    assert from_graph.meeting_fields_mean == alone.meeting_fields_mean


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not a JSON file of gold answers (JSONDecodeError)"),
        ("[1, 2]", "is not a gold file (a JSON object with officials, targets, …; see tests/gold)"),
    ],
)
def test_evaluate_a_folder_with_a_bad_gold_file(tmp_path, content: str, message: str) -> None:
    root = small_set(tmp_path)
    bad = root / "gold" / "zz-bad.json"
    bad.write_text(content, encoding="utf-8")
    result = kg("evaluate", str(root / "gold"), "--corpus", str(root / "reports"))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {bad}: {message}\n")


def test_evaluate_a_folder_without_gold_files(tmp_path) -> None:
    result = kg("evaluate", str(tmp_path))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: {tmp_path}: holds no gold files (*.json); pass a gold file or a folder of them\n",
    )


def test_the_installed_command_scores_the_dev_set(tmp_path) -> None:
    command = Path(sys.executable).parent / "kg"
    assert command.is_file(), f"{command}: kg is not installed in this environment (make setup-dev)"
    done = subprocess.run(
        [str(command), "evaluate", str(DEV / "gold")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert "set of 18 document(s), micro-averaged:" in done.stdout
    bad = subprocess.run(
        [str(command), "evaluate", str(tmp_path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.startswith(f"Error: {tmp_path}: holds no gold files")


def test_evaluate_one_gold_file_as_json(tmp_path) -> None:
    root = small_set(tmp_path, ("dev-b02_nbs-2024-01_national-statistics-work-conference_xaufe",))
    gold = next((root / "gold").glob("*.json"))
    result = kg("evaluate", str(gold), "--corpus", str(root / "reports"), "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    report = score_set(gold, corpus=root / "reports").documents[0]
    assert figures == json.loads(json.dumps(report.figures()))
    assert figures["document"] == gold.stem and set(figures["meeting"]) <= {
        "meeting",
        "date",
        "place",
        "chair",
        "speaker",
        "speech_title",
    }


def test_an_empty_gold_against_an_empty_report_scores_one_through_the_installed_kg(tmp_path: Path) -> None:
    """Nothing to find and nothing found: 1.0 for the set families, '-' (left out of the means) for the meeting
    fields and core programmes, whose score is a fraction of what the gold names."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus" / "quiet.txt").write_text(
        "---\ntitle: 天气\ndate: 2030-01-01\n---\n天气晴朗。\n", "utf-8"
    )
    gold = {
        "document": "corpus/quiet.txt",
        "meetings": [],
        "officials": [],
        "organizations": [],
        "targets": [],
    }
    (tmp_path / "gold" / "quiet.json").write_text(json.dumps(gold), encoding="utf-8")
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run(
        [
            str(kg),
            "evaluate",
            str(tmp_path / "gold"),
            "--corpus",
            str(tmp_path / "corpus"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert {family: f["f1"] for family, f in figures["micro"].items()} == dict.fromkeys(
        ("officials", "persons", "organizations", "targets", "targets_full", "plans"), 1.0
    )
    assert set(figures["macro"].values()) == {None}
