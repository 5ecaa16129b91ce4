"""Target shares (目标分解) through the API: who may read and write them, create, update and
delete with versions (409 when stale), filters, history, the cost of a page, and a share set
here changing the county's own figures in /api/v1/completion/."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Unit
from progress import services
from progress.models import TargetShare, TargetShareEvent
from reports.snapshots import snapshot_compute
from tests.api.helpers import assert_error, complete_for, make_report, task

pytestmark = pytest.mark.django_db

URL = "/api/v1/target-shares/"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
ON_TIME = datetime.datetime(2022, 9, 10, 10, 0, tzinfo=SHANGHAI)
AFTER = datetime.datetime(2022, 9, 25, 10, 0, tzinfo=SHANGHAI)


def people_target(plan):
    """Task 1's annual target 农村劳动力转移就业 ≥9500人 (lead: 州人力资源社会保障局)."""
    return task(plan, "1").targets.get(role="annual", metric="农村劳动力转移就业")


def county(name):
    return Unit.objects.get(name=name, region__level="county")


def create(client, target, unit, value="650"):
    return client.post(URL, {"target": target.pk, "unit": unit.pk, "value": value}, format="json")


# Who may


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("olivia", 201),  # the office
        ("alice", 201),  # a reporter of the task's lead unit
        ("leo", 201),  # the lead unit's leader
        ("bob", 403),  # another department
        ("carol", 403),  # the county itself
        ("rita", 403),  # a reader
        ("outsider", 403),  # no role
        (None, 401),
    ],
)
def test_only_the_office_and_the_tasks_lead_unit_set_shares(api, plan_000, request, person, status):
    user = request.getfixturevalue(person) if person else None
    response = create(api(user), people_target(plan_000), county("凯里市人民政府"))
    if status == 201:
        assert response.status_code == 201, response.json()
    else:
        code = {401: "not_authenticated", 403: "forbidden"}[status]
        assert_error(response, status, code)
    assert TargetShare.objects.count() == (1 if status == 201 else 0)


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("olivia", 200),
        ("alice", 200),
        ("bob", 200),
        ("carol", 200),
        ("rita", 200),
        ("outsider", 403),
        (None, 401),
    ],
)
def test_every_role_reads_shares(api, plan_000, alice, request, person, status):
    create(api(alice), people_target(plan_000), county("凯里市人民政府"))
    share = TargetShare.objects.get()
    user = request.getfixturevalue(person) if person else None
    for url in (URL, f"{URL}{share.pk}/", f"{URL}{share.pk}/history/"):
        response = api(user).get(url)
        assert response.status_code == status, (url, response.content)


def test_a_county_and_a_reader_cannot_change_or_delete_a_share(api, plan_000, alice, carol, rita):
    create(api(alice), people_target(plan_000), county("凯里市人民政府"))
    share = TargetShare.objects.get()
    for user in (carol, rita):
        edit = api(user).patch(f"{URL}{share.pk}/", {"value": "1", "version": 1}, format="json")
        assert_error(edit, 403, "forbidden")
        gone = api(user).delete(f"{URL}{share.pk}/?version=1")
        assert_error(gone, 403, "forbidden")
    share.refresh_from_db()
    assert (share.value, share.version) == (650, 1)


# Create, update, delete


