"""The built outputs byte for byte: kg.ttl, kg.trig and kg.html of the seed (source/) and of tests/corpus/, at
--jobs 1 and 2, against their SHA-256 in tests/snapshots/outputs.json.

A change of code that is not meant to change what is built must leave these as they are. When extraction
changes on purpose, refresh them (and read the diff of the outputs first):

    .venv/bin/python tests/test_snapshots.py
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots" / "outputs.json"
SOURCES = {"seed": "source", "corpus": "tests/corpus"}
FILES = ("kg.ttl", "kg.trig", "kg.html")


def built(source: str, out: Path, jobs: int) -> dict[str, str]:
    """The SHA-256 of each output of `kg build SOURCE --out OUT --jobs JOBS`, run as a user runs it."""
    subprocess.run(
        [sys.executable, "-m", "kg", "build", source, "--out", str(out), "--jobs", str(jobs)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in FILES}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("name", sorted(SOURCES))
def test_the_outputs_are_the_recorded_bytes(name: str, jobs: int, tmp_path: Path) -> None:
    expected = json.loads(SNAPSHOTS.read_text(encoding="utf-8"))[name]
    assert built(SOURCES[name], tmp_path / "out", jobs) == expected, (
        f"the outputs of {SOURCES[name]} changed; if on purpose, run: .venv/bin/python tests/test_snapshots.py"
    )


def refresh() -> None:
    """Write tests/snapshots/outputs.json from a build of each source."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        sums = {name: built(source, Path(folder) / name, 1) for name, source in sorted(SOURCES.items())}
    SNAPSHOTS.write_text(json.dumps(sums, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOTS.relative_to(ROOT)}")


if __name__ == "__main__":
    refresh()
