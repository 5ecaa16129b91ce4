"""One row of an uploaded progress template read and checked: a cell as text or as a number
(cell_text, cell_number; the target shares upload reads its cells with them too), and the row
as a RowInput, or its problems added to the file's RowErrors."""

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from progress.errors import InvalidReport
from progress.excel import layout as L
from progress.services.common import MAX_NUMBER
from progress.services.reporting import TEXTS
from progress.text import cell_text as text_for_cell
from progress.text import ooxml_unescape, text_clean
from tasks.amounts import from_written
from tasks.models import Task

TEXT_KEYS = ("narrative", "problems", "next_steps")
FILL_KEYS = ("narrative", "percent", "problems", "next_steps", "action")
CHANGED_TASK = "该行的任务已变更或只读列被改动（{what}），未导入。请重新下载模板后填写。"


@dataclass
class RowInput:
    meta: L.MetaRow
    task: Task
    targets: list
    narrative: str
    percent: Decimal | None
    values: list
    problems: str
    next_steps: str
    action: str | None

    @property
    def content(self):
        return L.content_key(
            narrative=self.narrative,
            percent=self.percent,
            values=self.values,
            problems=self.problems,
            next_steps=self.next_steps,
        )

    def data(self):
        return {
            "narrative": self.narrative,
            "problems": self.problems,
            "next_steps": self.next_steps,
            "percent": self.percent,
            # Typed in each target's written unit (亿元); stored in its own (元).
            "values": {
                t.pk: from_written(v, t)
                for t, v in zip(self.targets, self.values, strict=True)
                if v is not None
            },
        }


def _error(row, column, message):
    return {"row": row, "column": column, "message": message}


def cell_text(cell):
    """A cell as text, the way the template wrote it (numbers as Excel gives them back)."""
    value = cell.value
    if isinstance(value, float):
        return L.canonical_number(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        value = ooxml_unescape(value)
    return L.plain_text(value)


def cell_number(cell):
    """The cell as a Decimal, or None when blank; ValueError when it is not a number. Shared
    by the uploads of progress templates and of target shares workbooks."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool | datetime.datetime | datetime.date | datetime.time):
        raise ValueError
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        # "45%" typed into a cell becomes 0.45 shown as a percentage.
        if "%" in (cell.number_format or ""):
            number *= 100
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        text = text.removesuffix("%")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


class RowErrors(list):
    def add(self, row, column, message):
        self.append(_error(row, column, message))


def _read_row(upload, meta, task, asked, assigned, cols, errors, notes):
    """The row as RowInput, or None when it is completely empty or has errors (added to
    errors)."""
    r = meta.row
    index = {c.key: i for i, c in enumerate(cols, start=1)}
    header = {c.key: c.header for c in cols}
    cell = {c.key: upload.cell(r, i) for i, c in enumerate(cols, start=1)}
    fill = [cell[k] for k in FILL_KEYS] + [cell[c.key] for c in cols if c.position]
    if all(cell_text(c) == "" for c in fill):
        return None
    before = len(errors)

    if task is None:
        errors.add(r, "序号", "该行的任务已不在计划中，未导入。请重新下载模板。")
        return None
    if task.pk not in assigned:
        errors.add(r, "序号", f"本单位已不再承担任务{task.number}，未导入。请重新下载模板。")
        return None
    if cell_text(cell["number"]) != task.number:
        errors.add(r, "序号", CHANGED_TASK.format(what="序号"))
    elif cell_text(cell["task"]) != L.plain_text(text_for_cell(L.task_text(task))):
        errors.add(r, "年度目标任务", CHANGED_TASK.format(what="年度目标任务"))
    elif [a.target.pk for a in asked] != meta.targets:
        errors.add(r, "目标值", CHANGED_TASK.format(what="本期要求填报的目标值已调整"))

    formulas = {k for k in index if cell[k].data_type == "f"}
    text = {}
    text_errors = RowErrors()
    for key in TEXT_KEYS:
        if key in formulas:
            continue
        if cell[key].data_type == "e":
            errors.add(r, header[key], "单元格为错误值（如 #N/A），请改为文字。")
            continue
        text[key] = cell_text(cell[key])
        raw = cell[key].value
        label, kind = TEXTS[key]
        try:
            # The services' own check, here so that every bad cell of the file is listed; on
            # the cell as it is, before blanks are stripped (U+0085 is one to str.strip()).
            text_clean(
                ooxml_unescape(raw) if isinstance(raw, str) else text[key],
                field=key,
                label=label,
                kind=kind,
            )
        except InvalidReport as error:
            text_errors.add(r, header[key], error.message)
        if text[key].startswith(L.FORMULA_STARTS):
            notes.append(
                _error(
                    r,
                    header[key],
                    f"以“{text[key][0]}”开头的内容按普通文字保存，不会作为公式计算。",
                )
            )

    percent = None
    if "percent" not in formulas:
        try:
            percent = cell_number(cell["percent"])
        except ValueError:
            errors.add(r, header["percent"], "完成百分比必须是数字。")
        else:
            if percent is not None and not 0 <= percent <= 100:
                errors.add(r, header["percent"], "完成百分比须在 0 到 100 之间。")
                percent = None
            elif percent is not None:
                percent = percent.quantize(Decimal("0.01"))

    values = []
    for col in (c for c in cols if c.position):
        has_target = col.position <= len(meta.targets)
        if col.key in formulas:
            continue
        try:
            value = cell_number(cell[col.key])
        except ValueError:
            errors.add(r, col.header, "实际值必须是数字。")
            continue
        if not has_target:
            if value is not None or cell_text(cell[col.key]):
                errors.add(r, col.header, "该任务没有这个目标值，此格应为空。")
            continue
        if value is not None and value < 0:
            errors.add(r, col.header, "实际值不能为负数。")
        elif value is not None and abs(value) >= MAX_NUMBER:
            errors.add(r, col.header, "实际值过大，请检查计量单位。")
        else:
            values.append(value.quantize(Decimal("0.000001")) if value is not None else None)

    action = None
    if "action" not in formulas:
        action = cell_text(cell["action"]) or None
        if action is not None and action not in L.ACTIONS:
            errors.add(r, header["action"], "操作只能选“保存草稿”或“报送”（留空按保存草稿）。")
        if action == L.SUBMIT and "narrative" in text and not text["narrative"]:
            errors.add(r, header["narrative"], "报送时必须填写进展情况。")

    if len(errors) > before or formulas:
        return None
    row = RowInput(
        meta=meta,
        task=task,
        targets=[a.target for a in asked],
        narrative=text["narrative"],
        percent=percent,
        values=values,
        problems=text["problems"],
        next_steps=text["next_steps"],
        action=action,
    )
    # Text is checked where the row says something new: an untouched row of a report kept
    # from before the rule (its cells cleaned and cut by put_text) is skipped, not refused.
    if text_errors and row.content != meta.content:
        errors.extend(text_errors)
        return None
    return row
