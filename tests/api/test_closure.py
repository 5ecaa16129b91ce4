"""办结销号 through the API (DOMAIN.md: direct when the counted completion is 1, otherwise only
with a written reason; either can be undone; both are events)."""

import pytest

from progress.models import TaskClosure, TaskEvent
from reports.snapshots import snapshot_compute
from tests.api.helpers import assert_error, client_for, make_report, task

pytestmark = pytest.mark.django_db


def close(user, t, **body):
    return client_for(user).post(f"/api/v1/tasks/{t.pk}/close/", body, format="json")


def test_a_completed_task_closes_without_a_reason(plan_000, period_q3, alice, olivia):
    t39 = task(plan_000, "39")
    make_report(alice, plan_000, "39", period_q3, submit=True)  # 100%
    response = close(olivia, t39, period="2022Q3")
    assert response.status_code == 200, response.json()
    assert response.json()["completion"] == 1.0
    assert response.json()["period"] == "2022Q3"
    assert TaskClosure.objects.get(task=t39).reason == ""


def test_below_100_percent_a_reason_is_required_and_kept(plan_000, period_q3, olivia):
    t13 = task(plan_000, "13")
    body = assert_error(close(olivia, t13, period="2022Q3"), 400, "invalid")
    assert body["fields"] == {"reason": "完成率未达100%，请写明办结理由"}
    assert not TaskClosure.objects.exists()
    response = close(olivia, t13, period="2022Q3", reason="政策调整，任务取消")
    assert response.status_code == 200
    assert response.json()["reason"] == "政策调整，任务取消"
    assert response.json()["completion"] is None  # nothing counted
    snapshot = snapshot_compute(plan=plan_000, period=plan_000.periods.get(quarter=4))
    row = snapshot.task_rows.get(task=t13)
    assert row.status == "closed" and "政策调整，任务取消" in row.reason
    assert_error(close(olivia, t13, period="2022Q3", reason="again"), 409, "conflict")


def test_reopening_undoes_it_and_both_are_events(plan_000, olivia):
    t13 = task(plan_000, "13")
    close(olivia, t13, period="2022Q2", reason="合并到任务14")
    response = client_for(olivia).post(
        f"/api/v1/tasks/{t13.pk}/reopen/", {"reason": "恢复"}, format="json"
    )
    assert response.status_code == 204
    assert not TaskClosure.objects.exists()
    assert list(TaskEvent.objects.filter(task=t13).values_list("action", "text")) == [
        ("close", "合并到任务14"),
        ("reopen", "恢复"),
    ]
    assert_error(
        client_for(olivia).post(f"/api/v1/tasks/{t13.pk}/reopen/", {}, format="json"),
        409,
        "conflict",
    )


def test_only_the_office_closes_and_bad_input_is_a_400(plan_000, alice, rita, olivia):
    t13 = task(plan_000, "13")
    assert_error(close(alice, t13, period="2022Q3", reason="x"), 403, "forbidden")
    assert_error(close(rita, t13, period="2022Q3", reason="x"), 403, "forbidden")
    assert close(None, t13, period="2022Q3").status_code == 401
    assert_error(close(olivia, t13, period="2022Q9", reason="x"), 400, "invalid")
    assert_error(close(olivia, t13, period="2021Q3", reason="x"), 400, "invalid")
    assert_error(close(olivia, t13), 400, "invalid")
    assert (
        client_for(olivia).post("/api/v1/tasks/999999/close/", {}, format="json").status_code == 404
    )
    assert not TaskClosure.objects.exists()


def test_the_office_lists_completed_tasks_awaiting_closure_and_closes_one(
    client, plan_000, period_q3, alice, olivia
):
    from django.urls import reverse

    from tests.conftest import PASSWORD

    make_report(alice, plan_000, "39", period_q3, submit=True)  # 100%: completed
    snapshot_compute(plan=plan_000, period=period_q3)
    client.login(username="olivia", password=PASSWORD)
    url = reverse("reports:closures") + f"?plan={plan_000.key}"
    page = client.get(url).content.decode()
    assert 'id="table-closures"' in page and "于2022Q3办结销号" in page
    t39 = task(plan_000, "39")
    response = client.post(
        reverse("progress:task_close", args=[t39.pk]),
        {"period": period_q3.pk, "action": "close", "next": url},
    )
    assert response["Location"] == url
    assert TaskClosure.objects.get(task=t39).period == period_q3
    snapshot_compute(plan=plan_000, period=period_q3)
    assert "于2022Q3办结销号</button>" not in client.get(url).content.decode()
    client.login(username="alice", password=PASSWORD)
    assert client.get(url).status_code == 403
