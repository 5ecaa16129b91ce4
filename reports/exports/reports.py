"""Every report of a plan-period in long format: one row per (report, judged target), or one
row for a report that is asked no value (a task without numeric targets, a county without a
share: it reports a percent). Each row carries the report's own fields, the target it is
judged on with its goal (the county's share where it is judged on one) and the actual value
reported, and the figures of the unit's expected report in the plan-period's latest snapshot
(the live one), as stored. Nothing here computes a figure: the goal is the stored target or
share, the completion, status and light are the snapshot's.

Amounts are in the target's stored unit (元, 人 …: the API's unit, not the written 亿元), so
that the rows add up; the unit of measure is a column of its own. Times are Beijing time."""

from decimal import Decimal

import pandas as pd
from django.utils import timezone

from progress.judging import county_level
from progress.models import JudgedTarget, ProgressReport, TargetShare
from progress.periods import is_late
from progress.selectors import reports_visible_to
from reports import rules, selectors
from reports.models import SnapshotEntry
from tasks.models import TaskAssignment

# (field, column header): the order of the columns.
COLUMNS = [
    ("plan", "计划"),
    ("period", "报告期"),
    ("task_number", "任务序号"),
    ("task", "任务"),
    ("unit", "报送单位"),
    ("unit_role", "单位角色"),
    ("state", "报告状态"),
    ("submitted_at", "报送时间"),
    ("first_submitted_at", "首次报送时间"),
    ("late", "逾期报送"),
    ("target_id", "目标值编号"),
    ("metric", "指标"),
    ("target_kind", "目标类别"),
    ("goal", "目标值"),
    ("measure", "计量单位"),
    ("actual", "实际值"),
    ("percent", "完成百分比"),
    ("completion", "本单位完成率"),
    ("status", "本单位状态"),
    ("light", "本单位亮灯"),
    ("narrative", "进展情况"),
    ("problems", "存在问题"),
]
ROLE_LABELS = {"lead": "牵头单位", "county": "下级政府", "responsible": "责任单位"}
STATE_LABELS = dict(ProgressReport.State.choices)
KIND_LABELS = dict(JudgedTarget.Kind.choices)


def export_filename(plan, period, extension):
    return f"{plan.title}_{period.label}_进展报告明细.{extension}"


def _number(value):
    """A stored decimal as a number people and spreadsheets read: 5200, 12.5; None stays."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _local(moment):
    """Beijing time without a zone (spreadsheets cannot hold one)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _roles(plan):
    """{(task id, unit id): "lead" | "county" | "responsible"} of the plan's assignments, as
    progress.selectors.reporting_roles says for one unit."""
    level = county_level(plan.region.level)
    roles = {}
    assignments = TaskAssignment.objects.filter(task__plan=plan).select_related("unit__region")
    for a in assignments:
        key = (a.task_id, a.unit_id)
        if a.role == TaskAssignment.Role.LEAD:
            roles[key] = "lead"
        else:
            is_county = a.unit.kind == "government" and level and a.unit.region.level == level
            roles.setdefault(key, "county" if is_county else "responsible")
    return roles


def _asked(report, role, judged, shares):
    """[(JudgedTarget, goal)] the report is judged on (progress.selectors.asked_targets_of,
    plan-wide): a county its shared annual targets against its shares, any other unit every
    target judged in the period against the target."""
    rows = judged.get(report.task_id, [])
    if role != "county":
        return [(j, j.target.value) for j in rows]
    return [
        (j, shares[(j.target_id, report.unit_id)])
        for j in rows
        if j.kind == JudgedTarget.Kind.ANNUAL and (j.target_id, report.unit_id) in shares
    ]


def report_rows(user, plan, period):
    """The rows (dicts keyed by COLUMNS' fields) of the reports `user` may see, in plan order,
    then unit name; a fixed number of queries whatever the number of reports."""
    reports = list(
        reports_visible_to(user)
        .filter(task__plan=plan, period=period)
        .select_related("unit__region")
        .order_by("task__order", "unit__name")
    )
    judged = {}
    for j in (
        JudgedTarget.objects.filter(period=period)
        .select_related("target")
        .order_by("task_id", "order")
    ):
        judged.setdefault(j.task_id, []).append(j)
    shares = {
        (s["target_id"], s["unit_id"]): s["value"]
        for s in TargetShare.objects.filter(target__task__plan=plan).values(
            "target_id", "unit_id", "value"
        )
    }
    roles = _roles(plan)
    snapshot = selectors.latest_snapshot(plan, period)
    entries = {}
    if snapshot is not None and reports:
        for e in SnapshotEntry.objects.filter(
            snapshot=snapshot, unit__in={r.unit_id for r in reports}
        ).values("task_id", "unit_id", "completion", "status", "light"):
            entries[(e["task_id"], e["unit_id"])] = e
    rows = []
    for report in reports:
        role = roles.get((report.task_id, report.unit_id), "responsible")
        entry = entries.get((report.task_id, report.unit_id), {})
        base = {
            "plan": plan.title,
            "period": period.label,
            "task_number": report.task.number,
            "task": report.task.title or report.task.annual_target,
            "unit": report.unit.name,
            "unit_role": ROLE_LABELS[role],
            "state": STATE_LABELS.get(report.state, report.state),
            "submitted_at": _local(report.submitted_at),
            "first_submitted_at": _local(report.first_submitted_at),
            "late": is_late(report.first_submitted_at, period.deadline),
            "percent": _number(report.percent),
            "completion": entry.get("completion"),
            "status": rules.STATUS_LABELS.get(entry.get("status"), ""),
            "light": rules.LIGHT_LABELS.get(entry.get("light"), ""),
            "narrative": report.narrative,
            "problems": report.problems,
        }
        values = {v.target_id: v.value for v in report.values.all()}
        asked = _asked(report, role, judged, shares)
        for j, goal in asked or [(None, None)]:
            target = j.target if j else None
            rows.append(
                {
                    **base,
                    "target_id": target.pk if target else None,
                    "metric": target.metric if target else "",
                    "target_kind": KIND_LABELS[j.kind] if j else "",
                    "goal": _number(goal),
                    "measure": target.unit if target else "",
                    "actual": _number(values.get(target.pk)) if target else None,
                }
            )
    return rows


def reports_frame(user, plan, period):
    """report_rows as a DataFrame with the Chinese column headers of COLUMNS, in their order;
    numbers as numbers, a missing one empty (not 0)."""
    fields = [field for field, _ in COLUMNS]
    # Object columns: 7600 stays 7600 beside a blank (a float column would write 7600.0).
    rows = report_rows(user, plan, period)
    frame = pd.DataFrame({f: pd.Series([r[f] for r in rows], dtype=object) for f in fields})
    return frame.rename(columns=dict(COLUMNS))
