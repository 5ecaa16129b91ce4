"""The template a unit downloads for a period: its tasks, what it must fill, and a signed
identity so the upload can be checked against what was handed out."""

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from progress import selectors
from progress.excel import layout as L
from progress.models import ProgressReport
from progress.periods import closure_covers
from progress.text import cell_text
from tasks.amounts import to_written
from tasks.models import TaskAssignment

FONT = "宋体"
GREY = PatternFill("solid", fgColor="E7E6E6")
WHITE = PatternFill("solid", fgColor="FFFFFF")
HEADER_GREY = PatternFill("solid", fgColor="BFBFBF")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
LINE_HEIGHT = 14.5
MAX_ROW_HEIGHT = 409

ROLE_SHORT = {TaskAssignment.Role.LEAD: "牵头", TaskAssignment.Role.RESPONSIBLE: "责任"}
NOT_EDITABLE = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED)
INSTRUCTIONS = (
    "填写说明：灰色单元格为只读；请在白色单元格中填写。本期要求填报数值目标的任务按目标值①②…的顺序"
    "填写年初至今的实际值（按各目标括号中注明的单位，如“亿元”），其他任务填写完成百分比（0-100）。"
    "“操作”选“保存草稿”或“报送”"
    "（留空按保存草稿；未改动的行不会导入）。报送时必须填写进展情况。请勿增删行、调整行序或修改只读内容，"
    "不接受公式。"
)


def closed_before(task, period):
    closure = getattr(task, "closure", None)
    return closure_covers(closure.period if closure else None, period)


def state_text(task, report):
    if report is None:
        return "未填报"
    text = report.get_state_display()
    if report.state == ProgressReport.State.RETURNED and report.review_comment:
        text += f"：{report.review_comment}"
    return text


def template_rows(unit, period):
    """[(task, role text, report or None, [Asked])] the template lists, in plan order: each
    task with the values the period asks of the unit."""
    rows = []
    listed = [
        (task, report)
        for task, _labels, report in selectors.my_tasks(unit, period)
        if not closed_before(task, period)
    ]
    asked = selectors.asked_targets_of(unit, period, [task.pk for task, _report in listed])
    for task, report in listed:
        roles = sorted({a.role for a in task.unit_assignments}, key=lambda r: r != "lead")
        role = "、".join(ROLE_SHORT[r] for r in roles)
        rows.append((task, role, report, asked[task.pk][: L.MAX_POSITIONS]))
    return rows


def template_filename(*, unit, period):
    return f"{period.label}_{unit.name}_进展填报模板.xlsx"


