"""Reminders and escalation (催办, DOMAIN.md "Reminders and escalation") on the real 000 plan,
whose 2022Q3 deadline is 2022-09-18: a blue reminder before the deadline, a yellow 督办单 the
day after it, a red 督办单 to the lead unit of a task red two periods running or long overdue."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from progress import services
from progress.users import user_add
from reports.models import Reminder
from reports.reminders import RED_TWICE, reminders_send
from reports.snapshots import snapshot_compute
from tasks.models import Task, TaskAssignment
from tests.api.helpers import complete_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
HRSS = "州人力资源社会保障局"
FINANCE = "州财政局"


def day(month, date, hour=8):
    return datetime.datetime(2022, month, date, hour, 0, tzinfo=SHANGHAI)


THREE_DAYS_BEFORE = day(9, 15)
DAY_AFTER = day(9, 19)


def task(plan, number):
    return Task.objects.get(plan=plan, number=number)


def report(user, plan, number, period, *, at, percent=100, problems=""):
    """user's unit submits its report on task `number` at `at`: every value asked at
    `percent`% of its goal (or the percent, where none is asked)."""
    t = task(plan, number)
    data = {
        **complete_for(t, user.profile.unit, period, Decimal(percent) / 100),
        "narrative": "按计划推进",
        "percent": percent,
        "problems": problems,
    }
    with time_machine.travel(at, tick=False):
        saved = services.report_save(
            user=user, task=task(plan, number), unit=user.profile.unit, period=period, data=data
        )
        return services.report_submit(user=user, report=saved, version=saved.version)


def send(at):
    with time_machine.travel(at, tick=False):
        return reminders_send()


def with_email(user):
    profile = user.profile
    return user_add(
        username=user.username,
        role=profile.role,
        unit=profile.unit,
        email=f"{user.username}@qdn.gov.cn",
    )


def lead_numbers(plan, unit_name):
    return list(
        TaskAssignment.objects.filter(
            task__plan=plan, role=TaskAssignment.Role.LEAD, unit__name=unit_name
        )
        .order_by("task__order")
        .values_list("task__number", flat=True)
    )


def reminder(period, unit_name, kind):
    return Reminder.objects.get(period=period, unit__name=unit_name, kind=kind)


def numbers(reminder):
    return [t.number for t in reminder.tasks.order_by("order")]


@pytest.fixture
def q3_reports(plan_000, period_q3, alice, bob):
    """Before the deadline 州财政局 has reported all its tasks (13, 20, 22); 州人社局 only 1 and 39."""
    for number in ("13", "20", "22"):
        report(bob, plan_000, number, period_q3, at=day(9, 10))
    for number in ("1", "39"):
        report(alice, plan_000, number, period_q3, at=day(9, 10))


@pytest.fixture
def people(alice, bob, leo, olivia):
    return {user.username: with_email(user) for user in (alice, leo, olivia)}


def test_three_days_before_the_deadline_units_with_missing_reports_get_a_blue_reminder(
    plan_000, period_q3, q3_reports, people
):
    created = send(THREE_DAYS_BEFORE)

    blue = reminder(period_q3, HRSS, Reminder.Kind.BLUE)
    unreported = [n for n in lead_numbers(plan_000, HRSS) if n not in ("1", "39")]
    assert numbers(blue) == unreported
    assert blue.pk in created
    assert blue.message == (
        f"{plan_000.title}2022Q3进展报告将于2022年9月18日截止报送，{HRSS}尚有"
        f"{len(unreported)}项任务未报送（序号：{'、'.join(unreported)}）。"
        "请在截止日前登录计划任务跟踪系统报送。"
    )
    # Blue goes to the unit's reporters and leaders, not to the office.
    assert {u.username for u in blue.recipients.all()} == {"alice", "leo"}
    assert set(Reminder.objects.values_list("kind", flat=True)) == {Reminder.Kind.BLUE}


def test_a_unit_that_reported_everything_gets_no_reminder(period_q3, q3_reports, people):
    send(THREE_DAYS_BEFORE)

    assert not Reminder.objects.filter(period=period_q3, unit__name=FINANCE).exists()
    # County governments owe their own reports on the tasks they are responsible for.
    county = reminder(period_q3, "凯里市人民政府", Reminder.Kind.BLUE)
    assert county.tasks.count() > 0


def test_the_blue_reminder_is_emailed_to_the_users_with_an_address(period_q3, q3_reports, people):
    send(THREE_DAYS_BEFORE)

    blue = reminder(period_q3, HRSS, Reminder.Kind.BLUE)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@qdn.gov.cn", "leo@qdn.gov.cn"]
    assert blue.emailed == 2
    first = mail.outbox[0]
    assert first.subject == f"【报送提醒】{period_q3.plan.title} 2022Q3 {HRSS}"
    assert blue.message in first.body
    # bob has no address and owes nothing; county units have no users: nothing else is sent.
    assert Reminder.objects.exclude(pk=blue.pk).filter(emailed__gt=0).count() == 0


def test_running_twice_the_same_day_or_the_next_day_sends_nothing_twice(
    period_q3, q3_reports, people
):
    first = send(THREE_DAYS_BEFORE)
    count, outbox = Reminder.objects.count(), len(mail.outbox)

    assert send(THREE_DAYS_BEFORE + datetime.timedelta(hours=3)) == []
    assert send(day(9, 16)) == []
    assert first
    assert Reminder.objects.count() == count
    assert len(mail.outbox) == outbox


def test_nothing_is_sent_earlier_than_the_reminder_days(period_q3, q3_reports, people):
    assert send(day(9, 14)) == []
    assert not Reminder.objects.exists()


def test_the_day_after_the_deadline_a_yellow_notice_goes_to_the_unit_its_leaders_and_the_office(
    plan_000, period_q3, q3_reports, people
):
    send(DAY_AFTER)

    yellow = reminder(period_q3, HRSS, Reminder.Kind.YELLOW)
    unreported = [n for n in lead_numbers(plan_000, HRSS) if n not in ("1", "39")]
    assert numbers(yellow) == unreported
    assert "已于2022年9月18日截止报送" in yellow.message
    assert f"{HRSS}仍有{len(unreported)}项任务未报送" in yellow.message
    assert {u.username for u in yellow.recipients.all()} == {"alice", "leo", "olivia"}
    assert yellow.emailed == 3
    assert not Reminder.objects.filter(unit__name=FINANCE, kind=Reminder.Kind.YELLOW).exists()
    subject = f"【督办单】{plan_000.title} 2022Q3 {HRSS}"
    assert sorted(m.to[0] for m in mail.outbox if m.subject == subject) == [
        "alice@qdn.gov.cn",
        "leo@qdn.gov.cn",
        "olivia@qdn.gov.cn",
    ]


def test_the_yellow_notice_is_on_the_page_of_the_units_leader_and_the_office_not_of_bob(
    client, period_q3, q3_reports, people, bob
):
    send(DAY_AFTER)
    yellow = reminder(period_q3, HRSS, Reminder.Kind.YELLOW)
    url = reverse("reports:reminders")

    client.login(username="leo", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert yellow in response.context["page"].object_list
    assert yellow.message in response.content.decode()
    # The office sees every unit's notices (other plans' too): paged, filtered by kind.
    client.login(username="olivia", password=PASSWORD)
    response = client.get(url, {"kind": "yellow"})
    assert response.status_code == 200
    assert yellow in response.context["page"].paginator.object_list
    client.login(username="bob", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert yellow.message not in response.content.decode()


def test_a_lead_units_task_not_reported_more_than_ten_days_after_the_deadline_gets_a_red_notice(
    plan_000, period_q2, period_q3, bob, carol, people
):
    # 22 was completed in 2022Q2 (green), so only its lateness can make it red in 2022Q3.
    for number in ("13", "20", "22"):
        report(bob, plan_000, number, period_q2, at=day(6, 10))
    snapshot_compute(plan=plan_000, period=period_q2, now=day(6, 25))
    for number in ("13", "20"):
        report(bob, plan_000, number, period_q3, at=day(9, 10))

    send(DAY_AFTER)
    assert numbers(reminder(period_q3, FINANCE, Reminder.Kind.YELLOW)) == ["22"]
    assert not Reminder.objects.filter(unit__name=FINANCE, kind=Reminder.Kind.RED).exists()
    send(day(9, 28))  # overdue 10 days: not yet more than 10
    assert not Reminder.objects.filter(unit__name=FINANCE, kind=Reminder.Kind.RED).exists()

    created = send(day(9, 29))

    red = reminder(period_q3, FINANCE, Reminder.Kind.RED)
    assert red.pk in created
    assert numbers(red) == ["22"]
    assert "序号22（逾期11天仍未报送）" in red.message
    assert {u.username for u in red.recipients.all()} == {"bob", "olivia"}
    assert red.emailed == 1  # olivia; bob has no address
    # The red notice goes to lead units only, not to the counties that also owe reports.
    lead_units = set(
        TaskAssignment.objects.filter(task__plan=plan_000, role="lead").values_list(
            "unit_id", flat=True
        )
    )
    red_units = set(
        Reminder.objects.filter(period=period_q3, kind="red").values_list("unit_id", flat=True)
    )
    assert red_units <= lead_units
    assert not Reminder.objects.filter(unit__name="凯里市人民政府", kind="red").exists()


def test_a_task_red_in_2022q2_and_in_2022q3_gets_a_red_notice_to_its_lead_unit(
    plan_000, period_q2, period_q3, bob, people
):
    problems = "资金未到位"
    report(bob, plan_000, "13", period_q2, at=day(6, 10), percent=0, problems=problems)
    for number in ("20", "22"):
        report(bob, plan_000, number, period_q2, at=day(6, 10))
    q2 = snapshot_compute(plan=plan_000, period=period_q2, now=day(6, 25))
    report(bob, plan_000, "13", period_q3, at=day(9, 10), percent=10, problems=problems)
    for number in ("20", "22"):
        report(bob, plan_000, number, period_q3, at=day(9, 10))
    assert q2.task_rows.get(task__number="13").light == "red"

    send(DAY_AFTER)

    red = reminder(period_q3, FINANCE, Reminder.Kind.RED)
    assert numbers(red) == ["13"]
    assert f"序号13（{RED_TWICE}）" in red.message
    assert "红色督办" in red.message
    # Everything was reported on time: no yellow notice.
    assert not Reminder.objects.filter(unit__name=FINANCE, kind=Reminder.Kind.YELLOW).exists()


def test_a_closed_period_gets_no_reminders(period_q3, q3_reports, people, olivia):
    services.period_close(user=olivia, period=period_q3)

    for at in (THREE_DAYS_BEFORE, DAY_AFTER, day(9, 29)):
        send(at)

    # Other plans' open periods still get theirs; the closed one gets nothing.
    assert Reminder.objects.exclude(period=period_q3).exists()
    assert not Reminder.objects.filter(period=period_q3).exists()
    assert not [m for m in mail.outbox if period_q3.plan.title in m.subject]


def test_a_reporter_sees_only_the_reminders_of_their_own_unit(
    client, period_q3, q3_reports, people, carol
):
    send(DAY_AFTER)
    client.login(username="alice", password=PASSWORD)

    response = client.get(reverse("reports:reminders"))

    shown = list(response.context["page"].object_list)
    assert shown
    assert {r.unit.name for r in shown} == {HRSS}
    assert "凯里市人民政府" not in response.content.decode()


def test_the_office_and_readers_see_all_reminders_and_the_office_filters_them(
    client, period_q3, q3_reports, people, rita
):
    send(DAY_AFTER)
    url = reverse("reports:reminders")
    total = Reminder.objects.count()

    for username in ("olivia", "rita"):
        client.login(username=username, password=PASSWORD)
        assert client.get(url).context["page"].paginator.count == total
    client.login(username="olivia", password=PASSWORD)
    red = client.get(url, {"kind": "red"}).context["page"].paginator.count
    assert red == Reminder.objects.filter(kind="red").count() > 0
    assert client.get(url, {"period": "2022Q2"}).context["page"].paginator.count == 0
    assert client.get(url, {"period": "2022Q3"}).context["page"].paginator.count == total
    bad = client.get(url, {"period": "三季度"})
    assert bad.status_code == 200
    assert "格式不对" in bad.content.decode()


def test_an_outsider_gets_403_and_an_anonymous_visitor_is_sent_to_login(client, outsider):
    url = reverse("reports:reminders")

    assert client.get(url).status_code == 302
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 403
    assert "无权查看催办提醒" in response.content.decode()


def test_the_page_issues_a_fixed_number_of_queries(
    client, period_q3, q3_reports, people, django_assert_max_num_queries
):
    send(DAY_AFTER)
    client.login(username="olivia", password=PASSWORD)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:reminders"))
    assert len(response.context["page"].object_list) > 10


def test_the_admin_lists_reminders_by_kind_period_and_unit_and_cannot_change_them(
    client, period_q3, q3_reports, people
):
    send(DAY_AFTER)
    yellow = reminder(period_q3, HRSS, Reminder.Kind.YELLOW)
    client.login(username="olivia", password=PASSWORD)

    listing = client.get(
        reverse("admin:reports_reminder_changelist"),
        {"kind__exact": "yellow", "period": period_q3.pk, "unit__id__exact": yellow.unit_id},
    )
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [yellow]
    assert "涉及任务（序号）" in listing.content.decode()
    detail = client.get(reverse("admin:reports_reminder_change", args=[yellow.pk]))
    assert detail.status_code == 200
    assert (
        client.post(reverse("admin:reports_reminder_change", args=[yellow.pk]), {}).status_code
        == 403
    )
    assert client.get(reverse("admin:reports_reminder_add")).status_code == 403
