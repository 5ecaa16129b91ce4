"""The region view's drill-down, as a reader uses it: 黔东南州 lists each county with the
county's own stored figures in the prefecture's plan, each county's page shows its own roll-up
row and its own expected reports (light and sentence) in that plan beside the plans it issued
itself, the counties x plans matrix holds the stored completions, and the pages read a fixed
number of queries."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Region, Unit
from reports import rules, selectors
from reports.dashboards import frames
from reports.models import SnapshotEntry
from reports.snapshots import snapshot_compute
from tests.reports.test_dashboards import build_progress, figure, login, table_rows

pytestmark = pytest.mark.django_db

QDN, KAILI, CEHENG = "522600", "522601", "522327"


def region_url(code, period="2022Q3"):
    return reverse("dashboards:region", args=[code]) + (f"?period={period}" if period else "")


@pytest.fixture
def q3(plan_000, alice, bob, carol):
    """The 2022Q3 snapshot after the reports of test_dashboards (凯里市 reported task 39)."""
    return build_progress(plan_000, alice, bob, carol)["2022Q3"]


def test_the_prefecture_lists_each_county_with_its_own_figures(client, rita, q3):
    page = login(client, rita).get(region_url(QDN)).content.decode()
    stored = list(q3.unit_rows.filter(role="county").select_related("unit").order_by("rank"))
    assert len(stored) == 16
    rows = table_rows(page, f"lower-{q3.plan_id}")
    completed = 3 + list(rules.STATUS_LABELS).index("completed")
    assert [r[0] for r in rows] == [s.unit.region.short_name for s in stored]
    kaili = next(s for s in stored if s.unit.name == "凯里市人民政府")
    row = next(r for r in rows if r[0] == "凯里市")
    statuses = len(rules.STATUS_LABELS)
    assert row[1] == str(kaili.rank) == "1"  # 凯里市 reported, the others did not
    assert row[2] == str(kaili.tasks)
    assert row[completed] == str(kaili.completed)
    assert row[3 + statuses] == rules.percent_text(kaili.completion)
    assert row[3 + statuses + 4] == rules.percent_text(kaili.reporting_rate)
    # Every county links to its own page, keeping the period.
    for county in Region.objects.filter(parent__code=QDN):
        assert f'href="{region_url(county.code)}"' in page.replace("&amp;", "&")
    # With one plan of its own the prefecture needs no counties x plans matrix.
    assert 'id="table-matrix"' not in page


def test_the_counties_by_plans_matrix_holds_the_stored_completions(q3):
    """frames.governments_by_plan (a pandas pivot) moves each stored row into its cell."""
    counties = list(Region.objects.filter(parent__code=QDN).order_by("code"))
    rows = list(selectors.lower_government_rows([q3]))
    values = frames.governments_by_plan(rows, counties, [(q3.plan, q3.period, q3)])
    stored = {row.unit.region_id: row.completion for row in rows}
    assert values == [[stored[c.pk]] for c in counties]
    nothing = frames.governments_by_plan([], counties, [(q3.plan, q3.period, q3)])
    assert nothing == [[None]] * len(counties)


def test_a_county_shows_its_own_figures_and_its_own_reports_lights_and_sentences(client, rita, q3):
    kaili = Unit.objects.get(name="凯里市人民政府")
    page = login(client, rita).get(region_url(KAILI)).content.decode()
    stored = q3.unit_rows.get(unit=kaili, role="county")
    assert "本级在上级计划中的完成情况" in page
    assert f"第{stored.rank}名" in page
    assert f"（共{q3.unit_rows.filter(role='county').count()}个）" in page
    assert rules.percent_text(stored.completion) in page
    entries = list(
        SnapshotEntry.objects.filter(snapshot=q3, unit=kaili)
        .select_related("task", "snapshot__period")
        .order_by("task__order")
    )
    rows = table_rows(page, f"own-{q3.plan_id}")
    assert len(rows) == len(entries) == stored.tasks
    own = next(r for r in rows if r[0] == "39")
    entry = next(e for e in entries if e.task.number == "39")
    assert (own[4], own[5], own[6], own[7]) == (
        rules.percent_text(entry.completion),
        rules.STATUS_LABELS[entry.status],
        rules.LIGHT_LABELS[entry.light],
        entry.reason,
    )
    assert own[5] == "滞后"  # its own 50%, not the task's figure
    # The way back up, and to the plan's overview in the same period.
    assert f'href="{region_url(QDN)}"' in page.replace("&amp;", "&")
    overview = reverse("dashboards:overview", args=[q3.plan.key]) + "?period=2022Q3"
    assert overview in page.replace("&amp;", "&")


def test_a_county_lists_the_plans_it_issued_itself(client, rita, loaded_plans, q3):
    page = login(client, rita).get(region_url(CEHENG, None)).content.decode()
    titles = [r[0] for r in table_rows(page, "plans")]
    assert titles == [loaded_plans["001"].title]
    assert "册亨县" in page


def test_region_downloads_read_back_with_the_stored_figures(client, olivia, q3):
    login(client, olivia)
    url = reverse("dashboards:region_download", args=[QDN, f"lower-{q3.plan_id}"])
    response = client.get(url + "?period=2022Q3")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    kaili = q3.unit_rows.get(unit__name="凯里市人民政府", role="county")
    assert rows["凯里市"][header.index("平均完成率")] == kaili.completion
    assert rows["凯里市"][header.index("排名")] == kaili.rank
    url = reverse("dashboards:region_download", args=[KAILI, f"own-{q3.plan_id}"])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url + "?period=2022Q3").content)).active
    assert sheet.max_row - 2 == q3.unit_rows.get(unit__name="凯里市人民政府", role="county").tasks


def test_region_pages_read_a_fixed_number_of_queries(client, rita, q3):
    login(client, rita)
    counts = {}
    for code in (QDN, KAILI, "522634", "520000"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(region_url(code)).status_code == 200
        counts[code] = len(queries)
    assert counts[KAILI] == counts["522634"]  # two counties, one with reports, one without
    assert max(counts.values()) <= 25, counts


def test_a_period_that_is_not_one_falls_back_to_each_plans_default(client, rita, q3):
    snapshot_compute(plan=q3.plan, period=q3.plan.periods.get(quarter=4))
    login(client, rita)
    page = client.get(region_url(QDN, "2022Q9")).content.decode()
    assert "（2022Q4）" in page  # the default period of the prefecture's plan
    assert client.get(region_url(QDN, "三季度")).status_code == 200
    chart = figure(page, "plans")["data"][0]
    assert chart["type"] == "bar"
