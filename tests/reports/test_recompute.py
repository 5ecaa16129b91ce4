"""Recomputes are coalesced, bulletins that fail say so, downloads never carry formulas."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from progress import services
from reports import bulletins
from reports.models import Bulletin, RecomputeRequest
from reports.snapshots import (
    figures_refresh,
    recompute_request,
    recompute_sweep,
    recomputes_deferred,
    snapshot_compute,
)
from tasks.models import Task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_burst_of_report_changes_marks_each_task_once_and_one_job_takes_them_all(
    plan_000, period_q3, django_capture_on_commit_callbacks
):
    t1, t2 = (Task.objects.get(plan=plan_000, number=n) for n in ("1", "2"))
    with django_capture_on_commit_callbacks() as queued:
        for task in (t1, t2, t1, t1):
            recompute_request(period_id=period_q3.pk, task_id=task.pk)
    assert len(queued) == 4  # a job per change ...
    marks = RecomputeRequest.objects.filter(period=period_q3)
    assert sorted(marks.values_list("task_id", flat=True)) == sorted([t1.pk, t2.pk])
    first = figures_refresh(period_id=period_q3.pk)  # ... the first takes every mark
    assert first is not None and not marks.exists()
    assert figures_refresh(period_id=period_q3.pk) is None  # the others find nothing


@pytest.mark.parametrize("whole", [False, True], ids=["task", "period"])
def test_a_change_marked_while_the_job_computes_stays_for_the_next_job(
    monkeypatch, plan_000, period_q3, whole
):
    """The job deletes the marks it read, as it read them: a report changed meanwhile (its
    mark made again) is left for the next job, never taken with figures that miss it."""
    from reports.snapshots import requests

    t1, t2 = (Task.objects.get(plan=plan_000, number=n) for n in ("1", "2"))
    snapshot_compute(plan=plan_000, period=period_q3)
    for task in (t1, t2):
        recompute_request(period_id=period_q3.pk, task_id=task.pk)
    if whole:
        recompute_request(period_id=period_q3.pk)
    changed = t2.pk if not whole else None
    compute = requests.snapshot_compute if whole else requests.snapshot_tasks_refresh

    def computing(**kwargs):
        # Another request, as if during the job's computing: t2 changed again, or the plan.
        recompute_request(period_id=period_q3.pk, task_id=changed)
        return compute(**kwargs)

    monkeypatch.setattr(
        requests, "snapshot_compute" if whole else "snapshot_tasks_refresh", computing
    )
    assert figures_refresh(period_id=period_q3.pk) is not None
    left = RecomputeRequest.objects.filter(period=period_q3)
    assert list(left.values_list("task_id", flat=True)) == [changed]
    monkeypatch.undo()
    assert figures_refresh(period_id=period_q3.pk) is not None  # the next job takes it
    assert not left.exists()


def test_a_bulk_load_collects_the_periods_instead_of_marking(period_q2, period_q3):
    with recomputes_deferred() as periods:
        recompute_request(period_id=period_q2.pk)
        recompute_request(period_id=period_q3.pk)
        recompute_request(period_id=period_q3.pk)
    assert periods == {period_q2.pk, period_q3.pk}
    assert not RecomputeRequest.objects.exists()


def test_marks_whose_job_was_lost_are_queued_again_by_the_sweep(
    plan_000, period_q3, django_capture_on_commit_callbacks
):
    task = Task.objects.get(plan=plan_000, number="1")
    with django_capture_on_commit_callbacks():
        recompute_request(period_id=period_q3.pk, task_id=task.pk)  # its job never ran
    assert recompute_sweep() == []  # not yet: its job may still be on its way
    RecomputeRequest.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    assert recompute_sweep() == [period_q3.pk]


def test_a_bulletin_that_fails_is_marked_failed_and_the_page_stops_waiting(
    plan_000, period_q3, olivia, client, monkeypatch
):
    def broken(snapshot, **options):
        raise ValueError("写入失败")

    monkeypatch.setattr(bulletins, "bulletin_workbook", broken)
    bulletin = bulletins.bulletin_create(plan=plan_000, period=period_q3, queue=False)
    with pytest.raises(ValueError):
        bulletins.bulletin_make(bulletin_id=bulletin.pk)
    bulletin.refresh_from_db()
    assert (bulletin.state, bulletin.error) == ("failed", "ValueError: 写入失败")
    client.login(username="olivia", password=PASSWORD)
    page = client.get(reverse("reports:bulletins"), {"plan": plan_000.key, "period": "2022Q3"})
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert "生成失败" in page.content.decode()


def test_a_failed_scheduled_bulletin_is_tried_again_at_the_next_tick(plan_000, period_q3):
    failed = Bulletin.objects.create(
        plan=plan_000,
        period=period_q3,
        trigger="scheduled",
        state="failed",
        requested_at=timezone.now(),
    )
    queued = bulletins.bulletins_due(now=timezone.make_aware(timezone.datetime(2022, 9, 20, 7)))
    assert failed.pk in queued
    failed.refresh_from_db()
    assert failed.state == "pending"
    assert Bulletin.objects.filter(trigger="scheduled", period=period_q3).count() == 1


def test_a_bulletin_is_asked_for_only_for_the_plan_and_period_named(client, olivia, plan_000):
    client.login(username="olivia", password=PASSWORD)
    for data in (
        {"plan": plan_000.key, "period": "2022Q9"},
        {"plan": "nope", "period": "2022Q3"},
        {"plan": plan_000.key, "period": "2022Q1"},
    ):
        response = client.post(reverse("reports:bulletins"), data, follow=True)
        assert "未生成通报" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_dashboard_downloads_write_a_reporters_text_as_text(
    client, olivia, alice, plan_000, period_q3
):
    task = Task.objects.get(plan=plan_000, number="39")
    report = services.report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q3,
        data={
            "narrative": "推进",
            "percent": "10",
            "problems": '=HYPERLINK("http://evil.example","点击")',
        },
    )
    services.report_submit(user=alice, report=report, version=report.version)
    snapshot_compute(plan=plan_000, period=period_q3)
    client.login(username="olivia", password=PASSWORD)
    url = reverse("dashboards:overview_download", args=[plan_000.key, "lagging"]) + "?period=2022Q3"
    response = client.get(url)
    assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)
