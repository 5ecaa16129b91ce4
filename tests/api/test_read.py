"""The read-only resources: regions, units, plans, sections, tasks, periods."""

import pytest

from progress import services
from tasks.models import Task, TaskAssignment
from tests.api.helpers import annual_target, assert_error, task

pytestmark = pytest.mark.django_db

RESOURCES = ("regions", "units", "plans", "sections", "tasks", "periods")


def results(client, resource, **params):
    response = client.get(f"/api/v1/{resource}/", params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def every(client, resource, **params):
    """Every row of a list, following the pages."""
    rows, url = [], f"/api/v1/{resource}/"
    while url:
        body = client.get(url, params).json()
        rows += body["results"]
        url, params = body["next"], None
    return rows


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_role_reads_every_resource_in_pages(api, resource, alice, carol, leo, rita, olivia):
    for user in (alice, carol, leo, rita, olivia):
        body = api(user).get(f"/api/v1/{resource}/").json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert 0 < len(body["results"]) <= 50
        first = body["results"][0]["id"]
        assert api(user).get(f"/api/v1/{resource}/{first}/").status_code == 200


def test_a_list_longer_than_a_page_goes_on_to_the_next(api, plan_000, rita):
    client = api(rita)
    body = client.get("/api/v1/tasks/", {"plan": plan_000.pk}).json()
    assert body["count"] == plan_000.tasks.count() > 50
    assert len(body["results"]) == 50
    assert body["next"]
    numbers = [t["number"] for t in every(client, "tasks", plan=plan_000.pk)]
    assert numbers == list(plan_000.tasks.order_by("order").values_list("number", flat=True))


def test_a_task_shows_its_number_section_quarterly_plans_units_and_targets(api, plan_000, rita):
    t = task(plan_000, "1")
    target = annual_target(plan_000, "1", "城镇新增就业", 9500, "人")
    body = api(rita).get(f"/api/v1/tasks/{t.pk}/").json()
    assert body["number"] == "1"
    assert body["plan"] == plan_000.pk
    assert body["annual_target"] == t.annual_target
    assert body["section"]["title"] == t.section.title
    assert body["quarter_plans"] == {
        "Q1": t.q1_plan,
        "Q2": t.q2_plan,
        "Q3": t.q3_plan,
        "Q4": t.q4_plan,
    }
    assert body["quarter_plans"]["Q2"]
    lead = [u["name"] for u in body["lead_units"]]
    responsible = [u["name"] for u in body["responsible_units"]]
    assert "州人力资源社会保障局" in lead
    assert "凯里市人民政府" in responsible
    assert all(isinstance(u["id"], int) for u in body["lead_units"] + body["responsible_units"])
    shown = {x["id"]: x for x in body["targets"]}
    assert shown[target.pk]["metric"] == "城镇新增就业"
    assert shown[target.pk]["period"] == "2022"
    assert shown[target.pk]["annual"] is None
    assert body["needs_review"] is t.needs_review
    assert body["closed_in"] is None


def test_flagged_tasks_show_their_warnings(api, plan_000, rita):
    flagged = every(api(rita), "tasks", plan=plan_000.pk, flagged="true")
    expected = Task.objects.filter(plan=plan_000, needs_review=True)
    assert {t["id"] for t in flagged} == set(expected.values_list("pk", flat=True))
    assert flagged
    assert all(t["needs_review"] and t["warnings"] for t in flagged)
    assert {"code", "message"} <= set(flagged[0]["warnings"][0])
    unflagged = every(api(rita), "tasks", plan=plan_000.pk, flagged="false")
    assert len(flagged) + len(unflagged) == plan_000.tasks.count()


def test_tasks_filter_by_unit_and_its_role(api, plan_000, alice, rita):
    client, unit = api(rita), alice.profile.unit

    def numbers(**params):
        return {t["number"] for t in every(client, "tasks", plan=plan_000.pk, **params)}

    assignments = TaskAssignment.objects.filter(unit=unit, task__plan=plan_000)
    assert numbers(unit=unit.pk) == set(assignments.values_list("task__number", flat=True))
    lead = numbers(unit=unit.pk, role="lead")
    responsible = numbers(unit=unit.pk, role="responsible")
    assert {"1", "39"} <= lead
    assert "6" in responsible and "6" not in lead
    assert lead | responsible == numbers(unit=unit.pk)
    body = assert_error(client.get("/api/v1/tasks/", {"role": "lead"}), 400, "invalid")
    assert "role" in body["fields"]
    assert_error(client.get("/api/v1/tasks/", {"unit": unit.pk, "role": "boss"}), 400, "invalid")


def test_tasks_and_sections_filter_by_plan_and_section(api, plan_000, rita):
    client = api(rita)
    sections = every(client, "sections", plan=plan_000.pk)
    assert [s["id"] for s in sections] == list(
        plan_000.sections.order_by("order").values_list("pk", flat=True)
    )
    section = plan_000.sections.filter(tasks__isnull=False).first()
    shown = {t["number"] for t in every(client, "tasks", section=section.pk)}
    assert shown == set(section.tasks.values_list("number", flat=True))
    assert len(every(client, "tasks", plan=plan_000.pk)) == plan_000.tasks.count()


def test_periods_show_label_deadline_and_whether_open(api, plan_000, olivia, rita, period_q2):
    client = api(rita)
    periods = results(client, "periods", plan=plan_000.pk)
    assert [(p["label"], p["deadline"], p["state"]) for p in periods] == [
        ("2022Q2", "2022-06-18", "open"),
        ("2022Q3", "2022-09-18", "open"),
        ("2022Q4", "2022-12-18", "open"),
    ]
    services.period_close(user=olivia, period=period_q2)
    assert [p["label"] for p in results(client, "periods", plan=plan_000.pk, state="closed")] == [
        "2022Q2"
    ]
    assert [p["id"] for p in results(client, "periods", plan=plan_000.pk, label="2022Q3")] == [
        plan_000.periods.get(quarter=3).pk
    ]
    body = assert_error(client.get("/api/v1/periods/", {"label": "Q3"}), 400, "invalid")
    assert "label" in body["fields"]


def test_units_filter_by_plan_and_region(api, plan_000, rita):
    client = api(rita)
    units = every(client, "units", plan=plan_000.pk)
    names = {u["name"] for u in units}
    assert {"州人力资源社会保障局", "州财政局", "凯里市人民政府"} <= names
    region = units[0]["region"]["id"]
    assert all(u["region"]["id"] == region for u in every(client, "units", region=region))


def test_a_page_of_tasks_costs_a_fixed_number_of_queries(
    api, plan_000, rita, django_assert_max_num_queries
):
    client = api(rita)
    # token and user, profile, count, the page, assignments with units, targets
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/tasks/")
    assert len(response.json()["results"]) == 50
