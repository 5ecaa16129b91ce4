"""Review integrity: an approved report changes only after it is returned (an event), by the
page, the API and Excel alike, the office included; nobody approves a report they wrote,
imported or submitted unless the plan allows it (an office of one person, a setting in the
admin); closing and reopening periods and tasks are events with who, when and why; history
keeps each actor's name as it was when a user is renamed or deleted. And a compact permission
matrix of the pages that change these."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from plans.services import plan_settings_change
from progress import services
from progress.errors import Conflict, InvalidUpload, NotAllowed
from progress.excel import template_build, template_import
from progress.models import (
    Period,
    PeriodEvent,
    ProgressReport,
    ReportEvent,
    TaskClosure,
    TaskEvent,
)
from progress.users import user_add
from tests.api.helpers import assert_error, client_for, complete_for, make_report, task
from tests.conftest import PASSWORD
from tests.progress.test_excel import fill

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def oscar(plan_000):
    """A second person of the leadership office."""
    return user_add(username="oscar", role="office", password=PASSWORD)


@pytest.fixture
def approved(alice, olivia, plan_000, period_q3):
    """alice's report on task 39 in 2022Q3, submitted by her and approved by olivia."""
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    return services.report_approve(user=olivia, report=report, version=report.version)


def form_url(report, unit=None):
    url = reverse(
        "progress:report_form",
        args=[report.task.plan.key, report.period.label, report.task.number],
    )
    return url + (f"?unit={unit.pk}" if unit else "")


def form_post(report, **changes):
    data = complete_for(report.task, report.unit, report.period)
    fields = {key: data[key] for key in ("narrative", "percent", "problems", "next_steps")}
    return {**fields, "version": report.version, "action": "save", **changes}


# An approved report stands until it is returned


def test_the_office_cannot_change_an_approved_report_by_page_api_or_excel(approved, olivia, alice):
    unit = approved.unit
    page = login(olivia).post(
        form_url(approved, unit), {**form_post(approved, narrative="办公室改写"), "unit": unit.pk}
    )
    assert page.status_code == 409
    assert "请先退回再修改" in page.content.decode()

    api = client_for(olivia).patch(
        f"/api/v1/progress/{approved.pk}/",
        {"version": approved.version, "narrative": "办公室改写"},
        format="json",
    )
    assert "请先退回再修改" in assert_error(api, 409, "conflict")["message"]

    template = template_build(unit=unit, period=approved.period)
    with pytest.raises(InvalidUpload) as error:
        template_import(
            user=olivia,
            data=fill(template, {"39": {"进展情况": "办公室改写"}}),
            unit=unit,
            period=approved.period,
        )
    assert "已审核通过" in error.value.rows[0]["message"]

    approved.refresh_from_db()
    assert (approved.state, approved.narrative, approved.version) == (
        "approved",
        "已按季度计划推进。",
        3,
    )
    assert [e.action for e in approved.events.all()] == ["create", "submit", "approve"]


def test_the_form_of_an_approved_report_offers_no_save_and_says_how_to_change_it(
    approved, olivia, alice
):
    page = login(olivia).get(form_url(approved, approved.unit)).content.decode()
    assert 'value="save"' not in page
    assert "报告已审核通过，不能再修改；如需修改，请先在" in page
    page = login(alice).get(form_url(approved)).content.decode()
    assert 'value="save"' not in page
    assert "请联系领导小组办公室退回" in page


def test_an_approved_report_changes_after_it_is_returned_and_the_return_is_in_its_history(
    approved, olivia, alice
):
    returned = services.report_return(
        user=olivia, report=approved, version=approved.version, comment="数据需核实"
    )
    changed = services.report_save(
        user=alice,
        task=returned.task,
        unit=returned.unit,
        period=returned.period,
        data={"narrative": "已核实并更正"},
        version=returned.version,
    )
    assert (changed.state, changed.narrative) == ("returned", "已核实并更正")
    history = list(changed.events.values_list("action", "actor_name", "comment"))
    assert history == [
        ("create", "alice", ""),
        ("submit", "alice", ""),
        ("approve", "olivia", ""),
        ("return", "olivia", "数据需核实"),
        ("update", "alice", ""),
    ]


