"""The page a person opens: RDF graph → networkx view → pyvis → one offline HTML file (out/kg.html).

pyvis collects the nodes, edges and options and renders our template (kg/viz/assets/page.html), which
inlines vis-network from pyvis's own package, so the page makes no request. Text from reports reaches
the page only as JSON data (Jinja's `tojson` escapes <, >, & and ') and the page's script puts it in the
DOM as text nodes, never as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError
from kg.kinds import NODE_KINDS

ASSETS = Path(__file__).parent / "assets"

# kind (the networkx view's `kind`): Chinese name, colour, vis-network shape. The legend's order.
CLASSES: dict[str, tuple[str, str, str]] = {
    kind.value: (shown.label, shown.colour, shown.shape) for kind, shown in NODE_KINDS.items()
}
OTHER = ("其他", "#b0b0b0", "dot")

# relation (the view's edge `relation`) → the Chinese shown on the edge; unknown ones show as they are.
RELATIONS: dict[str, str] = {
    "holds": "担任",
    "post in": "职务属于",
    "party group of": "党组",
    "sub-organization of": "下属于",
    "chair": "主持",
    "speaker": "讲话人",
    "attendee": "出席",
    "item of": "属于",
    "programme of": "属于任务",
    "reported by": "来源",
    "administered by": "归口管理",
    "stationed at": "派驻",
    "speech": "讲话",
    "mentioned in": "见于",
}

# keys of a node's `details` → Chinese, for the tooltip.
FIELDS: dict[str, str] = {
    "value": "数值",
    "unit": "单位",
    "qualifier": "限定",
    "period": "时期",
    "status": "状态",
    "deadline": "期限",
    "change": "变化",
    "scope": "范围",
    "metric": "指标",
    "posts": "职务",
    "title": "职务名称",
    "organization": "机构",
    "date": "日期",
    "place": "地点",
    "ordinal": "序号",
    "year": "年份",
    "kind": "类型",
    "parent": "上级",
    "speaker": "讲话人",
    "chair": "主持",
    "plan": "部署",
    "person": "人员",
    "declared count": "条目数",
    "aliases": "别名",
    "publisher": "发布者",
}

# codes of the output contract → Chinese, shown as "左右 (approximately)" in tooltips.
CODES: dict[str, str] = {
    "approximately": "左右",
    "more-than": "超过",
    "at-least": "至少",
    "at-most": "至多",
    "aim": "力争",
    "increase": "增长",
    "decrease": "下降",
    "level": "达到",
    "count": "数量",
    "estimated": "预计",
    "achieved": "完成",
    "planned": "目标",
    "review": "总结",
    "plan": "部署",
}

LARGE = 1500  # nodes: past this, straight edges, no edge labels, plain dots
EDGES_SCALE = (
    0.15  # a page of more than LARGE nodes draws no edges below this zoom (they cost most of a redraw)
)
FONT = (
    "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif"
)


# A page draws at most this many nodes: its layout is computed before it is written and physics is off, so 10,000
# nodes draw in about 2 s (bench/viz_bench.py); past it a page is too large to read. The kinds that matter most to
# a reader come first, and the page says what it left out.
PAGE_LIMIT = 10000
SHOWN_FIRST = (
    "ministry",
    "party group",
    "organization",
    "official",
    "post",
    "meeting",
    "document",
    "programme",
    "concept",
    "plan",
    "speech",
    "plan item",
    "target",
)


def page(
    graph,
    focus: str | None = None,
    depth: int = 2,
    classes: Iterable[str] | None = None,
    limit: int | None = PAGE_LIMIT,
) -> str:
    """The HTML page of a graph (rdflib or kg.rdf.triples), optionally the neighbourhood of `focus`, only `classes`,
    at most `limit` nodes."""
    return page_from_networkx(view(graph, focus, depth, classes, limit))


def view(
    graph,
    focus: str | None = None,
    depth: int = 2,
    classes: Iterable[str] | None = None,
    limit: int | None = PAGE_LIMIT,
):
    """The networkx view of a graph, cut to a neighbourhood, to some classes and to `limit` nodes (the kinds of
    SHOWN_FIRST first; the view's graph attribute `total` counts the nodes before that cut)."""
    from kg.network import node_kinds, to_networkx
    from kg.rdf.triples import graph_of

    graph = graph_of(graph)
    if focus is not None:  # a neighbourhood needs the whole view to search in
        shown = select(to_networkx(graph), focus, depth, classes)
        kinds = {node: data["kind"] for node, data in shown.nodes(data=True)}
        kept = set(_first(kinds, limit)) | set(shown.graph["focus"])
        cut = shown.subgraph(sorted(kept)).copy() if len(kept) < len(kinds) else shown
        cut.graph.update(shown.graph)
    else:
        kinds = node_kinds(graph)
        if classes is not None:
            wanted = _known(classes)
            kinds = {node: kind for node, kind in kinds.items() if kind in wanted}
        first = _first(kinds, limit)
        cut = to_networkx(graph, {node: kinds[node] for node in sorted(first)})
        cut.graph["focus"] = []
    cut.graph["total"] = len(kinds)
    from kg.viz.sources import enrich

    enrich(cut, graph)
    return cut


def _first(kinds: dict[str, str], limit: int | None) -> list[str]:
    """At most `limit` of the nodes `kinds` (node → kind): whole kinds in the order of SHOWN_FIRST, then as many
    of the next kind as fit, in node order."""
    rank = {kind: index for index, kind in enumerate(SHOWN_FIRST)}
    ordered = sorted(kinds, key=lambda node: (rank.get(kinds[node], len(rank)), node))
    return ordered if limit is None else ordered[:limit]


def _known(classes: Iterable[str]) -> set[str]:
    """The classes asked for; InputError naming those that are not classes of the page."""
    wanted = set(classes)
    unknown = sorted(wanted - set(CLASSES))
    if unknown:
        raise InputError(f"unknown class {', '.join(map(repr, unknown))}; classes: {', '.join(CLASSES)}")
    return wanted


def select(nxgraph, focus: str | None = None, depth: int = 2, classes: Iterable[str] | None = None):
    """The part of a networkx view to show: within `depth` steps of the nodes labelled `focus`, of `classes`."""
    keep = set(nxgraph.nodes)
    centres: set[str] = set()
    if focus is not None:
        centres = _nodes_labelled(nxgraph, focus)
        undirected = nxgraph.to_undirected(as_view=True)
        keep = set()
        for centre in sorted(centres):
            keep |= set(_within(undirected, centre, depth))
    if classes is not None:
        wanted = _known(classes)
        keep = {n for n in keep if nxgraph.nodes[n].get("kind") in wanted or n in centres}
    shown = nxgraph.subgraph(keep).copy()
    shown.graph["focus"] = sorted(centres)  # the page selects and centres these once it has settled
    return shown


def _within(undirected, centre: str, depth: int) -> dict:
    import networkx as nx

    return nx.single_source_shortest_path_length(undirected, centre, cutoff=depth)


def _nodes_labelled(nxgraph, focus: str) -> set[str]:
    """Nodes whose label is `focus`, else whose label contains it; InputError if none."""
    labels = {n: str(d.get("label") or "") for n, d in nxgraph.nodes(data=True)}
    exact = {n for n, label in labels.items() if label == focus}
    found = exact or {n for n, label in labels.items() if focus and focus in label}
    if not found:
        people = sorted(label for n, label in labels.items() if nxgraph.nodes[n].get("kind") == "official")
        hint = f"; officials in it: {'、'.join(people[:12])}" if people else ""
        raise InputError(f"no node labelled {focus!r} in the graph{hint}")
    return found


def page_from_networkx(nxgraph, heading: str | None = None) -> str:
    """The offline HTML page of a networkx view (the contract of kg.network.to_networkx).

    >>> import networkx as nx
    >>> view = nx.MultiDiGraph()
    >>> view.add_node("https://example.org/p1", label="王五<b>", kind="official", details={"posts": "部长"})
    >>> html = page_from_networkx(view)
    >>> "王五<b>" in html, "王五" in html, "<title>知识图谱</title>" in html
    (False, True, True)
    """
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    from kg.viz.layout import positions
    from kg.viz.records import aliases_of, legend, node_record, pinyin

    heading = heading if heading is not None else _heading(nxgraph)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=heading)
    pyvis_templates = Path(net.template_dir)
    net.templateEnv = Environment(
        loader=FileSystemLoader([str(ASSETS), str(pyvis_templates)]), autoescape=True
    )
    net.templateEnv.policies["json.dumps_kwargs"] = {
        "sort_keys": True,
        "ensure_ascii": False,
    }  # <>&' still escaped
    net.path = "page.html"
    ordered = sorted(nxgraph.nodes(data=True), key=lambda item: str(item[0]))
    large = len(ordered) > LARGE
    spots = positions(nxgraph)
    labels = [str(attrs.get("label") or "") for _, attrs in ordered]
    initials = pinyin(labels)
    for (node, attrs), py in zip(ordered, initials):  # net.add_node checks a list per node: O(n²)
        record = node_record(
            nxgraph, node, attrs, py, aliases_of(attrs, str(attrs.get("label") or "")), large
        )
        record["x"], record["y"] = spots[node]
        net.nodes.append(record)
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    edges = sorted((str(u), str(v), str(d.get("relation") or "")) for u, v, d in nxgraph.edges(data=True))
    for source, target, relation in edges:
        edge = {"from": source, "to": target, "relation": relation, "name": RELATIONS.get(relation, relation)}
        if (
            not large
        ):  # thousands of edge labels cost seconds to lay out and cannot be read; tooltips keep them
            edge["label"] = edge["name"]
        net.edges.append(edge)
    net.options = _options(len(net.nodes))
    total = nxgraph.graph.get("total", len(net.nodes))
    net.templateEnv.globals.update(
        cut=f"显示 {len(net.nodes):,} / {total:,} 个节点（按类别先后截取）；其余可用 kg viz --focus 名称 或 --classes 类别 查看。"
        if total > len(net.nodes)
        else "",
        focus=[str(n) for n in nxgraph.graph.get("focus", []) if n in nxgraph],
        edges_zoom={"nodes": LARGE, "scale": EDGES_SCALE},
        legend=legend(),
        fields=FIELDS,
        codes=CODES,
        page_css=Markup((ASSETS / "page.css").read_text(encoding="utf-8")),
        page_js=Markup("\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)),
    )
    return net.generate_html()


SCRIPTS = ("page.js", "panel.js")  # the page's scripts, inlined in this order


def _heading(nxgraph) -> str:
    """The page's title: the report's title (its headline if it has no title), or how many reports the graph holds."""
    titles = sorted(
        {str(d.get("label") or "") for _, d in nxgraph.nodes(data=True) if d.get("kind") == "document"}
    )
    if len(titles) == 1:
        return f"知识图谱 · {titles[0]}"
    return f"知识图谱 · {len(titles)} 份报告" if titles else "知识图谱"


def _options(count: int) -> dict:
    """vis-network options: positions come with the nodes, so physics is off (the page's button turns it on)."""
    large = count > LARGE
    return {
        "autoResize": True,
        "layout": {"randomSeed": 20181227, "improvedLayout": False},
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -3500,
                "centralGravity": 0.6,
                "springLength": 90,
                "springConstant": 0.04,
                "damping": 0.3,
                "avoidOverlap": 0 if large else 0.5,
                "theta": 0.9 if large else 0.5,
            },
            "minVelocity": 1.5,
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        # past LARGE only targets keep a border (their status): a stroke per dot doubles what a redraw draws
        "nodes": {"size": 14, "font": {"size": 14, "face": FONT}, "borderWidth": 0 if large else 1},
        "edges": {
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}},
            "color": {"color": "#a0a8b0", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "face": FONT, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1,
            "hidden": large,  # drawn once zoomed in past EDGES_SCALE (page.js)
        },
    }


class NotebookPage:
    """The page as Jupyter shows it: an iframe whose srcdoc holds the whole page, escaped."""

    def __init__(self, html: str, height: int = 640) -> None:
        self.html = html
        self.height = int(height)

    def _repr_html_(self) -> str:
        import html

        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>'
        )


def show(graph, height: int = 640) -> NotebookPage:
    """The page of an rdflib graph or a networkx view, displayed inline when it ends a notebook cell."""
    import networkx as nx

    return NotebookPage(page_from_networkx(graph) if isinstance(graph, nx.Graph) else page(graph), height)
