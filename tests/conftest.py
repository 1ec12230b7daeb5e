"""Shared fixtures. The browser: Debian's headless Chromium driven by Playwright, all outside network blocked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class PageLog:
    """What a page did that a test may forbid: requests besides the page itself, console errors, dialogs."""

    page_url: str = ""
    requests: list[str] = field(default_factory=list)  # every request but the page's own file
    outside: list[str] = field(default_factory=list)  # requests that would leave the machine (aborted)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, never a Playwright download)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) or set KG_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser):
    """A fresh page whose requests other than file:// are aborted and recorded, with a PageLog as `.log`."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    log = PageLog()

    def route(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            log.outside.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and log.errors.append(message.text))
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("dialog", lambda dialog: (log.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: request.url != log.page_url and log.requests.append(request.url))
    page.log = log
    yield page
    context.close()


@pytest.fixture(scope="session")
def source_graph(tmp_path_factory) -> Path:
    """out/kg.ttl as `kg build source` makes it (built once per test session, in a temporary folder)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("source-build")
    build([Path(__file__).resolve().parents[1] / "source"], out)
    return out / "kg.ttl"
