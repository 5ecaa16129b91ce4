"""The bulletin workbook (通报) of the 000 plan for 2022Q3, made from real reports and read back
with openpyxl cell by cell against the stored snapshot rows it was made from (DOMAIN.md "A
bulletin (通报) holds"; no figure is computed by the writer)."""

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from config.celery import app
from reports import rules, selectors
from reports.bulletin_xlsx import bulletin_title, bulletin_workbook, issuing_office
from reports.bulletin_xlsx.layout import FIRST_ROW, HEADER_ROW, display_width
from reports.bulletins import bulletin_request
from reports.models import Bulletin
from reports.snapshots import snapshot_compute
from tests.reports.q3 import SHANGHAI, q3_reports

pytestmark = pytest.mark.django_db
COMPUTED = datetime.datetime(2022, 9, 25, 9, 30, tzinfo=SHANGHAI)
SHEETS = ["总体情况", "报送情况", "牵头单位排名", "县（市）比较", "滞后与未报送任务", "任务明细"]
TITLE = "黔东南州2022年度促进居民增收实施计划表 2022年第三季度推进情况通报"
OFFICE = "黔东南州促进居民增收工作领导小组办公室"


@pytest.fixture
def snapshot(plan_000, period_q3, alice, bob, carol):
    q3_reports(plan_000, period_q3, alice, bob, carol)
    with time_machine.travel(COMPUTED, tick=False):
        snapshot_compute(plan=plan_000, period=period_q3)
    return selectors.latest_snapshot(plan_000, period_q3)  # as stored, read as pages read it


@pytest.fixture
def book(snapshot):
    return load_workbook(io.BytesIO(bulletin_workbook(snapshot)))


def body(ws):
    """The cells of each row below the column headers."""
    return [list(row) for row in ws.iter_rows(min_row=FIRST_ROW)]


def values(row):
    return [cell.value for cell in row]


def written(expected):
    """What a cell can hold of each expected value: openpyxl writes a float to 16 significant
    digits (Excel keeps 15), so the stored ratio is compared at that precision."""
    if isinstance(expected, dict):
        return {key: written(value) for key, value in expected.items()}
    if isinstance(expected, list):
        return [written(value) for value in expected]
    return float(f"{expected:.16g}") if isinstance(expected, float) else expected


def headers(ws):
    return [cell.value for cell in ws[HEADER_ROW]]


def headline(ws):
    """{项目: cell} of the 总体情况 sheet."""
    return {row[1].value: row[2] for row in body(ws)}


def test_the_workbook_has_one_sheet_per_part_of_a_bulletin(book):
    assert book.sheetnames == SHEETS


def test_every_sheet_carries_the_title_office_date_and_the_snapshot_it_was_made_from(
    book, snapshot
):
    for ws in book:
        assert ws["A1"].value == TITLE
        assert ws["A2"].value == f"{OFFICE}　　2022年9月25日"
        assert ws["A3"].value.startswith(f"数据截至 2022-09-25 09:30（快照编号 {snapshot.pk}；")
        assert "报告期 2022Q3" in ws["A3"].value
        assert ws["A4"].value.endswith(ws.title)


def headline_of(snapshot):
    """The headline a bulletin of `snapshot` must show, item by item."""
    return {
        "任务总数（项）": snapshot.tasks,
        "已完成": snapshot.completed,
        "序时推进": snapshot.on_schedule,
        "滞后": snapshot.lagging,
        "退回修改": snapshot.returned,
        "待报送": snapshot.not_due,
        "未报送": snapshot.not_reported,
        "已办结": snapshot.closed,
        "绿灯": snapshot.green,
        "黄灯": snapshot.yellow,
        "红灯": snapshot.red,
        "灰灯": snapshot.grey,
        "平均完成率": snapshot.completion,
        "平均序时进度": snapshot.expected,
        "应报送（份）": snapshot.expected_reports,
        "已报送（份）": snapshot.submitted_reports,
        "按时报送（份）": snapshot.on_time_reports,
        "逾期报送（份）": snapshot.late_reports,
        "未报送（份）": snapshot.missing_reports,
        "报送率": snapshot.reporting_rate,
        "按时报送率": snapshot.on_time_rate,
    }


def test_the_headline_figures_are_the_snapshots(book, snapshot):
    cells = headline(book["总体情况"])
    assert {label: cell.value for label, cell in cells.items()} == written(headline_of(snapshot))
    # The case of tests/reports/test_snapshots.py, so the figures are not trivially zero.
    assert (snapshot.tasks, snapshot.not_reported, snapshot.late_reports) == (64, 60, 1)
    for label in ("平均完成率", "平均序时进度", "报送率", "按时报送率"):
        assert cells[label].number_format == "0.0%"
    assert cells["已报送（份）"].number_format == "0"


