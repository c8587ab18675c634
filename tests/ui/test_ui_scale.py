"""smv-ui on a generated 1,000-dataset app, in headless chromium: the page is interactive in
under 2 s once the server has the app, search finds a dataset and focus shows its ancestors."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bench.app_generator import AppSpec, generate_app
from bench.ui_page import interactive_ms
from tests.ui.support import smv_ui


def test_a_1000_dataset_app_searched_and_focused(tmp_path: Path, browser: Browser) -> None:
    spec = AppSpec(1000, shape="wide", per_file=20)
    app = generate_app(tmp_path / "big", spec)
    with smv_ui(app) as server:
        interactive_ms(browser, server.url)  # the browser's own first start, untimed
        assert interactive_ms(browser, server.url) < 2000
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_selector("body[data-ready=true]")
        assert page.locator(".node[data-kind=dataset]").count() == 1001
        page.fill("#search", "M00500")
        page.locator("#results li").first.click()
        target = f"urn:smv:mod:{spec.fqn(500)}"
        page.wait_for_selector(f'.node.selected[data-urn="{target}"]')
        page.click("#focus")
        page.wait_for_function("document.querySelectorAll('.node[data-kind=dataset]').length === 2")
        shown = {n.get_attribute("data-urn") for n in page.locator(".node[data-kind=dataset]").all()}
        assert shown == {target, spec.urns()[0]}  # the module and its ancestor, the input
        context.close()

