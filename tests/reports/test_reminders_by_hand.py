"""催办 by hand (DOMAIN.md "Reminders and escalation": the office can also issue them by
hand), on the real 000 plan whose 2022Q3 deadline is 2022-09-18."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from progress.errors import NotAllowed
from reports.models import Reminder
from reports.snapshots import snapshot_compute
from reports.supervision.sending import reminders_preview, reminders_send_by_hand
from tests.conftest import PASSWORD
from tests.reports.test_reminders import (
    DAY_AFTER,
    FINANCE,
    HRSS,
    THREE_DAYS_BEFORE,
    day,
    lead_numbers,
    numbers,
    report,
    send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3_reports(plan_000, period_q3, alice, bob):
    """州财政局 has reported all its tasks, 州人社局 only 1 and 39; the figures are computed
    after them (as the job that follows reports does once their transaction commits)."""
    for number in ("13", "20", "22"):
        report(bob, plan_000, number, period_q3, at=day(9, 10))
    for number in ("1", "39"):
        report(alice, plan_000, number, period_q3, at=day(9, 10))
    with time_machine.travel(day(9, 10, 12), tick=False):
        snapshot_compute(plan=plan_000, period=period_q3)


def by_hand(user, period, at, units=None):
    with time_machine.travel(at, tick=False):
        return reminders_send_by_hand(user=user, period=period, units=units)


def test_the_preview_names_the_units_owing_reports_and_their_tasks(plan_000, period_q3, q3_reports):
    with time_machine.travel(THREE_DAYS_BEFORE, tick=False):
        notices = reminders_preview(period=period_q3)
    by_unit = {n.unit.name: n for n in notices}
    assert FINANCE not in by_unit  # reported everything
    hrss = by_unit[HRSS]
    assert hrss.kind == Reminder.Kind.BLUE
    assert [t.number for t in hrss.tasks] == [
        n for n in lead_numbers(plan_000, HRSS) if n not in ("1", "39")
    ]
    with time_machine.travel(DAY_AFTER, tick=False):
        after = reminders_preview(period=period_q3)
    assert {n.kind for n in after} == {Reminder.Kind.YELLOW}


def test_the_office_sends_to_every_unit_owing_reports_even_after_the_schedule_did(
    plan_000, period_q3, q3_reports, olivia, alice
):
    send(DAY_AFTER)
    scheduled = Reminder.objects.get(period=period_q3, unit__name=HRSS, kind="yellow")
    assert not scheduled.manual and scheduled.sent_by is None

    made = by_hand(olivia, period_q3, DAY_AFTER)

    units = {r.unit.name for r in made}
    assert HRSS in units and FINANCE not in units
    again = next(r for r in made if r.unit.name == HRSS)
    assert again.pk != scheduled.pk
    assert again.kind == Reminder.Kind.YELLOW and again.manual
    assert again.sent_by == olivia and again.sent_by_name == "olivia"
    assert numbers(again) == numbers(scheduled)
    assert {u.username for u in again.recipients.all()} == {"alice", "olivia"}
    assert Reminder.objects.filter(period=period_q3, unit__name=HRSS, kind="yellow").count() == 2
    # And again: by hand any number of times.
    by_hand(olivia, period_q3, DAY_AFTER)
    assert Reminder.objects.filter(period=period_q3, unit__name=HRSS, kind="yellow").count() == 3


def test_the_schedule_still_sends_its_own_after_one_by_hand(
    plan_000, period_q3, q3_reports, olivia
):
    by_hand(olivia, period_q3, DAY_AFTER)
    created = send(DAY_AFTER)
    assert Reminder.objects.filter(unit__name=HRSS, kind="yellow", manual=False).count() == 1
    assert created


def test_sent_by_hand_to_chosen_units_only_and_emailed(
    plan_000, period_q3, q3_reports, olivia, alice, carol
):
    from progress.users import user_add

    user_add(username="alice", role="reporter", unit=alice.profile.unit, email="a@qdn.gov.cn")
    hrss = alice.profile.unit
    made = by_hand(olivia, period_q3, THREE_DAYS_BEFORE, units=[hrss])
    assert [(r.unit.name, r.kind) for r in made] == [(HRSS, Reminder.Kind.BLUE)]
    assert made[0].emailed == 1
    (message,) = mail.outbox
    assert message.to == ["a@qdn.gov.cn"]
    assert message.subject.startswith("【报送提醒】")


def test_only_the_office_sends_by_hand(plan_000, period_q3, alice, leo, rita):
    for user in (alice, leo, rita):
        with pytest.raises(NotAllowed):
            by_hand(user, period_q3, DAY_AFTER)
    assert not Reminder.objects.exists()


def test_the_send_page_previews_and_sends(client, plan_000, period_q3, q3_reports, olivia):
    client.login(username="olivia", password=PASSWORD)
    url = reverse("reports:reminders_send")
    with time_machine.travel(DAY_AFTER, tick=False):
        page = client.get(url, {"plan": plan_000.key, "period": "2022Q3"})
        assert page.status_code == 200
        text = page.content.decode()
        assert HRSS in text and "督办单（黄）" in text and FINANCE not in text
        hrss = page.context["notices"][0].unit
        response = client.post(
            url, {"plan": plan_000.key, "period": "2022Q3", "scope": "chosen", "unit": [hrss.pk]}
        )
    assert response.status_code == 302
    (made,) = Reminder.objects.filter(manual=True)
    assert made.unit == hrss
    listing = client.get(reverse("reports:reminders")).content.decode()
    assert "手动（olivia）" in listing
    assert reverse("reports:reminder_document", args=[made.pk]) in listing


def test_a_reporter_cannot_open_the_send_page(client, plan_000, alice):
    client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("reports:reminders_send")).status_code == 403
    assert client.post(reverse("reports:reminders_send"), {}).status_code == 403


def test_the_demo_sends_the_reminders_of_its_period_once(plan_000, olivia):
    from reports.demo import demo_reminders_send
    from reports.selectors import default_period

    sent = demo_reminders_send()
    period = default_period(plan_000)
    assert sent > 0
    assert Reminder.objects.filter(period=period, manual=True, sent_by=olivia).count() == sent
    assert demo_reminders_send() == 0
