"""The target shares workbook (目标分解表): one row per (task, annual target, responsible
unit) of a plan within the downloader's scope, the current share in the target's written unit,
and a signed identity in a very hidden "_meta" sheet, so that an upload can be checked against
what was handed out (shares_import.py reads it back).

The signing, the text-only meta sheet and the formula-safe text cells are the progress
template's (layout.py); this workbook has its own format name and salt, so neither kind of
workbook passes for the other.
"""

import io
import json
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from progress import roles, selectors
from progress.errors import NotAllowed
from progress.excel import layout as L
from progress.excel.build import (
    BORDER,
    CENTRE,
    FONT,
    GREY,
    HEADER_FILL,
    HEADER_GREY,
    LOCKED,
    UNLOCKED,
    WHITE,
    WRAP,
)
from tasks.amounts import target_text, to_written

FORMAT = "plantrack-target-shares"
FORMAT_VERSION = "1"
SHEET = "目标分解"
HEADER_ROW = 4
FIRST_ROW = 5
OFFICE = "office"
_SALT = "progress.excel.shares"
_META_KEYS = ("format", "version", "sheet", "plan", "scope", "task", "signature")
_ROW_FIELDS = ("row", "target", "unit", "version", "value")

INSTRUCTIONS = (
    "填写说明：灰色单元格为只读；请在白色的“分解目标值”列按“填写单位”列注明的单位（如“亿元”）"
    "填写各单位承担的年度目标数。清空某格即删除该单位的分解目标；未改动的行不会导入。"
    "整表导入：任何一行有误，全部不导入。请勿增删行、调整行序或修改只读内容，不接受公式。"
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False


COLUMNS = (
    Column("number", "序号", 6),
    Column("task", "年度目标任务", 36),
    Column("metric", "指标", 24),
    Column("target", "年度目标", 14),
    Column("unit", "责任单位", 22),
    Column("input_unit", "填写单位", 9),
    Column("value", "分解目标值", 13, editable=True),
)
INDEX = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
READ_ONLY = tuple(c for c in COLUMNS if not c.editable)


@dataclass
class MetaRow:
    row: int
    target: int
    unit: int
    version: int | None
    value: str  # the share as written in the workbook (canonical number), "" for none

    def cells(self):
        version = "" if self.version is None else str(self.version)
        return [str(self.row), str(self.target), str(self.unit), version, self.value]


@dataclass
class Identity:
    """Which plan, whose scope (the office, or a lead unit's id), which task (or the whole
    plan) and which rows a workbook was built for; signed in "_meta"."""

    plan: str
    scope: str
    task: int | None
    rows: list[MetaRow]
    sheet: str = SHEET

    def header(self):
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sheet": self.sheet,
            "plan": self.plan,
            "scope": self.scope,
            "task": "" if self.task is None else str(self.task),
        }

    def canonical(self):
        data = {**self.header(), "rows": [r.cells() for r in self.rows]}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def signature(self):
        return L.sign(_SALT, self.canonical())


def meta_write(ws, identity):
    header = {**identity.header(), "signature": identity.signature()}
    L.text_rows_write(
        ws,
        [
            *([key, header[key]] for key in _META_KEYS),
            _ROW_FIELDS,
            *(row.cells() for row in identity.rows),
        ],
    )


def _int_or_none(text):
    return int(text) if text else None


def meta_read(values):
    """The verified identity from the meta sheet's rows; layout.NotOurs for anything that is
    not a target shares workbook this system signed (a progress template included)."""
    rows = L.text_rows_read(values, width=len(_ROW_FIELDS))
    try:
        if [rows[i][0] for i in range(len(_META_KEYS))] != list(_META_KEYS):
            raise L.NotOurs("meta keys")
        header = {rows[i][0]: rows[i][1] for i in range(len(_META_KEYS))}
        if header["format"] != FORMAT or header["version"] != FORMAT_VERSION:
            raise L.NotOurs("format")
        if tuple(rows[len(_META_KEYS)][: len(_ROW_FIELDS)]) != _ROW_FIELDS:
            raise L.NotOurs("row header")
        meta_rows = []
        for cells in rows[len(_META_KEYS) + 1 :]:
            if not any(cells):
                continue
            row, target, unit, version, value = cells[: len(_ROW_FIELDS)]
            meta_rows.append(
                MetaRow(int(row), int(target), int(unit), _int_or_none(version), value)
            )
        identity = Identity(
            plan=header["plan"],
            scope=header["scope"],
            task=_int_or_none(header["task"]),
            rows=meta_rows,
            sheet=header["sheet"],
        )
    except (IndexError, KeyError, ValueError) as exc:
        raise L.NotOurs(str(exc)) from None
    if not L.signature_matches(_SALT, identity.canonical(), header["signature"]):
        raise L.NotOurs("signature")
    if [r.row for r in meta_rows] != list(range(FIRST_ROW, FIRST_ROW + len(meta_rows))):
        raise L.NotOurs("rows")
    return identity


