"""Excel templates in and out, on the real 000 plan: the template read back with openpyxl,
the round trip through the database, and every kind of bad upload refused with nothing
imported."""

import gc
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from plans.documents import fixtures_read
from plans.parsing.targets import task_targets
from progress import selectors, services
from progress.errors import InvalidUpload
from progress.excel import template_build, template_import
from progress.models import ProgressReport, ReportEvent, ReportValue
from progress.signals import reports_submitting
from tasks.models import Target, Task, TaskAssignment
from tasks.services import plan_load

pytestmark = pytest.mark.django_db

SHEET = "进展填报"
HEADER_ROW = 4
FIRST_ROW = 5


@pytest.fixture
def plan(plan_000):
    """plan_000 with its numeric targets, loaded through the real parser and loader (the
    generated fixtures may predate the targets parser; then this loads them)."""
    if not Target.objects.filter(task__plan=plan_000).exists():
        for key, parse in fixtures_read():
            if key != plan_000.key:
                continue
            info = parse["plan"]
            for task in parse["tasks"]:
                if not task.get("targets"):
                    task["targets"] = task_targets(task, info["period_start"], info["period_end"])
            plan_load(parse=parse, key=key)
    return plan_000


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def annual_targets(plan, number):
    return list(task(plan, number).targets.filter(role="annual").order_by("order"))


def asked(plan, number, unit, period):
    """The targets the period asks of unit on task `number` (what the template lists)."""
    return [a.target for a in selectors.asked_targets(task(plan, number), unit, period)]


class Text(str):
    """A value the test writes as a string cell even when it starts with "="."""


def sheet(data):
    return load_workbook(io.BytesIO(data))[SHEET]


def headers(ws):
    return {c.value: c.column for c in ws[HEADER_ROW] if c.value}


def row_of(ws, number):
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, 1).value == number:
            return r
    raise AssertionError(f"任务{number}不在模板中")


def cell(ws, number, header):
    return ws.cell(row_of(ws, number), headers(ws)[header])


