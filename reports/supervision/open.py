"""Open 督办单: a yellow or red reminder of an open period naming a task its unit has still not
reported (no submitted or approved report; a returned one does not count). A unit's home
lists its own until they are reported; the office's workbench counts them. A fixed number of
queries, however many reminders."""

from dataclasses import dataclass

from progress.models import ProgressReport
from reports.models import Reminder

NOTICE_KINDS = (Reminder.Kind.YELLOW, Reminder.Kind.RED)
REPORTED = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED)


def open_notices(*, unit=None, plan=None):
    """The open 督办单 (of `unit`, of `plan`, or all), newest first, each with `open_tasks`:
    the tasks it names still unreported."""
    reminders = (
        Reminder.objects.filter(kind__in=NOTICE_KINDS, period__closed_at__isnull=True)
        .select_related("period", "period__plan", "unit")
        .order_by("-created_at", "-pk")
    )
    if unit is not None:
        reminders = reminders.filter(unit=unit)
    if plan is not None:
        reminders = reminders.filter(period__plan=plan)
    reminders = list(reminders)
    if not reminders:
        return []
    named = Reminder.tasks.through.objects.filter(reminder__in=reminders).select_related("task")
    tasks_of = {}
    for row in named.order_by("task__order"):
        tasks_of.setdefault(row.reminder_id, []).append(row.task)
    reported = set(
        ProgressReport.objects.filter(
            state__in=REPORTED,
            period__in={r.period_id for r in reminders},
            unit__in={r.unit_id for r in reminders},
            task__in={t.pk for tasks in tasks_of.values() for t in tasks},
        ).values_list("task_id", "unit_id", "period_id")
    )
    shown = []
    for reminder in reminders:
        reminder.open_tasks = [
            task
            for task in tasks_of.get(reminder.pk, [])
            if (task.pk, reminder.unit_id, reminder.period_id) not in reported
        ]
        if reminder.open_tasks:
            shown.append(reminder)
    return shown


@dataclass
class OpenCounts:
    notices: int
    units: int
    red: int


def open_counts(*, plan=None):
    """How many 督办单 are open, for how many units, how many of them red."""
    notices = open_notices(plan=plan)
    return OpenCounts(
        notices=len(notices),
        units=len({n.unit_id for n in notices}),
        red=sum(n.kind == Reminder.Kind.RED for n in notices),
    )
