"""Computing a plan-period's completion snapshot.

A fixed number of reads, whatever the size of the plan: tasks, annual targets, milestone
ratios (aggregated in the database), closures, assignments, counted reports, and the per-report
value sums (aggregated in the database). The rules turn those into per-task and per-expected-
report rows, written in batches; section and unit roll-ups and the plan's totals are then
aggregates over the stored rows. The whole snapshot is written in one transaction.
"""

import datetime
import threading
from collections import defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from plans.models import Region, Unit
from progress import periods
from progress.models import ProgressReport
from progress.selectors import closed_task_ids
from reports import aggregates, rules
from reports.bulk import rows_insert
from reports.models import (
    RecomputeRequest,
    Snapshot,
    SnapshotEntry,
    SnapshotSection,
    SnapshotTask,
    SnapshotUnit,
)
from tasks.models import Target, Task, TaskAssignment

LEAD, COUNTY = SnapshotEntry.Role.LEAD.value, SnapshotEntry.Role.COUNTY.value
TASK_FIELDS = (
    "snapshot",
    "task",
    "section",
    "part",
    "order",
    "expected",
    "completion",
    "completion_uncapped",
    "status",
    "light",
    "reason",
    "late",
    "report",
    "narrative",
    "problems",
)
ENTRY_FIELDS = (
    "snapshot",
    "task",
    "unit",
    "role",
    "report",
    "expected",
    "submitted",
    "on_time",
    "late",
    "completion",
    "rollup_completion",
    "status",
)
STATUSES = (rules.COMPLETED, rules.ON_SCHEDULE, rules.LAGGING, rules.NOT_REPORTED, rules.CLOSED)


def _status_counts(field="status"):
    return {status: Count("id", filter=Q(**{field: status})) for status in STATUSES}


def _expected_units(plan):
    """{task id: [(unit id, role)]}: lead units, then the governments one level below the
    plan's region that are responsible units (counties of a prefecture's plan)."""
    child_level = {
        Region.Level.PROVINCE: Region.Level.PREFECTURE,
        Region.Level.PREFECTURE: Region.Level.COUNTY,
    }.get(plan.region.level)
    rows = (
        TaskAssignment.objects.filter(task__plan=plan)
        .values_list("task_id", "unit_id", "role", "unit__kind", "unit__region__level")
        .order_by("task_id", "role", "order")
    )
    expected = defaultdict(list)
    leads = set()
    for task_id, unit_id, role, kind, level in rows:
        if role == TaskAssignment.Role.LEAD:
            expected[task_id].append((unit_id, LEAD))
            leads.add((task_id, unit_id))
        # A government that leads the task reports once, as its lead unit.
        elif (
            kind == Unit.Kind.GOVERNMENT
            and level == child_level
            and (task_id, unit_id) not in leads
        ):
            expected[task_id].append((unit_id, COUNTY))
    return expected


class _Report:
    __slots__ = ("id", "late", "on_time", "completion", "uncapped", "narrative", "problems")


def _counted_reports(period, deadline_end, annual_counts):
    """{(task id, unit id): _Report} for the period's submitted and approved reports."""
    sums = aggregates.report_value_sums(period)
    # Lateness is decided in the database: converting 200,000 timestamps costs seconds here.
    late_expression = ExpressionWrapper(
        Q(first_submitted_at__gte=deadline_end), output_field=BooleanField()
    )
    rows = (
        ProgressReport.objects.filter(period=period, state__in=aggregates.COUNTED_STATES)
        .annotate(is_late=late_expression)
        .values_list("id", "task_id", "unit_id", "percent", "is_late", "narrative", "problems")
    )
    reports = {}
    for report_id, task_id, unit_id, percent, is_late, narrative, problems in rows:
        given, capped, uncapped = sums.get(report_id, (0, 0.0, 0.0))
        judged = rules.completion(
            annual_targets=annual_counts.get(task_id, 0),
            values_given=given,
            capped_sum=capped or 0.0,
            uncapped_sum=uncapped or 0.0,
            percent=percent,
        )
        report = _Report()
        report.id = report_id
        report.late = bool(is_late)
        report.on_time = not report.late
        report.completion, report.uncapped = judged if judged else (0.0, 0.0)
        report.narrative, report.problems = narrative, problems
        reports[(task_id, unit_id)] = report
    return reports


