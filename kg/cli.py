"""The `kg` command: parses options, calls the library, formats output. Nothing else lives here.

Heavy libraries (rdflib, jieba, pyvis, pandas) are imported inside the commands, so `kg --help` is fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kg.errors import KGError
from kg.status import ExitStatus


def failure(exc: BaseException) -> tuple[ExitStatus, str]:
    """The exit status and the one line on stderr for an exception that ended a command."""
    from kg.process import Terminated

    if isinstance(exc, KGError):
        return exc.exit_code, f"Error: {exc}"
    if isinstance(exc, (KeyboardInterrupt, click.exceptions.Abort)):
        return ExitStatus.CTRL_C, "Interrupted."
    if isinstance(exc, BrokenPipeError):  # as `head` closing the pipe would with SIGPIPE, quietly
        return ExitStatus.PIPE_CLOSED, ""
    if isinstance(exc, Terminated):
        return ExitStatus.TERMINATED, "Terminated."
    return ExitStatus.ERROR, (
        f"Error: unexpected {type(exc).__name__}: {exc}; this is a bug in kg, rerun with "
        "--traceback and report it"
    )


class KGGroup(click.Group):
    """The command group: the one place where an error of a command becomes one line and an exit status
    (with --traceback, kg's own and unexpected errors are raised instead, with their traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, SystemExit):
            raise
        except BaseException as exc:  # every other ending of a command is translated here
            if (
                ctx.params.get("traceback")
                and isinstance(exc, Exception)
                and not isinstance(exc, click.exceptions.Abort)
            ):
                raise
            status, message = failure(exc)
            if message:
                click.echo(message, err=True)
            raise click.exceptions.Exit(status) from None


# -- options shared by several commands --------------------------------------------------------------

graph_argument = click.argument("graph", type=click.Path(dir_okay=False))  # the graph file a command reads
graph_option = click.option(
    "--graph",
    default="out/kg.ttl",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The graph file to query (Turtle, TriG, N-Triples, JSON-LD …).",
)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an error.")
def cli(traceback: bool) -> None:
    """Turn Chinese government reports into a knowledge graph: build it, query it, view it."""


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


@cli.command()
@click.argument("query", required=False)
@graph_option
@click.option(
    "--format",
    "fmt",
    default=None,
    type=click.Choice(["table", "csv", "tsv", "json", "ttl", "trig", "nt", "nq", "jsonld"]),
    help="table for reading, csv/tsv for spreadsheets, json for SPARQL 1.1 JSON results; CONSTRUCT and "
    "DESCRIBE in ttl (Turtle), nt, nq, trig or jsonld [default: from the extension of --output "
    "(.csv, .tsv, .json, .srj, .txt; .ttl, .nt, .jsonld …), else table, Turtle for a graph].",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME in the query to VALUE (a string, or an IRI if it starts with http); a name matches "
    "whatever its language tag, an organization also by its short name (工信部). Repeatable.",
)
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    help="List the saved queries, the question each answers and their parameters.",
)
@click.option(
    "--output",
    "-o",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the result to this file instead of printing it, in the format its extension names.",
)
@click.option(
    "--bom/--no-bom",
    default=None,
    help="Start CSV with a UTF-8 byte-order mark so Excel shows the Chinese "
    "[default: on when writing CSV with --output].",
)
@click.option(
    "--engine",
    default="oxigraph",
    show_default=True,
    type=click.Choice(["oxigraph", "rdflib"]),
    help="The in-process SPARQL engine.",
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0),
    help="Stop a query running longer than this many seconds (0: no limit).",
)
def query(
    query: str | None,
    graph: str,
    fmt: str | None,
    params: tuple[str, ...],
    list_queries: bool,
    output: str | None,
    bom: bool | None,
    engine: str,
    timeout: float,
) -> None:
    """Answer QUERY on the graph: a saved query's name, a .rq file or a SPARQL string.

    \b
    Examples:
      kg query --list
      kg query officials --graph out/kg.ttl
      kg query targets --output targets.csv
      kg query 'CONSTRUCT WHERE { ?s a <http://www.w3.org/ns/org#Post> }' --output posts.jsonld
      kg query reported --param ministry=工业和信息化部 --param year=2018
      kg query officials --param who=张三 --param in_organization=工信部
      kg query 'SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name }'
    """
    from kg.sparql import query as queries
    from kg.sparql import store

    if list_queries:
        click.echo(queries.catalogue(), nl=False)
        return
    if not query:
        raise click.UsageError("give a QUERY (a saved name, a .rq file or SPARQL) or --list")
    bindings = queries.parse_params(params)
    result = queries.run(store.load(graph, engine=engine, timeout=timeout or None), query, bindings)
    fmt = queries.output_format(result, fmt, output)
    text = queries.format_result(result, fmt)
    if fmt == "csv" and result.kind != "graph" and (bom if bom is not None else output is not None):
        text = queries.BOM + text
    if output:
        from kg.files import atomic_write

        atomic_write(output, text)
        rows = (
            f" ({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})"
            if result.kind == "select"
            else ""
        )
        click.echo(f"wrote {output}{rows}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@graph_argument
@click.option(
    "--no-shapes",
    is_flag=True,
    help="Run only the evidence checks (SPARQL, milliseconds), not the SHACL shapes (pyshacl, seconds).",
)
def validate(graph: str, no_shapes: bool) -> None:
    """Check the graph file GRAPH: its evidence (each span against its report's text, its sentence and its
    sources; untyped nodes) and kg's SHACL shapes; exit 1 if it has a violation or fault.

    Each line names the node (its Chinese label), the property or check, what is wrong and the node's IRI.

    Example: kg validate out/kg.ttl --no-shapes
    """
    from kg.quality import validate as shacl

    report = shacl.validate(graph, shapes=not no_shapes)
    click.echo(shacl.format_report(report, graph), nl=False)
    if not report.ok:
        raise click.exceptions.Exit(ExitStatus.ERROR)


@cli.command()
@graph_argument
def stats(graph: str) -> None:
    """Count the triples, documents and nodes of each class in the graph file GRAPH.

    Example: kg stats out/kg.ttl
    """
    from kg.sparql import query as queries
    from kg.sparql import store

    found = queries.stats(store.load(graph))
    click.echo(f"{graph}: {found['triples']} triples, {len(found['documents'])} document(s)")
    for document in found["documents"]:
        click.echo(f"  document  {document}")
    width = max((len(name) for name in found["classes"]), default=0)
    for name, count in found["classes"].items():
        click.echo(f"  {name:<{width}}  {count}")


@cli.command()
@click.argument("gold", type=click.Path())
@click.option(
    "--graph",
    default=None,
    type=click.Path(dir_okay=False),
    help="Score this built graph instead of building each report alone.",
)
@click.option(
    "--corpus",
    default=None,
    type=click.Path(file_okay=False),
    help="The folder of the reports [default: the gold folder's sibling corpus/].",
)
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "json"]),
    help="table: lines to read; json: every figure, per document and for the set.",
)
def evaluate(gold: str, graph: str | None, corpus: str | None, fmt: str) -> None:
    """Score kg against the gold answers in GOLD, a gold file or a folder of them (precision, recall, F1
    per part, per document and, for a folder, micro-averaged with the macro means of the project's scorer).

    Each report is found under --corpus by the gold file's `document` field or its stem, and read and
    extracted alone; with --graph, the graph's saved queries are scored instead (what `kg query` gives).

    \b
    Examples:
      kg evaluate tests/dev/gold
      kg evaluate tests/dev/gold --corpus tests/dev/corpus --format json
      kg evaluate tests/gold/miit-2018-work-conference.json --graph out/kg.ttl
    """
    import json
    from pathlib import Path

    from kg.quality import evaluate as scoring
    from kg.quality import goldset

    result = goldset.score_set(gold, corpus=corpus, graph=graph)
    if fmt == "json":
        figures = result.figures() if Path(gold).is_dir() else result.documents[0].figures()
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    elif Path(gold).is_dir():
        click.echo(goldset.format_set(result))
    else:
        click.echo(scoring.format_report(result.documents[0]))


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
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="How many to list.")
def central(graph: str, top: int) -> None:
    """Rank the officials and organizations of GRAPH by betweenness, then degree, over who holds which post where.

    Betweenness: how often one lies on the shortest links between the others (a person holding posts in
    two bodies ties them together); degree: posts held, or posts and bodies attached.

    Example: kg central out/kg.ttl --top 5
    """
    from kg import api
    from kg.network import analysis

    click.echo(analysis.format_ranking(analysis.centrality(api.load(graph).networkx())[:top]), nl=False)


