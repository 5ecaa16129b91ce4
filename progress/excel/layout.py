"""What a progress template looks like and how it proves it is ours.

Both sides (writing a template, reading an upload) use these definitions, so the columns,
the canonical form of a row's content and the signed identity in the "_meta" sheet cannot
drift apart.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.crypto import constant_time_compare, salted_hmac

from progress.text import EXCEL_CELL_MAX, cell_text, ooxml_escape
from tasks.amounts import number_text

FORMAT = "plantrack-progress-template"
FORMAT_VERSION = "1"
SHEET = "进展填报"
META_SHEET = "_meta"
HEADER_ROW = 4
FIRST_ROW = 5
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_POSITIONS = len(CIRCLED)

SAVE = "保存草稿"
SUBMIT = "报送"
ACTIONS = (SAVE, SUBMIT)

# Characters that make a spreadsheet treat typed text as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@")

_SALT = "progress.excel.template"
_META_KEYS = ("format", "version", "sheet", "plan", "unit", "period", "positions", "signature")
_ROW_FIELDS = ("row", "task", "report", "version", "targets", "content")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool
    position: int | None = None  # 1-based target position of an 实际值 column


def columns(positions):
    """The template's columns for a template whose tasks have at most `positions` targets."""
    cols = [
        Column("number", "序号", 6, False),
        Column("role", "角色", 8, False),
        Column("task", "年度目标任务", 42, False),
        Column("quarter_plan", "本季度计划", 32, False),
        Column("targets", "目标值", 28, False),
        Column("state", "状态", 12, False),
        Column("narrative", "进展情况", 40, True),
        Column("percent", "完成百分比(%)", 10, True),
    ]
    cols += [
        Column(f"value{n}", f"实际值{CIRCLED[n - 1]}", 12, True, position=n)
        for n in range(1, positions + 1)
    ]
    cols += [
        Column("problems", "存在问题", 30, True),
        Column("next_steps", "下步打算", 30, True),
        Column("action", "操作", 11, True),
    ]
    return cols


def task_text(task):
    """The 年度目标任务 cell: a named task (专栏项目) shows its name above the text."""
    parts = [task.title.strip(), task.annual_target.strip()]
    return "\n".join(part for part in parts if part)


def target_line(position, asked):
    """① 创业担保贷款余额（本季度节点≥4.1亿元）［填亿元］: what the value column asks."""
    unit = f"［填{asked.input_unit}］" if asked.input_unit else ""
    return f"{CIRCLED[position - 1]} {asked.label}{unit}"


def plain_text(value):
    """Text as stored and compared: line breaks unified, surrounding blanks removed."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def canonical_number(value):
    """A number as a spreadsheet gives it back: Excel keeps doubles, so both the written and
    the uploaded value go through float before being compared."""
    if value is None:
        return None
    return number_text(Decimal(repr(float(value))))


def content_key(*, narrative, percent, values, problems, next_steps):
    """A short fingerprint of what a row says; equal fingerprints mean the row is untouched."""
    payload = [
        plain_text(narrative),
        canonical_number(percent),
        [canonical_number(v) for v in values],
        plain_text(problems),
        plain_text(next_steps),
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()[:24]


# Characters Excel draws two units wide: CJK, full-width forms and punctuation.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def display_width(text):
    """Width in Excel character units: a Chinese character takes two. Sizes columns and rows
    of every workbook we write (one regex, not a lookup per character: tens of thousands of
    cells are measured for a bulletin)."""
    return len(text) + len(_WIDE.findall(text))


@dataclass
class MetaRow:
    row: int
    task: int
    report: int | None
    version: int | None
    targets: list[int]
    content: str

    def cells(self):
        return [
            str(self.row),
            str(self.task),
            "" if self.report is None else str(self.report),
            "" if self.version is None else str(self.version),
            ",".join(str(t) for t in self.targets),
            self.content,
        ]


@dataclass
class Identity:
    """Which plan, unit, period and rows a template was built for; signed in "_meta"."""

    plan: str
    unit: int
    period: str
    positions: int
    rows: list[MetaRow]
    sheet: str = SHEET

    def canonical(self):
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sheet": self.sheet,
            "plan": self.plan,
            "unit": self.unit,
            "period": self.period,
            "positions": self.positions,
            "rows": [r.cells() for r in self.rows],
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def signature(self):
        return sign(_SALT, self.canonical())


def sign(salt, canonical):
    """The signature of a workbook's identity (canonical JSON text) under `salt`: a workbook
    kind of its own has a salt of its own, so one kind's signature never passes for another's."""
    return salted_hmac(salt, canonical, algorithm="sha256").hexdigest()


def signature_matches(salt, canonical, signature):
    return constant_time_compare(sign(salt, canonical), signature)


def text_rows_write(ws, rows):
    """Append rows to a meta sheet as text cells only: a number or a leading "=" read back
    exactly as written, never as a float or a formula."""
    for row in rows:
        ws.append(list(row))
    for row in ws.iter_rows():
        for cell in row:
            cell.data_type = "s"


def text_rows_read(values, width=0):
    """A meta sheet's rows (tuples of cell values) as tuples of text, blank for empty, each
    at least `width` long (a spreadsheet does not keep trailing empty cells)."""
    rows = [tuple("" if v is None else str(v) for v in row) for row in values]
    return [row + ("",) * (width - len(row)) for row in rows]


def meta_write(ws, identity):
    """Write the identity and its signature into the (hidden) meta sheet, as text only."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "sheet": identity.sheet,
        "plan": identity.plan,
        "unit": str(identity.unit),
        "period": identity.period,
        "positions": str(identity.positions),
        "signature": identity.signature(),
    }
    text_rows_write(
        ws,
        [
            *([key, header[key]] for key in _META_KEYS),
            _ROW_FIELDS,
            *(row.cells() for row in identity.rows),
        ],
    )


