"""Completion figures and bulletins through the API, from reports entered through the API."""

import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from progress.api.tokens import token_issue
from reports.models import Bulletin, Snapshot
from reports.snapshots import snapshot_compute
from tasks.models import TaskAssignment
from tests.api.helpers import assert_error, client_for

pytestmark = pytest.mark.django_db


def report_through_api(user, task_id, body):
    client = client_for(user)
    created = client.post(
        "/api/v1/progress/", {"task": task_id, "period": "2022Q3", **body}, format="json"
    )
    assert created.status_code == 201, created.json()
    report = created.json()
    submitted = client.post(
        f"/api/v1/progress/{report['id']}/submit/", {"version": report["version"]}, format="json"
    )
    assert submitted.status_code == 200, submitted.json()
    return submitted.json()


def task_of(user, plan, number):
    tasks = (
        client_for(user)
        .get("/api/v1/tasks/", {"plan": plan.pk, "page_size": 100})
        .json()["results"]
    )
    return next(t for t in tasks if t["number"] == number)


@pytest.fixture
def reported(plan_000, alice, bob, carol):
    task1 = task_of(alice, plan_000, "1")
    people, rate = (t["id"] for t in task1["targets"] if t["annual"] is None)
    report_through_api(
        alice,
        task1["id"],
        {
            "narrative": "转移就业7600人",
            "problems": "需求下降",
            "values": {str(people): "7600", str(rate): "70"},
        },
    )
    report_through_api(
        alice, task_of(alice, plan_000, "39")["id"], {"narrative": "已宣传", "percent": "80"}
    )
    task20 = task_of(bob, plan_000, "20")
    items, payout = (t["id"] for t in task20["targets"] if t["annual"] is None)
    report_through_api(
        bob,
        task20["id"],
        {"narrative": "发放完成", "values": {str(items): "47", str(payout): "95"}},
    )
    report_through_api(
        carol,
        task_of(carol, plan_000, "39")["id"],
        {"narrative": "凯里市宣传", "percent": "50", "problems": "覆盖不足"},
    )
    # Through the API the figures follow after the commit (a job); here they are brought up to
    # date at once, the same statements the job runs.
    snapshot_compute(plan=plan_000, period=plan_000.periods.get(year=2022, quarter=3))
    return plan_000


def test_completion_of_a_plan_period_is_the_latest_snapshot(reported, olivia):
    response = client_for(olivia).get(
        "/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3"}
    )
    assert response.status_code == 200
    data = response.json()
    snapshot = Snapshot.objects.filter(plan=reported, period__quarter=3).latest()
    assert data["snapshot"]["id"] == snapshot.pk
    assert data["snapshot"]["period"] == "2022Q3"
    totals = data["totals"]
    assert (
        totals["tasks"],
        totals["completed"],
        totals["on_schedule"],
        totals["lagging"],
        totals["not_reported"],
    ) == (64, 1, 1, 1, 61)
    assert totals["completion"] == pytest.approx(snapshot.completion)
    assert totals["submitted_reports"] == 4
    rows = {row["number"]: row for row in data["tasks"]}
    assert rows["1"]["status"] == "lagging" and rows["1"]["light"] == "yellow"
    assert rows["1"]["completion"] == pytest.approx(0.9)
    assert rows["39"]["status"] == "on_schedule"
    assert rows["20"]["status"] == "completed" and rows["20"]["lead_units"] == ["州财政局"]
    assert rows["13"]["reason"] == "截至2022年9月18日未报送进展。"
    leads = {}
    for number, name in (
        TaskAssignment.objects.filter(task__plan=reported, role="lead")
        .order_by("task_id", "order")
        .values_list("task__number", "unit__name")
    ):
        leads.setdefault(number, []).append(name)
    assert {n: r["lead_units"] for n, r in rows.items()} == {n: leads.get(n, []) for n in rows}
    kaili = next(c for c in data["counties"] if c["name"] == "凯里市人民政府")
    assert (kaili["rank"], kaili["submitted_reports"]) == (1, 1)
    assert kaili["completion"] == pytest.approx(0.5 / 64)
    assert data["county_label"] == "县（市）"
    assert [u["rank"] for u in data["units"]] == list(range(1, len(data["units"]) + 1))
    assert sum(s["tasks"] for s in data["sections"] if s["parent"] is None) == 64


