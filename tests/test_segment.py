"""Segmentation: jieba with the domain lexicon, loaded once, offsets into the text."""

from __future__ import annotations

import pytest

from kg import lexicon
from kg.extract.segment import segment, tokenizer


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("部党组成员、副部长出席会议", ["部", "党组成员", "、", "副部长"]),
        ("国家烟草专卖局局长出席", ["国家烟草专卖局", "局长"]),
        ("工信部总工程师", ["工信部", "总工程师"]),
    ],
)
def test_lexicon_words_stay_whole(text: str, words: list[str]) -> None:
    assert [t.word for t in segment(text)][: len(words)] == words


def test_offsets_cover_the_text() -> None:
    text = "全国规模以上工业增加值增长6.3%左右"
    tokens = segment(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start : t.start + len(t.word)] == t.word for t in tokens)


def test_loaded_once() -> None:
    assert tokenizer() is tokenizer()


def test_user_words_are_titles_and_bodies() -> None:
    words = dict(lexicon.user_words())
    assert words["党组书记"] == "nz" and words["工业和信息化部"] == "nt" and words["工信部"] == "nt"