def test_a_share_is_created_read_changed_with_its_version_and_deleted(api, plan_000, alice):
    target, kaili = people_target(plan_000), county("凯里市人民政府")
    client = api(alice)
    created = create(client, target, kaili)
    assert created.status_code == 201
    body = created.json()
    assert body == {
        "id": body["id"],
        "target": target.pk,
        "task": target.task_id,
        "unit": kaili.pk,
        "unit_name": "凯里市人民政府",
        "metric": "农村劳动力转移就业",
        "value": "650",
        "version": 1,
        "updated_by": "alice",
        "updated_at": body["updated_at"],
    }
    url = f"{URL}{body['id']}/"
    assert client.get(url).json() == body

    changed = client.patch(url, {"value": "700", "version": 1}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["value"], changed.json()["version"]) == ("700", 2)
    whole = client.put(url, {"value": 720.5, "version": 2}, format="json")
    assert (whole.json()["value"], whole.json()["version"]) == ("720.5", 3)

    history = client.get(f"{url}history/").json()["results"]
    assert [(e["action"], e["before"], e["after"], e["actor"], e["source"]) for e in history] == [
        ("create", None, "650", "alice", "api"),
        ("update", "650", "700", "alice", "api"),
        ("update", "700", "720.5", "alice", "api"),
    ]

    assert_error(client.delete(url), 400, "invalid")
    assert_error(client.delete(f"{url}?version=2"), 409, "conflict")
    assert client.delete(f"{url}?version=3").status_code == 204
    assert not TargetShare.objects.exists()
    assert client.get(url).status_code == 404
    assert list(TargetShareEvent.objects.values_list("action", "before", "after"))[-1] == (
        "delete",
        720.5,
        None,
    )


def test_a_second_share_of_the_same_target_and_unit_is_a_conflict(api, plan_000, alice, olivia):
    target, kaili = people_target(plan_000), county("凯里市人民政府")
    assert create(api(alice), target, kaili).status_code == 201
    body = assert_error(create(api(olivia), target, kaili, "700"), 409, "conflict")
    assert "已有分解目标" in body["message"]
    assert TargetShare.objects.get().value == 650


def test_a_change_based_on_an_old_version_is_refused_with_409(api, plan_000, alice, olivia):
    create(api(alice), people_target(plan_000), county("凯里市人民政府"))
    share = TargetShare.objects.get()
    url = f"{URL}{share.pk}/"
    assert api(olivia).patch(url, {"value": "600", "version": 1}, format="json").status_code == 200
    stale = api(alice).patch(url, {"value": "800", "version": 1}, format="json")
    body = assert_error(stale, 409, "conflict")
    assert body["fields"] == {"version": "当前版本为 2"}
    share.refresh_from_db()
    assert (share.value, share.version, share.updated_by) == (600, 2, olivia)


def test_bad_input_is_400_in_chinese_and_changes_nothing(api, plan_000, alice):
    target, kaili = people_target(plan_000), county("凯里市人民政府")
    client = api(alice)
    negative = assert_error(create(client, target, kaili, "-5"), 400, "invalid")
    assert negative["fields"] == {"value": "不能为负数"}
    assert_error(create(client, target, kaili, "很多"), 400, "invalid")
    milestone = task(plan_000, "1").targets.filter(role="milestone").first()
    not_annual = assert_error(create(client, milestone, kaili), 400, "invalid")
    assert not_annual["fields"] == {"target": "只有年度目标可以分解"}
    finance = Unit.objects.get(name="州财政局")
    outside = assert_error(create(client, target, finance), 400, "invalid")
    assert outside["fields"] == {"unit": "不是该任务的责任单位"}
    missing = assert_error(client.post(URL, {"value": "1"}, format="json"), 400, "invalid")
    assert set(missing["fields"]) == {"target", "unit"}
    create(client, target, kaili)
    share = TargetShare.objects.get()
    no_version = client.patch(f"{URL}{share.pk}/", {"value": "1"}, format="json")
    assert set(assert_error(no_version, 400, "invalid")["fields"]) == {"version"}
    assert TargetShare.objects.get().value == 650


# Filters and cost


@pytest.fixture
def several(plan_000, olivia):
    """Shares on tasks 1 (two counties) and 4 (one county), set through the services."""
    people = people_target(plan_000)
    services.target_share_set(user=olivia, target=people, unit=county("凯里市人民政府"), value=650)
    services.target_share_set(user=olivia, target=people, unit=county("黄平县人民政府"), value=500)
    other = (
        task(plan_000, "4").targets.filter(role="annual").order_by("order").first()
        or task(plan_000, "5").targets.filter(role="annual").order_by("order").first()
    )
    unit = other.task.assignments.filter(role="responsible", unit__kind="government").first().unit
    services.target_share_set(user=olivia, target=other, unit=unit, value=1)
    return people, other, unit


