"""The jobs through Celery: a real worker over Redis under CI, in-process otherwise."""

import datetime
import io
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from reports import bulletins
from reports.bulletins import bulletin_make, bulletin_request
from reports.models import Bulletin, Snapshot
from tests.conftest import jobs_routed_to

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def bulletin_files():
    folder = Path(settings.MEDIA_ROOT) / "bulletins"
    return sorted(p.name for p in folder.glob("*")) if folder.exists() else []


def test_a_submitted_report_is_recomputed_by_the_job(celery_worker, plan_000, alice, period_q3):
    from progress import services
    from tasks.models import Task

    task = Task.objects.get(plan=plan_000, number="39")
    report = services.report_save(
        user=alice,
        task=task,
        unit=alice.profile.unit,
        period=period_q3,
        data={"narrative": "完成宣传", "percent": "100"},
    )
    services.report_submit(user=alice, report=report, version=report.version)

    def live_status():
        live = Snapshot.objects.filter(period=period_q3, live=True).first()
        return live and live.task_rows.get(task=task).status

    # The live figures follow the submission through the job (the worker under CI).
    assert wait_for(lambda: live_status() == "completed"), live_status()


def test_a_bulletin_is_made_by_the_job(celery_worker, plan_000, olivia, period_q3):
    bulletin = bulletin_request(user=olivia, plan=plan_000, period=period_q3)
    assert wait_for(lambda: Bulletin.objects.get(pk=bulletin.pk).state == "ready")
    bulletin.refresh_from_db()
    book = load_workbook(io.BytesIO(bulletin.file.read()))
    assert book.sheetnames[0] == "总体情况"
    assert bulletin.snapshot.period == period_q3


def test_a_worker_killed_mid_bulletin_leaves_none_half_written_and_the_job_completes_on_retry(
    worker_factory, plan_000, olivia, period_q3, tmp_path, monkeypatch
):
    if worker_factory is None:
        # Eager Celery: the job dies in the same way (an exception that is not an error,
        # as a killed process would), then runs again.
        original = bulletins.bulletin_workbook

        def dies(snapshot, **options):
            raise SystemExit("worker killed")

        monkeypatch.setattr(bulletins, "bulletin_workbook", dies)
        bulletin = Bulletin.objects.create(
            plan=plan_000, period=period_q3, requested_at=olivia.date_joined
        )
        with pytest.raises(SystemExit):
            bulletin_make(bulletin_id=bulletin.pk)
        bulletin.refresh_from_db()
        assert (bulletin.state, bulletin.file.name) == ("running", "")
        assert bulletin_files() == []
        monkeypatch.setattr(bulletins, "bulletin_workbook", original)
        bulletin = bulletin_make(bulletin_id=bulletin.pk)
    else:
        queue = f"killed-{uuid.uuid4().hex[:8]}"
        with jobs_routed_to(queue):
            marker = tmp_path / "writing"
            slow = worker_factory(queue).start(
                app_module="tests.slow_worker", SLOW_WORKER_MARKER=str(marker)
            )
            bulletin = bulletin_request(user=olivia, plan=plan_000, period=period_q3)
            assert wait_for(marker.exists), "the slow worker never started the bulletin"
            slow.kill()
            bulletin.refresh_from_db()
            assert (bulletin.state, bulletin.file.name) == ("running", "")
            assert bulletin_files() == []
            # Its heartbeat falls silent; the sweep (every minute) queues it again for a new
            # worker, long before the broker would give the unacknowledged job back.
            worker_factory(queue).start()
            later = timezone.now() + datetime.timedelta(seconds=settings.BULLETIN_STALE_SECONDS + 1)
            assert bulletin.pk in bulletins.bulletins_revive(now=later)
            assert wait_for(lambda: Bulletin.objects.get(pk=bulletin.pk).state == "ready", 120)
        bulletin.refresh_from_db()
    assert bulletin.state == "ready"
    assert Bulletin.objects.filter(plan=plan_000, period=period_q3).count() == 1
    # The workbook and the 公文, nothing else (no temporary file left by the killed run).
    assert bulletin_files() == sorted(
        Path(name).name for name in (bulletin.file.name, bulletin.document.name)
    )
    assert load_workbook(io.BytesIO(bulletin.file.read())).sheetnames[0] == "总体情况"
