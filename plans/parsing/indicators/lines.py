"""The text of an indicators plan as units, one per non-blank line, and the helpers every part
of the reader shares.

A unit is a table row (tab-separated cells), a heading (第N章, 第N节, 专栏N), an item marker
(（一）, 1., 01, ●) or plain text. `clean_text` drops the spaces the PDF extraction left inside
the text; `ends_open` tells whether a line runs on into the next.
"""

import re

from plans.parsing import text as t

CN = "一二三四五六七八九十"
BOX = re.compile(rf"^专栏\s*(\d{{1,2}}(?!\d)|[{CN}]{{1,3}}(?![{CN}]))\s*[：:.、]?\s*(.{{0,60}})$")
_CHAPTER = re.compile(rf"^第([{CN}]+)章\s*(.{{1,60}})$")
_SECTION = re.compile(rf"^第([{CN}]+)节\s*(.{{1,60}})$")
# Item markers inside a box: （一）, 1. and the two-digit 01 of 004.
_MARKERS = {
    "cn": re.compile(rf"^[（(]([{CN}]+)[)）]\s*(.*)$"),
    "arabic": re.compile(r"^(\d{1,2})[.．、](?!\d)\s*(.*)$"),
    "padded": re.compile(r"^(\d{2})\s+(\D.*)$"),
    "bullet": re.compile(r"^([●◆◇■□▲►•※])\s*(.+)$"),
}
FIVE_YEAR = re.compile(rf"十([{CN}]{{1,2}})五")
_TERMINAL = "。；;！？!?：:"


def clean_text(text):
    """Text with markdown bold marks dropped and spaces removed, except between two ASCII
    letters or digits. Returns the text and the number of spaces removed."""
    text = text.replace("**", "")
    removed = 0

    def keep(match):
        nonlocal removed
        before = match.string[match.start() - 1] if match.start() else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            return " "
        removed += 1 if before and after else 0
        return ""

    return re.sub(r"[ \t\u3000]+", keep, text), removed


def ends_open(text):
    """Whether a line stops mid-sentence, so the next line continues it."""
    return not text.rstrip('”"’）)*').endswith(tuple(_TERMINAL))


def line_units(lines):
    """Each non-blank line as a unit: a kind, its parts and its line number."""
    units = []
    for line_no, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if "\t" in line:
            units.append(
                {
                    "kind": "row",
                    "cells": [c.strip() for c in line.split("\t")],
                    "text": line.strip(),
                    "line": line_no,
                }
            )
            continue
        line = re.sub(r"^-\s+", "", line.strip()).strip()
        unit = {"kind": "text", "text": line, "line": line_no}
        bare = line.replace("**", "")
        for kind, pattern in (("box", BOX), ("chapter", _CHAPTER), ("section", _SECTION)):
            match = pattern.match(bare)
            if match and "。" not in bare:
                unit.update(kind=kind, number=match.group(1), title=match.group(2))
                break
        else:
            for style, pattern in _MARKERS.items():
                match = pattern.match(bare)
                if match:
                    unit.update(
                        kind="marker", style=style, number=match.group(1), rest=match.group(2)
                    )
                    break
        units.append(unit)
    return units


def numeral(text):
    """一 -> 1, 12 -> 12; None for a run of numerals that is not a number (一一)."""
    try:
        return int(text) if text.isdigit() else t.chinese_numeral_value(text)
    except (ValueError, IndexError):
        return None
