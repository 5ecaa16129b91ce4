"""DRF renderers that write a pandas DataFrame as a file: .xlsx (openpyxl, texts as text) and
.csv (UTF-8 with a byte order mark, so that Excel and WPS read the Chinese headers)."""

import datetime
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from rest_framework.renderers import BaseRenderer

from progress.excel.layout import put_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell a spreadsheet would run as a formula (OWASP's list for CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    """A frame cell as a plain Python value: None for a blank, datetime for a timestamp."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


class XLSXRenderer(BaseRenderer):
    """A DataFrame as one sheet: the headers bold and frozen, texts written as text (never a
    formula, progress.excel.layout.put_text), ratios in columns named …率 as percentages."""

    media_type = XLSX
    format = "xlsx"
    charset = None
    render_style = "binary"
    sheet_title = "进展报告明细"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        book = Workbook()
        sheet = book.active
        sheet.title = self.sheet_title
        sheet.append([str(c) for c in data.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="EEF2F7")
        for number, row in enumerate(data.itertuples(index=False), start=2):
            for index, raw in enumerate(row, start=1):
                value = _plain(raw)
                cell = sheet.cell(row=number, column=index)
                if isinstance(value, str):
                    put_text(cell, value)
                else:
                    cell.value = value
                    if isinstance(value, datetime.datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        for index, column in enumerate(data.columns, start=1):
            letter = get_column_letter(index)
            if str(column).endswith("率"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "0.0%"
            sheet.column_dimensions[letter].width = 40 if column in ("任务", "进展情况") else 14
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _defused(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class CSVRenderer(BaseRenderer):
    """A DataFrame as CSV, UTF-8 with a byte order mark; a text that a spreadsheet would run
    as a formula gets a leading apostrophe (OWASP's advice for CSV)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        data = data.copy()
        for column in data.columns:
            # Built as an object column: Series.map would turn 7600 beside a blank into 7600.0.
            data[column] = pd.Series(
                [_defused(v) for v in data[column]], index=data.index, dtype=object
            )
        text = data.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S")
        return text.encode("utf-8-sig")
