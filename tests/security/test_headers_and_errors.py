"""What every response says about itself: a Content-Security-Policy and a Permissions-Policy
on every page (and templates that need nothing more); the schema and docs only for signed-in
users; every API error in the {code, message, fields} shape with a Chinese message, while the
pages keep their Chinese error pages."""

import json
import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from config.views import server_error
from tests.api.helpers import assert_error, client_for
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def policies(response):
    csp = response.headers.get("Content-Security-Policy", "")
    return dict(part.strip().split(" ", 1) for part in csp.split(";")), response.headers.get(
        "Permissions-Policy", ""
    )


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/admin/login/", "/api/v1/plans/", "/no-such-page/", "/api/x/"]
)
def test_every_response_carries_the_security_headers(client, url):
    csp, permissions = policies(client.get(url))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"
    assert re.fullmatch(r"'self' 'nonce-[\w-]{20,}'", csp["style-src"])
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "camera=()" in permissions and "geolocation=()" in permissions


def test_each_response_gets_its_own_style_nonce(client):
    first, _ = policies(client.get("/accounts/login/"))
    second, _ = policies(client.get("/accounts/login/"))
    assert first["style-src"] != second["style-src"]


def test_the_signed_in_pages_carry_them_too(client, olivia, plan_000):
    client.login(username="olivia", password=PASSWORD)
    for url in (reverse("progress:review"), reverse("dashboards:index"), "/admin/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], url


def test_no_template_needs_an_inline_script_handler_or_style():
    """The policy allows no inline code: a template with any would break under it."""
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                found.append((path.name, tag))
        found += [(path.name, m) for m in re.findall(r"\son[a-z]+\s*=", text)]
        found += [(path.name, m) for m in re.findall(r"\sstyle\s*=|<style\b", text)]
    assert found == []


def test_the_schema_and_docs_need_a_signed_in_user(client, rita):
    assert_error(APIClient().get("/api/schema/", {"format": "json"}), 401, "not_authenticated")
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client_for(rita).get("/api/schema/", {"format": "json"}).status_code == 200
    client.login(username="rita", password=PASSWORD)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    script = re.search(r'<script src="([^"]*script=[^"]*)"', page.content.decode()).group(1)
    start = client.get(script.replace("&amp;", "&"))
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize("url", ["/api/v1/nothing/", "/api/v2/plans/", "/api/"])
def test_an_unknown_api_route_is_404_in_the_error_shape(url, rita):
    body = assert_error(client_for(rita).get(url), 404, "not_found")
    assert url in body["message"]


def test_an_unknown_page_keeps_the_chinese_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_method_the_route_does_not_have_is_405_in_the_error_shape(db):
    assert_error(APIClient().get("/api/v1/auth/token/"), 405, "method_not_allowed")


def test_a_body_above_the_upload_limit_is_413_in_the_error_shape(settings, alice):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"username": "alice", "password": "x" * 2000})
    response = APIClient().generic("POST", "/api/v1/auth/token/", body, "application/json")
    message = assert_error(response, 413, "request_too_large")["message"]
    assert "请求内容过大" in message


def test_a_page_body_above_the_limit_gets_the_chinese_400_page(settings, client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/login/", {"username": "alice", "password": "x" * 2000})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_401_and_429_are_in_the_error_shape(alice):
    assert_error(APIClient().get("/api/v1/plans/"), 401, "not_authenticated")
    for _ in range(5):
        APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": "wrong"})
    response = APIClient().post("/api/v1/auth/token/", {"username": "alice", "password": PASSWORD})
    assert_error(response, 429, "throttled")


def test_an_unhandled_exception_in_the_api_is_logged_and_500_in_the_error_shape(
    monkeypatch, caplog, rita
):
    from plans.api import PlanViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(PlanViewSet, "list", broken)
    response = client_for(rita).get("/api/v1/plans/")
    assert_error(response, 500, "server_error")
    assert "a bug" not in response.content.decode()
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelname == "ERROR" and "a bug" in str(record.exc_info[1])


def test_djangos_own_500_is_the_shape_under_api_and_the_chinese_page_elsewhere():
    api = server_error(RequestFactory().get("/api/v1/plans/"))
    assert api.status_code == 500
    assert json.loads(api.content)["code"] == "server_error"
    page = server_error(RequestFactory().get("/progress/"))
    assert page.status_code == 500
    assert "系统错误" in page.content.decode()
