"""Every API error has one shape, {"code", "message", "fields"}, with the right status; bad
input never gets a 500 and never changes anything."""

import pytest
from rest_framework.test import APIClient

from progress.models import ProgressReport
from tests.api.helpers import COMPLETE, assert_error, make_report, task

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


def test_400_names_each_bad_field(api, plan_000, alice):
    response = api(alice).post(
        URL, {"task": 999999, "period": "2022Q2", "percent": "许多"}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert {"task", "percent"} <= set(body["fields"])
    assert all(isinstance(text, str) for text in body["fields"].values())
    assert not ProgressReport.objects.exists()


def test_400_for_a_body_that_is_not_json(api, plan_000, alice):
    response = api(alice).generic("POST", URL, "{not json", content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_400_for_a_token_request_that_is_not_an_object(db):
    response = APIClient().post("/api/v1/auth/token/", ["alice"], format="json")
    assert_error(response, 400, "invalid")


def test_400_for_a_missing_version(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    body = assert_error(
        api(alice).patch(f"{URL}{report.pk}/", {"narrative": "无版本"}), 400, "invalid"
    )
    assert "version" in body["fields"]


def test_403_from_the_services_keeps_their_message(api, plan_000, bob):
    response = api(bob).post(
        URL, {"task": task(plan_000, "39").pk, "period": "2022Q2", **COMPLETE}, format="json"
    )
    body = assert_error(response, 403, "forbidden")
    assert "无权" in body["message"]


def test_404_for_a_report_that_does_not_exist(api, plan_000, olivia):
    client = api(olivia)
    for url in (f"{URL}999999/", f"{URL}abc/", f"{URL}999999/history/", "/api/v1/tasks/0/"):
        assert_error(client.get(url), 404, "not_found")
    assert_error(client.post(f"{URL}999999/submit/", {"version": 1}), 404, "not_found")
    assert_error(client.get(URL, {"page": 99}), 404, "not_found")


def test_409_for_a_stale_version(api, plan_000, alice, period_q2):
    report = make_report(alice, plan_000, "39", period_q2)
    body = assert_error(
        api(alice).patch(f"{URL}{report.pk}/", {"version": 0, "narrative": "旧"}), 409, "conflict"
    )
    assert "第1版" in body["message"]


def test_405_for_a_method_the_resource_does_not_have(api, plan_000, olivia, period_q2):
    assert_error(api(olivia).delete(f"/api/v1/periods/{period_q2.pk}/"), 405, "method_not_allowed")


def test_out_of_range_ids_are_refused_not_crashed(api, plan_000, olivia):
    client = api(olivia)
    huge = 2**70
    assert_error(client.get(f"{URL}{huge}/"), 404, "not_found")
    assert client.get("/api/v1/tasks/", {"plan": huge}).status_code in (200, 400)
    response = client.post(URL, {"task": huge, "unit": huge, "period": "2022Q2"}, format="json")
    assert_error(response, 400, "invalid")


def test_out_of_range_ids_in_every_id_filter_are_refused_not_crashed(api, plan_000, olivia):
    """Found by schemathesis: /api/v1/units/?plan=-1.28e150 reached the database."""
    client = api(olivia)
    for url, name in [
        ("/api/v1/units/", "plan"),
        ("/api/v1/tasks/", "unit"),
        ("/api/v1/progress/", "plan"),
        ("/api/v1/tasks/", "plan"),
        ("/api/v1/bulletins/", "plan"),
    ]:
        for value in (2**70, "-1.281301468576098e+150", "0"):
            response = client.get(url, {name: value})
            assert response.status_code == 400, (url, name, value, response.status_code)
            assert response.json()["code"] == "invalid"
