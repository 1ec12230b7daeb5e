"""The page a person opens (out/kg.html), driven in headless Chromium with all outside network blocked."""

from __future__ import annotations

import itertools
import math
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.viz import render as viz
from kg.viz.labels import target_label
from kg.viz.records import _shown

STABLE = "() => !!(window.kg && window.kg.stable)"


def wait_until(page, expression: str, arg=None, timeout: float = 60.0) -> None:
    """Poll `expression` from outside the page (the page's CSP forbids the eval Playwright's waiting uses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def open_page(page, path: Path) -> None:
    """Load a page from disk and wait until its network has settled."""
    page.log.page_url = path.as_uri()
    page.goto(path.as_uri())
    wait_until(page, STABLE)


CENTRED = """id => { const n = window.kg.network, p = n.getPosition(id), v = n.getViewPosition();
                    return Math.hypot(p.x - v.x, p.y - v.y) < 1; }"""


def focus(page, node: str) -> None:
    """Focus a node as the search does, and wait until the view has come to rest on it."""
    page.evaluate("id => window.kg.focusNode(id)", node)
    wait_until(page, CENTRED, node, timeout=10)


SOURCE = Path(__file__).parent.parent / "source"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report's page as `kg build source` writes it (out/kg.html), and the networkx view of its graph."""
    from kg.build import build
    from kg.network import to_networkx
    from kg.sparql.store import load

    out = tmp_path_factory.mktemp("out")
    build([SOURCE], out)
    return to_networkx(load(out / "kg.ttl").graph), out / "kg.html"


def officials(view) -> dict[str, str]:
    return {d["label"]: n for n, d in sorted(view.nodes(data=True)) if d["kind"] == "official"}


def test_page_loads_offline_with_every_node(offline_page, report):
    view, path = report
    open_page(offline_page, path)
    assert offline_page.log.errors == []
    assert offline_page.log.outside == []
    assert offline_page.log.requests == []  # nothing but the file itself: scripts and styles are inline
    assert offline_page.evaluate("window.kg.nodes.length") == view.number_of_nodes()
    assert offline_page.evaluate("window.kg.edges.length") == view.number_of_edges()
    stats = f"{view.number_of_nodes()} 个节点 · {view.number_of_edges()} 条关系"
    assert offline_page.inner_text("#kg-stats") == stats


def test_legend_lists_the_classes_with_counts(offline_page, report):
    view, path = report
    open_page(offline_page, path)
    rows = offline_page.eval_on_selector_all(
        "#kg-legend-list > li",
        "rows => rows.map(r => [r.dataset.kind, r.querySelector('label').innerText.replace(/\\s+/g, ' ').trim()])",
    )
    kinds = {kind for _, kind in view.nodes(data="kind")}
    counts = {kind: sum(1 for _, k in view.nodes(data="kind") if k == kind) for kind in kinds}
    assert [kind for kind, _ in rows] == list(viz.CLASSES)
    for kind, text in rows:
        name = viz.CLASSES[kind][0]
        assert text == f"{name} {kind} {counts.get(kind, 0)}"
    assert counts["official"] >= 10 and f"官员 official {counts['official']}" in [text for _, text in rows]


def test_searching_a_name_selects_and_focuses_that_node(offline_page, report):
    view, path = report
    node = officials(view)["苗圩"]
    open_page(offline_page, path)
    offline_page.fill("#kg-search-input", "苗圩")
    assert offline_page.inner_text("#kg-results li:first-child .kg-result-label") == "苗圩"
    offline_page.press("#kg-search-input", "Enter")
    wait_until(offline_page, CENTRED, node, timeout=10)
    neighbours = set(view.successors(node)) | set(view.predecessors(node))
    selected = offline_page.evaluate("window.kg.network.getSelectedNodes()")
    assert (
        selected[0] == node and set(selected) == {node} | neighbours
    )  # the node and its neighbours highlighted
    assert offline_page.evaluate("window.kg.selected") == node
    assert offline_page.input_value("#kg-search-input") == "苗圩"
    assert offline_page.inner_text("#kg-panel .kg-panel-label") == "苗圩"  # its detail panel is open