def scope_of(user):
    """The scope a workbook is built for: "office", or the id (text) of the user's unit."""
    if roles.is_office(user):
        return OFFICE
    unit = roles.unit_of(user)
    return str(unit.pk) if unit is not None and roles.is_reporting_user(user) else None


def scope_name(scope, unit=None):
    return "领导小组办公室" if scope == OFFICE else (unit.name if unit else "")


def row_texts(layout, column, unit):
    """The read-only cells of one row, as the workbook writes them and the upload is checked
    against: {column key: text}."""
    task, target = layout.task, column.target
    year = f"{target.due_year}年" if column.several_years else ""
    return {
        "number": task.number,
        "task": L.task_text(task),
        "metric": target.metric,
        "target": f"{year}{target_text(target)}",
        "unit": unit.name,
        "input_unit": column.input_unit,
    }


def workbook_rows(layouts):
    """[(layout, column, unit)] in the order of the workbook: tasks in plan order, each
    target's units together (county governments first)."""
    return [
        (layout, column, unit)
        for layout in layouts
        for column in layout.columns
        for unit in layout.units
    ]


def tasks_in_scope(user, plan, task=None):
    """The task ids the user's workbook lists; NotAllowed when there are none to list."""
    ids = selectors.share_tasks(user, plan)
    if task is not None:
        if task.pk not in ids:
            raise NotAllowed("只有领导小组办公室和该任务的牵头单位可以分解目标。")
        return [task.pk]
    if not ids:
        raise NotAllowed("只有领导小组办公室和任务的牵头单位可以下载目标分解表。")
    return ids


def shares_filename(*, user, plan, task=None):
    what = f"任务{task.number}" if task else plan.title[:40]
    return f"目标分解表_{what}.xlsx"


def shares_workbook_build(*, user, plan, task=None):
    """The .xlsx (bytes) of the shares the user may set in plan (every task with annual
    targets for the office, the tasks their unit leads for a lead unit's people; only `task`
    when given): one row per (task, annual target, responsible unit), its current share in
    the target's written unit in the one open column. NotAllowed when the user has none."""
    scope = scope_of(user)
    ids = tasks_in_scope(user, plan, task)
    layouts = selectors.share_layouts(plan, ids)
    rows = workbook_rows([layouts[i] for i in ids if i in layouts])

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _title(ws, plan, scope_name(scope, roles.unit_of(user)), task)
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=col.header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL if col.editable else HEADER_GREY
        cell.alignment = CENTRE
        cell.border = BORDER
        cell.protection = LOCKED
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[HEADER_ROW].height = 24

    meta_rows = []
    for offset, (layout, column, unit) in enumerate(rows):
        meta_rows.append(_write_row(ws, FIRST_ROW + offset, layout, column, unit))
    last = FIRST_ROW + max(len(rows), 1) - 1
    letter = get_column_letter(INDEX["value"])
    value = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="分解目标值",
        error="请填写不小于 0 的数字（按“填写单位”列的单位）；留空表示不分解给该单位。",
    )
    value.add(f"{letter}{FIRST_ROW}:{letter}{last}")
    ws.add_data_validation(value)

    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    meta = wb.create_sheet(L.META_SHEET)
    meta_write(
        meta,
        Identity(plan=plan.key, scope=scope, task=task.pk if task else None, rows=meta_rows),
    )
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{plan.title} 目标分解表"
    wb.properties.creator = "计划任务跟踪系统"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _title(ws, plan, who, task):
    last = get_column_letter(len(COLUMNS))
    what = f"任务{task.number}" if task else "本计划可分解的任务"
    lines = [
        (f"{plan.title} 目标分解表", Font(name=FONT, bold=True, size=14), 26),
        (f"范围：{who}　{what}", Font(name=FONT, size=11), 20),
        (INSTRUCTIONS, Font(name=FONT, size=9, color="595959"), 40),
    ]
    for row, (text, font, height) in enumerate(lines, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        L.put_text(cell, text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[row].height = height


def _write_row(ws, row, layout, column, unit):
    share = column.shares.get(unit.pk)
    written = to_written(share.value, column.target) if share else None
    texts = row_texts(layout, column, unit)
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=row, column=i)
        if col.editable:
            cell.value = float(written) if written is not None else None
        else:
            L.put_text(cell, texts[col.key])
        cell.fill = WHITE if col.editable else GREY
        cell.protection = UNLOCKED if col.editable else LOCKED
        # The task's text repeats on every row of its targets: kept on one line.
        cell.alignment = Alignment(vertical="top") if col.key == "task" else WRAP
        cell.border = BORDER
        cell.font = Font(name=FONT, size=10)
    return MetaRow(
        row=row,
        target=column.target.pk,
        unit=unit.pk,
        version=share.version if share else None,
        value=L.canonical_number(written) or "",
    )
