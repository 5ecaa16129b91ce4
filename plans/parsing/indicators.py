"""Reader for five-year plans with indicator tables and 专栏 boxes (the layouts of 002 and 004).

A plan of this kind is long prose in chapters (第一章) and sections (第一节). What can be
tracked sits in two places: the indicators (a tab-separated table in a 专栏, or numeric targets
inside the sentences of 主要目标 when there is no table) and the 专栏 boxes, whose items become
tasks. The prose itself is not read. The extraction wraps lines (inside a paragraph, at a page
end, with spaces where the PDF broke a line), so paragraphs are rejoined where one ends without
a full stop, and spaces between Chinese characters or around numbers are removed.
"""

import re

from plans.parsing import text as t
from plans.parsing.outline import plan_info
from plans.regions import region_named_in

LAYOUT = "indicators"

_CN = "一二三四五六七八九十"
_BOX = re.compile(
    rf"^专栏\s*(\d{{1,2}}(?!\d)|[{_CN}]{{1,3}}(?![{_CN}]))\s*[：:.、]?\s*(.{{0,60}})$"
)
_CHAPTER = re.compile(rf"^第([{_CN}]+)章\s*(.{{1,60}})$")
_SECTION = re.compile(rf"^第([{_CN}]+)节\s*(.{{1,60}})$")
_GOAL_HEADING = re.compile(rf"^(?:[{_CN}]+、|[（(][{_CN}]+[)）])\s*主要目标$")
_OTHER_HEADING = re.compile(rf"^(?:[{_CN}]+、|[（(][{_CN}]+[)）])[^。；;，,]{{1,30}}$")
# Item markers inside a box: （一）, 1. and the two-digit 01 of 004.
_MARKERS = {
    "cn": re.compile(rf"^[（(]([{_CN}]+)[)）]\s*(.*)$"),
    "arabic": re.compile(r"^(\d{1,2})[.．、](?!\d)\s*(.*)$"),
    "padded": re.compile(r"^(\d{2})\s+(\D.*)$"),
    "bullet": re.compile(r"^([●◆◇■□▲►•※])\s*(.+)$"),
}
_PLAN_WORDS = re.compile(r"(规划|计划|方案|纲要|意见|要点)(?:[（(][^（）()]*[)）])?$")
_YEARS = re.compile(r"(20\d\d)\s*[-—－~～至到]\s*(20\d\d)")
_FIVE_YEAR = re.compile(rf"十([{_CN}]{{1,2}})五")
_TERMINAL = "。；;！？!?：:"
# A trailing unit clause; unit names may hold one level of brackets (各县（市）人民政府).
_UNIT_CLAUSE = re.compile(
    r"[（(]\s*((?:牵头单位|责任单位)[:：](?:[^（）()]|[（(][^（）()]*[)）])*)[)）]\s*。?$"
)
_VALUE = re.compile(
    r"^(?:[<>≤≥＜＞]=?|不低于|不少于|不超过|不高于)?\d+(?:\.\d+)?(?:左右|以上|以下|以内)?$"
)
_NO_VALUE = {"", "—", "-", "－", "/", "——"}
_ATTRIBUTES = ("预期性", "约束性")

_UNITS = (
    "%|％|个百分点|万人次|人次|万人|人|万户|户|亿元|万元|元|万亩|亩|万吨|吨|公里|千米|"
    "立方米|平方米|个|家|所|座|条|辆|次|倍|年|岁|天|小时|Mbps"
)
_NUMBER = rf"(?P<value>\d+(?:\.\d+)?)(?P<unit>{_UNITS})?"
_QUAL = r"(?P<qual>以上|以下|以内|左右)?"
# A target in a sentence: name, optional baseline (由 55%), verb, value, unit, qualifier.
_GOAL = re.compile(
    rf"^(?P<name>.+?)(?:[由从](?P<base>\d+(?:\.\d+)?)(?:{_UNITS})?)?"
    r"(?P<verb>达到|达|提高到|提高至|提升到|提升至|增长到|增加到|下降到|下降至|降到|降至|降低到|"
    r"降低至|控制在|保持在|稳定在|不低于|不少于|不超过|不高于|超过|突破|高于(?P<ref>\D*?))"
    rf"{_NUMBER}{_QUAL}(?P<rest>.*)$"
)
# A clause that ends with its figure: "实现城镇新增就业300万人左右".
_GOAL_TAIL = re.compile(rf"^(?P<name>\D+?){_NUMBER}{_QUAL}$")
_COMPARATORS = ("不低于", "不少于", "不超过", "不高于", "超过", "突破")
_TIME_PREFIX = re.compile(
    r"^(?:(?:到|至)?(20\d\d)年(?:底|末)?|[“\"]?十[一二三四五六七八九]五[”\"]?(?:期间|期末|末))"
)


