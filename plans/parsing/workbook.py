"""Reader for plan tables exchanged as .xlsx (the columns of 000: 序号 / 年度目标任务 / 季度计划 /
牵头单位 / 责任单位 / 备注).

Departments pass these sheets around, so the reader expects what they contain: a title row or
two above the header, section rows (一、… / （一）…) written in the first cells, merged or not,
cells with line breaks, and the occasional blank row. Cells are real cells here, so there is no
guessing of cell boundaries; what is odd (a row with text but no number, a number out of order,
a unit cell that is not a list of units) becomes a warning.
"""

import io
import re
import zipfile

from plans.parsing import text as t
from plans.parsing.errors import NotAPlanError
from plans.parsing.outline import Outline
from plans.parsing.table import COLUMN_NAMES, UNIT_COLUMNS, is_header, plan_fields

LAYOUT = "table"
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000


def _cell_text(value, *, lines_are_items=False):
    """A cell's text. Line breaks in a text cell are wraps of the same text; in a unit cell
    they may also separate units, so there they become a list separator."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if lines_are_items:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # "州人力资源\n社会保障局" is one wrapped name; "州人社局\n州财政局" two units.
        joined = lines[:1]
        for line in lines[1:]:
            if (
                t.ends_unit_name(joined[-1])
                and t.starts_unit_name(line)
                and line.startswith(t.UNIT_STARTS)
            ):
                joined.append(line)
            else:
                joined[-1] += line
        return "、".join(joined)
    return re.sub(r"\s*\n\s*", "", text)


def _open(data):
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise NotAPlanError("文件过大（超过 10 MB），不像计划表。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_BYTES:
                raise NotAPlanError("文件解压后过大，已拒绝。")
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except NotAPlanError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise NotAPlanError(
            f"无法打开 Excel 文件（文件损坏或不是 .xlsx）：{type(exc).__name__}"
        ) from exc


def _header(rows):
    for index, row in enumerate(rows):
        cells = [_cell_text(c) for c in row]
        names = [c for c in cells if c]
        if is_header(names):
            columns, others = {}, {}
            for position, name in enumerate(cells):
                field = COLUMN_NAMES.get(name)
                if field:
                    columns[position] = field
                elif name:
                    others[position] = name
            return index, columns, others
    return None


def parse_workbook(data, source=""):
    """Parse an .xlsx plan table (the first sheet that has a header row)."""
    workbook = _open(data)
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise NotAPlanError(f"工作表“{sheet.title}”超过 {MAX_ROWS} 行，不像计划表。")
        header = _header(rows)
        if header is not None:
            return _parse_rows(rows, header, source)
    raise NotAPlanError("没有找到计划表的表头行（序号 … 牵头单位 … 责任单位）。")


def _parse_rows(rows, header, source):
    header_index, columns, others = header
    title = "".join(_cell_text(c) for row in rows[:header_index] for c in row if _cell_text(c))
    plan_warnings = []
    plan = plan_fields(title, source, plan_warnings)
    for name in others.values():
        plan_warnings.append(
            {"code": "column_unknown", "message": f"未识别的列“{name}”：其内容已放入各任务的备注。"}
        )
    outline = Outline()
    tasks, numbers = [], set()
    expected = 1
    for row_no, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = {
            field: _cell_text(row[i], lines_are_items=field in UNIT_COLUMNS)
            for i, field in columns.items()
            if i < len(row)
        }
        extra = "；".join(
            f"{name}：{_cell_text(row[i])}"
            for i, name in others.items()
            if i < len(row) and _cell_text(row[i])
        )
        filled = [_cell_text(v) for v in row if _cell_text(v)]
        if not filled:
            continue
        if is_header(filled):
            continue  # header repeated for printing
        number = cells.get("number", "")
        # A section row has one text (in whatever cell, merged or not) and no task number.
        if len(filled) == 1 and outline.heading(filled[0]):
            continue
        if not re.fullmatch(r"\d{1,3}", number):
            if tasks:
                _continue_task(tasks[-1], cells, extra, row_no)
            else:
                plan_warnings.append(
                    {
                        "code": "row_without_number",
                        "message": f"第{row_no}行在第一项任务之前，未载入：{'｜'.join(filled)[:80]}",
                    }
                )
            continue
        warnings = []
        if int(number) != expected:
            warnings.append(
                {
                    "code": "number_out_of_order",
                    "message": f"序号{number}不连续（应为{expected}），请核对是否缺行。",
                }
            )
        expected = int(number) + 1
        if number in numbers:
            warnings.append(
                {
                    "code": "number_repeated",
                    "message": f"序号{number}重复出现（第{row_no}行），已记作“{number}#”，请核对。",
                }
            )
            while number in numbers:
                number += "#"
        numbers.add(number)
        task = {
            "number": number,
            "section": outline.current,
            "title": "",
            "annual_target": cells.get("annual_target", ""),
            "quarter_plans": {q: cells.get(q, "") for q in ("Q1", "Q2", "Q3", "Q4")},
            "lead_units": [],
            "responsible_units": [],
            "remarks": "；".join(x for x in (cells.get("remarks", ""), extra) if x),
            "warnings": warnings,
            "targets": [],
        }
        for column in UNIT_COLUMNS:
            written = cells.get(column, "")
            if written and not t.looks_like_units(written):
                warnings.append(
                    {
                        "code": "units_unreadable",
                        "message": f"第{row_no}行的{'牵头' if column == 'lead_units' else '责任'}单位"
                        f"不像单位名单：“{written[:40]}”",
                    }
                )
            task[column] = t.split_units(written)
        if not task["annual_target"]:
            warnings.append({"code": "empty_task", "message": f"第{row_no}行没有年度目标任务。"})
        tasks.append(task)
    if not tasks:
        raise NotAPlanError("表头下没有任何任务行。")
    return {
        "plan": plan,
        "sections": outline.sections,
        "tasks": tasks,
        "indicators": [],
        "warnings": plan_warnings,
    }


def _continue_task(task, cells, extra, row_no):
    """A row without a number under a task (its 序号 cell merged over several rows): its cells
    continue the task's, and the task is flagged so a person checks the join."""
    for field, text in cells.items():
        if not text or field == "number":
            continue
        if field in UNIT_COLUMNS:
            task[field] += [u for u in t.split_units(text) if u not in task[field]]
        elif field in ("Q1", "Q2", "Q3", "Q4"):
            task["quarter_plans"][field] += text
        else:
            task[field] = task.get(field, "") + text
    if extra:
        task["remarks"] = "；".join(x for x in (task["remarks"], extra) if x)
    task["warnings"].append(
        {
            "code": "row_joined",
            "message": f"第{row_no}行没有序号，已接在任务{task['number']}之后，请核对。",
        }
    )
