"""Indicators from the sentences of 主要目标, for a plan without an indicator table.

Each figure read is one indicator: "农产品加工转化率达到70%左右" gives the name, unit and
target; a baseline (由55%), a year (到2025年) and a 其中 sub-indicator are kept when written.
"""

import re

from plans.parsing.indicators.lines import ends_open
from plans.parsing.text import warning

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


def goal_indicators(paragraphs, end, walk):
    """Indicators from the figures in the sentences of 主要目标 (one per figure read)."""
    joined = []
    for raw, line in paragraphs:
        text = walk.clean(raw)
        if joined and ends_open(joined[-1][0]):
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
                        warning(
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
