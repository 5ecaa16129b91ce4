"""The Content-Security-Policy breaks nothing: in Debian's headless Chromium the dashboard's
plotly charts are drawn with plotly's own styles, a select sends its form, the API docs and
the admin render, and the browser reports no violation."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.snapshots import snapshot_compute
from tests.browser.test_overview import CHROMIUM_ARGS, ROOT, _chromium
from tests.conftest import PASSWORD
from tests.reports.test_dashboards import build_progress

pytestmark = pytest.mark.browser


def test_charts_and_api_docs_work_under_the_policy_without_a_violation(
    live_server, transactional_db, plan_000, alice, bob, carol, olivia
):
    executable = _chromium()
    if not (ROOT / "static" / "vendor" / "plotly.min.js").exists():
        call_command("vendor_static")
    build_progress(plan_000, alice, bob, carol)
    for period in plan_000.periods.filter(quarter__in=(2, 3)):
        snapshot_compute(plan=plan_000, period=period)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            violations, errors = [], []
            page.on(
                "console",
                lambda m: violations.append(m.text) if "Content Security Policy" in m.text else 0,
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("login") + "?next=" + reverse("dashboards:index"))
            page.fill("input[name=username]", olivia.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            overview = reverse("dashboards:overview", args=[plan_000.key])
            page.wait_for_url(f"**{overview}")
            # The quarter with snapshots (which quarter opens first is not under test here).
            page.goto(f"{live_server.url}{overview}?period=2022Q3")
            page.wait_for_selector(".js-chart.drawn >> nth=3", timeout=20000)
            # plotly's own stylesheet (added with the page's nonce) applies: its layers are
            # stacked, which clicks on bars need (tests/browser follows one).
            position = page.evaluate(
                "getComputedStyle(document.querySelector('#chart-units .main-svg')).position"
            )
            assert position == "absolute"

            page.goto(live_server.url + reverse("reports:bulletins"))
            with page.expect_navigation():
                page.select_option("select[name=plan]", index=0)

            page.goto(live_server.url + "/api/docs/")
            page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
            assert "计划任务跟踪系统 API" in page.locator(".swagger-ui .info .title").inner_text()
            page.goto(live_server.url + "/admin/")
            page.wait_for_selector("#content")
        finally:
            browser.close()
    assert violations == []
    assert errors == []
