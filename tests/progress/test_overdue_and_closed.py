"""What the reporting pages say about time: a report not submitted after its period's deadline
is marked 已逾期N天 on my-tasks and on its form (截止还有N天 before), and a closed period is
read-only on every page for everyone but the office."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from progress import services
from tasks.models import Task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PLAN_KEY = "000_c5d4690d8c15b8df"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def on(month, day, hour=10):
    return time_machine.travel(datetime.datetime(2022, month, day, hour, tzinfo=SHANGHAI))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def my_tasks(client, period="2022Q3"):
    url = reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period={period}"
    return client.get(url).content.decode()


def form(client, number, period="2022Q3", unit=None):
    url = reverse("progress:report_form", args=[PLAN_KEY, period, number])
    return client.get(url + (f"?unit={unit.pk}" if unit else ""))


def row(page, number):
    start = page.index(f'<tr id="task-{number}">')
    return page[start : page.index("</tr>", start)]


def submitted(user, number, period):
    task = Task.objects.get(plan__key=PLAN_KEY, number=number)
    report = services.report_save(
        user=user,
        task=task,
        unit=user.profile.unit,
        period=period,
        data={"narrative": "已完成", "percent": "100"},
    )
    return services.report_submit(user=user, report=report, version=report.version)


def test_three_days_after_the_deadline_unsubmitted_reports_are_marked_overdue(
    client, alice, period_q3
):
    """The deadline of 2022Q3 is 9月18日; on 9月21日 an unsubmitted report is 3 days overdue."""
    with on(9, 10):
        submitted(alice, "39", period_q3)
        services.report_save(
            user=alice,
            task=Task.objects.get(plan__key=PLAN_KEY, number="4"),
            unit=alice.profile.unit,
            period=period_q3,
            data={"narrative": "草稿"},
        )
    login(client, alice)
    with on(9, 21):
        page = my_tasks(client)
        assert "已逾期3天" in row(page, "1")  # nothing written
        assert "已逾期3天" in row(page, "4")  # a draft
        assert "已逾期" not in row(page, "39")  # submitted before the deadline
        assert "已过截止日3天" in page
        assert "已逾期3天" in form(client, "1").content.decode()
        assert "已逾期" not in form(client, "39").content.decode()


def test_before_the_deadline_the_pages_count_the_days_left(client, alice, period_q3):
    login(client, alice)
    with on(9, 15):
        page = my_tasks(client)
        assert "截止还有3天" in row(page, "1")
        assert "已逾期" not in page
        assert "截止还有3天" in form(client, "1").content.decode()
    with on(9, 18, hour=23):
        assert "今天截止" in row(my_tasks(client), "1")
    with on(9, 19, hour=0):
        assert "已逾期1天" in row(my_tasks(client), "1")


@pytest.fixture
def closed_q3(period_q3, alice, olivia):
    with on(9, 10):
        report = submitted(alice, "39", period_q3)
        services.report_save(
            user=alice,
            task=Task.objects.get(plan__key=PLAN_KEY, number="1"),
            unit=alice.profile.unit,
            period=period_q3,
            data={"narrative": "草稿"},
        )
    services.period_close(user=olivia, period=period_q3)
    return report


@pytest.mark.parametrize("person", ["alice", "leo"])
def test_a_closed_period_is_read_only_for_the_units_people(
    client, request, closed_q3, period_q3, person
):
    login(client, request.getfixturevalue(person))
    page = my_tasks(client)
    assert "报告期已关闭" in page
    assert reverse("progress:template_upload", args=[PLAN_KEY, "2022Q3"]) not in page
    assert "填报</a>" not in page  # every task opens read-only (查看)
    for number in ("1", "39", "5"):
        response = form(client, number)
        assert response.status_code == 200
        text = response.content.decode()
        assert "报告期已关闭" in text
        assert "保存草稿" not in text and ">报送</button>" not in text
        assert 'type="file"' not in text  # no 佐证材料 upload either
    assert "<fieldset disabled" in form(client, "1").content.decode()  # the draft, shown
    upload = client.get(reverse("progress:template_upload", args=[PLAN_KEY, "2022Q3"]))
    assert "报告期已关闭" in upload.content.decode()
    assert 'type="file"' not in upload.content.decode()
    # A post made anyway is refused by the service, and nothing changes.
    response = client.post(
        reverse("progress:report_form", args=[PLAN_KEY, "2022Q3", "1"]),
        {"narrative": "迟到的修改", "version": "1", "action": "save"},
    )
    assert response.status_code == 409
    assert closed_q3.unit.reports.get(task__number="1").narrative == "草稿"


def test_the_office_keeps_its_correction_button_in_a_closed_period(
    client, closed_q3, alice, olivia
):
    login(client, olivia)
    unit = alice.profile.unit
    draft = form(client, "1", unit=unit).content.decode()
    assert "本报告只能查看" not in draft
    assert ">保存草稿</button>" in draft
    assert "<fieldset disabled" not in draft
    waiting = form(client, "39", unit=unit).content.decode()
    assert ">保存修改</button>" in waiting
    page = client.get(
        reverse("progress:my_tasks") + f"?plan={PLAN_KEY}&period=2022Q3&unit={unit.pk}"
    ).content.decode()
    assert reverse("progress:template_upload", args=[PLAN_KEY, "2022Q3"]) in page


def test_a_reopened_period_is_writable_again(client, closed_q3, alice, olivia, period_q3):
    services.period_reopen(user=olivia, period=period_q3)
    login(client, alice)
    text = form(client, "1").content.decode()
    assert "报告期已关闭" not in text
    assert ">保存草稿</button>" in text
