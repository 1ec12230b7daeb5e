"""The commands that read a graph and answer: query, validate, stats, evaluate, central, path."""

from __future__ import annotations

import click

from kg.cli.app import cli, graph_argument, graph_option
from kg.status import ExitStatus


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

    from kg.quality import goldset
    from kg.quality.scores import format_report

    result = goldset.score_set(gold, corpus=corpus, graph=graph)
    if fmt == "json":
        figures = result.figures() if Path(gold).is_dir() else result.documents[0].figures()
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    elif Path(gold).is_dir():
        click.echo(goldset.format_set(result))
    else:
        click.echo(format_report(result.documents[0]))


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