def _warning(code, message):
    return {"code": code, "message": message}


def looks_like_indicators(text):
    """True for a (five-year) plan with 专栏 boxes or an indicator table (指标…指标属性)."""
    lines = [line.strip() for line in text.splitlines()]
    head = "".join(lines[:10])
    boxes = sum(1 for line in lines if _BOX.match(line))
    table = any("\t" in line and "指标" in line and "属性" in line for line in lines)
    planned = bool(_FIVE_YEAR.search(head) or re.search(r"规划", head))
    return planned and (boxes > 0 or table)


def parse_indicators(text, source=""):
    """Parse a plan of this layout into the common parse dict (see plans/parsing/__init__.py).

    Sections are the chapters (key "3"), their sections (key "3.2"), the 专栏 (key "专栏N",
    parent the innermost chapter section) and any groups inside a box (key "专栏N.K"); each
    box item is a task numbered "专栏N-M" in section "专栏N". Indicators come from an
    indicator table, or else from the figures in the sentences of 主要目标.
    Raises ValueError when the text holds neither a box nor an indicator table.
    """
    lines = text.splitlines()
    warnings = []
    plan = _plan_fields(lines, text, source, warnings)
    walk = _Walk(_units(lines), plan["period_end"], warnings)
    walk.run()
    if not walk.boxes and not walk.table_seen:
        raise ValueError("未找到专栏或指标表，不是规划文件的版式。")
    indicators = walk.indicators
    if not walk.table_seen:
        indicators = _goal_indicators(walk.goal_paragraphs, plan["period_end"], walk)
        if not walk.goal_paragraphs:
            warnings.append(
                _warning("no_indicators", "未找到指标表，也未找到“主要目标”一节，未读取指标。")
            )
    if walk.spaces_removed:
        warnings.append(
            _warning(
                "spaces_removed",
                f"专栏、指标和主要目标的文字中共有{walk.spaces_removed}处空格（PDF换行处或数字两侧），"
                "已删除。",
            )
        )
    return {
        "plan": plan,
        "sections": walk.sections,
        "tasks": walk.tasks,
        "indicators": indicators,
        "warnings": warnings,
    }


def _clean(text):
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


def _ends_open(text):
    """Whether a line stops mid-sentence, so the next line continues it."""
    return not text.rstrip('”"’）)*').endswith(tuple(_TERMINAL))


def _raw_title(lines, warnings):
    """The document's own title: the first line naming a plan (规划, 方案…), joined with the
    line before it when the title is printed over two lines."""
    heads = [line.strip() for line in lines if line.strip() and "\t" not in line][:15]
    for position, line in enumerate(heads):
        if _PLAN_WORDS.search(line) and len(line) <= 60:
            first = heads[0]
            if position == 1 and len(first) <= 30 and _ends_open(first):
                warnings.append(
                    _warning("title_joined", f"标题分两行，已合并：“{heads[0]}{line}”。")
                )
                return heads[0] + line
            if position > 1:
                warnings.append(_warning("title_guessed", f"以第一个像标题的行“{line}”为标题。"))
            return line
    warnings.append(_warning("title_guessed", "未找到以“规划”“方案”等结尾的标题，以首行为标题。"))
    return heads[0] if heads else ""