@transaction.atomic
def snapshot_compute(*, plan, period, now=None):
    """Compute and store the snapshot of plan for period as of `now`. Returns it."""
    now = now or timezone.now()
    deadline_end = periods.deadline_passed_at(period.deadline)
    time_fraction = rules.elapsed_fraction(
        period.year, period.quarter, plan.year_start, plan.year_end
    )
    threshold = plan.lag_threshold
    deadline_text = f"{period.deadline.year}年{period.deadline.month}月{period.deadline.day}日"

    tasks = list(
        Task.objects.filter(plan=plan).values_list(
            "id", "section_id", "section__parent_id", "order"
        )
    )
    annual_ids = defaultdict(list)
    for target_id, task_id in Target.objects.filter(
        task__plan=plan, annual__isnull=True
    ).values_list("id", "task_id"):
        annual_ids[task_id].append(target_id)
    annual_counts = {task_id: len(ids) for task_id, ids in annual_ids.items()}
    milestones = aggregates.milestone_ratios(plan, period)
    closed = closed_task_ids(plan, period)
    expected_units = _expected_units(plan)
    reports = _counted_reports(period, deadline_end, annual_counts)

    snapshot = Snapshot.objects.create(
        plan=plan,
        period=period,
        computed_at=now,
        lag_threshold=threshold,
        deadline_passed=now >= deadline_end,
        **dict.fromkeys(
            (
                "tasks",
                "completed",
                "on_schedule",
                "lagging",
                "not_reported",
                "closed",
                "green",
                "yellow",
                "red",
                "expected_reports",
                "submitted_reports",
                "on_time_reports",
                "late_reports",
            ),
            0,
        ),
        completion=0.0,
        expected=0.0,
    )
    task_rows, entries = [], []
    for task_id, section_id, parent_id, order in tasks:
        ids = annual_ids.get(task_id, [])
        expected = rules.expected_progress(
            [milestones[i] for i in ids if i in milestones], len(ids), time_fraction
        )
        units = expected_units.get(task_id, [])
        is_closed = task_id in closed
        lead_reports = [
            reports[(task_id, u)] for u, role in units if role == LEAD and (task_id, u) in reports
        ]
        if is_closed:
            status, completion, uncapped = rules.CLOSED, 1.0, None
        elif lead_reports:
            completion = rules.mean(r.completion for r in lead_reports)
            uncapped = rules.mean(r.uncapped for r in lead_reports)
            status = rules.status(completion, expected)
        else:
            status, completion, uncapped = rules.NOT_REPORTED, None, None
        late = any(r.late for r in lead_reports)
        first = lead_reports[0] if lead_reports else None
        task_rows.append(
            (
                snapshot.pk,
                task_id,
                section_id,
                parent_id or section_id,
                order,
                expected,
                completion,
                uncapped,
                status,
                rules.light(status, completion, expected, threshold),
                rules.light_reason(
                    status,
                    completion,
                    expected,
                    uncapped=uncapped,
                    late=late,
                    lag_threshold=threshold,
                    deadline_text=deadline_text,
                    deadline_passed=now >= deadline_end,
                    has_lead=any(role == LEAD for _unit, role in units),
                ),
                late,
                first.id if first else None,
                first.narrative if first else "",
                first.problems if first else "",
            )
        )
        for unit_id, role in units:
            report = reports.get((task_id, unit_id))
            if is_closed:
                unit_status, unit_completion = rules.CLOSED, 1.0
            elif report:
                unit_completion = report.completion
                unit_status = rules.status(unit_completion, expected)
            else:
                unit_status, unit_completion = rules.NOT_REPORTED, None
            counted = report is not None and not is_closed
            entries.append(
                (
                    snapshot.pk,
                    task_id,
                    unit_id,
                    role,
                    report.id if report else None,
                    not is_closed,
                    counted,
                    counted and report.on_time,
                    counted and report.late,
                    unit_completion,
                    unit_completion or 0.0,
                    unit_status,
                )
            )
    rows_insert(SnapshotTask, TASK_FIELDS, task_rows)
    rows_insert(SnapshotEntry, ENTRY_FIELDS, entries)
    _rollup_sections(snapshot)
    _rollup_units(snapshot)
    _totals(snapshot)
    _prune(snapshot)
    return snapshot


def _prune(snapshot):
    """Keep one snapshot a day per plan-period (the day's last), and every snapshot a bulletin
    was made from: history stays, the tables do not grow with every report."""
    day = timezone.localdate(snapshot.computed_at)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    (
        Snapshot.objects.filter(
            plan=snapshot.plan, period=snapshot.period, computed_at__gte=start, computed_at__lt=end
        )
        .exclude(pk=snapshot.pk)
        .filter(bulletins__isnull=True)
        .delete()
    )


def _rollup_sections(snapshot):
    rows = []
    sections = {s.pk: s for s in snapshot.plan.sections.all()}
    for field in ("part_id", "section_id"):
        aggregated = (
            SnapshotTask.objects.filter(snapshot=snapshot, **{f"{field}__isnull": False})
            .values(field)
            .annotate(
                tasks=Count("id"),
                completion=Avg(Coalesce("completion", 0.0)),
                expected=Avg("expected"),
                **_status_counts(),
            )
        )
        for row in aggregated:
            section = sections[row.pop(field)]
            if field == "section_id" and section.parent_id is None:
                continue  # a task directly under a part: already counted as the part
            rows.append(
                SnapshotSection(snapshot=snapshot, section=section, order=section.order, **row)
            )
    SnapshotSection.objects.bulk_create(rows)


