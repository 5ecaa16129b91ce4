"""领导批示 (DOMAIN.md "Reminders and escalation": leaders may write instructions on a task or
a report; the units concerned see them, and they stay in the task's history), through
GET/POST /api/v1/tasks/{id}/instructions/ and the task page, on the real 000 plan."""

import pytest
from django.urls import reverse

from progress.models import Instruction, TaskEvent
from tests.api.helpers import assert_error, make_report, task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def url(t):
    return f"/api/v1/tasks/{t.pk}/instructions/"


def test_the_office_writes_an_instruction_kept_in_the_tasks_history(api, plan_000, olivia):
    t = task(plan_000, "1")
    response = api(olivia).post(url(t), {"text": "请加快推进劳务协作。"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "task", "text", "report", "author", "created_at"}
    assert (body["task"], body["text"], body["report"], body["author"]) == (
        t.pk,
        "请加快推进劳务协作。",
        None,
        "olivia",
    )
    event = TaskEvent.objects.get(task=t, action="instruct")
    assert (event.actor_name, event.text) == ("olivia", "请加快推进劳务协作。")
    assert event.get_action_display() == "领导批示"
    listed = api(olivia).get(url(t)).json()
    assert [i["id"] for i in listed] == [body["id"]]


def test_a_leader_instructs_on_his_units_report(api, plan_000, period_q3, alice, leo, bob):
    t = task(plan_000, "1")
    report = make_report(alice, plan_000, "1", period_q3)
    response = api(leo).post(url(t), {"text": "数据请核实。", "report": report.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["report"] == report.pk
    assert TaskEvent.objects.get(task=t, action="instruct").period == period_q3
    # The report's unit sees it; another unit does not.
    assert [i["text"] for i in api(alice).get(url(t)).json()] == ["数据请核实。"]
    assert api(bob).get(url(t)).json() == []


def test_reporters_and_readers_cannot_instruct(api, plan_000, alice, rita, bob):
    t = task(plan_000, "1")
    for user in (alice, rita):
        assert_error(api(user).post(url(t), {"text": "批示"}, format="json"), 403, "forbidden")
    # A leader only on a task of his unit: bob is a reporter anyway; leo is tested above.
    assert not Instruction.objects.exists()
    assert not TaskEvent.objects.filter(action="instruct").exists()


def test_text_is_required_and_free_of_control_characters(api, plan_000, olivia, settings):
    t = task(plan_000, "1")
    office = api(olivia)
    for body in ({}, {"text": "  "}):
        response = office.post(url(t), body, format="json")
        assert_error(response, 400, "invalid")
        assert "text" in response.json()["fields"]
    response = office.post(url(t), {"text": "请\x07核实"}, format="json")
    assert_error(response, 400, "invalid")
    assert response.json()["fields"] == {"text": "含有不可见的控制字符"}
    too_long = "批" * (settings.COMMENT_MAX_CHARS + 1)
    response = office.post(url(t), {"text": too_long}, format="json")
    assert_error(response, 400, "invalid")
    assert "text" in response.json()["fields"]
    assert not Instruction.objects.exists()


def test_a_report_of_another_task_is_refused(api, plan_000, period_q3, alice, olivia):
    report = make_report(alice, plan_000, "4", period_q3)
    response = api(olivia).post(
        url(task(plan_000, "1")), {"text": "批示", "report": report.pk}, format="json"
    )
    assert_error(response, 400, "invalid")
    assert "report" in response.json()["fields"]


def test_outsiders_and_unknown_tasks(api, plan_000, outsider, olivia):
    t = task(plan_000, "1")
    assert api(None).get(url(t)).status_code == 401
    assert_error(api(outsider).get(url(t)), 403, "forbidden")
    assert_error(
        api(olivia).post("/api/v1/tasks/999999/instructions/", {"text": "x"}), 404, "not_found"
    )


def test_the_task_page_form_writes_one_and_the_units_see_it(client, plan_000, olivia, alice, carol):
    t = task(plan_000, "1")
    client.login(username="olivia", password=PASSWORD)
    page = client.get(reverse("dashboards:task", args=[t.pk])).content.decode()
    assert reverse("progress:instruction_add", args=[t.pk]) in page
    response = client.post(
        reverse("progress:instruction_add", args=[t.pk]), {"text": "请各单位按月调度。"}
    )
    assert response.status_code == 302
    page = client.get(reverse("dashboards:task", args=[t.pk])).content.decode()
    assert "请各单位按月调度。" in page and "领导批示" in page
    client.logout()
    for person in (alice, carol):  # the lead unit and a responsible county
        client.login(username=person.username, password=PASSWORD)
        home = client.get(reverse("progress:my_tasks")).content.decode()
        assert "请各单位按月调度。" in home
        unit_page = client.get(reverse("dashboards:unit", args=[person.profile.unit.pk]))
        assert "请各单位按月调度。" in unit_page.content.decode()
        task_page = client.get(reverse("dashboards:task", args=[t.pk])).content.decode()
        assert reverse("progress:instruction_add", args=[t.pk]) not in task_page  # no form
        assert (
            client.post(reverse("progress:instruction_add", args=[t.pk]), {"text": "x"}).status_code
            == 403
        )
        client.logout()
