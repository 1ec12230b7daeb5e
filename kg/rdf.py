"""PLACEHOLDER (to be replaced by the RDF stage): facts → rdflib Graph."""

from __future__ import annotations

from collections import Counter


def to_graph(extractions):
    import rdflib

    return rdflib.Graph()


def to_turtle(graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def class_counts(graph) -> Counter:
    return Counter()
