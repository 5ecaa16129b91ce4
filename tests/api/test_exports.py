"""The long-format export of every report of a plan-period, as a statistics office pulls it:
one row per report and judged target, Chinese headers, the stored goal (a county's share where
it is judged on one), the actual reported and the snapshot's figures of the unit; .xlsx and
.csv read back; each role gets the rows it may see; errors in the one JSON shape."""

import datetime
import io
from urllib.parse import quote

import openpyxl
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import services
from progress.models import JudgedTarget, ProgressReport
from reports import rules, selectors
from reports.exports import COLUMNS
from reports.snapshots import snapshot_compute
from tests.api.helpers import assert_error, client_for, complete_for
from tests.reports.test_dashboards import at, build_progress, report, task

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/reports/"
HEADERS = [label for _, label in COLUMNS]


@pytest.fixture
def q3(plan_000, alice, bob, carol):
    build_progress(plan_000, alice, bob, carol)
    period = plan_000.periods.get(quarter=3)
    return snapshot_compute(plan=plan_000, period=period, now=at(9, 25))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    return header, [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_the_office_gets_every_report_one_row_per_judged_target_as_xlsx(q3, olivia):
    plan, period = q3.plan, q3.period
    response = client_for(olivia).get(URL, {"plan": plan.pk, "period": "2022Q3"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"{plan.title}_2022Q3_进展报告明细.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    header, rows = xlsx_rows(response)
    assert header == HEADERS
    t1 = task(plan, "1")
    judged = list(JudgedTarget.objects.filter(period=period, task=t1).order_by("order"))
    alice_rows = [r for r in rows if r["任务序号"].value == "1"]
    assert len(alice_rows) == len(judged) == 2
    people = next(r for r in alice_rows if r["目标值编号"].value == judged[0].target_id)
    entry = q3.entries.get(task=t1, unit__name="州人力资源社会保障局")
    assert people["报送单位"].value == "州人力资源社会保障局"
    assert people["单位角色"].value == "牵头单位"
    assert people["报告状态"].value == "已报送"
    assert people["指标"].value == judged[0].target.metric
    assert people["目标值"].value == judged[0].target.value == 9500
    assert people["计量单位"].value == "人"
    assert people["实际值"].value == 7600
    assert people["本单位完成率"].value == entry.completion
    assert people["本单位完成率"].number_format == "0.0%"
    assert people["本单位状态"].value == rules.STATUS_LABELS[entry.status] == "滞后"
    assert people["本单位亮灯"].value == rules.LIGHT_LABELS[entry.light]
    assert people["存在问题"].value == "外出务工需求下降"
    assert people["逾期报送"].value is False
    assert people["首次报送时间"].value == datetime.datetime(2022, 9, 10, 10, 0)
    # 州财政局's report of task 20 came in after the 18th: late.
    late = next(r for r in rows if r["任务序号"].value == "20")
    assert late["逾期报送"].value is True
    # Task 39 asks no value: one row per report with its percent, the county's included.
    t39 = [r for r in rows if r["任务序号"].value == "39"]
    assert {(r["报送单位"].value, r["单位角色"].value, r["完成百分比"].value) for r in t39} == {
        ("州人力资源社会保障局", "牵头单位", 80),
        ("凯里市人民政府", "下级政府", 50),
    }
    assert all(r["目标值编号"].value is None and r["指标"].value is None for r in t39)
    reports = ProgressReport.objects.filter(period=period).count()
    assert len({(r["任务序号"].value, r["报送单位"].value) for r in rows}) == reports == 4


def test_csv_holds_the_same_rows_with_chinese_headers(q3, rita):
    plan = q3.plan
    client = client_for(rita)
    response = client.get(URL, {"plan": plan.pk, "period": "2022Q3", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    name = f"{plan.title}_2022Q3_进展报告明细.csv"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == HEADERS
    _header, rows = xlsx_rows(client.get(URL, {"plan": plan.pk, "period": "2022Q3"}))
    assert len(frame) == len(rows)
    first = frame[frame["任务序号"] == "1"].iloc[0]
    assert (first["报送单位"], first["实际值"], first["报送时间"]) == (
        "州人力资源社会保障局",
        "7600",
        "2022-09-10 10:00:00",
    )


def test_a_reporter_gets_their_units_rows_only_and_an_outsider_none(q3, alice, outsider):
    response = client_for(alice).get(URL, {"plan": q3.plan.pk, "period": "2022Q3"})
    _header, rows = xlsx_rows(response)
    assert rows and {r["报送单位"].value for r in rows} == {"州人力资源社会保障局"}
    response = client_for(outsider).get(URL, {"plan": q3.plan.pk, "period": "2022Q3"})
    assert_error(response, 403, "forbidden")
    response = client_for(None).get(URL, {"plan": q3.plan.pk, "period": "2022Q3"})
    assert_error(response, 401, "not_authenticated")


def test_a_county_judged_on_shares_is_exported_against_its_share(plan_000, olivia, carol):
    t1 = task(plan_000, "1")
    q3 = plan_000.periods.get(quarter=3)
    people = JudgedTarget.objects.filter(period=q3, task=t1).order_by("order").first().target
    services.target_share_set(user=olivia, target=people, unit=carol.profile.unit, value=650)
    report(
        carol,
        t1,
        q3,
        when=at(9, 12),
        narrative="凯里市转移就业",
        problems="返乡人员增加",
        values={people.pk: 520},
    )
    snapshot_compute(plan=plan_000, period=q3, now=at(9, 25))
    response = client_for(olivia).get(URL, {"plan": plan_000.pk, "period": "2022Q3"})
    _header, rows = xlsx_rows(response)
    (row,) = [r for r in rows if r["报送单位"].value == "凯里市人民政府"]
    entry = selectors.latest_snapshot(plan_000, q3).entries.get(task=t1, unit=carol.profile.unit)
    assert (row["单位角色"].value, row["目标值"].value, row["实际值"].value) == (
        "下级政府",
        650,
        520,
    )
    assert row["本单位完成率"].value == entry.completion == pytest.approx(0.8)


def test_texts_are_written_as_text_never_as_formulas(plan_000, alice):
    q2 = plan_000.periods.get(quarter=2)
    report(alice, task(plan_000, "39"), q2, when=at(6, 12), narrative="=1+2", percent=50)
    client = client_for(alice)
    _header, rows = xlsx_rows(client.get(URL, {"plan": plan_000.pk, "period": "2022Q2"}))
    (row,) = rows
    assert (row["进展情况"].value, row["进展情况"].data_type) == ("=1+2", "s")
    response = client.get(URL, {"plan": plan_000.pk, "period": "2022Q2", "format": "csv"})
    frame = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig", dtype=str)
    assert frame["进展情况"].tolist() == ["'=1+2"]


def test_bad_requests_get_the_one_error_shape_in_json(q3, olivia):
    client = client_for(olivia)
    body = assert_error(client.get(URL), 400, "invalid")
    assert set(body["fields"]) == {"plan", "period"}
    assert_error(client.get(URL, {"plan": "x", "period": "2022Q3"}), 400, "invalid")
    assert_error(client.get(URL, {"plan": q3.plan.pk, "period": "三季度"}), 400, "invalid")
    body = assert_error(
        client.get(URL, {"plan": q3.plan.pk, "period": "2022Q3", "format": "pdf"}), 400, "invalid"
    )
    assert set(body["fields"]) == {"format"}
    assert_error(client.get(URL, {"plan": 999999, "period": "2022Q3"}), 404, "not_found")
    assert_error(client.get(URL, {"plan": q3.plan.pk, "period": "2021Q1"}), 404, "not_found")


def test_the_export_reads_a_fixed_number_of_queries(plan_000, olivia, alice, bob, carol, leo):
    client = client_for(olivia)
    q3 = plan_000.periods.get(quarter=3)
    params = {"plan": plan_000.pk, "period": "2022Q3"}
    build_progress(plan_000, alice, bob, carol)
    with CaptureQueriesContext(connection) as fewer:
        assert client.get(URL, params).status_code == 200
    for person, number in ((bob, "13"), (bob, "22"), (leo, "4"), (carol, "1")):
        t = task(plan_000, number)
        report(person, t, q3, when=at(9, 12), **complete_for(t, person.profile.unit, q3))
    with CaptureQueriesContext(connection) as more:
        assert client.get(URL, params).status_code == 200
    assert len(more) == len(fewer) <= 12
