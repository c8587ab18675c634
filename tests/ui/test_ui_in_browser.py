"""smv-ui in a real browser (Debian's chromium, headless, driven by Playwright) against a real
smv-ui process on the sales example: the graph, live states of a command-line run, DQM and the
changed hash part after an edit, a failing module's error, a run started and cancelled from
the page, and no page without the token."""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.ui.support import ROOT, UiServer, copy_example, http_status, log_events, smv_run, smv_ui, wait_for

DATASETS = ["sales.ingest.Customers", "sales.ingest.CleanCustomers", "sales.ingest.CustomerOrderCounts",
            "sales.ingest.orders.Orders", "sales.ingest.orders.CleanOrders", "sales.report.TopCustomers",
            "sales.report.RegionCustomers", "sales.report.revenue.RevenueByRegion", "sales.report.revenue.CustomerValue"]
SCREENSHOT = ROOT / "docs" / "ui-screenshot.png"
# Records when each dataset box's state changed, by the browser's clock (the run log's is the same machine's).
WATCH_STATES = """() => { window.stateChanges = [];
  new MutationObserver(ms => { for (const m of ms) if (m.attributeName === 'data-state')
    window.stateChanges.push({urn: m.target.dataset.urn, state: m.target.dataset.state, t: Date.now()}); })
  .observe(document.getElementById('graph'), {attributes: true, subtree: true, attributeFilter: ['data-state']}); }"""


def urn(fqn: str) -> str:
    return f"urn:smv:mod:{fqn}"


def node(page: Page, fqn: str) -> Any:
    return page.locator(f'.node[data-urn="{urn(fqn)}"]')


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("ui") / "sales")


@pytest.fixture(scope="module")
def server(app: Path) -> Iterator[UiServer]:
    with smv_ui(app) as s:
        yield s


@pytest.fixture
def page(browser: Browser, server: UiServer) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 900})
    p = context.new_page()
    p.goto(server.url)
    p.wait_for_selector("body[data-ready=true]", timeout=60_000)
    yield p
    context.close()


def test_no_token_no_page(server: UiServer, browser: Browser) -> None:
    assert http_status(server.base + "/") == 401
    assert http_status(server.base + "/api/overview?token=wrong") == 401
    context = browser.new_context()
    p = context.new_page()
    response = p.goto(server.base + "/")
    assert response is not None and response.status == 401 and "token" in p.inner_text("body")
    context.close()


def test_the_graph_shows_every_dataset_with_stages_as_clusters(page: Page) -> None:
    shown = sorted(str(n.get_attribute("data-urn")) for n in page.locator(".node[data-kind=dataset]").all())
    assert shown == sorted(urn(f) for f in DATASETS)
    assert sorted(c.get_attribute("data-stage") or "" for c in page.locator(".cluster").all()) == ["sales.ingest", "sales.report"]
    assert page.locator(".edge.link").count() >= 2  # the report stage's links to the ingest outputs


def test_a_command_line_run_changes_states_live_then_dqm_and_samples_show(app: Path, page: Page) -> None:
    page.evaluate(WATCH_STATES)
    run = smv_run(app, "--run-app")
    out, err = run.communicate(timeout=600)
    assert run.returncode == 0, err
    ended = {e["urn"]: e for e in log_events(app) if e["event"] == "dataset-ended"}
    assert set(ended) == {urn(f) for f in DATASETS if f != "sales.ingest.CustomerOrderCounts"} or len(ended) >= 7
    wait_for("the page to show every ended dataset done",
             lambda: all(node(page, e["fqn"]).get_attribute("data-state") == "done" for e in ended.values()), 10)
    changes: list[dict[str, Any]] = page.evaluate("window.stateChanges")
    for u, event in ended.items():
        event_ms = datetime.fromisoformat(event["time"].replace("Z", "+00:00")).timestamp() * 1000
        shown_ms = min(c["t"] for c in changes if c["urn"] == u and c["state"] == "done")
        assert shown_ms - event_ms < 500, f"{u} shown done {shown_ms - event_ms:.0f} ms after its event"
    assert "8 rows" in (node(page, "sales.ingest.orders.CleanOrders").text_content() or "")

    node(page, "sales.ingest.orders.CleanOrders").click()
    page.wait_for_selector("#dqm")
    assert page.inner_text("[data-dqm=records]") == "9"
    assert page.inner_text('[data-dqm-rule="non_negative_amount"]') == "1 failed"
    assert page.inner_text('[data-dqm-fix="at_least_one_item"]') == "1 fixed"
    assert "data/output/sales.ingest.orders.CleanOrders_" in page.inner_text("#d-path")
    page.click("#sample-this")
    page.wait_for_selector("#sample-table", timeout=60_000)
    assert page.locator("#sample-table tr").count() == 9  # a header and the 8 persisted rows
    page.screenshot(path=str(SCREENSHOT))