def test_pinyin_initials_find_a_person(offline_page, report):
    _, path = report
    open_page(offline_page, path)
    offline_page.fill("#kg-search-input", "czx")  # 陈肇雄
    labels = offline_page.eval_on_selector_all(
        "#kg-results .kg-result-label", "els => els.map(e => e.textContent)"
    )
    assert labels[0] == "陈肇雄"
    offline_page.fill("#kg-search-input", "部长")
    labels = offline_page.eval_on_selector_all(
        "#kg-results .kg-result-label", "els => els.map(e => e.textContent)"
    )
    assert len(labels) >= 2 and all("部长" in label for label in labels)
    offline_page.press("#kg-search-input", "ArrowDown")  # the arrow keys choose what Enter picks
    offline_page.press("#kg-search-input", "ArrowUp")
    offline_page.press("#kg-search-input", "ArrowDown")
    second = offline_page.inner_text("#kg-results li.kg-active .kg-result-label")
    assert second == labels[1]
    offline_page.press("#kg-search-input", "Enter")
    assert offline_page.evaluate("window.kg.selected") == offline_page.evaluate(
        "label => window.kg.nodes.get({filter: n => n.full === label})[0].id", second
    )
    offline_page.fill("#kg-search-input", "gxb")  # 工信部: initials in order, gaps allowed
    labels = offline_page.eval_on_selector_all(
        "#kg-results .kg-result-label", "els => els.map(e => e.textContent)"
    )
    assert labels[0] == "工业和信息化部"
    offline_page.fill("#kg-search-input", "zzzqx")
    assert offline_page.inner_text("#kg-results") == "没有匹配的节点"


def hover_node(page, node: str) -> str:
    """Move the mouse onto a node and return the tooltip's text."""
    box = page.locator("#mynetwork").bounding_box()
    point = page.evaluate("id => window.kg.network.canvasToDOM(window.kg.network.getPosition(id))", node)
    page.mouse.move(box["x"] + point["x"] + 1, box["y"] + point["y"] + 1)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    return page.inner_text("div.vis-tooltip")


def test_tooltip_shows_type_facts_evidence_and_document(offline_page, report):
    view, path = report
    node = officials(view)["苗圩"]
    facts = view.nodes[node]
    assert "苗圩" in facts["evidence"] and "部长" in facts["details"]["posts"]
    open_page(offline_page, path)
    focus(offline_page, node)
    lines = hover_node(offline_page, node).splitlines()
    assert lines[:2] == ["官员 · official", "苗圩"]
    assert lines[lines.index("职务") + 1] == facts["details"]["posts"]
    assert lines[lines.index("原文依据") + 1] == facts["evidence"]  # the sentence of the report
    assert lines[-1] == "文件：全国工业和信息化工作会议在京召开"


def test_target_tooltip_reads_codes_in_chinese(offline_page, report):
    view, path = report
    target = next(
        n
        for n, d in sorted(view.nodes(data=True))
        if d["kind"] == "target" and d["details"].get("qualifier") == "approximately"
    )
    details = view.nodes[target]["details"]
    open_page(offline_page, path)
    focus(offline_page, target)
    lines = hover_node(offline_page, target).splitlines()
    assert lines[:2] == ["指标 · target", target_label(details).replace("\n", " ")]
    assert "左右" in lines[1] and details["value"] + details["unit"] in lines[1]
    assert lines[lines.index("限定") + 1] == "左右 (approximately)"
    assert lines[lines.index("数值") + 1] == details["value"]
    for key, value in details.items():
        assert lines[lines.index(viz.FIELDS[key]) + 1] == _shown(value)
    assert lines[lines.index("原文依据") + 1] == view.nodes[target]["evidence"]


def test_class_filter_hides_and_shows_a_class(offline_page, report):
    view, path = report
    open_page(offline_page, path)
    hidden = "kind => window.kg.nodes.get({filter: n => n.kind === kind}).map(n => !!n.hidden)"
    offline_page.uncheck('#kg-legend-list li[data-kind="official"] input')
    assert offline_page.evaluate(hidden, "official") == [True] * len(officials(view))
    assert set(offline_page.evaluate(hidden, "post")) == {False}
    offline_page.click("#kg-none")
    assert set(offline_page.evaluate("window.kg.nodes.map(n => !!n.hidden)")) == {True}
    offline_page.click("#kg-all")
    assert set(offline_page.evaluate("window.kg.nodes.map(n => !!n.hidden)")) == {False}


def test_physics_is_off_and_can_be_switched_on(offline_page, report):
    _, path = report
    open_page(offline_page, path)
    assert offline_page.evaluate("window.kg.network.physics.physicsEnabled") is False
    assert offline_page.inner_text("#kg-physics") == "物理模拟：关"
    offline_page.click("#kg-physics")
    assert offline_page.evaluate("window.kg.network.physics.physicsEnabled") is True
    assert offline_page.inner_text("#kg-physics") == "物理模拟：开"