def _rollup_units(snapshot):
    expected = Q(expected=True)
    aggregated = (
        SnapshotEntry.objects.filter(snapshot=snapshot)
        .values("unit_id", "role", "unit__name")
        .annotate(
            tasks=Count("id"),
            completion=Avg("rollup_completion"),
            expected_reports=Count("id", filter=expected),
            submitted_reports=Count("id", filter=expected & Q(submitted=True)),
            on_time_reports=Count("id", filter=expected & Q(on_time=True)),
            late_reports=Count("id", filter=expected & Q(late=True)),
            **_status_counts(),
        )
    )
    by_role = defaultdict(list)
    for row in aggregated:
        row["reporting_rate"] = rules.rate(row["submitted_reports"], row["expected_reports"])
        row["on_time_rate"] = rules.rate(row["on_time_reports"], row["expected_reports"])
        by_role[row["role"]].append(row)
    units = []
    for _role, rows in by_role.items():
        for rank, row in rules.ranked(
            rows, lambda r: r["completion"], lambda r: r["on_time_rate"], lambda r: r["unit__name"]
        ):
            row.pop("unit__name")
            units.append(SnapshotUnit(snapshot=snapshot, rank=rank, **row))
    SnapshotUnit.objects.bulk_create(units)


def _totals(snapshot):
    tasks = SnapshotTask.objects.filter(snapshot=snapshot).aggregate(
        tasks=Count("id"),
        completion=Coalesce(Avg(Coalesce("completion", 0.0)), 0.0),
        expected=Coalesce(Avg("expected"), 0.0),
        green=Count("id", filter=Q(light=rules.GREEN)),
        yellow=Count("id", filter=Q(light=rules.YELLOW)),
        red=Count("id", filter=Q(light=rules.RED)),
        **_status_counts(),
    )
    expected = Q(expected=True)
    reporting = SnapshotEntry.objects.filter(snapshot=snapshot).aggregate(
        expected_reports=Count("id", filter=expected),
        submitted_reports=Count("id", filter=expected & Q(submitted=True)),
        on_time_reports=Count("id", filter=expected & Q(on_time=True)),
        late_reports=Count("id", filter=expected & Q(late=True)),
    )
    reporting["reporting_rate"] = rules.rate(
        reporting["submitted_reports"], reporting["expected_reports"]
    )
    reporting["on_time_rate"] = rules.rate(
        reporting["on_time_reports"], reporting["expected_reports"]
    )
    Snapshot.objects.filter(pk=snapshot.pk).update(**tasks, **reporting)
    for key, value in {**tasks, **reporting}.items():
        setattr(snapshot, key, value)


_deferred = threading.local()


@contextmanager
def recomputes_deferred():
    """A bulk load (demo data, back-filled reports): report changes inside the block, their
    commits included, only collect the periods they touch, in the yielded set; the caller
    computes once at the end instead of once per report."""
    _deferred.periods = set()
    try:
        yield _deferred.periods
    finally:
        _deferred.periods = None


def recompute_request(*, period_id):
    """Ask for the period's figures to be recomputed. A burst of report changes queues one
    job: while a request waits, further ones join it. Returns whether a job was queued."""
    from reports.jobs import snapshot_compute_job

    if getattr(_deferred, "periods", None) is not None:
        _deferred.periods.add(period_id)
        return False
    now = timezone.now()
    try:
        with transaction.atomic():
            _, created = RecomputeRequest.objects.get_or_create(
                period_id=period_id, defaults={"requested_at": now}
            )
    except IntegrityError:
        created = False  # another process queued it a moment ago
    if not created:
        # A request whose job never ran (the broker lost it, no worker) must not block the
        # period for ever: after a while it is queued again.
        stale = now - datetime.timedelta(seconds=settings.RECOMPUTE_DELAY_SECONDS + 600)
        created = bool(
            RecomputeRequest.objects.filter(period_id=period_id, requested_at__lt=stale).update(
                requested_at=now
            )
        )
    if created:
        transaction.on_commit(
            lambda: snapshot_compute_job.apply_async(
                (period_id,), countdown=settings.RECOMPUTE_DELAY_SECONDS
            ),
            robust=True,
        )
    return created


def recompute_claim(*, period_id):
    """The job takes the request: changes from now on queue a new one."""
    RecomputeRequest.objects.filter(period_id=period_id).delete()


def plan_recompute(*, plan_id):
    """Ask for every period of a plan to be recomputed (a period or task was closed)."""
    from progress.models import Period

    periods_of_plan = Period.objects.filter(plan_id=plan_id).values_list("pk", flat=True)
    return [recompute_request(period_id=pk) for pk in periods_of_plan]


def open_periods_recompute(*, now=None):
    """The nightly recompute: a job for every open period whose quarter has begun."""
    from progress.models import Period

    today = timezone.localdate(now or timezone.now())
    queued = []
    for period in Period.objects.filter(closed_at__isnull=True):
        if (period.year, period.quarter) <= periods.quarter_of(today):
            recompute_request(period_id=period.pk)
            queued.append(period.pk)
    return queued
