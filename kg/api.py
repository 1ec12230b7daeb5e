"""The Python API for notebooks: build or load a graph, ask it questions as pandas DataFrames, analyse it
with networkx, show it inline. `import kg` re-exports `from_files`, `from_text`, `load` and `KnowledgeGraph`.

>>> import kg
>>> report = kg.from_text(
...     "12月20日,全国交通运输工作会议在北京召开。交通运输部党组书记、部长李明出席会议并讲话。"
...     "会议由部党组成员、副部长王华主持。预计全年,全国快递业务量增长25%左右。",
...     title="全国交通运输工作会议召开", date="2018-12-20", doc_id="transport-2018")
>>> report  # doctest: +ELLIPSIS
<KnowledgeGraph: 1 document, 2 officials, 1 target, ... triples>
>>> officials = report.query("officials")
>>> list(officials.columns)
['person', 'post', 'organization', 'document', 'evidence']
>>> officials[["person", "post", "organization"]].values.tolist()
[['李明', '部长', '交通运输部'], ['李明', '党组书记', '交通运输部党组'], ['王华', '副部长', '交通运输部'], ['王华', '党组成员', '交通运输部党组']]
>>> report.query("officials", in_organization="交通运输部")["person"].tolist()
['李明', '王华']
>>> report.query("targets")[["metric", "change", "value", "unit", "qualifier", "status"]].to_dict("records")
[{'metric': '快递业务量', 'change': 'increase', 'value': '25', 'unit': '%', 'qualifier': 'approximately', 'status': 'estimated'}]
>>> report.query("SELECT (COUNT(*) AS ?people) WHERE { ?p a <https://schema.org/Person> }")["people"].tolist()
['2']
>>> net = report.networkx()
>>> sorted(data["label"] for _, data in net.nodes(data=True) if data["kind"] == "official")
['李明', '王华']
>>> report.central()[["label", "kind", "degree"]].head(3).values.tolist()
[['交通运输部', 'ministry', 4], ['交通运输部党组', 'party group', 3], ['李明', 'official', 2]]
>>> report.validate().conforms
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import InputError


class KnowledgeGraph:
    """A built or loaded graph (`.graph`, an rdflib Graph) with the questions an analyst asks of it."""

    def __init__(self, graph, source: str | Path | None = None) -> None:
        self.graph = graph
        self.source = str(source) if source is not None else None
        self._store: Any = None
        self._store_size = -1

    def __repr__(self) -> str:
        counts = self.counts()
        documents = counts.get("schema:Report", 0)
        parts = [_plural(documents, "document")]
        for name, cls in (
            ("official", "schema:Person"),
            ("target", "kg:Target"),
            ("programme", "kg:Programme"),
        ):
            if counts.get(cls):
                parts.append(_plural(counts[cls], name))
        return f"<KnowledgeGraph: {', '.join(parts)}, {len(self.graph)} triples>"

    def __len__(self) -> int:
        """The number of triples."""
        return len(self.graph)

    def counts(self) -> dict[str, int]:
        """Nodes per class, by prefixed class name (schema:Person, kg:Target …)."""
        from kg.sparql import query

        return query.stats(self._engine())["classes"]

    def _engine(self):
        """The SPARQL store of the graph (Oxigraph), rebuilt if the rdflib graph changed size since."""
        from kg.sparql import store

        if self._store is None or self._store_size != len(self.graph):
            self._store = store.Store(self.graph, engine="oxigraph")
            self._store_size = len(self.graph)
        return self._store

    def query(self, name_or_sparql: str, timeout: float | None = 60.0, **params):
        """A saved query's name (see `kg query --list`), a .rq file or SPARQL, with `params` bound
        (`year="2018"`); a DataFrame of plain strings for SELECT, a bool for ASK, an rdflib Graph for
        CONSTRUCT/DESCRIBE. A query running past `timeout` seconds is stopped (None: no limit)."""
        import pandas as pd

        from kg.sparql import query

        bindings = {name: str(value) for name, value in params.items()}
        result = query.run(_with_timeout(self._engine(), timeout), name_or_sparql, bindings)
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "graph":
            return result.graph
        rows = [[query.cell(term) for term in row] for row in result.rows]
        return pd.DataFrame(rows, columns=list(result.variables), dtype=str)

    def answers(self) -> dict[str, list[dict[str, str]]]:
        """The output contract's rows (officials, organizations, meetings, targets, plans, programmes, concepts)."""
        from kg.sparql import query

        return query.answers(self._engine())

    def networkx(self):
        """The typed networkx MultiDiGraph (node attributes label, kind, details, evidence, document;
        edge attribute relation): see `kg.network.to_networkx`."""
        from kg.network import to_networkx

        return to_networkx(self.graph)

    def central(self, top: int | None = None):
        """Officials and organizations ranked by betweenness, then degree, over the person–post–organization
        subgraph (`kg.network.analysis.centrality`), as a DataFrame."""
        import pandas as pd

        from kg.network import analysis

        rows = analysis.centrality(self.networkx())
        return pd.DataFrame(rows[:top], columns=["label", "kind", "degree", "betweenness", "node"])

    def show(
        self,
        focus: str | None = None,
        depth: int = 2,
        classes: Iterable[str] | None = None,
        height: int = 640,
    ):
        """The interactive page inline in Jupyter (optionally around the node labelled `focus`)."""
        from kg import viz

        shown = viz.view(self.graph, focus, depth, classes) if focus or classes else self.graph
        return viz.show(shown, height=height)

    def page(self) -> str:
        """The interactive page as one offline HTML document (what `kg build` writes to out/kg.html)."""
        from kg import viz

        return viz.page(self.graph)

    def validate(self):
        """The SHACL report (`.conforms`, `.violations`) of the graph against kg's shapes, with the faults of its
        evidence (`.evidence`; `.ok` when there are none of either)."""
        from kg.quality.evidence import check_store
        from kg.quality.validate import validate_graph
        from kg.sparql.terms import oxigraph_from_rdflib

        report = validate_graph(self.graph)
        report.evidence = check_store(oxigraph_from_rdflib(self.graph))
        return report

    def evaluate(self, gold: str | Path | dict):
        """Scores (precision, recall, F1 per part) of the graph's answers against a gold file or dict."""
        from kg.quality import evaluate, goldset

        if not isinstance(gold, dict):
            gold = goldset.load_gold(gold)
        return evaluate.score(gold, self.answers())

    def save(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the graph to `path` atomically, in the format its extension names (.ttl, .trig, .nt, .nq,
        .jsonld) or `fmt`; the same bytes for the same graph. `kg.load` reads each back.

        >>> from kg import from_text
        >>> from_text("部长李明出席会议。", doc_id="t").save("notes.docx")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        kg.errors.OutputError: notes.docx: the extension names no RDF format kg writes; end the file name in .ttl, ...
        """
        from kg.rdf import formats

        return formats.write(path, formats.dataset_of(self.graph), fmt)

    def export(self, path: str | Path, fmt: str = "graphml") -> list[Path]:
        """Write the networkx view as GraphML (a file) or nodes.csv + edges.csv (a folder): `kg.network.analysis.export`;
        or the RDF in `fmt` (ttl, trig, nt, nq, jsonld), as `save` does."""
        from kg.kinds import RdfFormat
        from kg.network import analysis

        if fmt in {*RdfFormat}:
            return [self.save(path, fmt)]
        return analysis.export(self.networkx(), path, fmt)


def from_files(paths: str | Path | Iterable[str | Path], encoding: str | None = None) -> KnowledgeGraph:
    """The graph of report files or folders (what `kg build` builds, without writing anything)."""
    import rdflib

    from kg.build import extract_paths
    from kg.corpus import build_graph

    sources = [paths] if isinstance(paths, (str, Path)) else list(paths)
    built = build_graph(extract_paths(sources, encoding))  # the merge decides who is who (kg.corpus.identity)
    return KnowledgeGraph(rdflib.Graph().parse(data="".join(built.turtle()), format="turtle"))


def from_text(
    text: str,
    title: str | None = None,
    date: str | None = None,
    publisher: str | None = None,
    doc_id: str = "text",
) -> KnowledgeGraph:
    """The graph of one report given as a string; `doc_id` (ASCII) names it in answer rows (schema:identifier; its IRI comes from the title and date, else the text)."""
    from kg.extract import extract
    from kg.rdf import to_graph
    from kg.read import read_text

    if not text.strip():
        raise InputError(f"{doc_id}: the text is empty; pass the report's text")
    return KnowledgeGraph(
        to_graph([extract(read_text(text, doc_id=doc_id, title=title, date=date, publisher=publisher))])
    )


def load(path: str | Path) -> KnowledgeGraph:
    """A graph file written by `kg build` or `.save` (Turtle, N-Triples, JSON-LD …; TriG and N-Quads as the
    union of their named graphs)."""
    from kg.rdf import to_graph
    from kg.sparql.graphfile import load_rdflib

    path = Path(path)
    # into a graph with kg's prefixes only: saving it again gives the same bytes
    return KnowledgeGraph(load_rdflib(path, into=to_graph([])), source=path)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _with_timeout(engine, timeout: float | None):
    """The same store with another time limit (None: run in this process, unguarded)."""
    import copy

    other = copy.copy(engine)
    other.timeout = timeout
    return other
