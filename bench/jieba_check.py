"""Is a faster jieba a drop-in for kg's? Agreement with kg's tokenizer and speed, per candidate; asserts nothing.

Compares, line by line on the sample report (source/) and the challenge passages (tests/challenge), the
extractor's tokenizer (jieba.posseg with the domain lexicon, kg/extract/segment.py) with each candidate's POS
segmentation given the same lexicon (same words, LEXICON_FREQUENCY, tags) and jieba's dictionary, and
jieba.cut with the candidate's cut (both with the lexicon); then times, on synthetic reports, loading the
dictionary plus lexicon and segmenting, as ratios to jieba (CPU seconds). None of the candidates is a
dependency of kg: `pip install rjieba jieba-fast jieba-fast-dat jieba-next` to run this; one that does
not import is reported and skipped.

    python bench/jieba_check.py [FOLDER_OF_SYNTHETIC_REPORTS] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Segmenter:
    tag: Callable[[str], list[tuple[str, str]]]  # (word, POS tag) pairs, HMM on
    cut: Callable[[str], list[str]]  # words, HMM on


def jieba_like(package: str, dictionary: Path | None = None, pos_cut: str = "cut") -> Segmenter:
    """A package with jieba's API (Tokenizer, posseg.POSTokenizer), the lexicon added as kg/extract/segment.py does."""
    from kg import lexicon
    from kg.extract.segment import LEXICON_FREQUENCY

    module = importlib.import_module(package)
    posseg = importlib.import_module(package + ".posseg")
    tokenizer = module.Tokenizer(str(dictionary)) if dictionary else module.Tokenizer()
    tokenizer.initialize()
    for word, tag in lexicon.user_words():
        tokenizer.add_word(word, freq=LEXICON_FREQUENCY, tag=tag)
    pairs = getattr(posseg.POSTokenizer(tokenizer), pos_cut)
    return Segmenter(
        lambda s: [(p.word, p.flag) for p in pairs(s)], lambda s: list(tokenizer.cut(s, HMM=True))
    )


def rjieba() -> Segmenter:
    """rjieba (jieba-rs), its own copy of jieba's dictionary, the lexicon added with kg's frequency and tags."""
    import rjieba

    from kg import lexicon
    from kg.extract.segment import LEXICON_FREQUENCY

    rust = rjieba.Jieba()
    for word, tag in lexicon.user_words():
        rust.add_word(word, LEXICON_FREQUENCY, tag)
    return Segmenter(lambda s: [tuple(p) for p in rust.tag(s, True)], lambda s: rust.cut(s, True))


def jieba_dictionary() -> Path:
    """jieba's own dict.txt, given to candidates that ship a different one."""
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


CANDIDATES: dict[str, Callable[[], Segmenter]] = {
    "rjieba": rjieba,
    "jieba_fast": lambda: jieba_like("jieba_fast"),
    "jieba_fast_dat": lambda: jieba_like("jieba_fast_dat", jieba_dictionary()),
    "jieba_fast_dat/own-dict": lambda: jieba_like("jieba_fast_dat"),
    # jieba_next 1.0.0rc1's public posseg cut runs the HMM alone, without the dictionary (5 of 74 lines alike,
    # 50x slower than jieba); its _cut_internal is jieba's algorithm
    "jieba_next": lambda: jieba_like("jieba_next", pos_cut="_cut_internal"),
}


def compare(name: str, ours: Callable[[str], list], theirs: Callable[[str], list], lines: list[str]) -> None:
    """How many lines both segment alike, and the first few differences (a few tokens around each)."""
    differences = []
    for line in lines:
        a, b = ours(line), theirs(line)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differences.append((a[max(0, at - 2) : at + 3], b[max(0, at - 2) : at + 3]))
    print(f"  {name}: {len(lines) - len(differences)} of {len(lines)} lines alike")
    for a, b in differences[:2]:
        print(f"      jieba {a}\n    theirs {b}")


def words(tag: Callable[[str], list[tuple[str, str]]]) -> Callable[[str], list[str]]:
    """The words of a POS segmentation, without their tags."""
    return lambda s: [word for word, _ in tag(s)]


def cpu_seconds(run: Callable[[], object]) -> tuple[float, object]:
    """CPU time of one call (not wall time: other work on the machine does not count) and its result."""
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def timings(make: Callable[[], Segmenter], text: str) -> dict[str, float]:
    """Load (dictionary and lexicon, the second time, so a cache the first one wrote is used), tag and cut."""
    cpu_seconds(lambda: make().tag("初始化。"))
    load, segmenter = cpu_seconds(make)
    load += cpu_seconds(lambda: segmenter.tag("初始化。"))[0]  # some build their lookup lazily on first use
    return {
        "load": load,
        "tag": cpu_seconds(lambda: segmenter.tag(text))[0],
        "cut": cpu_seconds(lambda: segmenter.cut(text))[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("synthetic", nargs="?", help="folder of synthetic reports to time (bench/synth.py)")
    parser.add_argument("--only", nargs="+", choices=sorted(CANDIDATES), help="candidates to check")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the packages' "Building prefix dict…" lines
    import jieba

    from kg import read
    from kg.extract import segment

    texts = [read.read(path).text for path in read.collect([ROOT / "source"])]
    cases = tomllib.loads((ROOT / "tests" / "challenge" / "cases.toml").read_text(encoding="utf-8"))["case"]
    texts += [read.read_text(case["text"]).text for case in cases]
    lines = [line for text in texts for line in text.split("\n") if line]
    posseg = segment.tokenizer()  # adds the lexicon to jieba.dt as well, so jieba.dt.cut is kg's cut
    ours = Segmenter(
        lambda s: [(p.word, p.flag) for p in posseg.cut(s, HMM=True)],
        lambda s: list(jieba.dt.cut(s, HMM=True)),
    )
    synthetic = "\n".join(read.read(p).text for p in read.collect([args.synthetic])) if args.synthetic else ""
    baseline = timings(lambda: jieba_like("jieba"), synthetic) if synthetic else {}
    if baseline:
        print(
            f"jieba on {len(synthetic):,} characters, CPU s: "
            + ", ".join(f"{k} {v:.2f}" for k, v in baseline.items())
        )
    for name in args.only or CANDIDATES:
        try:
            theirs = CANDIDATES[name]()
        except ImportError as error:
            print(f"{name}: does not import ({error})")
            continue
        print(f"{name}:")
        compare("posseg (words and tags)", ours.tag, theirs.tag, lines)
        compare("posseg (words)", words(ours.tag), words(theirs.tag), lines)
        compare("cut", ours.cut, theirs.cut, lines)
        if baseline:
            figures = timings(CANDIDATES[name], synthetic)
            print(
                "  CPU s: "
                + ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
                + "; jieba / this: "
                + ", ".join(f"{k} {baseline[k] / v:.1f}x" for k, v in figures.items())
            )


if __name__ == "__main__":
    main()
