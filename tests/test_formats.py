"""RDF formats and result formats (issue 15, point 6): `kg export --format ttl|trig|nt|nq|jsonld`, round trips
through the installed `kg` (export → load → isomorphic to the source, named graphs kept), `KnowledgeGraph.save`
by extension, and `kg query --output FILE` choosing the result format by the extension. The graphs are those of
the made-up reports of tests/corpus (three named graphs) and of made-up text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import kg
from kg.cli import cli
from kg.errors import OutputError
from kg.kinds import RdfFormat
from kg.rdf import formats, triples
from kg.rdf.namespace import PREFIXES
from kg.sparql.graphfile import load_dataset, load_rdflib

KG = Path(sys.executable).with_name("kg")  # .venv/bin/kg
ROOT = Path(__file__).resolve().parents[1]
EXTENSIONS = {"ttl": ".ttl", "trig": ".trig", "nt": ".nt", "nq": ".nq", "jsonld": ".jsonld"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(KG), *args], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """out/ of the three made-up reports of tests/corpus: kg.ttl and kg.trig (a named graph per report)."""
    out = tmp_path_factory.mktemp("corpus")
    done = run("build", "tests/corpus", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def same_graph(found, expected) -> None:
    """Assert two rdflib graphs are isomorphic, printing what differs."""
    if not isomorphic(found, expected):
        _, only_found, only_expected = graph_diff(to_isomorphic(found), to_isomorphic(expected))
        raise AssertionError(
            "graphs differ:\nonly in the export:\n"
            + "\n".join(sorted(only_found.serialize(format="nt").splitlines())[:20])
            + "\nonly in the source:\n"
            + "\n".join(sorted(only_expected.serialize(format="nt").splitlines())[:20])
        )


def named_graphs(path: Path) -> dict[str, set]:
    """Graph name → its triples, of a file with named graphs (rdflib's parse)."""
    dataset = load_rdflib(path, dataset=True)
    return {
        str(context.identifier): set(context)
        for context in dataset.graphs()
        if str(context.identifier).startswith("https://")
    }


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
@pytest.mark.parametrize("source", ["kg.ttl", "kg.trig"])
def test_kg_export_round_trips_through_the_installed_command(corpus, tmp_path, fmt, source):
    out = tmp_path / f"export{EXTENSIONS[fmt]}"
    done = run("export", str(corpus / source), "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (")
    same_graph(kg.load(out).graph, kg.load(corpus / source).graph)
    # and Oxigraph, the query engine, reads it to the same triples
    ours = formats.union(load_dataset(out))
    assert set(ours) == set(formats.union(load_dataset(corpus / source)))


@pytest.mark.parametrize("fmt", ["trig", "nq", "jsonld"])
def test_named_graphs_are_kept_from_a_trig_file(corpus, tmp_path, fmt):
    out = tmp_path / f"export{EXTENSIONS[fmt]}"
    result = CliRunner().invoke(cli, ["export", str(corpus / "kg.trig"), "--out", str(out)])
    source = named_graphs(corpus / "kg.trig")
    quads = sum(len(graph) for graph in source.values())
    assert (result.exit_code, result.output) == (0, f"wrote {out} ({quads:,} quads in 3 named graphs)\n")
    assert len(source) == 3 and named_graphs(out) == source


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_formats_without_named_graphs_write_the_union(corpus, tmp_path, fmt):
    out = tmp_path / f"export{EXTENSIONS[fmt]}"
    result = CliRunner().invoke(cli, ["export", str(corpus / "kg.trig"), "--out", str(out)])
    union = kg.load(corpus / "kg.trig").graph
    assert (result.exit_code, result.output) == (0, f"wrote {out} ({len(union):,} triples)\n")
    same_graph(kg.load(out).graph, union)


def test_exports_are_byte_stable_and_are_what_kg_build_writes(corpus, tmp_path):
    for source in ("kg.ttl", "kg.trig"):
        out = tmp_path / source
        assert run("export", str(corpus / source), "--out", str(out)).returncode == 0
        assert out.read_bytes() == (corpus / source).read_bytes()
    for fmt, extension in EXTENSIONS.items():
        first, second = tmp_path / f"a{extension}", tmp_path / f"b{extension}"
        for out in (first, second):
            assert run("export", str(corpus / "kg.trig"), "--out", str(out)).returncode == 0
        assert first.read_bytes() == second.read_bytes(), fmt


def test_n_triples_are_sorted_lines(corpus, tmp_path):
    out = tmp_path / "kg.nt"
    assert run("export", str(corpus / "kg.ttl"), "--out", str(out)).returncode == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(kg.load(corpus / "kg.ttl").graph)
    assert all(line.endswith(" .") and line.startswith("<") for line in lines)


def test_json_ld_compacts_to_the_ontology_prefixes(corpus, tmp_path):
    out = tmp_path / "kg.jsonld"
    assert run("export", str(corpus / "kg.ttl"), "--format", "jsonld", "--out", str(out)).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    context = document["@context"]
    for prefix in ("kg", "id", "schema", "org", "nif"):
        assert context[prefix] == str(PREFIXES[prefix])
    nodes = document["@graph"]
    people = [node for node in nodes if "schema:Person" in _types(node)]
    assert people and all(node["@id"].startswith("id:") for node in people)
    names = {node["schema:name"]["@value"] for node in people}
    assert "郑立新" in names and {node["schema:name"]["@language"] for node in people} == {"zh"}
    assert any("org:holds" in node for node in people)
    # every key is a keyword or a compact IRI of a prefix in the context: nothing left as a full IRI
    keys = {key for node in nodes for key in node if not key.startswith("@")}
    assert keys and all(key.split(":", 1)[0] in context for key in keys)
    classes = {cls for node in nodes for cls in _types(node)}
    assert "foaf:Person" in classes and all(cls.split(":", 1)[0] in context for cls in classes)


def _types(node: dict) -> list[str]:
    found = node.get("@type", [])
    return [found] if isinstance(found, str) else found


def test_a_json_ld_export_answers_the_same_queries(corpus, tmp_path):
    out = tmp_path / "kg.jsonld"
    assert run("export", str(corpus / "kg.trig"), "--out", str(out)).returncode == 0
    for engine in ("oxigraph", "rdflib"):
        rows = [
            run("query", "officials", "--graph", str(path), "--format", "csv", "--engine", engine).stdout
            for path in (out, corpus / "kg.trig")
        ]
        assert rows[0] == rows[1] and rows[0].count("\n") > 5, engine


def test_kg_export_chooses_the_format_by_the_extension(corpus, tmp_path):
    out = tmp_path / "kg.nq"
    assert run("export", str(corpus / "kg.trig"), "--out", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith("> .")
    assert all(line.count("<https://w3id.org/cn-gov-kg/id/doc/") for line in out.read_text().splitlines()[:3])
    graphml = tmp_path / "net.graphml"  # not an RDF extension: GraphML as before
    done = run("export", str(corpus / "kg.ttl"), "--out", str(graphml))
    assert done.returncode == 0 and "nodes" in done.stdout and graphml.read_text().startswith("<?xml")


def test_kg_export_errors(corpus, tmp_path):
    done = run("export", str(corpus / "kg.ttl"), "--format", "rdfxml", "--out", str(tmp_path / "x.rdf"))
    assert done.returncode == 2 and "'rdfxml' is not one of" in done.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    out = tmp_path / "x.jsonld"
    done = run("export", str(broken), "--out", str(out))
    assert (
        done.returncode == 2 and done.stderr.startswith(f"Error: {broken}: is not valid") and not out.exists()
    )
    missing = tmp_path / "nowhere.ttl"
    done = run("export", str(missing), "--out", str(out))
    assert (done.returncode, done.stderr) == (
        2,
        f"Error: {missing}: no such graph file; build one with `kg build SOURCES --out DIR`\n",
    )


# -- the Python API --------------------------------------------------------------------------------

TEXT = (
    "12月20日,全国某某工作会议在北京召开。某某部党组书记、部长李明出席会议并讲话。"
    "会议由部党组成员、副部长王华主持。预计全年,全国快递业务量增长25%左右。"
)


@pytest.fixture(scope="module")
def made_up() -> kg.KnowledgeGraph:
    return kg.from_text(TEXT, title="全国某某工作会议召开", date="2018-12-20", doc_id="made-up-2018")


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_save_chooses_the_format_by_the_extension_and_load_reads_it_back(made_up, tmp_path, fmt):
    path = made_up.save(tmp_path / f"graph{EXTENSIONS[fmt]}")
    assert formats.format_of(path) is RdfFormat(fmt)
    again = kg.load(path)
    same_graph(again.graph, made_up.graph)
    assert again.save(tmp_path / f"again{EXTENSIONS[fmt]}").read_bytes() == path.read_bytes()
    assert made_up.export(tmp_path / f"e{EXTENSIONS[fmt]}", fmt)[0].read_bytes() == path.read_bytes()


def test_save_writes_the_format_asked_for(made_up, tmp_path):
    path = made_up.save(tmp_path / "graph.txt", fmt="jsonld")
    assert json.loads(path.read_text(encoding="utf-8"))["@context"]["schema"] == "https://schema.org/"
    assert made_up.save(tmp_path / "graph.ttl").read_bytes() == kg.rdf.to_turtle(made_up.graph)


def test_save_refuses_an_unknown_extension(made_up, tmp_path):
    with pytest.raises(
        OutputError, match=r"graph\.json: the extension names no RDF format kg writes; end the"
    ):
        made_up.save(tmp_path / "graph.json")
    assert list(tmp_path.iterdir()) == []


def test_serialize_escapes_literals_and_keeps_datatypes():
    graph = triples.Graph({"ex": "http://example.org/"})
    subject = "http://example.org/a"
    graph.add(subject, "http://example.org/text", triples.Literal('引号"与\\反斜杠\n换行\t'))
    graph.add(subject, "http://example.org/n", triples.Literal("7", triples.XSD + "nonNegativeInteger"))
    graph.add(subject, "http://example.org/b", triples.Blank("b0"))
    dataset = {None: graph}
    nt = formats.serialize(dataset, "nt").decode("utf-8")
    assert '"引号\\"与\\\\反斜杠\\n换行\\u0009"' in nt
    assert '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in nt
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = triples.to_rdflib(graph)
        for fmt, rdflib_name in (("nt", "nt"), ("nq", "nquads"), ("jsonld", "json-ld"), ("trig", "trig")):
            parsed = rdflib.Dataset()
            parsed.parse(data=formats.serialize(dataset, fmt), format=rdflib_name)
            found = rdflib.Graph()
            for s, p, o, _ in parsed.quads((None, None, None, None)):
                found.add((s, p, o))
            assert isomorphic(found, expected), fmt


def test_the_long_n_quads_extension_reads_back(corpus, tmp_path):
    out = tmp_path / "kg.nquads"
    assert run("export", str(corpus / "kg.trig"), "--out", str(out)).returncode == 0
    assert out.read_bytes() == formats.serialize(load_dataset(corpus / "kg.trig"), "nq")
    counts = [
        run(
            "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", str(path), "--format", "csv"
        ).stdout
        for path in (out, corpus / "kg.trig")
    ]
    assert counts[0] == counts[1] and counts[0] != "n\r\n0\r\n"


def test_format_for():
    assert formats.format_for("x.anything", "nq") is RdfFormat.NQUADS
    assert formats.format_for("x.NQuads") is RdfFormat.NQUADS
    with pytest.raises(OutputError, match="unknown RDF format 'xml'; formats: ttl, trig, nt, nq, jsonld"):
        formats.format_for("x.ttl", "xml")


# -- kg query --output -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(made_up, tmp_path_factory) -> Path:
    return made_up.save(tmp_path_factory.mktemp("made-up") / "kg.ttl")


def query_to(graph: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return run("query", "officials", "--graph", str(graph), "--output", str(out), *args)


def test_query_output_chooses_the_format_by_the_extension(graph, tmp_path):
    table = run("query", "officials", "--graph", str(graph)).stdout
    assert table.startswith("person  ")
    done = query_to(graph, tmp_path / "t.csv")
    assert (done.returncode, done.stderr) == (0, f"wrote {tmp_path / 't.csv'} (4 rows)\n")
    text = (tmp_path / "t.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeffperson,post,organization,document,evidence\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(row["person"], row["post"]) for row in rows][:2] == [("李明", "部长"), ("李明", "党组书记")]
    assert query_to(graph, tmp_path / "t.tsv").returncode == 0
    assert (tmp_path / "t.tsv").read_text(encoding="utf-8").startswith("person\tpost\torganization\t")
    for name in ("t.json", "t.srj"):
        assert query_to(graph, tmp_path / name).returncode == 0
        results = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert results["head"]["vars"][:2] == ["person", "post"] and len(results["results"]["bindings"]) == 4
    assert query_to(graph, tmp_path / "t.txt").returncode == 0
    assert (tmp_path / "t.txt").read_text(encoding="utf-8") == table


def test_query_format_overrides_the_extension(graph, tmp_path):
    assert query_to(graph, tmp_path / "t.csv", "--format", "json").returncode == 0
    assert json.loads((tmp_path / "t.csv").read_text(encoding="utf-8"))["head"]["vars"][0] == "person"
    assert query_to(graph, tmp_path / "t.json", "--format", "table").returncode == 0
    assert (tmp_path / "t.json").read_text(encoding="utf-8").startswith("person  ")


CONSTRUCT = "CONSTRUCT WHERE { ?post a <http://www.w3.org/ns/org#Post> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_a_construct_result_is_written_in_the_rdf_format_of_the_extension(graph, tmp_path, fmt):
    out = tmp_path / f"posts{EXTENSIONS[fmt]}"
    done = run("query", CONSTRUCT, "--graph", str(graph), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert formats.format_of(out) is RdfFormat(fmt)
    expected = run("query", CONSTRUCT, "--graph", str(graph)).stdout  # Turtle on stdout
    found = kg.load(out).graph
    same_graph(found, rdflib.Graph().parse(data=expected, format="turtle"))
    assert len(found) == 8  # four posts, a type and a label each
    if fmt == "jsonld":
        assert '"@type": "org:Post"' in out.read_text(encoding="utf-8")


def test_a_select_result_is_no_rdf_file(graph, tmp_path):
    out = tmp_path / "t.ttl"
    done = query_to(graph, out)
    assert (done.returncode, done.stderr) == (
        1,
        (
            f"Error: {out}: a SELECT result is rows, not RDF; write it to a .csv, .tsv, .json, .srj or .txt "
            "file (RDF files are for CONSTRUCT and DESCRIBE)\n"
        ),
    )
    assert not out.exists()
    done = run("query", "officials", "--graph", str(graph), "--format", "nt")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("Error: --format nt is for CONSTRUCT and DESCRIBE results;")
