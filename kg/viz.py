"""PLACEHOLDER (to be replaced by the viz stage): RDF graph → interactive HTML page."""

from __future__ import annotations


def page(graph) -> str:
    return "<!doctype html><html><body>kg</body></html>"
