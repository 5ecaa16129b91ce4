"""The one pass over an indicators plan: chapter and section headings, 专栏 boxes, 主要目标.

A box whose first line is a tab-separated row is an indicator table (指标, 单位, the periods,
属性), read here row by row into indicators; any other box is read item by item by
boxes.BoxReader. The paragraphs under a 主要目标 heading are collected for goals.py.
"""

import re

from plans.parsing.indicators.boxes import BoxReader
from plans.parsing.indicators.lines import CN, FIVE_YEAR, clean_text, numeral
from plans.parsing.text import warning

_GOAL_HEADING = re.compile(rf"^(?:[{CN}]+、|[（(][{CN}]+[)）])\s*主要目标$")
_OTHER_HEADING = re.compile(rf"^(?:[{CN}]+、|[（(][{CN}]+[)）])[^。；;，,]{{1,30}}$")
_VALUE = re.compile(
    r"^(?:[<>≤≥＜＞]=?|不低于|不少于|不超过|不高于)?\d+(?:\.\d+)?(?:左右|以上|以下|以内)?$"
)
_NO_VALUE = {"", "—", "-", "－", "/", "——"}
_ATTRIBUTES = ("预期性", "约束性")


class Walk:
    """One pass over the units: chapters, boxes with their items or table, 主要目标 text."""

    def __init__(self, units, end, warnings):
        self.units, self.end, self.warnings = units, end, warnings
        self.sections, self.tasks, self.indicators, self.goal_paragraphs = [], [], [], []
        self.boxes, self.table_seen, self.after_table, self.spaces_removed = {}, False, False, 0
        self.chapter = self.section = None
        self.chapter_no = self.section_no = 0

    def warn(self, code, message):
        self.warnings.append(warning(code, message))

    def clean(self, text):
        cleaned, removed = clean_text(text)
        self.spaces_removed += removed
        return cleaned

    def run(self):
        index, in_goal = 0, False
        while index < len(self.units):
            unit = self.units[index]
            kind = unit["kind"]
            if kind == "box":
                index = self.read_box(index)
                in_goal = False
                continue
            if kind == "row" and self.after_table:
                self.warn(
                    "row_outside_table",
                    f"第{unit['line']}行像是指标表的一行，但与表格之间隔着"
                    f"不含制表符的文字，未读取，请复核：“{unit['text']}”。",
                )
            elif kind in ("chapter", "section") and self.heading(unit):
                in_goal = clean_text(unit["title"])[0] == "主要目标"
                self.after_table = False
            elif kind in ("text", "marker"):
                bare = clean_text(unit["text"])[0]
                if _GOAL_HEADING.match(bare) or (in_goal and _OTHER_HEADING.match(bare)):
                    in_goal = bool(_GOAL_HEADING.match(bare))
                elif in_goal:
                    self.goal_paragraphs.append((unit["text"], unit["line"]))
            index += 1

    def heading(self, unit):
        """Record a chapter or section heading that comes next in order (a table of contents
        line or a stray match does not)."""
        value = numeral(unit["number"])
        if unit["kind"] == "chapter" and value == self.chapter_no + 1:
            self.chapter_no, self.section_no = value, 0
            self.chapter, self.section = str(value), None
            key, parent = self.chapter, None
        elif unit["kind"] == "section" and self.chapter and value == self.section_no + 1:
            self.section_no = value
            key = self.section = f"{self.chapter}.{value}"
            parent = self.chapter
        else:
            return False
        kind = "章" if parent is None else "节"
        self.sections.append(
            {
                "key": key,
                "numbering": f"第{unit['number']}{kind}",
                "title": self.clean(unit["title"]),
                "parent": parent,
            }
        )
        return True

    def read_box(self, index):
        unit = self.units[index]
        number = numeral(unit["number"]) or 0
        key = f"专栏{number}"
        if key in self.boxes:
            self.warn("box_repeated", f"第{unit['line']}行：{key}重复出现。")
            key = f"{key}（第{unit['line']}行）"
        elif number != 1 + max((int(re.sub(r"\D.*", "", k[2:])) for k in self.boxes), default=0):
            self.warn("box_out_of_order", f"第{unit['line']}行：{key}编号不连续。")
        title = self.clean(unit["title"])
        self.after_table = False
        if not title:
            self.warn("box_without_title", f"第{unit['line']}行：{key}没有标题。")
        self.boxes[key] = title
        self.sections.append(
            {
                "key": key,
                "numbering": f"专栏{unit['number']}",
                "title": title,
                "parent": self.section or self.chapter,
            }
        )
        following = self.units[index + 1] if index + 1 < len(self.units) else None
        if following and following["kind"] == "row":
            return self.read_table(key, index + 1)
        return BoxReader(self, key, title).read(index + 1)

    def read_table(self, key, index):
        header = self.units[index]
        columns = _columns(header["cells"], self.warnings, key)
        if "name" not in columns:
            end = _skip_rows(self.units, index)
            self.warn(
                "table_unreadable",
                f"{key}的表格（第{header['line']}行起）没有“指标”列，"
                f"{end - index}行未读取，请人工录入。",
            )
            return end
        self.table_seen = True
        parent = None
        index += 1
        while index < len(self.units) and self.units[index]["kind"] == "row":
            row = self.units[index]
            indicator = self.read_row(key, row, columns, parent)
            if indicator["parent"] is None:
                parent = indicator["name"]
            self.indicators.append(indicator)
            index += 1
        self.after_table = True
        return index

    def read_row(self, key, row, columns, parent):
        cells = row["cells"]
        while len(cells) > len(columns) and not cells[-1]:
            cells = cells[:-1]
        if len(cells) != len(columns):
            self.warn(
                "row_cell_count",
                f"{key}第{row['line']}行有{len(cells)}个单元格，表头有"
                f"{len(columns)}列，已按顺序对应，请复核：“{row['text']}”。",
            )
        values = dict(zip(columns, cells, strict=False))
        name = self.clean(values.get("name", ""))
        sub = re.match(r"^其中[:：]?\s*", name)
        if sub:
            name = name[sub.end() :]
            if parent is None:
                self.warn(
                    "sub_row_without_parent", f"{key}第{row['line']}行“其中”行前面没有上级指标。"
                )
        unit = values.get("unit", "")
        named = re.match(r"^(.*?)[（(]([^（）()]+)[)）]$", name)
        if named and not unit:
            name, unit = named.group(1), named.group(2)
        elif not unit:
            self.warn("indicator_without_unit", f"{key}第{row['line']}行指标“{name}”未写计量单位。")
        indicator = {"name": name, "unit": unit}
        for column in ("baseline", "target", "annual"):
            indicator[column] = self.value(key, row, values.get(column, ""))
        attribute = values.get("attribute", "")
        if attribute and attribute not in _ATTRIBUTES:
            self.warn(
                "indicator_attribute",
                f"{key}第{row['line']}行指标属性“{attribute}”不是预期性或约束性，已留空。",
            )
            attribute = ""
        indicator.update(attribute=attribute, year=self.end, parent=parent if sub else None)
        return indicator

    def value(self, key, row, raw):
        value, removed = clean_text(raw)
        if removed:
            self.warn(
                "space_in_number", f"{key}第{row['line']}行“{raw}”中的空格已删除：“{value}”。"
            )
        if value not in _NO_VALUE and not _VALUE.match(value):
            self.warn(
                "value_unreadable", f"{key}第{row['line']}行的数值“{value}”无法识别，已照原文保留。"
            )
        return value


