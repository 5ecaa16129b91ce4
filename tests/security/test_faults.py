"""Faults: with Redis down (the broker, the result store and the doors' cache) logins, tokens
and report saves and submissions through the page, the API and Excel still work; what the
figures missed is kept as a mark in the database and recomputed by the sweep (a beat job every
minute) once Redis is back, with no new report; a worker killed inside a recompute loses
nothing either. Under CI: real PostgreSQL, Redis and workers (the web side alone is pointed at
a dead port); without CI: SQLite and eager Celery, the same assertions."""

import datetime
import logging
import time
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from progress import services
from progress.excel import template_import
from reports.models import RecomputeRequest, Snapshot
from reports.schedules import schedules_ensure
from reports.snapshots import figures_refresh, recompute_sweep
from reports.snapshots import requests as recompute
from tests.api.helpers import complete_for, task
from tests.conftest import PASSWORD, jobs_routed_to
from tests.progress.test_excel import download, fill
from tests.security.conftest import broker_down


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def live_status(period, number):
    live = Snapshot.objects.filter(period=period, live=True).first()
    row = live and live.task_rows.filter(task__number=number).first()
    return row and row.status


def marked(period):
    return set(
        RecomputeRequest.objects.filter(period=period).values_list("task__number", flat=True)
    )


def sweep_later():
    """The sweep as beat runs it once the marks are older than RECOMPUTE_SWEEP_SECONDS."""
    later = timezone.now() + datetime.timedelta(seconds=settings.RECOMPUTE_SWEEP_SECONDS + 1)
    return recompute_sweep(now=later)


def form_data(the_task, unit, period, action="submit"):
    data = complete_for(the_task, unit, period)
    form = {key: data[key] for key in ("narrative", "percent", "problems", "next_steps")}
    return {**form, "version": "", "action": action}


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_logins_tokens_and_reports_work_and_the_figures_catch_up_when_it_is_back(
    celery_worker, redis_down, plan_000, alice, bob, period_q3, caplog
):
    t39, t13 = task(plan_000, "39"), task(plan_000, "13")
    before = {n: live_status(period_q3, n) for n in ("39", "13", "5")}
    assert before == {"39": "not_reported", "13": "not_reported", "5": "not_reported"}

    with broker_down():
        # A person signs in on the page and sends the report form (save and submit).
        page = Client(REMOTE_ADDR="198.51.100.20")
        login = page.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
        assert login.status_code == 302
        url = reverse("progress:report_form", args=[plan_000.key, "2022Q3", "39"])
        response = page.post(url, form_data(t39, alice.profile.unit, period_q3))
        assert response.status_code == 302, response.content.decode()[:2000]

        # Another system takes a token and pushes a report through the API.
        token = APIClient(REMOTE_ADDR="198.51.100.21").post(
            "/api/v1/auth/token/", {"username": "bob", "password": PASSWORD}
        )
        assert token.status_code == 200
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        body = {
            "task": t13.pk,
            "period": "2022Q3",
            **complete_for(t13, bob.profile.unit, period_q3),
        }
        created = api.post("/api/v1/progress/", body, format="json")
        assert created.status_code == 201, created.json()
        report = created.json()
        submitted = api.post(
            f"/api/v1/progress/{report['id']}/submit/", {"version": report["version"]}
        )
        assert submitted.status_code == 200, submitted.json()

        # And an Excel template comes back filled in.
        data = fill(
            download(alice, period_q3),
            {"5": {"进展情况": "已完成", "实际值①": 1, "存在问题": "无", "操作": "报送"}},
        )
        assert template_import(user=alice, data=data).submitted == 1

        # Saved and submitted, marked for the figures; the jobs could not be queued.
        assert any("未能排队" in r.getMessage() for r in caplog.records)
        assert {"39", "13", "5"} <= marked(period_q3)
        assert {n: live_status(period_q3, n) for n in ("39", "13", "5")} == before

    # Redis is back. No new report: beat's sweep queues the period's job, the figures catch up.
    assert period_q3.pk in sweep_later()
    assert wait_for(lambda: live_status(period_q3, "39") == "completed"), live_status(
        period_q3, "39"
    )
    assert live_status(period_q3, "13") == "completed"
    assert live_status(period_q3, "5") == "completed"
    assert wait_for(lambda: not marked(period_q3))


