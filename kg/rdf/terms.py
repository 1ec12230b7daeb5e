"""The ontology's terms as plain strings (what kg.rdf.triples holds), and the prefixes of kg's files."""

from __future__ import annotations

import types
from collections import Counter
from functools import lru_cache

from kg.rdf import triples

# Classes counted in the build summary, most specific first (a node is counted once).
SUMMARY_CLASSES = (
    ("kg", "Speech"),
    ("schema", "Event"),
    ("schema", "Person"),
    ("org", "Membership"),
    ("org", "Post"),
    ("org", "Organization"),
    ("kg", "Participation"),
    ("kg", "Target"),
    ("kg", "Indicator"),
    ("kg", "Plan"),
    ("kg", "PlanItem"),
    ("kg", "Programme"),
    ("kg", "Formulation"),
    ("schema", "Report"),
    ("nif", "Sentence"),
)


class _Plain:
    """An rdflib namespace whose terms are plain strings (kg.rdf.triples), still failing loudly on a typo."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        iri = (
            str(self._namespace[name])
            if not hasattr(self._namespace, "_fail")
            else str(getattr(self._namespace, name))
        )
        setattr(self, name, iri)  # asked once per name
        return iri

    __getitem__ = __getattr__


@lru_cache(maxsize=1)
def vocabulary() -> types.SimpleNamespace:
    """The namespaces the builder writes with, as plain strings, and the prefixes of kg's files."""
    import rdflib
    from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

    from kg.rdf import namespace as ns

    spaces = {"rdf": RDF, "rdfs": rdflib.RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS}
    return types.SimpleNamespace(
        RDF=_Plain(RDF),
        SKOS=_Plain(SKOS),
        XSD=_Plain(XSD),
        PROV=_Plain(PROV),
        DCTERMS=_Plain(DCTERMS),
        FOAF=_Plain(FOAF),
        KG=_Plain(ns.KG),
        SCHEMA=_Plain(ns.SCHEMA),
        NIF=_Plain(ns.NIF),
        ORG=_Plain(ns.ORG),
        QUDT=_Plain(ns.QUDT),
        UNIT=_Plain(ns.UNIT),
        SDMX_ATTRIBUTE=_Plain(ns.SDMX_ATTRIBUTE),
        SDMX_CODE=_Plain(ns.SDMX_CODE),
        ID=str(ns.DATA),
        prefixes={prefix: str(namespace) for prefix, namespace in {**ns.PREFIXES, **spaces}.items()},
    )


def class_counts(graph) -> Counter:
    """How many nodes of each main class `graph` (rdflib or kg.rdf.triples) has (each counted once, most specific class)."""
    v = vocabulary()
    spaces = {"kg": v.KG, "schema": v.SCHEMA, "org": v.ORG, "nif": v.NIF}
    classes = [(name, spaces[prefix][name]) for prefix, name in SUMMARY_CLASSES]
    counts: Counter = Counter()
    for predicates in triples.graph_of(graph).index.values():
        types = predicates.get(triples.RDF_TYPE)
        for name, cls in classes if types else ():
            if types is not None and cls in types:
                counts[name] += 1
                break
    return counts
