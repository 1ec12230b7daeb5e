"""Accuracy on the development set (tests/dev/): real reports of other bodies, places, years and kinds,
with hand-made gold answers. Prints per-document and micro-averaged figures and holds floors.

Run with `pytest -s tests/test_dev_accuracy.py` to see the figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate import PRF, answers_from_extractions, score
from kg.extract import extract
from kg.read import read

DEV = Path(__file__).parent / "dev"
GOLDS = sorted((DEV / "gold").glob("*.json"))


def _sum(prfs: list[PRF]) -> PRF:
    return PRF(sum(p.tp for p in prfs), sum(p.fp for p in prfs), sum(p.fn for p in prfs))


@pytest.fixture(scope="module")
def dev() -> dict:
    reports, golds = [], []
    for path in GOLDS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        extraction = extract(read(DEV / "corpus" / f"{path.stem}.txt"))
        reports.append(score(gold, answers_from_extractions([extraction])))
        golds.append(gold)
    meetings = [r.meeting_found / len(r.meeting) for r in reports if r.meeting]
    with_plans = [r.plans.f1 for r, g in zip(reports, golds) if any(p.get("items") for p in g.get("plans", []))]
    with_core = [r.programmes_core_recall for r, g in zip(reports, golds) if g.get("programmes", {}).get("core")]
    with_people = [r.persons.f1 for r, g in zip(reports, golds) if g.get("officials")]
    figures = {
        "officials": _sum([r.officials for r in reports]),
        "persons": _sum([r.persons for r in reports]),
        "targets": _sum([r.targets for r in reports]),
        "targets_full": _sum([r.targets_full for r in reports]),
        "meeting_fields": sum(meetings) / len(meetings),
        "plans_f1": sum(with_plans) / len(with_plans),
        "programmes_core_recall": sum(with_core) / len(with_core),
        "persons_f1_mean": sum(with_people) / len(with_people),
    }
    print(f"\ndev set: {len(reports)} documents")
    for r in reports:
        print(f"  {r.document[:60]:60}  posts F1 {r.officials.f1:.3f}  targets F1 {r.targets.f1:.3f}  "
              f"full {r.targets_full.f1:.3f}  meeting {r.meeting_found}/{len(r.meeting)}  plans F1 {r.plans.f1:.3f}")
    for name in ("officials", "persons", "targets", "targets_full"):
        p = figures[name]
        print(f"  {name:24} P {p.precision:.3f}  R {p.recall:.3f}  F1 {p.f1:.3f}  (tp {p.tp}, fp {p.fp}, fn {p.fn})")
    for name in ("meeting_fields", "plans_f1", "programmes_core_recall", "persons_f1_mean"):
        print(f"  {name:24} {figures[name]:.3f}")
    return figures


# Floors: what the extractor reaches today, raised as it improves (issues 13 and 14 aim higher).
def test_officials(dev) -> None:
    assert dev["officials"].f1 >= 0.99, dev["officials"]
    assert dev["persons"].f1 >= 0.99, dev["persons"]


def test_meetings(dev) -> None:
    assert dev["meeting_fields"] >= 0.98


def test_targets(dev) -> None:
    assert dev["targets"].f1 >= 0.70, dev["targets"]
    assert dev["targets_full"].f1 >= 0.40, dev["targets_full"]


def test_plans_and_programmes(dev) -> None:
    assert dev["plans_f1"] >= 0.0
    assert dev["programmes_core_recall"] >= 0.0
