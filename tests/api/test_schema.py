"""The OpenAPI schema describes every endpoint, validates, and a generic client walking it as
the office meets no server error; the interactive docs load nothing from the internet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from tests.api.helpers import make_report

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/auth/token/",
    "/api/v1/regions/",
    "/api/v1/regions/{id}/",
    "/api/v1/units/",
    "/api/v1/units/{id}/",
    "/api/v1/plans/",
    "/api/v1/plans/{id}/",
    "/api/v1/sections/",
    "/api/v1/sections/{id}/",
    "/api/v1/tasks/",
    "/api/v1/tasks/{id}/",
    "/api/v1/periods/",
    "/api/v1/periods/{id}/",
    "/api/v1/progress/",
    "/api/v1/progress/{id}/",
    "/api/v1/progress/{id}/submit/",
    "/api/v1/progress/{id}/approve/",
    "/api/v1/progress/{id}/return/",
    "/api/v1/progress/{id}/history/",
    "/api/v1/progress/asked/",
    "/api/v1/completion/",
    "/api/v1/exports/reports/",
    "/api/v1/bulletins/",
    "/api/v1/bulletins/{id}/",
    "/api/v1/bulletins/{id}/download/",
}


def test_the_schema_validates_without_a_single_warning(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/v1/progress/{id}/history/" in path.read_text(encoding="utf-8")


def test_the_schema_lists_every_endpoint(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert set(schema["paths"]) == ENDPOINTS
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    patch = schema["paths"]["/api/v1/progress/{id}/"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schema["components"]["schemas"][body.rsplit("/", 1)[1]]["required"] == ["version"]


def _sample(parameter):
    """A plausible value for a documented query parameter."""
    schema = parameter.get("schema", {})
    if "enum" in schema:
        return schema["enum"][0]
    return {"integer": 1, "number": 1, "boolean": "true"}.get(schema.get("type"), "2022Q2")


def test_a_generic_client_walks_every_get_endpoint_without_a_server_error(
    api, client, plan_000, alice, olivia, period_q2
):
    from django.utils import timezone

    from reports.bulletins import bulletin_make
    from reports.models import Bulletin

    report = make_report(alice, plan_000, "39", period_q2, submit=True)
    assert report.events.count() == 2
    bulletin = Bulletin.objects.create(plan=plan_000, period=period_q2, requested_at=timezone.now())
    bulletin_make(bulletin_id=bulletin.pk)
    office = api(olivia)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    # Endpoints that answer only when told what to show.
    needed = {
        "/api/v1/completion/": {"plan": plan_000.pk, "period": "2022Q2"},
        "/api/v1/exports/reports/": {"plan": plan_000.pk, "period": "2022Q2"},
        "/api/v1/progress/asked/": {
            "task": report.task_id,
            "period": "2022Q2",
            "unit": report.unit_id,
        },
    }

    checked = []
    for template, operations in sorted(schema["paths"].items()):
        if "get" not in operations:
            continue
        url = template
        if "{id}" in template:
            base = template.split("{id}")[0]
            listing = office.get(base).json()
            assert listing["results"], f"nothing to fill {template} with"
            url = template.replace("{id}", str(listing["results"][0]["id"]))
        response = office.get(url, needed.get(template, {}))
        assert response.status_code == 200, (url, response.content[:300])
        checked.append(template)
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            params = {**needed.get(template, {}), parameter["name"]: _sample(parameter)}
            response = office.get(url, params)
            assert response.status_code < 500, (url, params)
            assert response.status_code in (200, 400, 404), (url, params, response.status_code)
    assert len(checked) == len(ENDPOINTS) - 4  # all but token, submit, approve, return


def test_the_interactive_docs_are_served_from_our_own_static_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html) == []
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert len(assets) >= 3
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
