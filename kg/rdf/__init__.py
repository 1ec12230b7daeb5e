"""The RDF stage: facts → triples of the kg ontology → byte-stable Turtle and TriG.

`namespace` holds the ontology's terms, `builder` turns facts into triples (on the report, evidence and entity
nodes of `nodes`), `triples` is the light triple store and its Turtle writer. The stage's public names are
re-exported here.
"""

from kg.rdf.builder import post_label, to_graph, to_triples, to_turtle
from kg.rdf.iris import canonical, slug
from kg.rdf.terms import SUMMARY_CLASSES, class_counts, vocabulary

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
