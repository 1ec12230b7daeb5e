"""`kg push`: load a graph file into a SPARQL 1.1 triple store (Fuseki, GraphDB, Virtuoso, Oxigraph …).

First the SPARQL 1.1 Graph Store HTTP Protocol: one PUT (`--replace`) or POST (merge) of N-Triples to
`ENDPOINT?graph=IRI` (or `?default`), which a store applies all or nothing. When the endpoint has no Graph
Store service (404, 405, 415, 501) it falls back to SPARQL 1.1 Update at the same URL (or the update
endpoint given): one `INSERT DATA` request when the graph is small, else chunks into a staging graph
that is then moved (or added) into the target in one operation, so a failure halfway never touches the
target and the report says what was written where. Blank nodes are replaced by stable skolem IRIs,
so pushing the same file twice leaves the store as it was after the first push.

>>> push("out/kg.ttl", "http://127.0.0.1:7878/store", graph_iri="https://example.org/kg")  # doctest: +SKIP
PushReport(triples=1234, graph='<https://example.org/kg>', method='Graph Store POST', ...)
"""

from __future__ import annotations

import base64
import hashlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EndpointError, InputError

DEFAULT_TIMEOUT = 60.0  # seconds to wait for the store's answer to one request
CHUNK_TRIPLES = 20_000  # triples per SPARQL Update request when the Graph Store protocol is missing
NOT_SUPPORTED = (404, 405, 415, 501)  # the URL has no Graph Store service: try SPARQL Update
GENID = "https://w3id.org/cn-gov-kg/.well-known/genid/"
UNSURE = "the store may have applied this last request, all or nothing: pushing again is safe"


@dataclass
class PushReport:
    """What was written: how many triples, into which graph, how."""

    triples: int
    graph: str  # "<IRI>" or "the default graph"
    method: (
        str  # "Graph Store PUT", "Graph Store POST", "SPARQL Update", "SPARQL Update (n chunks via staging)"
    )
    replaced: bool
    endpoint: str

    def __str__(self) -> str:
        action = "replaced" if self.replaced else "merged into"
        return f"pushed {self.triples:,} triples: {action} {self.graph} at {self.endpoint} ({self.method})"


def push(
    path: str | Path,
    endpoint: str,
    graph_iri: str | None = None,
    replace: bool = False,
    *,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    update_endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    chunk_triples: int = CHUNK_TRIPLES,
) -> PushReport:
    """Load the graph file at `path` into the store at `endpoint` (into `graph_iri`, else the default graph)."""
    lines = ntriples_lines(Path(path))
    headers = _auth_headers(user, password, token)
    graph = f"<{graph_iri}>" if graph_iri else "the default graph"
    body = "".join(lines).encode("utf-8")
    target = _with_query(endpoint, {"graph": graph_iri} if graph_iri else {"default": ""})
    status, text = _send(
        "PUT" if replace else "POST",
        target,
        body,
        "application/n-triples",
        headers,
        timeout,
        "nothing was written",
    )
    if 200 <= status < 300:
        return PushReport(len(lines), graph, f"Graph Store {'PUT' if replace else 'POST'}", replace, endpoint)
    if status not in NOT_SUPPORTED:
        raise _refused(endpoint, status, text, "nothing was written")
    update = update_endpoint or endpoint
    sparql = _Update(update, headers, timeout)
    if len(lines) <= chunk_triples:
        sparql.run((_clear(graph_iri) if replace else "") + _insert(lines, graph_iri), "nothing was written")
        return PushReport(len(lines), graph, "SPARQL Update", replace, update)
    return _push_staged(sparql, lines, graph_iri, replace, chunk_triples, graph)


def ntriples_lines(path: Path) -> list[str]:
    """The triples of the graph file as sorted N-Triples lines, blank nodes skolemized (stable across runs)."""
    import pyoxigraph

    from kg.sparql.graphfile import load_oxigraph

    store = load_oxigraph(path)
    if any(not isinstance(name, pyoxigraph.DefaultGraph) for name in store.named_graphs()):
        raise InputError(
            f"{path}: has named graphs; push takes a graph of triples (Turtle, N-Triples), "
            "one --graph-iri at a time"
        )
    quads = list(store)
    if any(isinstance(term, pyoxigraph.BlankNode) for quad in quads for term in (quad.subject, quad.object)):
        quads = _skolemized(quads)
    data = pyoxigraph.serialize([quad.triple for quad in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return sorted((data or b"").decode("utf-8").splitlines(keepends=True))


def _skolemized(quads: list) -> list:
    """Blank nodes replaced by IRIs named from the canonical form of the graph, so a second push adds nothing."""
    import pyoxigraph

    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    canonical = sorted(str(quad) for quad in dataset)
    stamp = hashlib.sha256("\n".join(canonical).encode("utf-8")).hexdigest()[:16]

    def skolem(term):
        return (
            pyoxigraph.NamedNode(f"{GENID}{stamp}-{term.value}")
            if isinstance(term, pyoxigraph.BlankNode)
            else term
        )

    return [pyoxigraph.Quad(skolem(q.subject), q.predicate, skolem(q.object)) for q in dataset]


# --- SPARQL Update ----------------------------------------------------------------------------------


def _clear(graph_iri: str | None) -> str:
    return f"DROP SILENT GRAPH <{graph_iri}> ;\n" if graph_iri else "DROP SILENT DEFAULT ;\n"


def _insert(lines: list[str], graph_iri: str | None) -> str:
    triples = "".join(lines)
    return (
        f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{triples}}} }}"
        if graph_iri
        else f"INSERT DATA {{\n{triples}}}"
    )


