"""Reader for plan tables extracted to text (the layout of 000).

The table has the columns 序号 / 年度目标任务 / 季度计划... / 牵头单位 / 责任单位 / 备注. Each cell
is a block of hard-wrapped lines and blocks are separated by blank lines, but the extraction is
imperfect: cells may share a line (separated by a space), follow each other with no blank line,
or carry the task number on their first line. The reader cuts each task's lines into cells,
choosing the cuts the layout does not give from the evidence (sentence ends, unit names, short
lines), and records a warning on the task for every cut or repair it had to make.
"""

import itertools
import re

from plans.parsing import text as t
from plans.parsing.outline import Outline, plan_info, years_in
from plans.regions import region_named_in

LAYOUT = "table"

COLUMN_NAMES = {
    "序号": "number",
    "年度目标任务": "annual_target",
    "年度目标": "annual_target",
    "目标任务": "annual_target",
    "工作任务": "annual_target",
    "主要任务": "annual_target",
    "一季度计划": "Q1",
    "二季度计划": "Q2",
    "三季度计划": "Q3",
    "四季度计划": "Q4",
    "一季度": "Q1",
    "二季度": "Q2",
    "三季度": "Q3",
    "四季度": "Q4",
    "牵头单位": "lead_units",
    "责任单位": "responsible_units",
    "配合单位": "responsible_units",
    "备注": "remarks",
}
UNIT_COLUMNS = ("lead_units", "responsible_units")

_NUMBER = re.compile(r"^(\d{1,3})(?:(?:\s+|[.、．](?!\d))(.*))?$")
_NUMBER_GLUED = re.compile(r"^(\d{1,3})([\u3400-\u9fff“《].*)$")

BLANK, SPACE, NEWLINE = "blank", "space", "newline"
MAX_CANDIDATES = 30  # line breaks tried as cell boundaries in one task (C(30, 4) = 27,405)


def looks_like_table(text):
    return find_header(text.splitlines()) is not None


def is_header(cells):
    """Whether the cells of a row are the table's header (序号 … 牵头单位/责任单位 …)."""
    return "序号" in cells and any(c in cells for c in ("牵头单位", "责任单位"))


def find_header(lines):
    """Index and column fields of the first header row, or None."""
    for index, line in enumerate(lines):
        cells = line.split()
        if is_header(cells):
            fields = [COLUMN_NAMES.get(c) for c in cells]
            if None not in fields:
                return index, fields
    return None


def parse_table(text, source=""):
    lines = text.splitlines()
    header = find_header(lines)
    if header is None:
        raise ValueError("未找到表头行（序号 … 牵头单位 … 责任单位）")
    header_index, fields = header
    columns = [f for f in fields if f != "number"]
    title = "".join(line.strip() for line in lines[:header_index] if line.strip())
    plan_warnings = []
    plan = plan_fields(title, source, plan_warnings)

    sections, raw_tasks = _split_rows(lines[header_index + 1 :], plan_warnings, header_index + 2)
    tasks = [_read_task(raw, columns) for raw in raw_tasks]
    return {
        "plan": plan,
        "sections": sections,
        "tasks": tasks,
        "indicators": [],
        "warnings": plan_warnings,
    }


def plan_fields(title, source, plan_warnings):
    region = region_named_in(title)
    start, end = years_in(title)
    if start is None:
        plan_warnings.append(t.warning("no_year", "标题中未找到年度，请在导入时填写。"))
    if region is None:
        plan_warnings.append(t.warning("no_region", "标题中未找到印发地区，请在导入时选择。"))
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)


