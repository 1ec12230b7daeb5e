"""networkx analysis of the graph: who is central, what surrounds a ministry, how two things connect,
which tasks and programmes group together; and exports for Gephi (GraphML) and spreadsheets (CSV).

Everything takes the typed view of `kg.network.to_networkx` (node attributes label, kind, details,
evidence, document; edge attribute relation) and returns plain rows (dicts of strings and numbers) or
networkx graphs, so pandas, Gephi and the CLI can all use them.

>>> import networkx as nx
>>> net = nx.MultiDiGraph()
>>> net.add_node("m", label="交通运输部", kind="ministry")
>>> net.add_node("p", label="交通运输部部长", kind="post")
>>> net.add_node("o", label="李明", kind="official")
>>> net.add_edge("o", "p", relation="holds")
0
>>> net.add_edge("p", "m", relation="post in")
0
>>> [(row["label"], row["degree"], row["betweenness"]) for row in centrality(net)]
[('交通运输部', 1, 0.0), ('李明', 1, 0.0)]
>>> [(step["source"], step["relation"], step["target"]) for step in path(net, "李明", "交通运输部")]
[('李明', 'holds', '交通运输部部长'), ('交通运输部部长', 'post in', '交通运输部')]
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from itertools import pairwise
from pathlib import Path

from kg.errors import QueryError

# The person–post–organization subgraph, and the kinds ranked in it (posts only connect).
PEOPLE_AND_ORGANIZATIONS = ("official", "post", "ministry", "party group", "organization")
RANKED = ("official", "ministry", "party group", "organization")
ORGANIZATIONS = ("ministry", "party group", "organization")
TASKS = ("plan item", "programme")
NODE_COLUMNS = ("id", "label", "kind", "document", "evidence")
EDGE_COLUMNS = ("source", "target", "relation", "source_label", "target_label", "evidence")


def subgraph(net, kinds):
    """The nodes of `net` whose kind is in `kinds`, with the edges among them (a copy, still directed)."""
    return induced(net, [node for node, kind in net.nodes(data="kind") if kind in kinds])


def induced(net, nodes):
    """A copy of `net` restricted to `nodes`, in `net`'s own order (networkx's subgraph views iterate a set,
    whose order changes from run to run)."""
    kept = set(nodes)
    out = net.__class__()
    out.add_nodes_from((node, net.nodes[node]) for node in net if node in kept)
    if net.is_multigraph():
        out.add_edges_from(
            (u, v, key, data)
            for u, v, key, data in net.edges(keys=True, data=True)
            if u in kept and v in kept
        )
    else:
        out.add_edges_from((u, v, data) for u, v, data in net.edges(data=True) if u in kept and v in kept)
    return out


def find(net, label: str, kinds=None) -> str:
    """The node labelled `label` (exactly, else the one label that contains it), optionally of `kinds`."""
    nodes = [
        (node, data.get("label", ""))
        for node, data in net.nodes(data=True)
        if kinds is None or data.get("kind") in kinds
    ]
    for matches in ([n for n, text in nodes if text == label], [n for n, text in nodes if label in text]):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            shown = "、".join(sorted({net.nodes[n]["label"] for n in matches})[:5])
            raise QueryError(f"'{label}' names {len(matches)} nodes ({shown}); give the full label")
    close = difflib.get_close_matches(label, sorted({text for _, text in nodes}), n=3, cutoff=0.3)
    hint = (
        f"; did you mean {'、'.join(close)}?"
        if close
        else "; list the labels with kg query or the page's search"
    )
    raise QueryError(f"no node labelled '{label}'{hint}")


def centrality(net, kinds=PEOPLE_AND_ORGANIZATIONS, ranked=RANKED) -> list[dict]:
    """Officials and organizations ranked by betweenness (who links the others) over the person–post–
    organization subgraph, then by degree (posts held, or posts and bodies attached)."""
    import networkx as nx

    people = nx.Graph(subgraph(net, kinds))
    betweenness = nx.betweenness_centrality(people)
    rows = [
        {
            "label": data["label"],
            "kind": data["kind"],
            "degree": people.degree(node),
            "betweenness": round(betweenness[node], 4),
            "node": node,
        }
        for node, data in people.nodes(data=True)
        if data["kind"] in ranked
    ]
    return sorted(rows, key=lambda row: (-row["betweenness"], -row["degree"], row["label"], row["node"]))


def ego(net, centre: str, radius: int = 1, kinds=ORGANIZATIONS):
    """The neighbourhood of the node labelled `centre` within `radius` steps among `kinds` (directed copy)."""
    import networkx as nx

    among = subgraph(net, kinds)
    node = find(among, centre)
    around = nx.ego_graph(among.to_undirected(as_view=True), node, radius=radius)
    return induced(among, around.nodes)


def edge_rows(net) -> list[dict]:
    """One row per edge: source, relation, target (labels) and their kinds, in the graph's order."""
    return [
        {
            "source": net.nodes[u]["label"],
            "relation": data.get("relation", ""),
            "target": net.nodes[v]["label"],
            "source_kind": net.nodes[u]["kind"],
            "target_kind": net.nodes[v]["kind"],
        }
        for u, v, data in net.edges(data=True)
    ]


