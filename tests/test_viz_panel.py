"""The page as an analyst uses it, in headless Chromium: targets told apart, the detail panel (evidence from every
report, neighbours, focus and back), the tooltip and the view after filtering, search by alias, years and bodies,
an indicator's chart, and hostile text in the panel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_viz_page import focus, hover_node, open_page, wait_until

from kg.viz.labels import STATUS_STYLE, Status

ROOT = Path(__file__).parent.parent


def built(tmp_path_factory, source: Path, name: str):
    """The page `kg build SOURCE` writes, and the page's view of its graph (kg.viz.view, with every source)."""
    from kg.build import build
    from kg.sparql.store import load
    from kg.viz import view

    out = tmp_path_factory.mktemp(name)
    build([source], out)
    return view(load(out / "kg.ttl").graph), out / "kg.html"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return built(tmp_path_factory, ROOT / "source", "seed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return built(tmp_path_factory, ROOT / "tests" / "corpus", "corpus")


def node_of(view, kind: str, label: str) -> str:
    return next(n for n, d in sorted(view.nodes(data=True)) if d["kind"] == kind and d["label"] == label)


def click_node(page, node: str) -> None:
    box = page.locator("#mynetwork").bounding_box()
    point = page.evaluate("id => window.kg.network.canvasToDOM(window.kg.network.getPosition(id))", node)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


VISIBLE = "() => window.kg.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"


# -- 1. targets ------------------------------------------------------------------------------------------


def test_targets_show_direction_figure_period_and_status_at_a_glance(offline_page, seed):
    view, path = seed
    open_page(offline_page, path)
    drawn = offline_page.evaluate("""() => window.kg.nodes.get({filter: n => n.kind === 'target'})
        .map(n => [n.label, n.status, n.color.background, n.color.border, !!n.shapeProperties])""")
    targets = [d for _, d in view.nodes(data=True) if d["kind"] == "target"]
    assert len(drawn) == len(targets) and {status for _, status, *_ in drawn} == {s.value for s in Status}
    for label, status, fill, border, dashed in drawn:
        name, want_fill, want_border, want_dashed = STATUS_STYLE[Status(status)]
        assert (fill, border, dashed) == (want_fill, want_border, want_dashed)
        figure_line = label.split("\n")[-1]
        assert figure_line.endswith(" · " + name) and re.search(r"[▲▼■#]", figure_line)
        assert re.search(r"\d\n|\n[\d.%]", label) is None  # no line break next to a figure
    fall = next(label for label, *_ in drawn if label.startswith("单位工业增加值能耗"))
    assert fall == "单位工业增加值能耗\n▼下降 3.5% · 2018 · 预计"
    legend = offline_page.eval_on_selector_all(
        "#kg-legend-list li[data-kind=target] .kg-status-row",
        "rows => rows.map(r => [r.dataset.status, r.innerText.replace(/\\s+/g, ' ').trim()])",
    )
    counts = {s.value: sum(1 for d in targets if d["details"].get("status") == s.value) for s in Status}
    assert legend == [[s.value, f"{STATUS_STYLE[s][0]} {s.value} {counts[s.value]}"] for s in Status]


# -- 2. the detail panel ------------------------------------------------------------------------------------


def test_clicking_a_person_opens_every_report_s_evidence_and_posts_by_year(offline_page, corpus):
    view, path = corpus
    person = node_of(view, "official", "冯嘉怡")
    sources = view.nodes[person]["sources"]
    assert len({s["document"] + s["date"] for s in sources}) == 3  # three reports, three years
    open_page(offline_page, path)
    focus(offline_page, person)
    click_node(offline_page, person)
    wait_until(offline_page, "() => !document.getElementById('kg-panel').hidden")
    assert offline_page.inner_text("#kg-panel .kg-panel-label") == "冯嘉怡"
    assert texts(offline_page, "#kg-panel .kg-panel-evidence") == [s["evidence"] for s in sources]
    assert texts(offline_page, "#kg-panel .kg-panel-doc") == [
        f"文件：{s['document']} · {s['date']}" for s in sources
    ]
    posts = [
        row.replace("\n", " ").replace("\t", " ")
        for row in offline_page.eval_on_selector_all(
            "#kg-panel .kg-panel-posts li", "els => els.map(e => e.innerText)"
        )
    ]
    assert "2019 商务部副部长" in posts and "2021 商务部部长" in posts and "2021 商务部党组书记" in posts
    neighbours = set(view.successors(person)) | set(view.predecessors(person))
    listed = offline_page.eval_on_selector_all("#kg-panel .kg-neighbour", "els => els.map(e => e.dataset.id)")
    assert set(listed) == neighbours
    assert set(offline_page.evaluate("window.kg.network.getSelectedNodes()")) == neighbours | {person}


def test_focus_shows_only_the_neighbours_and_back_returns(offline_page, corpus):
    view, path = corpus
    person = node_of(view, "official", "冯嘉怡")
    neighbours = set(view.successors(person)) | set(view.predecessors(person))
    open_page(offline_page, path)
    everything = offline_page.evaluate(VISIBLE)
    offline_page.evaluate("id => window.kg.openPanel(id)", person)
    offline_page.click("#kg-focus")
    assert set(offline_page.evaluate(VISIBLE)) == neighbours | {person}
    assert offline_page.inner_text("#kg-focus") == "显示全部"
    other = min(neighbours)
    offline_page.click(f'#kg-panel .kg-neighbour[data-id="{other}"]')  # a neighbour's panel, still focused
    assert offline_page.evaluate("window.kg.selected") == other
    assert offline_page.inner_text("#kg-panel .kg-panel-label") == offline_page.evaluate(
        "id => window.kg.nodes.get(id).full", other
    )
    offline_page.click("#kg-back")
    assert offline_page.inner_text("#kg-panel .kg-panel-label") == "冯嘉怡"
    offline_page.click("#kg-back")  # before the focus
    assert offline_page.evaluate(VISIBLE) == everything
    offline_page.click("#kg-close")
    assert offline_page.evaluate("document.getElementById('kg-panel').hidden") is True
    assert offline_page.log.errors == []


def test_the_tooltip_goes_when_its_node_is_filtered_out_and_the_view_refits(offline_page, seed):
    view, path = seed
    person = node_of(view, "official", "苗圩")
    open_page(offline_page, path)
    focus(offline_page, person)
    assert "苗圩" in hover_node(offline_page, person)
    zoomed = offline_page.evaluate("window.kg.network.getScale()")
    offline_page.uncheck('#kg-legend-list li[data-kind="official"] input')
    offline_page.wait_for_selector("div.vis-tooltip", state="hidden", timeout=2_000)
    assert offline_page.evaluate("window.kg.network.getScale()") != zoomed  # refitted to what is left
    inside = """() => { const n = window.kg.network, box = document.getElementById('mynetwork').getBoundingClientRect();
        return window.kg.nodes.get({filter: x => !x.hidden}).every(x => { const p = n.canvasToDOM(n.getPosition(x.id));
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }); }"""
    assert offline_page.evaluate(inside) is True


def test_the_panel_closes_when_its_node_is_filtered_out(offline_page, seed):
    view, path = seed
    person = node_of(view, "official", "苗圩")
    open_page(offline_page, path)
    focus(offline_page, person)
    click_node(offline_page, person)
    wait_until(offline_page, "() => !document.getElementById('kg-panel').hidden")
    offline_page.uncheck('#kg-legend-list li[data-kind="official"] input')
    wait_until(offline_page, "() => document.getElementById('kg-panel').hidden")
    assert offline_page.evaluate("window.kg.network.getSelectedNodes()") == []
    offline_page.check(
        '#kg-legend-list li[data-kind="official"] input'
    )  # the node is back; its panel stays closed
    assert offline_page.evaluate("document.getElementById('kg-panel').hidden") is True


# -- 3. search ----------------------------------------------------------------------------------------


def test_search_knows_the_gazetteer_s_short_names(offline_page, seed):
    _, path = seed
    open_page(offline_page, path)
    offline_page.fill("#kg-search-input", "工信部")
    labels = texts(offline_page, "#kg-results .kg-result-label")
    assert labels[0] == "工业和信息化部" and len(labels) > 2  # the ministry, then its party group, posts…
    assert texts(offline_page, "#kg-results li:first-child .kg-result-alias") == ["又称 工信部"]
    assert "工业和信息化部党组" in labels and "工业和信息化部部长" in labels
    offline_page.fill("#kg-search-input", "工信部党组")
    assert texts(offline_page, "#kg-results .kg-result-label")[0] == "工业和信息化部党组"
    offline_page.press("#kg-search-input", "Enter")
    assert offline_page.inner_text("#kg-panel .kg-panel-label") == "工业和信息化部党组"


# -- 4. years and bodies ------------------------------------------------------------------------------------


def test_a_corpus_page_filters_by_year_and_by_body(offline_page, corpus):
    view, path = corpus
    open_page(offline_page, path)
    assert texts(offline_page, "#kg-year-list label") == ["2019", "2020", "2021"]
    offline_page.uncheck('#kg-year-list input[value="2019"]')
    offline_page.uncheck('#kg-year-list input[value="2020"]')
    shown = offline_page.evaluate(VISIBLE)
    want = sorted(n for n, d in view.nodes(data=True) if not d["years"] or "2021" in d["years"])
    assert shown == want and len(shown) < view.number_of_nodes()
    offline_page.check('#kg-year-list input[value="2019"]')
    offline_page.check('#kg-year-list input[value="2020"]')
    bodies = texts(offline_page, "#kg-body option")
    assert bodies[0] == "全部机构" and "商务部党组" in bodies
    offline_page.select_option("#kg-body", "商务部党组")
    shown = offline_page.evaluate(VISIBLE)
    assert shown == sorted(n for n, d in view.nodes(data=True) if "商务部党组" in d["bodies"])
    assert {view.nodes[n]["kind"] for n in shown} == {"official", "party group", "post"}


def test_meetings_and_speeches_carry_their_year(offline_page, corpus):
    _, path = corpus
    open_page(offline_page, path)
    meetings = offline_page.evaluate(
        "window.kg.nodes.get({filter: n => n.kind === 'meeting'}).map(n => n.full).sort()"
    )
    assert meetings == ["全国商务工作会议（2019）", "全国商务工作会议（2020）", "全国商务工作会议（2021）"]
    speeches = offline_page.evaluate(
        "window.kg.nodes.get({filter: n => n.kind === 'speech'}).map(n => n.full).sort()"
    )
    assert speeches == ["讲话 · 冯嘉怡（2021）", "讲话 · 郑立新（2019）", "讲话 · 郑立新（2020）"]
    assert not offline_page.evaluate(
        "window.kg.nodes.get({filter: n => /commerce-\\d{4}-/.test(n.label)}).length"
    )


def test_an_indicator_s_values_over_the_years_are_charted(offline_page, corpus):
    view, path = corpus
    series = sorted(
        (d["details"]["period"], d["details"]["status"], n)
        for n, d in view.nodes(data=True)
        if d["kind"] == "target" and d["details"]["metric"] == "社会消费品零售总额"
    )
    assert {status for _, status, _ in series} == {"achieved", "planned"}
    open_page(offline_page, path)
    offline_page.evaluate("id => window.kg.openPanel(id)", series[0][2])
    points = offline_page.eval_on_selector_all(
        "#kg-panel svg.kg-chart circle",
        "cs => cs.map(c => [c.dataset.year, c.getAttribute('class'), c.getAttribute('fill')])",
    )
    assert sorted((year, cls.split()[-1]) for year, cls, _ in points) == sorted(
        (period, f"kg-point-{status}") for period, status, _ in series
    )
    assert all((fill == "#ffffff") == cls.endswith("planned") for _, cls, fill in points)  # goals hollow
    assert offline_page.eval_on_selector_all(
        "#kg-panel svg.kg-chart path.kg-chart-goal", "ps => ps.map(p => p.getAttribute('stroke-dasharray'))"
    ) == ["4 3"]
    fall = next(
        float(d["details"]["value"])
        for _, d in view.nodes(data=True)
        if d["kind"] == "target"
        and d["details"]["metric"] == "社会消费品零售总额"
        and d["details"]["change"] == "decrease"
    )
    assert -fall in [
        float(v)
        for v in offline_page.eval_on_selector_all(
            "#kg-panel svg.kg-chart circle", "cs => cs.map(c => c.dataset.value)"
        )
    ]


def test_without_metadata_the_title_is_the_report_s_headline(offline_page, tmp_path):
    from kg.build import build

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "report-7.txt").write_text(
        "全国商务工作会议在京召开\n12月20日，全国商务工作会议在北京召开。商务部党组书记、部长郑立新出席会议并讲话。\n",
        encoding="utf-8",
    )
    build([tmp_path / "src"], tmp_path / "out")
    open_page(offline_page, tmp_path / "out" / "kg.html")
    assert offline_page.title() == "知识图谱 · 全国商务工作会议在京召开"
    assert "report-7" not in offline_page.evaluate("window.kg.nodes.map(n => n.full + n.document).join()")


# -- hostile text in the panel -----------------------------------------------------------------------------


def test_hostile_text_shows_literally_in_the_panel(offline_page, tmp_path):
    from test_viz_page import PAYLOADS, hostile_view

    from kg.viz import render as viz

    view = hostile_view()
    path = tmp_path / "hostile.html"
    path.write_text(viz.page_from_networkx(view), encoding="utf-8")
    open_page(offline_page, path)
    for node, data in sorted(view.nodes(data=True)):
        offline_page.evaluate("id => window.kg.openPanel(id)", node)
        assert offline_page.inner_text("#kg-panel .kg-panel-label") == data["label"]
        assert texts(offline_page, "#kg-panel .kg-panel-evidence") == [data["evidence"]]
        assert texts(offline_page, "#kg-panel .kg-panel-doc") == [f"文件：{data['document']}"]
        assert set(texts(offline_page, "#kg-panel .kg-panel-facts dd")) == set(data["details"].values())
    offline_page.click("#kg-focus")
    offline_page.wait_for_timeout(200)
    assert offline_page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        offline_page.log.dialogs == [] and offline_page.log.requests == [] and offline_page.log.errors == []
    )
    assert len(PAYLOADS) == len(view)
