"""Opening an uploaded workbook without trusting it: size, zip, cell and row limits first
(plans/workbooks.py), then openpyxl in read-only (streaming) mode, counting cells, then the
signed identity in "_meta".

The limits can be changed in settings (EXCEL_UPLOAD_MAX_BYTES, EXCEL_UPLOAD_MAX_ROWS, and the
WORKBOOK_MAX_* of every workbook upload); the defaults are far above what a real template
needs (a unit's template for the largest plan is a few hundred rows and well under 1 MB).
"""

import io
import zipfile
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from openpyxl import load_workbook

from plans.workbooks import MAX_TOTAL_BYTES as MAX_UNCOMPRESSED_BYTES  # noqa: F401 (exported)
from plans.workbooks import CellBudget, WorkbookDamaged, WorkbookRefused, workbook_check
from progress.errors import InvalidUpload
from progress.excel import layout as L

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

DAMAGED = (
    "文件无法读取：不是有效的 Excel（.xlsx）文件，或文件已损坏。请上传从本系统下载的填报模板。"
)
NOT_OURS = "该文件不是本系统导出的填报模板，或模板的隐藏信息被改动，未导入。请重新下载模板后填写。"


def limits():
    return {
        "max_bytes": getattr(settings, "EXCEL_UPLOAD_MAX_BYTES", MAX_UPLOAD_BYTES),
        "max_rows": getattr(settings, "EXCEL_UPLOAD_MAX_ROWS", MAX_ROWS),
    }


class Cell(NamedTuple):
    value: object
    data_type: str
    number_format: str


EMPTY = Cell(None, "n", "General")


def _cell(c):
    """Our Cell of an openpyxl read-only cell: only a number's format matters (45% typed as
    0.45), so only a number's is looked up."""
    if c.value is None or c.data_type != "n":
        return Cell(c.value, c.data_type, "General")
    return Cell(c.value, c.data_type, getattr(c, "number_format", None) or "General")


@dataclass
class Upload:
    identity: L.Identity
    rows: dict  # Excel row number -> [Cell], column 1 first; only rows holding a value

    def cell(self, row, column):
        cells = self.rows.get(row, ())
        return cells[column - 1] if column <= len(cells) else EMPTY


def _refuse(message):
    raise InvalidUpload(message, [])


def read_bytes(data, max_bytes):
    """The upload's bytes; a file object is read no further than one byte past the limit."""
    if hasattr(data, "read"):
        data = data.read(max_bytes + 1)
    if not isinstance(data, bytes | bytearray):
        _refuse(DAMAGED)
    return bytes(data)


def _check_zip(data):
    """Refuse what is not a zip, zip bombs, and sheets too large by their declared dimension
    or their cells (plans/workbooks.py)."""
    try:
        workbook_check(data)
    except WorkbookDamaged:
        _refuse(DAMAGED)
    except WorkbookRefused as exc:
        _refuse(f"{exc}未导入。")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            _refuse(DAMAGED)


def _rows(ws, max_rows, what, budget, values_only=False):
    """{row number: [Cell]} of the rows holding a value, streaming; refuses rows past max
    and cells past the budget. values_only: [value] instead of [Cell] (cheaper)."""
    # The stored dimension of an untrusted sheet may claim a million rows and columns;
    # without it openpyxl yields only the cells each row really has.
    ws.reset_dimensions()
    rows = {}
    for number, cells in enumerate(budget.rows(ws, values_only=values_only), start=1):
        values = list(cells) if values_only else [c.value for c in cells]
        if not any(v is not None for v in values):
            continue
        if number > max_rows:
            _refuse(f"{what}超过 {max_rows} 行，超出上传上限，未导入。")
        rows[number] = values if values_only else [_cell(c) for c in cells]
    return rows


def upload_open(data, identity_read=L.meta_read):
    """The upload's verified identity and the main sheet's cells. `identity_read` reads the
    "_meta" rows of the kind of workbook expected (the progress template's by default; the
    target shares workbook has its own) and raises layout.NotOurs for anything else.

    Raises InvalidUpload (rows empty) for a file that is too large, not an xlsx, damaged,
    a zip bomb, too many rows, or not a workbook of that kind this system signed."""
    limit = limits()
    data = read_bytes(data, limit["max_bytes"])
    if len(data) > limit["max_bytes"]:
        _refuse(
            f"文件过大（超过 {limit['max_bytes'] / 1024 / 1024:.0f} MB 上限），未导入。"
            "请上传从本系统下载的填报模板。"
        )
    if not data:
        _refuse("上传的文件是空的。")
    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:
        # Any failure to read an untrusted file (zip, XML, openpyxl's own checks) means
        # the same thing to the person uploading it: the file is damaged.
        _refuse(DAMAGED)
    try:
        if L.META_SHEET not in wb.sheetnames:
            _refuse(NOT_OURS)
        budget = CellBudget()
        meta_rows = _rows(
            wb[L.META_SHEET], limit["max_rows"] + 20, "模板信息", budget, values_only=True
        )
        values = [meta_rows.get(n, []) for n in range(1, max(meta_rows, default=0) + 1)]
        try:
            identity = identity_read(values)
        except L.NotOurs:
            _refuse(NOT_OURS)
        if identity.sheet not in wb.sheetnames:
            _refuse(NOT_OURS)
        rows = _rows(wb[identity.sheet], limit["max_rows"], "工作表", budget)
    except InvalidUpload:
        raise
    except WorkbookRefused as exc:
        _refuse(f"{exc}未导入。")
    except Exception:
        # Sheets are parsed lazily, so a damaged member may only show here.
        _refuse(DAMAGED)
    finally:
        wb.close()
    return Upload(identity=identity, rows=rows)
