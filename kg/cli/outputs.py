"""The commands that build the graph and write or publish it: build, viz, export, serve, push."""

from __future__ import annotations

import sys
from typing import Any

import click

from kg.cli.app import cli, graph_argument


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option(
    "--out",
    "out",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for kg.ttl and kg.html.",
)
@click.option(
    "--encoding", default=None, help="Force the reports' text encoding (e.g. gb18030); detected by default."
)
@click.option(
    "--jobs",
    "-j",
    default=None,
    type=click.IntRange(1),
    help="Processes extracting reports [default: all cores for a large corpus, else 1].",
)
@click.option("--no-cache", is_flag=True, help="Extract every report again instead of reusing OUT/.cache.")
def build(sources: tuple[str, ...], out: str, encoding: str | None, jobs: int | None, no_cache: bool) -> None:
    """Build the graph of report files or folders SOURCES into OUT/kg.ttl, OUT/kg.trig (a named graph per
    report) and OUT/kg.html. Unchanged reports are not extracted again (OUT/.cache).

    Reads .txt/.md (UTF-8, UTF-16, GB18030/GBK or Big5, detected), .html pages saved from a browser and
    Word .docx, up to 10 MB each. If any report cannot be read, nothing is written; Ctrl-C leaves OUT as
    it was.

    Example: kg build source --out out
    """
    from kg.build import build as run_build

    with _ProgressBar("Extracting") as progress:
        result = run_build(
            list(sources), out, encoding=encoding, jobs=jobs, cache=not no_cache, progress=progress
        )
    click.echo(f"Built {len(result.documents)} document(s) into {out}/")
    for cls, count in sorted(result.counts.items()):
        click.echo(f"  {cls:<16} {count}")
    for path in result.written:
        click.echo(f"wrote {path}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


class _ProgressBar:
    """A progress callback (done, total) drawing a bar on stderr, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __enter__(self):
        return self if sys.stderr.isatty() else None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
        self.bar.update(done - self.bar.pos)
        if done >= total:
            self.bar.render_finish()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None and self.bar.pos < self.bar.length:
            self.bar.render_finish()


def _class_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """--classes a,b → ['a', 'b'], checked against the page's classes."""
    if value is None:
        return None
    from kg.viz import CLASSES

    classes = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in classes if c not in CLASSES]
    if unknown or not classes:
        wrong = f"unknown class {', '.join(map(repr, unknown))}" if unknown else "no class given"
        raise click.BadParameter(f"{wrong}; classes: {', '.join(CLASSES)}")
    return classes


@cli.command()
@graph_argument
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The HTML page to write.")
@click.option(
    "--focus",
    default=None,
    help="Show only the neighbourhood of the node(s) with this label (e.g. a person).",
)
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0), help="Steps from --focus.")
@click.option(
    "--classes",
    default=None,
    callback=_class_list,
    help="Comma-separated classes to show (e.g. official,post,ministry).",
)
@click.option(
    "--limit",
    default=10000,
    show_default=True,  # kg.viz.PAGE_LIMIT (not imported: --help stays fast)
    type=click.IntRange(1),
    help="At most this many nodes: ministries, organizations, officials and posts first.",
)
def viz(graph: str, out: str, focus: str | None, depth: int, classes: list[str] | None, limit: int) -> None:
    """Write the interactive page (offline HTML) of the graph file GRAPH to OUT.

    Example: kg viz out/kg.ttl --out miit.html --focus 工业和信息化部 --depth 1
    """
    from kg import viz as pages
    from kg.files import atomic_write
    from kg.sparql import store

    shown = pages.view(store.load(graph).triples(), focus, depth, classes, limit)
    atomic_write(out, pages.page_from_networkx(shown))
    total = shown.graph["total"]
    of = f" of {total}; pass --limit to show more" if total > shown.number_of_nodes() else ""
    click.echo(f"wrote {out} ({shown.number_of_nodes()} nodes{of}, {shown.number_of_edges()} edges)")


