"""The OpenAPI schema describes every endpoint, validates, and a generic client walking it as
the office meets no server error; the interactive docs load nothing from the internet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.management import call_command

from progress import services
from tests.api.helpers import make_report, task
from tests.progress import files

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
    "/api/v1/tasks/{id}/close/",
    "/api/v1/tasks/{id}/reopen/",
    "/api/v1/tasks/{id}/instructions/",
    "/api/v1/periods/",
    "/api/v1/periods/{id}/",
    "/api/v1/progress/",
    "/api/v1/progress/{id}/",
    "/api/v1/progress/{id}/submit/",
    "/api/v1/progress/{id}/approve/",
    "/api/v1/progress/{id}/return/",
    "/api/v1/progress/{id}/history/",
    "/api/v1/progress/{id}/attachments/",
    "/api/v1/progress/{id}/attachments/{aid}/",
    "/api/v1/progress/{id}/attachments/{aid}/download/",
    "/api/v1/progress/asked/",
    "/api/v1/progress/bulk-approve/",
    "/api/v1/progress/bulk-return/",
    "/api/v1/target-shares/",
    "/api/v1/target-shares/{id}/",
    "/api/v1/target-shares/{id}/history/",
    "/api/v1/completion/",
    "/api/v1/exports/reports/",
    "/api/v1/bulletins/",
    "/api/v1/bulletins/{id}/",
    "/api/v1/bulletins/{id}/download/",
    "/api/v1/reminders/",
    "/api/v1/reminders/{id}/",
    "/api/v1/reminders/{id}/document/",
}


def test_the_schema_validates_without_a_single_warning(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/v1/progress/{id}/history/" in path.read_text(encoding="utf-8")


def test_the_schema_lists_every_endpoint(client, outsider):
    client.force_login(outsider)  # the schema is for signed-in users (tests/security)
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

    report = make_report(alice, plan_000, "39", period_q2)
    services.attachment_add(
        user=alice, report=report, file=ContentFile(files.pdf()), name="统计表.pdf"
    )
    report.refresh_from_db()
    report = services.report_submit(user=alice, report=report, version=report.version)
    assert report.events.count() == 3
    people = task(plan_000, "1").targets.get(role="annual", metric="农村劳动力转移就业")
    kaili = people.task.assignments.get(unit__name="凯里市人民政府").unit
    services.target_share_set(user=alice, target=people, unit=kaili, value=650)
    bulletin = Bulletin.objects.create(plan=plan_000, period=period_q2, requested_at=timezone.now())
    bulletin_make(bulletin_id=bulletin.pk)
    from reports.supervision.sending import reminders_send_by_hand

    assert reminders_send_by_hand(user=olivia, period=period_q2)  # 督办单, the deadline is past
    office = api(olivia)
    schema = office.get("/api/schema/", {"format": "json"}).json()
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
        # Each {id}, {aid}: the first row listed at the path before it (paginated or not).
        for name in re.findall(r"\{(\w+)\}", template):
            listing = office.get(url.split("{" + name + "}")[0]).json()
            rows = listing["results"] if isinstance(listing, dict) else listing
            assert rows, f"nothing to fill {template} with"
            url = url.replace("{" + name + "}", str(rows[0]["id"]))
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
    # All but the POST- or DELETE-only ones: token, submit, approve, return, close, reopen,
    # removing an attachment, bulk-approve and bulk-return.
    assert len(checked) == len(ENDPOINTS) - 9


def test_the_interactive_docs_are_served_from_our_own_static_files(client, outsider):
    client.force_login(outsider)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html) == []
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert len(assets) >= 3
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
