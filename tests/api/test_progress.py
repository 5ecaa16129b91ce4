"""Progress reports through the API: create, edit, the lifecycle and its history, conflicts,
closed periods, filters and the cost of a page. Permissions are in test_permissions.py."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from progress import services
from progress.models import ProgressReport
from tests.api.helpers import COMPLETE, annual_target, assert_error, make_report, task

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
URL = "/api/v1/progress/"


def test_reporter_creates_a_draft_for_their_unit_without_naming_it(api, plan_000, alice):
    response = api(alice).post(
        URL,
        {
            "task": task(plan_000, "39").pk,
            "period": "2022Q2",
            "narrative": "已印发宣传材料",
            "percent": "40",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["unit"] == alice.profile.unit_id
    assert body["unit_name"] == "州人力资源社会保障局"
    assert (body["period"], body["state"], body["version"]) == ("2022Q2", "draft", 1)
    assert (body["narrative"], body["percent"], body["values"]) == ("已印发宣传材料", "40", {})
    report = ProgressReport.objects.get(pk=body["id"])
    assert (report.task.number, report.narrative) == ("39", "已印发宣传材料")


def test_a_report_reads_with_every_field_of_the_stable_shape(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    body = api(alice).get(f"{URL}{report.pk}/").json()
    assert {
        "id",
        "task",
        "unit",
        "period",
        "state",
        "narrative",
        "percent",
        "values",
        "problems",
        "next_steps",
        "submitted_at",
        "version",
    } <= set(body)


def test_values_are_read_and_written_by_target_id(api, plan_000, alice, period_q2):
    target = annual_target(plan_000, "1", "城镇新增就业", 9500, "人")
    client = api(alice)
    response = client.post(
        URL,
        {
            "task": target.task_id,
            "period": "2022Q2",
            "narrative": "推进中",
            "values": {str(target.pk): "4200"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["values"] == {str(target.pk): "4200"}
    report = ProgressReport.objects.get(pk=response.json()["id"])
    assert [(v.target_id, v.value) for v in report.values.all()] == [(target.pk, 4200)]

    response = client.patch(
        f"{URL}{report.pk}/", {"version": 1, "values": {str(target.pk): "abc"}}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert str(target.pk) in body["fields"]["values"]

    other_task_target = annual_target(plan_000, "4", "培训人数", 100, "人")
    response = client.patch(
        f"{URL}{report.pk}/",
        {"version": 1, "values": {str(other_task_target.pk): "1"}},
        format="json",
    )
    assert_error(response, 400, "invalid")
    assert report.values.get().value == 4200


def test_office_must_name_the_unit_it_writes_for(api, plan_000, olivia):
    response = api(olivia).post(
        URL, {"task": task(plan_000, "39").pk, "period": "2022Q2", **COMPLETE}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert "unit" in body["fields"]
    assert not ProgressReport.objects.exists()


def test_a_period_the_tasks_plan_does_not_have_is_refused(api, plan_000, alice):
    client = api(alice)
    for label in ("2022Q1", "2023Q2", "2022Q5", "三季度"):
        response = client.post(
            URL, {"task": task(plan_000, "39").pk, "period": label, **COMPLETE}, format="json"
        )
        body = assert_error(response, 400, "invalid")
        assert "period" in body["fields"], label
    assert not ProgressReport.objects.exists()


def test_creating_a_report_that_exists_is_a_conflict(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    response = api(alice).post(
        URL, {"task": report.task_id, "period": "2022Q2", "narrative": "另一份"}, format="json"
    )
    assert_error(response, 409, "conflict")
    report.refresh_from_db()
    assert (report.narrative, report.version) == (COMPLETE["narrative"], 1)


def test_a_stale_edit_gets_409_and_the_report_is_unchanged(api, plan_000, alice, leo, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    first, second = api(alice), api(leo)
    version = first.get(f"{URL}{report.pk}/").json()["version"]
    assert second.get(f"{URL}{report.pk}/").json()["version"] == version

    response = first.patch(
        f"{URL}{report.pk}/", {"version": version, "narrative": "填报人的修改"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == version + 1

    response = second.patch(
        f"{URL}{report.pk}/",
        {"version": version, "narrative": "负责人基于旧版的修改"},
        format="json",
    )
    body = assert_error(response, 409, "conflict")
    assert "version" in body["fields"]
    report.refresh_from_db()
    assert (report.narrative, report.version) == ("填报人的修改", version + 1)
    assert report.events.count() == 2


def test_a_stale_submit_or_review_is_a_conflict(api, plan_000, alice, olivia, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    assert_error(api(alice).post(f"{URL}{report.pk}/submit/", {"version": 7}), 409, "conflict")
    report = services.report_submit(user=alice, report=report, version=1)
    response = api(olivia).post(f"{URL}{report.pk}/approve/", {"version": 1})
    assert_error(response, 409, "conflict")
    report.refresh_from_db()
    assert report.state == "submitted"


def test_put_replaces_the_whole_content_and_patch_only_what_it_names(
    api, plan_000, alice, period_q2
):
    report = make_report(alice, plan_000, "39", period_q2)
    client = api(alice)
    response = client.patch(f"{URL}{report.pk}/", {"version": 1, "problems": "资金未到位"})
    assert (response.json()["narrative"], response.json()["problems"]) == (
        COMPLETE["narrative"],
        "资金未到位",
    )
    response = client.put(f"{URL}{report.pk}/", {"version": 2, "narrative": "重写"}, format="json")
    body = response.json()
    assert (body["narrative"], body["problems"], body["percent"], body["version"]) == (
        "重写",
        "",
        None,
        3,
    )


def test_a_closed_period_refuses_reporters_with_period_closed_but_not_the_office(
    api, plan_000, alice, olivia, period_q2
):
    report = make_report(alice, plan_000, "39", period_q2)
    services.period_close(user=olivia, period=period_q2)
    response = api(alice).patch(f"{URL}{report.pk}/", {"version": 1, "narrative": "迟到的修改"})
    assert_error(response, 409, "period_closed")
    response = api(alice).post(
        URL, {"task": task(plan_000, "1").pk, "period": "2022Q2", **COMPLETE}, format="json"
    )
    assert_error(response, 409, "period_closed")
    response = api(olivia).patch(f"{URL}{report.pk}/", {"version": 1, "narrative": "办公室更正"})
    assert response.status_code == 200
    assert response.json()["narrative"] == "办公室更正"


def test_an_incomplete_report_cannot_be_submitted(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2, data={"narrative": ""})
    body = assert_error(
        api(alice).post(f"{URL}{report.pk}/submit/", {"version": 1}), 400, "invalid"
    )
    assert {"narrative", "percent"} <= set(body["fields"])
    report.refresh_from_db()
    assert report.state == "draft"


def test_percent_outside_0_to_100_is_refused_with_its_field(api, plan_000, alice):
    response = api(alice).post(
        URL,
        {"task": task(plan_000, "39").pk, "period": "2022Q2", "percent": "120"},
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert "percent" in body["fields"]
    assert not ProgressReport.objects.exists()


def test_return_needs_a_comment(api, plan_000, alice, olivia, period_q2):
    report = make_report(alice, plan_000, "39", period_q2, submit=True)
    response = api(olivia).post(f"{URL}{report.pk}/return/", {"version": report.version})
    body = assert_error(response, 400, "invalid")
    assert "comment" in body["fields"]


def test_history_holds_every_step_of_the_lifecycle(api, plan_000, alice, olivia):
    reporter, office = api(alice), api(olivia)
    body = reporter.post(
        URL,
        {
            "task": task(plan_000, "39").pk,
            "period": "2022Q2",
            "narrative": "第一稿",
            "percent": "30",
        },
        format="json",
    ).json()
    url = f"{URL}{body['id']}/"
    body = reporter.patch(
        url, {"version": body["version"], "narrative": "第二稿", "problems": "暂无"}
    ).json()
    body = reporter.post(url + "submit/", {"version": body["version"]}).json()
    assert body["state"] == "submitted"
    body = office.post(
        url + "return/", {"version": body["version"], "comment": "请补充完成人数"}
    ).json()
    assert (body["state"], body["review_comment"]) == ("returned", "请补充完成人数")
    body = reporter.patch(
        url, {"version": body["version"], "narrative": "第三稿，完成120人", "percent": "60"}
    ).json()
    body = reporter.post(url + "submit/", {"version": body["version"]}).json()
    body = office.post(url + "approve/", {"version": body["version"], "comment": "同意"}).json()
    assert (body["state"], body["version"]) == ("approved", 7)
    assert body["reviewed_by"] == "olivia"

    history = reporter.get(url + "history/").json()
    assert history["count"] == 7
    events = history["results"]
    assert [(e["version"], e["action"], e["actor"]) for e in events] == [
        (1, "create", "alice"),
        (2, "update", "alice"),
        (3, "submit", "alice"),
        (4, "return", "olivia"),
        (5, "update", "alice"),
        (6, "submit", "alice"),
        (7, "approve", "olivia"),
    ]
    assert events[1]["changes"]["narrative"] == ["第一稿", "第二稿"]
    assert events[3]["comment"] == "请补充完成人数"
    assert events[3]["changes"]["state"] == ["submitted", "returned"]
    assert events[4]["changes"]["percent"] == ["30", "60"]
    assert events[6]["comment"] == "同意"
    assert all(e["at"] and e["action_display"] for e in events)


def test_a_first_submission_after_the_deadline_reads_as_late(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    with time_machine.travel(datetime.datetime(2022, 6, 19, 9, 0, tzinfo=SHANGHAI), tick=False):
        body = api(alice).post(f"{URL}{report.pk}/submit/", {"version": 1}).json()
    assert body["late"] is True
    assert body["submitted_at"].startswith("2022-06-19T09:00")
    other = make_report(alice, plan_000, "1", period_q2)
    with time_machine.travel(datetime.datetime(2022, 6, 18, 23, 0, tzinfo=SHANGHAI), tick=False):
        body = api(alice).post(f"{URL}{other.pk}/submit/", {"version": 1}).json()
    assert body["late"] is False


def test_reports_filter_by_plan_period_unit_task_and_state(
    api, plan_000, alice, bob, olivia, period_q2, period_q3
):
    a2 = make_report(alice, plan_000, "39", period_q2, submit=True)
    a3 = make_report(alice, plan_000, "39", period_q3)
    b2 = make_report(bob, plan_000, "13", period_q2)
    client = api(olivia)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids() == {a2.pk, a3.pk, b2.pk}
    assert ids(plan=plan_000.pk) == {a2.pk, a3.pk, b2.pk}
    assert ids(plan=plan_000.pk, period="2022Q2") == {a2.pk, b2.pk}
    assert ids(period="2022q3") == {a3.pk}
    assert ids(unit=bob.profile.unit_id) == {b2.pk}
    assert ids(task=a2.task_id) == {a2.pk, a3.pk}
    assert ids(state="submitted") == {a2.pk}
    assert ids(plan=plan_000.pk + 1000) == set()
    body = assert_error(client.get(URL, {"period": "2022-3"}), 400, "invalid")
    assert "period" in body["fields"]
    assert_error(client.get(URL, {"state": "done"}), 400, "invalid")


def _every_report_of_alices_unit(plan, olivia, alice, periods):
    """A report of alice's unit on each of its tasks in each period (made by the office);
    returns the tasks' numbers."""
    unit = alice.profile.unit
    numbers = list(plan.tasks.filter(assignments__unit=unit).values_list("number", flat=True))
    for period in periods:
        for number in numbers:
            make_report(olivia, plan, number, period, unit=unit)
    return numbers


