"""催办 by hand: the office sends the reminders of a period now, to every unit still owing
reports or to the units it picks. Before the deadline a blue 提醒, from the day after it a
yellow 督办单, each naming the unit's unreported tasks: the preview reads the period's latest
figures (the live snapshot, which follows every report), sending computes them afresh as the
daily job does. A reminder sent by hand is stored, e-mailed
and shown like the scheduled ones, and never stops the schedule from sending its own."""

from django.db import transaction
from django.utils import timezone

from progress import roles
from progress.errors import InvalidReport, NotAllowed
from progress.services.common import actor_fields
from reports import selectors
from reports.models import Reminder
from reports.reminders import (
    BLUE,
    OFFICE_KINDS,
    YELLOW,
    Notice,
    _email,
    _missing_by_unit,
    _people,
    reminder_message,
)
from reports.snapshots import snapshot_compute


def kind_on(period, now):
    """Blue up to the deadline day, yellow after it."""
    return BLUE if timezone.localdate(now) <= period.deadline else YELLOW


def reminders_preview(*, period, units=None, now=None, fresh=False):
    """The notices sending now would make: [Notice] of the units owing reports in period (of
    `units` only, when given), units by name, each with its unreported tasks. Read from the
    period's latest figures, or from figures computed now when `fresh` (as the daily job
    does before it sends)."""
    now = now or timezone.now()
    snapshot = None if fresh else selectors.latest_snapshot(period.plan, period)
    if snapshot is None:
        snapshot = snapshot_compute(plan=period.plan, period=period, now=now)
    chosen = None if units is None else {unit.pk for unit in units}
    kind = kind_on(period, now)
    return [
        Notice(kind=kind, unit=unit, tasks=tasks)
        for unit, tasks in _missing_by_unit(snapshot).items()
        if chosen is None or unit.pk in chosen
    ]


def reminders_send_by_hand(*, user, period, units=None, now=None):
    """Send the reminders of reminders_preview now, in the office's name, and e-mail them.
    Returns the reminders made ([] when nobody owes anything). Only the office may."""
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以手动催办。")
    if not period.is_open:
        raise InvalidReport(f"{period.label}已关闭，不能再催办。", {"period": "报告期已关闭"})
    now = now or timezone.now()
    notices = reminders_preview(period=period, units=units, now=now, fresh=True)
    unit_users, office = _people()
    actor = actor_fields(user)
    made = []
    with transaction.atomic():
        for notice in notices:
            recipients = list(unit_users.get(notice.unit.pk, []))
            if notice.kind in OFFICE_KINDS:
                recipients += [person for person in office if person not in recipients]
            reminder = Reminder.objects.create(
                period=period,
                unit=notice.unit,
                kind=notice.kind,
                created_at=now,
                message=reminder_message(notice, period, now),
                manual=True,
                sent_by=actor["actor"],
                sent_by_name=actor["actor_name"],
            )
            reminder.tasks.set(notice.tasks)
            reminder.recipients.set(recipients)
            made.append((reminder, notice, recipients))
    for reminder, notice, recipients in made:
        _email(reminder, notice, recipients)
    return [reminder for reminder, _notice, _recipients in made]
