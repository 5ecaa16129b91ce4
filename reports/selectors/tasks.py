"""Reads for the dashboards' task page, each in a fixed number of queries as every dashboard
read: a task with its plan, units and targets, its rows in several snapshots, the reports and
events behind them, its target shares (目标分解) and the actual values reported; and a plan's
completed tasks awaiting closure (办结销号)."""

from django.db.models import Prefetch, Sum

from progress.models import ReportEvent
from reports import rules
from reports.models import SnapshotEntry, SnapshotTask
from tasks.models import Target, Task, TaskAssignment


def task_rows_of(task, snapshots):
    """The task's SnapshotTask rows in several snapshots, by period."""
    return (
        SnapshotTask.objects.filter(task=task, snapshot__in=list(snapshots))
        .select_related("snapshot", "snapshot__period")
        .order_by("snapshot__period__year", "snapshot__period__quarter")
    )


def task_entries_of(task, snapshots):
    """The task's SnapshotEntry rows (one per expected report) in several snapshots, by period,
    lead units before counties."""
    return (
        SnapshotEntry.objects.filter(task=task, snapshot__in=list(snapshots))
        .select_related("unit", "snapshot", "snapshot__period")
        .order_by("snapshot__period__year", "snapshot__period__quarter", "-role", "unit__name")
    )


def dashboard_task(pk):
    """A task with its plan, section, units and targets (annual ones with their milestones)."""
    assignments = TaskAssignment.objects.select_related("unit").order_by("role", "order")
    return (
        Task.objects.select_related("plan", "plan__region", "section", "section__parent", "closure")
        .prefetch_related(
            "plan__periods",
            Prefetch("assignments", queryset=assignments, to_attr="all_assignments"),
            Prefetch("targets", queryset=Target.objects.order_by("order"), to_attr="all_targets"),
        )
        .filter(pk=pk)
        .first()
    )


def task_reports_for(user, task):
    """The task's reports user may see, every unit and period, each with `history` (its events)
    and its attachments (佐证材料)."""
    from progress.selectors import reports_visible_to

    events = ReportEvent.objects.select_related("actor").order_by("version", "at")
    return (
        reports_visible_to(user)
        .filter(task=task)
        .prefetch_related(
            "values__target",
            "attachments",
            Prefetch("events", queryset=events, to_attr="history"),
        )
        .order_by("period__year", "period__quarter", "unit__name")
    )


def task_shares(task):
    """[(annual target, [TargetShare with unit], sum of shares)] of the task's annual targets
    (目标分解), in the task's order."""
    from progress.models import TargetShare

    shares = {}
    for share in (
        TargetShare.objects.filter(target__task=task).select_related("unit").order_by("unit__name")
    ):
        shares.setdefault(share.target_id, []).append(share)
    rows = []
    for target in task.all_targets:
        if target.role != Target.Role.ANNUAL:
            continue
        of_target = shares.get(target.pk, [])
        rows.append((target, of_target, sum((s.value for s in of_target), start=0)))
    return rows


def task_actuals(task):
    """{(period id, target id): {"lead": sum, "counties": sum}} of the actual values reported
    on the task's targets: the lead units' counted reports beside the counties' (the
    governments that are responsible units), one query."""
    from progress.models import ReportValue

    rows = (
        ReportValue.objects.filter(report__task=task, report__state__in=("submitted", "approved"))
        .values("report__period_id", "target_id", "report__unit_id")
        .annotate(total=Sum("value"))
    )
    leads = {a.unit_id for a in task.all_assignments if a.role == TaskAssignment.Role.LEAD}
    counties = {
        a.unit_id
        for a in task.all_assignments
        if a.role == TaskAssignment.Role.RESPONSIBLE and a.unit.kind == "government"
    }
    actuals = {}
    for row in rows:
        key = (row["report__period_id"], row["target_id"])
        unit = row["report__unit_id"]
        side = "lead" if unit in leads else "counties" if unit in counties else None
        if side:
            sums = actuals.setdefault(key, {"lead": None, "counties": None})
            sums[side] = (sums[side] or 0) + row["total"]
    return actuals


def task_events(task):
    from progress.models import TaskEvent

    return TaskEvent.objects.filter(task=task).select_related("period").order_by("at", "pk")


def tasks_awaiting_closure(plan):
    """The plan's completed tasks (counted completion 1 in a period's live figures) that are not
    closed yet, each once, in its latest such period: [SnapshotTask], in plan order."""
    rows = (
        SnapshotTask.objects.filter(
            snapshot__plan=plan,
            snapshot__live=True,
            status=rules.COMPLETED,
            task__closure__isnull=True,
        )
        .select_related("task", "snapshot", "snapshot__period")
        .prefetch_related(
            Prefetch(
                "task__assignments",
                queryset=TaskAssignment.objects.filter(
                    role=TaskAssignment.Role.LEAD
                ).select_related("unit"),
                to_attr="leads",
            )
        )
        .order_by("order", "-snapshot__period__year", "-snapshot__period__quarter")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.task_id, row)
    return list(latest.values())
