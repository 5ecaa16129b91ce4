"""The overview in a real browser: Debian's headless Chromium driven by playwright against the
live server. The office logs in through the form, sees the charts drawn with the stored
figures, follows a lagging task, and screenshots are kept under tests/artifacts/."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import selectors
from reports.snapshots import snapshot_compute
from tests.conftest import PASSWORD
from tests.reports.test_dashboards import build_progress

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHARTS = ("sections", "units", "counties", "trend")


def _chromium():
    if not CHROMIUM.exists():
        pytest.fail(
            "找不到 /usr/bin/chromium：浏览器测试需要 Debian 的 chromium 软件包"
            "（apt-get install chromium；CI 由 .ci/services 安装）。",
            pytrace=False,
        )
    return str(CHROMIUM)


def _expected(plan):
    """The figures the page must show: the latest stored snapshot of 2022Q3 and its ranking."""
    period = plan.periods.get(quarter=3)
    snapshot = selectors.latest_snapshot(plan, period)
    leads = list(selectors.unit_rows(snapshot, "lead"))
    return snapshot, [row.completion for row in leads], leads[0].unit.name


def test_office_sees_the_charts_drawn_and_follows_a_lagging_task(
    live_server, transactional_db, plan_000, alice, bob, carol, olivia
):
    executable = _chromium()
    if not (ROOT / "static" / "vendor" / "plotly.min.js").exists():
        call_command("vendor_static")
    build_progress(plan_000, alice, bob, carol)
    # The latest snapshot is the one the page shows (reports also trigger recomputes).
    for period in plan_000.periods.filter(quarter__in=(2, 3)):
        snapshot_compute(plan=plan_000, period=period)
    snapshot, lead_completions, first_unit = _expected(plan_000)
    lagging_task = snapshot.task_rows.get(status="lagging").task
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("login") + "?next=" + reverse("dashboards:index"))
            page.fill("input[name=username]", olivia.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"**{reverse('dashboards:overview', args=[plan_000.key])}")
            # It opens on the latest period whose deadline passed; 2022Q3 is one choice away.
            assert "2022Q4" in page.locator("select[name=period]").input_value()
            page.select_option("select[name=period]", "2022Q3")
            page.click("form.filters button[type=submit]")
            page.wait_for_url(re.compile(r"period=2022Q3"))
            for key in CHARTS:
                page.wait_for_selector(f"#chart-{key}.js-plotly-plot .main-svg", timeout=20000)
            page.wait_for_selector(".js-chart.drawn >> nth=3", timeout=20000)
            assert page.locator(".js-chart.drawn").count() == len(CHARTS)

            assert "2022Q3" in page.locator("select[name=period]").input_value()
            for label, value in (
                ("任务总数", snapshot.tasks),
                ("滞后", snapshot.lagging),
                ("未报送", snapshot.not_reported),
                ("已完成", snapshot.completed),
            ):
                shown = page.locator(f'a.figure[data-figure="{label}"] .value').inner_text()
                assert int(shown) == value, label
            # The drawn ranking chart holds exactly the stored completions, in rank order.
            drawn = page.evaluate("document.getElementById('chart-units').data[0].x")
            assert drawn == lead_completions
            ticks = page.locator("#chart-units .ytick text").all_text_contents()
            assert f"1. {first_unit}" in ticks
            assert page.locator("#chart-units .bars .point").count() == len(lead_completions)
            page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
            page.screenshot(path=str(ARTIFACTS / "overview_top.png"))
            page.locator("#units").screenshot(path=str(ARTIFACTS / "overview_units.png"))

            # A click on the first-ranked unit's bar opens that unit's page (charts.js).
            bar = page.locator("#chart-units .bars .point path").first.bounding_box()
            page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
            page.wait_for_url("**/dashboard/units/**")
            assert first_unit in page.locator("h1").inner_text()
            page.go_back()
            page.wait_for_selector("#table-lagging")

            page.click(f"#table-lagging a:text-is('{lagging_task.number}')")
            page.wait_for_url(f"**{reverse('dashboards:task', args=[lagging_task.pk])}")
            page.wait_for_selector("#chart-quarters.js-plotly-plot .main-svg", timeout=20000)
            assert f"任务 {lagging_task.number}" in page.locator("h1").inner_text()
            assert "滞后" in page.locator("#table-quarters").inner_text()
            assert "外出务工需求下降" in page.content()
            page.screenshot(path=str(ARTIFACTS / "task.png"), full_page=True)
            page.locator("#quarters").screenshot(path=str(ARTIFACTS / "task_quarters.png"))
            assert errors == []
        finally:
            browser.close()
    assert (ARTIFACTS / "overview.png").stat().st_size > 10_000
    assert (ARTIFACTS / "task.png").stat().st_size > 10_000