def template_build(*, unit, period):
    """The .xlsx (bytes) `unit` fills in for `period`: one row per task it is assigned to
    (lead or responsible) that was not closed (办结) before the period, its report's current
    content pre-filled, and the signed identity in a very hidden "_meta" sheet."""
    rows = template_rows(unit, period)
    positions = max((len(asked) for *_, asked in rows), default=0)
    cols = L.columns(positions)
    index = {c.key: i + 1 for i, c in enumerate(cols)}

    wb = Workbook()
    ws = wb.active
    ws.title = L.SHEET
    _title(ws, unit, period, len(cols))
    for i, col in enumerate(cols, start=1):
        cell = ws.cell(row=L.HEADER_ROW, column=i, value=col.header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL if col.editable else HEADER_GREY
        cell.alignment = CENTRE
        cell.border = BORDER
        cell.protection = LOCKED
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[L.HEADER_ROW].height = 30

    meta_rows = []
    for offset, (task, role, report, asked) in enumerate(rows):
        row = L.FIRST_ROW + offset
        meta_rows.append(_write_row(ws, row, cols, task, role, report, asked, period))
    last = L.FIRST_ROW + max(len(rows), 1) - 1
    _validations(ws, index, positions, last)

    ws.freeze_panes = ws.cell(row=L.FIRST_ROW, column=1)
    ws.protection.sheet = True
    # Reading long text needs wider columns and taller rows; that does not touch content.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{L.HEADER_ROW}:{L.HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.4

    meta = wb.create_sheet(L.META_SHEET)
    L.meta_write(
        meta,
        L.Identity(
            plan=period.plan.key,
            unit=unit.pk,
            period=period.label,
            positions=positions,
            rows=meta_rows,
        ),
    )
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{period.plan.title} {period.label} 进展填报模板"
    wb.properties.creator = "计划任务跟踪系统"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _title(ws, unit, period, width):
    last = get_column_letter(width)
    deadline = period.deadline
    lines = [
        (period.plan.title, Font(name=FONT, bold=True, size=14), 26),
        (
            f"填报单位：{unit.name}　　报告期：{period.label}　　"
            f"报送截止：{deadline.year}年{deadline.month}月{deadline.day}日",
            Font(name=FONT, size=11),
            20,
        ),
        (INSTRUCTIONS, Font(name=FONT, size=9, color="595959"), 40),
    ]
    for row, (text, font, height) in enumerate(lines, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        L.put_text(cell, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[row].height = height


def _write_row(ws, row, cols, task, role, report, asked, period):
    """Write one task's row (values in each target's written unit); returns its MetaRow."""
    targets = [item.target for item in asked]
    stored = {v.target_id: v.value for v in report.values.all()} if report else {}
    values = {t.pk: to_written(stored.get(t.pk), t) for t in targets}
    editable = report is None or report.state not in NOT_EDITABLE
    content = {
        "number": task.number,
        "role": role,
        "task": L.task_text(task),
        "quarter_plan": task.quarter_plan(period.quarter),
        "targets": "\n".join(L.target_line(n, item) for n, item in enumerate(asked, start=1)),
        "state": state_text(task, report),
        # As the cells hold them (what put_text writes), so that an untouched row of a report
        # kept from before the text rule reads back unchanged.
        "narrative": cell_text(report.narrative) if report else "",
        "percent": report.percent if report else None,
        "problems": cell_text(report.problems) if report else "",
        "next_steps": cell_text(report.next_steps) if report else "",
        "action": None,
    }
    lines = 1
    for i, col in enumerate(cols, start=1):
        cell = ws.cell(row=row, column=i)
        if col.position is not None:
            has_target = col.position <= len(targets)
            value = values.get(targets[col.position - 1].pk) if has_target else None
            open_cell = editable and has_target
        else:
            value = content[col.key]
            open_cell = editable and col.editable
        if isinstance(value, str):
            L.put_text(cell, value)
            lines = max(lines, _lines(value, col.width))
        else:
            cell.value = value
        cell.fill = WHITE if open_cell else GREY
        cell.protection = UNLOCKED if open_cell else LOCKED
        cell.alignment = WRAP
        cell.border = BORDER
        cell.font = Font(name=FONT, size=10)
    ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, max(2, lines) * LINE_HEIGHT)
    return L.MetaRow(
        row=row,
        task=task.pk,
        report=report.pk if report else None,
        version=report.version if report else None,
        targets=[t.pk for t in targets],
        content=L.content_key(
            narrative=content["narrative"],
            percent=content["percent"],
            values=[values.get(t.pk) for t in targets],
            problems=content["problems"],
            next_steps=content["next_steps"],
        ),
    )


def _lines(text, width):
    usable = max(1, int(width) - 1)
    return sum(max(1, math.ceil(L.display_width(part) / usable)) for part in text.split("\n"))


def _validations(ws, index, positions, last):
    def column_range(key):
        letter = get_column_letter(index[key])
        return f"{letter}{L.FIRST_ROW}:{letter}{last}"

    percent = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成百分比",
        error="请填写 0 到 100 之间的数字。",
        promptTitle="完成百分比",
        prompt="本期没有要求填报数值目标的任务填写，0-100。",
        showInputMessage=True,
    )
    percent.add(column_range("percent"))
    ws.add_data_validation(percent)
    if positions:
        value = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="实际值",
            error="请填写不小于 0 的数字（按目标值括号中注明的单位）。",
        )
        for n in range(1, positions + 1):
            value.add(column_range(f"value{n}"))
        ws.add_data_validation(value)
    action = DataValidation(
        type="list",
        formula1='"' + ",".join(L.ACTIONS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="操作",
        error="请从下拉列表中选择“保存草稿”或“报送”。",
    )
    action.add(column_range("action"))
    ws.add_data_validation(action)
