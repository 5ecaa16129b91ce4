"""Placeholders in the office's wording ({期间}, {平均完成率} ...): what each one means, the
values of one snapshot, filling a text, and checking a text before it is saved.

Every value is a stored figure of the snapshot (or its plan and period) in the words the body
uses: counts as integers, ratios with rules.percent_text, dates with rules.date_text.
"""

import re

from django.utils import timezone

from reports import rules
from reports.bulletin_xlsx.titles import NUMERALS, work_name

# name -> what it is, in the order the edit page lists them.
PLACEHOLDERS = {
    "计划": "计划名称，加书名号，如《黔东南州2022年度促进居民增收实施计划》",
    "工作": "计划所推进的工作，如 黔东南州促进居民增收工作",
    "期间": "报告期，如 2022年第三季度",
    "报告期": "报告期编号，如 2022Q3",
    "截止日期": "本期报送截止日，如 2022年9月18日",
    "数据日期": "通报数据的截止日期（快照计算日），如 2022年9月25日",
    "发文机关": "发文机关名称（本页“发文机关”一栏）",
    "任务数": "计划中的任务数",
    "已完成": "已完成的任务数",
    "序时推进": "序时推进的任务数",
    "滞后": "滞后的任务数",
    "退回修改": "报告被退回修改的任务数",
    "待报送": "未到截止日、尚未报送的任务数",
    "未报送": "截止日后仍未报送的任务数",
    "已办结": "已办结销号的任务数",
    "绿灯": "亮绿灯的任务数",
    "黄灯": "亮黄灯的任务数",
    "红灯": "亮红灯的任务数",
    "平均完成率": "平均完成率，如 45.2%（截止日前为已报送任务的平均）",
    "平均序时进度": "平均序时进度，如 75%",
    "应报送份数": "应报送的进展报告份数",
    "已报送份数": "已报送的份数（含逾期报送、被退回的）",
    "按时报送份数": "截止日前报送的份数",
    "逾期报送份数": "截止日后报送的份数",
    "未报送份数": "应报送而未报送的份数",
    "报送率": "报送率，如 80%",
    "按时报送率": "按时报送率，如 75%",
}
_NAME = re.compile(r"\{([^{}]*)\}")


def plan_name(plan):
    """《黔东南州2022年度促进居民增收实施计划》: the plan's title as a document is named in a
    sentence (a table's "表" dropped, brackets full-width)."""
    title = plan.title.strip().removesuffix("表").replace("(", "（").replace(")", "）")
    return f"《{title}》"


def period_text(period):
    """2022年第三季度."""
    return f"{period.year}年第{NUMERALS[period.quarter]}季度"


def issued_on(snapshot):
    """The 成文日期: the day the figures were computed, in the office's time zone."""
    return timezone.localdate(snapshot.computed_at)


def values(snapshot, *, office_name):
    """{placeholder: text} of the snapshot."""
    s, plan, period = snapshot, snapshot.plan, snapshot.period
    counts = {
        "任务数": s.tasks,
        "已完成": s.completed,
        "序时推进": s.on_schedule,
        "滞后": s.lagging,
        "退回修改": s.returned,
        "待报送": s.not_due,
        "未报送": s.not_reported,
        "已办结": s.closed,
        "绿灯": s.green,
        "黄灯": s.yellow,
        "红灯": s.red,
        "应报送份数": s.expected_reports,
        "已报送份数": s.submitted_reports,
        "按时报送份数": s.on_time_reports,
        "逾期报送份数": s.late_reports,
        "未报送份数": s.missing_reports,
    }
    texts = {
        "计划": plan_name(plan),
        "工作": work_name(plan),
        "期间": period_text(period),
        "报告期": period.label,
        "截止日期": rules.date_text(period.deadline),
        "数据日期": rules.date_text(issued_on(s)),
        "发文机关": office_name,
        "平均完成率": rules.percent_text(s.completion),
        "平均序时进度": rules.percent_text(s.expected),
        "报送率": rules.percent_text(s.reporting_rate),
        "按时报送率": rules.percent_text(s.on_time_rate),
    }
    return {**texts, **{name: str(count) for name, count in counts.items()}}


def placeholders_problems(text):
    """The Chinese messages of what is wrong with the placeholders of `text` (empty when
    nothing is): names that are not placeholders, and braces that do not pair."""
    problems = []
    unknown = [name for name in _NAME.findall(text) if name not in PLACEHOLDERS]
    if unknown:
        names = "、".join(f"{{{name}}}" for name in dict.fromkeys(unknown))
        problems.append(f"未知的占位符：{names}。可用的占位符见本页下方的列表。")
    if "{" in _NAME.sub("", text) or "}" in _NAME.sub("", text):
        problems.append("花括号不成对：占位符须写成 {名称}，如 {期间}。")
    return problems


def fill(text, known):
    """`text` with each placeholder replaced by its value in `known` (checked text only)."""
    return _NAME.sub(lambda match: known[match.group(1)], text)
