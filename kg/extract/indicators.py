"""Indicators as concepts: the standard indicators of the genre (lexicon/indicators.tsv) with their
written variants, so that `居民消费价格涨幅` in one report and `居民消费价格总水平涨幅` in another are
one indicator.

>>> preferred("单位GDP能耗")
('单位国内生产总值能耗', 'energy consumption per unit of GDP')
>>> preferred("快递业务量")
('快递业务量', None)
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from kg import lexicon


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").upper()


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, tuple[str, str]]:
    """Every written form (label or variant) → (preferred label, English name)."""
    forms: dict[str, tuple[str, str]] = {}
    for row in lexicon.records("indicators"):
        for form in [row["label"], *(v for v in row["variants"].split(",") if v)]:
            forms.setdefault(_key(form), (row["label"], row["english"]))
    return forms


def preferred(metric: str) -> tuple[str, str | None]:
    """(preferred label, English name) of the standard indicator `metric` names, else (metric, None)."""
    found = _vocabulary().get(_key(metric))
    return found if found else (metric, None)
