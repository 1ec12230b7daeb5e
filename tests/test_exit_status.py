"""Exit statuses of every command through the installed `kg` (the console script, as a user runs it), not
CliRunner: what `kg.cli.main()` returns must reach the shell (`kg validate` with violations exits 1)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
from sample_facts import sample_extraction

from kg.rdf import to_graph, to_turtle
from kg.rdf.namespace import ORG
from kg.status import ExitStatus

KG = Path(sys.executable).with_name("kg")  # .venv/bin/kg
ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "miit-2018-work-conference.json"


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(KG), *args], capture_output=True, text=True, timeout=300, cwd=cwd, check=False)


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "kg.ttl"
    path.write_bytes(to_turtle(to_graph([sample_extraction()])))
    return path


def test_the_statuses() -> None:
    assert [(s.name, int(s)) for s in ExitStatus] == [
        ("OK", 0),
        ("ERROR", 1),
        ("INPUT", 2),
        ("CTRL_C", 130),
        ("PIPE_CLOSED", 141),
        ("TERMINATED", 143),
    ]
    assert ExitStatus.USAGE == 2


def test_the_installed_command_is_the_console_script() -> None:
    assert KG.is_file() and "kg.cli" in KG.read_text(encoding="utf-8")


def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(graph: Path) -> None:
    """`kg query … | head -1`: the pipe closes before the rows are written; no traceback, no "bug in kg"."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before kg writes a row
    with os.fdopen(write, "wb") as stdout:
        done = subprocess.run(
            [str(KG), "query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(graph)],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    assert (done.returncode, done.stderr) == (ExitStatus.PIPE_CLOSED, "")


COMMANDS = {  # each command with a missing graph or report (its other arguments fine)
    "build": ["build", "{missing}.txt", "--out", "{tmp}/out"],
    "viz": ["viz", "{missing}.ttl", "--out", "{tmp}/x.html"],
    "serve": ["serve", "{missing}.ttl", "--port", "0"],
    "push": ["push", "{missing}.ttl", "--endpoint", "http://127.0.0.1:9/store"],
    "query": ["query", "officials", "--graph", "{missing}.ttl"],
    "validate": ["validate", "{missing}.ttl"],
    "stats": ["stats", "{missing}.ttl"],
    "evaluate": ["evaluate", str(GOLD), "--graph", "{missing}.ttl"],
    "export": ["export", "{missing}.ttl", "--out", "{tmp}/x.graphml"],
    "central": ["central", "{missing}.ttl"],
    "path": ["path", "{missing}.ttl", "甲", "乙"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_input_exits_2_with_one_line(command: str, tmp_path: Path) -> None:
    args = [a.format(missing=tmp_path / "none", tmp=tmp_path) for a in COMMANDS[command]]
    result = kg(*args)
    assert (result.returncode, result.stdout) == (ExitStatus.INPUT, "")
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert str(tmp_path / "none") in result.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_wrong_option_exits_2_with_usage(command: str) -> None:
    result = kg(command, "--no-such-option")
    assert result.returncode == ExitStatus.USAGE
    assert (
        result.stderr.endswith("Error: No such option '--no-such-option'.\n")
        and "Traceback" not in result.stderr
    )


def test_ok_exits_0(graph: Path, tmp_path: Path) -> None:
    for args in (
        ["--help"],
        ["--version"],
        ["query", "--list"],
        ["stats", str(graph)],
        ["validate", str(graph)],
        ["query", "officials", "--graph", str(graph), "--format", "csv"],
        ["viz", str(graph), "--out", str(tmp_path / "page.html")],
        ["export", str(graph), "--out", str(tmp_path / "kg.graphml")],
        ["central", str(graph)],
    ):
        result = kg(*args)
        assert (result.returncode, result.stderr) == (ExitStatus.OK, ""), args


def test_violations_exit_1(tmp_path: Path) -> None:
    broken = to_graph([sample_extraction()])
    broken.remove((min(broken.subjects(rdflib.RDF.type, ORG.Membership)), ORG.member, None))
    path = tmp_path / "broken.ttl"
    path.write_bytes(to_turtle(broken))
    result = kg("validate", str(path))
    assert result.returncode == ExitStatus.ERROR
    assert result.stdout.startswith(f"{path}: 1 violation(s) of the kg shapes\n")


def test_a_failed_query_exits_1(graph: Path) -> None:
    result = kg("query", "SELECT ?s WHERE { ?s ?p", "--graph", str(graph))
    assert result.returncode == ExitStatus.ERROR
    assert result.stderr.startswith("Error: query: SPARQL syntax error") and result.stderr.count("\n") == 1


def test_a_bad_gold_file_exits_2(graph: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([1, 2]), encoding="utf-8")
    result = kg("evaluate", str(gold), "--graph", str(graph))
    assert (result.returncode, result.stdout) == (ExitStatus.INPUT, "")


def test_traceback_shows_the_error_and_exits_1(tmp_path: Path) -> None:
    result = kg("--traceback", "stats", str(tmp_path / "none.ttl"))
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "kg.errors.InputError" in result.stderr


@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [
        (signal.SIGINT, ExitStatus.OK, ("Stopped.", "")),
        (signal.SIGTERM, ExitStatus.TERMINATED, ("", "Terminated.")),
    ],
)
def test_a_signal_stops_the_endpoint(
    graph: Path, signum: int, status: ExitStatus, said: tuple[str, str]
) -> None:
    """`kg serve` runs until stopped: Ctrl-C is how a user stops it (exit 0), a kill ends it as killed (143)."""
    process = subprocess.Popen(
        [str(KG), "serve", str(graph), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith(f"Serving {graph}"), first + (process.stderr.read() if process.stderr else "")
        time.sleep(0.2)
        os.kill(process.pid, signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, stdout.splitlines()[-1] if said[0] else "", stderr.strip()) == (status, *said)


@pytest.mark.parametrize(
    ("signum", "status", "line"),
    [
        (signal.SIGINT, ExitStatus.CTRL_C, "Interrupted."),
        (signal.SIGTERM, ExitStatus.TERMINATED, "Terminated."),
    ],
)
def test_a_signal_during_a_build_exits_130_or_143(
    signum: int, status: ExitStatus, line: str, tmp_path: Path
) -> None:
    """The signal comes while the build is extracting: once the first report's cache entry is written, with 39
    still to go (tests/test_build.py checks that out/ is kept)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    seed = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "source").glob("*.txt")))
    for number in range(40):
        (folder / f"r{number:02}.txt").write_text(seed.replace("2018", str(1990 + number)), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(KG), "build", str(folder), "--out", str(out), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".cache/*/*.json")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signum)
    stdout, stderr = process.communicate(timeout=120)
    assert not finished, stderr
    assert (process.returncode, stderr.strip(), stdout) == (status, line, "")
