"""Benchmark of the page: for generated graphs of 500 / 2,000 / 10,000 nodes, the page's size, the time to
write it (layout included), the time until it has drawn in headless Chromium ("stable": the layout comes with
the page, physics is off) and what a redraw costs (a zoom step: the first after loading, and the median of the
next five). Prints figures; not a test.

    .venv/bin/python bench/viz_bench.py [SIZES…]
    .venv/bin/python bench/viz_bench.py --screenshot out/kg.html docs/kg-page.png [NAME]   (the README's picture)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.viz import render as viz

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
POSTS = ["部长", "副部长", "党组书记", "党组成员", "司长", "副司长", "局长", "副局长", "总工程师", "巡视员"]


def generated(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """Many reports' graph: per report ~90 nodes shaped like the real one (a ministry's officials, posts, a
    meeting, targets, a plan's items and programmes, concepts), people and concepts recurring across years."""
    rng = random.Random(seed)
    view = nx.MultiDiGraph()
    reports = max(1, nodes // 90)
    people = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(reports * 4)]
    ministries = [f"第{i}部" for i in range(max(1, reports // 5))]

    def add(node: str, label: str, kind: str, doc: str, **details: str) -> str:
        if node not in view:
            view.add_node(
                node,
                label=label,
                kind=kind,
                details=details,
                evidence=f"会议指出，{label}取得新进展。",
                document=doc,
            )
        return node

    def link(source: str, target: str, relation: str) -> None:
        view.add_edge(source, target, relation=relation)

    for r in range(nodes):  # reports until the graph has `nodes` nodes
        ministry = rng.choice(ministries)
        doc = add(f"doc{r}", f"{ministry}{2000 + r}年工作会议报道", "document", f"报告{r}")
        m = add(f"org:{ministry}", ministry, "ministry", doc)
        meeting = add(
            f"meeting{r}", f"{ministry}{2000 + r}年工作会议", "meeting", doc, date=f"{2000 + r}-12-27"
        )
        link(meeting, doc, "reported by")
        for person in rng.sample(people, 8):
            title = rng.choice(POSTS)
            p = add(f"person:{person}", person, "official", doc, posts=title)
            post = add(f"post:{ministry}{title}", f"{ministry}{title}", "post", doc, title=title)
            link(p, post, "holds")
            link(post, m, "post in")
            link(meeting, p, rng.choice(["chair", "attendee", "attendee", "speaker"]))
        for t in range(11):
            target = add(
                f"target{r}-{t}",
                f"指标{t} {rng.randint(1, 99)}%",
                "target",
                doc,
                value=str(rng.randint(1, 99)),
                unit="%",
                period=str(2000 + r),
            )
            link(target, doc, "reported by")
        plan = add(f"plan{r}", f"{2001 + r}年重点工作", "plan", doc, year=str(2001 + r))
        link(plan, doc, "reported by")
        for i in range(9):
            item = add(f"item{r}-{i}", f"第{i + 1}项重点任务{r}", "plan item", doc, ordinal=str(i + 1))
            link(item, plan, "item of")
            for g in range(rng.randint(1, 4)):
                programme = add(f"programme{r}-{i}-{g}", f"专项行动{r}-{i}-{g}", "programme", doc)
                link(programme, item, "programme of")
        for c in rng.sample(range(40), 9):
            concept = add(f"concept{c}", f"第{c}个提法", "concept", doc)
            link(concept, doc, "mentioned in")
        if view.number_of_nodes() >= nodes:
            break
    while view.number_of_nodes() > nodes:  # exactly `nodes`: drop the last added
        view.remove_node(list(view.nodes)[-1])
    return view


def measure(browser, size: int, folder: Path) -> dict:
    view = generated(size)
    started = time.perf_counter()
    html = viz.page_from_networkx(view)
    write_s = time.perf_counter() - started
    path = folder / f"page-{size}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
    )
    started = time.perf_counter()
    page.goto(path.as_uri())
    while not page.evaluate(
        "() => !!(window.kg && window.kg.stable)"
    ):  # the page's CSP forbids wait_for_function
        page.wait_for_timeout(50)
    stable_s = time.perf_counter() - started
    stable_ms = page.evaluate("window.kg.stableAt")  # since navigation start, by the page's own clock
    # redraws after settling (physics off): what a pan or zoom costs
    redraw = """() => { const n = window.kg.network, t = performance.now();
        n.moveTo({scale: n.getScale() * 1.1}); n.redraw(); return performance.now() - t; }"""
    first_ms = page.evaluate(redraw)
    redraws = sorted(page.evaluate(redraw) for _ in range(5))
    page.close()
    return {
        "nodes": view.number_of_nodes(),
        "edges": view.number_of_edges(),
        "bytes": len(html.encode()),
        "write_s": write_s,
        "stable_s": stable_s,
        "stable_page_s": stable_ms / 1000,
        "first_redraw_ms": first_ms,
        "redraw_ms": redraws[2],
    }


def screenshot(page_path: str, png: str, name: str = "苗圩") -> None:
    """A picture of a page: drawn, the node labelled `name` searched for, focused, its detail panel open."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
        )
        page.goto(Path(page_path).resolve().as_uri())
        while not page.evaluate("() => !!(window.kg && window.kg.stable)"):
            page.wait_for_timeout(50)
        page.fill("#kg-search-input", name)
        page.press("#kg-search-input", "Enter")
        page.wait_for_timeout(800)
        page.screenshot(path=png)
        browser.close()


def main(sizes: list[int]) -> None:
    from playwright.sync_api import sync_playwright

    print(
        f"{'nodes':>6} {'edges':>6} {'page KB':>8} {'write s':>8} {'stable s':>9} {'(in page)':>9} "
        f"{'1st redraw ms':>13} {'redraw ms':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in sizes:
            r = measure(browser, size, Path(tmp))
            print(
                f"{r['nodes']:>6} {r['edges']:>6} {r['bytes'] / 1024:>8.0f} {r['write_s']:>8.2f} "
                f"{r['stable_s']:>9.1f} {r['stable_page_s']:>9.1f} {r['first_redraw_ms']:>13.0f} {r['redraw_ms']:>9.0f}",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--screenshot"]:
        screenshot(*sys.argv[2:])
    else:
        main([int(a) for a in sys.argv[1:]] or [500, 2000, 10000])
