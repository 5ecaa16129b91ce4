"""Text people type, and text we write into files: the one rule for characters.

On the way in (every service that stores text a person typed: reports, review comments,
reasons; the pages, the API and the Excel import all go through them) text_clean refuses
control characters and text longer than its field's limit, with a message naming the field;
nothing is cut or dropped silently. On the way out, cell_text makes any stored text, also rows
older than the rule, something a spreadsheet (an XML file) can hold.
"""

import re

from django.conf import settings

from progress.errors import InvalidReport

# What one Excel cell holds; every limit below stays within it.
EXCEL_CELL_MAX = 32_767
CUT_MARK = "…（已截断）"

# C0 controls but tab and line breaks, DEL and the C1 controls, lone surrogates (a JSON
# "\ud800" decodes to one; no database stores it) and the two non-characters XML refuses.
# A superset of openpyxl's ILLEGAL_CHARACTERS_RE (tests/security/test_text.py checks it).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_SHORT = "含有不可见的控制字符"

# OOXML writes a character XML cannot hold as _xHHHH_ (ECMA-376 ST_Xstring), and a literal
# "_x" that looks like one as _x005F_x….
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def text_limit(kind):
    """The most characters a field of `kind` holds: "report" (进展情况, 存在问题, 下步打算) or
    "comment" (审核意见, 退回意见, 办结说明, 报告期关闭说明)."""
    if kind == "report":
        return settings.REPORT_TEXT_MAX_CHARS
    if kind == "comment":
        return settings.COMMENT_MAX_CHARS
    raise ValueError(kind)


def text_clean(value, *, field, label, kind):
    """The text as it is stored: line breaks written "\\n", surrounding blanks removed.

    Raises InvalidReport with {field: 说明} when it holds a control character (anything of
    CONTROL_CHARACTERS; tab and line breaks are text) or is longer than text_limit(kind)
    characters. Never cuts, never drops a character silently."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL_CHARACTERS.search(text)
    if found:
        raise InvalidReport(
            f"{label}{CONTROL_SHORT}（第{found.start() + 1}个字符，U+{ord(found.group()):04X}），"
            "常见于从其他系统复制的文字，请删除后重新填写。",
            {field: CONTROL_SHORT},
        )
    text = text.strip()
    limit = text_limit(kind)
    if len(text) > limit:
        raise InvalidReport(
            f"{label}不能超过{limit}字（现有{len(text)}字），请精简后重新填写。",
            {field: f"超过{limit}字的上限（现有{len(text)}字）"},
        )
    return text


def texts_clean(values, fields):
    """{field: text} of `values` cleaned by text_clean, for the fields of `fields`
    ({field: (label, kind)}) that `values` holds. Every bad field is named in one
    InvalidReport (its message the sentences of each), not only the first."""
    cleaned, problems, sentences = {}, {}, []
    for field, (label, kind) in fields.items():
        if field not in values:
            continue
        try:
            cleaned[field] = text_clean(values[field], field=field, label=label, kind=kind)
        except InvalidReport as error:
            problems.update(error.fields)
            sentences.append(error.message)
    if problems:
        raise InvalidReport("".join(sentences), problems)
    return cleaned


def text_shown(value):
    """Stored text as a form shows it for editing: control characters a row kept from before
    the rule are left out, so saving it again is not refused for characters nobody sees."""
    return CONTROL_CHARACTERS.sub("", value or "")


def cell_text(value):
    """Text as a spreadsheet cell (or any XML) can hold it: control characters removed, cut to
    Excel's 32,767 characters with a visible mark. Idempotent. Text entered under the rule
    is never changed by it; only rows from before it are."""
    text = CONTROL_CHARACTERS.sub("", "" if value is None else str(value))
    if len(text) > EXCEL_CELL_MAX:
        text = text[: EXCEL_CELL_MAX - len(CUT_MARK)] + CUT_MARK
    return text


def ooxml_escape(text):
    """A literal "_xHHHH_" kept literal in a cell (Excel would read it as an escape)."""
    return _OOXML_ESCAPE.sub(lambda m: "_x005F" + m.group(0), text)


def ooxml_unescape(text):
    """A cell's text as Excel meant it: _xHHHH_ escapes (how Excel saves a control character)
    decoded, so the import sees, and refuses, the character itself."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
