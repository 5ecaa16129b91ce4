"""Reminders and supervision notices (催办, DOMAIN.md "Reminders and escalation").

The daily job calls reminders_send(). For every open period whose deadline is near or just
past, it computes a fresh snapshot and reads who still owes reports from its expected-report
rows (SnapshotEntry expected and not submitted):

- blue 提醒: from REMINDER_DAYS_BEFORE days before the deadline to the deadline day, to every
  unit still owing reports, naming those tasks; sent to the unit's reporters and leaders.
- yellow 督办单: from the day after the deadline, to every unit still owing reports; sent to
  the unit's reporters and leaders and to the office.
- red 督办单: to a task's lead units when the task's light was red in the latest snapshots of
  this period and of the previous one (judged from the day after the deadline), or when the lead
  unit's report is still missing more than RED_NOTICE_DAYS_OVERDUE days after the deadline;
  sent like the yellow one.

A notice is due on its first day and on the CATCH_UP_DAYS days after it, so a day the job did
not run is made up the next day, but a new installation does not chase long-gone deadlines.
Every notice is claimed through the unique (period, unit, kind) before it is e-mailed: a second
run, a retry or a later day of the window never sends it again. The price is that a unit gets
at most one notice of each kind per period, naming the tasks that qualified on its first day.
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plans.models import Unit
from progress.models import Period, Profile
from reports import rules, selectors
from reports.models import Reminder, SnapshotEntry
from reports.snapshots import snapshot_compute
from tasks.models import Task

logger = logging.getLogger(__name__)

CATCH_UP_DAYS = 31
BLUE, YELLOW, RED = Reminder.Kind.BLUE, Reminder.Kind.YELLOW, Reminder.Kind.RED
# A 督办单 goes to the office too; a blue 提醒 only to the unit.
OFFICE_KINDS = (YELLOW, RED)
SUBJECTS = {BLUE: "报送提醒", YELLOW: "督办单", RED: "红色督办单"}
UNIT_ROLES = (Profile.Role.REPORTER, Profile.Role.LEADER)
RED_TWICE = "连续两个报告期亮红灯"


@dataclass
class Notice:
    kind: str
    unit: Unit
    tasks: list[Task]
    reasons: dict[int, list[str]] = field(default_factory=dict)  # task id: why it is red


@dataclass
class Windows:
    """Which notices a period is due today, from the days since its deadline (negative before)."""

    days: int

    @property
    def blue(self):
        return -settings.REMINDER_DAYS_BEFORE <= self.days <= 0

    @property
    def after(self):
        return 1 <= self.days <= CATCH_UP_DAYS

    @property
    def overdue(self):
        first = settings.RED_NOTICE_DAYS_OVERDUE + 1
        return first <= self.days < first + CATCH_UP_DAYS

    @property
    def any(self):
        return self.blue or self.after or self.overdue


def reminders_send(*, now=None):
    """Send the reminders and notices due at `now` for every open period. Safe to run any
    number of times a day. Returns the ids of the reminders it created (and e-mailed)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    unit_users, office = _people()
    created = []
    for period in _periods_in_reach(today):
        windows = Windows((today - period.deadline).days)
        if not windows.any:
            continue
        snapshot = snapshot_compute(plan=period.plan, period=period, now=now)
        for notice in _notices(snapshot, windows, now):
            recipients = list(unit_users.get(notice.unit.pk, []))
            if notice.kind in OFFICE_KINDS:
                recipients += [user for user in office if user not in recipients]
            reminder = _claim(notice, period=period, now=now, recipients=recipients)
            if reminder is not None:
                _email(reminder, notice, recipients)
                created.append(reminder.pk)
    return created


def _periods_in_reach(today):
    earliest = today - timedelta(days=settings.RED_NOTICE_DAYS_OVERDUE + CATCH_UP_DAYS)
    latest = today + timedelta(days=settings.REMINDER_DAYS_BEFORE)
    return (
        Period.objects.filter(closed_at__isnull=True, deadline__gte=earliest, deadline__lte=latest)
        .select_related("plan", "plan__region")
        .order_by("deadline", "plan__key")
    )


