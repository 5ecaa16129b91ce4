"""In a real browser (Debian's headless Chromium driven by playwright): a reporter on a phone
360 px wide opens her tasks, fills in a report and submits it without sideways scrolling; the
office ticks 50 reports in the queue and approves them in one action. Screenshots are kept
under tests/artifacts/."""

from decimal import Decimal

import pytest
from django.urls import reverse

from progress.models import ProgressReport
from reports.snapshots import recomputes_deferred, snapshot_compute
from tasks.models import TaskAssignment
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, _chromium
from tests.conftest import PASSWORD, _person
from tests.reports.test_review_queue import at, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
PLAN_KEY = "000_c5d4690d8c15b8df"


def _login(page, server, user):
    page.goto(server.url + reverse("login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_reporter_submits_a_report_on_a_360px_phone(live_server, transactional_db, alice):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True)
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("login"))
            _no_sideways_scrolling(page)
            _login(page, live_server, alice)
            # A reporter lands on her tasks.
            page.wait_for_url(f"**{reverse('progress:my_tasks')}")
            page.select_option("select[name=period]", "2022Q3")
            page.click("form.filters button[type=submit]")
            page.wait_for_selector("#task-39")
            _no_sideways_scrolling(page)
            assert "已逾期" in page.locator("#task-39").inner_text()
            page.screenshot(path=str(ARTIFACTS / "phone_my_tasks.png"), full_page=True)
            page.locator("#task-39").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "phone_my_tasks_task39.png"))

            page.click("#task-39 a.button")
            page.wait_for_selector("textarea[name=narrative]")
            _no_sideways_scrolling(page)
            page.fill("textarea[name=narrative]", "已组织宣传，覆盖全州大中型企业。")
            page.fill("input[name=percent]", "100")
            page.fill("textarea[name=next_steps]", "继续跟踪。")
            page.screenshot(path=str(ARTIFACTS / "phone_form.png"), full_page=True)
            page.click("button[value=submit]")
            page.wait_for_selector(".messages .msg-success")
            assert "任务39的进展已报送" in page.locator(".messages").inner_text()
            _no_sideways_scrolling(page)
            page.screenshot(path=str(ARTIFACTS / "phone_submitted.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
    report = ProgressReport.objects.get(task__number="39", unit=alice.profile.unit)
    assert (report.state, report.period.label) == ("submitted", "2022Q3")
    assert (ARTIFACTS / "phone_form.png").stat().st_size > 10_000


def _fifty_reports(plan):
    """50 reports of the 000 plan submitted by a unit-writing office person, figures computed
    once at the end."""
    oscar = _person("oscar", "office")
    assignments = TaskAssignment.objects.filter(task__plan=plan).select_related("task", "unit")
    periods = list(plan.periods.order_by("quarter"))
    made = []
    with recomputes_deferred():
        for assignment in assignments.order_by("task__order", "unit__name")[:17]:
            for period in periods:
                if len(made) < 50:
                    made.append(
                        submit(
                            oscar,
                            assignment.task,
                            period,
                            unit=assignment.unit,
                            when=at(period.quarter * 3, 10),
                            share=Decimal("0.5"),
                        )
                    )
    for period in periods:
        snapshot_compute(plan=plan, period=period)
    return made


def test_the_office_approves_50_reports_in_one_action(
    live_server, transactional_db, plan_000, olivia
):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    made = _fifty_reports(plan_000)
    assert len(made) == 50
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            _login(page, live_server, olivia)
            # The office lands on its workbench; its count of reports waiting leads to the queue.
            page.wait_for_url(f"**{reverse('review:workbench')}")
            waiting = page.locator('a.figure[data-figure="待审核"]')
            assert waiting.locator(".value").inner_text() == "50"
            waiting.click()
            page.wait_for_selector("#bulk-review")
            assert page.locator("#queue-count").inner_text() == "50"
            page.screenshot(path=str(ARTIFACTS / "review_queue.png"))
            page.check("#select-all")
            assert page.locator("input[name=ids]:checked").count() == 50
            page.click("button[value=approve]")
            page.wait_for_selector(".messages li")
            assert page.locator(".messages").inner_text().strip() == "已审核通过 50 份。"
            assert page.locator("#queue-count").inner_text() == "0"
            page.screenshot(path=str(ARTIFACTS / "review_queue_approved.png"))
            assert errors == []
        finally:
            browser.close()
    states = ProgressReport.objects.filter(pk__in=[r.pk for r in made]).values_list(
        "state", flat=True
    )
    assert set(states) == {"approved"}
    for report in made:
        assert report.events.filter(action="approve").count() == 1
