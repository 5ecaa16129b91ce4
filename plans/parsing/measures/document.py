"""Entry points of the measures reader, the plan header (title, region, years) and the
quarterly reporting deadlines.

`parse_measures` cuts the text at its 附件 headings: the main text gives the plan header, the
headline goals and the bodies; each 附件 is read by attachments.read_attachment.
"""

import re

from plans.parsing.measures.attachments import read_attachment
from plans.parsing.measures.bodies import read_bodies
from plans.parsing.measures.indicators import read_goals
from plans.parsing.measures.lines import PART
from plans.parsing.outline import plan_info, years_in
from plans.parsing.text import warn
from plans.regions import region_named_in

LAYOUT = "measures"

_ATTACHMENT = re.compile(r"^附件\s*(\d{1,2})$")
_ATTACHMENT_LIST = re.compile(r"^(?:附件[:：]\s*)?(\d{1,2})[.．、]\s*\S")
_MEASURE_WITH_CLAUSE = re.compile(r"^\d{1,3}[.．、].*[（(](?:牵头单位|责任单位)[:：].*[)）]$")
_DEADLINES = re.compile(r"分别于((?:\d{1,2}月\d{1,2}日[、，,和及]?){2,})前")


def looks_like_measures(text):
    """True for text with 附件 headings and at least three numbered measures ending in a
    责任单位/牵头单位 clause (the layout of 001)."""
    lines = [line.strip() for line in text.splitlines()]
    attachments = sum(1 for line in lines if _ATTACHMENT.match(line))
    measures = sum(1 for line in lines if _MEASURE_WITH_CLAUSE.match(line))
    return attachments >= 1 and measures >= 3


def parse_measures(text, source=""):
    """Parse a measures plan into the parse dict (plan, sections, tasks, indicators, bodies,
    warnings). Raises ValueError when the text has no 附件 with numbered measures."""
    lines = [line.strip() for line in text.splitlines()]
    starts = [(i, int(m[1])) for i, line in enumerate(lines) if (m := _ATTACHMENT.match(line))]
    if not starts:
        raise ValueError("未找到附件（附件1、附件2…），不是按措施编号的行动方案。")
    main = lines[: starts[0][0]]
    result = {"sections": [], "tasks": [], "indicators": [], "warnings": []}
    warnings = result["warnings"]
    plan = _plan_fields(main, source, warnings)
    read_goals(_goal_lines(main), result, plan, "正文")
    listed = [int(m[1]) for line in _attachment_list(main) if (m := _ATTACHMENT_LIST.match(line))]
    for number in sorted(set(listed) - {n for _i, n in starts}):
        warn(warnings, "attachment_missing", f"正文列出附件{number}，但文中找不到附件{number}。")
    for index, (start, number) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        read_attachment(number, lines[start + 1 : end], start + 2, result, plan)
    if not result["tasks"]:
        raise ValueError("附件中未找到编号措施。")
    deadlines = _reporting_deadlines(lines, starts, warnings)
    if deadlines:
        plan["reporting_deadlines"] = deadlines
    return {"plan": plan, **result, "bodies": read_bodies(main, warnings), "warnings": warnings}


def _plan_fields(main, source, warnings):
    """Title: the line the 印发 letter names in 《》, else the first short line naming a plan."""
    named = next((m[1] for line in main if (m := re.search(r"现将《(.+?)》印发", line))), None)
    candidates = [line for line in main if line and len(line) <= 60 and line[-1] not in "：:。，,"]
    title = next((line for line in candidates if line == named), None) or next(
        (line for line in candidates if re.search(r"(方案|计划|规划)", line)), ""
    )
    if not title:
        warn(warnings, "no_title", "未找到方案标题，请在导入时填写。")
    region = region_named_in(title)
    start, end = years_in(title)
    if start is None:
        warn(warnings, "no_year", "标题中未找到年度，请在导入时填写。")
    if region is None:
        warn(warnings, "no_region", "标题中未找到印发地区，请在导入时选择。")
    return plan_info(title=title, region=region, start=start, end=end, layout=LAYOUT, source=source)


def _goal_lines(lines):
    """The lines of the 一、 parts whose title names a goal (工作目标, 主要目标 ...)."""
    picked, in_goals = [], False
    for line in lines:
        if part := PART.match(line):
            in_goals = "目标" in part[2]
        elif in_goals:
            picked.append(line)
    return picked


def _attachment_list(main):
    """The lines of the 附件: list at the end of the main text."""
    at = next((i for i, line in enumerate(main) if line.startswith(("附件:", "附件："))), None)
    if at is None:
        return []
    end = next((i for i in range(at + 1, len(main)) if not _ATTACHMENT_LIST.match(main[i])), None)
    return main[at:end]


def _reporting_deadlines(lines, starts, warnings):
    """{"Q1": "MM-DD", ...} from the quarterly reporting rules; warns where they disagree or
    come only from 附件."""
    found = []
    for index, line in enumerate(lines):
        for m in _DEADLINES.finditer(line):
            where = next((f"附件{n}" for i, n in reversed(starts) if i <= index), "正文")
            dates = [(int(mo), int(day)) for mo, day in re.findall(r"(\d{1,2})月(\d{1,2})日", m[1])]
            deadlines = {
                f"Q{(mo - 1) // 3 + 1}": f"{mo:02d}-{day:02d}" for mo, day in sorted(dates)
            }
            if len(deadlines) != 4 or len(dates) != 4:
                warn(
                    warnings,
                    "reporting_rule_unread",
                    f"{where}的报送时限“{m[0]}”不是每季度一个日期，未采用。",
                )
            else:
                found.append((where, deadlines))
    if not found:
        return None
    if any(deadlines != found[0][1] for _where, deadlines in found):
        warn(
            warnings,
            "reporting_deadlines_differ",
            f"各处的季度报送时限不一致，已采用{found[0][0]}的时限，请复核。",
        )
    places = sorted({where for where, _deadlines in found})
    if "正文" not in places:
        dates = "、".join(f"{int(v[:2])}月{int(v[3:])}日" for v in found[0][1].values())
        warn(
            warnings,
            "reporting_deadlines_from_attachments",
            f"季度报送时限（{dates}前）见于{'、'.join(places)}，已作为全计划的报送时限，请确认。",
        )
    return found[0][1]
