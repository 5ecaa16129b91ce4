"""A unit's home shows its open 督办单 until the tasks they name are reported (DOMAIN.md
"Reminders and escalation": a unit's home page shows those still open); the office's
workbench counts them. On the real 000 plan's 2022Q3 notices (deadline 2022-09-18)."""

import pytest
from django.urls import reverse

from reports.models import Reminder
from reports.supervision.open import open_counts, open_notices
from tests.conftest import PASSWORD
from tests.reports.test_reminders import DAY_AFTER, day, report, send
from tests.reports.test_reminders_by_hand import q3_reports  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(plan_000, period_q3, q3_reports, alice):  # noqa: F811
    send(DAY_AFTER)
    return Reminder.objects.get(period=period_q3, unit=alice.profile.unit, kind="yellow")


def test_a_notice_stays_open_until_every_task_it_names_is_reported(
    plan_000, period_q3, notice, alice
):
    unit = alice.profile.unit
    (shown,) = [n for n in open_notices(unit=unit) if n.pk == notice.pk]
    numbers = [t.number for t in notice.tasks.order_by("order")]
    assert [t.number for t in shown.open_tasks] == numbers
    first, *rest = numbers
    report(alice, plan_000, first, period_q3, at=day(9, 20))
    (shown,) = [n for n in open_notices(unit=unit) if n.pk == notice.pk]
    assert [t.number for t in shown.open_tasks] == rest
    for number in rest:
        report(alice, plan_000, number, period_q3, at=day(9, 21))
    assert notice.pk not in {n.pk for n in open_notices(unit=unit)}


def test_the_unit_page_and_my_tasks_list_the_open_notice(client, plan_000, notice, alice, bob):
    client.login(username="alice", password=PASSWORD)
    document = reverse("reports:reminder_document", args=[notice.pk])
    for url in (
        reverse("progress:my_tasks") + "?plan=" + plan_000.key + "&period=2022Q3",
        reverse("dashboards:unit", args=[alice.profile.unit.pk]) + "?plan=" + plan_000.key,
    ):
        page = client.get(url).content.decode()
        assert "未办结的督办单" in page, url
        assert document in page
    client.logout()
    client.login(username="bob", password=PASSWORD)  # 州财政局 reported everything
    page = client.get(reverse("progress:my_tasks")).content.decode()
    assert "未办结的督办单" not in page


def test_the_workbench_counts_open_notices(client, plan_000, notice, olivia):
    counts = open_counts()
    assert counts.notices == Reminder.objects.filter(kind__in=("yellow", "red")).count()
    assert counts.units >= 1
    client.login(username="olivia", password=PASSWORD)
    page = client.get(reverse("review:workbench")).content.decode()
    assert "未办结的督办单：" in page
    assert f"<strong>{counts.notices}</strong>份" in page
