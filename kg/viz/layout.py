"""Where each node of the page stands, computed before the page is written (networkx's spring layout, seeded), so the
browser draws at once with physics off.

A small graph is laid out whole. A large one in two levels: each report's nodes (a node belongs to the report of
its `document`) are laid out together, and the reports are placed by a layout of the graph of reports (two are
linked by the edges between their nodes). Same view → same positions, rounded to 0.1.

>>> import networkx as nx
>>> view = nx.MultiDiGraph([("a", "b"), ("b", "c")])
>>> spots = positions(view)
>>> sorted(spots) == ["a", "b", "c"] and spots == positions(view)
True
"""

from __future__ import annotations

import math

SEED = 20181227
SPREAD = (
    2.5  # the spring layout's ideal distance, in units of its default 1/sqrt(n): leaves of a hub spread out
)
LEAF_GAP = 60.0  # canvas units from a hub to its first leaf; the spiral's step
WHOLE = 600  # nodes: up to this many, one layout of the whole graph
SPACING = 150.0  # canvas units per node: a patch of n nodes has radius SPACING * sqrt(n) / 2


def positions(view) -> dict[str, tuple[float, float]]:
    """Node → (x, y) on the canvas for a networkx view (deterministic)."""
    if view.number_of_nodes() <= WHOLE:
        return _packed(view)
    groups: dict[str, list[str]] = {}
    for node, data in view.nodes(data=True):
        groups.setdefault(str(data.get("document") or ""), []).append(str(node))
    names = sorted(groups, key=lambda name: (-len(groups[name]), name))
    home = {node: index for index, name in enumerate(names) for node in groups[name]}
    import networkx as nx

    reports = nx.Graph()
    reports.add_nodes_from(range(len(names)))
    for u, v in view.edges():
        a, b = home[str(u)], home[str(v)]
        if a != b:
            weight = reports.get_edge_data(a, b, {"weight": 0})["weight"]
            reports.add_edge(a, b, weight=weight + 1)
    radius = [SPACING * math.sqrt(len(groups[name])) / 2 for name in names]
    centres = (
        nx.spring_layout(reports, seed=SEED, iterations=100, weight=None)
        if len(names) > 1
        else {0: (0.0, 0.0)}
    )
    # spread the reports so that neighbouring patches barely touch: the median patch gets about its width of room
    gaps = (
        [min(math.dist(centres[i], centres[j]) for j in centres if j != i) for i in centres]
        if len(names) > 1
        else [1]
    )
    scale = 2.2 * sorted(radius)[len(radius) // 2] / max(sorted(gaps)[len(gaps) // 2], 1e-6)
    spots: dict[str, tuple[float, float]] = {}
    for index, name in enumerate(names):
        cx, cy = centres[index][0] * scale, centres[index][1] * scale
        for node, (x, y) in _spring(view, sorted(groups[name])).items():
            spots[node] = (cx + x, cy + y)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in spots.items()}


def _spring(view, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """A part laid out in canvas units round (0, 0): networkx's spring layout (seeded) of its inner nodes, and each
    leaf (one neighbour) on an even spiral round its neighbour, so a hub's many leaves do not pile up."""
    import networkx as nx

    part = nx.Graph()
    part.add_nodes_from(nodes)
    part.add_edges_from(sorted((str(u), str(v)) for u, v in view.subgraph(nodes).edges() if u != v))
    leaves = {
        n: next(iter(part[n])) for n in nodes if part.degree(n) == 1 and part.degree(next(iter(part[n]))) > 1
    }
    inner = [n for n in nodes if n not in leaves]
    radius = SPACING * math.sqrt(len(inner)) / 2
    if len(inner) == 1:
        spots = {inner[0]: (0.0, 0.0)}
    else:
        core = nx.Graph()  # not part.subgraph(inner): a subgraph view lists its nodes in the order of a set
        core.add_nodes_from(inner)
        core.add_edges_from((u, v) for u, v in part.edges() if u not in leaves and v not in leaves)
        laid = nx.spring_layout(core, k=SPREAD / math.sqrt(len(inner)), seed=SEED, iterations=80)
        spots = {n: (float(x) * radius, float(y) * radius) for n, (x, y) in laid.items()}
    placed: dict[str, int] = {}
    for leaf in nodes:
        if leaf in leaves:
            hub = leaves[leaf]
            i = placed[hub] = placed.get(hub, -1) + 1
            r, angle = LEAF_GAP * (1 + math.sqrt(i)), i * 2.39996  # the golden angle: an even spiral
            hx, hy = spots[hub]
            spots[leaf] = (hx + r * math.cos(angle), hy + r * math.sin(angle))
    return spots


def _packed(view) -> dict[str, tuple[float, float]]:
    """Each connected part laid out alone, the largest first, the others on rows below it (a lone node is not
    pushed to the edge of the picture by the layout of the rest)."""
    import networkx as nx

    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(map(str, view.nodes)))
    undirected.add_edges_from((str(u), str(v)) for u, v in view.edges())
    parts = sorted(
        (sorted(part) for part in nx.connected_components(undirected)), key=lambda p: (-len(p), p[0])
    )
    radius = [SPACING * max(math.sqrt(len(part)), 1) / 2 for part in parts]
    width = max(2 * radius[0], 1.2 * math.sqrt(sum((2 * r) ** 2 for r in radius))) if parts else 0
    spots: dict[str, tuple[float, float]] = {}
    x, y, row = -width / 2, 0.0, 0.0
    for index, (part, r) in enumerate(zip(parts, radius)):
        if index == 0:
            cx, cy, y = 0.0, 0.0, r + SPACING / 2
        else:
            if x + 2 * r > width / 2 and x > -width / 2:
                x, y, row = -width / 2, y + row, 0.0
            cx, cy = x + r, y + r
            x, row = x + 2 * r, max(row, 2 * r)
        for node, (px, py) in _spring(view, part).items():
            spots[node] = (round(float(cx + px), 1), round(float(cy + py), 1))
    return spots
