"""Submit-to-figure latency through the running servers: a reporter of the latency unit saves
a draft through the API, submits it, and the time from the submit call to
/api/v1/completion/ showing the unit's new figure on that task is taken, 20 times."""

import time

from bench.http import Client
from bench.people import person
from bench.report import percentile
from progress import selectors
from progress.models import ProgressReport
from tasks.models import Task

POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 30


def _free_tasks(bench, count):
    """Tasks the latency unit leads and has not reported on in the period."""
    reported = ProgressReport.objects.filter(
        unit=bench.latency_unit, period=bench.period
    ).values_list("task_id", flat=True)
    return list(
        Task.objects.filter(
            plan=bench.plan, assignments__unit=bench.latency_unit, assignments__role="lead"
        )
        .exclude(pk__in=reported)
        .select_related("plan")
        .order_by("order")[:count]
    )


def _body(task, unit, period):
    """A complete report whose figure is 0.6: 600 of a 1000人 target, or 60%."""
    body = {
        "task": task.pk,
        "period": period.label,
        "narrative": "基准测试：已完成六成",
        "problems": "进度略慢",
        "next_steps": "加快推进",
    }
    asked = selectors.asked_targets(task, unit, period)
    if asked:
        body["values"] = {str(a.target.pk): "600" for a in asked}
    else:
        body["percent"] = "60"
    return body


def _shows(answer, task, report_id):
    if answer.status != 200:
        return False
    for row in answer.json()["tasks"]:
        if row["task"] == task.pk:
            return row["report"] == report_id and row["status"] != "not_reported"
    return False


def latency_measure(bench, port, *, count=20):
    """{"total": [s], "submit": [s], "failures": [text]} of `count` submissions."""
    unit, period = bench.latency_unit, bench.period
    _user, token = person("bench-latency", "reporter", unit)
    _reader, reader_token = person("bench-poller", "reader")
    writer, poller = Client(port, token=token), Client(port, token=reader_token)
    poll = (
        f"/api/v1/completion/?plan={bench.plan.pk}&period={period.label}"
        f"&unit={unit.pk}&page_size=1000"
    )
    totals, submits, failures = [], [], []
    for task in _free_tasks(bench, count):
        created = writer.post("/api/v1/progress/", _body(task, unit, period))
        if created.status != 201:
            failures.append(f"task {task.number}: create {created.status} {created.body[:200]!r}")
            continue
        report = created.json()
        started = time.perf_counter()
        submitted = writer.post(
            f"/api/v1/progress/{report['id']}/submit/", {"version": report["version"]}
        )
        submit_seconds = time.perf_counter() - started
        if submitted.status != 200:
            failures.append(
                f"task {task.number}: submit {submitted.status} {submitted.body[:200]!r}"
            )
            continue
        while not _shows(poller.get(poll), task, report["id"]):
            if time.perf_counter() - started > GIVE_UP_SECONDS:
                failures.append(f"task {task.number}: no figure after {GIVE_UP_SECONDS} s")
                break
            time.sleep(POLL_SECONDS)
        totals.append(time.perf_counter() - started)
        submits.append(submit_seconds)
    writer.close()
    poller.close()
    return {"total": totals, "submit": submits, "failures": failures}


def latency_lines(report, result, size):
    totals = result["total"]
    name = f"submit-to-figure latency at {size:,} reports"
    if len(totals) < 20 or result["failures"]:
        report.check(
            name,
            False,
            f"{len(totals)} of 20 measured; " + "; ".join(result["failures"][:3]),
        )
        if not totals:
            return
    report.below(
        f"{name}, p95 of {len(totals)}",
        percentile(totals, 95) * 1000,
        1000,
        what=f"p50 {percentile(totals, 50) * 1000:.0f} ms, max {max(totals) * 1000:.0f} ms, "
        f"the submit call itself p50 {percentile(result['submit'], 50) * 1000:.0f} ms",
    )
