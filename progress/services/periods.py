"""Reporting periods: made for a plan's quarters with the targets each judges; closed and
reopened by the office."""

from django.db import transaction
from django.utils import timezone

from progress import periods as p
from progress import roles
from progress.errors import NotAllowed
from progress.judging import judged_targets
from progress.models import JudgedTarget, Period, PeriodEvent
from progress.services.common import actor_fields
from progress.signals import plan_progress_changed
from progress.text import text_clean
from tasks.models import Target


def first_reporting_quarter(plan):
    """Quarterly tables list the quarters they plan for (000 starts at 二季度): the first
    quarter with a quarterly plan is the first period. Plans without quarterly plans report
    from the first quarter."""
    for quarter in (1, 2, 3, 4):
        if plan.tasks.exclude(**{f"q{quarter}_plan": ""}).exists():
            return quarter
    return 1


@transaction.atomic
def periods_ensure(*, plan):
    """Create the plan's reporting periods (each quarter of its years), keep their deadlines in
    line with the plan's, and the targets each judges in line with the plan's targets.
    Idempotent; closed state is kept."""
    start = first_reporting_quarter(plan)
    existing = {(x.year, x.quarter): x for x in plan.periods.all()}
    for year in plan.years:
        for quarter in (1, 2, 3, 4):
            if year == plan.year_start and quarter < start:
                continue
            deadline = p.plan_deadline(plan.reporting_deadlines, year, quarter)
            period = existing.get((year, quarter))
            if period is None:
                Period.objects.create(plan=plan, year=year, quarter=quarter, deadline=deadline)
            elif period.deadline != deadline:
                period.deadline = deadline
                period.save(update_fields=["deadline"])
    judged_targets_sync(plan=plan)


@transaction.atomic
def judged_targets_sync(*, plan):
    """Write, for every period of the plan, the targets it judges and their 序时进度
    (progress/judging.py). Derived rows: replaced whole."""
    by_task = {}
    for target in Target.objects.filter(task__plan=plan).order_by("task", "order"):
        by_task.setdefault(target.task_id, []).append(target)
    rows = []
    periods = list(plan.periods.all())
    for period in periods:
        for task_id, targets in by_task.items():
            judged = judged_targets(
                targets,
                year=period.year,
                quarter=period.quarter,
                year_start=plan.year_start,
                year_end=plan.year_end,
            )
            rows += [
                JudgedTarget(
                    period=period,
                    task_id=task_id,
                    target=j.target,
                    kind=j.kind,
                    milestone=j.milestone,
                    expected=j.expected,
                    order=order,
                )
                for order, j in enumerate(judged)
            ]
    JudgedTarget.objects.filter(period__in=periods).delete()
    JudgedTarget.objects.bulk_create(rows, batch_size=2000)


def _office_only(user, what):
    if not roles.is_office(user):
        raise NotAllowed(f"只有领导小组办公室可以{what}。")


def _period_changed(period, *, user, action, text):
    PeriodEvent.objects.create(
        period=period, action=action, at=timezone.now(), text=text, **actor_fields(user)
    )
    transaction.on_commit(
        lambda: plan_progress_changed.send_robust(sender=Period, plan=period.plan), robust=True
    )


@transaction.atomic
def period_close(*, user, period, reason=""):
    """Close the period: only the office changes its reports from then on. An event with who,
    when and why (`reason`, optional); closing a closed period does nothing."""
    _office_only(user, "关闭报告期")
    reason = text_clean(reason, field="reason", label="关闭说明", kind="comment")
    period = Period.objects.select_for_update(of=("self",)).order_by().get(pk=period.pk)
    if period.closed_at is None:
        period.closed_at = timezone.now()
        period.closed_by = user
        period.save(update_fields=["closed_at", "closed_by"])
        _period_changed(period, user=user, action=PeriodEvent.Action.CLOSE, text=reason)
    return period


@transaction.atomic
def period_reopen(*, user, period, reason=""):
    """Reopen a closed period for its units; an event like closing it."""
    _office_only(user, "重新开放报告期")
    reason = text_clean(reason, field="reason", label="重新开放说明", kind="comment")
    period = Period.objects.select_for_update(of=("self",)).order_by().get(pk=period.pk)
    if period.closed_at is not None:
        period.closed_at = None
        period.closed_by = None
        period.save(update_fields=["closed_at", "closed_by"])
        _period_changed(period, user=user, action=PeriodEvent.Action.REOPEN, text=reason)
    return period