def path(net, source: str, target: str, avoid=()) -> list[dict]:
    """The shortest chain of edges (either direction) from the node labelled `source` to the one labelled
    `target`, skipping nodes of the kinds in `avoid`; each step in the edge's own direction."""
    import networkx as nx

    start, end = find(net, source), find(net, target)
    kept = [node for node, kind in net.nodes(data="kind") if kind not in avoid or node in (start, end)]
    undirected = (
        nx.Graph()
    )  # built in the graph's order (networkx's undirected views iterate sets): same path each run
    undirected.add_nodes_from(kept)
    undirected.add_edges_from(induced(net, kept).edges())
    try:
        nodes = nx.shortest_path(undirected, start, end)
    except nx.NetworkXNoPath:
        raise QueryError(f"no path links '{source}' and '{target}' in the graph") from None
    steps = []
    for a, b in pairwise(nodes):
        u, v = (a, b) if net.has_edge(a, b) else (b, a)
        relation = min(data["relation"] for data in net.get_edge_data(u, v).values())
        steps.append(
            {
                "source": net.nodes[u]["label"],
                "relation": relation,
                "target": net.nodes[v]["label"],
                "source_kind": net.nodes[u]["kind"],
                "target_kind": net.nodes[v]["kind"],
            }
        )
    return steps


def communities(net, kinds=TASKS) -> list[dict]:
    """Communities (greedy modularity) of the linked tasks and programmes: one row per member, the largest
    community first, numbered from 1."""
    import networkx as nx
    from networkx.algorithms.community import greedy_modularity_communities

    linked = nx.Graph(subgraph(net, kinds))
    linked.remove_nodes_from(list(nx.isolates(linked)))
    if not linked:
        return []
    order = {kind: i for i, kind in enumerate(kinds)}

    def members(group) -> list[tuple]:
        return sorted((order[linked.nodes[n]["kind"]], linked.nodes[n]["label"], n) for n in group)

    groups = sorted(
        (members(group) for group in greedy_modularity_communities(linked)),
        key=lambda group: (-len(group), group),
    )
    return [
        {"community": number, "label": label, "kind": kinds[kind], "node": node}
        for number, group in enumerate(groups, 1)
        for kind, label, node in group
    ]


# -- exports ------------------------------------------------------------------------------------------


def flat(attrs: dict) -> dict:
    """GraphML-safe attributes: None → '', `details` spread into detail_KEY columns, other containers as JSON."""
    out = {}
    for key, value in attrs.items():
        if key == "details" and isinstance(value, dict):
            out.update({f"detail_{k.replace(' ', '_')}": _scalar(v) for k, v in sorted(value.items())})
        else:
            out[key] = _scalar(value)
    return out


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def to_graphml(net) -> bytes:
    """The graph as GraphML bytes (Gephi, yEd, Cytoscape): flat attributes, one unique id per edge."""
    import networkx as nx

    plain = nx.MultiDiGraph()
    for node, attrs in net.nodes(data=True):
        plain.add_node(node, **flat(attrs))
    for number, (u, v, attrs) in enumerate(net.edges(data=True)):
        plain.add_edge(u, v, key=f"e{number}", **flat(attrs))
    buffer = io.BytesIO()
    nx.write_graphml_xml(plain, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_csv(net) -> dict[str, str]:
    """{'nodes.csv': …, 'edges.csv': …}: one row per node (id, label, kind, document, evidence, detail_*) and
    per edge (source, target, relation, labels, evidence); UTF-8 with a BOM so Excel shows the Chinese."""
    nodes = {node: flat(attrs) for node, attrs in net.nodes(data=True)}
    details = sorted({key for attrs in nodes.values() for key in attrs if key.startswith("detail_")})
    node_rows = [{"id": node, **attrs} for node, attrs in nodes.items()]
    edge_rows = [
        {
            "source": u,
            "target": v,
            "relation": attrs.get("relation", ""),
            "source_label": net.nodes[u].get("label", ""),
            "target_label": net.nodes[v].get("label", ""),
            "evidence": _scalar(attrs.get("evidence")),
        }
        for u, v, attrs in net.edges(data=True)
    ]
    return {
        "nodes.csv": _csv([*NODE_COLUMNS, *details], node_rows),
        "edges.csv": _csv(EDGE_COLUMNS, edge_rows),
    }


def _csv(columns, rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in columns} for row in rows)
    return "\ufeff" + out.getvalue()


def export(net, out: str | Path, fmt: str = "graphml") -> list[Path]:
    """Write `net` as GraphML to the file `out`, or as nodes.csv and edges.csv into the folder `out`."""
    from kg.errors import OutputError
    from kg.files import atomic_write, atomic_write_all

    out = Path(out)
    try:
        if fmt == "graphml":
            return [atomic_write(out, to_graphml(net))]
        if fmt == "csv":
            if out.exists() and not out.is_dir():
                raise OutputError(f"{out}: is a file; pass --out a folder for nodes.csv and edges.csv")
            return atomic_write_all({out / name: text for name, text in to_csv(net).items()})
    except OSError as exc:
        raise OutputError(
            f"{out}: cannot be written ({exc.strerror}); check the path and its permissions"
        ) from None
    raise QueryError(f"unknown export format '{fmt}'; formats: graphml, csv, ttl, trig, nt, nq, jsonld")


# -- text for the terminal ----------------------------------------------------------------------------


def table(columns: list[str], rows: list[list]) -> str:
    """Rows as an aligned text table; East Asian wide characters count two columns."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [[str(value) for value in row] for row in rows]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()
        for values in [columns, *cells]
    ]
    return "\n".join(lines) + "\n"


def format_ranking(rows: list[dict]) -> str:
    """`centrality` rows as a numbered table: rank, label, kind, degree, betweenness."""
    return table(
        ["rank", "label", "kind", "degree", "betweenness"],
        [
            [rank, row["label"], row["kind"], row["degree"], f"{row['betweenness']:.4f}"]
            for rank, row in enumerate(rows, 1)
        ],
    )


def format_path(steps: list[dict]) -> str:
    """`path` steps one per line, each edge in its own direction: 'SOURCE —relation→ TARGET'."""
    return "".join(f"{step['source']} —{step['relation']}→ {step['target']}\n" for step in steps)
