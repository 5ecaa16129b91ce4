"""A deadline entered as MM-DD (a plan's own reporting deadlines, in the admin or through the
service) must be a day of every year: 02-29 and impossible dates are refused with a Chinese
message, never a 500, and nothing changes."""

import re

import pytest
from django.urls import reverse

from plans.errors import PlanSettingsError
from plans.services import plan_settings_change
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "deadline, words",
    [
        ("02-29", "不是每年都有"),
        ("02-30", "不是有效日期"),
        ("13-01", "不是有效日期"),
        ("00-10", "不是有效日期"),
        ("3-18", "MM-DD"),
    ],
)
def test_an_impossible_deadline_is_refused_by_the_service(plan_000, deadline, words):
    with pytest.raises(PlanSettingsError) as error:
        plan_settings_change(plan=plan_000, reporting_deadlines={"Q1": deadline}, lag_threshold=30)
    assert words in error.value.message
    plan_000.refresh_from_db()
    assert plan_000.reporting_deadlines.get("Q1") != deadline


def test_a_possible_deadline_moves_the_periods_deadline(plan_000):
    plan_settings_change(plan=plan_000, reporting_deadlines={"Q2": "06-10"}, lag_threshold=30)
    assert str(plan_000.periods.get(year=2022, quarter=2).deadline) == "2022-06-10"


def admin_form(client, url):
    """The admin change form's fields as the page sends them."""
    html = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="submit"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    data["lag_threshold"] = "30"
    return data


def test_the_admin_refuses_02_29_with_a_message_not_a_500(client, olivia, plan_000):
    client.login(username="olivia", password=PASSWORD)
    url = reverse("admin:plans_plan_change", args=[plan_000.pk])
    data = admin_form(client, url)
    response = client.post(url, {**data, "reporting_deadlines": '{"Q1": "02-29"}'})
    assert response.status_code == 200
    assert "不是每年都有" in response.content.decode()
    plan_000.refresh_from_db()
    assert "Q1" not in plan_000.reporting_deadlines
    response = client.post(url, {**data, "reporting_deadlines": '{"Q1": "02-28"}'})
    assert response.status_code == 302
    plan_000.refresh_from_db()
    assert plan_000.reporting_deadlines == {"Q1": "02-28"}