class NotOurs(Exception):
    """The workbook's meta sheet is missing, malformed or its signature does not match."""


def _int_or_none(text):
    return int(text) if text else None


def meta_read(values):
    """The verified identity from the meta sheet's rows (tuples of cell values).

    Raises NotOurs when anything is missing, malformed, or the signature does not match."""
    rows = text_rows_read(values)
    try:
        header = {rows[i][0]: rows[i][1] for i in range(len(_META_KEYS))}
        if [rows[i][0] for i in range(len(_META_KEYS))] != list(_META_KEYS):
            raise NotOurs("meta keys")
        if header["format"] != FORMAT or header["version"] != FORMAT_VERSION:
            raise NotOurs("format")
        if tuple(rows[len(_META_KEYS)][: len(_ROW_FIELDS)]) != _ROW_FIELDS:
            raise NotOurs("row header")
        meta_rows = []
        for cells in rows[len(_META_KEYS) + 1 :]:
            if not any(cells):
                continue
            row, task, report, version, targets, content = cells[: len(_ROW_FIELDS)]
            meta_rows.append(
                MetaRow(
                    row=int(row),
                    task=int(task),
                    report=_int_or_none(report),
                    version=_int_or_none(version),
                    targets=[int(t) for t in targets.split(",") if t],
                    content=content,
                )
            )
        identity = Identity(
            plan=header["plan"],
            unit=int(header["unit"]),
            period=header["period"],
            positions=int(header["positions"]),
            rows=meta_rows,
            sheet=header["sheet"],
        )
    except (IndexError, KeyError, ValueError) as exc:
        raise NotOurs(str(exc)) from None
    if not signature_matches(_SALT, identity.canonical(), header["signature"]):
        raise NotOurs("signature")
    if not 0 <= identity.positions <= MAX_POSITIONS:
        raise NotOurs("positions")
    expected_rows = list(range(FIRST_ROW, FIRST_ROW + len(meta_rows)))
    if [r.row for r in meta_rows] != expected_rows:
        raise NotOurs("rows")
    return identity


def put_text(cell, text):
    """Write text from the database as a string cell, never as a formula, whatever it starts
    with; quotePrefix keeps Excel from turning it into a formula when the cell is edited.
    What a cell cannot hold is left out (progress/text.py cell_text: control characters of
    rows older than the rule; past 32,767 characters, cut with a visible mark), so no stored
    text breaks a download. The one implementation: the bulletin and the dashboard downloads
    use it too."""
    text = cell_text(text)
    if not text:
        cell.value = None
        return
    # What `cell.value = text` does with a str, less openpyxl's search for the characters that
    # cell_text has just removed (a regular expression over every text: a tenth of a
    # bulletin's time at 200,000 reports); its cut at 32,767 characters kept.
    cell._value = ooxml_escape(text)[:EXCEL_CELL_MAX]
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
