"""A reporter on a phone: Debian's headless Chromium as a 360 px wide touch screen, against the
live server. She opens her tasks, fills in a report, saves it, attaches a photo and submits,
and no page is ever wider than the screen. Screenshots are kept under tests/artifacts/."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from progress.models import ProgressReport
from tests.browser.test_overview import ARTIFACTS, CHROMIUM_ARGS, _chromium
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WIDTH = 360
PLAN_KEY = "000_c5d4690d8c15b8df"


def _photo():
    image = Image.new("RGB", (1600, 1200), (120, 170, 220))
    ImageDraw.Draw(image).rectangle([200, 500, 1400, 1100], fill=(200, 120, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _fits(page, what):
    """Nothing on the page is wider than the screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what}: the page is {width} px wide on a {WIDTH} px screen"


def test_a_reporter_fills_in_attaches_and_submits_on_a_360px_phone(
    live_server, transactional_db, plan_000, alice
):
    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    my_tasks = reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q2"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": WIDTH, "height": 740},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale="zh-CN",
            )
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("login") + "?next=" + quote(my_tasks))
            _fits(page, "login")
            page.fill("input[name=username]", alice.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("#task-39")
            _fits(page, "my tasks")
            page.screenshot(path=str(ARTIFACTS / "mobile_my_tasks.png"), full_page=True)

            page.click("#task-39 a")
            page.wait_for_selector("textarea[name=narrative]")
            _fits(page, "the empty form")
            assert "保存草稿后即可上传佐证材料" in page.inner_text("#attachments")
            page.fill("textarea[name=narrative]", "已在各县（市）大中型企业开展宣传12场。")
            page.fill("input[name=percent]", "100")
            page.fill("textarea[name=problems]", "暂无。")
            page.click("button[value=save]")
            page.wait_for_selector("input[type=file][name=file]")
            _fits(page, "the saved draft")

            page.set_input_files(
                "input[type=file][name=file]",
                {"name": "宣传现场照片.jpg", "mimeType": "image/jpeg", "buffer": _photo()},
            )
            page.click("form.file-upload button[type=submit]")
            page.wait_for_selector("#attachments .file img")
            assert "已上传佐证材料“宣传现场照片.jpg”" in page.inner_text(".messages")
            # The thumbnail came through the checked view and was drawn.
            drawn = page.evaluate("document.querySelector('#attachments .file img').naturalWidth")
            assert 0 < drawn <= 320
            _fits(page, "the form with a photo attached")
            page.screenshot(path=str(ARTIFACTS / "mobile_report_form.png"), full_page=True)
            page.locator("#attachments").screenshot(path=str(ARTIFACTS / "mobile_attachments.png"))

            page.click("button[value=submit]")
            page.wait_for_selector(".msg-success")
            assert "已报送" in page.inner_text(".messages")
            _fits(page, "the submitted report")
            assert "不能再添加或删除佐证材料" in page.inner_text("#attachments")
            page.screenshot(path=str(ARTIFACTS / "mobile_submitted.png"), full_page=True)

            # The report's own page, with its history, fits the screen too.
            page.click("text=报告详情与修改历史")
            page.wait_for_selector("#attachments .file img")
            assert "添加佐证材料" in page.content()
            _fits(page, "the report's page")
            assert errors == []
        finally:
            browser.close()
    report = ProgressReport.objects.get(task__plan__key=PLAN_KEY, task__number="39")
    assert report.state == "submitted"
    assert list(report.attachments.values_list("name", "content_type")) == [
        ("宣传现场照片.jpg", "image/jpeg")
    ]
    assert (ARTIFACTS / "mobile_report_form.png").stat().st_size > 10_000
