"""Celery jobs of the reports room. Each takes ids, calls one service, and holds only retry
settings. All are safe to run twice: the figures job claims its marks under a lock (a second
run finds none); bulletins and reminders claim their work with unique constraints."""

from celery import shared_task
from django.db import OperationalError

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, ConnectionError),
    "retry_backoff": True,
    "max_retries": 5,
}


# Nobody waits for these results: without a result to store, queueing one does not touch the
# result store (Redis), so a request pays only the broker's timeout when Redis is down.
@shared_task(ignore_result=True, **RETRY)
def snapshot_compute_job(period_id):
    """Bring the period's figures up to date for whatever was marked (requests.py)."""
    from reports.snapshots import figures_refresh

    return figures_refresh(period_id=period_id)


def recompute_after_reports_change(sender, changes, **kwargs):
    """Receiver of progress's reports_changed (sent after commit): reports that count changed
    (submitted, approved, returned, or edited while counted), so their tasks' figures did."""
    from progress.models import ProgressReport
    from reports.snapshots import recompute_requests

    counted = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED)
    recompute_requests(
        marks=[
            (report.period_id, report.task_id)
            for report, action in changes
            if report.state in counted or action in ("submit", "approve", "return")
        ]
    )


def recompute_after_task_change(sender, task, **kwargs):
    """Receiver of progress's task_changed: a task closed or reopened, or its shares changed."""
    from reports.snapshots import task_recompute

    task_recompute(task=task)


@shared_task(**RETRY)
def plan_recompute_job(plan_id):
    from reports.snapshots import plan_recompute

    return plan_recompute(plan_id=plan_id)


@shared_task(**RETRY)
def snapshots_nightly_job():
    from reports.snapshots import open_periods_recompute

    return open_periods_recompute()


@shared_task(ignore_result=True, **RETRY)
def recompute_sweep_job():
    from reports.snapshots import recompute_sweep

    return recompute_sweep()


@shared_task(**RETRY)
def bulletin_make_job(bulletin_id):
    from reports.bulletins import bulletin_make

    return bulletin_make(bulletin_id=bulletin_id).pk


@shared_task(**RETRY)
def bulletins_due_job():
    from reports.bulletins import bulletins_due

    return bulletins_due()


@shared_task(**RETRY)
def reminders_job():
    from reports.reminders import reminders_send

    return reminders_send()
