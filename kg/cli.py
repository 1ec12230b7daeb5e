"""The `kg` command: parses options, calls the library, formats output. Nothing else lives here.

Heavy libraries (rdflib, jieba, pyvis, pandas) are imported inside the commands, so `kg --help` is fast.
"""

from __future__ import annotations

import sys

import click

from kg.errors import KGError


class KGGroup(click.Group):
    """The command group: turns kg's own errors into `Error: …` and their exit code (unless --traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if (ctx.obj or {}).get("traceback"):
                raise
            error = click.ClickException(str(exc))
            error.exit_code = exc.exit_code
            raise error from exc


class Terminated(BaseException):
    """SIGTERM (kill), raised in the main thread so that pending writes are cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Turn Chinese government reports into a knowledge graph: build it, query it, view it."""
    ctx.obj = {"traceback": traceback}


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for kg.ttl and kg.html.")
@click.option("--encoding", default=None, help="Force the reports' text encoding (e.g. gb18030); detected by default.")
def build(sources: tuple[str, ...], out: str, encoding: str | None) -> None:
    """Build the graph of report files or folders SOURCES into OUT/kg.ttl and OUT/kg.html.

    Example: kg build source --out out
    """
    from kg.build import build as run_build

    result = run_build(list(sources), out, encoding=encoding)
    click.echo(f"Built {len(result.documents)} document(s) into {out}/")
    for cls, count in sorted(result.counts.items()):
        click.echo(f"  {cls:<16} {count}")
    for path in result.written:
        click.echo(f"wrote {path}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


def _class_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """--classes a,b → ['a', 'b'], checked against the page's classes."""
    if value is None:
        return None
    from kg.viz import CLASSES

    classes = [c.strip() for c in value.split(",") if c.strip()]
    unknown = [c for c in classes if c not in CLASSES]
    if unknown or not classes:
        raise click.BadParameter(f"unknown class {', '.join(map(repr, unknown))}; classes: {', '.join(CLASSES)}")
    return classes


@cli.command()
@click.argument("graph", type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The HTML page to write.")
@click.option("--focus", default=None, help="Show only the neighbourhood of the node(s) with this label (e.g. a person).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0), help="Steps from --focus.")
@click.option("--classes", default=None, callback=_class_list,
              help="Comma-separated classes to show (e.g. official,post,ministry).")
def viz(graph: str, out: str, focus: str | None, depth: int, classes: list[str] | None) -> None:
    """Write the interactive page (offline HTML) of the graph file GRAPH to OUT.

    Example: kg viz out/kg.ttl --out miit.html --focus 工业和信息化部 --depth 1
    """
    from kg import store
    from kg import viz as pages
    from kg.files import atomic_write

    shown = pages.view(store.load(graph).graph, focus, depth, classes)
    atomic_write(out, pages.page_from_networkx(shown))
    click.echo(f"wrote {out} ({shown.number_of_nodes()} nodes, {shown.number_of_edges()} edges)")


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the CLI; errors become one line and an exit code, Ctrl-C exits 130, kill 143."""
    import signal

    args = argv if argv is not None else sys.argv[1:]
    show_traceback = "--traceback" in args
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(args=args, prog_name="kg", standalone_mode=False)
    except KGError as exc:
        if show_traceback:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("Terminated.", err=True)
        sys.exit(143)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        if show_traceback:
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc}; this is a bug in kg, rerun with "
                   "--traceback and report it", err=True)
        sys.exit(1)
    sys.exit(0)