@cli.command()
@graph_argument
@click.argument("source")
@click.argument("target")
@click.option("--avoid", default="", help="Comma-separated kinds to route around (e.g. document).")
def path(graph: str, source: str, target: str, avoid: str) -> None:
    """Show the shortest chain of relations linking the nodes labelled SOURCE and TARGET in GRAPH.

    A label may be given in part when only one node contains it.

    Example: kg path out/kg.ttl 工业和信息化部 智能制造工程
    """
    from kg import api
    from kg.network import analysis

    kinds = tuple(kind.strip() for kind in avoid.split(",") if kind.strip())
    click.echo(
        analysis.format_path(analysis.path(api.load(graph).networkx(), source, target, kinds)), nl=False
    )


def main(argv: list[str] | None = None) -> ExitStatus:
    """Entry point of `kg` and `python -m kg`: runs the CLI on `argv` (default: the command line) and returns
    its exit status, which the caller passes to `sys.exit`. Errors are one line; Ctrl-C gives 130, kill 143."""
    from kg import process

    process.raise_on_sigterm()
    try:
        code = cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except click.ClickException as exc:  # a wrong option or argument
        exc.show()
        code = exc.exit_code
    except (click.exceptions.Abort, KeyboardInterrupt, process.Terminated) as exc:  # before a command started
        code, message = failure(exc)
        click.echo(message, err=True)
    if argv is None:
        process.ignore_signals_at_exit()
    if code == ExitStatus.PIPE_CLOSED:  # what is left in stdout's buffer has no reader: drop it at exit
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    try:
        return ExitStatus(code or 0)
    except ValueError:
        return ExitStatus.ERROR
