"""kg's own exceptions. The library raises them; only the CLI turns them into `Error: …` and an exit code."""

from __future__ import annotations

from kg.status import ExitStatus


class KGError(Exception):
    """Base class: a problem the user can act on; the message says what was wrong and what to do."""

    exit_code: ExitStatus = ExitStatus.ERROR


class InputError(KGError):
    """A report, graph or query file that cannot be read as asked."""

    exit_code = ExitStatus.INPUT


class QueryError(KGError):
    """A SPARQL query that is malformed, unknown, or failed to run."""


class EndpointError(KGError):
    """A SPARQL endpoint that refused, failed or timed out."""


class ValidationError(KGError):
    """A graph that does not conform to the SHACL shapes."""


class OutputError(KGError):
    """An output file or folder that cannot be written."""
