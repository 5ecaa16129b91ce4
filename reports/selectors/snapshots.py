"""One plan-period's snapshot and its rows: the latest snapshot (in the order LATEST_FIRST
gives "latest"), its task, section, unit and expected-report rows, the lead units' names and
the status counts, as the completion API, the bulletins, the reminders and the dashboards read
them."""

from django.db.models import Prefetch

from plans.models import Section
from reports import rules
from reports.models import Snapshot, SnapshotUnit
from tasks.models import TaskAssignment

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


def latest_snapshot_by(plan_id, year, quarter):
    """latest_snapshot of the plan's period (year, quarter) in one query, or None (no such
    plan or period, or nothing computed yet). The snapshot alone, its plan and period read
    when used: a reader of an answer kept for it (reports/figures_cache.py) or a poller told
    304 needs only its id, version and time."""
    return (
        Snapshot.objects.filter(
            plan_id=plan_id, period__plan_id=plan_id, period__year=year, period__quarter=quarter
        )
        .order_by(*LATEST_FIRST)
        .first()
    )


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


def task_rows_all(snapshot):
    """task_rows(snapshot) as a list, for a bulletin's every row, read by the plan: its
    sections once, shared by the rows, rather than joined to every row, and the lead units
    in one query rather than prefetched by a list of every task's id (1.0 -> 0.55 s at
    200,000 reports)."""
    rows = list(snapshot.task_rows.select_related("task").order_by("order"))
    sections = Section.objects.filter(plan=snapshot.plan_id).in_bulk()
    leads = {}
    for lead in (
        TaskAssignment.objects.filter(task__plan=snapshot.plan_id, role=TaskAssignment.Role.LEAD)
        .select_related("unit")
        .order_by("task_id", "order")
    ):
        leads.setdefault(lead.task_id, []).append(lead)
    for row in rows:
        row.section = sections.get(row.section_id)
        row.part = sections.get(row.part_id)
        row.task.leads = leads.get(row.task_id, [])
    return rows


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