def _plan_fields(lines, text, source, warnings):
    raw_title = _raw_title(lines, warnings)
    title, removed = _clean(raw_title)
    if removed:
        warnings.append(_warning("title_space_removed", f"标题“{raw_title}”中的换行空格已删除。"))
    region = region_named_in(title)
    if region is None:
        warnings.append(_warning("no_region", "标题中未找到印发地区，请在导入时选择。"))
    start = end = None
    years = _YEARS.search(title)
    ordinal = _FIVE_YEAR.search(title)
    if years:
        start, end = int(years.group(1)), int(years.group(2))
    elif ordinal and _numeral("十" + ordinal.group(1)):
        # The 3rd five-year plan began in 1966; every later one five years on.
        start = 1956 + 5 * (_numeral("十" + ordinal.group(1)) - 1)
        end = start + 4
    stated = re.search(r"规划期[为是:：]?[^。]{0,12}?(20\d\d)\s*[-—－~～至到]\s*(20\d\d)", text)
    if stated and start is None:
        start, end = int(stated.group(1)), int(stated.group(2))
    elif stated and (int(stated.group(1)), int(stated.group(2))) != (start, end):
        warnings.append(
            _warning("period_conflict", f"正文所写规划期“{stated.group(0)}”与标题不符。")
        )
    if start is None:
        warnings.append(_warning("no_year", "标题和正文中未找到规划期，请在导入时填写。"))
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)


def _units(lines):
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
        for kind, pattern in (("box", _BOX), ("chapter", _CHAPTER), ("section", _SECTION)):
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


def _numeral(text):
    """一 -> 1, 12 -> 12; None for a run of numerals that is not a number (一一)."""
    try:
        return int(text) if text.isdigit() else t.chinese_numeral_value(text)
    except (ValueError, IndexError):
        return None


class _Walk:
    """One pass over the units: chapters, boxes with their items or table, 主要目标 text."""

    def __init__(self, units, end, warnings):
        self.units, self.end, self.warnings = units, end, warnings
        self.sections, self.tasks, self.indicators, self.goal_paragraphs = [], [], [], []
        self.boxes, self.table_seen, self.after_table, self.spaces_removed = {}, False, False, 0
        self.chapter = self.section = None
        self.chapter_no = self.section_no = 0

    def warn(self, code, message):
        self.warnings.append(_warning(code, message))

    def clean(self, text):
        cleaned, removed = _clean(text)
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
                in_goal = _clean(unit["title"])[0] == "主要目标"
                self.after_table = False
            elif kind in ("text", "marker"):
                bare = _clean(unit["text"])[0]
                if _GOAL_HEADING.match(bare) or (in_goal and _OTHER_HEADING.match(bare)):
                    in_goal = bool(_GOAL_HEADING.match(bare))
                elif in_goal:
                    self.goal_paragraphs.append((unit["text"], unit["line"]))
            index += 1

    def heading(self, unit):
        """Record a chapter or section heading that comes next in order (a table of contents
        line or a stray match does not)."""
        value = _numeral(unit["number"])
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
        number = _numeral(unit["number"]) or 0
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
        return _BoxReader(self, key, title).read(index + 1)

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
        value, removed = _clean(raw)
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
        ordinal = _FIVE_YEAR.search(cell)
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
            period = _numeral("十" + ordinal.group(1)) if ordinal else int(year.group(0))
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
            warnings.append(
                _warning("column_unknown", f"{key}表头“{cell}”列无法识别，该列未读取。")
            )
            columns[position] = f"unknown{position}"
    return columns


def _skip_rows(units, index):
    while index < len(units) and units[index]["kind"] == "row":
        index += 1
    return index