def test_edges_are_labelled_by_relation(offline_page, report):
    view, path = report
    open_page(offline_page, path)
    labels = offline_page.evaluate("window.kg.edges.map(e => [e.relation, e.label])")
    assert sorted(map(tuple, labels)) == sorted(
        (r, viz.RELATIONS.get(r, r)) for _, _, r in view.edges(data="relation")
    )
    assert ["holds", "担任"] in labels


def test_blocking_is_real(offline_page, tmp_path):
    """The offline fixture does see and stop a request that leaves the machine."""
    path = tmp_path / "leaky.html"
    path.write_text(
        '<img src="https://example.org/x.png"><link rel="stylesheet" href="style.css">', encoding="utf-8"
    )
    offline_page.log.page_url = path.as_uri()
    offline_page.goto(path.as_uri())
    offline_page.wait_for_load_state("load")
    assert offline_page.log.outside == ["https://example.org/x.png"]
    assert sorted(offline_page.log.requests) == sorted(
        ["https://example.org/x.png", (tmp_path / "style.css").as_uri()]
    )


def test_stock_pyvis_inline_page_would_reach_a_cdn(offline_page, tmp_path):
    """Why the page has its own template: pyvis's own "in_line" page still loads bootstrap from a CDN."""
    from pyvis.network import Network

    stock = Network(cdn_resources="in_line")
    stock.add_node(1, label="苗圩")
    path = tmp_path / "stock.html"
    path.write_text(stock.generate_html(), encoding="utf-8")
    offline_page.log.page_url = path.as_uri()
    offline_page.goto(path.as_uri())
    assert sorted(url.split("/")[2] for url in offline_page.log.outside) == [
        "cdn.jsdelivr.net",
        "cdn.jsdelivr.net",
    ]


# Payloads that run script if text is ever put into the page as HTML; each sets window.__pwned.
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "</script><script>window.__pwned='close'</script>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "javascript:window.__pwned='url'",
    "'; window.__pwned='quote'; '",
    "{{ 7*7 }}<!--",
]


def hostile_view() -> nx.MultiDiGraph:
    """A networkx view whose every text field is a payload."""
    view = nx.MultiDiGraph()
    for i, payload in enumerate(PAYLOADS):
        view.add_node(
            f"https://x.test/{i}\"><script>window.__pwned='id'</script>",
            label=f"部长{payload}",
            kind="official" if i % 2 else payload,
            details={payload: payload, "value": payload},
            evidence=f"证据{payload}",
            document=f"文件{payload}",
        )
    for a, b in itertools.pairwise(list(view.nodes)):
        view.add_edge(a, b, relation=PAYLOADS[0])
    return view


def test_payloads_are_live_when_put_in_as_html(offline_page):
    """Control: the payloads do run when a page treats them as HTML, so the next test can fail."""
    offline_page.set_content(f"<div>{PAYLOADS[1]}</div>")
    offline_page.wait_for_function("window.__pwned === 'img'", timeout=5_000)


def test_hostile_text_shows_literally_and_never_runs(offline_page, tmp_path):
    view = hostile_view()
    path = tmp_path / "hostile.html"
    heading = "<script>window.__pwned='heading'</script>"
    html = viz.page_from_networkx(view, heading=heading)
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<svg onload" not in html
    path.write_text(html, encoding="utf-8")
    open_page(offline_page, path)
    offline_page.wait_for_timeout(300)
    assert offline_page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        offline_page.log.dialogs == [] and offline_page.log.outside == [] and offline_page.log.requests == []
    )
    assert offline_page.log.errors == []
    assert offline_page.inner_text("#kg-title") == heading
    assert offline_page.title() == heading
    assert offline_page.evaluate("window.kg.nodes.length") == len(PAYLOADS)
    for i, payload in enumerate(PAYLOADS):
        offline_page.fill("#kg-search-input", f"部长{payload}")
        shown = offline_page.eval_on_selector_all(
            "#kg-results .kg-result-label", "els => els.map(e => e.textContent)"
        )
        assert f"部长{payload}" in shown
    node = next(n for n, d in view.nodes(data=True) if d["label"] == f"部长{PAYLOADS[1]}")
    focus(offline_page, node)
    text = hover_node(offline_page, node)
    assert f"证据{PAYLOADS[1]}" in text and f"文件{PAYLOADS[1]}" in text and f"部长{PAYLOADS[1]}" in text
    assert offline_page.evaluate("typeof window.__pwned") == "undefined"
    assert offline_page.log.dialogs == [] and offline_page.log.requests == []


