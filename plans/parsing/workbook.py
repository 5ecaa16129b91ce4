"""Reader for plan tables exchanged as .xlsx (the columns of 000: 序号 / 年度目标任务 / 季度计划 /
牵头单位 / 责任单位 / 备注).

It only opens the workbook (after the archive checks) and turns the first sheet that has a
header row into rows of cell values; plans/parsing/cells.py reads the rows, as it does the rows
of a Word table.
"""

import io

from plans.parsing import archive
from plans.parsing.cells import MAX_ROWS, find_header, parse_cells
from plans.parsing.errors import NotAPlanError
from plans.workbooks import CellBudget, WorkbookDamaged, WorkbookRefused, workbook_check


def _open(data, limits):
    from openpyxl import load_workbook

    # openpyxl streams the sheets in read-only mode but holds the shared strings whole.
    archive.zip_check(
        data,
        limits=limits,
        kind="Excel",
        required="xl/workbook.xml",
        whole=("xl/sharedStrings.xml",),
    )
    # Sizes, the declared dimension, cells and XML elements (plans/workbooks.py).
    try:
        workbook_check(data)
    except WorkbookDamaged as exc:
        raise NotAPlanError("无法打开 Excel 文件（文件损坏或不是 .xlsx）。") from exc
    except WorkbookRefused as exc:
        raise NotAPlanError(str(exc)) from exc
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise NotAPlanError(
            f"无法打开 Excel 文件（文件损坏或不是 .xlsx）：{type(exc).__name__}"
        ) from exc


def parse_workbook(data, source="", *, limits):
    """Parse an .xlsx plan table (the first sheet that has a header row). `limits`
    (archive.Limits) bound the file and what it unpacks to; NotAPlanError beyond them."""
    workbook = _open(data, limits)
    budget = CellBudget()
    for sheet in workbook.worksheets:
        # Only the cells the sheet holds: its declared dimension would pad every row.
        sheet.reset_dimensions()
        rows = []
        try:
            for row in budget.rows(sheet, values_only=True):
                rows.append(row)
                if len(rows) > MAX_ROWS:
                    raise NotAPlanError(f"工作表“{sheet.title}”超过 {MAX_ROWS} 行，不像计划表。")
        except WorkbookRefused as exc:
            raise NotAPlanError(str(exc)) from exc
        if find_header(rows) is not None:
            return parse_cells(rows, source=source)
    raise NotAPlanError("没有找到计划表的表头行（序号 … 牵头单位 … 责任单位）。")
