"""Bulletins through faults: concurrent requests for one plan-period, the broker down when one
is asked for, a job whose worker died. Each gives correct bulletins, never an error, a page
waiting for ever, or files nobody points at."""

import datetime
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports import bulletins
from reports.bulletins import QUEUE_FAILED, bulletin_request, bulletins_revive
from reports.models import Bulletin
from tests.conftest import PASSWORD, jobs_routed_to
from tests.reports.test_jobs import bulletin_files, wait_for
from tests.security.conftest import broker_down

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bulletin_asked_for_with_the_broker_down_fails_with_a_message_then_is_made(
    celery_worker, client, plan_000, olivia, period_q3
):
    with broker_down():
        bulletin = bulletin_request(user=olivia, plan=plan_000, period=period_q3)
        bulletin.refresh_from_db()
        assert (bulletin.state, bulletin.error) == ("failed", QUEUE_FAILED)
        client.login(username="olivia", password=PASSWORD)
        page = client.get(reverse("reports:bulletins"), {"plan": plan_000.key, "period": "2022Q3"})
        html = page.content.decode()
        assert 'http-equiv="refresh"' not in html  # the page stops waiting
        assert "消息队列暂不可用" in html
    # The broker is back: the sweep queues it again.
    assert bulletin.pk in bulletins_revive()
    assert wait_for(lambda: Bulletin.objects.get(pk=bulletin.pk).state == "ready", 120)


def test_a_running_bulletin_whose_heartbeat_stopped_is_made_again(plan_000, period_q3, olivia):
    bulletin = Bulletin.objects.create(
        plan=plan_000,
        period=period_q3,
        requested_at=timezone.now(),
        state=Bulletin.State.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    assert bulletins_revive() == []  # alive: left alone
    later = timezone.now() + datetime.timedelta(seconds=settings.BULLETIN_STALE_SECONDS + 1)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert bulletins_revive(now=later) == [bulletin.pk]  # made again, in-process
    else:
        with jobs_routed_to("nobody-listens-here"):
            assert bulletins_revive(now=later) == [bulletin.pk]
    bulletin.refresh_from_db()
    assert bulletin.state in ("pending", "ready")


def test_concurrent_bulletins_of_one_period_are_each_complete_with_no_stray_file(
    worker_factory, plan_000, olivia, period_q3
):
    queue = "bulletins-burst"
    with jobs_routed_to(queue):
        if worker_factory is not None:
            worker_factory(queue).start()
            worker_factory(queue).start()
        made, errors = [], []

        def ask():
            try:
                made.append(bulletin_request(user=olivia, plan=plan_000, period=period_q3).pk)
            except Exception as error:  # any error fails the test below
                errors.append(error)
            finally:
                connection.close()

        if connection.vendor == "sqlite":  # one writer at a time: asked in a row
            for _ in range(4):
                ask()
        else:
            threads = [threading.Thread(target=ask) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert errors == [] and len(made) == 4

        def all_ready():
            return set(Bulletin.objects.filter(pk__in=made).values_list("state", flat=True)) == {
                "ready"
            }

        assert wait_for(all_ready, 180), list(
            Bulletin.objects.filter(pk__in=made).values_list("state", "error")
        )
    done = list(Bulletin.objects.filter(pk__in=made))
    # One 文号 for the plan-period, each bulletin its own frozen snapshot and its two files.
    assert len({b.number_id for b in done}) == 1
    assert len({b.snapshot_id for b in done}) == 4
    expected = sorted(Path(name).name for b in done for name in (b.file.name, b.document.name))
    assert bulletin_files() == expected
    for bulletin in done:
        assert bulletin.snapshot.bulletins.filter(pk=bulletin.pk).exists()
    assert bulletins.Bulletin.objects.filter(state="failed").count() == 0