@pytest.mark.django_db
def test_a_failed_publish_is_logged_once_per_request_and_every_mark_is_kept(
    plan_000, olivia, caplog, django_capture_on_commit_callbacks
):
    """A task closed in a plan of many periods marks it in each; with the broker down the
    request tries the broker once, not once per period (each try costs up to a timeout)."""
    periods = list(plan_000.periods.values_list("pk", flat=True))
    assert len(periods) >= 3
    t13 = task(plan_000, "13")
    caplog.set_level(logging.INFO, logger="reports.snapshots.requests")
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        services.task_close(
            user=olivia, task=t13, period=plan_000.periods.first(), reason="已并入其他任务"
        )
    tried = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(tried) == 1
    assert "待重算标记已保存" in tried[0].getMessage()
    assert tried[0].exc_info is not None  # the broker's error, for whoever reads the log
    skipped = [r for r in caplog.records if r.levelno == logging.INFO]
    assert len(skipped) == len(periods) - 1
    marks = RecomputeRequest.objects.filter(task=t13)
    assert sorted(marks.values_list("period_id", flat=True)) == sorted(periods)


@pytest.mark.django_db
def test_the_broker_is_tried_again_after_a_while_and_at_once_after_a_reset(monkeypatch):
    calls = []
    monkeypatch.setattr(recompute, "BROKER_RETRY_AFTER", 30)
    from reports import jobs

    def refuse(period_id):
        calls.append(period_id)
        raise ConnectionRefusedError("Redis down")

    monkeypatch.setattr(jobs.snapshot_compute_job, "delay", refuse)
    monkeypatch.setitem(jobs.snapshot_compute_job.app.conf, "task_always_eager", False)
    try:
        assert recompute._publish(1) is False
        assert recompute._publish(2) is False
        assert calls == [1]
        recompute._broker_down_until[0] = time.monotonic() - 1  # thirty seconds later
        assert recompute._publish(3) is False
        assert calls == [1, 3]
        recompute.broker_reset()
        assert recompute._publish(4) is False
        assert calls == [1, 3, 4]
    finally:
        recompute.broker_reset()


@pytest.mark.django_db
def test_the_sweep_is_scheduled_every_minute():
    created = dict(schedules_ensure())
    assert created["补算待重算的完成率"] is True
    from django_celery_beat.models import PeriodicTask

    sweep = PeriodicTask.objects.get(name="补算待重算的完成率")
    assert sweep.task == "reports.jobs.recompute_sweep_job"
    assert sweep.enabled
    crontab = sweep.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("*", "*", "*")
    # Run again (every deployment does): nothing doubles, the office's edits stay.
    assert dict(schedules_ensure())["补算待重算的完成率"] is False
    assert PeriodicTask.objects.filter(task="reports.jobs.recompute_sweep_job").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_a_recompute_loses_no_mark_and_the_sweep_catches_up(
    worker_factory, plan_000, alice, period_q3, tmp_path, monkeypatch
):
    t39 = task(plan_000, "39")
    unit = alice.profile.unit
    data = complete_for(t39, unit, period_q3)
    queue = f"killed-{uuid.uuid4().hex[:8]}"
    with jobs_routed_to(queue):
        if worker_factory is None:
            # Eager Celery: the job dies as a killed process would (not an error), inside
            # its transaction.
            with broker_down():
                report = services.report_save(
                    user=alice, task=t39, unit=unit, period=period_q3, data=data
                )
                services.report_submit(user=alice, report=report, version=report.version)
            assert "39" in marked(period_q3)

            def killed(**kwargs):
                raise SystemExit("worker killed")

            monkeypatch.setattr(recompute, "snapshot_tasks_refresh", killed)
            with pytest.raises(SystemExit):
                figures_refresh(period_id=period_q3.pk)
            monkeypatch.undo()
        else:
            marker = tmp_path / "computing"
            slow = worker_factory(queue).start(
                app_module="tests.slow_figures_worker", SLOW_WORKER_MARKER=str(marker)
            )
            report = services.report_save(
                user=alice, task=t39, unit=unit, period=period_q3, data=data
            )
            services.report_submit(user=alice, report=report, version=report.version)
            assert wait_for(marker.exists), "the slow worker never started the recompute"
            slow.kill()
            worker_factory(queue).start()
        # The job had taken the marks; dying, it gave them back (its transaction).
        assert "39" in marked(period_q3)
        assert live_status(period_q3, "39") == "not_reported"

        # Within a minute beat's sweep queues the period again (the unacknowledged job itself
        # would come back only after the visibility timeout, an hour).
        assert period_q3.pk in sweep_later()
        assert wait_for(lambda: live_status(period_q3, "39") == "completed", 120)
    assert not marked(period_q3)
