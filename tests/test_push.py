"""`kg push` into a real Oxigraph server: same answers as kg.sparql.store, idempotent, atomic, one-line refusals."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import EndpointError
from kg.remote import push as pushing
from kg.remote import serve
from kg.sparql import store
from kg.sparql.query import saved_queries

GRAPH = "https://example.org/graph/miit"


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture(scope="module")
def oxigraph_server():
    """A real read-write Oxigraph server (in memory) on a free loopback port: its base URL."""
    port = serve.free_port()
    process = subprocess.Popen(
        [serve.oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            if http(base + "query?query=ASK%7B%7D")[0] == 200:
                break
        except (urllib.error.URLError, ConnectionError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"oxigraph serve did not start: {process.stderr.read()!r}")
        time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


@pytest.fixture
def server(oxigraph_server: str) -> str:
    """The server, emptied."""
    assert (
        http(oxigraph_server + "update", b"DROP ALL", {"Content-Type": "application/sparql-update"})[0] == 204
    )
    return oxigraph_server


def remote_select(base: str, sparql: str, graph: str | None = GRAPH) -> list[tuple[str, ...]]:
    """Rows (strings, "" unbound) of a SELECT over the SPARQL protocol, with `graph` as the default graph."""
    params = {"query": sparql, **({"default-graph-uri": graph} if graph else {})}
    status, body = http(
        base + "query",
        urllib.parse.urlencode(params).encode("utf-8"),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    answer = json.loads(body)
    names = answer["head"]["vars"]
    return [tuple(b.get(n, {}).get("value", "") for n in names) for b in answer["results"]["bindings"]]


def local_select(path: Path, sparql: str) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else str(t) for t in row) for row in store.load(path).query(sparql).rows]


def graphs(base: str) -> dict[str, int]:
    """Triples per named graph, plus "" for the default graph."""
    rows = remote_select(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", None)
    default = remote_select(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None)[0][0]
    return {**{g: int(n) for g, n in rows}, **({"": int(default)} if int(default) else {})}


def test_push_then_select_on_the_server_equals_kg_query_on_the_file(server: str, source_graph: Path) -> None:
    report = pushing.push(source_graph, server + "store", GRAPH)
    triples = len(store.load(source_graph))
    assert (
        str(report)
        == f"pushed {triples:,} triples: merged into <{GRAPH}> at {server}store (Graph Store POST)"
    )
    assert graphs(server) == {GRAPH: triples}
    for name in ("officials", "targets", "meetings", "plans", "programmes", "organizations"):
        sparql = saved_queries()[name].text
        assert remote_select(server, sparql) == local_select(source_graph, sparql), name
    assert len(remote_select(server, saved_queries()["officials"].text)) > 5


def test_pushing_twice_leaves_the_store_as_after_the_first_push(server: str, source_graph: Path) -> None:
    pushing.push(source_graph, server + "store", GRAPH)
    once = remote_select(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o")
    pushing.push(source_graph, server + "store", GRAPH)
    pushing.push(source_graph, server + "store", GRAPH, replace=True)
    assert remote_select(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o") == once


def test_blank_nodes_are_skolemized_so_a_second_push_adds_nothing(server: str, tmp_path: Path) -> None:
    path = tmp_path / "bnodes.ttl"
    path.write_text(
        '@prefix ex: <http://example.org/> .\nex:t ex:value [ ex:amount 6.3 ; ex:unit "%" ] .\n',
        encoding="utf-8",
    )
    pushing.push(path, server + "store")
    pushing.push(path, server + "store")
    assert graphs(server) == {"": 3}
    node = remote_select(
        server, "SELECT ?v WHERE { <http://example.org/t> <http://example.org/value> ?v }", None
    )
    assert node[0][0].startswith(pushing.GENID)


def test_replace_swaps_the_graph_and_leaves_other_graphs_alone(
    server: str, source_graph: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<http://example.org/a> <http://example.org/p> 'one' .\n", encoding="utf-8")
    pushing.push(source_graph, server + "store", GRAPH)
    pushing.push(small, server + "store", "https://example.org/other")
    report = pushing.push(small, server + "store", GRAPH, replace=True)
    assert report.method == "Graph Store PUT"
    assert graphs(server) == {GRAPH: 1, "https://example.org/other": 1}


def test_without_graph_store_it_falls_back_to_sparql_update(server: str, source_graph: Path) -> None:
    report = pushing.push(source_graph, server + "update", GRAPH, replace=True)
    assert report.method == "SPARQL Update"
    sparql = saved_queries()["targets"].text
    assert remote_select(server, sparql) == local_select(source_graph, sparql)
    assert graphs(server) == {GRAPH: len(store.load(source_graph))}


def test_a_big_push_over_update_goes_through_a_staging_graph(server: str, source_graph: Path) -> None:
    triples = len(store.load(source_graph))
    report = pushing.push(source_graph, server + "update", GRAPH, replace=True, chunk_triples=500)
    chunks = -(-triples // 500)
    assert report.method == f"SPARQL Update ({chunks} chunks via a staging graph)"
    assert graphs(server) == {GRAPH: triples}  # the staging graph is gone
    sparql = saved_queries()["officials"].text
    assert remote_select(server, sparql) == local_select(source_graph, sparql)


def test_a_failure_halfway_leaves_the_target_graph_as_it_was(
    server: str, source_graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "small.ttl"
    small.write_text("<http://example.org/a> <http://example.org/p> 'before' .\n", encoding="utf-8")
    pushing.push(small, server + "store", GRAPH)
    inserts = []
    real_insert = pushing._insert

    def broken_third_chunk(lines, graph_iri):
        inserts.append(len(lines))
        text = real_insert(lines, graph_iri)
        return (
            text.replace("INSERT DATA", "INSERT DAT") if len(inserts) == 3 else text
        )  # the store rejects it

    monkeypatch.setattr(pushing, "_insert", broken_third_chunk)
    with pytest.raises(EndpointError) as error:
        pushing.push(source_graph, server + "update", GRAPH, replace=True, chunk_triples=500)
    message = str(error.value)
    assert (
        f"<{GRAPH}> was not touched; 1,000 of {len(store.load(source_graph)):,} triples were in staging graph"
        in message
    )
    assert "(chunk 3 of " in message and message.endswith("the staging graph was dropped")
    assert "HTTP 400" in message and "\n" not in message
    assert graphs(server) == {GRAPH: 1}
    assert remote_select(server, "SELECT ?o WHERE { ?s ?p ?o }") == [("before",)]


def test_a_read_only_endpoint_refuses_in_one_line(source_graph: Path, tmp_path: Path) -> None:
    read_only = serve.start(source_graph, port=0)
    try:
        with pytest.raises(EndpointError) as error:
            pushing.push(source_graph, read_only.url + "store", GRAPH)
    finally:
        read_only.stop()
    assert str(error.value).startswith(f"{read_only.url}store refused the push (HTTP 403")
    assert str(error.value).endswith(
        "nothing was written; the store refuses writes here (read-only, or these credentials may not write)"
    )


def test_an_endpoint_that_does_not_answer_times_out_in_one_line(source_graph: Path) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/store"
        start = time.monotonic()
        with pytest.raises(EndpointError) as error:
            pushing.push(source_graph, url, GRAPH, timeout=1)
    assert time.monotonic() - start < 10
    assert str(error.value).startswith(
        f"{url}?graph=https%3A%2F%2Fexample.org%2Fgraph%2Fmiit did not answer within 1 s;"
    )


def test_an_endpoint_nobody_listens_on_is_one_line(source_graph: Path) -> None:
    url = f"http://127.0.0.1:{serve.free_port()}/store"
    with pytest.raises(EndpointError) as error:
        pushing.push(source_graph, url)
    assert (
        str(error.value)
        == f"cannot reach {url}?default (Connection refused); is the store running? nothing was written"
    )


def test_authentication_headers() -> None:
    assert pushing._auth_headers("analyst", "s3cret", None) == {"Authorization": "Basic YW5hbHlzdDpzM2NyZXQ="}
    assert pushing._auth_headers(None, None, "tok") == {"Authorization": "Bearer tok"}
    assert pushing._auth_headers(None, None, None) == {}
    with pytest.raises(EndpointError, match="--user and --password go together"):
        pushing._auth_headers("analyst", None, None)


def test_kg_push_command(server: str, source_graph: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["push", str(source_graph), "--endpoint", server + "store", "--graph-iri", GRAPH, "--replace"]
    )
    assert result.exit_code == 0, result.output
    triples = len(store.load(source_graph))
    assert (
        result.output
        == f"pushed {triples:,} triples: replaced <{GRAPH}> at {server}store (Graph Store PUT)\n"
    )
    refused = runner.invoke(cli, ["push", str(source_graph), "--endpoint", server])
    assert refused.exit_code == 1
    assert refused.output.startswith(f"Error: {server} refused the push (HTTP 404")
    assert refused.output.count("\n") == 1
