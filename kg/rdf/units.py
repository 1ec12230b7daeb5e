"""Units as written (41.1万亿元, 3.2万辆, 个百分点) read as QUDT units and a value in a base unit, so figures compare.

The table is lexicon data: `units.tsv` (symbol → QUDT unit or none, base unit, factor) and `unit_scales.tsv`
(万, 亿, 万亿 … before a symbol). A symbol QUDT does not define is kg's own unit (`qudt` is None).

>>> m = measure("万亿元")
>>> m.unit.qudt is None, m.base.qudt, base_value(41.1, m)
(True, 'http://qudt.org/vocab/unit/CCY_CNY', '41100000000000.0')
>>> base_value(4110, measure("亿元"))
'411000000000.0'
>>> measure("个百分点").base.symbol, measure("%").base.qudt
('个百分点', 'http://qudt.org/vocab/unit/PERCENT')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from functools import cache

from kg import lexicon
from kg.errors import KGError

QUDT_UNIT = "http://qudt.org/vocab/unit/"
_QUDT_IRI = re.compile(re.escape(QUDT_UNIT) + r"[A-Za-z][A-Za-z0-9_-]*")
_DIGITS = 15  # significant digits of a base value (亩 → m² is 2000/3)


@dataclass(frozen=True)
class Unit:
    """A unit: its symbol as kg writes it and its QUDT IRI, or None where QUDT defines none (kg's own unit)."""

    symbol: str
    qudt: str | None


@dataclass(frozen=True)
class Measure:
    """A unit as written, the base unit its values convert to, and how many base units one of it is."""

    unit: Unit
    base: Unit
    factor: Fraction


def _factor(text: str, where: str) -> Fraction:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise KGError(
            f"kg/lexicon/{where}: factor {text!r} is not a number (write 1e4, 0.5 or 2000/3)"
        ) from None
    if value <= 0:
        raise KGError(f"kg/lexicon/{where}: factor {text!r} must be positive")
    return value


def _qudt(text: str, where: str) -> str | None:
    if text and not _QUDT_IRI.fullmatch(text):
        raise KGError(f"kg/lexicon/{where}: {text!r} is not a QUDT unit IRI ({QUDT_UNIT}NAME)")
    return text or None


@cache
def table() -> dict[str, Measure]:
    """Symbol → its measure, for every row of units.tsv; a base that names no row nor a QUDT unit is an error."""
    rows = {row["symbol"]: row for row in lexicon.records("units")}
    units = {
        symbol: Unit(symbol, _qudt(row["unit"], f"units.tsv ({symbol})")) for symbol, row in rows.items()
    }
    measures = {}
    for symbol, row in rows.items():
        where = f"units.tsv ({symbol})"
        base = row["base"]
        if base in units:
            if rows[base]["base"] != base:
                raise KGError(
                    f"kg/lexicon/{where}: base {base!r} is not a base unit (its own base is another)"
                )
            base_unit = units[base]
        else:
            base_unit = Unit("", _qudt(base, where) or "")
            if not base_unit.qudt:
                raise KGError(f"kg/lexicon/{where}: base is empty; name a symbol of the table or a QUDT unit")
        measures[symbol] = Measure(units[symbol], base_unit, _factor(row["factor"], where))
    return measures


@cache
def scales() -> tuple[tuple[str, Fraction], ...]:
    """The scale words of unit_scales.tsv (万 1e4, 万亿 1e12 …), longest first."""
    found = {
        row["prefix"]: _factor(row["factor"], "unit_scales.tsv") for row in lexicon.records("unit_scales")
    }
    return tuple((prefix, found[prefix]) for prefix in lexicon.longest_first(list(found)))


@cache
def measure(symbol: str) -> Measure | None:
    """The measure of a unit as written: a row of the table, or scale words before one (万吨 = 吨 × 1e4, 万 alone a
    number × 1e4); None for a symbol the table does not know (no base value then)."""
    if symbol == "":
        number = Unit("", QUDT_UNIT + "NUM")
        return Measure(number, number, Fraction(1))  # a bare number
    if symbol in table():
        return table()[symbol]
    factor, rest = Fraction(1), symbol
    while rest not in table() and rest:
        prefix = next(((p, f) for p, f in scales() if rest.startswith(p)), None)
        if prefix is None:
            return None
        factor, rest = factor * prefix[1], rest[len(prefix[0]) :]
    if rest == "":
        base = Unit("", QUDT_UNIT + "NUM")  # 3.2万: a number
    else:
        base, factor = table()[rest].base, factor * table()[rest].factor
    return Measure(Unit(symbol, None), base, factor)


def base_value(value: float | str, of: Measure) -> str:
    """`value` in the base unit of `of`, as an xsd:decimal (15 significant digits, '.0' on a whole number)."""
    exact = Fraction(Decimal(str(value))) * of.factor
    rounded = Context(prec=_DIGITS).divide(Decimal(exact.numerator), Decimal(exact.denominator))
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text if "." in text else text + ".0"


def base_columns(value: float, symbol: str) -> tuple[str, str]:
    """The `base_value` and `base_unit` columns of the saved `targets` query for a figure, without a graph:
    (41.1, '万亿元') → ('41100000000000', 'unit:CCY_CNY'); ('', '') for a unit the table does not know."""
    found = measure(symbol)
    if found is None:
        return "", ""
    base = found.base
    unit = "unit:" + base.qudt.removeprefix(QUDT_UNIT) if base.qudt else base.symbol
    return re.sub(r"\.0+$", "", base_value(value, found)), unit
