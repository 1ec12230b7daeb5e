"""Is rjieba (the jieba-rs binding) a drop-in for kg's jieba? Prints agreement and speed; asserts nothing.

Compares, line by line on the sample report (source/) and the challenge passages (tests/challenge), the
extractor's tokenizer (jieba.posseg with the domain lexicon, kg/segment.py) with rjieba.tag given the same
lexicon, and plain jieba.cut with rjieba.cut; then times both on synthetic reports. rjieba is not a
dependency of kg: `pip install rjieba` to run this.

    python bench/rjieba_check.py [FOLDER_OF_SYNTHETIC_REPORTS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def compare(name: str, ours, theirs, lines: list[str]) -> None:
    """How many lines both segment alike, and the first few differences (a few tokens around each)."""
    differences = []
    for line in lines:
        a, b = ours(line), theirs(line)
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differences.append((a[max(0, at - 2):at + 3], b[max(0, at - 2):at + 3]))
    print(f"{name}: {len(lines) - len(differences)} of {len(lines)} lines alike")
    for a, b in differences[:3]:
        print(f"    jieba {a}\n   rjieba {b}")


def main() -> None:
    import jieba
    import rjieba

    from kg import lexicon, read, segment

    texts = [read.read(path).text for path in read.collect([ROOT / "source"])]
    cases = tomllib.loads((ROOT / "tests" / "challenge" / "cases.toml").read_text(encoding="utf-8"))["case"]
    texts += [read.read_text(case["text"]).text for case in cases]
    lines = [line for text in texts for line in text.split("\n") if line]
    posseg = segment.tokenizer()
    rust = rjieba.Jieba()
    for word, tag in lexicon.user_words():
        rust.add_word(word, None, tag)

    def tagged(line: str) -> list:
        return [(pair.word, pair.flag) for pair in posseg.cut(line, HMM=True)]

    def rust_tagged(line: str) -> list:
        return [tuple(pair) for pair in rust.tag(line, True)]

    compare("posseg vs rjieba.tag (words and tags)", tagged, rust_tagged, lines)
    compare("posseg vs rjieba.tag (words)", lambda s: [w for w, _ in tagged(s)], lambda s: [w for w, _ in rust_tagged(s)],
            lines)
    compare("jieba.cut vs rjieba.cut", lambda s: list(jieba.dt.cut(s, HMM=True)), lambda s: rust.cut(s, True), lines)
    if len(sys.argv) > 1:
        text = "\n".join(read.read(path).text for path in read.collect([sys.argv[1]]))
        timings = {}
        for name, run in (("jieba.posseg", lambda: tagged(text)), ("rjieba.tag", lambda: rust_tagged(text)),
                          ("jieba.cut", lambda: list(jieba.dt.cut(text))), ("rjieba.cut", lambda: rust.cut(text, True))):
            started = time.process_time()
            run()
            timings[name] = time.process_time() - started
        print(f"{len(text):,} characters, CPU s: " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
              + f"; tag {timings['jieba.posseg'] / timings['rjieba.tag']:.0f}x, cut "
              f"{timings['jieba.cut'] / timings['rjieba.cut']:.0f}x faster")


if __name__ == "__main__":
    main()
