"""Reads of periods, tasks to report on and reports, shared by pages, API and Excel."""

from django.db.models import Prefetch, Q

from plans.models import Plan
from progress import periods as p
from progress import roles
from progress.models import Period, ProgressReport, ReportEvent, TaskClosure
from tasks.models import Target, Task, TaskAssignment


def period_get(plan, label):
    """The plan's period written `label` (2022Q3), or None."""
    year, quarter = p.parse_period_label(label)
    return Period.objects.filter(plan=plan, year=year, quarter=quarter).first()


def current_period(plan):
    """The period to show by default: today's quarter while the plan runs, else the last
    open period (or the last one) of a plan in the past, else its first."""
    periods = list(plan.periods.all())
    if not periods:
        return None
    year, quarter = p.quarter_of(p.today())
    for period in periods:
        if (period.year, period.quarter) == (year, quarter):
            return period
    if (year, quarter) < (periods[0].year, periods[0].quarter):
        return periods[0]
    open_periods = [x for x in periods if x.is_open]
    return (open_periods or periods)[-1]


def plans_for_unit(unit):
    return Plan.objects.filter(tasks__assignments__unit=unit).distinct()


def annual_targets_prefetch():
    return Prefetch(
        "targets",
        queryset=Target.objects.filter(annual__isnull=True).order_by("order"),
        to_attr="annual_targets",
    )


def unit_tasks(unit, plan):
    """The tasks of plan assigned to unit, with `roles` (list) and annual targets."""
    tasks = (
        Task.objects.filter(plan=plan, assignments__unit=unit)
        .distinct()
        .select_related("section", "closure", "closure__period")
        .prefetch_related(
            annual_targets_prefetch(),
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.filter(unit=unit),
                to_attr="unit_assignments",
            ),
        )
        .order_by("order")
    )
    return tasks


def my_tasks(unit, period):
    """[(task, role labels, report or None)] for unit in period, in plan order."""
    tasks = list(unit_tasks(unit, period.plan))
    reports = {
        r.task_id: r
        for r in ProgressReport.objects.filter(unit=unit, period=period).prefetch_related("values")
    }
    rows = []
    for task in tasks:
        role_labels = [a.get_role_display() for a in task.unit_assignments]
        rows.append((task, role_labels, reports.get(task.pk)))
    return rows


def reports_visible_to(user):
    reports = ProgressReport.objects.select_related(
        "task", "task__plan", "unit", "period", "reviewed_by"
    ).prefetch_related("values")
    if roles.sees_everything(user):
        return reports
    unit = roles.unit_of(user)
    if roles.is_reporting_user(user) and unit is not None:
        return reports.filter(unit=unit)
    return reports.none()


def review_queue(user, *, plan=None, period=None, unit=None, state=None):
    reports = reports_visible_to(user)
    if plan:
        reports = reports.filter(task__plan=plan)
    if period:
        reports = reports.filter(period=period)
    if unit:
        reports = reports.filter(unit=unit)
    if state:
        reports = reports.filter(state=state)
    return reports.order_by("period__year", "period__quarter", "task__order", "unit__name")


def report_history(report):
    return (
        ReportEvent.objects.filter(report=report).select_related("actor").order_by("version", "at")
    )


def _closed_before(period):
    """Closures in a period before `period` (p.closure_covers, as a query)."""
    return Q(period__year__lt=period.year) | Q(
        period__year=period.year, period__quarter__lt=period.quarter
    )


def closed_task_ids(plan, period):
    """Ids of the plan's tasks that need no report for period (closed before it)."""
    closures = TaskClosure.objects.filter(_closed_before(period), task__plan=plan)
    return set(closures.values_list("task_id", flat=True))


def task_is_closed_for(task, period):
    """Whether task needs no report for period (closed before it)."""
    return TaskClosure.objects.filter(_closed_before(period), task=task).exists()
