"""Several workers share the figures' work without duplicate or conflicting recomputes: a
burst of submissions handled by two real Celery workers on one queue (under CI; eagerly
in-process otherwise) leaves the live snapshot with exactly the figures a full recompute of
the same data gives, and one live snapshot."""

import threading
import time
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from progress import services
from reports.models import (
    RecomputeRequest,
    Snapshot,
    SnapshotEntry,
    SnapshotSection,
    SnapshotTask,
    SnapshotUnit,
)
from reports.snapshots import snapshot_compute
from tasks.models import Task, TaskAssignment
from tests.api.helpers import complete_for
from tests.conftest import jobs_routed_to

pytestmark = pytest.mark.django_db(transaction=True)

SHARES = tuple(
    Decimal(s) for s in ("0.3", "0.65", "0.9", "1.2")
)  # of each asked goal: lagging, on schedule, met


def _burst_pairs(plan, period, tasks=10, per_task=3):
    """(task, unit) of 30 reports on 10 tasks: each task's lead unit and county governments."""
    pairs = []
    for task in Task.objects.filter(plan=plan).order_by("order"):
        assignments = TaskAssignment.objects.filter(task=task).select_related("unit")
        units = [a.unit for a in assignments if a.role == "lead"]
        units += [a.unit for a in assignments if a.unit.kind == "government"]
        units = list(dict.fromkeys(units))[:per_task]
        if len(units) == per_task:
            pairs += [(task, unit) for unit in units]
        if len(pairs) == tasks * per_task:
            return pairs
    raise AssertionError("plan 000 has fewer than 10 tasks with three reporting units")


def _submit(user, task, unit, period, share):
    body = complete_for(task, unit, period, share)
    report = services.report_save(user=user, task=task, unit=unit, period=period, data=body)
    services.report_submit(user=user, report=report, version=report.version)


def _rows(snapshot):
    """Every figure of a snapshot, keyed so two snapshots compare row by row."""

    def values(model, key, skip=("id", "snapshot")):
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        out = {}
        for row in model.objects.filter(snapshot=snapshot).values(*names):
            out[tuple(row[k] for k in key)] = {
                k: round(v, 9) if isinstance(v, float) else v for k, v in row.items()
            }
        return out

    totals = {
        f.attname: getattr(snapshot, f.attname)
        for f in Snapshot._meta.concrete_fields
        if f.name not in ("id", "live", "version", "computed_at")
    }
    return {
        "totals": {k: round(v, 9) if isinstance(v, float) else v for k, v in totals.items()},
        "entries": values(SnapshotEntry, ("task_id", "unit_id", "role")),
        "tasks": values(SnapshotTask, ("task_id",)),
        "sections": values(SnapshotSection, ("section_id",)),
        "units": values(SnapshotUnit, ("unit_id", "role")),
    }


def _wait_until_no_marks(period, seconds=120):
    deadline = time.monotonic() + seconds
    while RecomputeRequest.objects.filter(period=period).exists():
        assert time.monotonic() < deadline, "marks still waiting after two minutes"
        time.sleep(0.2)


def test_two_workers_and_a_burst_of_submissions_leave_the_figures_a_full_recompute_gives(
    worker_factory, plan_000, olivia, period_q3
):
    pairs = _burst_pairs(plan_000, period_q3)
    jobs = [(task, unit, SHARES[n % len(SHARES)]) for n, (task, unit) in enumerate(pairs)]
    if worker_factory is None:
        # Eager Celery (SQLite): each commit runs its job in-process, one after another.
        for task, unit, share in jobs:
            _submit(olivia, task, unit, period_q3, share)
        workers = []
    else:
        queue = f"figures-{uuid.uuid4().hex[:8]}"
        with jobs_routed_to(queue):
            workers = [worker_factory(queue).start(), worker_factory(queue).start()]
            errors = []

            def submit_some(part):
                try:
                    for task, unit, share in part:
                        _submit(olivia, task, unit, period_q3, share)
                except Exception as exc:  # reported below, in the test's thread
                    errors.append(exc)
                finally:
                    connection.close()

            threads = [threading.Thread(target=submit_some, args=(jobs[n::3],)) for n in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
            assert not errors, errors
            _wait_until_no_marks(period_q3)

    live = Snapshot.objects.get(period=period_q3, live=True)  # one live snapshot, no more
    fresh = snapshot_compute(plan=plan_000, period=period_q3, live=False)
    got, expected = _rows(live), _rows(fresh)
    counted = [e for e in got["entries"].values() if e["submitted"]]
    assert len(counted) >= len(pairs)
    for part in ("totals", "tasks", "sections", "units", "entries"):
        assert got[part] == expected[part], part
    for worker in workers:
        # Both workers took part in the burst's jobs (the queue is shared, not one's own).
        assert "snapshot_compute_job" in worker.log_path.read_text(errors="replace")