def test_a_task_with_several_lead_units_lists_them_in_the_documents_order(loaded_plans, rita):
    plan = loaded_plans["003"]
    snapshot_compute(plan=plan, period=plan.periods.get(year=2022, quarter=3))
    data = (
        client_for(rita)
        .get("/api/v1/completion/", {"plan": plan.pk, "period": "2022Q3", "page_size": 1000})
        .json()
    )
    row = next(r for r in data["tasks"] if r["number"] == "44")
    assert row["lead_units"] == ["省人力资源社会保障厅", "省住房城乡建设厅", "省发展改革委"]


def test_completion_needs_plan_and_period_and_answers_in_the_error_shape(reported, rita):
    client = client_for(rita)
    missing = client.get("/api/v1/completion/")
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert set(missing.json()["fields"]) == {"plan", "period"}
    bad = client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2022-3"})
    assert bad.status_code == 400 and "2022Q3" in bad.json()["fields"]["period"]
    assert (
        client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2022Q1"}).status_code
        == 404
    )
    assert (
        client_for(None)
        .get("/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3"})
        .status_code
        == 401
    )


def wait_until_ready(client, bulletin_id, seconds=90):
    deadline = time.monotonic() + seconds
    while True:
        bulletin = client.get(f"/api/v1/bulletins/{bulletin_id}/").json()
        if bulletin["state"] in ("ready", "failed") or time.monotonic() > deadline:
            return bulletin
        time.sleep(0.5)


@pytest.mark.django_db(transaction=True)
def test_every_figure_of_a_bulletin_equals_the_api_for_its_snapshot(
    celery_worker, reported, olivia
):
    """The bulletin is made by the job: a real worker over Redis under CI, in-process otherwise."""
    client = client_for(olivia)
    created = client.post(
        "/api/v1/bulletins/", {"plan": reported.pk, "period": "2022Q3"}, format="json"
    )
    assert created.status_code == 202
    bulletin = wait_until_ready(client, created.json()["id"])
    assert bulletin["state"] == "ready", bulletin
    api = client.get("/api/v1/completion/", {"snapshot": bulletin["snapshot"]}).json()
    download = client.get(f"/api/v1/bulletins/{bulletin['id']}/download/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    headline = {
        row[1]: row[2] for row in book["总体情况"].iter_rows(min_row=6, values_only=True) if row[1]
    }
    totals = api["totals"]
    assert headline["任务总数（项）"] == totals["tasks"]
    assert (headline["已完成"], headline["序时推进"], headline["滞后"], headline["未报送"]) == (
        totals["completed"],
        totals["on_schedule"],
        totals["lagging"],
        totals["not_reported"],
    )
    assert headline["平均完成率"] == pytest.approx(totals["completion"])
    assert headline["平均序时进度"] == pytest.approx(totals["expected"])
    assert (headline["应报送（份）"], headline["已报送（份）"], headline["按时报送（份）"]) == (
        totals["expected_reports"],
        totals["submitted_reports"],
        totals["on_time_reports"],
    )
    assert headline["报送率"] == pytest.approx(totals["reporting_rate"])
    ranking = [row for row in book["牵头单位排名"].iter_rows(min_row=6, values_only=True) if row[0]]
    assert [(r[0], r[1]) for r in ranking] == [(u["rank"], u["name"]) for u in api["units"]]
    assert [r[3] for r in ranking] == pytest.approx([u["completion"] for u in api["units"]])
    detail = {
        row[0]: row for row in book["任务明细"].iter_rows(min_row=6, values_only=True) if row[0]
    }
    for row in api["tasks"]:
        sheet_row = detail[row["number"]]
        assert (sheet_row[5] if sheet_row[5] is not None else None) == (
            pytest.approx(row["completion"]) if row["completion"] is not None else None
        )
        assert sheet_row[6] == pytest.approx(row["expected"])


def test_only_the_office_asks_for_bulletins(reported, alice, rita):
    for user in (alice, rita):
        response = client_for(user).post(
            "/api/v1/bulletins/", {"plan": reported.pk, "period": "2022Q3"}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Bulletin.objects.exists()


def test_task_rows_come_a_page_at_a_time_with_the_rollups_on_the_first(reported, olivia):
    client = client_for(olivia)
    first = client.get(
        "/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3", "page_size": 50}
    ).json()
    assert (first["count"], first["page"], first["page_size"], len(first["tasks"])) == (
        64,
        1,
        50,
        50,
    )
    assert first["sections"] and first["units"] and first["counties"]
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["tasks"]) == 14 and second["next"] is None
    assert second["sections"] is None and second["totals"] == first["totals"]
    numbers = [r["number"] for r in first["tasks"] + second["tasks"]]
    assert numbers == [str(n) for n in range(1, 65)]
    capped = client.get(
        "/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3", "page_size": 100000}
    ).json()
    assert capped["page_size"] == 1000 and len(capped["tasks"]) == 64
    lagging = client.get(
        "/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3", "status": "lagging"}
    ).json()
    assert [r["number"] for r in lagging["tasks"]] == ["1"]
    assert_error(
        client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3", "page": 9}),
        404,
        "not_found",
    )
    assert_error(
        client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2022Q3", "light": "x"}),
        400,
        "invalid",
    )