def test_the_list_filters_by_plan_task_target_and_unit(api, plan_000, rita, several):
    people, other, other_unit = several
    client = api(rita)

    def ids(**params):
        return sorted(s["unit_name"] for s in client.get(URL, params).json()["results"])

    assert len(ids()) == 3
    assert len(ids(plan=plan_000.pk)) == 3
    assert ids(task=people.task_id) == ["凯里市人民政府", "黄平县人民政府"]
    assert ids(target=other.pk) == [other_unit.name]
    assert ids(unit=county("黄平县人民政府").pk) == ["黄平县人民政府"]
    assert ids(task=people.task_id, unit=other_unit.pk) == (
        [other_unit.name] if other_unit.name in ("凯里市人民政府", "黄平县人民政府") else []
    )
    other_plan = type(plan_000).objects.exclude(pk=plan_000.pk).first()
    assert ids(plan=other_plan.pk) == []
    for bad in ({"task": "abc"}, {"unit": "-1"}, {"plan": "1.5"}, {"target": "9" * 30}):
        assert_error(client.get(URL, bad), 400, "invalid")


def test_a_page_of_shares_costs_the_same_queries_however_many_there_are(
    api, plan_000, olivia, rita, several
):
    client = api(rita)
    client.get(URL)  # the token's user is read once per request either way
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    people = people_target(plan_000)
    for assignment in people.task.assignments.filter(role="responsible").select_related("unit"):
        if not TargetShare.objects.filter(target=people, unit=assignment.unit).exists():
            services.target_share_set(user=olivia, target=people, unit=assignment.unit, value=10)
    assert TargetShare.objects.count() > 10
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)


# The county's own figures


@pytest.fixture
def on_time():
    """Reports made before 2022Q3's deadline (9月18日), so none is late."""
    with time_machine.travel(ON_TIME, tick=False):
        yield


def test_a_share_set_through_the_api_makes_the_county_judged_on_it(
    api, plan_000, alice, carol, olivia, period_q3, on_time
):
    """DOMAIN.md: a county's completion on a task is its actual over its share; without a
    share, its reported percent. 凯里市 reports 650 people on task 1 in 2022Q3, on time."""
    kaili = carol.profile.unit
    t1 = task(plan_000, "1")

    def kaili_row():
        snapshot_compute(plan=plan_000, period=period_q3, now=AFTER)
        listed = api(carol).get(
            "/api/v1/completion/", {"plan": plan_000.pk, "period": "2022Q3", "unit": kaili.pk}
        )
        assert listed.status_code == 200, listed.content
        return {r["number"]: r for r in listed.json()["tasks"]}["1"]

    # Without a share 凯里市 is asked for a percent: 40% against the elapsed 75%.
    make_report(
        carol,
        plan_000,
        "1",
        period_q3,
        data={**complete_for(t1, kaili, period_q3), "percent": "40"},
        submit=True,
    )
    before = kaili_row()
    assert (before["shared"], before["status"], before["light"]) == (False, "lagging", "red")

    created = create(api(alice), people_target(plan_000), kaili, "650")
    assert created.status_code == 201
    # The county reports its 650 people against its share of 650.
    report = t1.reports.get(unit=kaili, period=period_q3)
    services.report_return(
        user=olivia, report=report, version=report.version, comment="请按分解目标填报"
    )
    report.refresh_from_db()
    data = complete_for(t1, kaili, period_q3)
    assert data["values"] == {str(people_target(plan_000).pk): "650.000000"}
    report = services.report_save(
        user=carol, task=t1, unit=kaili, period=period_q3, data=data, version=report.version
    )
    services.report_submit(user=carol, report=report, version=report.version)

    after = kaili_row()
    assert (after["shared"], after["status"], after["light"]) == (True, "completed", "green")
    assert after["completion"] == 1.0
    assert after["reason"] == "完成率100%，已完成。"
