"""The timed parts of the benchmark."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress.models import ProgressReport
from reports.snapshots import snapshot_compute

RAW_AGGREGATE = """
SELECT r.task_id, COUNT(*), SUM(CASE WHEN t.value = 0 THEN 1.0 ELSE v.value / t.value END),
       SUM(COALESCE(r.percent, 0)), SUM(CASE WHEN r.first_submitted_at > %s THEN 1 ELSE 0 END)
FROM progress_progressreport r
LEFT JOIN progress_reportvalue v ON v.report_id = r.id
LEFT JOIN tasks_target t ON t.id = v.target_id
WHERE r.period_id = %s AND r.state IN ('submitted', 'approved')
GROUP BY r.task_id
"""


def _timed(fn, repeat=3):
    best = None
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def _raw(period):
    with connection.cursor() as cursor:
        cursor.execute(RAW_AGGREGATE, [period.deadline, period.pk])
        return cursor.fetchall()


def _overview(plan, period):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from progress.users import user_add

    user = get_user_model().objects.filter(username="bench-office").first() or user_add(
        username="bench-office", role="office", password="Xr9-plan-tracker-measure"
    )
    client = Client()
    client.force_login(user)
    url = f"/dashboard/{plan.key}/?period={period.label}"
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        seconds, response = _timed(lambda: client.get(url), repeat=5)
    return seconds, response.status_code, len(queries) // 5


def measure(plan, period):
    reports = ProgressReport.objects.filter(period=period).count()
    raw_seconds, rows = _timed(lambda: _raw(period))
    with CaptureQueriesContext(connection) as queries:
        compute_seconds, snapshot = _timed(
            lambda: snapshot_compute(plan=plan, period=period), repeat=1
        )
    reads = [
        q for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("INSERT")
    ]
    yield f"reports in the period: {reports:,}; tasks: {snapshot.tasks:,}"
    yield f"raw SQL aggregate (floor): {raw_seconds:.3f} s over {len(rows):,} task groups"
    yield (
        f"snapshot recompute: {compute_seconds:.3f} s ({compute_seconds / raw_seconds:.1f}x the raw aggregate), "
        f"{len(queries)} queries of which {len(reads)} reads"
    )
    try:
        seconds, status, count = _overview(plan, period)
        yield f"dashboard overview: {seconds * 1000:.0f} ms (HTTP {status}), {count} queries"
    except Exception as exc:  # the dashboard may not be built yet
        yield f"dashboard overview: not measured ({type(exc).__name__}: {exc})"
