"""`kg serve`: a real Oxigraph endpoint over the built graph, answering like kg.sparql.store, read-only, on loopback."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.errors import EndpointError, InputError
from kg.remote import serve
from kg.sparql import store
from kg.sparql.query import saved_queries


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    banner: list[str]


def read_banner(process: subprocess.Popen, lines: int, within: float = 60) -> list[str]:
    """The first `lines` lines `kg serve` prints, waiting at most `within` seconds."""
    output, deadline = b"", time.monotonic() + within
    while output.count(b"\n") < lines:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([process.stdout], [], [], left)[0]:
            process.kill()
            pytest.fail(f"kg serve printed {output!r} within {within} s; stderr: {process.stderr.read()!r}")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            pytest.fail(f"kg serve ended: {output!r} {process.stderr.read()!r}")
        output += chunk
    return output.decode("utf-8").splitlines()[:lines]


def start_kg_serve(graph: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def served(source_graph: Path):
    port = serve.free_port()
    process = start_kg_serve(source_graph, port)
    try:
        yield Served(process, f"http://127.0.0.1:{port}/", read_banner(process, 4))
    finally:
        process.terminate()
        process.wait(10)


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, body) of one request, with a time limit."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def select_over_http(endpoint: str, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """Variables and rows (values as strings, "" for unbound) of a SELECT over the SPARQL protocol."""
    status, body = http(
        endpoint,
        urllib.parse.urlencode({"query": sparql}).encode("utf-8"),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    answer = json.loads(body)
    variables = answer["head"]["vars"]
    rows = [
        tuple(binding.get(name, {}).get("value", "") for name in variables)
        for binding in answer["results"]["bindings"]
    ]
    return variables, rows


def embedded(graph: Path, sparql: str) -> tuple[list[str], list[tuple[str, ...]]]:
    result = store.load(graph).query(sparql)
    return result.variables, [tuple("" if term is None else str(term) for term in row) for row in result.rows]


def test_it_says_where_it_listens_and_that_only_this_machine_can_connect(
    served: Served, source_graph: Path
) -> None:
    triples = len(store.load(source_graph))
    assert served.banner == [
        f"Serving {source_graph} ({triples:,} triples), read-only, at {served.url}",
        f"  query page: {served.url}   SPARQL endpoint: {served.url}query",
        "  bound to 127.0.0.1: only this machine can connect (--host 0.0.0.0 to share it)",
        "  UPDATE is refused. Ctrl-C stops the server.",
    ]


def test_it_is_bound_to_the_loopback_address_only(served: Served) -> None:
    port = int(served.url.rsplit(":", 1)[1].strip("/"))
    listening = [
        line.split()[1]
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port
    ]
    listening6 = [
        line.split()[1]
        for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]
        if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port
    ]
    assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1 in /proc's little-endian hex
    assert listening6 == []


@pytest.mark.parametrize("name", ["officials", "targets", "meetings", "plans", "organizations"])
def test_saved_queries_answer_over_http_as_they_do_embedded(
    served: Served, source_graph: Path, name: str
) -> None:
    sparql = saved_queries()[name].text
    over_http = select_over_http(served.url + "query", sparql)
    assert over_http == embedded(source_graph, sparql)
    assert len(over_http[1]) > 0


def test_update_and_graph_store_writes_are_refused(served: Served) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = select_over_http(served.url + "query", count)
    insert = b"INSERT DATA { <http://example.org/x> <http://example.org/p> 'intruder' }"
    assert http(served.url + "update", insert, {"Content-Type": "application/sparql-update"})[0] == 403
    assert (
        http(
            served.url + "store?default",
            b"<http://example.org/x> <http://example.org/p> 'x' .",
            {"Content-Type": "application/n-triples"},
            method="PUT",
        )[0]
        == 403
    )
    assert http(served.url + "store?default", b"", method="DELETE")[0] == 403
    assert select_over_http(served.url + "query", count) == before


def test_the_query_page_works_without_the_network(served: Served) -> None:
    status, page = http(served.url, headers={"Accept": "text/html"})
    assert status == 200
    assert "<title>kg · SPARQL</title>" in page  # kg's page (tests/test_viz_query_page.py drives it)
    assert re.findall(r"<script[^>]*\bsrc=|<link[^>]*\bhref=", page) == []  # self-contained, no CDN
    assert http(served.url + "yasgui.min.js")[0] == 200  # Oxigraph's own assets still pass through


def test_sigterm_stops_the_server_and_its_oxigraph_process(source_graph: Path) -> None:
    port = serve.free_port()
    process = start_kg_serve(source_graph, port)
    try:
        read_banner(process, 1)
        process.send_signal(signal.SIGTERM)
        process.wait(15)
    finally:
        if process.poll() is None:
            process.kill()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)


def test_the_library_refuses_a_busy_port_and_a_broken_graph(
    served: Served, source_graph: Path, tmp_path: Path
) -> None:
    busy = int(served.url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(
        EndpointError, match=rf"^cannot listen on 127\.0\.0\.1:{busy} \(.*\); pass another --port$"
    ):
        serve.start(source_graph, port=busy)
    broken = tmp_path / "kg.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "cut', encoding="utf-8")
    with pytest.raises(
        InputError, match=r"kg\.ttl: Oxigraph cannot load it \(.*line 2.*\); the file may be truncated"
    ):
        serve.start(broken, port=0)


def test_start_and_stop_from_python(source_graph: Path) -> None:
    server = serve.start(source_graph, port=0)
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.triples == len(store.load(source_graph))
        folder = Path(server.folder.name)
        assert folder.is_dir()
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert not folder.exists()