def test_after_an_edit_the_changed_part_shows_and_a_failing_module_shows_its_error(app: Path, page: Page) -> None:
    orders = app / "src" / "main" / "python" / "sales" / "ingest" / "orders.py"
    orders.write_text(orders.read_text().replace('"1 as quantity"', '"1 as quantity "'))  # a code change
    revenue = app / "src" / "main" / "python" / "sales" / "report" / "revenue.py"
    revenue.write_text(revenue.read_text().replace(
        "        return (i[CleanOrders].groupBy", "        raise ValueError('revenue is broken on purpose')\n"
        "        return (i[CleanOrders].groupBy"))
    run = smv_run(app, "-m", "CleanOrders", "RevenueByRegion")
    out, err = run.communicate(timeout=600)
    assert run.returncode == 1 and "RevenueByRegion" in err, err
    wait_for("the failed module on the page",
             lambda: node(page, "sales.report.revenue.RevenueByRegion").get_attribute("data-state") == "failed", 10)
    node(page, "sales.report.revenue.RevenueByRegion").click()
    page.wait_for_selector("#d-error")
    assert "revenue is broken on purpose" in page.inner_text("#d-error")
    node(page, "sales.ingest.orders.CleanOrders").click()
    page.wait_for_selector("#d-changed")
    assert page.inner_text("#d-changed") == "code" and "its code changed" in page.inner_text("#d-plan")
    assert page.inner_text('[data-dqm-rule="non_negative_amount"]') == "1 failed"
    revenue.write_text(revenue.read_text().replace("        raise ValueError('revenue is broken on purpose')\n", ""))


def test_a_run_started_and_cancelled_from_the_page(app: Path, page: Page) -> None:
    (app / "data" / "output").rename(app / "data" / "output-before")  # everything runs again: time to cancel
    page.click("#run-app")
    dry = page.locator(".page-run").first
    wait_for("the dry run to finish", lambda: dry.get_attribute("data-status") == "exit 0", 300, 0.5)
    assert "Plan for 4 target(s)" in dry.inner_text()
    dry.locator(".go").click()
    wait_for("the run to start", lambda: page.locator("#run-list li[data-outcome=running]").count() == 1, 300, 0.2)
    started = [e for e in log_events(app) if e["event"] == "run-started"][-1]
    page.locator(".page-run .cancel").first.click()
    wait_for("the page run to be cancelled",
             lambda: page.locator('.page-run[data-status="cancelled"]').count() == 1, 60, 0.2)
    wait_for("the run log to say the run was interrupted", lambda: any(
        e["event"] == "run-ended" and e["runId"] == started["runId"] and e["outcome"] == "interrupted"
        for e in log_events(app)), 60, 0.2)
    wait_for("the history to show it", lambda: page.locator(
        f'#run-list li[data-run="{started["runId"]}"][data-outcome=interrupted]').count() == 1, 5)


def test_a_past_run_opens_as_the_graph_it_planned(app: Path, page: Page) -> None:
    """A run of a module added after smv-ui loaded the app: the page's graph (the app as loaded) has no box
    for it; opening that run from the history draws the graph as the run planned it, the module included."""
    revenue = app / "src" / "main" / "python" / "sales" / "report" / "revenue.py"
    before = revenue.read_text()
    revenue.write_text(before + '\n\nclass OrderCount(smv.SmvModule):\n    """Orders in all."""\n\n'
                       "    def requiresDS(self):\n        return [CleanOrders]\n\n"
                       "    def run(self, i):\n        return i[CleanOrders].groupBy().count()\n")
    try:
        run = smv_run(app, "-m", "OrderCount")
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    finally:
        revenue.write_text(before)
    run_id = [e for e in log_events(app) if e["event"] == "run-started"][-1]["runId"]
    added = node(page, "sales.report.revenue.OrderCount")
    entry = page.locator(f'#run-list li[data-run="{run_id}"][data-outcome=succeeded]')
    wait_for("the run in the history", lambda: entry.count() == 1, 30, 0.2)
    assert added.count() == 0  # the graph of the app as smv-ui loaded it
    entry.click()
    wait_for("the run's own graph", lambda: added.count() == 1 and added.get_attribute("data-state") == "done", 30, 0.2)
    assert node(page, "sales.ingest.orders.CleanOrders").count() == 1  # its dependency, as planned
    assert node(page, "sales.report.TopCustomers").count() == 0  # not in that run's plan
    page.click("#reset")
    wait_for("the app's graph again", lambda: added.count() == 0 and node(page, "sales.report.TopCustomers").count() == 1,
             30, 0.2)
