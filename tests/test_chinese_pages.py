"""No English on any page a user reaches: the office, a reporter and a reader walk their pages
(dashboards, reporting, review, periods, reminders, bulletins, the plan import, the admin and
the browsable API) and every run of three or more Latin letters that people read is on an
allow-list of what is not English prose: plan keys, period labels, file types, units, user
names and the few technical words the interface names on purpose (API, Excel, Token)."""

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Region, Unit
from progress.models import ProgressReport
from reports import selectors
from reports.snapshots import snapshot_compute
from tasks.models import PlanImport
from tests.conftest import PASSWORD, SOURCES
from tests.reports.test_dashboards import PLAN_KEY, build_progress

pytestmark = pytest.mark.django_db

# Words that are not English prose: technical names the interface uses on purpose, file types,
# units of measure, and the test's own user names (data, shown as typed).
ALLOWED = {
    "api",
    "excel",
    "token",
    "authorization",
    "javascript",
    "csrf",
    "json",
    "xlsx",
    "docx",
    "txt",
    "doc",
    "xls",
    "wps",
    "word",
    "pdf",
    "crontab",
    "docs",
    "auth",
    "alice",
    "bob",
    "carol",
    "leo",
    "olivia",
    "rita",
}
WORD = re.compile(r"[A-Za-z]{3,}")
HIDDEN = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1>|<!--.*?-->"
    r"|<select\b[^>]*name=\"(?:format|_content_type)\".*?</select>",
    re.S | re.I,
)
ACRONYM = re.compile(r"^[A-Z]+$")  # GET, POST, RCEP in a task's text: names, not prose


