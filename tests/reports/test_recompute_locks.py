"""The locks of the figures (reports/snapshots/compute.py), on several connections: while a
bulletin's frozen snapshot is computed, a figures job still brings the live snapshot up to
date, and a second whole recompute of the period waits for the first (one at a time)."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from reports.models import RecomputeRequest, Snapshot, SnapshotEntry
from reports.snapshots import compute, figures_refresh, requests, snapshot_compute
from tasks.models import Task, TaskAssignment
from tests.api.helpers import make_report

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 30  # far longer than a figures job takes here


def _in_thread(target, errors, results):
    def run():
        try:
            results.append(target())
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_figures_go_on_while_a_bulletins_snapshot_is_computed_and_whole_recomputes_queue(
    monkeypatch, plan_000, olivia, period_q3
):
    task = Task.objects.get(plan=plan_000, number="1")
    unit = TaskAssignment.objects.filter(task=task, role="lead").order_by("order").first().unit
    snapshot_compute(plan=plan_000, period=period_q3)
    monkeypatch.setattr(requests, "_publish", lambda period_id: True)  # the test runs the job
    report = make_report(olivia, plan_000, task.number, period_q3, unit=unit, submit=True)
    RecomputeRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(seconds=5))

    computing, release = threading.Event(), threading.Event()
    prune = compute._prune

    def held(snapshot):
        prune(snapshot)
        if not snapshot.live:  # the bulletin's: its transaction stays open, with its locks
            computing.set()
            release.wait(HOLD_SECONDS)

    monkeypatch.setattr(compute, "_prune", held)
    errors, frozen, live = [], [], []

    def bulletins():
        return snapshot_compute(plan=plan_000, period=period_q3, live=False)

    def whole():
        return snapshot_compute(plan=plan_000, period=period_q3)

    def figures_counted():
        """The figures job's run, and the submitted report counted in the live snapshot."""
        refreshed = figures_refresh(period_id=period_q3.pk)
        entry = SnapshotEntry.objects.get(snapshot_id=refreshed, task=task, unit=unit, role="lead")
        assert entry.report_id == report.pk and entry.submitted
        assert not RecomputeRequest.objects.filter(period=period_q3).exists()

    if connection.vendor == "sqlite":  # one writer at a time: each in turn
        release.set()
        frozen.append(bulletins())
        figures_counted()
        live.append(whole())
    else:
        first = _in_thread(bulletins, errors, frozen)
        assert computing.wait(HOLD_SECONDS), errors
        started = time.monotonic()
        figures_counted()  # while the bulletin's snapshot is computed, not after it
        took = time.monotonic() - started
        second = _in_thread(whole, errors, live)
        second.join(3)
        waited = second.is_alive()  # a second whole recompute waits for the first
        release.set()
        first.join(HOLD_SECONDS)
        second.join(HOLD_SECONDS)
        assert took < HOLD_SECONDS / 2, "the figures job waited for the bulletin's snapshot"
        assert waited, "two whole recomputes of one period ran at the same time"
    assert errors == [] and frozen and live, errors
    assert frozen[0].live is False
    assert Snapshot.objects.get(period=period_q3, live=True).pk == live[0].pk
