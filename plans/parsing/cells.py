"""Plan tables given as real cells (an .xlsx sheet, a Word table) read into a parse. Plain Python.

The readers of those files only turn them into rows of cell values; this module reads the rows
of the columns of 000 (序号 / 年度目标任务 / 季度计划 / 牵头单位 / 责任单位 / 备注). Departments
pass such tables around, so it expects what they contain: a title row or two above the header,
the header repeated for printing, section rows (一、… / （一）…) written in the first cells,
merged or not, cells with line breaks, and the occasional blank row. Cells are real cells here,
so there is no guessing of cell boundaries; what is odd (a row with text but no number, a number
out of order, a unit cell that is not a list of units, text outside the header's columns)
becomes a warning.
"""

import re
from dataclasses import dataclass

from plans.parsing import text as t
from plans.parsing.errors import NotAPlanError
from plans.parsing.outline import Outline
from plans.parsing.table import COLUMN_NAMES, UNIT_COLUMNS, is_header, plan_fields

MAX_ROWS = 5000
# How complete unit names end, for the lines of a unit cell.
NAME_ENDS = (*t.UNIT_SUFFIXES, "单位", "部门", "企业", "科协", "机构", "海关")
# How a line that goes on the name above begins: a tail no name begins with ("和信息化局",
# "会保障局", "员会"), or a phrase that continues a name ("…领导小组" + "成员单位").
NAME_TAILS = (*t.UNIT_CONTINUATIONS, "和", "与", "及", "会", "员", "成员", "有关单位")
# Names that are only the start of a longer one when a line ends with them.
NAME_STARTS = ("人行", "人民银行", "共青团")


@dataclass(frozen=True)
class MergedAbove:
    """A cell below the first row of a vertically merged cell (Word's vMerge): the merged
    cell's text. It belongs to a row that holds a task number of its own (one lead unit
    merged over several tasks leads each of them), not to a row continuing the task above."""

    text: str


def _raw(value):
    """A cell's value as written, line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_text(value, *, lines_are_items=False):
    """A cell's text. Line breaks in a text cell are wraps of the same text; in a unit cell
    they may also separate units, so there they become a list separator."""
    text = _raw(value)
    if lines_are_items:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "、".join(_unit_lines(lines))
    return re.sub(r"\s*\n\s*", "", text)


def _unit_lines(lines):
    """A unit cell's lines as names: "州人力资源\n社会保障局" is one wrapped name, "州人社局\n
    州财政局" two. A line starts a name of its own when the name above is complete (it ends as
    unit names end, and is not just the start of one: "人行") and the line reads as a whole
    name: it starts as unit names start (州, 县, 各, 人行 ...) or, four characters or more,
    ends as they end ("凯里供电局", "贵州科学院"). A short tail ("保障局", "组织部") or a
    line that no name begins with ("和信息化局", "成员单位") goes on the name above."""
    names = lines[:1]
    for line in lines[1:]:
        whole = line.startswith(t.UNIT_STARTS) or (len(line) >= 4 and line.endswith(NAME_ENDS))
        complete = names[-1].endswith(NAME_ENDS) and names[-1] not in NAME_STARTS
        if complete and whole and not line.startswith(NAME_TAILS):
            names.append(line)
        else:
            names[-1] += line
    return names


def _header_name(value):
    """A header cell's name: offices space out short names ("序  号", "备　注")."""
    return re.sub(r"\s+", "", _cell_text(value))


def find_header(rows):
    """(index of the header row, {position: field}, {position: unknown column name},
    {position without a name: position of the named column to its left}), or None."""
    for index, row in enumerate(rows):
        cells = [_header_name(c) for c in row]
        names = [c for c in cells if c]
        if is_header(names):
            columns, others, under = {}, {}, {}
            named = None
            for position, name in enumerate(cells):
                field = COLUMN_NAMES.get(name)
                if field:
                    columns[position] = field
                    named = position
                elif name:
                    others[position] = name
                    named = position
                elif named is not None:
                    # Under a header cell merged across columns (or a grid drawn unevenly).
                    under[position] = named
            return index, columns, others, under
    return None


def parse_cells(rows, *, source, title=""):
    """The parse of a plan table given as rows of cell values (str, number or None; a
    MergedAbove below the first row of a vertical merge). The title is `title` (the text
    above the table) followed by the rows above the header. Raises NotAPlanError when no row
    is the header, or no task row follows it."""
    header = find_header(rows)
    if header is None:
        raise NotAPlanError("没有找到计划表的表头行（序号 … 牵头单位 … 责任单位）。")
    header_index, columns, others, under = header
    title += "".join(_cell_text(c) for row in rows[:header_index] for c in row if _cell_text(c))
    plan_warnings = []
    plan = plan_fields(title, source, plan_warnings)
    for name in others.values():
        plan_warnings.append(
            {"code": "column_unknown", "message": f"未识别的列“{name}”：其内容已放入各任务的备注。"}
        )
    header_names = [_cell_text(c) for c in rows[header_index]]
    number_at = next((i for i, field in columns.items() if field == "number"), None)
    outline = Outline()
    tasks, numbers = [], set()
    expected = 1
    for row_no, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        row = _merged_resolved(row, number_at)
        row, moved = _unheaded_moved(row, under, header_names, row_no)
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
        if is_header([_header_name(v) for v in filled]):
            continue  # header repeated for printing
        number = cells.get("number", "")
        # A section row has one text (in whatever cell, merged or not) and no task number.
        if len(filled) == 1 and outline.heading(filled[0]):
            continue
        if not re.fullmatch(r"\d{1,3}", number):
            if tasks:
                _continue_task(tasks[-1], cells, extra, row_no)
                tasks[-1]["warnings"].extend(moved)
            else:
                plan_warnings.append(
                    {
                        "code": "row_without_number",
                        "message": f"第{row_no}行在第一项任务之前，未载入：{'｜'.join(filled)[:80]}",
                    }
                )
            continue
        warnings = list(moved)
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


def _merged_resolved(row, number_at):
    """The row with each MergedAbove replaced: by its text where the row has a task number
    of its own, else by nothing (the row continues the task above, which has the text)."""
    if not any(isinstance(value, MergedAbove) for value in row):
        return row
    own = number_at is not None and number_at < len(row)
    own = own and not isinstance(row[number_at], MergedAbove)
    own = own and re.fullmatch(r"\d{1,3}", _cell_text(row[number_at])) is not None
    return [
        (value.text if own else None) if isinstance(value, MergedAbove) else value for value in row
    ]


def _unheaded_moved(row, under, names, row_no):
    """The row with text found under no header name joined to the named column on its left
    (a new line of it), and a warning for each such text, since the table's grid was uneven."""
    moved = []
    if not any(i < len(row) and _cell_text(row[i]) for i in under):
        return row, moved
    row = list(row)
    for i, owner in under.items():
        if i >= len(row) or not _cell_text(row[i]):
            continue
        text = _cell_text(row[i])
        row[owner] = "\n".join(x for x in (_raw(row[owner]), _raw(row[i])) if x)
        row[i] = None
        moved.append(
            t.warning(
                "cell_outside_columns",
                f"第{row_no}行有文字不在任何表头之下，已并入左侧“{names[owner]}”列："
                f"“{text[:40]}”，请核对。",
            )
        )
    return row, moved


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
