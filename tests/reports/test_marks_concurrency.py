"""A figures job and the saves of reports, at the same time, on two connections: a unit's save
and submission, with the mark their commit makes, never wait for a job that holds the period
(its lock, the live snapshot, the rows it rewrites, the marks it read), and the mark made
again while the job computes stays for the next job (reports/snapshots/requests.py)."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from reports.models import RecomputeRequest, Snapshot, SnapshotEntry
from reports.snapshots import figures_refresh, requests, snapshot_compute
from tasks.models import Task, TaskAssignment
from tests.api.helpers import make_report

pytestmark = pytest.mark.django_db(transaction=True)

# Far longer than a save takes; a save that waited for the job would wait this long.
HOLD_SECONDS = 30


def test_a_save_and_its_mark_go_through_while_a_job_holds_the_period(
    monkeypatch, plan_000, olivia, period_q3
):
    task = Task.objects.get(plan=plan_000, number="1")
    unit = TaskAssignment.objects.filter(task=task, role="lead").order_by("order").first().unit
    snapshot_compute(plan=plan_000, period=period_q3)
    read_at = timezone.now() - datetime.timedelta(seconds=5)
    RecomputeRequest.objects.create(period=period_q3, task=task, requested_at=read_at)
    # Jobs are not queued from the save (no worker here: the test is the two connections).
    monkeypatch.setattr(requests, "_publish", lambda period_id: True)

    computing, release = threading.Event(), threading.Event()
    refresh = requests.snapshot_tasks_refresh

    def held(**kwargs):
        snapshot = refresh(**kwargs)
        computing.set()
        release.wait(HOLD_SECONDS)  # the job's transaction stays open meanwhile
        return snapshot

    monkeypatch.setattr(requests, "snapshot_tasks_refresh", held)
    done, errors, took = [], [], []

    def job():
        try:
            done.append(figures_refresh(period_id=period_q3.pk))
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    def save():
        started = time.monotonic()
        try:
            make_report(olivia, plan_000, task.number, period_q3, unit=unit, submit=True)
        except Exception as exc:
            errors.append(exc)
        finally:
            took.append(time.monotonic() - started)
            connection.close()

    if connection.vendor == "sqlite":  # one writer at a time: the job, then the save
        release.set()
        job()
        save()
    else:
        worker = threading.Thread(target=job)
        worker.start()
        assert computing.wait(HOLD_SECONDS), errors
        saver = threading.Thread(target=save)
        saver.start()
        saver.join(HOLD_SECONDS / 2)
        waited = saver.is_alive()  # still saving: it waits for the job's locks
        release.set()
        worker.join(HOLD_SECONDS)
        saver.join(HOLD_SECONDS)
        assert not waited, "the save waited for the figures job"
    assert errors == [] and done and done[0] is not None, errors
    assert took[0] < HOLD_SECONDS / 2

    # The save's mark, made while the job computed, is left for the next job ...
    mark = RecomputeRequest.objects.get(period=period_q3, task=task)
    assert mark.requested_at > read_at
    monkeypatch.undo()
    assert figures_refresh(period_id=period_q3.pk) is not None
    assert not RecomputeRequest.objects.filter(period=period_q3).exists()
    # ... which counts the submitted report.
    live = Snapshot.objects.get(period=period_q3, live=True)
    entry = SnapshotEntry.objects.get(snapshot=live, task=task, unit=unit, role="lead")
    assert entry.submitted and entry.report_id is not None