def test_reporting_sheet_lists_lead_units_then_counties_then_the_plans_totals(book, snapshot):
    ws = book["报送情况"]
    assert headers(ws) == [
        "类别",
        "单位",
        "应报送",
        "已报送",
        "按时报送",
        "逾期报送",
        "未报送",
        "报送率",
        "按时报送率",
    ]
    units = [("牵头单位", u) for u in selectors.unit_rows(snapshot, "lead")]
    units += [("县（市）", u) for u in selectors.unit_rows(snapshot, "county")]
    rows = [values(row) for row in body(ws)]
    assert len(rows) == len(units) + 1
    for row, (kind, u) in zip(rows, units, strict=False):
        assert row == written(
            [
                kind,
                u.unit.name,
                u.expected_reports,
                u.submitted_reports,
                u.on_time_reports,
                u.late_reports,
                u.missing_reports,
                u.reporting_rate,
                u.on_time_rate,
            ]
        )
    assert rows[-1] == written(
        [
            "合计",
            None,
            snapshot.expected_reports,
            snapshot.submitted_reports,
            snapshot.on_time_reports,
            snapshot.late_reports,
            snapshot.missing_reports,
            snapshot.reporting_rate,
            snapshot.on_time_rate,
        ]
    )
    finance = next(row for row in rows if row[1] == "州财政局")
    assert finance[3:6] == [1, 0, 1]  # its one report, on task 20, came in late


def test_lead_ranking_rows_are_the_snapshots_lead_rows_in_rank_order(book, snapshot):
    ws = book["牵头单位排名"]
    assert headers(ws) == [
        "排名",
        "牵头单位",
        "任务数",
        "平均完成率",
        "按时报送率",
        "报送率",
        *rules.STATUS_LABELS.values(),
    ]
    leads = list(selectors.unit_rows(snapshot, "lead"))
    rows = [values(row) for row in body(ws)]
    assert len(rows) == len(leads) > 10
    for row, u in zip(rows, leads, strict=True):
        assert row == written(
            [
                u.rank,
                u.unit.name,
                u.tasks,
                u.completion,
                u.on_time_rate,
                u.reporting_rate,
                u.completed,
                u.on_schedule,
                u.lagging,
                u.returned,
                u.not_due,
                u.not_reported,
                u.closed,
            ]
        )
        assert isinstance(row[3], float | int)
    assert [row[0] for row in rows] == list(range(1, len(leads) + 1))


def test_county_comparison_rows_are_the_snapshots_county_rows(book, snapshot, plan_000):
    assert selectors.county_label(plan_000) == "县（市）"
    ws = book["县（市）比较"]
    assert headers(ws)[:6] == ["排名", "县（市）", "任务数", "平均完成率", "报送率", "按时报送率"]
    counties = list(selectors.unit_rows(snapshot, "county"))
    rows = [values(row) for row in body(ws)]
    assert len(rows) == len(counties) == 16
    for row, u in zip(rows, counties, strict=True):
        assert row == written(
            [
                u.rank,
                u.unit.name,
                u.tasks,
                u.completion,
                u.reporting_rate,
                u.on_time_rate,
                u.completed,
                u.on_schedule,
                u.lagging,
                u.returned,
                u.not_due,
                u.not_reported,
                u.closed,
            ]
        )
    assert rows[0][:2] == [1, "凯里市人民政府"]  # the only county that reported


def test_a_plan_without_county_rows_says_so_in_one_line(loaded_plans):
    plan = loaded_plans["001"]  # a county's plan: no government below it is a responsible unit
    period = plan.periods.order_by("year", "quarter").first()
    snapshot = snapshot_compute(plan=plan, period=period)
    assert not selectors.unit_rows(snapshot, "county").exists()
    book = load_workbook(io.BytesIO(bulletin_workbook(snapshot)))
    ws = book["乡镇（街道）比较"]
    assert ws.cell(FIRST_ROW, 1).value == (
        "本计划没有以乡镇（街道）人民政府为责任单位的任务，不作乡镇（街道）比较。"
    )
    assert ws.max_row == FIRST_ROW
    assert book["总体情况"]["A2"].value.startswith("册亨县促进居民增收工作领导小组办公室")


