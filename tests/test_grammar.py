"""kg/lexicon/grammar.toml, the fixed words and patterns the extractor's rules are written in: each entry parses,
compiles and is used, and the extractor's modules write no Chinese word of their own."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from kg import lexicon

KG = Path(lexicon.__file__).resolve().parent.parent
ENTRIES = [
    f"{section}.{key}"
    for section, table in lexicon._grammar().items()
    if section != "pieces"
    for key in table
]
HAN = re.compile(f"[{lexicon.piece('han')}]")


def _literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the string constants of a module that hold a Han character, docstrings apart."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HAN.search(node.value)
    ]


@pytest.mark.parametrize("path", sorted((KG / "extract").glob("*.py")), ids=lambda p: p.name)
def test_the_extractor_writes_no_chinese_word_of_its_own(path: Path) -> None:
    """Words live in kg/lexicon: its word files, or grammar.toml for the fixed ones."""
    assert _literals(path) == []


def test_the_check_sees_a_chinese_literal(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""文档"""\nX = "的"  # 注释\nY = "ok"\n', encoding="utf-8")
    assert _literals(module) == [(2, "的")]


@pytest.mark.parametrize("name", ENTRIES)
def test_every_entry_is_used_by_its_name(name: str) -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in KG.rglob("*.py"))
    assert f'"{name}"' in sources


@pytest.mark.parametrize("name", [n for n in ENTRIES if isinstance(lexicon._grammar_entry(n), str)])
def test_every_pattern_compiles(name: str) -> None:
    """Its pieces filled (a word class its rule passes in stands as `x`): balanced braces, a valid expression."""
    text = lexicon.grammar_word(name)
    fields = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    passed = {field: "x" for field in fields if field not in lexicon._grammar()["pieces"]}
    re.compile(lexicon.fragment(name, **passed))


def test_the_words_are_words() -> None:
    for name in ENTRIES:
        entry = lexicon._grammar_entry(name)
        values = entry.values() if isinstance(entry, dict) else entry if isinstance(entry, list) else [entry]
        assert all(isinstance(v, str) and v for v in values), name
