"""The closed sets (kg/kinds.py) against the lexicon's coded columns, read by their header, and the one table of
node kinds against the ontology and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.kinds import (
    NODE_KIND_ORDER,
    NODE_KINDS,
    OBS_STATUS,
    ORG_KIND_CLASS,
    Change,
    Modality,
    NodeKind,
    OrgKind,
    Qualifier,
    Role,
    Status,
)

LEXICON = Path(__file__).resolve().parents[1] / "kg" / "lexicon"


def rows(name: str) -> list[dict[str, str]]:
    """The rows of lexicon/NAME.tsv as {column of the header: cell}; comment lines skipped."""
    lines = [
        line
        for line in (LEXICON / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [
        dict(zip(header, (cell.strip() for cell in line.split("\t")), strict=False)) for line in lines[1:]
    ]


CODED = [  # file, column, the values it may hold
    ("organizations", "kind", {*OrgKind}),
    ("org_suffixes", "kind", {*OrgKind}),
    ("changes", "change", {*Change}),
    ("changes", "qualifier", {*Qualifier, ""}),
    ("qualifiers", "qualifier", {*Qualifier, *Modality}),
    ("status_words", "status", {*Status}),
]


@pytest.mark.parametrize(("name", "column", "allowed"), CODED, ids=[f"{n}.{c}" for n, c, _ in CODED])
def test_a_coded_column_holds_known_values(name: str, column: str, allowed: set[str]) -> None:
    found = [row.get(column, "") for row in rows(name)]
    assert found, f"{name}.tsv has no rows"
    assert sorted({value for value in found if value not in allowed}) == []


def test_a_meeting_word_gives_a_known_role() -> None:
    roles = {row["role"].split(":", 1)[0] for row in rows("meeting")}
    assert roles <= {*Role} and roles


def test_an_organization_of_the_extractor_has_a_known_kind() -> None:
    """Kinds the extractor gives by its rules (local department, …), not only those of the lexicon."""
    from kg.extract import extract
    from kg.read import read

    root = LEXICON.parents[1]
    kinds = {
        o.kind
        for path in sorted([*(root / "source").glob("*.txt"), *(root / "tests" / "corpus").glob("*.txt")])
        for o in extract(read(path)).organizations
    }
    assert kinds and sorted(kinds - {*OrgKind}) == []


def test_the_node_kind_table_covers_every_kind_once() -> None:
    assert list(NODE_KINDS) == list(NodeKind) and sorted(NODE_KIND_ORDER) == sorted(NodeKind)


def test_the_tables_name_classes_of_the_ontology() -> None:
    from kg.rdf import vocabulary

    v = vocabulary()
    spaces = {"kg": v.KG, "org": v.ORG, "schema": v.SCHEMA}
    for shown in NODE_KINDS.values():
        assert spaces[shown.prefix][shown.rdf_class]  # a typo raises
    for cls in ORG_KIND_CLASS.values():
        assert v.KG[cls]
    assert set(OBS_STATUS) < set(Status)


def test_the_page_and_the_view_read_the_table() -> None:
    from kg.network import KINDS
    from kg.viz import CLASSES

    assert list(CLASSES) == [kind.value for kind in NodeKind]
    assert CLASSES["official"] == (
        NODE_KINDS[NodeKind.OFFICIAL].label,
        NODE_KINDS[NodeKind.OFFICIAL].colour,
        "dot",
    )
    assert [kind for _, _, kind in KINDS] == [kind.value for kind in NODE_KIND_ORDER]
    assert all(type(kind) is str for _, _, kind in KINDS)  # plain strings in the data (GraphML, JSON)


def test_a_code_prints_as_itself() -> None:
    assert (str(Qualifier.MORE_THAN), f"{Change.DECREASE}", f"{Status.ACHIEVED:>9}") == (
        "more-than",
        "decrease",
        " achieved",
    )
