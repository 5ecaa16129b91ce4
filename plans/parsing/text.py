"""Small text helpers shared by the document readers. Plain Python, no ORM."""

import re
import unicodedata

CN_DIGITS = "零一二三四五六七八九十"
TERMINAL_PUNCTUATION = "。；;！？!?"
# Characters a unit name may end with (局, 委, 人民政府, 支行 ...).
UNIT_SUFFIXES = "局委办府行社会院部厅团所站心队司处室联组馆校"
# How unit names usually begin: a level prefix, a collective, or a named body.
UNIT_STARTS = ("州", "县", "省", "市", "各", "人行", "黔", "共青团", "团", "中国", "国家")
# Characters that continue a unit name or list and so cannot start a new unit.
UNIT_CONTINUATIONS = "局委办府行、，,（(）)等"

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_STRAY_SPACE_BEFORE_NUMBER = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=\d)")
_STRAY_SPACE_AFTER_NUMBER = re.compile(rf"(?<=\d)[ \t\u3000]+(?=[{_CJK}%％])")
_TEXT_MARKERS = re.compile(r"[。；;：:！？!?%％“”\"《》<>0-9—]")


def display_width(text):
    """Columns a line takes in a fixed-width rendering: two for CJK, one for ASCII."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def remove_stray_number_spaces(line):
    """Remove spaces the extraction put inside a number ("1.62 万", "由 685元").

    Returns the line and how many spaces were removed.
    """
    fixed, before = _STRAY_SPACE_BEFORE_NUMBER.subn("", line)
    fixed, after = _STRAY_SPACE_AFTER_NUMBER.subn("", fixed)
    return fixed, before + after


def split_on_spaces(line):
    """Split a line at spaces that separate two table cells printed on one line.

    Spaces between two ASCII letters or digits belong to the text and are kept.
    """
    parts = []
    current = ""
    for piece in re.split(r"([ \t\u3000]+)", line):
        if not piece:
            continue
        if piece.isspace():
            if current and current[-1].isascii() and current[-1].isalnum():
                current += piece  # decided when the next piece comes
            else:
                parts.append(current)
                current = ""
            continue
        if current and current[-1].isspace():
            if piece[0].isascii() and piece[0].isalnum():
                current += piece
                continue
            parts.append(current.rstrip())
            current = ""
        current += piece
    if current:
        parts.append(current)
    return [p for p in parts if p]


def looks_like_units(text):
    """Whether text could be (part of) a list of unit names: no sentence punctuation, no digits."""
    return bool(text) and not _TEXT_MARKERS.search(text)


def ends_unit_name(text):
    return bool(text) and text[-1] in UNIT_SUFFIXES


def starts_unit_name(text):
    return bool(text) and text[0] not in UNIT_CONTINUATIONS


def ends_sentence(text):
    return bool(text) and text.rstrip('”"’）)')[-1:] in TERMINAL_PUNCTUATION


def split_units(text):
    """A unit cell as written into unit names: split at 、，; drop a trailing 等."""
    names = []
    for raw in re.split(r"[、，,；;]", text):
        name = raw.strip()
        name = re.sub(r"(等单位|等部门|等)$", "", name)
        if name:
            names.append(name)
    return names


def chinese_numeral_value(numeral):
    """一 -> 1, 十二 -> 12, 二十 -> 20."""
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (CN_DIGITS.index(tens) if tens else 1) * 10 + (CN_DIGITS.index(ones) if ones else 0)
    return CN_DIGITS.index(numeral)


def warning(code, message):
    """A warning as the parse carries it: {"code": snake_case, "message": 中文说明}."""
    return {"code": code, "message": message}


def warn(warnings, code, message):
    """Add a warning to a task's or the plan's list once, however often the text repeats it."""
    entry = warning(code, message)
    if entry not in warnings:
        warnings.append(entry)
