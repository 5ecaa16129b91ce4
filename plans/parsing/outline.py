"""The numbered headings of a plan (一、… and （一）…) as nested sections, and the plan's
header fields. Shared by the readers; plain Python."""

import re

from plans.parsing import text as t

PART = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
SUBPART = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")
YEARS = re.compile(r"(20\d\d)\s*(?:-|—|－|至|到)\s*(20\d\d)|(20\d\d)")


class Outline:
    """Reads headings in document order. A heading counts only with the next numeral in
    order, so a line of text that happens to start with （二） does not open a section."""

    def __init__(self):
        self.sections = []
        self.part_no = self.sub_no = 0
        self.part_key = None
        self.current = None  # key of the section the next task falls in

    def heading(self, line):
        """Record `line` if it is the next heading; returns whether it was."""
        part = PART.match(line)
        if part and t.chinese_numeral_value(part.group(1)) == self.part_no + 1:
            self.part_no, self.sub_no = self.part_no + 1, 0
            self.part_key = self.current = str(self.part_no)
            self._add(self.part_key, f"{part.group(1)}、", part.group(2), None)
            return True
        sub = SUBPART.match(line)
        if sub and self.part_key and t.chinese_numeral_value(sub.group(1)) == self.sub_no + 1:
            self.sub_no += 1
            self.current = f"{self.part_key}.{self.sub_no}"
            self._add(self.current, f"（{sub.group(1)}）", sub.group(2), self.part_key)
            return True
        return False

    def _add(self, key, numbering, title, parent):
        self.sections.append(
            {"key": key, "numbering": numbering, "title": title.strip(), "parent": parent}
        )


def years_in(title):
    """(start, end) years a title names ("2022年度", "(2022-2024)"), or (None, None)."""
    found = YEARS.search(title)
    if found and found.group(1):
        return int(found.group(1)), int(found.group(2))
    if found:
        return int(found.group(3)), int(found.group(3))
    return None, None


def plan_info(*, title, region, start, end, layout, source):
    """The "plan" part of a parse."""
    return {
        "title": title,
        "level": region["level"] if region else None,
        "region": region["short_name"] if region else None,
        "period_start": start,
        "period_end": end,
        "layout": layout,
        "source": source,
    }
