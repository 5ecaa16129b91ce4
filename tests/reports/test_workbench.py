"""Each role lands where it works, and the office's workbench: per open period the reports
waiting for review and for resubmission, the lagging ones and the overdue units, each number
equal to the rows behind it and leading into the queue with its filters."""

import datetime
import html
import re
from collections import Counter

import pytest
import time_machine
from django.urls import reverse

from progress import services
from reports import rules
from reports.models import SnapshotEntry
from reports.review import workbench
from reports.snapshots import snapshot_compute
from tests.conftest import PASSWORD
from tests.reports.test_review_queue import PLAN_KEY, at, queue_url, rows, submit, task

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    "person,landing",
    [
        ("alice", "progress:my_tasks"),
        ("carol", "progress:my_tasks"),
        ("olivia", "review:workbench"),
        ("leo", "dashboards:index"),
        ("rita", "dashboards:index"),
    ],
)
def test_each_role_lands_where_it_works(client, request, person, landing):
    user = request.getfixturevalue(person)
    login(client, user)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse(landing)


def test_a_leader_lands_on_the_dashboard_and_can_find_it_again(client, leo):
    login(client, leo)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert f'href="{reverse("dashboards:index")}">领导看板</a>' in page
    assert f'href="{reverse("progress:my_tasks")}">我的任务</a>' in page


def test_the_login_form_takes_the_office_to_its_workbench(client, olivia):
    response = client.post(
        reverse("login"), {"username": "olivia", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("review:workbench")
    assert "工作台" in response.content.decode()


def test_only_the_office_has_a_workbench(client, alice, rita):
    for user in (alice, rita):
        login(client, user)
        assert client.get(reverse("review:workbench"))["Location"] == reverse("home")
        client.logout()


@pytest.fixture
def q3_work(plan_000, alice, bob, carol, olivia):
    """2022Q3 on 5 October 2022: five reports (one lagging, one returned), the rest overdue."""
    period = plan_000.periods.get(quarter=3)
    t1 = task(plan_000, "1")
    people, rate = [x.pk for x in t1.targets.filter(annual__isnull=True).order_by("order")]
    lagging = submit(
        alice,
        t1,
        period,
        when=at(9, 10),
        narrative="转移就业7600人",
        problems="外出务工需求下降",
        values={people: 7600, rate: 70},
    )
    submit(alice, task(plan_000, "39"), period, when=at(9, 11), narrative="已宣传", percent=80)
    submit(bob, task(plan_000, "20"), period, when=at(9, 20), share=1)
    returned = submit(bob, task(plan_000, "13"), period, when=at(9, 12), share=1)
    services.report_return(
        user=olivia, report=returned, version=returned.version, comment="请补充佐证"
    )
    submit(carol, task(plan_000, "39"), period, when=at(9, 12), narrative="凯里市", percent=80)
    now = datetime.datetime(2022, 10, 5, 9, 0, tzinfo=SHANGHAI)
    snapshot = snapshot_compute(plan=plan_000, period=period, now=now)
    return {"period": period, "snapshot": snapshot, "lagging": lagging, "now": now}


def _row(page, period):
    body = re.search(rf'<tr id="period-{period.pk}">(.*?)</tr>', page, re.S).group(1)
    cells = dict(re.findall(r'<td[^>]*data-col="(\w+)"[^>]*>(.*?)</td>', body, re.S))
    links = dict(re.findall(r'data-col="(\w+)"[^>]*><a href="([^"]+)"', body))
    return (
        {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in cells.items()},
        {k: html.unescape(v) for k, v in links.items()},
    )


def test_the_workbench_counts_equal_the_reports_and_entries_behind_them(
    client, q3_work, plan_000, olivia
):
    period, snapshot = q3_work["period"], q3_work["snapshot"]
    login(client, olivia)
    with time_machine.travel(q3_work["now"], tick=False):
        page = client.get(reverse("review:workbench") + f"?plan={PLAN_KEY}").content.decode()
    cells, links = _row(page, period)
    entries = SnapshotEntry.objects.filter(snapshot=snapshot)
    overdue_units = set(entries.filter(status=rules.NOT_REPORTED).values_list("unit_id", flat=True))
    assert cells["waiting"] == str(period.reports.filter(state="submitted").count()) == "4"
    assert cells["returned"] == "1"
    assert cells["lagging"] == str(entries.filter(status=rules.LAGGING).count()) == "1"
    assert cells["overdue"] == str(len(overdue_units))
    # Each number leads into the queue with its filters, which lists as many reports.
    assert links["waiting"] == queue_url(plan=PLAN_KEY, period="2022Q3", state="submitted")
    for key in ("waiting", "returned", "lagging"):
        assert len(rows(client.get(links[key]).content.decode())) == int(cells[key]), key
    assert [pk for pk, _ in rows(client.get(links["lagging"]).content.decode())] == [
        q3_work["lagging"].pk
    ]
    # The overdue list: every unit with tasks unreported after the deadline, 17 days on.
    overdue = page[page.index('id="workbench-overdue"') :]
    assert overdue.count("已逾期17天") == len(overdue_units)  # one row per unit
    assert "州人力资源社会保障局" in overdue  # it has other tasks unreported
    # Each unit's number of unreported tasks is its entries', whatever its roles (read from
    # the snapshot's unit rows, which hold a row a role).
    with time_machine.travel(q3_work["now"], tick=False):
        (work,) = [w for w in workbench.work_by_period(plan=plan_000) if w.period == period]
    unreported = Counter(
        entries.filter(status=rules.NOT_REPORTED).values_list("unit_id", flat=True)
    )
    assert {o.unit_id: o.tasks for o in work.overdue} == dict(unreported)
    assert work.lagging == entries.filter(status=rules.LAGGING).count()
    # 2022Q4 has begun on 5 October (it is listed), its deadline is ahead.
    q4 = plan_000.periods.get(quarter=4)
    q4_row = re.search(rf'<tr id="period-{q4.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "2022-12-18" in q4_row and "已过" not in q4_row


def test_the_workbench_reads_a_fixed_number_of_queries(client, q3_work, olivia, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, olivia)
    client.get(reverse("review:workbench"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("review:workbench"))
    submit(bob, task(q3_work["period"].plan, "22"), q3_work["period"], when=at(9, 14), share=1)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("review:workbench"))
    assert len(before) == len(after) <= 12
