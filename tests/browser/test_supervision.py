"""In a real browser: the office sends 催办 now for a period past its deadline, opens a unit's
督办单 (.docx, read back with python-docx) and writes a 批示 on a task; the unit's reporter
then finds the open 督办单 and the 批示 on her tasks page. Screenshots under tests/artifacts/."""

import pytest
from django.urls import reverse
from docx import Document

from reports.models import Reminder
from tasks.models import Task
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, _chromium
from tests.browser.test_phone_and_review import PLAN_KEY, _login

pytestmark = pytest.mark.browser

INSTRUCTION = "请抓紧补报任务1的进展，并说明逾期原因。"


def _office_sends_and_instructs(browser, server, olivia, task, unit):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _login(page, server, olivia)
    page.wait_for_url(f"**{reverse('review:workbench')}")
    page.goto(f"{server.url}{reverse('reports:reminders')}")
    page.click("text=手动催办")
    page.goto(f"{server.url}{reverse('reports:reminders_send')}?plan={PLAN_KEY}&period=2022Q3")
    page.wait_for_selector("#preview")
    preview = page.locator("#preview").inner_text()
    assert "督办单（黄）" in preview and unit.name in preview
    page.screenshot(path=str(ARTIFACTS / "reminders_send_preview.png"), full_page=True)
    page.click("button[name=scope][value=all]")
    page.wait_for_selector(".messages .msg-success")
    assert "已向" in page.locator(".messages").inner_text()
    page.screenshot(path=str(ARTIFACTS / "reminders_sent.png"))

    # (No database from here on: playwright's loop makes this thread an async context.)
    link = page.locator("tbody tr", has_text=unit.name).locator("a", has_text="Word")
    with page.expect_download() as download:
        link.first.click()
    path = ARTIFACTS / "督办单.docx"
    download.value.save_as(str(path))
    assert download.value.suggested_filename.endswith(".docx")

    page.goto(f"{server.url}{reverse('dashboards:task', args=[task.pk])}")
    page.fill("#instructions textarea[name=text]", INSTRUCTION)
    page.click("#instructions button[type=submit]")
    page.wait_for_selector(".messages .msg-success")
    assert INSTRUCTION in page.locator("#instructions").inner_text()
    page.screenshot(path=str(ARTIFACTS / "task_instruction.png"))
    assert errors == []
    page.close()
    return path


def test_office_sends_a_notice_now_and_the_unit_sees_it_and_a_leaders_instruction(
    live_server, transactional_db, plan_000, olivia, alice
):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    unit = alice.profile.unit
    task = Task.objects.get(plan=plan_000, number="1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            path = _office_sends_and_instructs(browser, live_server, olivia, task, unit)
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            _login(page, live_server, alice)
            page.wait_for_url(f"**{reverse('progress:my_tasks')}")
            notices = page.locator("#open-notices").inner_text()
            assert "未办结的督办单" in notices
            assert INSTRUCTION in page.locator("#instructions").inner_text()
            page.screenshot(path=str(ARTIFACTS / "my_tasks_notices.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()

    reminder = Reminder.objects.get(unit=unit, manual=True)
    assert reminder.number and reminder.number in notices
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert reminder.number and reminder.number in text
    assert unit.name in text
    numbers = {row.cells[0].text for table in document.tables for row in table.rows}
    assert "1" in numbers
