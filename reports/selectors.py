"""Reads of stored snapshots: the one source of every figure the API, the bulletins and the
dashboards show. Nothing here computes a figure; it only selects and shapes stored rows."""

from django.db.models import Prefetch

from progress.models import Period
from reports import rules
from reports.models import Bulletin, Snapshot, SnapshotEntry, SnapshotUnit
from tasks.models import TaskAssignment

COUNTY_LABELS = {"province": "市（州）", "prefecture": "县（市）", "county": "乡镇（街道）"}


def latest_snapshot(plan, period):
    return (
        Snapshot.objects.filter(plan=plan, period=period)
        .select_related("plan", "plan__region", "period")
        .order_by("-computed_at", "-pk")
        .first()
    )


def latest_snapshots(plan):
    """{period id: latest snapshot} for every period of plan: one query."""
    latest = {}
    for snapshot in (
        Snapshot.objects.filter(plan=plan).select_related("period").order_by("computed_at", "pk")
    ):
        latest[snapshot.period_id] = snapshot
    return latest


def default_period(plan):
    """The latest period that has begun and has a snapshot, else the plan's first period."""
    from progress.selectors import current_period

    current = current_period(plan)
    with_snapshots = Period.objects.filter(plan=plan, snapshots__isnull=False).distinct()
    if current and with_snapshots.filter(pk=current.pk).exists():
        return current
    return with_snapshots.order_by("-year", "-quarter").first() or current


def county_label(plan):
    return COUNTY_LABELS.get(plan.region.level, "下级政府")


def task_rows(snapshot):
    lead = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD).select_related("unit")
    return (
        snapshot.task_rows.select_related("task", "section", "part", "report")
        .prefetch_related(Prefetch("task__assignments", queryset=lead, to_attr="leads"))
        .order_by("order")
    )


def unit_rows(snapshot, role):
    return (
        SnapshotUnit.objects.filter(snapshot=snapshot, role=role)
        .select_related("unit")
        .order_by("rank")
    )


def section_rows(snapshot):
    return snapshot.section_rows.select_related("section", "section__parent").order_by("order")


def entry_rows(snapshot, *, unit=None, role=None):
    entries = SnapshotEntry.objects.filter(snapshot=snapshot).select_related("task", "unit", "report")
    if unit is not None:
        entries = entries.filter(unit=unit)
    if role is not None:
        entries = entries.filter(role=role)
    return entries.order_by("task__order", "unit__name")


def lead_names(task_row):
    return "、".join(a.unit.name for a in task_row.task.leads)


def status_counts(source):
    """[(status, label, count)] of a snapshot or a roll-up row, in display order."""
    return [
        (status, rules.STATUS_LABELS[status], getattr(source, status))
        for status in (rules.COMPLETED, rules.ON_SCHEDULE, rules.LAGGING, rules.NOT_REPORTED, rules.CLOSED)
    ]


def bulletins_for(plan=None, period=None):
    bulletins = Bulletin.objects.select_related("plan", "period", "snapshot", "requested_by")
    if plan is not None:
        bulletins = bulletins.filter(plan=plan)
    if period is not None:
        bulletins = bulletins.filter(period=period)
    return bulletins.order_by("-requested_at", "-pk")
