"""Entry points of the indicators reader, and the plan header (title, region, plan period).

`parse_indicators` walks the units once (walk.Walk) and, when there is no indicator table,
reads the indicators from the sentences of 主要目标 (goals.goal_indicators).
"""

import re

from plans.parsing.indicators.goals import goal_indicators
from plans.parsing.indicators.lines import (
    BOX,
    FIVE_YEAR,
    clean_text,
    ends_open,
    line_units,
    numeral,
)
from plans.parsing.indicators.walk import Walk
from plans.parsing.outline import plan_info
from plans.parsing.text import warning
from plans.regions import region_named_in

LAYOUT = "indicators"

_PLAN_WORDS = re.compile(r"(规划|计划|方案|纲要|意见|要点)(?:[（(][^（）()]*[)）])?$")
_YEARS = re.compile(r"(20\d\d)\s*[-—－~～至到]\s*(20\d\d)")


def looks_like_indicators(text):
    """True for a (five-year) plan with 专栏 boxes or an indicator table (指标…指标属性)."""
    lines = [line.strip() for line in text.splitlines()]
    head = "".join(lines[:10])
    boxes = sum(1 for line in lines if BOX.match(line))
    table = any("\t" in line and "指标" in line and "属性" in line for line in lines)
    planned = bool(FIVE_YEAR.search(head) or re.search(r"规划", head))
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
    walk = Walk(line_units(lines), plan["period_end"], warnings)
    walk.run()
    if not walk.boxes and not walk.table_seen:
        raise ValueError("未找到专栏或指标表，不是规划文件的版式。")
    indicators = walk.indicators
    if not walk.table_seen:
        indicators = goal_indicators(walk.goal_paragraphs, plan["period_end"], walk)
        if not walk.goal_paragraphs:
            warnings.append(
                warning("no_indicators", "未找到指标表，也未找到“主要目标”一节，未读取指标。")
            )
    if walk.spaces_removed:
        warnings.append(
            warning(
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


def _raw_title(lines, warnings):
    """The document's own title: the first line naming a plan (规划, 方案…), joined with the
    line before it when the title is printed over two lines."""
    heads = [line.strip() for line in lines if line.strip() and "\t" not in line][:15]
    for position, line in enumerate(heads):
        if _PLAN_WORDS.search(line) and len(line) <= 60:
            first = heads[0]
            if position == 1 and len(first) <= 30 and ends_open(first):
                warnings.append(
                    warning("title_joined", f"标题分两行，已合并：“{heads[0]}{line}”。")
                )
                return heads[0] + line
            if position > 1:
                warnings.append(warning("title_guessed", f"以第一个像标题的行“{line}”为标题。"))
            return line
    warnings.append(warning("title_guessed", "未找到以“规划”“方案”等结尾的标题，以首行为标题。"))
    return heads[0] if heads else ""


def _plan_fields(lines, text, source, warnings):
    raw_title = _raw_title(lines, warnings)
    title, removed = clean_text(raw_title)
    if removed:
        warnings.append(warning("title_space_removed", f"标题“{raw_title}”中的换行空格已删除。"))
    region = region_named_in(title)
    if region is None:
        warnings.append(warning("no_region", "标题中未找到印发地区，请在导入时选择。"))
    start = end = None
    years = _YEARS.search(title)
    ordinal = FIVE_YEAR.search(title)
    if years:
        start, end = int(years.group(1)), int(years.group(2))
    elif ordinal and numeral("十" + ordinal.group(1)):
        # The 3rd five-year plan began in 1966; every later one five years on.
        start = 1956 + 5 * (numeral("十" + ordinal.group(1)) - 1)
        end = start + 4
    stated = re.search(r"规划期[为是:：]?[^。]{0,12}?(20\d\d)\s*[-—－~～至到]\s*(20\d\d)", text)
    if stated and start is None:
        start, end = int(stated.group(1)), int(stated.group(2))
    elif stated and (int(stated.group(1)), int(stated.group(2))) != (start, end):
        warnings.append(
            warning("period_conflict", f"正文所写规划期“{stated.group(0)}”与标题不符。")
        )
    if start is None:
        warnings.append(warning("no_year", "标题和正文中未找到规划期，请在导入时填写。"))
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)
