"""The in-process timed parts: the full recompute against a raw GROUP BY, the completion API
(pagination, 304, no write on GET), the progress list, the review queue, the overview page,
parse_plan.

Each ratio compares two things timed in the same run, best of several tries, so that load
from elsewhere on the machine weighs on both sides."""

import subprocess
import sys
import time

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.env import ROOT
from bench.report import ms, timed, timed_pair
from reports.models import RecomputeRequest, Snapshot, SnapshotEntry, SnapshotTask
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

WRITES = ("INSERT", "UPDATE", "DELETE")


def _raw(period):
    with connection.cursor() as cursor:
        cursor.execute(RAW_AGGREGATE, [period.deadline, period.pk])
        return cursor.fetchall()


def recompute_measure(report, bench):
    """b. The full recompute, best of 3, against the raw GROUP BY over the same rows."""
    with CaptureQueriesContext(connection) as queries:
        seconds, snapshot, raw_seconds, rows = timed_pair(
            lambda: snapshot_compute(plan=bench.plan, period=bench.period),
            lambda: _raw(bench.period),
            repeat=3,
        )
    per_run = (len(queries) - 3) // 3  # less the raw statement of each turn
    report.ratio(
        "full recompute vs raw GROUP BY",
        seconds,
        raw_seconds,
        5,
        what=f"{snapshot.tasks:,} tasks, {len(rows):,} groups, {per_run} statements a run",
    )
    return snapshot


def _api(user_token):
    return Client(HTTP_AUTHORIZATION=f"Token {user_token}", HTTP_ACCEPT="application/json")


def _built(get):
    """get() with nothing kept of earlier answers (reports/figures_cache.py): the page as it is
    built from the snapshot's rows, what the ratios compare; a page kept is timed beside."""

    def call():
        caches["figures"].clear()
        return get()

    return call


