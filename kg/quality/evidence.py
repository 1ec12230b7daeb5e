"""Evidence integrity: SPARQL checks (kg/sparql/checks/*.rq) run on the in-process Oxigraph engine.

SHACL sees one node at a time; these checks compare a span with its report's text, its sentence and its
sources: about 7 s on a million triples where pyshacl takes 120 s (bench/validate_bench.py). Each check is a SELECT of ?node and
?message, its file's first comment lines saying what it catches.

>>> sorted(checks())
['anchor', 'bounds', 'outside-sentence', 'source', 'untyped']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.quality.validate import Violation

_LABEL = """
SELECT ?label WHERE {{
  {{ ?fact <https://w3id.org/cn-gov-kg/ontology#evidenceSpan> <{node}> .
     {{ ?fact <https://schema.org/name> ?label }} UNION {{ ?fact <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}
     BIND (1 AS ?rank) }}
  UNION {{ <{node}> <https://schema.org/name> ?label BIND (2 AS ?rank) }}
  UNION {{ <{node}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label BIND (2 AS ?rank) }}
  UNION {{ <{node}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?label BIND (3 AS ?rank) }}
}} ORDER BY ?rank STRLEN(STR(?label)) ?label LIMIT 1
"""


@lru_cache(maxsize=1)
def checks() -> dict[str, str]:
    """Check name (the file's stem) → its SPARQL, in name order."""
    from importlib.resources import files

    folder = files("kg.sparql") / "checks"
    found = {
        entry.name.removesuffix(".rq"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".rq")
    }
    return dict(sorted(found.items()))


def describe(name: str) -> str:
    """What the check `name` catches: the first paragraph of its file's comment."""
    lines = []
    for line in checks()[name].splitlines():
        if not line.startswith("#") or line.startswith("# columns:"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return " ".join(lines)


def check_store(store: Any) -> list[Violation]:
    """Every evidence fault of the pyoxigraph `store` (a dataset's graphs as one), one `Violation` per node and fault, sorted."""
    faults = set()
    for name, sparql in checks().items():
        for row in store.query(sparql, use_default_graph_as_union=True):
            node, message = row["node"], row["message"]
            label = _label(store, node.value) if hasattr(node, "value") else str(node)
            faults.add(
                Violation(
                    label=label,
                    path=f"[{name}]",
                    message=message.value,
                    focus=node.value,
                    severity="Violation",
                )
            )
    return sorted(faults)


def check_file(path: Any) -> tuple[int, list[Violation]]:
    """The number of triples of the graph file at `path` and its evidence faults (on the Oxigraph engine)."""
    from pathlib import Path

    from kg.sparql.engines import OxigraphEngine

    engine = OxigraphEngine.from_file(Path(path))
    return len(engine), check_store(engine.store)


def _label(store: Any, iri: str) -> str:
    """A readable name of the node: its name or label, a span's words (the fact's name), else its IRI's end."""
    for row in store.query(_LABEL.format(node=iri.replace(">", "%3E")), use_default_graph_as_union=True):
        return row["label"].value
    return iri.rstrip("/").rsplit("/", 1)[-1]
