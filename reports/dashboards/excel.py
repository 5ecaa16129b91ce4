"""A dashboard table as an .xlsx workbook: numbers stay numbers (percentages as ratios with a
percent format), the caption on top, the header frozen."""

import io
import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from progress.excel.layout import put_text
from reports.dashboards.tables import INT, PERCENT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")


def _sheet_title(title):
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"


def table_xlsx(table, caption):
    """The workbook bytes: row 1 the caption, row 2 the column labels, then one row per row."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(table.title)
    sheet.append([caption])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([column.label for column in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(table.rows, start=3):
        for index, cell in enumerate(row, start=1):
            target = sheet.cell(row=number, column=index)
            if isinstance(cell.value, str):
                put_text(target, cell.value)  # a reporter's text never becomes a formula
            else:
                target.value = cell.value
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        if column.kind == PERCENT:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0.0%"
        elif column.kind == INT:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0"
        longest = max(
            [len(column.label)] + [len(str(r[index - 1].value or "")) for r in table.rows]
        )
        sheet.column_dimensions[letter].width = min(max(8, longest * 1.6 + 2), 60)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download_name(*parts, suffix=".xlsx"):
    """A file name for people: the non-empty `parts` joined by "_", the characters file systems
    refuse replaced by "－". Sent as RFC 5987 filename*=utf-8'' by content_disposition_header."""
    name = "_".join(str(p).strip() for p in parts if p and str(p).strip())
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "－", name)[:150] + suffix


def xlsx_response(table, caption, filename):
    response = HttpResponse(table_xlsx(table, caption), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
