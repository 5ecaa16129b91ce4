"""The line marks a measures plan is read by, and the warning helper every part shares.

一、 parts and （一） sub-parts are the headings of the main text and of each 附件; a numbered
measure starts "1." or "1、".
"""

import re

_NUMERAL = "一二三四五六七八九十"
PART = re.compile(rf"^([{_NUMERAL}]+)、\s*(.+)$")
SUBPART = re.compile(rf"^[（(]([{_NUMERAL}]+)[）)]\s*(.+)$")
MEASURE = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$")


def warn(warnings, code, message):
    warnings.append({"code": code, "message": message})