def test_a_plan_whose_tasks_name_no_lead_unit_says_there_is_nothing_to_rank(loaded_plans):
    plan = loaded_plans["004"]  # a prose plan: its measures name no 牵头单位
    snapshot = snapshot_compute(plan=plan, period=plan.periods.order_by("year", "quarter")[0])
    book = load_workbook(io.BytesIO(bulletin_workbook(snapshot)))
    for name, message in (
        ("报送情况", "本期没有应报送的报告。"),
        ("牵头单位排名", "本计划没有牵头单位。"),
    ):
        ws = book[name]
        assert (ws.cell(FIRST_ROW, 1).value, ws.max_row) == (message, FIRST_ROW)
    assert len(body(book["任务明细"])) == snapshot.tasks == 27


def test_lagging_sheet_lists_exactly_the_lagging_and_unreported_tasks_with_their_reasons(
    book, snapshot
):
    ws = book["滞后与未报送任务"]
    assert headers(ws) == [
        "序号",
        "年度目标任务",
        "牵头单位",
        "序时进度",
        "完成率",
        "状态",
        "亮灯",
        "亮灯原因",
        "存在问题",
    ]
    wanted = [
        r for r in selectors.task_rows(snapshot) if r.status in (rules.LAGGING, rules.NOT_REPORTED)
    ]
    rows = [values(row) for row in body(ws)]
    assert len(rows) == len(wanted) == snapshot.lagging + snapshot.not_reported == 61
    for row, r in zip(rows, wanted, strict=True):
        assert row == written(
            [
                r.task.number,
                r.task.annual_target,
                selectors.lead_names(r),
                r.expected,
                r.completion,
                r.get_status_display(),
                r.get_light_display(),
                r.reason,
                r.problems or None,
            ]
        )
    assert rows[0][0] == "1"
    assert rows[0][7] == "完成率90%，低于序时进度92.1%（差2.1个百分点），亮黄灯。"
    problems = body(ws)[0][8]
    assert (problems.value, problems.data_type) == ("@外出务工需求下降", "s")
    assert body(ws)[0][1].alignment.wrap_text


def test_detail_sheet_has_every_task_with_the_snapshots_figures(book, snapshot, period_q3):
    ws = book["任务明细"]
    assert headers(ws) == [
        "序号",
        "所属部分",
        "年度目标任务",
        "三季度计划",
        "进展情况",
        "完成率",
        "序时进度",
        "状态",
        "亮灯",
        "亮灯原因",
        "牵头单位",
    ]
    task_rows = list(selectors.task_rows(snapshot))
    rows = [values(row) for row in body(ws)]
    assert len(rows) == len(task_rows) == 64
    for row, r in zip(rows, task_rows, strict=True):
        assert row[0] == r.task.number
        assert row[2] == r.task.annual_target
        assert row[3] == (r.task.q3_plan or None)
        assert row[4] == (r.narrative or None)
        assert row[5:10] == written(
            [
                r.completion,
                r.expected,
                r.get_status_display(),
                r.get_light_display(),
                r.reason,
            ]
        )
        assert row[10] == selectors.lead_names(r)
    assert rows[0][1] == "一、（一）落实就业稳岗保障，增加农民工资性收入"
    by_number = {row[0]: row for row in rows}
    assert by_number["20"][9] == "完成率100%，已完成，超额完成（实际102.8%）。（逾期报送）"
    assert by_number["13"][5] is None  # not reported: no completion, not 0


def test_a_bulletins_rows_are_the_rows_with_the_leads_read_a_page_at_a_time(snapshot):
    paged = list(selectors.task_rows(snapshot))
    whole = selectors.task_rows_all(snapshot)
    assert [r.pk for r in whole] == [r.pk for r in paged]
    leads = [selectors.lead_names(r) for r in whole]
    assert leads == [selectors.lead_names(r) for r in paged]
    assert sum(1 for names in leads if names) > len(leads) / 2


