"""The RDF stage: facts → triples of the kg ontology → byte-stable Turtle and TriG.

`namespace` holds the ontology's terms, `builder` turns facts into triples, `triples` is the light triple
store and its Turtle writer. The stage's public names are re-exported here.
"""

from kg.rdf.builder import (
    SUMMARY_CLASSES,
    canonical,
    class_counts,
    post_label,
    slug,
    to_graph,
    to_triples,
    to_turtle,
    vocabulary,
)

__all__ = [
    "SUMMARY_CLASSES",
    "canonical",
    "class_counts",
    "post_label",
    "slug",
    "to_graph",
    "to_triples",
    "to_turtle",
    "vocabulary",
]
