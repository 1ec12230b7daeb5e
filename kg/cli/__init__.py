"""The `kg` command: parses options, calls the library, formats output. Nothing else lives here.

Heavy libraries (rdflib, jieba, pyvis, pandas) are imported inside the commands, so `kg --help` is fast.
"""

from kg.cli import outputs, questions  # noqa: F401 - they register the commands on the group
from kg.cli.app import cli, failure, main

__all__ = ["cli", "failure", "main"]