def _people():
    """({unit id: [active reporters and leaders]}, [active office users])."""
    unit_users, office = defaultdict(list), []
    profiles = (
        Profile.objects.filter(user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )
    for profile in profiles:
        if profile.role in UNIT_ROLES and profile.unit_id:
            unit_users[profile.unit_id].append(profile.user)
        elif profile.role == Profile.Role.OFFICE:
            office.append(profile.user)
    return unit_users, office


def _notices(snapshot, windows, now):
    notices = []
    if windows.blue or windows.after:
        kind = BLUE if windows.blue else YELLOW
        for unit, tasks in _missing_by_unit(snapshot).items():
            notices.append(Notice(kind=kind, unit=unit, tasks=tasks))
    if windows.after or windows.overdue:
        notices += _red_notices(snapshot, windows, now)
    return notices


def _missing_by_unit(snapshot):
    """{unit: [tasks]} of the snapshot's expected reports not submitted, units by name."""
    grouped = defaultdict(dict)
    for entry in selectors.entry_rows(snapshot).filter(report_expected=True, submitted=False):
        grouped[entry.unit][entry.task_id] = entry.task
    return {
        unit: list(tasks.values())
        for unit, tasks in sorted(grouped.items(), key=lambda item: item[0].name)
    }


def _red_notices(snapshot, windows, now):
    red_twice = _red_twice(snapshot, now) if windows.after else set()
    reasons = defaultdict(dict)  # unit: {task: [reasons]}
    for entry in selectors.entry_rows(snapshot, role=SnapshotEntry.Role.LEAD):
        why = []
        if entry.task_id in red_twice:
            why.append(RED_TWICE)
        if windows.overdue and entry.report_expected and not entry.submitted:
            why.append(f"逾期{windows.days}天仍未报送")
        if why:
            reasons[entry.unit][entry.task] = why
    return [
        Notice(
            kind=RED,
            unit=unit,
            tasks=list(tasks),
            reasons={task.pk: why for task, why in tasks.items()},
        )
        for unit, tasks in sorted(reasons.items(), key=lambda item: item[0].name)
    ]


def _red_twice(snapshot, now):
    """Ids of the tasks red in snapshot and in the latest snapshot of the period before (one is
    computed if that period has none yet)."""
    period = snapshot.period
    previous = (
        Period.objects.filter(plan=snapshot.plan)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
        .order_by("-year", "-quarter")
        .first()
    )
    if previous is None:
        return set()
    before = selectors.latest_snapshot(snapshot.plan, previous) or snapshot_compute(
        plan=snapshot.plan, period=previous, now=now
    )
    red = {}
    for source in (snapshot, before):
        red[source.pk] = set(
            source.task_rows.filter(light=rules.RED).values_list("task_id", flat=True)
        )
    return red[snapshot.pk] & red[before.pk]


def _claim(notice, *, period, now, recipients):
    """Create the reminder unless this period, unit and kind already has one sent by the
    schedule; None then."""
    with transaction.atomic():
        reminder, created = Reminder.objects.get_or_create(
            period=period,
            unit=notice.unit,
            kind=notice.kind,
            manual=False,  # those the office sends by hand do not count
            defaults={"created_at": now, "message": reminder_message(notice, period, now)},
        )
        if not created:
            return None
        reminder.tasks.set(notice.tasks)
        reminder.recipients.set(recipients)
    return reminder


def _date_text(day):
    return f"{day.year}年{day.month}月{day.day}日"


def reminder_message(notice, period, now):
    """The notice in Chinese: the plan and period, the deadline, the unit and the task numbers."""
    what = f"{period.plan.title}{period.label}进展报告"
    deadline = _date_text(period.deadline)
    numbers = "、".join(task.number for task in notice.tasks)
    count = len(notice.tasks)
    if notice.kind == BLUE:
        return (
            f"{what}将于{deadline}截止报送，{notice.unit.name}尚有{count}项任务未报送"
            f"（序号：{numbers}）。请在截止日前登录计划任务跟踪系统报送。"
        )
    if notice.kind == YELLOW:
        return (
            f"{what}已于{deadline}截止报送，{notice.unit.name}仍有{count}项任务未报送"
            f"（序号：{numbers}），已逾期。请立即补报并说明逾期原因。"
            "本督办单同时送单位负责人和领导小组办公室。"
        )
    items = "；".join(
        f"序号{task.number}（{'，'.join(notice.reasons[task.pk])}）" for task in notice.tasks
    )
    return (
        f"{what}（报送截止日{deadline}）：{notice.unit.name}牵头的{count}项任务列入红色督办："
        f"{items}。请单位负责人督促落实，尽快报送进展，并向领导小组办公室书面说明原因和整改措施。"
    )


def _email(reminder, notice, recipients):
    """E-mail the reminder to each recipient with an address; store how many were sent. A mail
    server failure is logged and leaves the count at 0: the reminder stays claimed and is
    shown in the system, so it is never sent twice."""
    period = reminder.period
    subject = f"【{SUBJECTS[notice.kind]}】{period.plan.title} {period.label} {notice.unit.name}"
    footer = "\n\n（本邮件由计划任务跟踪系统自动发送，请勿直接回复。）"
    messages = [
        (
            subject,
            f"{user.get_full_name() or user.username}：\n\n{reminder.message}{footer}",
            None,
            [user.email],
        )
        for user in recipients
        if user.email
    ]
    if not messages:
        return 0
    try:
        sent = send_mass_mail(messages, fail_silently=False)
    except (smtplib.SMTPException, OSError):
        logger.exception("催办邮件发送失败：%s", reminder)
        sent = 0
    Reminder.objects.filter(pk=reminder.pk).update(emailed=sent)
    reminder.emailed = sent
    return sent
