"""Accuracy on the report against its gold answers (tests/gold/), with the floors of issue 2.

Run with `pytest -s tests/test_accuracy.py` to see the figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import extract
from kg.quality.answers import answers_from_extractions
from kg.quality.evaluate import score
from kg.quality.scores import format_report
from kg.read import read

ROOT = Path(__file__).parent.parent
GOLD = ROOT / "tests" / "gold" / "miit-2018-work-conference.json"
REPORT = ROOT / "source" / "miit-2018-work-conference.txt"


@pytest.fixture(scope="module")
def report():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    result = score(gold, answers_from_extractions([extract(read(REPORT))]))
    print("\n" + format_report(result))
    return result


def test_officials(report) -> None:
    assert report.officials.f1 >= 0.95, report.officials
    assert report.persons.f1 >= 0.95, report.persons
    assert report.false_officials == []


def test_targets(report) -> None:
    assert report.targets.f1 >= 0.90, report.targets
    assert report.targets_full.f1 >= 0.80, report.targets_full
    assert report.false_targets == [] and report.concepts_as_targets == []


def test_meeting(report) -> None:
    assert report.meeting_found == 6, report.meeting


def test_plans(report) -> None:
    assert report.plans.f1 == 1.0, report.plans


def test_programmes(report) -> None:
    assert report.programmes_core_recall >= 0.8, report.programmes.missed
    assert report.programmes_precision >= 0.8, report.programmes.extra


def test_organizations_and_concepts(report) -> None:
    assert report.organizations.f1 >= 0.9, report.organizations
    assert report.concepts.f1 >= 0.9, report.concepts


def test_graph_answers_agree_with_the_facts(tmp_path) -> None:
    """The saved queries over the built graph give the rows answers_from_extractions gives."""
    from kg import rdf
    from kg.sparql import query, store

    extractions = [extract(read(REPORT))]
    path = tmp_path / "kg.ttl"
    path.write_bytes(rdf.to_turtle(rdf.to_graph(extractions)))
    from_graph = query.answers(store.load(path))
    from_facts = answers_from_extractions(extractions)
    for name, rows in from_facts.items():
        columns = list(rows[0])
        assert sorted(tuple(r[c] for c in columns) for r in from_graph[name]) == sorted(
            tuple(r[c] for c in columns) for r in rows
        ), name
