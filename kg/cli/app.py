"""The `kg` command group, its options shared by several commands, and the one path from an error to an exit
status. The commands are in `outputs.py` (build, viz, export, serve, push) and `questions.py` (query, validate,
stats, evaluate, central, path).

Heavy libraries (rdflib, jieba, pyvis, pandas) are imported inside the commands, so `kg --help` is fast.
"""

from __future__ import annotations

import sys

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
