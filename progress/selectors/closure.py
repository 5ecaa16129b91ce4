"""Task closure (办结销号): which tasks need no report for a period, being closed before it."""

from django.db.models import Q

from progress.models import TaskClosure


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
