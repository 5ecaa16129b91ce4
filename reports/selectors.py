"""Reads of stored snapshots: the one source of every figure the API, the bulletins and the
dashboards show. Nothing here computes a figure; it only selects and shapes stored rows."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum

from plans.models import Plan, Region
from progress.models import Period, ReportEvent
from reports import rules
from reports.models import Bulletin, Snapshot, SnapshotEntry, SnapshotTask, SnapshotUnit
from tasks.models import Target, Task, TaskAssignment

COUNTY_LABELS = {"province": "市（州）", "prefecture": "县（市）", "county": "乡镇（街道）"}


# "Latest": the live snapshot of a plan-period where there is one (it follows every report),
# else the last computed.
LATEST_FIRST = ("-live", "-computed_at", "-pk")


def latest_snapshot(plan, period):
    return (
        Snapshot.objects.filter(plan=plan, period=period)
        .select_related("plan", "plan__region", "period")
        .order_by(*LATEST_FIRST)
        .first()
    )


def default_period(plan):
    """The period to show by default (see default_period_from)."""
    return default_period_from(plan, latest_snapshots_of([plan]))


def county_label(plan):
    return COUNTY_LABELS.get(plan.region.level, "下级政府")


def task_rows(snapshot):
    """The snapshot's task rows in plan order, each with its task's lead units (`task.leads`).
    Read through the snapshot's own manager, every row's `snapshot` is this one object, which
    row.reason needs (with its period: pass a snapshot whose period is loaded)."""
    lead = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD).select_related("unit")
    return (
        snapshot.task_rows.select_related("task", "section", "part")
        .prefetch_related(Prefetch("task__assignments", queryset=lead, to_attr="leads"))
        .order_by("order")
    )


API_TASK_FIELDS = (
    "snapshot",
    "task",
    "section",
    "order",
    "expected",
    "completion",
    "completion_uncapped",
    "status",
    "light",
    "late",
    "report",
    "lead_count",
    "reported_leads",
    "missing_leads",
    "returned_at",
    "return_comment",
    "closure_reason",
)


def api_task_rows(snapshot):
    """task_rows for the API: the task's number only (no section rows, no report texts);
    their lead units come from lead_names_of."""
    return (
        snapshot.task_rows.select_related("task")
        .only(*API_TASK_FIELDS, "task__number")
        .order_by("order")
    )


def lead_names_of(task_ids):
    """{task id: [its lead units' names, in document order]}, one query."""
    names = {}
    for task_id, name in (
        TaskAssignment.objects.filter(task__in=task_ids, role=TaskAssignment.Role.LEAD)
        .order_by("task_id", "order")
        .values_list("task_id", "unit__name")
    ):
        names.setdefault(task_id, []).append(name)
    return names


def unit_rows(snapshot, role):
    return (
        SnapshotUnit.objects.filter(snapshot=snapshot, role=role)
        .select_related("unit")
        .order_by("rank")
    )


def section_rows(snapshot):
    return snapshot.section_rows.select_related("section", "section__parent").order_by("order")


def entry_rows(snapshot, *, unit=None, role=None):
    """The snapshot's expected-report rows (each with this snapshot, as task_rows)."""
    entries = snapshot.entries.select_related("task", "unit")
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
        (status, label, getattr(source, status)) for status, label in rules.STATUS_LABELS.items()
    ]


def bulletins_for(plan=None, period=None):
    bulletins = Bulletin.objects.select_related(
        "plan", "period", "snapshot", "requested_by", "number"
    )
    if plan is not None:
        bulletins = bulletins.filter(plan=plan)
    if period is not None:
        bulletins = bulletins.filter(period=period)
    return bulletins.order_by("-requested_at", "-pk")


def reminders_visible_to(user, *, kind=None, year=None, quarter=None):
    """The reminders (催办) user may see, newest first: a unit's reporters and leaders their
    unit's, the office and readers all, anyone else none; optionally of one kind and quarter."""
    from progress import roles
    from reports.models import Reminder
    from tasks.models import Task

    reminders = Reminder.objects.select_related("period", "period__plan", "unit").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.order_by("order")), "recipients"
    )
    if not roles.sees_everything(user):
        unit = roles.unit_of(user)
        if not (roles.is_reporting_user(user) and unit is not None):
            return reminders.none()
        reminders = reminders.filter(unit=unit)
    if kind:
        reminders = reminders.filter(kind=kind)
    if year and quarter:
        reminders = reminders.filter(period__year=year, period__quarter=quarter)
    return reminders.order_by("-created_at", "-pk")


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


def unit_entries(snapshot, unit, tasks=None):
    """{task id: SnapshotEntry} of unit's expected reports in snapshot (on `tasks` only, ids)."""
    entries = snapshot.entries.filter(unit=unit)
    if tasks is not None:
        entries = entries.filter(task__in=tasks)
    return {e.task_id: e for e in entries}


def region_tree(region):
    """The region and every region below it (province > prefecture > county), by code."""
    return list(
        Region.objects.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region))
        .select_related("parent")
        .order_by("code")
    )


def region_plans(regions):
    return (
        Plan.objects.filter(region__in=regions)
        .select_related("region")
        .prefetch_related("periods")
        .order_by("region__code", "-year_start", "key")
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


# The region view's drill-down: a region's governments in the plans of the regions above it,
# and the governments below it in its own plans.


def region_ancestors(region):
    """The regions above `region`, nearest first (its parent, then the province)."""
    found, current = [], region.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def region_governments(region):
    """The region's own government units (Unit kind=government of the region)."""
    from plans.models import Unit

    return list(
        Unit.objects.filter(region=region, kind=Unit.Kind.GOVERNMENT)
        .select_related("region")
        .order_by("name")
    )


def lower_government_rows(snapshots):
    """SnapshotUnit rows of the lower governments (role county: counties in a prefecture's
    plan, prefectures in the province's) of several snapshots, with their unit's region."""
    return (
        SnapshotUnit.objects.filter(snapshot__in=list(snapshots), role=SnapshotEntry.Role.COUNTY)
        .select_related("unit", "unit__region", "snapshot", "snapshot__period")
        .order_by("snapshot_id", "rank")
    )


def government_rows(snapshots, units):
    """The SnapshotUnit rows of `units` as lower governments in several snapshots."""
    return (
        SnapshotUnit.objects.filter(
            snapshot__in=list(snapshots), unit__in=list(units), role=SnapshotEntry.Role.COUNTY
        )
        .select_related("unit", "snapshot", "snapshot__period")
        .order_by("snapshot_id")
    )


def government_entries(snapshots, units):
    """The expected reports (SnapshotEntry) of `units` in several snapshots, with the task and
    what each row's own sentence needs, in plan order."""
    return (
        SnapshotEntry.objects.filter(snapshot__in=list(snapshots), unit__in=list(units))
        .select_related("task", "unit", "snapshot", "snapshot__period")
        .order_by("snapshot_id", "task__order", "unit__name")
    )