def fill(data, rows, edit=None):
    """The template with {task number: {header: value}} written in, as a person would."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    for number, values in rows.items():
        for header, value in values.items():
            target = cell(ws, number, header)
            target.value = str(value) if isinstance(value, Text) else value
            if isinstance(value, Text):
                target.data_type = "s"
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def download(user, period):
    return template_build(unit=user.profile.unit, period=period)


def database():
    """Everything an import could change."""
    return (
        list(ProgressReport.objects.order_by("pk").values()),
        list(ReportValue.objects.order_by("pk").values()),
        ReportEvent.objects.count(),
    )


def refused(user, data, **kwargs):
    before = database()
    with pytest.raises(InvalidUpload) as error:
        template_import(user=user, data=data, **kwargs)
    assert database() == before
    return error.value


@pytest.fixture
def draft_39(plan, alice, period_q2):
    """A draft alice saved on the web before downloading her template."""
    return services.report_save(
        user=alice,
        task=task(plan, "39"),
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "已起草宣传材料", "percent": "20"},
    )


# The template read back


def test_the_template_lists_the_units_tasks_for_the_period(plan, alice, period_q2):
    ws = sheet(download(alice, period_q2))
    unit = alice.profile.unit
    expected = list(
        Task.objects.filter(plan=plan, assignments__unit=unit)
        .distinct()
        .order_by("order")
        .values_list("number", flat=True)
    )
    numbers = [ws.cell(r, 1).value for r in range(FIRST_ROW, ws.max_row + 1)]
    assert numbers == expected
    assert ws["A1"].value == plan.title
    assert unit.name in ws["A2"].value
    assert "2022Q2" in ws["A2"].value
    assert "2022年6月18日" in ws["A2"].value
    positions = max(len(asked(plan, n, unit, period_q2)) for n in expected)
    assert [c.value for c in ws[HEADER_ROW]] == [
        "序号", "角色", "年度目标任务", "本季度计划", "目标值", "状态", "进展情况", "完成百分比(%)",
        *[f"实际值{'①②③④⑤⑥⑦⑧⑨⑩'[n]}" for n in range(positions)],
        "存在问题", "下步打算", "操作",
    ]  # fmt: skip


def test_a_row_shows_the_task_its_quarter_plan_and_targets(plan, alice, period_q2):
    ws = sheet(download(alice, period_q2))
    t1 = task(plan, "1")
    assert cell(ws, "1", "角色").value == "牵头"
    assert cell(ws, "1", "年度目标任务").value == t1.annual_target
    assert cell(ws, "1", "本季度计划").value == t1.q2_plan
    assert cell(ws, "1", "目标值").value.split("\n") == [
        "① 农村劳动力转移就业（年度目标≥9500人，本季度节点≥5000人）［填人］",
        "② 以县为单位农村劳动力组织化程度（年度目标≥70%，本季度节点≥70%）［填%］",
    ]
    assert cell(ws, "1", "状态").value == "未填报"
    assert cell(ws, "42", "角色").value == "责任"
    assert cell(ws, "39", "目标值").value is None


def test_read_only_cells_are_locked_and_grey_and_cells_to_fill_are_open(plan, alice, period_q2):
    ws = sheet(download(alice, period_q2))
    assert ws.protection.sheet
    for header in ("序号", "角色", "年度目标任务", "本季度计划", "目标值", "状态"):
        c = cell(ws, "1", header)
        assert c.protection.locked, header
        assert c.fill.fgColor.rgb.endswith("E7E6E6"), header
    for header in (
        "进展情况",
        "完成百分比(%)",
        "实际值①",
        "实际值②",
        "存在问题",
        "下步打算",
        "操作",
    ):
        c = cell(ws, "1", header)
        assert not c.protection.locked, header
        assert c.fill.fgColor.rgb.endswith("FFFFFF"), header
    # Task 1 has two annual targets: the third position is not its to fill; 39 has none.
    assert cell(ws, "1", "实际值③").protection.locked
    assert cell(ws, "1", "实际值③").fill.fgColor.rgb.endswith("E7E6E6")
    assert cell(ws, "39", "实际值①").protection.locked


def test_the_template_has_validations_a_frozen_header_and_a_hidden_signed_meta_sheet(
    plan, alice, period_q2
):
    data = download(alice, period_q2)
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    columns = headers(ws)
    last = ws.max_row

    def validation_over(header):
        letter = ws.cell(FIRST_ROW, columns[header]).column_letter
        found = [
            dv
            for dv in ws.data_validations.dataValidation
            if f"{letter}{FIRST_ROW}" in dv.sqref and f"{letter}{last}" in dv.sqref
        ]
        assert len(found) == 1, header
        return found[0]

    percent = validation_over("完成百分比(%)")
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == (
        "decimal", "between", "0", "100")  # fmt: skip
    value = validation_over("实际值②")
    assert (value.type, value.operator, value.formula1) == ("decimal", "greaterThanOrEqual", "0")
    action = validation_over("操作")
    assert (action.type, action.formula1) == ("list", '"保存草稿,报送"')
    assert ws.freeze_panes == f"A{FIRST_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert wb["_meta"].sheet_state == "veryHidden"
    assert wb.sheetnames == [SHEET, "_meta"]


def test_tasks_closed_before_the_period_are_left_out(plan, alice, olivia, period_q2, period_q3):
    services.task_close(user=olivia, task=task(plan, "39"), period=period_q2, reason="已并入任务40")
    q3 = sheet(download(alice, period_q3))
    assert "39" not in [q3.cell(r, 1).value for r in range(FIRST_ROW, q3.max_row + 1)]
    # The period it was closed in keeps its row: its report can still be corrected.
    q2 = sheet(download(alice, period_q2))
    assert cell(q2, "39", "状态").value == "未填报"
    assert not cell(q2, "39", "进展情况").protection.locked


def test_text_from_the_database_starting_with_a_formula_sign_is_written_as_text(
    plan, alice, period_q2
):
    services.report_save(
        user=alice,
        task=task(plan, "39"),
        unit=alice.profile.unit,
        period=period_q2,
        data={"narrative": "=1+1", "problems": "@SUM(A1)", "next_steps": "-继续推进"},
    )
    ws = sheet(download(alice, period_q2))
    for header, text in (("进展情况", "=1+1"), ("存在问题", "@SUM(A1)"), ("下步打算", "-继续推进")):
        c = cell(ws, "39", header)
        assert (c.value, c.data_type) == (text, "s")


# The round trip


def test_round_trip_a_filled_template_is_imported_exactly_and_shown_in_the_next_download(
    plan, alice, period_q2
):
    unit = alice.profile.unit
    people, organised = annual_targets(plan, "1")
    data = fill(
        download(alice, period_q2),
        {
            "1": {
                "进展情况": "通过东西部劳务协作帮助转移就业5200人",
                "实际值①": 5200,
                "实际值②": 71.5,
                "下步打算": "继续对接广东",
                "操作": "报送",
            },
            "39": {"进展情况": "已印发宣传材料", "完成百分比(%)": 40, "操作": "保存草稿"},
            "5": {
                "进展情况": "已完成",
                "完成百分比(%)": 100,
                "实际值①": 1,  # 至少开展一次（公益性岗位考核）
                "存在问题": "无",
                "操作": "报送",
            },
        },
    )
    result = template_import(user=alice, data=data)

    rows = len(sheet(data)["A"]) - HEADER_ROW
    assert (result.saved, result.submitted, result.skipped) == (1, 2, rows - 3)
    reports = {r.task.number: r for r in ProgressReport.objects.filter(unit=unit, period=period_q2)}
    assert sorted(reports) == ["1", "39", "5"]
    assert sorted(result.report_ids) == sorted(r.pk for r in reports.values())
    r1 = reports["1"]
    assert (r1.state, r1.narrative, r1.percent, r1.next_steps, r1.problems) == (
        "submitted", "通过东西部劳务协作帮助转移就业5200人", None, "继续对接广东", "")  # fmt: skip
    assert {v.target_id: v.value for v in r1.values.all()} == {
        people.pk: Decimal("5200"),
        organised.pk: Decimal("71.5"),
    }
    assert [e.action for e in r1.events.all()] == ["import", "submit"]
    assert (reports["39"].state, reports["39"].percent) == ("draft", Decimal("40"))
    assert [e.action for e in reports["39"].events.all()] == ["import"]
    assert (reports["5"].state, reports["5"].percent, reports["5"].problems) == (
        "submitted", Decimal("100"), "无")  # fmt: skip

    again = download(alice, period_q2)
    ws = sheet(again)
    assert cell(ws, "1", "进展情况").value == "通过东西部劳务协作帮助转移就业5200人"
    assert cell(ws, "1", "实际值①").value == 5200
    assert cell(ws, "1", "实际值②").value == 71.5
    assert cell(ws, "1", "状态").value == "已报送"
    assert cell(ws, "1", "进展情况").protection.locked  # submitted: no longer the unit's to edit
    assert cell(ws, "39", "完成百分比(%)").value == 40
    assert cell(ws, "39", "状态").value == "草稿"
    assert not cell(ws, "39", "进展情况").protection.locked

    # Uploading the new template untouched changes nothing.
    before = database()
    untouched = template_import(user=alice, data=again)
    assert (untouched.saved, untouched.submitted, untouched.skipped) == (0, 0, rows)
    assert database() == before


def test_a_draft_from_the_template_is_submitted_by_choosing_the_action_only(
    plan, alice, period_q2, draft_39
):
    services.report_save(
        user=alice, task=task(plan, "39"), unit=alice.profile.unit, period=period_q2,
        data={"narrative": "已印发宣传材料", "problems": "企业参与不足"}, version=draft_39.version,
    )  # fmt: skip
    data = fill(download(alice, period_q2), {"39": {"操作": "报送"}})
    result = template_import(user=alice, data=data)
    assert result.submitted == 1
    draft_39.refresh_from_db()
    assert (draft_39.state, draft_39.narrative, draft_39.percent) == (
        "submitted", "已印发宣传材料", Decimal("20"))  # fmt: skip


def test_the_office_may_upload_any_units_template(plan, alice, olivia, period_q2):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "办公室代录", "完成百分比(%)": 10}})
    result = template_import(user=olivia, data=data, unit=alice.profile.unit, period=period_q2)
    report = ProgressReport.objects.get(pk=result.report_ids[0])
    assert (report.unit, report.narrative, report.events.get().actor) == (
        alice.profile.unit, "办公室代录", olivia)  # fmt: skip


def test_a_percent_typed_with_a_percent_sign_means_that_percent(plan, alice, period_q2):
    def percent_format(wb):
        ws = wb[SHEET]
        c = cell(ws, "5", "完成百分比(%)")
        c.value, c.number_format = 0.45, "0%"

    data = fill(
        download(alice, period_q2),
        {"39": {"进展情况": "推进中", "完成百分比(%)": "６０%"}, "5": {"进展情况": "推进中"}},
        edit=percent_format,
    )
    template_import(user=alice, data=data)
    percents = dict(
        ProgressReport.objects.values_list("task__number", "percent").order_by("task__number")
    )
    assert percents == {"39": Decimal("60"), "5": Decimal("45")}


def test_text_starting_with_a_formula_sign_kept_as_text_when_it_came_as_text(
    plan, alice, period_q2
):
    data = fill(
        download(alice, period_q2),
        {"39": {"进展情况": Text("=1+1"), "存在问题": Text("+86 电话未接通"), "完成百分比(%)": 10}},
    )
    result = template_import(user=alice, data=data)
    report = ProgressReport.objects.get(task__number="39", unit=alice.profile.unit)
    assert (report.narrative, report.problems) == ("=1+1", "+86 电话未接通")
    assert [n["column"] for n in result.notes] == ["进展情况", "存在问题"]
    assert "按普通文字保存" in result.notes[0]["message"]
    exported = cell(sheet(download(alice, period_q2)), "39", "进展情况")
    assert (exported.value, exported.data_type) == ("=1+1", "s")


# Bad uploads: refused, every bad row listed, nothing imported


def test_a_text_file_renamed_xlsx_is_refused(plan, alice, draft_39):
    error = refused(alice, "这不是表格，只是改了扩展名".encode())
    assert "不是有效的 Excel" in error.message
    assert error.rows == []


def test_a_truncated_xlsx_is_refused(plan, alice, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"5": {"进展情况": "推进中", "完成百分比(%)": 30}})
    error = refused(alice, data[: len(data) * 2 // 3])
    assert "已损坏" in error.message


def test_an_xlsx_that_is_not_our_template_is_refused(plan, alice, draft_39):
    wb = Workbook()
    wb.active.title = SHEET
    wb.active.append(["序号", "进展情况"])
    wb.active.append(["39", "自己做的表"])
    out = io.BytesIO()
    wb.save(out)
    error = refused(alice, out.getvalue())
    assert "不是本系统导出的填报模板" in error.message


@pytest.mark.parametrize(
    "where, value",
    [("B5", "unit"), ("B6", "2022Q3"), ("D10", "7"), ("B8", "0" * 64)],
    ids=["unit", "period", "version", "signature"],
)
def test_a_template_whose_meta_was_edited_is_refused(plan, alice, bob, period_q2, where, value):
    if value == "unit":
        value = str(bob.profile.unit.pk)

    def edit_meta(wb):
        wb["_meta"][where] = value

    data = fill(download(alice, period_q2), {"39": {"进展情况": "推进中"}}, edit=edit_meta)
    error = refused(alice, data)
    assert "不是本系统导出的填报模板" in error.message
    error = refused(bob, data)
    assert "不是本系统导出的填报模板" in error.message


def test_a_reporter_cannot_upload_another_units_template(
    plan, alice, bob, rita, period_q2, draft_39
):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "冒名填报", "完成百分比(%)": 99}})
    error = refused(bob, data)
    assert "只能上传本单位（州财政局）的填报模板" in error.message
    assert "没有上传填报模板的权限" in refused(rita, data).message


def test_a_template_for_another_period_or_unit_than_the_page_expects_is_refused(
    plan, alice, olivia, bob, period_q2, period_q3
):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "推进中"}})
    assert "不是当前报告期（2022Q3）的" in refused(alice, data, period=period_q3).message
    error = refused(olivia, data, unit=bob.profile.unit)
    assert "不是“州财政局”的" in error.message


def test_a_closed_period_refuses_a_reporters_upload_but_not_the_offices(
    plan, alice, olivia, period_q2
):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "推进中", "完成百分比(%)": 10}})
    services.period_close(user=olivia, period=period_q2)
    assert "报告期2022Q2已关闭" in refused(alice, data).message
    assert template_import(user=olivia, data=data).saved == 1


def test_a_huge_file_is_refused(plan, alice, period_q2, draft_39):
    data = download(alice, period_q2)
    error = refused(alice, data + b"\0" * (5 * 1024 * 1024))
    assert "文件过大" in error.message


def test_a_zip_bomb_is_refused(plan, alice, period_q2, draft_39):
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(download(alice, period_q2))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        bomb.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    error = refused(alice, out.getvalue())
    assert "解压后的内容过大" in error.message


def test_a_sheet_with_too_many_rows_is_refused(plan, alice, period_q2, draft_39):
    def far_down(wb):
        wb[SHEET].cell(row=5000, column=7, value="很多行")

    error = refused(alice, fill(download(alice, period_q2), {}, edit=far_down))
    assert "超过 2000 行" in error.message


def test_a_formula_in_a_cell_is_refused(plan, alice, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"5": {"进展情况": "=1+1", "完成百分比(%)": 10}})
    error = refused(alice, data)
    r5 = row_of(sheet(data), "5")
    assert error.rows == [
        {"row": r5, "column": "进展情况", "message": "不接受公式，请填写数值或文字。"}
    ]


def test_a_percent_above_100_is_refused(plan, alice, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"5": {"进展情况": "超额", "完成百分比(%)": 150}})
    error = refused(alice, data)
    assert [(e["row"], e["column"]) for e in error.rows] == [
        (row_of(sheet(data), "5"), "完成百分比(%)")
    ]
    assert "0 到 100" in error.rows[0]["message"]


def test_a_negative_value_is_refused(plan, alice, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"1": {"进展情况": "推进中", "实际值①": -5}})
    error = refused(alice, data)
    assert [(e["column"], e["message"]) for e in error.rows] == [("实际值①", "实际值不能为负数。")]


def test_submitting_without_a_narrative_is_refused(plan, alice, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"5": {"完成百分比(%)": 50, "操作": "报送"}})
    error = refused(alice, data)
    assert [(e["column"], e["message"]) for e in error.rows] == [
        ("进展情况", "报送时必须填写进展情况。")
    ]


def test_an_action_outside_the_list_and_a_value_for_a_missing_target_are_refused(
    plan, alice, period_q2, draft_39
):
    data = fill(
        download(alice, period_q2),
        {
            "5": {"进展情况": "推进中", "完成百分比(%)": 30, "操作": "提交"},
            "1": {"进展情况": "推进中", "实际值①": 100, "实际值③": 7},
        },
    )
    error = refused(alice, data)
    assert sorted((e["column"], e["message"]) for e in error.rows) == [
        ("实际值③", "该任务没有这个目标值，此格应为空。"),
        ("操作", "操作只能选“保存草稿”或“报送”（留空按保存草稿）。"),
    ]


def test_every_bad_row_is_listed_and_the_good_rows_are_not_imported(plan, alice, period_q2):
    data = fill(
        download(alice, period_q2),
        {
            "1": {"进展情况": "好的一行", "实际值①": 5000, "实际值②": 70},
            "39": {"进展情况": "推进中", "完成百分比(%)": 150},
            "5": {"进展情况": "推进中", "完成百分比(%)": "一半"},
            # The services' own rules are reported per row too: no values, no percent.
            "4": {"进展情况": "推进中", "操作": "报送"},
        },
    )
    error = refused(alice, data)
    ws = sheet(data)
    assert [(e["row"], e["column"]) for e in error.rows] == sorted(
        [
            (row_of(ws, "39"), "完成百分比(%)"),
            (row_of(ws, "5"), "完成百分比(%)"),
            (row_of(ws, "4"), ""),
        ]
    )
    service_row = next(e for e in error.rows if e["row"] == row_of(ws, "4"))
    assert "请填写以下目标的实际值" in service_row["message"]
    assert "3 行" in error.message
    assert not ProgressReport.objects.exists()


def test_a_row_whose_task_was_changed_is_refused(plan, alice, period_q2, draft_39):
    data = fill(
        download(alice, period_q2),
        {"5": {"年度目标任务": "改写过的任务", "进展情况": "推进中", "完成百分比(%)": 10}},
    )
    error = refused(alice, data)
    assert [e["column"] for e in error.rows] == ["年度目标任务"]
    assert "请重新下载模板" in error.rows[0]["message"]


def test_a_row_added_below_the_template_is_refused(plan, alice, period_q2, draft_39):
    def add_row(wb):
        ws = wb[SHEET]
        ws.cell(row=ws.max_row + 1, column=7, value="多出来的一行")

    data = fill(download(alice, period_q2), {"5": {"进展情况": "推进中"}}, edit=add_row)
    error = refused(alice, data)
    assert [e["message"] for e in error.rows] == ["该行不在模板中（请勿增加行），未导入。"]


# The conflict


def test_a_stale_template_is_refused_with_a_conflict(plan, alice, leo, period_q2, draft_39):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "基于旧模板的修改"}})
    services.report_save(
        user=leo, task=task(plan, "39"), unit=alice.profile.unit, period=period_q2,
        data={"narrative": "负责人在网页上修改"}, version=draft_39.version,
    )  # fmt: skip
    error = refused(alice, data)
    assert [e["row"] for e in error.rows] == [row_of(sheet(data), "39")]
    assert error.rows[0]["message"].startswith("该报告在下载模板后已被修改")
    draft_39.refresh_from_db()
    assert (draft_39.narrative, draft_39.version) == ("负责人在网页上修改", 2)


def test_a_report_created_on_the_web_after_the_download_is_not_overwritten(
    plan, alice, leo, period_q2
):
    data = fill(download(alice, period_q2), {"39": {"进展情况": "模板里写的"}})
    services.report_save(
        user=leo, task=task(plan, "39"), unit=alice.profile.unit, period=period_q2,
        data={"narrative": "网页上先写的"},
    )  # fmt: skip
    error = refused(alice, data)
    assert "该报告在下载模板后已被修改" in error.rows[0]["message"]


def test_an_untouched_row_does_not_conflict_with_a_later_web_edit(
    plan, alice, leo, period_q2, draft_39
):
    data = fill(download(alice, period_q2), {"5": {"进展情况": "推进中", "完成百分比(%)": 30}})
    services.report_save(
        user=leo, task=task(plan, "39"), unit=alice.profile.unit, period=period_q2,
        data={"narrative": "负责人在网页上修改"}, version=draft_39.version,
    )  # fmt: skip
    result = template_import(user=alice, data=data)
    assert result.saved == 1
    draft_39.refresh_from_db()
    assert draft_39.narrative == "负责人在网页上修改"


def test_only_tasks_the_unit_is_assigned_to_are_in_its_template(plan, bob, period_q2):
    ws = sheet(download(bob, period_q2))
    numbers = {ws.cell(r, 1).value for r in range(FIRST_ROW, ws.max_row + 1)}
    assigned = set(
        TaskAssignment.objects.filter(unit=bob.profile.unit, task__plan=plan).values_list(
            "task__number", flat=True
        )
    )
    assert numbers == assigned
    assert {"13", "20", "22"} <= numbers


def test_an_uploads_statements_do_not_grow_with_its_rows(plan, alice, period_q2):
    """Checks and writes in bulk: the same statements for one row as for every row of the
    template (no task, report or target read row by row)."""
    blank = download(alice, period_q2)
    ws = sheet(blank)
    numbers = [ws.cell(r, 1).value for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value]
    assert len(numbers) > 5

    def counted(numbers):
        data = fill(blank, {n: {"进展情况": f"第{n}项进展", "完成百分比(%)": 10} for n in numbers})
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            result = template_import(user=alice, data=data)
            transaction.set_rollback(True)
        return len(queries.captured_queries), result.saved

    one, saved_one = counted(numbers[:1])
    every, saved_every = counted(numbers)
    assert (saved_one, saved_every) == (1, len(numbers))
    assert every == one


def test_an_upload_runs_with_the_collector_paused_and_leaves_it_on(plan, alice, period_q2):
    """The cyclic garbage collector is held off while an upload reads, checks and writes
    (plans/collector.py); after it, the collector is on again, also when the upload is
    refused."""
    seen = []

    def receiver(sender, **kwargs):
        seen.append(gc.isenabled())

    row = {
        "进展情况": "已印发宣传材料",
        "完成百分比(%)": 40,
        "存在问题": "人手不足",
        "操作": "报送",
    }
    reports_submitting.connect(receiver, dispatch_uid="test.collector")
    try:
        assert gc.isenabled()
        result = template_import(
            user=alice,
            data=fill(download(alice, period_q2), {"39": row}),
        )
        assert result.submitted == 1
        assert seen == [False]
        assert gc.isenabled()
        with pytest.raises(InvalidUpload):
            template_import(user=alice, data=b"not a workbook")
        assert gc.isenabled()
    finally:
        reports_submitting.disconnect(dispatch_uid="test.collector")