def shown_words(page):
    """The Latin words of a page as people read it: the text between tags (scripts, styles
    and comments dropped)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", HIDDEN.sub(" ", page)))
    # Media types, URLs and paths written out (/api/v1/…) and file names are not prose.
    text = re.sub(r"\b[a-z]+/[a-z0-9.+-]+", " ", text)
    text = re.sub(r"(?:https?://|/)[\w./{}?=&%-]*", " ", text)
    text = re.sub(r"[\w-]+\.(?:xlsx|docx|txt|pdf|csv)\b", " ", text)
    return {
        word
        for word in WORD.findall(text)
        if word.lower() not in ALLOWED and not ACRONYM.match(word)
    }


def english_on(client, url, *, api=False):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, (url, response.status_code)
    page = response.content.decode()
    if api:
        # The browsable API shows the response as JSON, whose keys are the API's own names.
        page = re.sub(r'<div class="response-info".*?</div>', " ", page, flags=re.S)
    return shown_words(page)


def walk(client, user, urls):
    assert client.login(username=user.username, password=PASSWORD)
    found = {}
    for url in urls:
        api = url.startswith("/api/")
        words = english_on(client, url, api=api)
        if words:
            found[url] = sorted(words)
    client.logout()
    assert not found, "English on these pages:\n" + json.dumps(found, ensure_ascii=False, indent=1)


@pytest.fixture
def figures(plan_000, alice, bob, carol):
    build_progress(plan_000, alice, bob, carol)
    for period in plan_000.periods.all():
        snapshot_compute(plan=plan_000, period=period)
    return plan_000


def _common_pages(plan):
    task_1 = plan.tasks.get(number="1")
    prefecture = plan.region
    kaili = Unit.objects.get(name="凯里市人民政府")
    return [
        reverse("dashboards:overview", args=[PLAN_KEY]) + "?period=2022Q3",
        reverse("dashboards:overview", args=[PLAN_KEY]) + "?period=2022Q4",
        reverse("dashboards:task_list", args=[PLAN_KEY]) + "?period=2022Q3&status=lagging",
        reverse("dashboards:task", args=[task_1.pk]),
        reverse("dashboards:region", args=[prefecture.code]),
        reverse("dashboards:region", args=[kaili.region.code]),
        reverse("dashboards:region", args=[Region.objects.get(code="520000").code]),
        reverse("reports:reminders"),
        reverse("reports:bulletins"),
    ]


def test_the_office_reads_no_english_on_any_page(client, figures, olivia, alice):
    plan = figures
    from progress.services import instruction_add
    from reports.supervision.sending import reminders_send_by_hand

    # A 督办单 and a 批示 on the pages that show them (the reminders, a unit's home, a task).
    reminders_send_by_hand(user=olivia, period=plan.periods.get(quarter=3))
    instruction_add(user=olivia, task=plan.tasks.get(number="1"), text="请加快推进。")
    report = ProgressReport.objects.filter(task__plan=plan, task__number="1").first()
    data = next(SOURCES.glob("000_*.txt")).read_bytes()
    client.login(username=olivia.username, password=PASSWORD)
    response = client.post(
        reverse("tasks:import"), {"file": SimpleUploadedFile("计划.txt", data), "layout": ""}
    )
    assert response.status_code == 302
    client.logout()
    plan_import = PlanImport.objects.get()
    unit = alice.profile.unit
    pages = _common_pages(plan) + [
        reverse("dashboards:unit", args=[unit.pk]) + f"?plan={PLAN_KEY}&period=2022Q3",
        reverse("review:queue"),
        reverse("review:workbench"),
        reverse("reports:reminders_send") + f"?plan={PLAN_KEY}&period=2022Q3",
        reverse("progress:periods"),
        reverse("progress:report_detail", args=[report.pk]),
        reverse("progress:report_form", args=[PLAN_KEY, "2022Q3", "1"]) + f"?unit={unit.pk}",
        reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q3&unit={unit.pk}",
        reverse("tasks:import"),
        reverse("tasks:import_review", args=[plan_import.pk]),
        "/admin/",
        "/admin/auth/user/",
        "/admin/plans/plan/",
        "/admin/plans/unit/",
        "/admin/progress/period/",
        "/admin/progress/progressreport/",
        f"/admin/progress/progressreport/{report.pk}/change/",
        "/admin/tasks/task/",
        "/admin/reports/snapshot/",
        "/admin/reports/reminder/",
        "/admin/django_celery_beat/periodictask/",
        "/api/v1/",
        "/api/v1/units/",
        f"/api/v1/progress/{report.pk}/history/",
        f"/api/v1/completion/?plan={plan.pk}&period=2022Q3",
        "/api/v1/reminders/",
        f"/api/v1/tasks/{plan.tasks.get(number='1').pk}/instructions/",
    ]
    walk(client, olivia, pages)


def test_a_reporter_reads_no_english_on_any_page(client, figures, alice):
    plan = figures
    report = ProgressReport.objects.filter(unit=alice.profile.unit, task__number="1").first()
    pages = _common_pages(plan) + [
        reverse("dashboards:unit", args=[alice.profile.unit.pk]) + f"?plan={PLAN_KEY}",
        reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q3",
        reverse("progress:report_form", args=[PLAN_KEY, "2022Q3", "1"]),
        reverse("progress:report_form", args=[PLAN_KEY, "2022Q4", "1"]),
        reverse("progress:report_detail", args=[report.pk]),
        reverse("progress:template_upload", args=[PLAN_KEY, "2022Q3"]),
        "/api/v1/",
        "/api/v1/progress/",
    ]
    walk(client, alice, pages)


def test_a_reader_reads_no_english_on_any_page(client, figures, rita, carol):
    plan = figures
    kaili = carol.profile.unit
    snapshot = selectors.latest_snapshot(plan, plan.periods.get(quarter=3))
    pages = _common_pages(plan) + [
        reverse("dashboards:unit", args=[kaili.pk]) + f"?plan={PLAN_KEY}&period=2022Q3",
        reverse("review:queue"),
        "/api/v1/",
        "/api/v1/plans/",
        f"/api/v1/plans/{plan.pk}/",
        f"/api/v1/completion/?plan={plan.pk}&period=2022Q3&snapshot={snapshot.pk}",
    ]
    walk(client, rita, pages)


def test_a_reports_history_reads_as_people_write_it(client, figures, alice):
    """Field names in Chinese, states as 草稿 → 已报送, actual values by metric in the target's
    written unit, on the report page, the task page, the admin and in the API."""
    report = ProgressReport.objects.get(
        unit=alice.profile.unit, task__number="1", period__quarter=3
    )
    assert client.login(username=alice.username, password=PASSWORD)
    page = client.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    history = page[page.index("修改历史") :]
    assert "<strong>状态</strong>：草稿 → 已报送" in history
    assert "<strong>进展情况</strong>：（空） → 转移就业7600人" in history
    assert "<strong>实际值·农村劳动力转移就业</strong>：（空） → 7600人" in history
    assert "<strong>存在问题</strong>：（空） → 外出务工需求下降" in history
    for raw in ("narrative", "draft", "submitted", "{'"):
        assert raw not in history
    task_page = client.get(reverse("dashboards:task", args=[report.task_id])).content.decode()
    assert "<strong>状态</strong>：草稿 → 已报送" in task_page
    body = client.get(f"/api/v1/progress/{report.pk}/history/").json()
    submitted = body["results"][-1]
    assert submitted["changes"]["state"] == ["draft", "submitted"]  # raw values for machines
    assert {"field": "state", "label": "状态", "before": "草稿", "after": "已报送"} in (
        submitted["changes_display"]
    )


def test_every_dashboard_download_has_a_chinese_file_name(client, figures, olivia, alice):
    plan = figures
    task_1 = plan.tasks.get(number="1")
    unit = alice.profile.unit
    assert client.login(username=olivia.username, password=PASSWORD)
    expected = {
        reverse("dashboards:overview_download", args=[PLAN_KEY, "units"])
        + "?period=2022Q3": f"{plan.title}_2022Q3_牵头单位排名.xlsx",
        reverse("dashboards:task_list_download", args=[PLAN_KEY, "tasks"])
        + "?period=2022Q3&status=lagging": f"{plan.title}_2022Q3_任务清单 · 滞后.xlsx",
        reverse("dashboards:task_download", args=[task_1.pk, "quarters"]): (
            f"{plan.title}_任务1_各季度完成情况.xlsx"
        ),
        reverse("dashboards:unit_download", args=[unit.pk, "tasks"])
        + f"?plan={PLAN_KEY}&period=2022Q3": f"{unit.name}_{plan.title}_2022Q3_本单位任务.xlsx",
        reverse("dashboards:region_download", args=[plan.region.code, "plans"]): (
            f"{plan.region.name}_各计划完成情况.xlsx"
        ),
    }
    from urllib.parse import quote

    for url, name in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"


def test_the_import_pages_name_layouts_and_levels_in_chinese(client, olivia):
    data = next(SOURCES.glob("001_*.txt")).read_bytes()
    assert client.login(username=olivia.username, password=PASSWORD)
    form = client.get(reverse("tasks:import")).content.decode()
    for label in ("表格版式（计划表）", "措施版式（行动方案）", "指标版式（规划）"):
        assert label in form
    response = client.post(
        reverse("tasks:import"), {"file": SimpleUploadedFile("册亨.txt", data), "layout": ""}
    )
    page = client.get(response["Location"]).content.decode()
    assert "<tr><th>版式</th><td>措施版式（行动方案）</td></tr>" in page
    assert "册亨县 · 县级" in page
    assert "measures" not in page and "county" not in page
