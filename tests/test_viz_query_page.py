"""`kg serve`'s query page, in headless Chromium: it knows kg's prefixes, offers the saved queries and shows their
answers, with no request leaving the machine (only the endpoint on loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_viz_page import wait_until

from kg.remote import serve
from kg.sparql.query import saved_queries


@pytest.fixture(scope="module")
def endpoint(source_graph: Path):
    server = serve.start(source_graph, port=0)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def loopback_page(browser, endpoint):
    """A page that may reach the endpoint and nothing else; requests elsewhere are recorded and aborted."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    outside: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith(endpoint.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.outside, page.errors = outside, errors
    yield page
    context.close()


def test_the_query_page_knows_kg_s_prefixes_and_saved_queries(loopback_page, endpoint):
    from kg.rdf import vocabulary

    page = loopback_page
    page.goto(endpoint.url)
    assert page.title() == "kg · SPARQL"
    prefixes = page.eval_on_selector_all("#kg-prefixes li", "els => els.map(e => e.textContent)")
    assert prefixes == [f"{p}: <{iri}>" for p, iri in sorted(vocabulary().prefixes.items())]
    assert "PREFIX kg: <https://w3id.org/cn-gov-kg/ontology#>" in page.input_value("#kg-query")
    options = page.eval_on_selector_all("#kg-saved option", "els => els.map(e => e.value)")
    assert options == [""] + list(saved_queries())
    page.click("#kg-run")  # the query it opens with: people and their names
    wait_until(page, "() => window.kgQuery.done === true")
    names = page.eval_on_selector_all("#kg-results td:nth-child(2)", "els => els.map(e => e.textContent)")
    assert "苗圩" in names
    assert page.outside == [] and page.errors == []


def test_a_saved_query_runs_from_the_page(loopback_page, endpoint):
    page = loopback_page
    page.goto(endpoint.url)
    page.select_option("#kg-saved", "officials")
    assert page.input_value("#kg-query") == saved_queries()["officials"].text
    assert page.inner_text("#kg-question") == saved_queries()["officials"].description
    page.evaluate("window.kgQuery.done = false")
    page.press("#kg-query", "Control+Enter")
    wait_until(page, "() => window.kgQuery.done === true")
    header = page.eval_on_selector_all("#kg-results th", "els => els.map(e => e.textContent)")
    assert header[:5] == ["person", "post", "organization", "document", "evidence"]
    rows = page.eval_on_selector_all("#kg-results tr", "els => els.length") - 1
    assert rows >= 10 and page.inner_text("#kg-message") == f"{rows} 行"
    page.fill("#kg-query", "SELECT nonsense")
    page.evaluate("window.kgQuery.done = false")
    page.click("#kg-run")
    wait_until(page, "() => window.kgQuery.done === true")
    assert page.get_attribute("#kg-message", "class") == "kg-error" and page.inner_text("#kg-message")
    assert page.outside == [] and page.errors == []