HOSTILE_REPORT = """---
title: "<script>window.__pwned='title'</script>全国工作会议"
date: 2018-12-27
---
12月27日，全国<img src=x onerror="window.__pwned='meeting'">工作会议在北京召开。
工业和信息化部党组书记、部长王五<script>window.__pwned='name'</script>出席会议并讲话。会议由部党组成员、副部长赵六主持"><img src=x onerror="window.__pwned='chair'">。
全年规模以上工业增加值增长6%左右<svg onload="window.__pwned='svg'">。javascript:window.__pwned='url'
"""


def test_hostile_report_through_kg_build_runs_nothing(offline_page, tmp_path):
    from kg.build import build
    from kg.network import to_networkx
    from kg.sparql.store import load

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "evil.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    build([tmp_path / "src"], tmp_path / "out")
    view = to_networkx(load(tmp_path / "out" / "kg.ttl").graph)
    people = officials(view)
    assert (
        "<script>" in view.nodes[people["王五"]]["evidence"]
        and "<img" in view.nodes[people["赵六"]]["evidence"]
    )
    open_page(offline_page, tmp_path / "out" / "kg.html")
    assert offline_page.title() == "知识图谱 · <script>window.__pwned='title'</script>全国工作会议"
    assert offline_page.inner_text("#kg-title") == offline_page.title()
    for name in ("王五", "赵六"):
        focus(offline_page, people[name])
        lines = hover_node(offline_page, people[name]).splitlines()
        assert lines[lines.index("原文依据") + 1] == view.nodes[people[name]]["evidence"]
        assert lines[-1] == "文件：<script>window.__pwned='title'</script>全国工作会议"
        box = offline_page.locator("#mynetwork").bounding_box()
        offline_page.mouse.move(box["x"] + 3, box["y"] + 3)  # an empty corner of the canvas
        offline_page.wait_for_selector("div.vis-tooltip", state="hidden")
    assert offline_page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        offline_page.log.dialogs == [] and offline_page.log.requests == [] and offline_page.log.errors == []
    )


def test_a_larger_graph_comes_laid_out_with_leaves_round_their_hubs(offline_page, tmp_path):
    """Past layout.WHOLE nodes each report is laid out apart; the page draws the positions it is given, physics off."""
    from kg.viz import layout

    view = nx.MultiDiGraph()
    hubs = [f"hub{h}" for h in range(12)]
    for h, hub in enumerate(hubs):
        view.add_node(hub, label=f"第{h}部", kind="ministry", details={}, evidence=None, document=f"报告{h}")
        for i in range(60):
            view.add_node(
                f"{hub}/t{i}",
                label=f"指标{h}-{i}",
                kind="target",
                details={"value": str(i)},
                evidence=f"句子{h}-{i}。",
                document=f"报告{h}",
            )
            view.add_edge(f"{hub}/t{i}", hub, relation="reported by")
    for a, b in itertools.pairwise(hubs):
        view.add_edge(a, b, relation="sub-organization of")
    assert view.number_of_nodes() > layout.WHOLE
    path = tmp_path / "larger.html"
    path.write_text(viz.page_from_networkx(view), encoding="utf-8")
    open_page(offline_page, path)
    assert offline_page.log.errors == [] and offline_page.log.requests == []
    assert offline_page.evaluate("window.kg.nodes.get({filter: n => n.hidden}).length") == 0
    spots = layout.positions(view)
    drawn = offline_page.evaluate("window.kg.network.getPositions()")
    assert sorted(drawn) == sorted(spots)  # as computed, nothing moved (vis-network rounds what it reports)
    assert all(abs(drawn[n]["x"] - x) < 1 and abs(drawn[n]["y"] - y) < 1 for n, (x, y) in spots.items())
    far = [
        leaf
        for leaf, hub, relation in view.edges(data="relation")
        if relation == "reported by"
        and math.dist(spots[leaf], spots[hub]) > layout.LEAF_GAP * (1 + math.sqrt(60))
    ]
    assert far == []
    assert offline_page.evaluate("window.kg.network.physics.physicsEnabled") is False
    offline_page.click("#kg-physics")
    assert offline_page.evaluate("window.kg.network.physics.physicsEnabled") is True


