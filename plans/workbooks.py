"""Opening an uploaded .xlsx without letting the file choose the cost.

An .xlsx is a zip of XML parts. A small file can declare gigabytes (a zip bomb), claim a
sheet of A1:XFD1048576 (openpyxl then pads every row to 16,384 cells), or hold millions of
empty cells in one row (openpyxl builds a whole row before it yields it). So before openpyxl
sees a file, `workbook_check` reads the zip's directory and counts each XML part once,
without building a tree, and refuses:

- more entries than WORKBOOK_MAX_ENTRIES, an entry whose declared uncompressed size is above
  WORKBOOK_MAX_ENTRY_BYTES, or a total above WORKBOOK_MAX_TOTAL_BYTES (the declared sizes are
  binding: zipfile stops at them and fails the CRC check of a member that holds more);
- a sheet whose declared dimension (<dimension ref="…"/>, at the start of the sheet) covers
  more than WORKBOOK_MAX_CELLS cells;
- more cells (<c> elements) than WORKBOOK_MAX_CELLS in the whole file, or more XML elements
  than WORKBOOK_MAX_XML_ELEMENTS (openpyxl parses styles and workbook parts as whole trees);
- a DTD (never in a real workbook; the way to entity expansion).

A part in UTF-8, as spreadsheets write them, is counted from its bytes (`_Scan.counted`: a
fifth of the time of the pass through expat): its counts there are upper bounds, so a part
found within the limits that way is within them. Any other part, or one whose bounds reach a
limit, goes through expat, element by element, and is refused at the exact count.

While a reader then walks a sheet, `CellBudget.rows` counts the cells openpyxl yields (the
padding to a declared width included) and stops at the same limit.

Plain Python (no ORM); limits come from settings with the defaults below. Readers turn
WorkbookRefused into their own error with `str(exc)` as the message for people.
"""

import io
import lzma
import re
import zipfile
import zlib
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
COUNTED_BYTES = 4 * 1024 * 1024  # a part up to this size is read whole, counted from its bytes
ODD = "疑似异常文件"

# What a part's bytes tell in UTF-8. An element is "c" (a cell) when its name, up to a space,
# "/" or ">", is "c" or ends in ":c" (as _Scan.start reads names): "<c", "<x:c", "<x:y:c".
_PREFIX = rb"(?:[^\s<>/!?=\"':]*+:)*+"  # possessive: no backtracking at each "<"
_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension[\s/>]")
# The dimension as spreadsheets write it, the only form read from the bytes.
_DIMENSION_WRITTEN = re.compile(
    rb"<" + _PREFIX + rb'dimension ref="([A-Za-z]{1,3}[0-9]{1,7}(?::[A-Za-z]{1,3}[0-9]{1,7})?)"'
    rb"\s*/>"
)
_DECLARED = re.compile(rb"""<\?xml\s[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")


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
        """Count one member: from its bytes (counted) when it is small enough to hold in
        memory, else (or when they do not tell) through expat (parsed), streamed."""
        try:
            with archive.open(info) as stream:
                if info.file_size <= COUNTED_BYTES:
                    data = stream.read()
                    if self.counted(data):
                        return
                    chunks = (data[at : at + CHUNK] for at in range(0, len(data), CHUNK))
                else:
                    chunks = iter(lambda: stream.read(CHUNK), b"")
                self.parsed(chunks)
        except (
            zipfile.BadZipFile,
            zlib.error,
            lzma.LZMAError,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            # A bad CRC (content longer than declared), damaged compressed data, an unknown
            # compression, encryption.
            raise WorkbookDamaged("文件已损坏。") from exc

    def counted(self, data):
        """Count a part in UTF-8 from its bytes: True when that shows it within the limits.

        Every element starts with "<" and its name, so the "<" not followed by "/", "?" or
        "!" bound the elements from above, whatever comments, CDATA or processing
        instructions hold; _CELL's matches bound the cells the same way. A dimension is read
        only as spreadsheets write it. False (count nothing) for another encoding, a DTD, a
        dimension written otherwise, or bounds past a limit: expat then counts exactly."""
        body = data.removeprefix(b"\xef\xbb\xbf")
        if body[:1] != b"<" or body[1:2] in (b"", b"\0"):  # "<\0": UTF-16 without its BOM
            return False
        declared = _DECLARED.match(body)
        if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            return False
        if b"<!DOCTYPE" in body:
            return False
        elements = body.count(b"<") - body.count(b"</") - body.count(b"<?") - body.count(b"<!")
        # Cells are elements: with more elements than cells left, findall could list millions.
        if self.elements + elements > self.limit.xml_elements or elements > (
            self.limit.cells - self.cells
        ):
            return False
        cells = len(_CELL.findall(body))
        dimensions = []
        for found in _DIMENSION.finditer(body):
            written = _DIMENSION_WRITTEN.match(body, found.start())
            if written is None:
                return False
            dimensions.append(written.group(1).decode("ascii"))
        for ref in dimensions:
            self._dimension(ref)
        self.elements += elements
        self.cells += cells
        return True

    def parsed(self, chunks):
        """Count a part (its bytes, chunk by chunk) through expat, element by element,
        refusing at the exact count. A member that is not XML (an image) ends at its first
        bytes; openpyxl's parser (expat too) would stop at the same byte, so what it reads was
        counted here first."""
        parser = expat.ParserCreate()
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            for chunk in chunks:
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return
        except WorkbookRefused:
            raise
        except (ValueError, LookupError) as exc:
            # An encoding expat cannot read (shift_jis, an unknown name): nor can openpyxl.
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