def _split_rows(lines, plan_warnings, first_line_no):
    """Walk the lines after the header: sections, and each task's raw lines.

    A task starts at a line holding the next task number (alone, or followed by its text)
    at the start of a block. A heading starts a section only with the next numeral in order.
    """
    outline = Outline()
    tasks = []
    expected_number = 1
    previous_blank = True
    current = None

    for line_no, raw in enumerate(lines, start=first_line_no):
        page_start = raw.startswith((" ", "\t", "\u3000"))
        line = raw.strip()
        if not line:
            previous_blank = True
            if current is not None:
                current["lines"].append(("", line_no))
            continue
        cells = line.split()
        if is_header(cells):
            plan_warnings.append(
                t.warning("header_repeated", f"第{line_no}行：表头在换页处重复，已略过。")
            )
            continue
        at_block_start = previous_blank or page_start or current is None
        previous_blank = False

        if outline.heading(line):
            current = None
            previous_blank = True
            continue

        number = _NUMBER.match(line)
        glued = None if number else _NUMBER_GLUED.match(line)
        match = number or glued
        in_order = match and at_block_start and int(match.group(1)) == expected_number
        # A plain number further on starts a task too: the rows between were lost.
        after_gap = match and at_block_start and number and int(match.group(1)) > expected_number
        if in_order or after_gap:
            if after_gap:
                skipped = list(range(expected_number, int(match.group(1))))
                plan_warnings.append(
                    t.warning(
                        "number_gap",
                        f"第{line_no}行：序号从{expected_number - 1}跳到{match.group(1)}，"
                        f"缺少{'、'.join(map(str, skipped))}。",
                    )
                )
            current = {
                "number": match.group(1),
                "section": outline.current,
                "lines": [],
                "warnings": [],
                "line_no": line_no,
            }
            tasks.append(current)
            expected_number = int(match.group(1)) + 1
            rest = (match.group(2) or "").strip()
            if rest:
                current["warnings"].append(
                    t.warning(
                        "number_glued",
                        f"序号“{match.group(1)}”与正文写在同一行（第{line_no}行），已拆开。",
                    )
                )
                current["lines"].append((rest, line_no))
            continue
        if current is None:
            plan_warnings.append(t.warning("orphan_text", f"第{line_no}行不属于任何任务：{line}"))
            continue
        current["lines"].append((line, line_no))
    return outline.sections, tasks


def _fragments(raw_lines, warnings):
    """The task's text as fragments, each with the boundary before it.

    Returns a list of [text, boundary, line_no, width] where boundary says how it was
    separated from the previous fragment: a blank line, a space on the same line, or a
    plain line break (which may or may not be a cell boundary).
    """
    fragments = []
    boundary = BLANK
    for line, line_no in raw_lines:
        if not line:
            boundary = BLANK
            continue
        fixed, removed = t.remove_stray_number_spaces(line)
        if removed:
            warnings.append(
                t.warning("space_in_number", f"第{line_no}行数字前后有多余空格，已删除：“{line}”。")
            )
        parts = t.split_on_spaces(fixed)
        if len(parts) > 1:
            warnings.append(
                t.warning(
                    "cells_on_one_line",
                    f"第{line_no}行有{len(parts)}个单元格挤在同一行，已按空格拆开：“{fixed}”。",
                )
            )
        for index, part in enumerate(parts):
            kind = boundary if index == 0 else SPACE
            width = t.display_width(line) if len(parts) == 1 else None
            fragments.append([part, kind, line_no, width])
        boundary = NEWLINE
    if fragments:
        fragments[0][1] = BLANK
    return fragments


def _cut_score(fragments, index):
    """How plausible a cell boundary is at a plain line break before fragments[index]."""
    before, after = fragments[index - 1], fragments[index]
    prev_text, next_text = before[0], after[0]
    score = -5.0
    if t.ends_sentence(prev_text):
        score = 2.0
        widths = [f[3] for f in fragments if f[3]]
        if before[3] and widths and before[3] < max(widths) - 3:
            score += 1.0
        if t.looks_like_units(next_text) and not t.looks_like_units(prev_text):
            score += 1.0
    elif (
        t.looks_like_units(prev_text)
        and not any(mark in prev_text for mark in "、，,")
        and t.ends_unit_name(prev_text)
        and t.starts_unit_name(next_text)
        and t.looks_like_units(next_text)
    ):
        score = 2.0
        if next_text.startswith(t.UNIT_STARTS):
            score += 1.0
    return score


def _cells_from_cuts(fragments, cuts):
    cells = []
    for index, fragment in enumerate(fragments):
        if index == 0 or fragment[1] in (BLANK, SPACE) or index in cuts:
            cells.append([])
        cells[-1].append(fragment)
    return cells


