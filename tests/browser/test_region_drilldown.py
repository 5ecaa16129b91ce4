"""A reader drills down in headless Chromium: 黔东南州's region page lists its counties with
their own figures, a click on 凯里市 opens the county's page with its own rank, completion and
its own expected reports (light and sentence) in the prefecture's plan; screenshots are kept
under tests/artifacts/."""

import re

import pytest
from django.urls import reverse

from reports import rules, selectors
from reports.snapshots import snapshot_compute
from tests.browser.test_dashboards_print import _login
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, ROOT, _chromium
from tests.reports.test_dashboards import build_progress

pytestmark = pytest.mark.browser


def test_reader_drills_down_from_the_prefecture_to_a_county(
    live_server, transactional_db, plan_000, alice, bob, carol, rita
):
    executable = _chromium()
    if not (ROOT / "static" / "vendor" / "plotly.min.js").exists():
        from django.core.management import call_command

        call_command("vendor_static")
    build_progress(plan_000, alice, bob, carol)
    for period in plan_000.periods.all():
        snapshot_compute(plan=plan_000, period=period)
    q3 = selectors.latest_snapshot(plan_000, plan_000.periods.get(quarter=3))
    kaili = q3.unit_rows.select_related("unit").get(unit__name="凯里市人民政府", role="county")
    entry = q3.entries.select_related("snapshot__period").get(task__number="39", unit=kaili.unit)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefecture = reverse("dashboards:region", args=["522600"]) + "?period=2022Q3"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            _login(page, live_server.url, rita, prefecture)
            page.wait_for_url(re.compile(r"/dashboard/regions/522600/\?period=2022Q3"))
            lower = page.locator(f"#table-lower-{plan_000.pk}")
            assert lower.locator("tbody tr").count() == 16
            first = lower.locator("tbody tr").first.locator("td")
            assert first.nth(0).inner_text() == "凯里市"
            assert first.nth(1).inner_text() == str(kaili.rank)
            page.screenshot(path=str(ARTIFACTS / "region_prefecture.png"), full_page=True)

            page.locator("nav.drill a", has_text="凯里市").click()
            page.wait_for_url(re.compile(r"/dashboard/regions/522601/\?period=2022Q3"))
            assert "凯里市" in page.locator("h1").inner_text()
            own = page.locator(f"#own-{plan_000.pk}")
            assert own.locator('[data-figure="排名"] .value').inner_text() == f"第{kaili.rank}名"
            shown = own.locator('[data-figure="平均完成率"] .value').inner_text()
            assert shown == rules.percent_text(kaili.completion)
            rows = own.locator(f"#table-own-{plan_000.pk} tbody tr")
            assert rows.count() == kaili.tasks
            row = rows.filter(has=page.locator("td:first-child", has_text=re.compile("^39$")))
            cells = [c.strip() for c in row.locator("td").all_inner_texts()]
            assert cells[5:] == [
                rules.STATUS_LABELS[entry.status],
                rules.LIGHT_LABELS[entry.light],
                entry.reason,
            ]
            page.screenshot(path=str(ARTIFACTS / "region_county.png"), full_page=True)
            own.screenshot(path=str(ARTIFACTS / "region_county_own.png"))

            # And back up to the prefecture through the trail.
            page.locator(".dash-head a", has_text="黔东南州").click()
            page.wait_for_url(re.compile(r"/dashboard/regions/522600/"))
            assert errors == []
        finally:
            browser.close()
    assert (ARTIFACTS / "region_county.png").stat().st_size > 10_000
