"""Segmentation: jieba with the domain lexicon (post titles, organizations, programme words), loaded once.

>>> [t.word for t in segment("部党组成员、副部长出席会议")][:3]
['部', '党组成员', '、']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg import lexicon

LEXICON_FREQUENCY = 100_000  # high enough that a title or body stays one token (部|党组成员, not 部党组|成员)


@dataclass(frozen=True)
class Token:
    word: str
    tag: str  # jieba's part-of-speech tag (nr person, ns place, nt organization …)
    start: int  # code points, relative to the segmented text


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's POS tokenizer with the domain lexicon added (once per process)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for word, tag in lexicon.user_words():
        jieba.add_word(word, freq=LEXICON_FREQUENCY, tag=tag)
    return jieba.posseg.dt


def segment(text: str) -> list[Token]:
    """Tokens of `text` with POS tags and offsets."""
    tokens: list[Token] = []
    offset = 0
    for pair in tokenizer().cut(text, HMM=True):
        tokens.append(Token(pair.word, pair.flag, offset))
        offset += len(pair.word)
    return tokens
