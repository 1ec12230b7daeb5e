"""Many reports: the extraction cache, serial vs parallel builds, named graphs per report, identity across
reports, and the questions over time, on three small made-up reports of 2019–2021 (tests/corpus)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import corpus, process, rdf, read
from kg.build import build, extract_paths
from kg.cli import cli

CORPUS = Path(__file__).resolve().parent / "corpus"
REPORTS = sorted(CORPUS.glob("*.txt"))
DATA = "https://w3id.org/cn-gov-kg/id/"
DOCS = ["commerce-2019", "commerce-2020", "commerce-2021"]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """A copy of the three reports that a test may change."""
    folder = tmp_path / "reports"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The corpus built once, serially, with the cache on."""
    out = tmp_path_factory.mktemp("out")
    build([CORPUS], out, jobs=1)
    return out


@pytest.fixture(scope="module")
def store(built: Path):
    from kg.sparql import store

    return store.load(built / "kg.ttl")


class Spy:
    """Counts the reports `corpus` extracts (rather than reads back from the cache)."""

    def __init__(self, monkeypatch) -> None:
        self.extracted: list[str] = []
        real = corpus._extract_report

        def spy(task):
            self.extracted.append(Path(task[0]).name)
            return real(task)

        monkeypatch.setattr(corpus, "_extract_report", spy)


def extract(folder: Path, cache: Path, **options) -> corpus.CorpusGraph:
    return corpus.build(read.collect([folder]), cache=cache, jobs=1, **options)


def doc(built: corpus.CorpusGraph, name: str) -> str:
    """The IRI of the report `name` (its schema:identifier): it comes from its metadata, not its file name."""
    from kg.rdf.triples import Literal

    (found,) = built.graph.subjects("https://schema.org/identifier", Literal(name))
    return found


def report_iri(name: str) -> str:
    """The IRI of tests/corpus/<name>.txt, from its title and date."""
    from kg.rdf import iris

    document = read.read(CORPUS / f"{name}.txt")
    return iris.document(iris.document_key(document.title, document.date, document.text))


def text(pieces) -> str:
    """A file that CorpusGraph gives in pieces (its method `pieces`), whole."""
    return "".join(pieces())


# -- the cache ----------------------------------------------------------------------------------------


def test_json_of_a_part_reads_back_equal() -> None:
    import json

    for extraction in extract_paths([CORPUS, Path(__file__).resolve().parents[1] / "source"]):
        part = corpus.part_of(extraction)
        assert corpus.from_json(json.loads(json.dumps(corpus.to_json(part), ensure_ascii=False))) == part


def test_a_cache_entry_with_a_literal_as_subject_is_not_used(reports: Path, tmp_path: Path) -> None:
    import json

    extract(reports, tmp_path / "cache")
    entry = min((tmp_path / "cache").glob("*/*.json"))
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["part"]["statements"][0][0] = ["text", "", "zh"]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert corpus.Cache.load(entry) is None


def test_unchanged_reports_come_from_the_cache(reports: Path, tmp_path: Path, monkeypatch) -> None:
    spy = Spy(monkeypatch)
    first = extract(reports, tmp_path / "cache")
    assert spy.extracted == [p.name for p in REPORTS]
    spy.extracted.clear()
    again = extract(reports, tmp_path / "cache")
    assert spy.extracted == []
    assert text(again.trig) == text(first.trig) and text(again.turtle) == text(first.turtle)


