"""Chinese where people look, in headless Chromium: a reporter reads their report's history
(field names, 草稿 → 已报送, values in the written unit), the office downloads a dashboard
table and the reports export under Chinese file names, a reader opens the browsable API at
接口目录; screenshots under tests/artifacts/."""

import re

import pytest
from django.urls import reverse

from progress.models import ProgressReport
from reports.snapshots import snapshot_compute
from tests.browser.test_dashboards_print import _login
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, _chromium
from tests.reports.test_dashboards import build_progress

pytestmark = pytest.mark.browser


def test_people_read_chinese_history_file_names_and_api(
    live_server, transactional_db, plan_000, alice, bob, carol, olivia, rita
):
    executable = _chromium()
    build_progress(plan_000, alice, bob, carol)
    for period in plan_000.periods.filter(quarter__in=(2, 3)):
        snapshot_compute(plan=plan_000, period=period)
    report = ProgressReport.objects.get(
        unit=alice.profile.unit, task__number="1", period__quarter=3
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            # A reporter reads the history of their report.
            context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="zh-CN")
            page = context.new_page()
            detail = reverse("progress:report_detail", args=[report.pk])
            _login(page, base, alice, detail)
            page.wait_for_url(f"**{detail}")
            history = page.locator("table").last.inner_text()
            assert "状态：草稿 → 已报送" in history
            assert "实际值·农村劳动力转移就业：（空） → 7600人" in history
            assert not re.search(r"narrative|draft|submitted", history)
            page.screenshot(path=str(ARTIFACTS / "report_history.png"), full_page=True)
            context.close()

            # The office downloads a table and the export: Chinese file names.
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True
            )
            page = context.new_page()
            overview = reverse("dashboards:overview", args=[plan_000.key]) + "?period=2022Q3"
            _login(page, base, olivia, overview)
            page.wait_for_url(re.compile(r"period=2022Q3"))
            with page.expect_download() as info:
                page.locator("#units a.button", has_text="下载 Excel").click()
            assert info.value.suggested_filename == f"{plan_000.title}_2022Q3_牵头单位排名.xlsx"
            export = f"/api/v1/exports/reports/?plan={plan_000.pk}&period=2022Q3&format=csv"
            with page.expect_download() as info:
                page.evaluate(f"window.location.href = {export!r}")
            assert info.value.suggested_filename == f"{plan_000.title}_2022Q3_进展报告明细.csv"
            saved = ARTIFACTS / "reports_export.csv"
            info.value.save_as(str(saved))
            assert saved.read_bytes().decode("utf-8-sig").startswith("计划,报告期,任务序号")
            context.close()

            # A reader opens the browsable API.
            page = browser.new_page(viewport={"width": 1300, "height": 900}, locale="zh-CN")
            _login(page, base, rita, "/api/v1/")
            page.wait_for_url("**/api/v1/")
            assert page.locator("h1").inner_text() == "接口目录"
            assert "计划任务跟踪系统" in page.locator(".navbar-brand").inner_text()
            assert "Api Root" not in page.content()
            page.screenshot(path=str(ARTIFACTS / "api_root.png"), full_page=True)
        finally:
            browser.close()