class _Update:
    """POSTs SPARQL Update requests to one endpoint; a refusal becomes an EndpointError saying what was written."""

    def __init__(self, url: str, headers: dict, timeout: float) -> None:
        self.url, self.headers, self.timeout = url, headers, timeout

    def run(self, update: str, written: str) -> None:
        status, text = _send(
            "POST",
            self.url,
            update.encode("utf-8"),
            "application/sparql-update",
            self.headers,
            self.timeout,
            written,
        )
        if not 200 <= status < 300:
            raise _refused(self.url, status, text, written)


def _push_staged(
    sparql: _Update, lines: list[str], graph_iri: str | None, replace: bool, size: int, graph: str
) -> PushReport:
    """Insert `lines` in chunks into a staging graph, then move (or add) it into the target in one operation."""
    staging = f"urn:kg:push:staging:{hashlib.sha256(''.join(lines).encode('utf-8')).hexdigest()[:16]}"
    chunks = [lines[start : start + size] for start in range(0, len(lines), size)]
    sparql.run(f"DROP SILENT GRAPH <{staging}>", f"{graph} was not touched")
    written = 0
    try:
        for number, chunk in enumerate(chunks, 1):
            sparql.run(
                _insert(chunk, staging),
                f"{graph} was not touched; {written:,} of {len(lines):,} triples "
                f"were in staging graph <{staging}> (chunk {number} of {len(chunks)} failed)",
            )
            written += len(chunk)
    except EndpointError as exc:
        try:
            sparql.run(f"DROP SILENT GRAPH <{staging}>", "")
            cleanup = "the staging graph was dropped"
        except EndpointError:
            cleanup = f"drop it with `DROP GRAPH <{staging}>`"
        raise EndpointError(f"{exc}; {cleanup}") from None
    into = f"<{graph_iri}>" if graph_iri else "DEFAULT"
    final = (
        f"MOVE <{staging}> TO {into}" if replace else f"ADD <{staging}> TO {into} ;\nDROP GRAPH <{staging}>"
    )
    sparql.run(final, f"{graph} was not touched; all {len(lines):,} triples are in staging graph <{staging}>")
    return PushReport(
        len(lines), graph, f"SPARQL Update ({len(chunks)} chunks via a staging graph)", replace, sparql.url
    )


# --- HTTP -------------------------------------------------------------------------------------------


def _auth_headers(user: str | None, password: str | None, token: str | None) -> dict:
    if token and user:
        raise EndpointError("pass either --user/--password or --token, not both")
    if token:
        return {"Authorization": f"Bearer {token}"}
    if user is not None or password is not None:
        if user is None or password is None:
            raise EndpointError("--user and --password go together")
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")}
    return {}


def _with_query(url: str, params: dict) -> str:
    query = "&".join(
        f"{key}={urllib.parse.quote(value, safe='')}" if value else key for key, value in params.items()
    )
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _send(
    method: str, url: str, body: bytes, content_type: str, headers: dict, timeout: float, written: str
) -> tuple[int, str]:
    """One HTTP request: (status, first line of the answer); EndpointError if the store is unreachable or silent."""
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": f"{content_type}; charset=utf-8", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(2000).decode("utf-8", "replace")
    except TimeoutError:
        raise EndpointError(
            f"{url} did not answer within {timeout:g} s; {written} before it; {UNSURE}"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise EndpointError(
                f"{url} did not answer within {timeout:g} s; {written} before it; {UNSURE}"
            ) from None
        reason = (
            exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
        )
        raise EndpointError(f"cannot reach {url} ({reason}); is the store running? {written}") from None
    except OSError as exc:  # the connection dropped while sending or reading
        raise EndpointError(
            f"{url} dropped the connection ({exc.__class__.__name__}); {written} before it; {UNSURE}"
        ) from None


def _refused(url: str, status: int, text: str, written: str) -> EndpointError:
    """A one-line EndpointError for an HTTP error status, with what to do."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")[:160]
    advice = {
        401: "pass --user/--password or --token",
        403: "the store refuses writes here (read-only, or these credentials may not write)",
        404: "no Graph Store or SPARQL Update service at this URL (Oxigraph: …/store, Fuseki: …/DATASET/data)",
    }.get(status, "see the store's log")
    return EndpointError(
        f"{url} refused the push (HTTP {status}{': ' + first if first else ''}); {written}; {advice}"
    )
