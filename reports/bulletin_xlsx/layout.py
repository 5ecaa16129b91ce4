"""Writing a bulletin sheet: the title rows, the table, column widths that fit Chinese text,
status colours, frozen headers and the page setup for printing."""

import math
import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from progress.excel.layout import put_text
from reports import rules

FONT = "宋体"
PERCENT = "0.0%"
COUNT = "0"

TITLE_ROW, OFFICE_ROW, SOURCE_ROW, HEADING_ROW, HEADER_ROW = 1, 2, 3, 4, 5
FIRST_ROW = HEADER_ROW + 1
LINE_HEIGHT = 14
MAX_ROW_HEIGHT = 409
MIN_WIDTH = 6

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
# Keyed by the label people read, so a status or a light has its colour wherever it is shown.
FILLS = {
    label: PatternFill("solid", fgColor=colour)
    for label, colour in (
        (rules.LIGHT_LABELS[rules.GREEN], "C6EFCE"),
        (rules.LIGHT_LABELS[rules.YELLOW], "FFEB9C"),
        (rules.LIGHT_LABELS[rules.RED], "FFC7CE"),
        (rules.LIGHT_LABELS[rules.GREY], "EDEDED"),
        (rules.STATUS_LABELS[rules.COMPLETED], "C6EFCE"),
        (rules.STATUS_LABELS[rules.ON_SCHEDULE], "E2EFDA"),
        (rules.STATUS_LABELS[rules.LAGGING], "FFEB9C"),
        (rules.STATUS_LABELS[rules.RETURNED], "FFEB9C"),
        (rules.STATUS_LABELS[rules.NOT_DUE], "EDEDED"),
        (rules.STATUS_LABELS[rules.NOT_REPORTED], "FFC7CE"),
        (rules.STATUS_LABELS[rules.CLOSED], "D9D9D9"),
    )
}


@dataclass(frozen=True)
class Column:
    """kind: "text" (wrapped, top-aligned), "label" (a status or light: centred, coloured) or
    "number" (an int is a count, a float a ratio shown as a percent). cap: the widest the
    column grows, in Excel character units; longer text wraps."""

    header: str
    kind: str = "text"
    cap: int = 24


@dataclass
class Table:
    columns: list
    rows: list
    totals: tuple | None = None
    empty: str = ""


def display_width(text):
    """Width in Excel character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _shown(value):
    """The text a cell shows, for sizing it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1%}"
    return str(value)


def _lines(value, width):
    usable = max(width - 1, 1)
    return sum(
        max(1, math.ceil(display_width(line) / usable)) for line in _shown(value).split("\n")
    )


def put(cell, value):
    """Write a value: an int as a count, a float as a ratio shown in percent, anything else as
    a string cell, never a formula whatever it starts with."""
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, bool):
        raise TypeError("a bulletin cell is never a bool")
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT
    elif isinstance(value, float):
        cell.value = value
        cell.number_format = PERCENT
    else:
        put_text(cell, str(value))


def column_widths(columns, rows):
    """Each column as wide as its widest line (header included), at least MIN_WIDTH, at most
    its cap."""
    widths = []
    for i, column in enumerate(columns):
        widest = max(
            [display_width(column.header)]
            + [display_width(line) for row in rows for line in _shown(row[i]).split("\n")]
        )
        widths.append(min(max(widest + 2, MIN_WIDTH), column.cap))
    return widths


def _merged_line(ws, row, text, last, font, total_width, *, align="center"):
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=1)
    put(cell, text)
    cell.font = font
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    line = max(LINE_HEIGHT, font.sz * 1.4)
    ws.row_dimensions[row].height = min(_lines(text, total_width) * line + 6, MAX_ROW_HEIGHT)


def sheet_write(wb, context, name, heading, table):
    """Add sheet `name`: the title rows of `context`, `heading`, then `table` (or its `empty`
    message when it has no rows)."""
    ws = wb.create_sheet(name)
    columns = table.columns
    # With no rows, the sheet says so in one line, and has no totals row to show either.
    body = [*table.rows, table.totals] if table.rows and table.totals else list(table.rows)
    widths = column_widths(columns, body)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last, total_width = len(columns), sum(widths)
    lines = (
        (TITLE_ROW, context.title, Font(name=FONT, bold=True, size=16), "center"),
        (OFFICE_ROW, context.office_line, Font(name=FONT, size=12), "center"),
        (SOURCE_ROW, context.source, Font(name=FONT, size=9, color="595959"), "center"),
        (HEADING_ROW, heading, Font(name=FONT, bold=True, size=12), "left"),
    )
    for row, text, font, align in lines:
        _merged_line(ws, row, text, last, font, total_width, align=align)

    header_font = Font(name=FONT, bold=True, size=10)
    for i, column in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i)
        put(cell, column.header)
        cell.font = header_font
        cell.fill = FILLS.get(column.header, HEADER_FILL)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_lines = max(_lines(c.header, w) for c, w in zip(columns, widths, strict=True))
    ws.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT + 8

    for offset, values in enumerate(body):
        total = offset == len(table.rows)
        _write_row(ws, FIRST_ROW + offset, columns, widths, values, total=total)
    if not table.rows:
        font = Font(name=FONT, size=11)
        _merged_line(ws, FIRST_ROW, table.empty, last, font, total_width, align="left")

    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=1)
    _page_setup(ws, context)
    return ws


def _write_row(ws, row, columns, widths, values, *, total=False):
    font = Font(name=FONT, size=10, bold=total)
    lines = 1
    for i, (column, width, value) in enumerate(zip(columns, widths, values, strict=True), start=1):
        cell = ws.cell(row=row, column=i)
        put(cell, value)
        cell.font = font
        cell.border = BORDER
        if column.kind == "text":
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            lines = max(lines, _lines(value, width))
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        fill = FILLS.get(value) if column.kind == "label" and isinstance(value, str) else None
        if fill is not None:
            cell.fill = fill
        elif total:
            cell.fill = TOTAL_FILL
    ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + 4, MAX_ROW_HEIGHT)


def _page_setup(ws, context):
    """A4 landscape, one page wide, the column headers printed again on every page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.left.text = f"快照编号 {context.snapshot_id}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
