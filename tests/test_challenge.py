"""The challenge set (tests/challenge/*.toml): passages in the genre, other ministries and years,
made-up names. Each case asserts its facts exactly; the summary prints P/R/F1 per family over the set."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path

import pytest
import tomllib

from kg.extract import extract
from kg.extract.common import plain_number
from kg.facts import Evidence, Extraction
from kg.read import read_text

FILES = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    for path in sorted((Path(__file__).parent / "challenge").glob("*.toml"))
}
CASES = [case for cases in FILES.values() for case in cases]
BLIND = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    for path in sorted((Path(__file__).parent / "challenge" / "blind").glob("*.toml"))
}

IDS = [f"{stem}-{case['id']}" for stem, cases in FILES.items() for case in cases]  # -k heldout: that file
TARGET_FIELDS = ("metric", "scope", "change", "value", "unit", "qualifier", "period", "status", "deadline")
# A case that names a target's modality or value_max compares them too; an older case, written when
# 力争 was a qualifier that replaced 左右, sees `aim` in the qualifier where no bound (以上, 以内) holds.
NEW_FIELDS = TARGET_FIELDS + ("modality", "value_max")


def _new_style(case: dict) -> bool:
    return any("modality" in t or "value_max" in t for t in case.get("targets", []))


def run(case: dict) -> Extraction:
    return extract(read_text(case["text"], doc_id=case["id"], date=case.get("date")))


def found_facts(case: dict, x: Extraction) -> dict[str, set]:
    """The families this case checks, as sets of plain tuples, from the extraction."""
    facts = {
        "officials": {(m.person, m.post, m.organization) for m in x.memberships},
        "targets": {tuple(_target_field(t, f, _new_style(case)) for f in _fields(case)) for t in x.targets},
    }
    if "meeting" in case:
        facts["meeting"] = _meeting_facts(x.meetings[0]) if x.meetings else set()
    if "plans" in case:
        facts["plans"] = {(p.kind, p.year, i.ordinal, i.label) for p in x.plans for i in p.items}
    if "declared_count" in case:
        facts["declared_count"] = {p.declared_count for p in x.plans if p.kind == "plan"}
    if "programmes" in case:
        facts["programmes"] = {p.name for p in x.programmes}
    if "programme_items" in case:
        facts["programme_items"] = {(p.name, p.plan_kind, p.plan_item) for p in x.programmes}
    if "concepts" in case:
        facts["concepts"] = {c.label for c in x.concepts}
    if "organizations" in case:
        facts["organizations"] = {(o.name, o.kind, o.parent or "") for o in x.organizations}
    return facts


def expected_facts(case: dict) -> dict[str, set]:
    facts = {
        "officials": {tuple(row) for row in case.get("officials", [])},
        "targets": {tuple(str(t.get(f, "")) for f in _fields(case)) for t in case.get("targets", [])},
    }
    if "meeting" in case:
        m = case["meeting"]
        facts["meeting"] = {
            ("name", m["name"]),
            ("date", m["date"]),
            ("end_date", m.get("end_date", "")),
            ("place", m["place"]),
            ("reviews_year", m.get("reviews_year")),
            ("plans_year", m.get("plans_year")),
        }  # absent: the meeting reviews no year
        facts["meeting"] |= {("chair", c) for c in m["chairs"]} | {("attendee", a) for a in m["attendees"]}
        facts["meeting"] |= {("speech", *s) for s in m["speakers"]}
    if "plans" in case:
        facts["plans"] = {tuple(row) for row in case["plans"]}
    if "declared_count" in case:
        facts["declared_count"] = {case["declared_count"]}
    for family in ("programmes", "concepts"):
        if family in case:
            facts[family] = set(case[family])
    if "programme_items" in case:
        facts["programme_items"] = {tuple(row) for row in case["programme_items"]}
    if "organizations" in case:
        facts["organizations"] = {tuple(row) for row in case["organizations"]}
    return facts


def _fields(case: dict) -> tuple[str, ...]:
    return NEW_FIELDS if _new_style(case) else TARGET_FIELDS


def _target_field(target, name: str, new_style: bool = True) -> str:
    value = getattr(target, name)
    if name == "qualifier" and not new_style and target.modality and value in (None, "approximately"):
        value = target.modality
    if name in ("value", "value_max") and value is not None:
        return plain_number(value)
    return "" if value is None else str(value)


def _meeting_facts(meeting) -> set:
    facts = {
        ("name", meeting.name),
        ("date", meeting.date or ""),
        ("end_date", meeting.end_date or ""),
        ("place", meeting.place or ""),
        ("reviews_year", meeting.reviews_year),
        ("plans_year", meeting.plans_year),
    }
    facts |= {("chair", c) for c in meeting.chairs}
    facts |= {("attendee", p.person) for p in meeting.participants if p.role == "attendee"}
    facts |= {("speech", s.speaker, s.title or "", s.kind) for s in meeting.speeches}
    return facts


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case(case: dict) -> None:
    found, expected = found_facts(case, run(case)), expected_facts(case)
    for family in expected:
        missing, extra = expected[family] - found[family], found[family] - expected[family]
        assert not missing and not extra, (
            f"{case['id']} {family}: missing {sorted(map(str, missing))}, extra {sorted(map(str, extra))}"
        )


def _evidence(value) -> list[Evidence]:
    """Every Evidence inside a fact (a dataclass, list or tuple of them), however deep."""
    if isinstance(value, Evidence):
        return [value]
    if isinstance(value, (list, tuple)):
        return [e for item in value for e in _evidence(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [e for f in dataclasses.fields(value) for e in _evidence(getattr(value, f.name))]
    return []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_fact_points_at_the_words_that_state_it(case: dict) -> None:
    """No fact of any case has an empty span (a profile's line with its subject left out points at its verb)."""
    x = run(case)
    text = x.document.text
    facts = [x.memberships, x.meetings, x.targets, x.plans, x.programmes, x.concepts]
    empty = [e for e in _evidence(facts) if not e.start < e.end or text[e.start : e.end] != e.anchor]
    assert empty == []


def _scores(cases: list[dict], label: str) -> dict[str, float]:
    """Per-family F1 over `cases`; prints precision, recall and F1 (seen with pytest -s)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for case in cases:
        found, expected = found_facts(case, run(case)), expected_facts(case)
        for family in expected:
            tp = len(found[family] & expected[family])
            counts[family][0] += tp
            counts[family][1] += len(found[family]) - tp
            counts[family][2] += len(expected[family]) - tp
    print(f"\n{label}: {len(cases)} cases")
    scores = {}
    for family, (tp, fp, fn) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores[family] = f1
        print(f"  {family:<16} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    return scores


@pytest.mark.parametrize("stem", list(FILES))
def test_scores_of_each_file(stem: str) -> None:
    """The summary of one file of the set (`-k heldout` gives the held-out file's figures)."""
    scores = _scores(FILES[stem], f"challenge file {stem}")
    assert scores and all(f1 == 1.0 for f1 in scores.values()), scores


def test_scores_over_the_set() -> None:
    """Per-family precision, recall and F1 over all cases (printed with pytest -s)."""
    scores = _scores(CASES, "challenge set")
    assert set(scores) >= {
        "officials",
        "targets",
        "meeting",
        "plans",
        "programmes",
        "concepts",
        "organizations",
    }
    assert all(f1 == 1.0 for f1 in scores.values()), scores


def test_same_person_and_body_across_reports_are_one_node() -> None:
    """Cross-document identity: 工信部 and 工业和信息化部 fold to one body, the person is one node."""
    from collections import Counter

    from kg.network import to_networkx
    from kg.rdf import to_graph

    first = extract(
        read_text("2019年12月20日,全国工业和信息化工作会议在北京召开。工信部副部长张弛出席会议。", doc_id="a")
    )
    second = extract(
        read_text(
            "2020年12月21日,全国工业和信息化工作会议在北京召开。工业和信息化部党组成员、副部长张弛主持会议。",
            doc_id="b",
        )
    )
    assert {(m.person, m.post, m.organization) for m in first.memberships + second.memberships} == {
        ("张弛", "副部长", "工业和信息化部"),
        ("张弛", "党组成员", "工业和信息化部党组"),
    }
    nodes = Counter(
        (d["label"], d["kind"]) for _, d in to_networkx(to_graph([first, second])).nodes(data=True)
    )
    assert nodes[("张弛", "official")] == 1 and nodes[("工业和信息化部", "ministry")] == 1


def test_no_name_of_the_answers_in_the_extractor() -> None:
    """Grammar, not lists: no person of the gold answers or of this set is written in the extractor's files."""
    import json

    root = Path(__file__).parent.parent
    names: set[str] = set()
    for path in [
        *(root / "tests" / "gold").glob("*.json"),
        *(root / "tests" / "dev" / "gold").glob("*.json"),
    ]:
        gold = json.loads(path.read_text(encoding="utf-8"))
        names |= {o["person"] for o in gold["officials"]} | set(gold.get("not_officials", []))
    names |= {row[0] for case in CASES for row in case.get("officials", [])}
    names |= {row[0] for cases in BLIND.values() for case in cases for row in case.get("officials", [])}
    files = [
        *(root / "kg" / "extract").glob("*.py"),
        *(root / "kg" / "lexicon").glob("*.*"),
        root / "kg" / "quality" / "evaluate.py",
        root / "kg" / "quality" / "answers.py",
        root / "kg" / "quality" / "goldset.py",
    ]
    found = {(f.name, n) for f in files for n in names if n in f.read_text(encoding="utf-8")}
    assert not found


# F1 per family that each blind round holds (its figures after the fixes it led to, a little below)
BLIND_FLOORS = {
    "heldout3": {"officials": 0.97, "meeting": 0.97, "targets": 0.89, "plans": 1.0},
    "heldout4": {
        "officials": 0.60,
        "meeting": 0.85,
        "targets": 0.85,
        "plans": 0.74,
    },  # first run, no fixes yet
}


@pytest.mark.parametrize("stem", list(BLIND))
def test_the_blind_round_holds_its_floors(stem: str) -> None:
    """A round written blind (tests/challenge/blind/): its answers are kept as written, misses and all, so it is
    scored as a set, each family above its floor (seen with pytest -s)."""
    scores = _scores(BLIND[stem], f"{stem} (blind)")
    assert {
        family: scores.get(family, 0.0) >= floor for family, floor in BLIND_FLOORS[stem].items()
    } == dict.fromkeys(BLIND_FLOORS[stem], True), scores
