"""Writing a bulletin sheet: the title rows, the table, column widths that fit Chinese text,
status colours, frozen headers and the page setup for printing."""

import math
from copy import copy
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins

from progress.excel.layout import display_width, put_text
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


# Named styles, registered once per workbook: a cell names its style instead of carrying
# objects of its own (per-cell style objects made the workbook nine times slower to write).
_TEXT = Alignment(vertical="top", wrap_text=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _style(name, *, font, alignment, fill=None, border=BORDER, number_format="General"):
    style = NamedStyle(name=name, font=font, alignment=alignment, number_format=number_format)
    if border is not None:
        style.border = border
    if fill is not None:
        style.fill = fill
    return style


def styles_register(wb):
    """Every style a bulletin sheet uses, by name."""
    body, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    styles = [
        _style(
            "bt-title", font=Font(name=FONT, bold=True, size=16), alignment=_CENTRE, border=None
        ),
        _style("bt-office", font=Font(name=FONT, size=12), alignment=_CENTRE, border=None),
        _style(
            "bt-source",
            font=Font(name=FONT, size=9, color="595959"),
            alignment=_CENTRE,
            border=None,
        ),
        _style(
            "bt-heading",
            font=Font(name=FONT, bold=True, size=12),
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
            border=None,
        ),
        _style(
            "bt-empty",
            font=Font(name=FONT, size=11),
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
            border=None,
        ),
        _style("bt-header", font=bold, alignment=_CENTRE, fill=HEADER_FILL),
    ]
    for suffix, font, fill in (("", body, None), ("-total", bold, TOTAL_FILL)):
        styles += [
            _style(f"bt-text{suffix}", font=font, alignment=_TEXT, fill=fill),
            _style(f"bt-centre{suffix}", font=font, alignment=_CENTRE, fill=fill),
            _style(
                f"bt-count{suffix}", font=font, alignment=_CENTRE, fill=fill, number_format=COUNT
            ),
            _style(
                f"bt-percent{suffix}",
                font=font,
                alignment=_CENTRE,
                fill=fill,
                number_format=PERCENT,
            ),
        ]
    for n, fill in enumerate(FILLS.values()):
        styles.append(_style(f"bt-label-{n}", font=body, alignment=_CENTRE, fill=fill))
        styles.append(_style(f"bt-header-{n}", font=bold, alignment=_CENTRE, fill=fill))
    for style in styles:
        wb.add_named_style(style)


_LABEL_STYLES = {label: n for n, label in enumerate(FILLS)}


def put(cell, value):
    """Write a value: an int as a count, a float as a ratio shown in percent, anything else as
    a string cell, never a formula whatever it starts with. Returns its kind: "count",
    "percent", "text" or None (blank)."""
    if value is None or value == "":
        cell.value = None
        return None
    if isinstance(value, bool):
        raise TypeError("a bulletin cell is never a bool")
    if isinstance(value, int):
        cell.value = value
        return "count"
    if isinstance(value, float):
        cell.value = value
        return "percent"
    put_text(cell, str(value))
    return "text"


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


def _cell(ws, value, style):
    cell = WriteOnlyCell(ws)
    # What `cell.style = name` does, without looking the name up again for every cell.
    cell._style = copy(_style_arrays(ws.parent)[style])
    put(cell, value)
    return cell


def _style_arrays(wb):
    """{style name: its StyleArray} of the workbook's named styles, built once."""
    arrays = getattr(wb, "_bulletin_styles", None)
    if arrays is None:
        arrays = {style.name: style.as_tuple() for style in wb._named_styles}
        wb._bulletin_styles = arrays
    return arrays


def _merged_line(ws, row, text, last, style, size, total_width):
    """One text across the sheet's width (a merged row), its height fitting the text."""
    ws.merged_cells.add(CellRange(min_row=row, min_col=1, max_row=row, max_col=last))
    line = max(LINE_HEIGHT, size * 1.4)
    ws.row_dimensions[row].height = min(_lines(text, total_width) * line + 6, MAX_ROW_HEIGHT)
    return [_cell(ws, text, style)]


def sheet_write(wb, context, name, heading, table):
    """Add sheet `name` (a write-only sheet: rows are written once, in order): the title rows
    of `context`, `heading`, then `table` (or its `empty` message when it has no rows)."""
    ws = wb.create_sheet(name)
    columns = table.columns
    # With no rows, the sheet says so in one line, and has no totals row to show either.
    body = [*table.rows, table.totals] if table.rows and table.totals else list(table.rows)
    widths = column_widths(columns, body)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last, total_width = len(columns), sum(widths)
    ws.freeze_panes = f"A{FIRST_ROW}"
    _page_setup(ws, context)

    rows = [
        _merged_line(ws, TITLE_ROW, context.title, last, "bt-title", 16, total_width),
        _merged_line(ws, OFFICE_ROW, context.office_line, last, "bt-office", 12, total_width),
        _merged_line(ws, SOURCE_ROW, context.source, last, "bt-source", 9, total_width),
        _merged_line(ws, HEADING_ROW, heading, last, "bt-heading", 12, total_width),
    ]
    header = []
    for column in columns:
        n = _LABEL_STYLES.get(column.header)
        header.append(_cell(ws, column.header, f"bt-header-{n}" if n is not None else "bt-header"))
    header_lines = max(_lines(c.header, w) for c, w in zip(columns, widths, strict=True))
    ws.row_dimensions[HEADER_ROW].height = header_lines * LINE_HEIGHT + 8
    rows.append(header)
    for offset, values in enumerate(body):
        total = offset == len(table.rows)
        rows.append(_row(ws, FIRST_ROW + offset, columns, widths, values, total=total))
    if not table.rows:
        rows.append(_merged_line(ws, FIRST_ROW, table.empty, last, "bt-empty", 11, total_width))
    for row in rows:
        ws.append(row)
    return ws


def _row(ws, row, columns, widths, values, *, total=False):
    """The cells of one table row, and its height (set before the row is written)."""
    suffix = "-total" if total else ""
    cells, lines = [], 1
    for column, width, value in zip(columns, widths, values, strict=True):
        label = (
            _LABEL_STYLES.get(value) if column.kind == "label" and isinstance(value, str) else None
        )
        if label is not None:
            style = f"bt-label-{label}"
        elif column.kind == "text":
            style = f"bt-text{suffix}"
            lines = max(lines, _lines(value, width))
        elif isinstance(value, bool):
            raise TypeError("a bulletin cell is never a bool")
        elif isinstance(value, int):
            style = f"bt-count{suffix}"
        elif isinstance(value, float):
            style = f"bt-percent{suffix}"
        else:
            style = f"bt-centre{suffix}"
        cells.append(_cell(ws, value, style))
    ws.row_dimensions[row].height = min(lines * LINE_HEIGHT + 4, MAX_ROW_HEIGHT)
    return cells


def _page_setup(ws, context):
    """A4 landscape, one page wide, the column headers printed again on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.left.text = f"快照编号 {context.snapshot_id}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
