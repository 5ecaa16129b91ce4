"""What the title rows of every sheet say: the bulletin's title, the issuing office, the date,
and where the figures come from (the snapshot, so they can be traced)."""

import re
from dataclasses import dataclass

from django.utils import timezone

NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}
# The kind of document a plan title ends with; what precedes it names the work.
_DOCUMENT_KIND = re.compile(
    r"(三年|五年)?(实施计划表|实施计划|行动方案|实施方案|责任分工方案|分工方案|工作方案|规划|方案|计划)$"
)


@dataclass(frozen=True)
class Context:
    title: str
    office_line: str
    source: str
    snapshot_id: int


def issuing_office(plan):
    """The plan's leading group office: "<region short name><the work>工作领导小组办公室"
    (黔东南州2022年度促进居民增收实施计划表 -> 黔东南州促进居民增收工作领导小组办公室). The
    office's real name is not stored anywhere; this is what a bulletin can say without it."""
    return f"{work_name(plan)}领导小组办公室"


def work_name(plan):
    """ "<region short name><the work>工作": the plan title without its region, years, "十四五"
    and kind of document (黔东南州2022年度促进居民增收实施计划表 -> 黔东南州促进居民增收工作)."""
    short = plan.region.short_name
    work = plan.title.strip().removeprefix(short)
    work = re.sub(r"[（(]\d{4}\s*[-—–－]\s*\d{4}[)）]$", "", work)
    work = re.sub(r"^\d{4}年度?", "", work)
    work = re.sub(r"^[“\"]?十[一二三四五六七八九]五[”\"]?", "", work)
    work = _DOCUMENT_KIND.sub("", work).strip()
    if work and not work.endswith("工作"):
        work += "工作"
    return f"{short}{work}"


def bulletin_title(plan, period):
    """黔东南州2022年度促进居民增收实施计划表 2022年第三季度推进情况通报"""
    return f"{plan.title} {period.year}年第{NUMERALS[period.quarter]}季度推进情况通报"


def day_text(value):
    return f"{value.year}年{value.month}月{value.day}日"


def context_for(snapshot, *, office=None):
    """The title rows of the bulletin of `snapshot`, dated the day it was computed, issued by
    `office` (default issuing_office: the office's template may name it otherwise)."""
    plan, period = snapshot.plan, snapshot.period
    computed = timezone.localtime(snapshot.computed_at)
    source = (
        f"数据截至 {computed:%Y-%m-%d %H:%M}（快照编号 {snapshot.pk}；报告期 {period.label}，"
        f"报送截止 {day_text(period.deadline)}；滞后{snapshot.lag_threshold}个百分点及以上亮红灯）"
    )
    if not snapshot.deadline_passed:
        source += "。报送截止日未到，未报送数为截至目前的情况"
    return Context(
        title=bulletin_title(plan, period),
        office_line=f"{office or issuing_office(plan)}　　{day_text(computed)}",
        source=source,
        snapshot_id=snapshot.pk,
    )