def completion_measure(report, bench, small, token):
    """e. /api/v1/completion/ page 1 at this size against the 20,000-report plan (as built,
    and as kept for the next reader), the 304 path against page 1, and that no GET writes
    (no statement, no row)."""
    client = _api(token)

    def url(b, page=1):
        return f"/api/v1/completion/?plan={b.plan.pk}&period={b.period.label}&page={page}"

    def tables():
        return (
            Snapshot.objects.count(),
            SnapshotTask.objects.count(),
            SnapshotEntry.objects.count(),
            RecomputeRequest.objects.count(),
        )

    before = tables()
    with CaptureQueriesContext(connection) as queries:
        client.get(url(bench))
        client.get(url(small))  # warm
        big_seconds, first, small_seconds, _ = timed_pair(
            _built(lambda: client.get(url(bench))),
            _built(lambda: client.get(url(small))),
            repeat=5,
        )
        etag = first["ETag"]
        cached_seconds, cached, page_seconds, _ = timed_pair(
            lambda: client.get(url(bench), HTTP_IF_NONE_MATCH=etag),
            _built(lambda: client.get(url(bench))),
            repeat=5,
        )
        client.get(url(bench))
        kept_seconds, _ = timed(lambda: client.get(url(bench)), repeat=5)
        second = client.get(url(bench, 2))
        last_page = -(-first.json()["count"] // first.json()["page_size"])
        last = client.get(url(bench, last_page))
        client.get(url(bench) + f"&unit={bench.latency_unit.pk}")
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    after = tables()
    body = first.json()
    report.ratio(
        f"completion API page 1 at {bench.reports:,} vs at {small.reports:,}",
        big_seconds,
        small_seconds,
        1.5,
        what=f"{body['count']:,} task rows, {len(body['tasks'])} on the page",
    )
    report.figure(
        "completion API page 1 kept for the next reader",
        f"{ms(kept_seconds)} (built: {ms(page_seconds)})",
    )
    report.ratio(
        "completion API 304 (If-None-Match) vs page 1 built", cached_seconds, page_seconds, 0.5
    )
    pages_ok = (
        first.status_code == 200
        and len(body["tasks"]) == min(100, body["count"])
        and body["count"] == bench.tasks
        and second.status_code == 200
        and {r["task"] for r in second.json()["tasks"]}.isdisjoint(r["task"] for r in body["tasks"])
        and last.status_code == 200
        and last.json()["next"] is None
        and cached.status_code == 304
        and first.has_header("Last-Modified")
    )
    report.check(
        "completion API pages and 304",
        pages_ok,
        f"page 1 {first.status_code} ({len(body['tasks'])} rows of {body['count']:,}), page 2 "
        f"{second.status_code}, last page {last_page} {last.status_code}, "
        f"If-None-Match {cached.status_code}",
    )
    report.check(
        "completion API: a GET never writes",
        not writes and before == after,
        f"{len(writes)} writing statements in {len(queries)} queries; snapshots, task rows, "
        f"entries, marks {before} -> {after}",
    )


def _first_and_last(client, url, bench, small, pages):
    """[(which, page at this size, page at 20,000, seconds, HTTP answer, seconds at 20,000)] of
    the first and the last page of url(b, page), timed in turns; `pages`: {plan id: pages}."""
    timed_pages = []
    for which, page_of in (("first", lambda b: 1), ("last", lambda b: pages[b.plan.pk])):
        client.get(url(bench, page_of(bench)))
        big, answer, little, _ = timed_pair(
            lambda page_of=page_of: client.get(url(bench, page_of(bench))),
            lambda page_of=page_of: client.get(url(small, page_of(small))),
            repeat=3,
        )
        timed_pages.append((which, page_of(bench), page_of(small), big, answer, little))
    return timed_pages


def progress_list_measure(report, bench, small, token):
    """h. GET /api/v1/progress/ first and last page at this size against the 20,000 plan."""
    client = _api(token)

    def url(b, page):
        return f"/api/v1/progress/?plan={b.plan.pk}&period={b.period.label}&page={page}"

    pages = {}
    for b in (bench, small):
        first = client.get(url(b, 1)).json()
        pages[b.plan.pk] = -(-first["count"] // len(first["results"]))
    for which, page, small_page, big, answer, little in _first_and_last(
        client, url, bench, small, pages
    ):
        report.ratio(
            f"progress list {which} page at {bench.reports:,} vs at {small.reports:,}",
            big,
            little,
            1.5,
            what=f"page {page:,} vs {small_page:,}, HTTP {answer.status_code}",
        )


def review_queue_measure(report, bench, small, office):
    """k. The office's review queue (/progress/review/, what waits for review, the lagging and
    late first), first and last page of the plan-period at this size against the 20,000 plan.
    No goal in the issue: a figure."""
    client = Client()
    client.force_login(office)

    def url(b, page):
        return f"/progress/review/?plan={b.plan.key}&period={b.period.label}&page={page}"

    pages = {b.plan.pk: -(-b.reports // 100) for b in (bench, small)}  # reports/review PER_PAGE
    for which, page, small_page, big, answer, little in _first_and_last(
        client, url, bench, small, pages
    ):
        report.figure(
            f"review queue {which} page at {bench.reports:,} vs at {small.reports:,}",
            f"{ms(big)} vs {ms(little)} (ratio {big / little:.2f}x; no goal set), page "
            f"{page:,} vs {small_page:,}, HTTP {answer.status_code}",
        )


def _overview_rows(plan, period):
    """What the overview page reads of its snapshot: the same querysets, rows fetched."""
    from reports import rules, selectors
    from reports.dashboards.overview import LAGGING_SHOWN

    snapshots = selectors.latest_snapshots_of([plan])
    periods = list(plan.periods.all())
    snapshot = snapshots[period.pk]
    trend = [snapshots[p.pk] for p in periods if p.pk in snapshots]
    rows = list(selectors.section_rows(snapshot))
    rows += list(selectors.unit_rows(snapshot, "lead"))
    rows += list(selectors.unit_rows_of(trend, role="county"))
    lagging = selectors.task_rows_filtered(snapshot, statuses=(rules.LAGGING, rules.NOT_REPORTED))
    rows += list(lagging[:LAGGING_SHOWN])
    return rows


def overview_measure(report, bench, office):
    """i. The overview page against reading its snapshot rows; its query count."""
    from reports import selectors

    client = Client()
    client.force_login(office)
    url = f"/dashboard/{bench.plan.key}/?period={bench.period.label}"
    client.get(url)
    plan = selectors.dashboard_plan(bench.plan.key)
    with CaptureQueriesContext(connection) as page_queries:
        _built(lambda: client.get(url))()
    count = len(page_queries)  # now: the next request empties the log it reads
    page_seconds, response, rows_seconds, rows = timed_pair(
        _built(lambda: client.get(url)), lambda: _overview_rows(plan, bench.period), repeat=5
    )
    client.get(url)
    kept_seconds, _ = timed(lambda: client.get(url), repeat=5)
    report.ratio(
        "overview page vs reading its snapshot rows",
        page_seconds,
        rows_seconds,
        3,
        what=f"HTTP {response.status_code}, {count} queries, {len(rows)} rows; the page "
        f"kept for the next reader {ms(kept_seconds)}",
    )


def _command_seconds(args, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best


def parse_plan_measure(report):
    """j. `manage.py parse_plan` of the 000 seed, beside `manage.py check` and the parse
    alone in this process."""
    from plans.documents import document_parse
    from plans.management.commands.parse_plan import Command

    (source,) = (ROOT / "fixtures" / "sources").glob("000_*.txt")
    data = source.read_bytes()
    parse_seconds, _ = timed(lambda: document_parse(data, name=source.name), repeat=3)
    command = _command_seconds(["parse_plan", str(source)])
    check = _command_seconds(["check"])
    skips = Command.requires_system_checks == []
    report.check(
        "parse_plan 000 without the system checks",
        skips,
        f"{ms(command)} a run (the parse itself {ms(parse_seconds)}; `manage.py check` alone "
        f"{ms(check)}); requires_system_checks={Command.requires_system_checks!r}",
    )
