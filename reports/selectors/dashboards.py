"""Reads for the dashboards' overview and unit pages, and for choosing what they show: the
latest snapshot of each period of some plans, the period shown by default and the one being
reported, the plans, and unit and task rows across several snapshots. The task page's reads
are in tasks.py, the region view's in regions.py."""

from django.db.models import Count, OuterRef, Q, Subquery

from plans.models import Plan
from progress.models import Period
from reports.models import Snapshot, SnapshotUnit
from reports.selectors.snapshots import LATEST_FIRST, task_rows

# Reads for the dashboards (reports/dashboards). Each returns rows in a fixed number of queries
# whatever the number of reports or of recomputes.


def latest_snapshots_of(plans):
    """{period id: latest snapshot} of every period of `plans` (a queryset or list of plans), in
    one query that reads only the latest snapshot of each period (latest_snapshots reads them
    all, which grows with every recompute). Same order of "latest" as latest_snapshot."""
    latest = (
        Snapshot.objects.filter(plan=OuterRef("plan"), period=OuterRef("pk"))
        .order_by(*LATEST_FIRST)
        .values("pk")[:1]
    )
    ids = Period.objects.filter(plan__in=plans).annotate(latest=Subquery(latest)).values("latest")
    snapshots = Snapshot.objects.filter(pk__in=ids).select_related("period", "plan")
    return {snapshot.period_id: snapshot for snapshot in snapshots}


def default_period(plan):
    """The period to show by default (see default_period_from)."""
    return default_period_from(plan, latest_snapshots_of([plan]))


def default_period_from(plan, snapshots):
    """default_period(plan) without further queries: `plan` with its periods prefetched (or
    cached), `snapshots` the {period id: snapshot} of latest_snapshots_of. DOMAIN.md: the
    latest period whose deadline has passed; before the first deadline, the first period."""
    from progress.periods import today

    periods = list(plan.periods.all())
    passed = [p for p in periods if p.deadline < today()]
    if passed:
        return max(passed, key=lambda p: (p.year, p.quarter))
    return min(periods, key=lambda p: (p.year, p.quarter), default=None)


def reporting_period(plan):
    """The period being reported now (its quarter has begun, its deadline not yet passed), or
    None: the dashboards mark it 报送中."""
    from progress.periods import quarter_of, today

    day = today()
    for period in plan.periods.all():
        if (period.year, period.quarter) <= quarter_of(day) and period.deadline >= day:
            return period
    return None


def dashboard_plan(key):
    """The plan with its region and periods, or None."""
    return Plan.objects.select_related("region").prefetch_related("periods").filter(key=key).first()


def dashboard_plans():
    return Plan.objects.select_related("region").order_by("-year_start", "key")


def plan_with_latest_snapshot():
    """The key of the plan whose figures were computed last, else of the first plan."""
    latest = Snapshot.objects.order_by(*LATEST_FIRST[1:]).values_list("plan__key", flat=True)
    return (
        latest.first()
        or Plan.objects.order_by("-year_start", "key").values_list("key", flat=True).first()
    )


def unit_rows_of(snapshots, *, role=None, unit=None):
    """SnapshotUnit rows of several snapshots (e.g. each period's latest), with unit and period."""
    rows = SnapshotUnit.objects.filter(snapshot__in=list(snapshots)).select_related(
        "unit", "snapshot__period"
    )
    if role is not None:
        rows = rows.filter(role=role)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.order_by("snapshot__period__year", "snapshot__period__quarter", "-role", "rank")


def ranked_units_count(snapshots):
    """{(snapshot id, role): number of ranked units}: the "of N" beside a rank."""
    rows = (
        SnapshotUnit.objects.filter(snapshot__in=list(snapshots))
        .values("snapshot_id", "role")
        .annotate(count=Count("id"))
    )
    return {(r["snapshot_id"], r["role"]): r["count"] for r in rows}


def task_rows_filtered(snapshot, *, statuses=(), light=None, section=None, tasks=None):
    """task_rows(snapshot) narrowed by status, light, a part or section, or a set of tasks."""
    rows = task_rows(snapshot)
    if statuses:
        rows = rows.filter(status__in=statuses)
    if light:
        rows = rows.filter(light=light)
    if section is not None:
        rows = rows.filter(Q(section=section) | Q(part=section))
    if tasks is not None:
        rows = rows.filter(task__in=tasks)
    return rows


def unit_entries(snapshot, unit, tasks=None):
    """{task id: SnapshotEntry} of unit's expected reports in snapshot (on `tasks` only, ids)."""
    entries = snapshot.entries.filter(unit=unit)
    if tasks is not None:
        entries = entries.filter(task__in=tasks)
    return {e.task_id: e for e in entries}
