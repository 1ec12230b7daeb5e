"""`kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint, with kg's query page.

The server is Oxigraph's own (`oxigraph serve-read-only`, from the `oxigraph` PyPI package): the graph
is loaded into a temporary Oxigraph database, which is served read-only (UPDATE and Graph Store writes
are refused with 403) and deleted when the server stops. It binds 127.0.0.1 unless told otherwise.
Oxigraph listens on a private loopback port; in front of it a small proxy answers `/` with kg's query page
(kg's prefixes, the saved queries; kg/viz/assets/query.html) and passes every other request to Oxigraph.

>>> server = start("out/kg.ttl", port=0)  # doctest: +SKIP
>>> server.endpoint, server.triples  # doctest: +SKIP
('http://127.0.0.1:41234/query', 1234)
>>> server.stop()  # doctest: +SKIP
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EndpointError, InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 60  # seconds a query may run on the server
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def oxigraph_binary() -> str:
    """The `oxigraph` server executable installed with the package (beside this Python, else on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("the Oxigraph server is not installed; `pip install oxigraph` (kg depends on it)")
    return found


@dataclass
class Server:
    """A running read-only Oxigraph server over a temporary copy of a graph; stop() removes both."""

    url: str  # the query page; the SPARQL endpoint is url + "query"
    host: str
    port: int
    triples: int
    process: subprocess.Popen
    folder: tempfile.TemporaryDirectory
    front: http.server.ThreadingHTTPServer | None = (
        None  # the proxy with kg's query page (an http.server), in front of Oxigraph
    )

    @property
    def endpoint(self) -> str:
        return self.url + "query"

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 5 s) and delete its database."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.front is not None:
            self.front.shutdown()
            self.front.server_close()
            self.front = None
        self.folder.cleanup()


def start(
    graph: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: int = DEFAULT_TIMEOUT,
    ready_within: float = 60.0,
) -> Server:
    """Load `graph` into a temporary Oxigraph database and serve it read-only on host:port (0: any free port)."""
    from kg.sparql.graphfile import graph_file

    graph = graph_file(graph)
    binary = oxigraph_binary()
    port = port or free_port(host)
    _check_port(host, port)
    folder = tempfile.TemporaryDirectory(prefix="kg-serve-")
    try:
        _load(binary, graph, Path(folder.name) / "db")
        log = open(Path(folder.name) / "server.log", "wb")  # noqa: SIM115 - the server writes it while it runs
        inner = free_port("127.0.0.1")  # Oxigraph's own port, reached only through the front
        process = subprocess.Popen(
            [
                binary,
                "serve-read-only",
                "--location",
                str(Path(folder.name) / "db"),
                "--bind",
                f"127.0.0.1:{inner}",
                "--timeout-s",
                str(timeout),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        server = Server(url, host, port, 0, process, folder)
        server.front = _front(host, port, f"http://127.0.0.1:{inner}", timeout)
        server.triples = _wait_ready(server, Path(folder.name) / "server.log", ready_within)
    except BaseException:
        if "server" in locals():
            server.stop()
        else:
            folder.cleanup()
        raise
    return server


def serve_forever(
    graph: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: int = DEFAULT_TIMEOUT,
    say=print,
) -> None:
    """Run the endpoint until Ctrl-C or SIGTERM, telling the user (through `say`) where and to whom it listens."""
    import signal

    server = start(graph, host, port, timeout)
    previous = signal.getsignal(signal.SIGTERM)
    if previous in (signal.SIG_DFL, None):  # a kill must still stop the server and delete its database
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        say(f"Serving {graph} ({server.triples:,} triples), read-only, at {server.url}")
        say(f"  query page: {server.url}   SPARQL endpoint: {server.endpoint}")
        if host in LOOPBACK:
            say(f"  bound to {host}: only this machine can connect (--host 0.0.0.0 to share it)")
        else:
            say(f"  bound to {host}: other machines on the network can query it")
        say("  UPDATE is refused. Ctrl-C stops the server.")
        while server.process.poll() is None:
            time.sleep(0.5)
        raise EndpointError(f"the Oxigraph server stopped by itself (exit code {server.process.returncode})")
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)
        server.stop()


def query_page() -> bytes:
    """kg's query page: a SPARQL box that knows kg's prefixes and offers the saved queries, offline."""
    from kg.rdf import vocabulary
    from kg.sparql.query import saved_queries

    saved = [{"name": q.name, "description": q.description, "text": q.text} for q in saved_queries().values()]
    data = json.dumps({"prefixes": vocabulary().prefixes, "saved": saved}, ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")  # inside <script>
    template = (Path(__file__).resolve().parents[1] / "viz" / "assets" / "query.html").read_text(
        encoding="utf-8"
    )
    return template.replace("/*KG-DATA*/", data).encode("utf-8")


def _front(host: str, port: int, oxigraph: str, timeout: int):
    """A threaded HTTP server on host:port: `/` is kg's query page, anything else goes to Oxigraph unchanged."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = query_page()

    class Front(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _pass(self) -> None:
            if self.command in ("GET", "HEAD") and self.path in ("/", "/index.html"):
                return self._answer(200, page, "text/html; charset=utf-8")
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
            request = urllib.request.Request(
                oxigraph + self.path, data=body, headers=headers, method=self.command
            )
            try:
                with urllib.request.urlopen(request, timeout=timeout + 5) as answer:
                    status, data, kind = answer.status, answer.read(), answer.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                status, data, kind = error.code, error.read(), error.headers.get("Content-Type", "text/plain")
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                status, data, kind = (
                    502,
                    f"the Oxigraph server did not answer: {error}".encode(),
                    "text/plain",
                )
            self._answer(status, data, kind or "application/octet-stream")

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _pass

        def log_message(self, format, *args) -> None:  # quiet: the terminal shows kg's banner only
            pass

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True

    front = Server((host, port), Front)
    threading.Thread(target=front.serve_forever, name="kg-serve-front", daemon=True).start()
    return front


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise EndpointError(
                f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port"
            ) from None


def _load(binary: str, graph: Path, location: Path) -> None:
    """`oxigraph load` the graph; InputError with Oxigraph's reason if it is not RDF."""
    from kg.sparql.graphfile import oxigraph_format

    extension = oxigraph_format(graph).file_extension
    done = subprocess.run(
        [binary, "load", "--location", str(location), "--file", str(graph), "--format", extension],
        check=False,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if "error" in line.lower()]
        reason = lines[0].split(f"{graph.name}: ", 1)[-1] if lines else "unknown error"
        raise InputError(
            f"{graph}: Oxigraph cannot load it ({reason}); the file may be truncated or not RDF — "
            "rebuild it with `kg build`"
        )


def _wait_ready(server: Server, log: Path, within: float) -> int:
    """Wait (at most `within` s) until the endpoint answers a COUNT query; its answer, the number of triples."""
    deadline = time.monotonic() + within
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            reason = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            raise EndpointError(
                f"the Oxigraph server did not start on {server.host}:{server.port}: "
                f"{reason[-1] if reason else 'no message'}"
            )
        request = urllib.request.Request(
            f"{server.endpoint}?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                answer = json.load(response)
            return int(answer["results"]["bindings"][0]["n"]["value"])
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise EndpointError(
        f"the Oxigraph server on {server.host}:{server.port} did not answer within {within:g} s"
    )