def test_text_that_looks_like_a_formula_is_written_as_text(book):
    cells = [cell for ws in book for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    narrative = next(row[4] for row in body(book["任务明细"]) if row[0].value == "39")
    assert (narrative.value, narrative.data_type) == ("=1+1 已宣传", "s")


PERCENT_HEADERS = {"完成率", "序时进度", "平均完成率", "报送率", "按时报送率"}
COUNT_HEADERS = {"排名", "任务数", "应报送", "已报送", "按时报送", "逾期报送", "未报送"}
COUNT_HEADERS |= set(rules.STATUS_LABELS.values())


def test_percent_cells_hold_ratios_with_a_percent_format_and_counts_are_integers(book):
    seen = 0
    for name in SHEETS[1:]:
        ws = book[name]
        for column, header in enumerate(headers(ws)):
            for row in body(ws):
                cell = row[column]
                if header in PERCENT_HEADERS and cell.value not in (None, "—"):
                    assert isinstance(cell.value, float | int), (name, cell.coordinate)
                    assert 0 <= cell.value <= 1
                    assert cell.number_format == "0.0%"
                    seen += 1
                elif header in COUNT_HEADERS:
                    assert isinstance(cell.value, int), (name, cell.coordinate)
                    assert cell.number_format == "0"
    assert seen > 200
    # No figure is written as text anywhere ("45%", "0.5", "12").
    figure = re.compile(r"-?\d+(\.\d+)?%?")
    for ws in book:
        for row in body(ws):
            for cell in row[1:]:  # column A holds task numbers, which are text
                assert not (isinstance(cell.value, str) and figure.fullmatch(cell.value))


def test_headers_are_frozen_and_pages_print_on_a4_landscape_one_page_wide(book):
    for ws in book:
        assert ws.freeze_panes == f"A{FIRST_ROW}"
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage


def fill_of(cell):
    return cell.fill.fgColor.rgb[-6:]


def test_statuses_and_lights_are_coloured(book, snapshot):
    rows = {row[0].value: row for row in body(book["任务明细"])}
    assert (rows["1"][7].value, fill_of(rows["1"][7])) == ("滞后", "FFEB9C")
    assert (rows["1"][8].value, fill_of(rows["1"][8])) == ("黄灯", "FFEB9C")
    assert (rows["13"][8].value, fill_of(rows["13"][8])) == ("红灯", "FFC7CE")
    assert (rows["20"][7].value, fill_of(rows["20"][7])) == ("已完成", "C6EFCE")
    assert (rows["39"][8].value, fill_of(rows["39"][8])) == ("绿灯", "C6EFCE")
    lagging = body(book["滞后与未报送任务"])
    assert {fill_of(row[6]) for row in lagging} == {"FFEB9C", "FFC7CE"}
    cells = headline(book["总体情况"])
    labels = {row[1].value: row[1] for row in body(book["总体情况"])}
    assert fill_of(labels["红灯"]) == "FFC7CE" and cells["红灯"].value == snapshot.red


def test_column_widths_fit_chinese_text_counted_double_and_long_text_wraps(book, snapshot):
    assert display_width("州财政局A1") == 10
    ws = book["牵头单位排名"]
    names = [u.unit.name for u in selectors.unit_rows(snapshot, "lead")]
    widest = max(display_width(name) for name in names)
    assert ws.column_dimensions["B"].width == min(widest + 2, 24)
    detail = book["任务明细"]
    assert detail.column_dimensions["C"].width == 36  # capped: the task text wraps
    assert detail["C6"].alignment.wrap_text
    assert detail.row_dimensions[FIRST_ROW].height > 30


def test_the_workbook_reads_a_fixed_number_of_queries(snapshot, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        bulletin_workbook(snapshot)


def test_the_issuing_office_and_title_come_from_the_plan(loaded_plans, period_q3):
    assert issuing_office(loaded_plans["000"]) == OFFICE
    assert issuing_office(loaded_plans["001"]) == "册亨县促进居民增收工作领导小组办公室"
    assert issuing_office(loaded_plans["004"]) == "贵州省促进城乡就业创业工作领导小组办公室"
    assert bulletin_title(loaded_plans["000"], period_q3) == TITLE


@pytest.fixture
def eager_jobs():
    """This test is about the workbook the job writes, not the queue (the worker is tested in
    tests/tasks/test_jobs.py): run the job in this process even under CI."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def test_the_office_requests_a_bulletin_and_gets_the_workbook_of_its_snapshot(
    snapshot,
    plan_000,
    period_q3,
    olivia,
    settings,
    tmp_path,
    eager_jobs,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = bulletin_request(user=olivia, plan=plan_000, period=period_q3)
    bulletin.refresh_from_db()
    assert bulletin.state == Bulletin.State.READY, bulletin.error
    made_from = bulletin.snapshot
    assert made_from is not None and made_from.pk != snapshot.pk  # a fresh snapshot
    book = load_workbook(Path(tmp_path) / bulletin.file.name)
    assert book.sheetnames == SHEETS
    cells = headline(book["总体情况"])
    assert {label: cell.value for label, cell in cells.items()} == written(headline_of(made_from))
    assert (made_from.tasks, made_from.submitted_reports, made_from.late_reports) == (64, 5, 1)
    assert f"快照编号 {made_from.pk}；" in book["任务明细"]["A3"].value