# Nobody approves their own report


def test_the_office_cannot_approve_a_report_it_wrote_and_submitted(
    olivia, oscar, alice, plan_000, period_q3
):
    report = make_report(olivia, plan_000, "39", period_q3, unit=alice.profile.unit, submit=True)
    response = client_for(olivia).post(
        f"/api/v1/progress/{report.pk}/approve/", {"version": report.version}
    )
    assert "不能自行审核通过" in assert_error(response, 403, "forbidden")["message"]
    approved = services.report_approve(user=oscar, report=report, version=report.version)
    assert (approved.state, approved.reviewed_by_name) == ("approved", "oscar")


@pytest.mark.parametrize("how", ["corrected", "submitted", "imported"])
def test_correcting_submitting_or_importing_a_report_also_bars_approving_it(
    how, olivia, oscar, alice, plan_000, period_q3
):
    unit = alice.profile.unit
    if how == "corrected":
        # alice wrote and submitted it; the office corrected a figure while it waited.
        report = make_report(alice, plan_000, "39", period_q3, submit=True)
        report = services.report_save(
            user=olivia, task=report.task, unit=unit, period=period_q3,
            data={"percent": "90"}, version=report.version,
        )  # fmt: skip
    elif how == "submitted":
        report = make_report(alice, plan_000, "39", period_q3)
        report = services.report_submit(user=olivia, report=report, version=report.version)
    else:
        data = fill(
            template_build(unit=unit, period=period_q3),
            {"39": {"进展情况": "办公室代录", "完成百分比(%)": 100, "操作": "报送"}},
        )
        template_import(user=olivia, data=data, unit=unit, period=period_q3)
        report = ProgressReport.objects.get(task__number="39", unit=unit, period=period_q3)
    with pytest.raises(NotAllowed, match="不能自行审核通过"):
        services.report_approve(user=olivia, report=report, version=report.version)
    services.report_approve(user=oscar, report=report, version=report.version)


def test_returning_ones_own_report_stays_allowed(olivia, alice, plan_000, period_q3):
    report = make_report(olivia, plan_000, "39", period_q3, unit=alice.profile.unit, submit=True)
    returned = services.report_return(
        user=olivia, report=report, version=report.version, comment="自查发现错误"
    )
    assert returned.state == "returned"


def test_a_plan_setting_allows_an_office_of_one_person_to_approve_its_own_reports(
    olivia, alice, plan_000, period_q3
):
    assert plan_000.self_review_allowed is False
    report = make_report(olivia, plan_000, "39", period_q3, unit=alice.profile.unit, submit=True)
    plan_settings_change(
        plan=plan_000,
        reporting_deadlines=plan_000.reporting_deadlines,
        lag_threshold=plan_000.lag_threshold,
        self_review_allowed=True,
    )
    approved = services.report_approve(user=olivia, report=report, version=report.version)
    assert approved.state == "approved"