def _columns(cells, warnings, key):
    """The field of each header cell: name, unit, baseline, target, annual, attribute."""
    columns = [None] * len(cells)
    periods = {}
    for position, cell in enumerate(cells):
        ordinal = FIVE_YEAR.search(cell)
        year = re.search(r"20\d\d", cell)
        if cell in ("序号", "编号"):
            columns[position] = "number"
        elif "属性" in cell:
            columns[position] = "attribute"
        elif "年均" in cell:
            columns[position] = "annual"
        elif "单位" in cell:
            columns[position] = "unit"
        elif "指标" in cell and "name" not in columns:
            columns[position] = "name"
        elif ordinal or year:
            period = numeral("十" + ordinal.group(1)) if ordinal else int(year.group(0))
            if period:
                periods[position] = period
        elif re.search(r"目标|规划", cell):
            columns[position] = "target"
        elif re.search(r"基期|基数|现状", cell):
            columns[position] = "baseline"
    # The later period is the plan's target; an earlier one is the baseline.
    for position, period in periods.items():
        columns[position] = "target" if period == max(periods.values()) else "baseline"
    for position, cell in enumerate(cells):
        if columns[position] is None and cell:
            warnings.append(warning("column_unknown", f"{key}表头“{cell}”列无法识别，该列未读取。"))
            columns[position] = f"unknown{position}"
    return columns


def _skip_rows(units, index):
    while index < len(units) and units[index]["kind"] == "row":
        index += 1
    return index
