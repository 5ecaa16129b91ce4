"""Opening an uploaded .xlsx without letting the file choose the cost.

An .xlsx is a zip of XML parts. A small file can declare gigabytes (a zip bomb), claim a
sheet of A1:XFD1048576 (openpyxl then pads every row to 16,384 cells), or hold millions of
empty cells in one row (openpyxl builds a whole row before it yields it). So before openpyxl
sees a file, `workbook_check` reads the zip's directory and streams each XML part once
through expat, without building a tree, and refuses:

- more entries than WORKBOOK_MAX_ENTRIES, an entry whose declared uncompressed size is above
  WORKBOOK_MAX_ENTRY_BYTES, or a total above WORKBOOK_MAX_TOTAL_BYTES (the declared sizes are
  binding: zipfile stops at them and fails the CRC check of a member that holds more);
- a sheet whose declared dimension (<dimension ref="…"/>, at the start of the sheet) covers
  more than WORKBOOK_MAX_CELLS cells;
- more cells (<c> elements) than WORKBOOK_MAX_CELLS in the whole file, or more XML elements
  than WORKBOOK_MAX_XML_ELEMENTS (openpyxl parses styles and workbook parts as whole trees);
- a DTD (never in a real workbook; the way to entity expansion).

While a reader then walks a sheet, `CellBudget.rows` counts the cells openpyxl yields (the
padding to a declared width included) and stops at the same limit.

Plain Python (no ORM); limits come from settings with the defaults below. Readers turn
WorkbookRefused into their own error with `str(exc)` as the message for people.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from openpyxl.utils.cell import range_boundaries

MAX_ENTRIES = 200
MAX_ENTRY_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_CELLS = 100_000
MAX_XML_ELEMENTS = 500_000

CHUNK = 64 * 1024
ODD = "疑似异常文件"


class WorkbookRefused(ValueError):
    """The file is refused before (or while) it is read; str() is the message for people."""


class WorkbookDamaged(WorkbookRefused):
    """Not a zip at all, or a damaged one: each reader words this its own way."""


@dataclass(frozen=True)
class Limits:
    entries: int = MAX_ENTRIES
    entry_bytes: int = MAX_ENTRY_BYTES
    total_bytes: int = MAX_TOTAL_BYTES
    cells: int = MAX_CELLS
    xml_elements: int = MAX_XML_ELEMENTS


def limits():
    """The limits in force (settings WORKBOOK_MAX_*, read from the environment)."""
    return Limits(
        entries=getattr(settings, "WORKBOOK_MAX_ENTRIES", MAX_ENTRIES),
        entry_bytes=getattr(settings, "WORKBOOK_MAX_ENTRY_BYTES", MAX_ENTRY_BYTES),
        total_bytes=getattr(settings, "WORKBOOK_MAX_TOTAL_BYTES", MAX_TOTAL_BYTES),
        cells=getattr(settings, "WORKBOOK_MAX_CELLS", MAX_CELLS),
        xml_elements=getattr(settings, "WORKBOOK_MAX_XML_ELEMENTS", MAX_XML_ELEMENTS),
    )


def _mb(size):
    return f"{size / 1024 / 1024:.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def _count(number):
    """20万, 171.8亿: a count as people say it."""
    for size, word in ((10**8, "亿"), (10**4, "万")):
        if number >= size:
            return f"{number / size:.1f}".removesuffix(".0") + word
    return str(number)


def too_many_cells(limit):
    return f"文件中的单元格超过{_count(limit)}个（上限），{ODD}。"


class _Scan:
    """Counts the elements and cells of one workbook's XML parts, refusing at the limits."""

    def __init__(self, limit):
        self.limit = limit
        self.elements = 0
        self.cells = 0

    def start(self, name, attributes):
        self.elements += 1
        if self.elements > self.limit.xml_elements:
            raise WorkbookRefused(
                f"文件的内部结构过于庞大（超过{_count(self.limit.xml_elements)}个 XML 元素），{ODD}。"
            )
        local = name.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            if self.cells > self.limit.cells:
                raise WorkbookRefused(too_many_cells(self.limit.cells))
        elif local == "dimension":
            self._dimension(attributes.get("ref", ""))

    def _dimension(self, ref):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.upper())
        except (ValueError, TypeError):
            return  # openpyxl decides what an unreadable dimension means
        if None in (min_col, min_row, max_col, max_row):
            return
        area = (max_col - min_col + 1) * (max_row - min_row + 1)
        if area > self.limit.cells:
            raise WorkbookRefused(
                f"文件中的工作表声明其范围为 {ref}（{_count(area)}个单元格），"
                f"超过{_count(self.limit.cells)}个的上限，{ODD}。"
            )

    @staticmethod
    def doctype(*args):
        raise WorkbookRefused(f"文件中含有 DTD 声明（正常的 Excel 文件没有），{ODD}。")

    def member(self, archive, info):
        """Stream one member through expat. A member that is not XML (an image) ends the
        scan of that member at its first bytes; openpyxl's parser (expat too) would stop at
        the same byte, so what it reads was counted here first."""
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError:
            return
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            # A bad CRC (content longer than declared), an unknown compression, encryption.
            raise WorkbookDamaged("文件已损坏。") from exc


def workbook_check(data, limit=None):
    """Refuse (WorkbookRefused) an .xlsx (bytes) whose content is larger than the limits;
    return None for one that may be opened with openpyxl. Reads no more than the limits."""
    limit = limit or limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise WorkbookDamaged("不是有效的 .xlsx 文件。") from exc
    with archive:
        members = archive.infolist()
        if len(members) > limit.entries:
            raise WorkbookRefused(
                f"文件内部的组成部分过多（{len(members)} 个，上限 {limit.entries} 个），{ODD}。"
            )
        total = 0
        for info in members:
            if info.file_size > limit.entry_bytes:
                raise WorkbookRefused(
                    f"文件解压后的内容过大：其中“{info.filename[:80]}”解压后 {_mb(info.file_size)}，"
                    f"超过单项 {_mb(limit.entry_bytes)} 的上限，{ODD}。"
                )
            total += info.file_size
        if total > limit.total_bytes:
            raise WorkbookRefused(
                f"文件解压后的内容过大：共 {_mb(total)}，超过 {_mb(limit.total_bytes)} 的上限，{ODD}。"
            )
        scan = _Scan(limit)
        for info in members:
            if not info.is_dir():
                scan.member(archive, info)


class CellBudget:
    """Cells read from one workbook, across its sheets, refused past the limit."""

    def __init__(self, limit=None):
        self.limit = limit if limit is not None else limits().cells
        self.used = 0

    def rows(self, sheet, **options):
        """sheet.iter_rows(**options), counting each row's cells as openpyxl yields them."""
        for row in sheet.iter_rows(**options):
            self.used += len(row)
            if self.used > self.limit:
                raise WorkbookRefused(too_many_cells(self.limit))
            yield row
