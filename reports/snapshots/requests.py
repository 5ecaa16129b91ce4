"""Asking for figures to be recomputed, and the job's side of it.

A report change marks its task of its period (RecomputeRequest) and queues a job after the
commit; a plan change or the night marks whole periods. The job reads every mark of its
period under the period's lock, brings the live snapshot up to date and deletes the marks it
read (unless marked again meanwhile) in the same transaction: a burst of changes is handled
by whichever job comes first, two workers never compute the same period at once, a failed job
leaves its marks for the next one, and a save during a job does not wait for it. Marks
live in the database, so a change made while the broker was down is recomputed by the sweep
when it is back (a beat job every minute, reports/schedules.py), not at the next change.
"""

import datetime
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from plans.bulk import rows_insert
from progress import periods
from progress.models import Period
from reports.models import RecomputeRequest
from reports.snapshots.compute import period_lock, snapshot_compute, snapshot_tasks_refresh

_deferred = threading.local()
logger = logging.getLogger(__name__)

# After a publish failed, this process leaves queueing to the sweep for this many seconds: a
# request that marks many periods (an Excel import, a task closed in a three-year plan) pays
# for one broker timeout (about a second, config/settings.py), not one per period.
BROKER_RETRY_AFTER = 30
_broker_down_until = [0.0]


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


def _publish(period_id):
    """Queue the period's figures job now. Never raises: when the broker cannot be reached
    (Redis down) the failure is logged and False returned; the period's marks stay in the
    database and the sweep queues the job once the broker is back."""
    from reports.jobs import snapshot_compute_job

    if time.monotonic() < _broker_down_until[0]:
        logger.info("消息队列不可用，完成率重算（报告期 %s）留待定时补算。", period_id)
        return False
    try:
        snapshot_compute_job.delay(period_id)
    except Exception as exc:
        # Eager Celery runs the job right here: its own failure says nothing of a broker.
        if not snapshot_compute_job.app.conf.task_always_eager:
            _broker_down_until[0] = time.monotonic() + BROKER_RETRY_AFTER
        logger.warning(
            "完成率重算（报告期 %s）未能排队（%s: %s），待重算标记已保存，"
            "消息队列恢复后由定时补算执行。",
            period_id,
            type(exc).__name__,
            exc,
            exc_info=True,
        )
        return False
    return True


def broker_reset():
    """Try the broker again at once (tests, and after a repair)."""
    _broker_down_until[0] = 0.0


def _enqueue(period_id):
    transaction.on_commit(lambda: _publish(period_id), robust=True)


def recompute_requests(*, marks):
    """Mark tasks of periods ((period id, task id) pairs) for recomputing, in one statement,
    and queue each period's job once (a job that finds its marks taken by an earlier one does
    nothing)."""
    marks = sorted(set(marks))
    if not marks:
        return
    if getattr(_deferred, "periods", None) is not None:
        _deferred.periods.update(period_id for period_id, _task in marks)
        return
    now = timezone.now()
    # An upsert, not a read then a write: a mark a job has read gets a later requested_at,
    # which the job's final delete leaves (figures_refresh); a mark the job is deleting right
    # now (not yet committed) makes this wait, briefly, and then insert anew. The change is
    # never lost.
    rows_insert(
        RecomputeRequest,
        [{"period_id": p, "task_id": t, "requested_at": now} for p, t in marks],
        unique_fields=["period_id", "task_id"],
        update_fields=["requested_at"],
    )
    for period_id in sorted({period_id for period_id, _task in marks}):
        _enqueue(period_id)


def recompute_request(*, period_id, task_id=None):
    """Mark a task of a period (recompute_requests), or without a task the whole period."""
    if task_id is not None:
        recompute_requests(marks=[(period_id, task_id)])
        return
    if getattr(_deferred, "periods", None) is not None:
        _deferred.periods.add(period_id)
        return
    _period_mark(period_id)
    _enqueue(period_id)


def _period_mark(period_id):
    """Mark the whole period: a new mark, or the one there made later (a job that read it
    leaves it then, as it leaves a task's mark made again)."""
    whole = RecomputeRequest.objects.filter(period_id=period_id, task__isnull=True)
    while True:
        now = timezone.now()
        if whole.update(requested_at=now):
            return
        try:
            with transaction.atomic():
                RecomputeRequest.objects.create(period_id=period_id, requested_at=now)
            return
        except IntegrityError:
            continue  # marked meanwhile by another: made later above


def figures_refresh(*, period_id, now=None):
    """The job: recompute what the period's marks name and take the marks, in one transaction
    under the period's lock. Returns the live snapshot's id, or None when nothing was marked.

    The marks are read first and deleted last, each only as it was read: one marked again
    while the job computed (a later requested_at) stays for the next job, and no report's
    save waits for the job (it would, on a mark the job had deleted and not yet committed:
    the whole recompute, 0.4 s at 1,000,000 reports)."""
    with transaction.atomic():
        period = Period.objects.select_related("plan", "plan__region").get(pk=period_id)
        period_lock(period)
        marks = list(
            RecomputeRequest.objects.filter(period=period).values_list(
                "pk", "task_id", "requested_at"
            )
        )
        if not marks:
            return None
        tasks = [task_id for _, task_id, _ in marks]
        if None in tasks:
            snapshot = snapshot_compute(plan=period.plan, period=period, now=now)
        else:
            snapshot = snapshot_tasks_refresh(plan=period.plan, period=period, tasks=tasks, now=now)
        taken = Q()
        for pk, _task, requested_at in marks:
            taken |= Q(pk=pk, requested_at=requested_at)
        RecomputeRequest.objects.filter(taken).delete()
        return snapshot.pk


def recompute_sweep(*, now=None):
    """Queue the job of every period whose marks have waited longer than a job takes (their job
    was lost: the broker was down, a worker died). Returns the period ids queued. Run every
    minute by beat ("补算待重算的完成率")."""
    now = now or timezone.now()
    waited = now - datetime.timedelta(seconds=settings.RECOMPUTE_SWEEP_SECONDS)
    ids = sorted(
        set(
            RecomputeRequest.objects.filter(requested_at__lt=waited).values_list(
                "period_id", flat=True
            )
        )
    )
    return [period_id for period_id in ids if _publish(period_id)]


def plan_recompute(*, plan_id):
    """Mark every period of a plan for a whole recompute (the plan or a period changed)."""
    ids = list(Period.objects.filter(plan_id=plan_id).values_list("pk", flat=True))
    for period_id in ids:
        recompute_request(period_id=period_id)
    return ids


def task_recompute(*, task):
    """Mark a task in every period of its plan (closed or reopened, its shares changed)."""
    ids = list(Period.objects.filter(plan_id=task.plan_id).values_list("pk", flat=True))
    for period_id in ids:
        recompute_request(period_id=period_id, task_id=task.pk)
    return ids


def open_periods_recompute(*, now=None):
    """The nightly recompute: a whole new live snapshot for every open period whose quarter
    has begun (a deadline that passed changes every unreported task's status)."""
    today = timezone.localdate(now or timezone.now())
    queued = []
    for period in Period.objects.filter(closed_at__isnull=True):
        if (period.year, period.quarter) <= periods.quarter_of(today):
            recompute_request(period_id=period.pk)
            queued.append(period.pk)
    return queued