@cli.command()
@graph_argument
@click.option(
    "--format",
    "fmt",
    default=None,
    type=click.Choice(["graphml", "csv", "ttl", "trig", "nt", "nq", "jsonld"]),
    help="graphml: one file for Gephi, yEd, Cytoscape; csv: nodes.csv and edges.csv in a folder; ttl, trig, "
    "nt, nq, jsonld: the RDF (TriG, N-Quads and JSON-LD keep a TriG file's named graphs) "
    "[default: from OUT's extension, else graphml].",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(),
    help="The file to write, or the folder for the CSV files.",
)
def export(graph: str, fmt: str | None, out: str) -> None:
    """Export the graph file GRAPH as RDF (Turtle, TriG, N-Triples, N-Quads, JSON-LD), or as networkx sees it
    (labels, kinds, relations, evidence) for Gephi or Excel.

    \b
    Examples:
      kg export out/kg.trig --format nq --out out/kg.nq
      kg export out/kg.ttl --out out/kg.jsonld
      kg export out/kg.ttl --format graphml --out out/kg.graphml
      kg export out/kg.ttl --format csv --out out/csv
    """
    from kg.rdf import formats

    fmt = fmt or formats.format_of(out) or "graphml"
    if fmt in {*formats.RdfFormat}:
        click.echo(f"wrote {out} ({formats.convert(graph, out, fmt)})")
        return
    from kg import api

    knowledge = api.load(graph)
    net = knowledge.networkx()
    written = knowledge.export(out, fmt)
    counts = {"nodes.csv": f"{net.number_of_nodes()} nodes", "edges.csv": f"{net.number_of_edges()} edges"}
    for path in written:
        size = counts.get(path.name, f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges")
        click.echo(f"wrote {path} ({size})")


@cli.command()
@graph_argument
@click.option(
    "--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one)."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 lets other machines query it.",
)
@click.option(
    "--timeout", default=60, show_default=True, type=click.IntRange(1), help="Seconds a query may run."
)
def serve(graph: str, port: int, host: str, timeout: int) -> None:
    """Serve GRAPH read-only as a SPARQL 1.1 endpoint (Oxigraph's server) with kg's query page: its prefixes and the saved queries.

    Example: kg serve out/kg.ttl --port 7878, then open http://127.0.0.1:7878/
    """
    from kg.remote.serve import serve_forever

    serve_forever(graph, host, port, timeout, say=lambda line: click.echo(line))


@cli.command()
@graph_argument
@click.option(
    "--endpoint",
    required=True,
    help="The store's Graph Store URL (Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data).",
)
@click.option("--graph-iri", default=None, help="Named graph to load into; the default graph if omitted.")
@click.option("--replace", is_flag=True, help="Replace the graph's contents instead of adding to them.")
@click.option("--user", default=None, help="User name for HTTP basic authentication.")
@click.option(
    "--password",
    default=None,
    envvar="KG_PASSWORD",
    help="Password for HTTP basic authentication (or the KG_PASSWORD environment variable).",
)
@click.option(
    "--token",
    default=None,
    envvar="KG_TOKEN",
    help="Bearer token for authentication (or the KG_TOKEN environment variable).",
)
@click.option(
    "--update-endpoint",
    default=None,
    help="SPARQL Update URL, used when the store has no Graph Store protocol (default: --endpoint).",
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for each answer of the store.",
)
def push(
    graph: str,
    endpoint: str,
    graph_iri: str | None,
    replace: bool,
    user: str | None,
    password: str | None,
    token: str | None,
    update_endpoint: str | None,
    timeout: float,
) -> None:
    """Load GRAPH into a SPARQL 1.1 triple store (Graph Store protocol, else SPARQL Update).

    Pushing the same graph twice leaves the store as after the first push.

    Example: kg push out/kg.ttl --endpoint http://127.0.0.1:7878/store --graph-iri https://example.org/kg --replace
    """
    from kg.remote.push import push as run_push

    report = run_push(
        graph,
        endpoint,
        graph_iri,
        replace,
        user=user,
        password=password,
        token=token,
        update_endpoint=update_endpoint,
        timeout=timeout,
    )
    click.echo(str(report))