def test_notebook_output_shows_the_page_inline(offline_page, report, tmp_path):
    """What a notebook cell ending in `show(graph)` displays, run by a real kernel, works in the browser."""
    import nbformat
    from nbclient import NotebookClient

    view, page_path = report
    ttl = page_path.parent / "kg.ttl"
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                f"from kg.sparql.store import load\nfrom kg.viz import show\nshow(load({str(ttl)!r}).graph, height=700)"
            )
        ]
    )
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    html = notebook.cells[0].outputs[0]["data"]["text/html"]
    assert html.startswith("<iframe srcdoc=") and "height:700px" in html
    path = tmp_path / "notebook.html"
    path.write_text(f"<!doctype html><meta charset='utf-8'><body>{html}</body>", encoding="utf-8")
    offline_page.log.page_url = path.as_uri()
    offline_page.goto(path.as_uri())
    frame = offline_page.frames[1]
    wait_until(frame, STABLE)
    assert frame.evaluate("window.kg.nodes.length") == view.number_of_nodes()
    assert offline_page.log.errors == [] and offline_page.log.outside == []


def test_kg_viz_focus_page_opens_on_the_person(offline_page, report, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    view, page_path = report
    node = officials(view)["苗圩"]
    out = tmp_path / "miao.html"
    result = CliRunner().invoke(
        cli, ["viz", str(page_path.parent / "kg.ttl"), "--out", str(out), "--focus", "苗圩", "--depth", "1"]
    )
    assert result.exit_code == 0, result.output
    open_page(offline_page, out)
    neighbours = set(view.successors(node)) | set(view.predecessors(node)) | {node}
    assert sorted(offline_page.evaluate("window.kg.nodes.getIds()")) == sorted(neighbours)
    wait_until(offline_page, CENTRED, node, timeout=10)
    assert offline_page.evaluate("window.kg.network.getSelectedNodes()") == [node]
    assert offline_page.log.errors == []


def test_an_empty_graph_says_so(offline_page, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text(viz.page_from_networkx(nx.MultiDiGraph()), encoding="utf-8")
    open_page(offline_page, path)
    assert offline_page.inner_text("#kg-status") == "图中没有节点"
    assert offline_page.inner_text("#kg-stats") == "0 个节点 · 0 条关系"
    assert offline_page.log.errors == []


def test_a_large_page_draws_edges_only_zoomed_in(offline_page, tmp_path):
    """Past viz.LARGE nodes the page, zoomed out, draws no edges and says so; zoomed in, it draws them."""
    view = nx.MultiDiGraph()
    for h in range(20):
        view.add_node(f"hub{h}", label=f"第{h}部", kind="ministry", details={}, document=f"报告{h}")
        for i in range(80):
            view.add_node(
                f"hub{h}/p{i}", label=f"人员{h}-{i}", kind="official", details={}, document=f"报告{h}"
            )
            view.add_edge(f"hub{h}/p{i}", f"hub{h}", relation="holds")
    assert view.number_of_nodes() > viz.LARGE
    path = tmp_path / "large.html"
    path.write_text(viz.page_from_networkx(view), encoding="utf-8")
    open_page(offline_page, path)
    assert offline_page.evaluate("window.kg.edgesHidden()") is True
    assert offline_page.is_visible("#kg-edges-note")
    assert offline_page.evaluate("window.kg.edges.length") == 0  # given to vis-network only when first drawn
    box = offline_page.locator("#mynetwork").bounding_box()
    offline_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    while offline_page.evaluate("window.kg.network.getScale()") < viz.EDGES_SCALE:
        offline_page.mouse.wheel(0, -400)
        offline_page.wait_for_timeout(30)
    wait_until(offline_page, "() => window.kg.edgesHidden() === false", timeout=5)
    assert not offline_page.is_visible("#kg-edges-note")
    assert offline_page.evaluate("window.kg.edges.length") == view.number_of_edges()
    assert offline_page.log.errors == []


def test_physics_on_a_large_page_moves_nodes_on_their_edges(offline_page, tmp_path):
    """Zoomed out, a large page has given vis-network no edges yet; turning physics on gives them (the springs)."""
    view = nx.MultiDiGraph()
    for i in range(viz.LARGE + 10):
        view.add_node(f"p{i}", label=f"人员{i}", kind="official", details={}, document="报告")
        if i:
            view.add_edge(f"p{i}", "p0", relation="holds")
    path = tmp_path / "large.html"
    path.write_text(viz.page_from_networkx(view), encoding="utf-8")
    open_page(offline_page, path)
    assert offline_page.evaluate("window.kg.edges.length") == 0
    offline_page.click("#kg-physics")
    assert offline_page.evaluate("window.kg.edges.length") == view.number_of_edges()
    assert offline_page.log.errors == []
