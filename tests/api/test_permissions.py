"""The permission matrix of the progress API: each role x each action x own / other unit.

"own" is a report of 州人力资源社会保障局 (alice's and leo's unit) on its task 39, "other" one of
州财政局 (bob's unit) on its task 13, both drafts in 2022Q2. Each action runs in a savepoint
that is rolled back, so every action starts from the same two drafts; a refused write must
leave the database as it was.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction

from progress import services
from progress.models import ProgressReport
from tests.api.helpers import COMPLETE, complete_for, make_report, task

pytestmark = pytest.mark.django_db

SEEN, HIDDEN = "seen", "hidden"
ACTIONS = ("list", "retrieve", "create", "update", "submit", "approve", "return", "history")
WRITES = ("create", "update", "submit", "approve", "return")

REPORTING = {
    "list": (SEEN, HIDDEN),
    "retrieve": (200, 403),
    "create": (201, 403),
    "update": (200, 403),
    "submit": (200, 403),
    "approve": (403, 403),
    "return": (403, 403),
    "history": (200, 403),
}
OFFICE = {
    "list": (SEEN, SEEN),
    "retrieve": (200, 200),
    "create": (201, 201),
    "update": (200, 200),
    "submit": (200, 200),
    "approve": (200, 200),
    "return": (200, 200),
    "history": (200, 200),
}
READER = {
    **{action: (403, 403) for action in WRITES},
    "list": (SEEN, SEEN),
    "retrieve": (200, 200),
    "history": (200, 200),
}
NO_ROLE = {action: (403, 403) for action in ACTIONS}
ANONYMOUS = {action: (401, 401) for action in ACTIONS}


@dataclass
class Side:
    report: ProgressReport
    author: object  # the unit's reporter, who submits before a review is tried

    @property
    def url(self):
        return f"/api/v1/progress/{self.report.pk}/"


@pytest.fixture
def sides(plan_000, alice, bob, period_q2):
    return {
        "own": Side(make_report(alice, plan_000, "39", period_q2), alice),
        "other": Side(make_report(bob, plan_000, "13", period_q2), bob),
    }


def _submitted(side):
    return services.report_submit(user=side.author, report=side.report, version=side.report.version)


def _act(client, action, side):
    report = side.report
    if action == "list":
        response = client.get("/api/v1/progress/")
        if response.status_code != 200:
            return response.status_code
        return SEEN if report.pk in {r["id"] for r in response.json()["results"]} else HIDDEN
    if action == "retrieve":
        return client.get(side.url).status_code
    if action == "create":
        q3 = report.task.plan.periods.get(year=2022, quarter=3)
        body = {
            "task": report.task_id,
            "unit": report.unit_id,
            "period": "2022Q3",
            **complete_for(report.task, report.unit, q3),
        }
        return client.post("/api/v1/progress/", body, format="json").status_code
    if action == "update":
        body = {"version": report.version, "narrative": "修改后的进展"}
        return client.patch(side.url, body, format="json").status_code
    if action == "submit":
        return client.post(side.url + "submit/", {"version": report.version}).status_code
    if action in ("approve", "return"):
        version = _submitted(side).version
        body = {"version": version, "comment": "请补充覆盖人数。"}
        return client.post(side.url + f"{action}/", body, format="json").status_code
    return client.get(side.url + "history/").status_code


def _state():
    return sorted(ProgressReport.objects.values_list("pk", "version", "state"))


def matrix_row(client, sides):
    """{action: (own result, other result)}, plus the refused writes that changed something."""
    row, changed = {}, []
    for action in ACTIONS:
        results = []
        for name in ("own", "other"):
            with transaction.atomic():
                if action in ("approve", "return"):
                    before = None  # the submission is part of the set-up
                else:
                    before = _state()
                result = _act(client, action, sides[name])
                refused = isinstance(result, int) and result >= 400
                if before is not None and refused and _state() != before:
                    changed.append((action, name))
                results.append(result)
                transaction.set_rollback(True)
        row[action] = tuple(results)
    return row, changed


def check(client, sides, expected):
    row, changed = matrix_row(client, sides)
    mismatches = {a: (row[a], expected[a]) for a in ACTIONS if row[a] != expected[a]}
    assert mismatches == {}, "action: (got, expected) as (own, other)"
    assert changed == []


def test_reporter_reaches_only_their_own_units_reports(api, sides, alice):
    check(api(alice), sides, REPORTING)


def test_unit_leader_has_the_reporters_rights_on_their_own_unit(api, sides, leo):
    check(api(leo), sides, REPORTING)


def test_office_sees_writes_and_reviews_every_report(api, sides, olivia):
    check(api(olivia), sides, OFFICE)


def test_reader_sees_everything_and_every_write_is_refused(api, sides, rita):
    check(api(rita), sides, READER)


def test_user_without_a_role_is_refused_everywhere(api, sides, outsider):
    check(api(outsider), sides, NO_ROLE)


def test_anonymous_requests_get_401_everywhere(api, sides):
    check(api(None), sides, ANONYMOUS)


def test_reporter_cannot_create_a_report_on_a_task_their_unit_is_not_assigned_to(
    api, plan_000, alice
):
    response = api(alice).post(
        "/api/v1/progress/",
        {"task": task(plan_000, "13").pk, "period": "2022Q2", **COMPLETE},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not ProgressReport.objects.exists()


def test_review_by_a_reporter_is_refused_before_its_input_is_read(api, sides, alice):
    response = api(alice).post(sides["own"].url + "approve/", {}, format="json")
    assert response.status_code == 403


def test_reader_write_is_refused_before_its_input_is_read(api, sides, rita):
    response = api(rita).post("/api/v1/progress/", {"task": "x"}, format="json")
    assert response.status_code == 403