def test_a_changed_report_or_its_metadata_is_extracted_again(
    reports: Path, tmp_path: Path, monkeypatch
) -> None:
    from kg.rdf.triples import Literal

    report = reports / "commerce-2021.txt"  # its metadata in a sidecar instead of front matter
    report.write_text(report.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    (reports / "commerce-2021.toml").write_text('date = 2021-12-24\npublisher = "商务部"\n', encoding="utf-8")
    first = extract(reports, tmp_path / "cache")
    spy = Spy(monkeypatch)
    path = reports / "commerce-2020.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("1.9%", "2.9%"), encoding="utf-8")
    (reports / "commerce-2021.toml").write_text('date = 2021-12-24\npublisher = "国务院"\n', encoding="utf-8")
    changed = extract(reports, tmp_path / "cache")
    assert spy.extracted == ["commerce-2020.txt", "commerce-2021.txt"]
    block = text(first.trig).split(f"<{doc(first, 'commerce-2019')}> {{")[1].split("}")[0]
    assert block in text(changed.trig)
    numbers = {
        o.lexical
        for s, p, o in changed.graph
        if p == "http://qudt.org/schema/qudt/numericValue"
        and (s, "http://purl.org/dc/terms/source", doc(changed, "commerce-2020")) in changed.graph
    }
    assert "2.9" in numbers and "1.9" not in numbers
    publisher, label = "https://schema.org/publisher", "http://www.w3.org/2004/02/skos/core#prefLabel"
    for built, name in ((first, "商务部"), (changed, "国务院")):
        (body,) = built.graph.objects(doc(built, "commerce-2021"), publisher)  # the organization's node
        assert set(built.graph.objects(body, label)) == {Literal(name, "", "zh")}


def test_a_changed_extractor_misses_the_cache_and_drops_the_old_entries(
    reports: Path, tmp_path: Path, monkeypatch
) -> None:
    extract(reports, tmp_path / "cache")
    old = [p.name for p in (tmp_path / "cache").iterdir()]
    spy = Spy(monkeypatch)
    monkeypatch.setattr(corpus.cache, "extractor_version", lambda: "another-version")
    extract(reports, tmp_path / "cache")
    assert spy.extracted == [p.name for p in REPORTS]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["another-version"]
    assert old != ["another-version"]


def test_the_extractor_version_follows_its_lexicon(tmp_path: Path) -> None:
    root = tmp_path / "kg"
    for name in ("extract", "lexicon", "read", "rdf"):
        shutil.copytree(corpus.PACKAGE / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(corpus.PACKAGE / "facts.py", root / "facts.py")
    before = corpus.extractor_version(root)
    assert before == corpus.extractor_version(corpus.PACKAGE)
    with (root / "lexicon" / "units.tsv").open("a", encoding="utf-8") as units:
        units.write("艘次\t\thttp://qudt.org/vocab/unit/NUM\t1\n")
    corpus.extractor_version.cache_clear()
    assert corpus.extractor_version(root) != before


def test_an_unreadable_cache_entry_is_extracted_again(reports: Path, tmp_path: Path, monkeypatch) -> None:
    first = extract(reports, tmp_path / "cache")
    entries = sorted((tmp_path / "cache").glob("*/*.json"))
    assert len(entries) == 3
    for entry in entries:
        entry.write_text("{not json", encoding="utf-8")
    spy = Spy(monkeypatch)
    assert text(extract(reports, tmp_path / "cache").trig) == text(first.trig)
    assert len(spy.extracted) == 3


def test_progress_is_reported_per_report(reports: Path, tmp_path: Path) -> None:
    seen = []
    extract(reports, tmp_path / "cache", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_removed_report_leaves_no_facts_and_no_cache_entry(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([reports], out)
    assert report_iri("commerce-2020").encode() in (out / "kg.ttl").read_bytes()
    (reports / "commerce-2020.txt").unlink()
    result = build([reports], out)
    assert result.documents == [str(reports / "commerce-2019.txt"), str(reports / "commerce-2021.txt")]
    for name in ("kg.ttl", "kg.trig"):
        text = (out / name).read_text(encoding="utf-8")
        assert "commerce-2020" not in text and report_iri("commerce-2020") not in text
        assert "邹海宁" in text  # still named by the 2021 report
        assert "-3.9" not in text and "3.9" not in text  # a figure only the removed report gave
    assert len(list((out / ".cache").glob("*/*.json"))) == 2


# -- serial and parallel ----------------------------------------------------------------------------


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_parallel_build_is_byte_identical_to_serial(
    built: Path, tmp_path: Path, monkeypatch, start_method
) -> None:
    import multiprocessing

    monkeypatch.setattr(process, "start_method", lambda: start_method)
    workers = []
    out = tmp_path / "parallel"
    build(
        [CORPUS],
        out,
        jobs=3,
        cache=False,
        progress=lambda done, total: workers.append({p.pid for p in multiprocessing.active_children()}),
    )
    assert len(workers) == 3 and all(len(pids) == 2 for pids in workers)  # this process is the third
    for name in ("kg.ttl", "kg.trig", "kg.html"):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name
    assert not (out / ".cache").exists()
    assert multiprocessing.active_children() == []


def _task_and_process(task: tuple) -> tuple[str, int]:
    import time

    time.sleep(0.005)
    return task[0], os.getpid()


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_this_process_takes_reports_beside_the_pool_and_each_result_keeps_its_index(
    monkeypatch, start_method
) -> None:
    import multiprocessing

    monkeypatch.setattr(process, "start_method", lambda: start_method)
    tasks = [(f"r{n}", None, None) for n in range(40)]
    with process.Pool(2) as pool:
        assert len(multiprocessing.active_children()) == 1
        results = list(pool.map(_task_and_process, tasks))
    assert sorted(index for index, _ in results) == list(range(len(tasks)))
    assert all(name == tasks[index][0] for index, (name, _) in results)
    processes = {pid for _, (_, pid) in results}
    assert os.getpid() in processes and len(processes) == 2
    assert multiprocessing.active_children() == []


def test_a_threaded_process_spawns_its_workers() -> None:
    import threading

    assert process.start_method() == ("fork" if threading.active_count() == 1 else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert process.start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


def test_workers_are_used_only_for_enough_work(tmp_path: Path) -> None:
    small = [tmp_path / f"r{n}.txt" for n in range(3)]
    for path in small:
        path.write_bytes(b"x" * 1000)
    assert corpus._workers(None, small) == 1
    assert corpus._workers(None, small[:1]) == 1
    assert corpus._workers(4, small) == 3
    assert corpus._workers(1, small) == 1
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * corpus.PARALLEL_MIN_BYTES)
    assert corpus._workers(None, [*small, big]) == min(4, len(os.sched_getaffinity(0)))


def test_an_error_in_a_worker_is_the_same_error(reports: Path, tmp_path: Path) -> None:
    from kg.errors import InputError

    (reports / "commerce-2020.txt").write_bytes(b"")
    for jobs in (1, 2):
        with pytest.raises(InputError, match="commerce-2020.txt: is empty"):
            build([reports], tmp_path / f"out{jobs}", jobs=jobs, cache=False)


# -- one graph, a named graph per report --------------------------------------------------------------


def test_the_merged_graph_is_the_graph_of_all_reports(built: Path) -> None:
    extractions = extract_paths([CORPUS])
    assert (built / "kg.ttl").read_bytes() == rdf.to_turtle(rdf.to_graph(extractions))


def test_trig_has_a_named_graph_per_report_whose_union_is_the_merged_graph(built: Path) -> None:
    import pyoxigraph as ox

    dataset = ox.Store()
    dataset.load(path=str(built / "kg.trig"), format=ox.RdfFormat.TRIG)
    names = sorted(graph.value for graph in dataset.named_graphs())
    assert names == sorted(report_iri(doc) for doc in DOCS)
    assert list(dataset.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []
    merged = ox.Store()
    merged.load(path=str(built / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    assert {q.triple for q in dataset} == {q.triple for q in merged}
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    for name in names:
        cited = {q.object.value for q in dataset.quads_for_pattern(None, source, None, ox.NamedNode(name))}
        assert cited == {name}


def test_two_reports_naming_a_person_and_an_organization_give_one_node_each(built: Path) -> None:
    import rdflib
    from rdflib.namespace import RDF, SKOS

    graph = rdflib.Graph()
    graph.parse(built / "kg.ttl")
    schema = rdflib.Namespace("https://schema.org/")
    people = [
        s
        for s in graph.subjects(schema.name, rdflib.Literal("冯嘉怡", lang="zh"))
        if (s, RDF.type, schema.Person) in graph
    ]
    ministries = list(graph.subjects(SKOS.prefLabel, rdflib.Literal("商务部", lang="zh")))
    assert len(people) == 1 and len(ministries) == 1
    reports = {str(o) for o in graph.subjects(schema.mentions, people[0])}
    assert reports == {report_iri(doc) for doc in DOCS}
    assert {str(o) for o in graph.subjects(schema.mentions, ministries[0])} == reports


def test_each_fact_keeps_its_own_report_and_sentence(built: Path) -> None:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(built / "kg.ttl")
    found = graph.query("""
        PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <https://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?document ?sentence ?sentence_document WHERE {
          ?m a org:Membership ; org:member/schema:name "冯嘉怡"@zh ; org:role/skos:prefLabel ?post ;
             dcterms:source/schema:identifier ?document ; prov:wasDerivedFrom ?s .
          ?s nif:anchorOf ?sentence ; nif:referenceContext/schema:identifier ?sentence_document .
          FILTER(STR(?post) IN ("部长", "副部长"))
        } ORDER BY ?document""")
    assert [tuple(map(str, row)) for row in found] == [
        ("commerce-2019", "会议由部党组成员、副部长冯嘉怡主持。", "commerce-2019"),
        ("commerce-2020", "会议由部党组成员、副部长冯嘉怡主持。", "commerce-2020"),
        ("commerce-2021", "商务部党组书记、部长冯嘉怡出席会议并讲话。", "commerce-2021"),
    ]


# -- questions over time ----------------------------------------------------------------------------


def select(store, saved: str, **params: str) -> list[tuple[str, ...]]:
    from kg.sparql import query

    result = query.run(store, saved, params)
    return [tuple("" if value is None else str(value) for value in row) for row in result.rows]


def test_indicator_series_puts_reported_and_planned_side_by_side(store) -> None:
    from kg.sparql import query

    assert tuple(query.run(store, "indicator_series").variables) == (
        "metric",
        "year",
        "unit",
        "reported_change",
        "reported_value",
        "reported_qualifier",
        "reported_status",
        "reported_document",
        "planned_change",
        "planned_value",
        "planned_qualifier",
        "planned_document",
        "planned_modality",
    )
    assert select(store, "indicator_series", indicator="社会消费品零售总额") == [
        (
            "社会消费品零售总额",
            "2019",
            "%",
            "increase",
            "8",
            "approximately",
            "achieved",
            "commerce-2019",
            "",
            "",
            "",
            "",
            "",
        ),
        (
            "社会消费品零售总额",
            "2020",
            "%",
            "decrease",
            "3.9",
            "",
            "achieved",
            "commerce-2020",
            "increase",
            "8.5",
            "",
            "commerce-2019",
            "aim",
        ),
        (
            "社会消费品零售总额",
            "2021",
            "%",
            "increase",
            "12.5",
            "",
            "achieved",
            "commerce-2021",
            "increase",
            "10",
            "",
            "commerce-2020",
            "aim",
        ),
    ]
    # standard indicators go by their preferred label (使用外资 is 实际使用外资, 货物贸易进出口总额 货物进出口总额)
    assert [row[:2] for row in select(store, "indicator_series")] == [
        ("实际使用外资", "2019"),
        ("实际使用外资", "2020"),
        ("社会消费品零售总额", "2019"),
        ("社会消费品零售总额", "2020"),
        ("社会消费品零售总额", "2021"),
        ("货物进出口总额", "2019"),
        ("货物进出口总额", "2020"),
        ("货物进出口总额", "2021"),
    ]
    assert [row[:2] for row in select(store, "indicator_series", indicator="货物贸易进出口总额")] == [
        ("货物进出口总额", "2019"),
        ("货物进出口总额", "2020"),
        ("货物进出口总额", "2021"),
    ]


def test_post_holders_across_years(store) -> None:
    ministers = select(store, "post_holders", title="部长", in_organization="商务部")
    assert len({row[6] for row in ministers if row[4] == "郑立新"}) == 1  # one person in 2019 and 2020
    assert [row[:6] for row in ministers] == [
        ("商务部", "部长", "2019", "2019-12-20", "郑立新", "commerce-2019"),
        ("商务部", "部长", "2020", "2020-12-22", "郑立新", "commerce-2020"),
        ("商务部", "部长", "2021", "2021-12-24", "冯嘉怡", "commerce-2021"),
    ]
    assert [row[4] for row in select(store, "post_holders", title="副部长")] == [
        "何远航",
        "冯嘉怡",
        "褚文博",  # 2019, by code point within a date
        "何远航",
        "冯嘉怡",
        "邹海宁",  # 2020
        "何远航",
        "褚文博",
        "邹海宁",
    ]  # 2021


def test_an_officials_posts_over_time(store) -> None:
    assert [row[:5] for row in select(store, "official_posts", name="冯嘉怡")] == [
        ("冯嘉怡", "2019-12-20", "副部长", "商务部", "commerce-2019"),
        ("冯嘉怡", "2019-12-20", "党组成员", "商务部党组", "commerce-2019"),
        ("冯嘉怡", "2020-12-22", "副部长", "商务部", "commerce-2020"),
        ("冯嘉怡", "2020-12-22", "党组成员", "商务部党组", "commerce-2020"),
        ("冯嘉怡", "2021-12-24", "部长", "商务部", "commerce-2021"),
        ("冯嘉怡", "2021-12-24", "党组书记", "商务部党组", "commerce-2021"),
    ]
    assert (
        select(store, "official_posts", name="冯嘉怡")[-1][5] == "商务部党组书记、部长冯嘉怡出席会议并讲话。"
    )


def test_the_time_queries_give_the_same_rows_on_both_engines(built: Path, store) -> None:
    from kg.sparql import store as stores

    other = stores.load(built / "kg.ttl", engine="rdflib")
    for name, params in (
        ("indicator_series", {}),
        ("post_holders", {"title": "部长"}),
        ("official_posts", {"name": "郑立新"}),
    ):
        assert select(other, name, **params) == select(store, name, **params), name


# -- the command --------------------------------------------------------------------------------------


def test_kg_build_jobs_and_no_cache(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--out", str(out), "--jobs", "2", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Built 3 document(s) into ")
    assert result.stdout.endswith(
        f"wrote {out / 'kg.ttl'}\nwrote {out / 'kg.trig'}\nwrote {out / 'kg.html'}\n"
    )
    assert all(
        line.startswith("warning: ") for line in result.stderr.splitlines()
    )  # no progress bar off a tty
    assert sorted(p.name for p in out.iterdir()) == ["kg.html", "kg.trig", "kg.ttl"]


def test_kg_build_refuses_zero_jobs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1." in result.stderr


def test_kg_build_draws_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(CORPUS), "--out", str(tmp_path / "out"), "--no-cache"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=300)
    os.close(controller)
    assert process.returncode == 0
    assert stdout.decode().startswith("Built 3 document(s) into ")
    bar = shown.decode()
    assert "Extracting" in bar and "100%" in bar and "33%" in bar


# -- process.Background: a function computed in a forked child while the build goes on ------------------


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _refuse(message: str) -> None:
    from kg.errors import InputError

    raise InputError(message)


def _wait(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _forks() -> bool:
    """Whether Background forks here: it does unless another thread runs (then forking could deadlock)."""
    import threading

    return threading.active_count() == 1


def test_background_gives_what_the_function_gives() -> None:
    from kg.rdf import triples

    graph = triples.Graph({"ex": "http://example.org/"})
    graph.update(
        ("http://example.org/a", "http://example.org/p", triples.Literal(f"第{n}条\n")) for n in range(20000)
    )
    with process.Background(triples.turtle, graph) as drawing:
        assert (drawing.process is not None) == _forks()
        written = drawing.result()
    assert written == triples.turtle(graph) and len(written) > 200_000  # more than a pipe's buffer
    with process.Background(_pid_and, {"部长": [1, 2]}) as child:
        pid, value = child.result()
    assert value == {"部长": [1, 2]}
    assert (pid != os.getpid()) == _forks()


def test_background_raises_the_childs_error_here() -> None:
    import multiprocessing

    from kg.errors import InputError

    with pytest.raises(InputError) as raised, process.Background(_refuse, "x: bad") as child:
        assert (child.process is not None) == _forks()
        child.result()
    assert type(raised.value) is InputError and str(raised.value) == "x: bad"
    assert multiprocessing.active_children() == []


def test_background_without_fork_runs_here() -> None:
    import multiprocessing

    with process.Background(_pid_and, "here", fork=False) as here:
        assert here.process is None and multiprocessing.active_children() == []
        assert here.result() == (os.getpid(), "here")
    from kg.errors import InputError

    with (
        pytest.raises(InputError, match=r"^x: bad$"),
        process.Background(_refuse, "x: bad", fork=False) as failing,
    ):
        failing.result()


def test_leaving_background_early_ends_the_child() -> None:
    import multiprocessing
    import time

    assert _forks()  # else there is no child to end: see _forks
    started = time.monotonic()
    with pytest.raises(KeyError), process.Background(_wait, 60) as waiting:
        child = waiting.process
        assert child.is_alive() and multiprocessing.active_children() == [child]
        raise KeyError("interrupted")
    assert time.monotonic() - started < 10  # not the 60 s the child would have taken
    assert multiprocessing.active_children() == [] and not child.is_alive()
    assert child.exitcode == -15  # SIGTERM
    with pytest.raises(ProcessLookupError):
        os.kill(child.pid, 0)  # reaped: no zombie left


@pytest.mark.parametrize("name", ["kg.ttl", "kg.trig"])
def test_kg_viz_of_the_built_files_draws_the_build_page(built: Path, tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["viz", str(built / name), "--out", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "page.html").read_bytes() == (built / "kg.html").read_bytes()