def test_the_office_sets_self_review_in_the_plans_admin_and_other_settings_stay(olivia, plan_000):
    client = login(olivia)
    url = reverse("admin:plans_plan_change", args=[plan_000.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "允许自行审核" in page.content.decode()
    response = client.post(
        url,
        {
            "reporting_deadlines": '{"Q3": "09-20"}',
            "lag_threshold": "25",
            "self_review_allowed": "on",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan_000.refresh_from_db()
    assert (plan_000.self_review_allowed, plan_000.lag_threshold) == (True, 25)
    assert plan_000.periods.get(year=2022, quarter=3).deadline.day == 20
    response = client.post(
        url,
        {
            "reporting_deadlines": '{"Q3": "09-20"}',
            "lag_threshold": "25",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    plan_000.refresh_from_db()
    assert plan_000.self_review_allowed is False
    body = client_for(olivia).get(f"/api/v1/plans/{plan_000.pk}/").json()
    assert body["self_review_allowed"] is False


# Periods and tasks closed and reopened: events with who, when and why


def test_closing_and_reopening_a_period_on_its_page_are_events_with_who_when_and_why(
    olivia, period_q3
):
    client = login(olivia)
    toggle = reverse("progress:period_toggle", args=[period_q3.pk])
    response = client.post(toggle, {"action": "close", "reason": "三季度报送结束"})
    assert response.status_code == 302
    assert not Period.objects.get(pk=period_q3.pk).is_open
    client.post(toggle, {"action": "reopen", "reason": "凯里市补报"})
    assert Period.objects.get(pk=period_q3.pk).is_open
    client.post(toggle, {"action": "close"})
    events = list(PeriodEvent.objects.filter(period=period_q3).order_by("at", "pk"))
    assert [(e.action, e.actor, e.actor_name, e.text) for e in events] == [
        ("close", olivia, "olivia", "三季度报送结束"),
        ("reopen", olivia, "olivia", "凯里市补报"),
        ("close", olivia, "olivia", ""),
    ]
    assert all(e.at for e in events)
    page = client.get(reverse("progress:periods")).content.decode()
    row = page[page.index(f'id="period-{period_q3.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "olivia 关闭报告期：三季度报送结束" in row
    assert "olivia 重新开放：凯里市补报" in row


def test_the_periods_page_reads_in_a_fixed_number_of_queries(
    olivia, period_q3, period_q2, django_assert_max_num_queries
):
    for period in (period_q2, period_q3):
        services.period_close(user=olivia, period=period, reason="到期")
    client = login(olivia)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("progress:periods")).status_code == 200


def test_closing_and_reopening_a_task_are_events_with_who_when_and_why(olivia, plan_000, period_q3):
    t13 = task(plan_000, "13")
    services.task_close(user=olivia, task=t13, period=period_q3, reason="并入任务14")
    closure = TaskClosure.objects.get(task=t13)
    assert (closure.closed_by_name, closure.reason) == ("olivia", "并入任务14")
    services.task_reopen(user=olivia, task=t13, reason="仍需单独考核")
    assert list(TaskEvent.objects.filter(task=t13).values_list("action", "actor_name", "text")) == [
        ("close", "olivia", "并入任务14"),
        ("reopen", "olivia", "仍需单独考核"),
    ]


# Names as they were


def rename(user, username, first_name=""):
    user.username, user.first_name = username, first_name
    user.save()


def test_a_renamed_users_past_actions_keep_the_name_they_had(
    client, alice, olivia, plan_000, period_q3, period_q2
):
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    report = services.report_approve(
        user=olivia, report=report, version=report.version, comment="同意"
    )
    t13 = task(plan_000, "13")
    closure = client_for(olivia).post(
        f"/api/v1/tasks/{t13.pk}/close/", {"period": "2022Q3", "reason": "并入任务14"}
    )
    assert closure.status_code == 200
    services.period_close(user=olivia, period=period_q2, reason="到期")

    rename(olivia, "office-2023", "王办公")
    rename(alice, "alice-new", "李新")

    history = client_for(olivia).get(f"/api/v1/progress/{report.pk}/history/").json()
    assert [e["actor"] for e in history["results"]] == ["alice", "alice", "olivia"]
    body = client_for(olivia).get(f"/api/v1/progress/{report.pk}/").json()
    assert body["reviewed_by"] == "olivia"
    assert closure.json()["closed_by"] == "olivia"

    office = login(olivia)
    page = office.get(reverse("progress:report_detail", args=[report.pk])).content.decode()
    detail = page[page.index("<main>") :]  # the header names whoever is signed in
    assert "同意（olivia，" in detail
    assert "王办公" not in detail and "李新" not in detail
    task_page = office.get(reverse("dashboards:task", args=[t13.pk])).content.decode()
    assert "olivia 办结销号（2022Q3）：并入任务14" in task_page
    periods_page = office.get(reverse("progress:periods")).content.decode()
    assert "olivia 关闭报告期：到期" in periods_page
    admin_url = reverse("admin:progress_progressreport_change", args=[report.pk])
    admin = " ".join(office.get(admin_url).content.decode().split())
    assert '<td class="field-actor_name"> <p>olivia</p> </td>' in admin
    assert '<td class="field-actor_name"> <p>alice</p> </td>' in admin
    assert 'name="_save"' not in admin  # shown, never saved past the services
    assert office.post(admin_url, {"narrative": "改"}).status_code == 403
    # New actions carry the new name.
    services.period_reopen(user=olivia, period=period_q2)
    assert PeriodEvent.objects.filter(period=period_q2).last().actor_name == "王办公"


def test_deleting_a_user_keeps_their_history_and_their_name(
    alice, olivia, oscar, plan_000, period_q3, period_q2
):
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    report = services.report_approve(user=olivia, report=report, version=report.version)
    services.task_close(user=olivia, task=task(plan_000, "13"), period=period_q3, reason="并入")
    services.period_close(user=olivia, period=period_q2, reason="到期")
    events = ReportEvent.objects.filter(report=report).count()

    get_user_model().objects.filter(username__in=["alice", "olivia"]).delete()

    assert ReportEvent.objects.filter(report=report).count() == events
    assert list(ReportEvent.objects.filter(report=report).values_list("actor", "actor_name")) == [
        (None, "alice"),
        (None, "alice"),
        (None, "olivia"),
    ]
    report.refresh_from_db()
    assert (report.state, report.reviewed_by, report.reviewed_by_name) == (
        "approved",
        None,
        "olivia",
    )
    assert TaskEvent.objects.get().actor_name == "olivia"
    assert TaskClosure.objects.get().closed_by_name == "olivia"
    assert PeriodEvent.objects.get().actor_name == "olivia"
    history = client_for(oscar).get(f"/api/v1/progress/{report.pk}/history/").json()
    assert [e["actor"] for e in history["results"]] == ["alice", "alice", "olivia"]
    page = login(oscar).get(reverse("progress:report_detail", args=[report.pk]))
    assert page.status_code == 200
    assert page.content.decode().count("<td>alice</td>") == 2


# Who may use the pages that change these


ROLES = ["anonymous", "outsider", "rita", "alice", "leo", "olivia"]


@pytest.fixture
def people(outsider, rita, alice, leo, olivia):
    return {"outsider": outsider, "rita": rita, "alice": alice, "leo": leo, "olivia": olivia}


def client_as(people, role):
    return Client() if role == "anonymous" else login(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_closes_periods_and_sees_their_history(people, role, period_q3):
    client = client_as(people, role)
    page = client.get(reverse("progress:periods"))
    toggle = client.post(
        reverse("progress:period_toggle", args=[period_q3.pk]), {"action": "close", "reason": "x"}
    )
    if role == "anonymous":
        assert (page.status_code, toggle.status_code) == (302, 302)
        assert toggle["Location"].startswith(reverse("login"))
    elif role == "olivia":
        assert (page.status_code, toggle.status_code) == (200, 302)
    else:
        assert (page.status_code, toggle.status_code) == (403, 403)
    closed = not Period.objects.get(pk=period_q3.pk).is_open
    assert closed == (role == "olivia")
    assert PeriodEvent.objects.exists() == (role == "olivia")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_reviews_on_the_page(people, role, alice, plan_000, period_q3):
    report = make_report(alice, plan_000, "39", period_q3, submit=True)
    client = client_as(people, role)
    response = client.post(
        reverse("progress:report_review", args=[report.pk]),
        {"version": report.version, "action": "approve", "comment": ""},
    )
    report.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif role == "olivia":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert (report.state == "approved") == (role == "olivia")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_changes_plan_settings(people, role, plan_000):
    client = client_as(people, role)
    url = reverse("admin:plans_plan_change", args=[plan_000.pk])
    response = client.post(
        url,
        {
            "reporting_deadlines": "{}",
            "lag_threshold": "30",
            "self_review_allowed": "on",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )
    plan_000.refresh_from_db()
    assert plan_000.self_review_allowed == (role == "olivia")
    if role != "olivia":
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_a_conflict_names_the_state_when_the_api_edits_an_approved_report(approved, alice):
    with pytest.raises(Conflict, match="已审核通过"):
        services.report_save(
            user=alice, task=approved.task, unit=approved.unit, period=approved.period,
            data={"narrative": "改"}, version=approved.version,
        )  # fmt: skip
