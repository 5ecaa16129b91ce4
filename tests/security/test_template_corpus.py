"""The bad-file corpus of the progress template beyond bombs (test_workbooks.py) and text
(test_text.py): rows deleted, moved or added, a tampered or forged identity, formulas wherever
they may hide, and text that looks like a formula going out. Each is refused with every bad
row listed and nothing imported, or, where it says nothing new, imports nothing."""

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from progress.excel import template_build, template_import
from progress.models import ProgressReport
from reports.bulletin_xlsx import bulletin_workbook
from reports.snapshots import snapshot_compute
from tests.api.helpers import make_report
from tests.progress.test_excel import SHEET, cell, fill, refused, row_of, sheet

pytestmark = pytest.mark.django_db

NOT_OURS = "不是本系统导出的填报模板"


@pytest.fixture
def template(plan_000, alice, period_q2):
    return template_build(unit=alice.profile.unit, period=period_q2)


def numbers(ws):
    return [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]


# Rows


def test_a_row_deleted_in_the_middle_moves_what_is_below_onto_other_tasks_and_is_refused(
    template, alice, period_q2, plan_000
):
    """A row deleted moves every row below it up onto the row of the task before: wherever
    that puts content (typed, or a draft's pre-filled text) the 序号 no longer matches and the
    row is refused; rows that say nothing stay unimported either way."""
    ws = sheet(template)
    listed = numbers(ws)
    deleted, typed = listed[1], listed[3]
    make_report(alice, plan_000, listed[5], period_q2, data={"narrative": "草稿", "percent": "5"})
    template = template_build(unit=alice.profile.unit, period=period_q2)

    def delete_row(wb):
        wb[SHEET].delete_rows(row_of(ws, deleted))

    data = fill(template, {typed: {"进展情况": "推进中", "完成百分比(%)": 10}}, edit=delete_row)
    error = refused(alice, data)
    assert [(e["row"], e["column"]) for e in error.rows] == [
        (row_of(ws, typed) - 1, "序号"),
        (row_of(ws, listed[5]) - 1, "序号"),
    ]
    assert all("请重新下载模板" in e["message"] for e in error.rows)
    assert ProgressReport.objects.get().narrative == "草稿"


def test_the_last_row_deleted_leaves_its_task_as_it_was_and_imports_the_rest(
    template, alice, plan_000
):
    ws = sheet(template)
    last = numbers(ws)[-1]

    def delete_last(wb):
        wb[SHEET].delete_rows(wb[SHEET].max_row)

    data = fill(template, {"39": {"进展情况": "推进中", "完成百分比(%)": 20}}, edit=delete_last)
    result = template_import(user=alice, data=data)
    assert result.saved == 1
    assert not ProgressReport.objects.filter(task__number=last).exists()


def test_two_rows_swapped_are_refused(template, alice):
    ws = sheet(template)
    first, second = row_of(ws, "1"), row_of(ws, "4")

    def swap(wb):
        sheet = wb[SHEET]
        for column in range(1, sheet.max_column + 1):
            a, b = sheet.cell(first, column), sheet.cell(second, column)
            a.value, b.value = b.value, a.value

    filled = {"1": {"进展情况": "任务1的进展"}, "4": {"进展情况": "任务4的进展"}}
    data = fill(template, filled, edit=swap)
    assert {e["row"] for e in refused(alice, data).rows} == {first, second}


def test_rows_added_between_and_below_are_refused(template, alice):
    ws = sheet(template)

    def add_rows(wb):
        sheet = wb[SHEET]
        sheet.insert_rows(row_of(ws, "5"))
        sheet.cell(row=sheet.max_row + 2, column=7, value="另起一行")

    data = fill(template, {"39": {"进展情况": "推进中"}}, edit=add_rows)
    error = refused(alice, data)
    assert any(e["message"] == "该行不在模板中（请勿增加行），未导入。" for e in error.rows)
    assert any("请重新下载模板" in e["message"] for e in error.rows)


# Identity


def test_a_template_signed_with_another_key_is_refused(plan_000, alice, period_q2):
    with override_settings(SECRET_KEY="another-installation-" + "k" * 40):
        forged = template_build(unit=alice.profile.unit, period=period_q2)
    data = fill(forged, {"39": {"进展情况": "伪造", "完成百分比(%)": 100}})
    assert NOT_OURS in refused(alice, data).message


@pytest.mark.parametrize("tamper", ["meta removed", "meta renamed", "main sheet renamed", "rows"])
def test_a_template_whose_sheets_were_tampered_with_is_refused(template, alice, tamper):
    def edit(wb):
        wb.security = None
        if tamper == "meta removed":
            wb.remove(wb["_meta"])
        elif tamper == "meta renamed":
            wb["_meta"].title = "说明"
        elif tamper == "main sheet renamed":
            wb[SHEET].title = "填报"
        else:
            meta = wb["_meta"]
            # The row list of another download: one more task than was handed out.
            meta.append([str(meta.max_row), "1", "", "", "", "0" * 24])

    data = fill(template, {"39": {"进展情况": "推进中"}}, edit=edit)
    assert NOT_OURS in refused(alice, data).message


def test_another_units_template_is_refused_even_for_a_task_both_units_share(
    plan_000, alice, carol, period_q2
):
    shared = template_build(unit=carol.profile.unit, period=period_q2)
    data = fill(shared, {numbers(sheet(shared))[0]: {"进展情况": "冒名"}})
    assert "只能上传本单位" in refused(alice, data).message


# Formulas


@pytest.mark.parametrize("column", ["状态", "年度目标任务", "实际值①", "操作"])
def test_a_formula_in_any_column_is_refused(template, alice, column):
    def formula(wb):
        target = cell(wb[SHEET], "1", column)
        target.value = '=HYPERLINK("http://example.com","点此")'

    data = fill(template, {"1": {"进展情况": "推进中"}}, edit=formula)
    error = refused(alice, data)
    assert {"row": row_of(sheet(data), "1"), "column": column,
            "message": "不接受公式，请填写数值或文字。"} in error.rows  # fmt: skip


def test_a_formula_in_the_meta_sheet_or_below_the_rows_is_refused(template, alice):
    def in_meta(wb):
        wb["_meta"]["B3"] = "=A1"

    assert NOT_OURS in refused(alice, fill(template, {}, edit=in_meta)).message

    def below(wb):
        wb[SHEET].cell(row=wb[SHEET].max_row + 3, column=2, value="=1+1")

    error = refused(alice, fill(template, {}, edit=below))
    assert any(e["message"] == "不接受公式，请填写数值或文字。" for e in error.rows)


def test_text_that_looks_like_a_formula_goes_out_as_text_everywhere(alice, plan_000, period_q3):
    dde = "=cmd|' /C calc'!A0"
    make_report(
        alice, plan_000, "39", period_q3, submit=True,
        data={"narrative": dde, "percent": "100", "problems": "@SUM(1)", "next_steps": "+1"},
    )  # fmt: skip
    ws = sheet(template_build(unit=alice.profile.unit, period=period_q3))
    for column, text in (("进展情况", dde), ("存在问题", "@SUM(1)"), ("下步打算", "+1")):
        c = cell(ws, "39", column)
        assert (c.value, c.data_type, c.quotePrefix) == (text, "s", True)
    book = load_workbook(
        io.BytesIO(bulletin_workbook(snapshot_compute(plan=plan_000, period=period_q3)))
    )
    found = [c for ws in book for row in ws for c in row if c.value == dde]
    assert found and all(c.data_type == "s" for c in found)