def test_a_page_of_50_reports_costs_a_fixed_number_of_queries(
    api, plan_000, olivia, alice, period_q2, period_q3, django_assert_max_num_queries
):
    numbers = _every_report_of_alices_unit(plan_000, olivia, alice, (period_q2, period_q3))
    assert ProgressReport.objects.count() >= 50
    office, reporter = api(olivia), api(alice)
    # token and user, profile (and unit), count, the page's ids, the page, its values; the
    # period filter reads the periods' ids first
    with django_assert_max_num_queries(7):
        response = office.get(URL)
    assert len(response.json()["results"]) == 50
    with django_assert_max_num_queries(8):
        response = reporter.get(URL, {"period": "2022Q3", "state": "draft"})
    assert response.json()["count"] == len(numbers)


def test_pages_past_the_middle_read_from_the_end_give_the_same_rows_in_order(
    api, plan_000, olivia, alice, period_q2, period_q3, monkeypatch
):
    from progress.api.pagination import KeysFirstPagination

    _every_report_of_alices_unit(plan_000, olivia, alice, (period_q2, period_q3))
    whole = list(
        ProgressReport.objects.order_by("period_id", "task_id", "unit_id").values_list(
            "pk", flat=True
        )
    )
    office = api(olivia)
    size = 7
    monkeypatch.setattr(KeysFirstPagination, "page_size", size)
    pages = -(-len(whole) // size)
    assert pages >= 4
    seen = []
    for page in range(1, pages + 1):
        body = office.get(URL, {"page": page}).json()
        assert body["count"] == len(whole)
        seen += [r["id"] for r in body["results"]]
    # The first pages are read forwards, the last ones backwards: together, every report once,
    # in the list's order, the last page short.
    assert seen == whole
    assert len(office.get(URL, {"page": pages}).json()["results"]) == (
        len(whole) - (pages - 1) * size
    )


def test_the_lists_total_is_the_kept_count_unless_state_or_task_filters_it(
    api, plan_000, alice, bob, olivia, period_q2, period_q3
):
    make_report(alice, plan_000, "39", period_q2, submit=True)
    make_report(alice, plan_000, "1", period_q2)
    make_report(alice, plan_000, "39", period_q3)
    make_report(bob, plan_000, "13", period_q2)
    bobs = bob.profile.unit_id
    office, reporter = api(olivia), api(alice)

    def total(client, params, kept):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(URL, params).json()
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        if kept is not None:  # None: no period to count in, so no count read at all
            assert ("progress_reportcount" in sql) is kept, params
            assert ('COUNT(*) AS "__count" FROM "progress_progressreport"' in sql) is not kept
        assert body["count"] == len(body["results"]), params  # fewer than a page
        return body["count"]

    assert total(office, {}, True) == 4
    assert total(office, {"plan": plan_000.pk}, True) == 4
    assert total(office, {"period": "2022Q2"}, True) == 3
    assert total(office, {"plan": plan_000.pk, "period": "2022Q3"}, True) == 1
    assert total(office, {"unit": bobs}, True) == 1
    assert total(office, {"unit": bobs, "period": "2022Q3"}, True) == 0
    assert total(office, {"plan": plan_000.pk + 1000}, None) == 0
    assert total(office, {"state": "draft"}, False) == 3
    assert total(office, {"task": task(plan_000, "39").pk, "period": "2022Q2"}, False) == 1
    assert total(reporter, {}, True) == 3
    assert total(reporter, {"period": "2022Q2"}, True) == 2
    assert total(reporter, {"unit": bobs}, True) == 0


def _queries(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content.decode()
    return response.json(), [q["sql"] for q in queries.captured_queries]


def test_a_reports_own_routes_ignore_the_lists_filters_and_read_little(
    api, plan_000, alice, bob, olivia, period_q2
):
    """A report named by its id is found whatever list filters the query carries, and each of
    its routes reads it with its task, unit and period only (the plan and the reviewer are
    not joined: planning that join cost PostgreSQL more than running it), in a fixed number
    of queries."""
    report = make_report(alice, plan_000, "39", period_q2)
    reporter, office = api(alice), api(olivia)
    url = f"{URL}{report.pk}/"
    elsewhere = {"unit": bob.profile.unit_id, "state": "approved", "period": "2022Q3"}
    body, sql = _queries(lambda: reporter.get(url, elsewhere))
    assert body["id"] == report.pk
    # token and user, the report (with task, unit, period), its values
    assert len(sql) <= 3, sql
    read = next(s for s in sql if 'FROM "progress_progressreport"' in s)
    assert "plans_plan" not in read and "auth_user" not in read
    body, sql = _queries(
        lambda: reporter.patch(
            url + "?state=approved", {"version": body["version"], "narrative": "改"}
        )
    )
    assert body["narrative"] == "改"
    # its values are not read before the write (which reads them again, locked); the report
    # shown is read in the write's transaction (the service's own becomes a savepoint in it:
    # two statements more)
    assert len(sql) <= 16, sql
    reads = [s for s in sql if s.startswith("SELECT") and 'FROM "progress_reportvalue"' in s]
    assert len(reads) == 2, reads  # by the write, and of the report shown
    body, sql = _queries(lambda: reporter.post(url + "submit/", {"version": body["version"]}))
    assert body["state"] == "submitted"
    assert len(sql) <= 16, sql
    body, sql = _queries(
        lambda: office.post(url + "approve/", {"version": body["version"], "comment": "同意"})
    )
    assert body["state"] == "approved"
    # the report locked with its task and plan (may olivia approve it?), one event of hers
    assert len(sql) <= 14, sql
