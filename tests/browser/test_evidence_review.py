"""In a real browser: a reporter attaches a photo and a PDF to her report and submits it; the
office finds it in the review queue with its 佐证材料 counted, opens it, sees the photo's
thumbnail drawn and the PDF listed, and downloads the PDF. Screenshots under tests/artifacts/."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from progress.models import ProgressReport
from tests.browser.test_mobile import _photo
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, _chromium
from tests.browser.test_phone_and_review import PLAN_KEY, _login
from tests.conftest import PASSWORD
from tests.progress import files

DESKTOP = {"width": 1400, "height": 1000}


def _reporter_attaches_and_submits(browser, server, alice):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    my_tasks = reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q3"
    page.goto(server.url + reverse("login") + "?next=" + quote(my_tasks))
    page.fill("input[name=username]", alice.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#task-39")
    page.click("#task-39 a.button")
    page.wait_for_selector("textarea[name=narrative]")
    page.fill("textarea[name=narrative]", "已在各县（市）开展宣传12场，附现场照片和通知文件。")
    page.fill("input[name=percent]", "100")
    page.click("button[value=save]")
    for name, mime, data in (
        ("宣传现场照片.jpg", "image/jpeg", _photo()),
        ("宣传通知.pdf", "application/pdf", files.pdf("Notice")),
    ):
        page.wait_for_selector("input[type=file][name=file]")
        page.set_input_files(
            "input[type=file][name=file]", {"name": name, "mimeType": mime, "buffer": data}
        )
        page.click("form.file-upload button[type=submit]")
        page.wait_for_selector(".messages .msg-success")
        assert f"已上传佐证材料“{name}”" in page.inner_text(".messages")
    assert page.locator("#attachments li.file").count() == 2
    page.screenshot(path=str(ARTIFACTS / "evidence_report_form.png"), full_page=True)
    page.click("button[value=submit]")
    page.wait_for_selector(".msg-success")
    assert "已报送" in page.inner_text(".messages")
    assert errors == []
    page.close()


def _office_reviews(browser, server, olivia, report_id):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _login(page, server, olivia)
    page.wait_for_url(f"**{reverse('review:workbench')}")
    page.goto(f"{server.url}{reverse('review:queue')}?plan={PLAN_KEY}&period=2022Q3")
    # Its 佐证材料 counted in the queue, a link to them.
    counted = page.locator(f'td[data-col=attachments] a[href*="/reports/{report_id}/"]')
    assert counted.inner_text() == "2 个"
    page.screenshot(path=str(ARTIFACTS / "evidence_review_queue.png"))
    counted.click()
    page.wait_for_selector("#attachments .file img")
    drawn = page.evaluate("document.querySelector('#attachments .file img').naturalWidth")
    assert drawn > 0
    listed = page.inner_text("#attachments")
    assert "宣传现场照片.jpg" in listed and "宣传通知.pdf" in listed
    page.locator("#attachments").screenshot(path=str(ARTIFACTS / "evidence_review.png"))
    with page.expect_download() as download:
        page.click("#attachments a.file-name:has-text('宣传通知.pdf')")
    path = ARTIFACTS / "宣传通知.pdf"
    download.value.save_as(str(path))
    assert errors == []
    page.close()
    return path


@pytest.mark.browser
def test_office_sees_a_reports_photo_and_pdf_in_review(
    live_server, transactional_db, plan_000, alice, olivia
):
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            _reporter_attaches_and_submits(browser, live_server, alice)
        finally:
            browser.close()
    # (Outside playwright's loop: the database may be read here.)
    report = ProgressReport.objects.get(task__plan__key=PLAN_KEY, task__number="39")
    assert report.state == "submitted"
    assert sorted(report.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            path = _office_reviews(browser, live_server, olivia, report.pk)
        finally:
            browser.close()
    assert path.read_bytes().startswith(b"%PDF")