class _BoxReader:
    """The items of one 专栏, as tasks; the box ends at a heading, at the next box, or at a
    paragraph that neither continues an item nor starts one."""

    def __init__(self, walk, key, title):
        self.walk, self.key, self.title = walk, key, title
        self.items, self.style, self.expected, self.groups = [], None, {}, 0

    def read(self, index):
        units = self.walk.units
        while index < len(units) and units[index]["kind"] not in ("box", "chapter", "section"):
            unit = units[index]
            following = units[index + 1] if index + 1 < len(units) else None
            taken = unit["kind"] == "marker" and self.take_marker(unit, following)
            if not taken and not self.take_text(unit, index):
                break
            index += 1
        self.finish()
        return index

    def take_marker(self, unit, following):
        rest = self.walk.clean(unit["rest"])
        current = self.items[-1] if self.items else None
        if unit["style"] == "padded" and (
            self.style not in (None, "padded")
            or int(unit["number"]) != self.expected.get("padded", 1)
        ):
            return False
        if (
            unit["style"] == "cn"
            and _is_heading(rest)
            and (
                self.style == "arabic"
                or (following and following["kind"] == "marker" and following["style"] == "arabic")
            )
        ):
            self.groups += 1
            self.walk.sections.append(
                {
                    "key": f"{self.key}.{self.groups}",
                    "numbering": f"（{unit['number']}）",
                    "title": rest,
                    "parent": self.key,
                }
            )
            return True
        self.style = self.style or unit["style"]
        if unit["style"] != self.style and current is not None:
            # A lower-level point inside an item stays part of that item.
            current["paragraphs"].append(self.walk.clean(unit["text"]))
            return True
        value = _numeral(unit["number"])
        expected = self.expected.get(self.style, 1)
        warnings = []
        if value != expected and self.style != "bullet":
            warnings.append(
                _warning(
                    "item_number_unexpected",
                    f"第{unit['line']}行：{self.key}中此项编号为{unit['number']}，"
                    f"按顺序应为第{expected}项，请核对是否有遗漏或重复。",
                )
            )
        self.expected[self.style] = (value or expected) + 1
        self.items.append(
            {"head": rest, "paragraphs": [], "line": unit["line"], "warnings": warnings}
        )
        return True

    def take_text(self, unit, index):
        text = self.walk.clean(" ".join(unit["cells"]) if unit["kind"] == "row" else unit["text"])
        if not self.items:
            self.items.append(
                {"head": None, "paragraphs": [text], "line": unit["line"], "warnings": []}
            )
            return True
        item = self.items[-1]
        pieces = item["paragraphs"] or [item["head"] or ""]
        if not item["paragraphs"] and item["head"] and _is_heading(item["head"]):
            item["paragraphs"].append(text)
        elif _ends_open(pieces[-1]):
            if item["paragraphs"]:
                item["paragraphs"][-1] += text
            else:
                item["head"] += text
        elif pieces[-1].endswith(("；", ";")) or self.resumes(index):
            item["paragraphs"].append(text)
        else:
            if item["head"] is None:
                item["warnings"].append(
                    _warning(
                        "box_end_uncertain",
                        f"{self.key}没有分项编号，看不出在哪里结束：已在第{unit['line']}行"
                        f"“{text[:20]}…”之前结束，其后按正文处理，请对照原件复核。",
                    )
                )
            return False
        return True

    def resumes(self, index):
        """Whether the box's next item marker follows within a few paragraphs: then a
        paragraph that looks like prose is a further paragraph of the current item."""
        for unit in self.walk.units[index + 1 : index + 4]:
            if unit["kind"] in ("box", "chapter", "section"):
                return False
            if unit["kind"] == "marker" and unit["style"] == self.style != "bullet":
                return _numeral(unit["number"]) == self.expected.get(self.style)
        return False

    def finish(self):
        if not self.items:
            self.walk.warn(
                "box_without_items", f"{self.key}“{self.title}”中没有读到任何项目，请对照原件复核。"
            )
        for position, item in enumerate(self.items, start=1):
            self.walk.tasks.append(self.task(position, item))

    def task(self, position, item):
        warnings = item["warnings"]
        head, body = item["head"], "\n".join(item["paragraphs"])
        if head is None:
            title, text = self.title, body
            code = "box_intro" if len(self.items) > 1 else "box_without_items"
            warnings.insert(
                0,
                _warning(
                    code,
                    f"{self.key}中第{item['line']}行起的文字没有分项编号，"
                    "已作为一项（以专栏标题为名），请复核。",
                ),
            )
        elif body and _is_heading(head):
            title, text = head.rstrip("。：:"), body
        else:
            lead = re.match(r"^(.{1,40}?)[。：]", head)
            title = lead.group(1) if lead else ""
            text = head + ("\n" + body if body else "")
            if not lead and _is_heading(head):
                title, text = head.rstrip("。：:"), body
            if not title:
                warnings.append(
                    _warning(
                        "item_without_title",
                        f"第{item['line']}行的项目没有可作标题的首句，标题留空。",
                    )
                )
        if not text:
            warnings.append(
                _warning("item_without_text", f"第{item['line']}行的项目只有标题，没有内容。")
            )
        text, lead_units, responsible_units = _unit_clause(text)
        return {
            "number": f"{self.key}-{position}",
            "section": self.key,
            "title": title,
            "annual_target": text,
            "quarter_plans": {"Q1": "", "Q2": "", "Q3": "", "Q4": ""},
            "lead_units": lead_units,
            "responsible_units": responsible_units,
            "remarks": "",
            "warnings": warnings,
            "targets": [],
        }