def test_a_get_never_computes_without_figures_it_is_a_404(plan_000, olivia):
    Snapshot.objects.filter(plan=plan_000).delete()
    response = client_for(olivia).get(
        "/api/v1/completion/", {"plan": plan_000.pk, "period": "2022Q3"}
    )
    body = assert_error(response, 404, "not_found")
    assert "尚无完成率" in body["message"]
    assert not Snapshot.objects.filter(plan=plan_000).exists()


def test_a_page_kept_for_the_next_reader_costs_two_queries(reported, olivia):
    """The token with its user and role, then the snapshot alone: its plan, the plan's region
    and the period are read only to build a page (their joins cost a kept page's reader a
    third of its Python)."""
    token = token_issue(user=olivia).key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    query = {"plan": reported.pk, "period": "2022Q3"}
    first = client.get("/api/v1/completion/", query)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/completion/", query)
    assert again.json() == first.json()
    assert len(queries) == 2, [q["sql"] for q in queries]
    lookup = queries[1]["sql"]
    assert 'FROM "reports_snapshot"' in lookup
    assert "plans_plan" not in lookup and "plans_region" not in lookup


def test_what_is_missing_is_told_apart(reported, olivia):
    client = client_for(olivia)
    missing_plan = client.get("/api/v1/completion/", {"plan": 999999, "period": "2022Q3"})
    assert_error(missing_plan, 404, "not_found")
    bad_label = client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2022Q9"})
    assert "period" in assert_error(bad_label, 400, "invalid")["fields"]
    no_period = client.get("/api/v1/completion/", {"plan": reported.pk, "period": "2031Q1"})
    assert "没有报告期2031Q1" in assert_error(no_period, 404, "not_found")["message"]


def test_other_systems_poll_cheaply_with_the_snapshots_etag(reported, olivia, alice):
    client = client_for(olivia)
    query = {"plan": reported.pk, "period": "2022Q3"}
    first = client.get("/api/v1/completion/", query)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/completion/", query, HTTP_IF_NONE_MATCH=etag).status_code == 304
    again = client.get("/api/v1/completion/", query, HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304
    # A report changes a task: the live snapshot's version moves on, and so does its ETag.
    from reports.snapshots import snapshot_tasks_refresh
    from tests.api.helpers import make_report

    period = reported.periods.get(quarter=3)
    report = make_report(alice, reported, "5", period, submit=True)
    snapshot_tasks_refresh(plan=reported, period=period, tasks=[report.task_id])
    changed = client.get("/api/v1/completion/", query, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    rows = {r["number"]: r for r in changed.json()["tasks"]}
    assert rows["5"]["status"] == "completed"


def test_the_number_of_task_rows_is_the_snapshots_and_that_of_the_rows_shown(
    reported, olivia, alice
):
    from reports import rules
    from reports.snapshots import snapshot_tasks_refresh
    from tests.api.helpers import make_report

    client = client_for(olivia)
    query = {"plan": reported.pk, "period": "2022Q3", "page_size": 1000}
    filters = [
        {},
        *({"status": s} for s in rules.STATUS_LABELS),
        *({"light": light} for light in rules.LIGHT_LABELS),
        {"status": ["lagging", "not_reported"]},
        {"status": ["completed", "completed"]},
        {"status": "not_reported", "light": "grey"},  # no total says it: counted
    ]

    def counts():
        found = {}
        for params in filters:
            with CaptureQueriesContext(connection) as queries:
                body = client.get("/api/v1/completion/", {**query, **params}).json()
            assert body["count"] == len(body["tasks"]), params
            counted = [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
            assert bool(counted) is ("status" in params and "light" in params), params
            found[str(params)] = body["count"]
        return found

    before = counts()
    assert before["{}"] == 64 and before["{'status': 'lagging'}"] == 1
    # A task completed since: its row changed in the live snapshot, its totals with it.
    period = reported.periods.get(quarter=3)
    report = make_report(alice, reported, "5", period, submit=True)
    snapshot_tasks_refresh(plan=reported, period=period, tasks=[report.task_id])
    after = counts()
    assert after["{'status': 'completed'}"] == before["{'status': 'completed'}"] + 1
