"""Units as written → QUDT units and a value in the base unit (kg/rdf/units.py over kg/lexicon/units.tsv and
unit_scales.tsv), and through `kg build` then `kg query targets`: 41.1万亿元 and 411000亿元 compare."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import rdflib

from kg import lexicon
from kg.errors import KGError
from kg.rdf import units
from kg.rdf.namespace import KG, QUDT

Q = "http://qudt.org/vocab/unit/"
KG_COMMAND = Path(sys.executable).with_name("kg")  # .venv/bin/kg
LEXICON = Path(lexicon.__file__).parent
QUDT_IRI = re.compile(re.escape(Q) + r"[A-Za-z][A-Za-z0-9_-]*")


def raw_rows(name: str) -> list[dict[str, str]]:
    """lexicon/NAME.tsv as written (duplicates kept), keyed by its header."""
    lines = (LEXICON / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [
        dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if not line.startswith("#")
    ]


# ---- the table ----------------------------------------------------------------------------------------------


def test_every_row_of_the_unit_table_parses() -> None:
    rows = raw_rows("units")
    assert len(rows) > 40
    symbols = [row["symbol"] for row in rows]
    assert sorted({s for s in symbols if symbols.count(s) > 1}) == []  # one row, so one IRI, per symbol
    for row in rows:
        assert row["symbol"] and row["symbol"] == row["symbol"].strip(), row
        assert row["unit"] == "" or QUDT_IRI.fullmatch(row["unit"]), row
        assert row["base"] in symbols or QUDT_IRI.fullmatch(row["base"]), row
        assert Fraction(row["factor"]) > 0, row
    assert len(units.table()) == len(rows)


def test_a_base_unit_is_its_own_base() -> None:
    rows = {row["symbol"]: row for row in raw_rows("units")}
    for row in rows.values():
        if row["base"] in rows:
            base = rows[row["base"]]
            assert (base["base"], Fraction(base["factor"])) == (base["symbol"], 1), row


def test_every_scale_word_parses() -> None:
    rows = raw_rows("unit_scales")
    prefixes = [row["prefix"] for row in rows]
    assert len(prefixes) == len(set(prefixes)) and {"万", "亿", "万亿"} <= set(prefixes)
    assert [Fraction(row["factor"]) for row in rows if row["prefix"] == "万亿"] == [Fraction(10) ** 12]


def test_the_extractor_knows_every_symbol_of_the_table() -> None:
    assert set(lexicon.unit_words()) == set(units.table())


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        ("factor", "ten", "kg/lexicon/units.tsv (吨): factor 'ten' is not a number"),
        ("factor", "0", "kg/lexicon/units.tsv (吨): factor '0' must be positive"),
        ("unit", "unit:TONNE", "kg/lexicon/units.tsv (吨): 'unit:TONNE' is not a QUDT unit IRI"),
        ("base", "", "kg/lexicon/units.tsv (吨): base is empty"),
    ],
)
def test_a_bad_row_is_named(monkeypatch, column: str, cell: str, message: str) -> None:
    rows = tuple({**row, column: cell} if row["symbol"] == "吨" else row for row in lexicon.records("units"))
    monkeypatch.setattr(units.lexicon, "records", lambda name: rows)
    units.table.cache_clear()
    try:
        with pytest.raises(KGError, match=re.escape(message)):
            units.table()
    finally:
        units.table.cache_clear()


# ---- the conversion -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "symbol", "unit", "base", "base_value"),
    [
        (41.1, "万亿元", None, Q + "CCY_CNY", "41100000000000.0"),  # compound scale 万亿
        (4110, "亿元", None, Q + "CCY_CNY", "411000000000.0"),
        (411000, "亿元", None, Q + "CCY_CNY", "41100000000000.0"),
        (2.5, "千亿元", None, Q + "CCY_CNY", "250000000000.0"),
        (3.2, "万辆", None, Q + "NUM", "32000.0"),  # a count of things
        (1.5, "千万人", None, Q + "NUM", "15000000.0"),
        (120, "万吨", None, Q + "TONNE", "1200000.0"),  # tonnes × 1e4
        (7, "千吨", None, Q + "TONNE", "7000.0"),  # 千 as a scale word
        (500, "公斤", Q + "KiloGM", Q + "TONNE", "0.5"),
        (13000, "亿斤", None, Q + "TONNE", "650000000.0"),  # 斤 is half a kilogram: no QUDT unit
        (3, "亿千瓦时", None, Q + "KiloW-HR", "300000000.0"),
        (2, "千万千瓦", None, Q + "KiloW", "20000000.0"),  # 千万 before 千瓦, not 千 before 万千瓦
        (8000, "公里", Q + "KiloM", Q + "KiloM", "8000.0"),
        (15, "亩", None, Q + "M2", "10000.0"),  # 2000/3 m² a mu
        (1, "亩", None, Q + "M2", "666.666666666667"),
        (2, "公顷", Q + "HA", Q + "M2", "20000.0"),
        (6.3, "%", Q + "PERCENT", Q + "PERCENT", "6.3"),
        (3, "‰", Q + "PPTH", Q + "PPTH", "3.0"),
        (35, "微克/立方米", Q + "MicroGM-PER-M3", Q + "MicroGM-PER-M3", "35.0"),
        (3.2, "万", None, Q + "NUM", "32000.0"),  # a bare number with a scale word
        (12, "", Q + "NUM", Q + "NUM", "12.0"),
    ],
)
def test_a_value_reads_in_its_base_unit(value, symbol, unit, base, base_value) -> None:
    measure = units.measure(symbol)
    assert measure is not None
    assert (measure.unit.qudt, measure.base.qudt, units.base_value(value, measure)) == (
        unit,
        base,
        base_value,
    )


def test_percentage_points_are_not_percent() -> None:
    points, percent = units.measure("个百分点"), units.measure("%")
    assert points is not None and percent is not None
    assert (points.unit.qudt, points.base) == (None, units.Unit("个百分点", None))  # kg's own unit
    assert percent.base.qudt == Q + "PERCENT" and points.base != percent.base
    assert units.measure("百分点") == units.Measure(units.Unit("百分点", None), points.base, Fraction(1))


def test_a_unit_with_no_qudt_iri_keeps_its_symbol() -> None:
    teu = units.measure("万标箱")
    assert teu is not None
    assert (teu.unit, teu.base, teu.factor) == (units.Unit("万标箱", None), units.Unit("标准箱", None), 10**4)
    assert units.measure("光年") is None and units.measure("万光年") is None  # unknown: no base value


@pytest.mark.parametrize(
    ("value", "symbol", "columns"),
    [
        (41.1, "万亿元", ("41100000000000", "unit:CCY_CNY")),
        (0.3, "个百分点", ("0.3", "个百分点")),
        (2.5, "万标箱", ("25000", "标准箱")),
        (1, "光年", ("", "")),
    ],
)
def test_the_base_columns_without_a_graph(value, symbol, columns) -> None:
    assert units.base_columns(value, symbol) == columns  # what kg evaluate scores when it reads reports


# ---- in the graph -------------------------------------------------------------------------------------------


def report(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\npublisher: 某市人民政府\n---\n{body}\n"


def test_build_then_query_targets_compares_figures_across_reports(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "city-2031.txt").write_text(
        report(
            "某市2031年政府工作报告",
            "2031-01-10",
            "过去一年,全市地区生产总值达到41.1万亿元。一般公共预算收入达到4110亿元。",
        ),
        encoding="utf-8",
    )
    (source / "city-2032.txt").write_text(
        report(
            "某市2032年政府工作报告",
            "2032-01-12",
            "过去一年,全市地区生产总值达到411000亿元,增长0.3个百分点。粮食产量达到120万吨。",
        ),
        encoding="utf-8",
    )
    built = subprocess.run(
        [str(KG_COMMAND), "build", str(source), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    graph = tmp_path / "out" / "kg.ttl"
    queried = subprocess.run(
        [str(KG_COMMAND), "query", "targets", "--graph", str(graph), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert queried.returncode == 0, queried.stderr
    reader = csv.reader(io.StringIO(queried.stdout.lstrip("\ufeff")))
    header = next(reader)
    assert header[-4:] == ["modality", "value_max", "base_value", "base_unit"]
    assert header[:5] == ["metric", "scope", "change", "value", "unit"]
    rows = sorted(
        (r["document"], r["metric"], r["value"], r["unit"], r["base_value"], r["base_unit"])
        for r in (dict(zip(header, cells, strict=True)) for cells in reader)
    )
    assert rows == [
        ("city-2031", "一般公共预算收入", "4110", "亿元", "411000000000", "unit:CCY_CNY"),
        ("city-2031", "地区生产总值", "41.1", "万亿元", "41100000000000", "unit:CCY_CNY"),
        ("city-2032", "地区生产总值", "0.3", "个百分点", "0.3", "个百分点"),
        ("city-2032", "地区生产总值", "411000", "亿元", "41100000000000", "unit:CCY_CNY"),
        ("city-2032", "粮食产量", "120", "万吨", "1200000", "unit:TONNE"),
    ]
    validated = subprocess.run(
        [str(KG_COMMAND), "validate", str(graph)], capture_output=True, text=True, timeout=300, check=False
    )
    assert validated.returncode == 0, validated.stdout

    g = rdflib.Graph().parse(graph)
    written = {str(o): s for s, o in g.subject_objects(KG.unitAsWritten)}
    trillion = g.value(written["万亿元"], QUDT.hasUnit)
    assert (trillion, rdflib.RDF.type, KG.LocalUnit) in g and str(g.value(trillion, QUDT.symbol)) == "万亿元"
    assert str(g.value(written["万吨"], KG.baseUnit)) == Q + "TONNE"
    assert not list(g.subject_objects(rdflib.URIRef("http://qudt.org/schema/qudt/unit")))


def test_the_network_and_the_page_show_the_unit_as_written(tmp_path: Path) -> None:
    from kg.api import from_files

    source = tmp_path / "city.txt"
    source.write_text(
        report("某市2031年政府工作报告", "2031-01-10", "过去一年,全市地区生产总值达到41.1万亿元。"),
        encoding="utf-8",
    )
    net = from_files(source).networkx()
    targets = [data for _, data in net.nodes(data=True) if data.get("kind") == "target"]
    assert [(t["label"], t["details"]["unit"]) for t in targets] == [("地区生产总值 41.1万亿元", "万亿元")]
