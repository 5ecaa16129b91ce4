"""The office prints the overview: in headless Chromium with print media emulated every chart
is redrawn at the paper's size inside a box of its own height, no chart covers a table (the
boxes are measured), the county x quarter heat map is a plotly heatmap of the stored figures,
and the page printed to PDF (A4 landscape) is kept with screenshots under tests/artifacts/."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from reports import selectors
from reports.snapshots import snapshot_compute
from tests.browser.test_overview import ARTIFACTS, CHARTS, CHROMIUM_ARGS, ROOT, _chromium
from tests.conftest import PASSWORD
from tests.reports.test_dashboards import build_progress

pytestmark = pytest.mark.browser

# Every chart's box, the drawing inside it, and every table's box, in page coordinates.
BOXES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  return {
    charts: Array.from(document.querySelectorAll('.js-chart')).map((c) => ({
      id: c.id, box: box(c), drawing: box(c.querySelector('.main-svg')),
      table: box(c.closest('section').querySelector('table.data')) })),
    tables: Array.from(document.querySelectorAll('table')).map(box),
  };
}"""


# Every chart on paper: redrawn 1000 px wide (charts.js PAPER_WIDTH).
PAPER_DRAWN = """() => {
  const charts = Array.from(document.querySelectorAll('.js-chart'));
  return charts.length > 0 && charts.every((c) => c.classList.contains('on-paper')
    && Math.abs(c.querySelector('.main-svg').getBoundingClientRect().width - 1000) < 2);
}"""
# Every chart back on screen: as wide as its box.
SCREEN_DRAWN = """() => Array.from(document.querySelectorAll('.js-chart')).every((c) =>
  !c.classList.contains('on-paper')
  && Math.abs(c.querySelector('.main-svg').getBoundingClientRect().width - c.clientWidth) < 2)"""
WIDTHS = """() => [matchMedia('print').matches].concat(Array.from(
  document.querySelectorAll('.js-chart')).map((c) => [c.id, c.className, c.clientWidth,
  c.querySelector('.main-svg').getBoundingClientRect().width, c._fullLayout.width,
  c.layout.width, c.layout.autosize, getComputedStyle(c).width]))"""


def _wait_until(page, condition, what):
    """Wait (a loaded machine may take a while) and say what the charts were like if not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=60000)
    except PlaywrightTimeout:
        pytest.fail(f"{what}: not within 60 s; print media, charts: {page.evaluate(WIDTHS)}")


def _overlap(a, b):
    return (
        a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
        and (a["left"] < b["right"] and b["left"] < a["right"])
    )


def _login(page, base, user, next_url):
    page.goto(base + reverse("login") + "?next=" + next_url)
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_office_prints_the_overview_with_no_chart_over_a_table(
    live_server, transactional_db, plan_000, alice, bob, carol, olivia
):
    executable = _chromium()
    if not (ROOT / "static" / "vendor" / "plotly.min.js").exists():
        from django.core.management import call_command

        call_command("vendor_static")
    build_progress(plan_000, alice, bob, carol)
    for period in plan_000.periods.all():
        snapshot_compute(plan=plan_000, period=period)
    q3 = selectors.latest_snapshot(plan_000, plan_000.periods.get(quarter=3))
    kaili = q3.unit_rows.get(unit__name="凯里市人民政府", role="county")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = reverse("dashboards:overview", args=[plan_000.key]) + "?period=2022Q3"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            _login(page, live_server.url, olivia, url)
            page.wait_for_url(re.compile(r"period=2022Q3"))
            page.wait_for_selector(f".js-chart.drawn >> nth={len(CHARTS) - 1}", timeout=20000)

            # The heat map: a plotly heatmap whose cells are the stored county completions.
            heat = page.evaluate("document.getElementById('chart-counties').data[0]")
            assert heat["type"] == "heatmap"
            row = heat["y"].index("凯里市人民政府")
            assert heat["z"][row][heat["x"].index("2022Q3")] == kaili.completion
            assert page.locator("#chart-counties .hm").count() == 1  # drawn as a heat map
            page.locator("#counties").screenshot(path=str(ARTIFACTS / "overview_heatmap.png"))

            # On screen too, every drawing stays inside its box and off every table (the heat
            # map's table stands beside it).
            boxes = page.evaluate(BOXES)
            for chart in boxes["charts"]:
                assert chart["drawing"]["bottom"] <= chart["box"]["bottom"] + 1, chart["id"]
                for table in boxes["tables"]:
                    assert not _overlap(chart["box"], table), (chart["id"], table)

            # Print media: every chart redrawn at the paper's width, none over any table.
            page.emulate_media(media="print")
            _wait_until(page, PAPER_DRAWN, "charts redrawn for paper")
            boxes = page.evaluate(BOXES)
            assert len(boxes["charts"]) == len(CHARTS)
            for chart in boxes["charts"]:
                drawing, box = chart["drawing"], chart["box"]
                assert box["top"] - 1 <= drawing["top"], chart["id"]
                assert drawing["bottom"] <= box["bottom"] + 1, chart["id"]
                assert drawing["right"] <= box["right"] + 1, chart["id"]
                assert box["bottom"] <= chart["table"]["top"], chart["id"]
                for table in boxes["tables"]:
                    assert not _overlap(box, table), (chart["id"], box, table)
            page.screenshot(path=str(ARTIFACTS / "overview_print.png"), full_page=True)
            pdf = ARTIFACTS / "overview.pdf"
            page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)

            # Back on screen the charts take their boxes' width again.
            page.emulate_media(media="screen")
            _wait_until(page, SCREEN_DRAWN, "charts redrawn for the screen")
            assert errors == []
        finally:
            browser.close()

    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # The headline on the first page, then one page at least per chart section.
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1 + len(CHARTS)
    if shutil.which("pdftoppm"):  # pages as pictures too, for a person to look at
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / "overview_pdf")],
            check=True,
            timeout=120,
        )
        assert (ARTIFACTS / "overview_pdf-01.png").exists() or (
            ARTIFACTS / "overview_pdf-1.png"
        ).exists()
