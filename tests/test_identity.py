"""Who is who across reports (kg.corpus.identity) and IRIs that do not depend on file names (kg.rdf.iris):
composed reports with made-up names, built by the installed `kg` command."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from kg.corpus.identity import resolve
from kg.rdf import iris

REPORT = """---
title: {title}
date: {date}
---
{title}{day}在北京召开。{ministry}党组书记、部长{minister}出席会议并讲话。会议由{ministry}副部长{deputy}主持。
"""

# Two years of one made-up ministry, one report of another; 钱某某 heads the first, a namesake is deputy at the second.
REPORTS = {
    "a-2019.txt": {
        "title": "全国甲乙工作会议",
        "date": "2019-12-20",
        "day": "12月20日",
        "ministry": "商务部",
        "minister": "钱某某",
        "deputy": "赵某某",
    },
    "b-2020.txt": {
        "title": "全国甲乙工作会议",
        "date": "2020-12-22",
        "day": "12月22日",
        "ministry": "商务部",
        "minister": "钱某某",
        "deputy": "孙某某",
    },
    "c-2015.txt": {
        "title": "全国丙丁工作会议",
        "date": "2015-12-25",
        "day": "12月25日",
        "ministry": "农业农村部",
        "minister": "李某某",
        "deputy": "钱某某",
    },
}


def kg(*args: str) -> subprocess.CompletedProcess:
    """`kg ARGS` in a real process, as a user runs it."""
    command = Path(sys.executable).parent / "kg"  # the installed console script
    return subprocess.run([str(command), *args], check=False, capture_output=True, text=True, timeout=300)


def write(folder: Path, names: dict[str, str] | None = None) -> Path:
    """The composed reports in `folder`, under the names `names` gives them (old name → new)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, fields in REPORTS.items():
        (folder / (names or {}).get(name, name)).write_text(REPORT.format(**fields), encoding="utf-8")
    return folder


def build(reports: Path, out: Path) -> Path:
    done = kg("build", str(reports), "--out", str(out), "--no-cache", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    return out / "kg.ttl"


def rows(graph: Path, query: str, *params: str) -> list[dict[str, str]]:
    done = kg("query", query, "--graph", str(graph), "--format", "csv", *[f"--param={p}" for p in params])
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("identity")
    return build(write(root / "reports"), root / "out")


def test_namesakes_at_unrelated_bodies_stay_two_people_linked_as_possibly_the_same(built: Path) -> None:
    posts = rows(built, "official_posts", "name=钱某某")
    by_person: dict[str, set[str]] = {}
    for row in posts:
        by_person.setdefault(row["person_iri"], set()).add(row["organization"])
    assert sorted(by_person.values(), key=sorted) == [{"农业农村部"}, {"商务部", "商务部党组"}]
    (pair,) = rows(built, "namesakes", "name=钱某某")
    assert {pair["person_iri"], pair["other_iri"]} == set(by_person)
    reports = {frozenset(pair["documents"].split()), frozenset(pair["other_documents"].split())}
    assert reports == {frozenset({"c-2015"}), frozenset({"a-2019", "b-2020"})}
    assert rows(built, "namesakes", "name=李某某") == []


def test_the_same_official_in_two_years_of_one_ministry_stays_one_person(built: Path) -> None:
    holders = rows(built, "post_holders", "title=部长", "in_organization=商务部")
    assert [(row["year"], row["person"], row["document"]) for row in holders] == [
        ("2019", "钱某某", "a-2019"),
        ("2020", "钱某某", "b-2020"),
    ]
    assert len({row["person_iri"] for row in holders}) == 1
    # a name several people share: each is the name's IRI and the hash of its first report (in IRI order)
    assert holders[0]["person_iri"] == iris.namesake(
        iris.person("钱某某"), min_report(built, "a-2019", "b-2020")
    )


def min_report(graph: Path, *names: str) -> str:
    """The smallest IRI of the reports `names` (what a namesake's IRI is named after)."""
    import rdflib

    parsed = rdflib.Graph().parse(graph)
    found = [
        str(s)
        for name in names
        for s in parsed.subjects(rdflib.URIRef("https://schema.org/identifier"), rdflib.Literal(name))
    ]
    return min(found)


def test_renaming_the_report_files_changes_no_subject(built: Path, tmp_path: Path) -> None:
    import rdflib

    renamed = {"a-2019.txt": "z-first.txt", "b-2020.txt": "m-second.txt", "c-2015.txt": "a-third.txt"}
    again = build(write(tmp_path / "reports", renamed), tmp_path / "out")
    subjects = [set(rdflib.Graph().parse(path).subjects()) for path in (built, again)]
    assert subjects[0] == subjects[1] and len(subjects[0]) > 20
    identifiers = {
        str(o)
        for o in rdflib.Graph().parse(again).objects(None, rdflib.URIRef("https://schema.org/identifier"))
    }
    assert identifiers == {"z-first", "m-second", "a-third"}  # the file name stays, as a literal


def test_two_reports_with_one_title_and_date_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    reports = write(tmp_path / "reports")
    (reports / "copy.txt").write_bytes((reports / "a-2019.txt").read_bytes())
    done = kg("build", str(reports), "--out", str(tmp_path / "out"), "--no-cache")
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"Error: {reports / 'copy.txt'}: has the same title and date as ")
    )
    assert not (tmp_path / "out" / "kg.ttl").exists()


@pytest.mark.parametrize(
    "documents, persons",
    [
        # a shared body joins, transitively: a–b share org/1, b–c share org/2
        ([("d/a", ["org/1"]), ("d/b", ["org/1", "org/2"]), ("d/c", ["org/2"])], 1),
        # nothing shared: three people
        ([("d/a", ["org/1"]), ("d/b", ["org/2"]), ("d/c", ["org/3"])], 3),
        # a report that gives the name no post anchors nothing: it stays apart
        ([("d/a", ["org/1"]), ("d/b", []), ("d/c", ["org/1"])], 2),
    ],
)
def test_the_rule_in_any_order(documents: list[tuple[str, list[str]]], persons: int) -> None:
    import itertools

    results = set()
    for order in itertools.permutations(documents):
        renames, links = resolve([(doc, [("p/x", "某甲", anchors)]) for doc, anchors in order])
        final = {doc: renames.get(doc, {}).get("p/x", "p/x") for doc, _ in documents}
        assert len(set(final.values())) == persons
        assert len(links) == persons * (persons - 1)
        results.add((tuple(sorted(final.items())), tuple(links)))
    assert len(results) == 1  # the same IRIs and links whatever the order


def test_a_report_key_comes_from_its_metadata_or_its_text_and_is_ascii() -> None:
    with_metadata = iris.document_key("全国某某工作会议", "2019-12-20", "正文")
    assert with_metadata.startswith("2019-12-20-quan-guo-mou-mou") and with_metadata.isascii()
    assert with_metadata == iris.document_key("全国某某工作会议", "2019-12-20", "另一种正文")
    assert iris.document_key(None, None, "正文") != iris.document_key(None, None, "另一种正文")