def _assign(cells, columns):
    """Map cells to columns, or None when the cells cannot fill them.

    The unit columns must hold unit-like text; the lead cell holds names without
    the 、 of a list only when the document writes one lead unit (we accept both).
    Remarks may be empty: then the cells fill the columns before it.
    """
    options = [columns]
    if columns and columns[-1] == "remarks":
        options.append(columns[:-1])
    for cols in options:
        if len(cells) != len(cols):
            continue
        ok = all(
            t.looks_like_units("".join(f[0] for f in cell))
            for cell, col in zip(cells, cols, strict=True)
            if col in UNIT_COLUMNS
        )
        if ok:
            return dict(zip(cols, cells, strict=True))
    return None


def _segment(fragments, columns, warnings):
    """Choose the cell boundaries. Returns {column: [fragments]}."""
    candidates = [i for i in range(1, len(fragments)) if fragments[i][1] == NEWLINE]
    if len(candidates) > MAX_CANDIDATES:
        # A long run of lines without blank lines: only line ends that could end a cell
        # (a sentence end, a complete unit name) are tried, so the search stays small.
        candidates = [i for i in candidates if _cut_score(fragments, i) > 0][:MAX_CANDIDATES]
    fixed_cells = 1 + sum(1 for f in fragments[1:] if f[1] in (BLANK, SPACE))
    sizes = sorted({len(columns), len(columns) - (columns[-1:] == ["remarks"])})
    scored = []
    for size in sizes:
        need = size - fixed_cells
        if need < 0 or need > len(candidates) or need > 4:
            continue
        for cuts in itertools.combinations(candidates, need):
            cells = _cells_from_cuts(fragments, set(cuts))
            assigned = _assign(cells, columns)
            if assigned is None:
                continue
            score = sum(_cut_score(fragments, i) for i in cuts)
            scored.append((score, cuts, assigned))
    if not scored:
        return None
    # Fewest cuts first: a cut the layout does not show needs evidence, and none is better.
    scored.sort(key=lambda item: (len(item[1]), -item[0]))
    score, cuts, assigned = scored[0]
    for cut in cuts:
        before = fragments[cut - 1][0]
        warnings.append(
            t.warning(
                "cells_without_blank_line",
                f"第{fragments[cut][2]}行前没有空行分隔单元格，已在“…{before[-12:]}”之后分开。",
            )
        )
    if score < 2.0 * len(cuts):
        warnings.append(t.warning("split_uncertain", "单元格分界缺少可靠依据，请对照原件复核。"))
    elif (
        len(scored) > 1 and cuts and len(scored[1][1]) == len(cuts) and scored[1][0] >= score - 1.0
    ):
        other = scored[1][1]
        where = "、".join(f"第{fragments[c][2]}行前" for c in other) or "原有分界"
        warnings.append(
            t.warning(
                "split_uncertain", f"单元格分界不确定：另一种可能是在{where}分开，请对照原件复核。"
            )
        )
    return assigned


def _read_task(raw, columns):
    warnings = list(raw["warnings"])
    fragments = _fragments(raw["lines"], warnings)
    task = {
        "number": raw["number"],
        "section": raw["section"],
        "annual_target": "",
        "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
        "lead_units": [],
        "responsible_units": [],
        "remarks": "",
        "warnings": warnings,
        "targets": [],
    }
    if not fragments:
        warnings.append(t.warning("empty_task", "该序号下没有任何内容。"))
        return task
    assigned = _segment(fragments, columns, warnings)
    if assigned is None:
        warnings.append(
            t.warning(
                "cells_unresolved",
                f"无法把该任务的{len(fragments)}段文字对应到{len(columns)}列，"
                "已按顺序放入各列，请对照原件复核。",
            )
        )
        assigned = _fallback(fragments, columns)
    for column, cell in assigned.items():
        joined = "".join(f[0] for f in cell)
        if column in UNIT_COLUMNS:
            task[column] = t.split_units(joined)
        elif column in ("Q1", "Q2", "Q3", "Q4"):
            task["quarter_plans"][column] = joined
        else:
            task[column] = joined
    return task


def _fallback(fragments, columns):
    """Keep every word: blocks in column order, the rest in the last column."""
    cells = _cells_from_cuts(fragments, set())
    assigned = {}
    for index, cell in enumerate(cells):
        column = columns[min(index, len(columns) - 1)]
        assigned.setdefault(column, []).extend(cell)
    return assigned
