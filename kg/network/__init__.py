"""The network stage: the RDF graph as networkx (`graph`) and what is computed on it (`analysis`)."""

from kg.network.graph import KINDS, STATUS, node_kinds, to_networkx

__all__ = ["KINDS", "STATUS", "node_kinds", "to_networkx"]