def _is_heading(text):
    """A short line without a sentence inside it and with its brackets closed."""
    body = text.rstrip("。")
    return (
        0 < len(body) <= 40
        and not re.search(r"[。；;]", body)
        and body.count("(") + body.count("（") == body.count(")") + body.count("）")
        and not re.search(r"[\d、，,]$", body)
    )


def _unit_clause(text):
    """Split a trailing (牵头单位：…；责任单位：…) off an item's text."""
    match = _UNIT_CLAUSE.search(text)
    if not match:
        return text, [], []
    found = {"牵头单位": [], "责任单位": []}
    for part in re.split(r"[；;]", match.group(1)):
        label, _, names = part.partition("：") if "：" in part else part.partition(":")
        if label.strip() in found:
            found[label.strip()] = t.split_units(names)
    return text[: match.start()].rstrip(), found["牵头单位"], found["责任单位"]


def _goal_indicators(paragraphs, end, walk):
    """Indicators from the figures in the sentences of 主要目标 (one per figure read)."""
    joined = []
    for raw, line in paragraphs:
        text = walk.clean(raw)
        if joined and _ends_open(joined[-1][0]):
            joined[-1] = (joined[-1][0] + text, joined[-1][1])
        else:
            joined.append((text, line))
    indicators = []
    for text, line in joined:
        for sentence in re.split(r"[。；;！!？?]", text):
            year, parent = end, None
            for clause in re.split(r"[，,：:]", sentence):
                clause = clause.strip()
                while match := _TIME_PREFIX.match(clause):
                    year = int(match.group(1)) if match.group(1) else year
                    clause = clause[match.end() :]
                sub = clause.startswith("其中")
                clause = clause[2:] if sub else clause
                if not re.search(r"\d", clause):
                    continue
                indicator = _goal(clause, year)
                if indicator is None:
                    walk.warnings.append(
                        _warning(
                            "goal_number_unread",
                            f"主要目标（第{line}行起）中“{clause}”含有数字，"
                            "但读不出指标名称和目标值，未作为指标，请复核。",
                        )
                    )
                    continue
                indicator["parent"] = parent if sub else None
                parent = parent if sub else indicator["name"]
                indicators.append(indicator)
    return indicators


def _goal(clause, year):
    """One indicator from a clause such as "农产品加工转化率达到70%左右", or None."""
    match = _GOAL.match(clause)
    if match and not match.group("rest"):
        verb = match.group("verb")
        # "增速高于全省平均水平2个百分点": the comparison is part of what is measured.
        name = match.group("name") + (verb if verb.startswith("高于") else "")
        prefix = verb if verb in _COMPARATORS else ""
        baseline = match.group("base") or ""
    else:
        match = _GOAL_TAIL.match(clause)
        if not match or not match.group("unit"):
            return None
        name = re.sub(r"^(?:实现|完成|力争|确保)", "", match.group("name"))
        prefix, baseline = "", ""
    return {
        "name": name,
        "unit": match.group("unit") or "",
        "baseline": baseline,
        "target": prefix + match.group("value") + (match.group("qual") or ""),
        "annual": "",
        "attribute": "",
        "year": year,
        "parent": None,
    }
