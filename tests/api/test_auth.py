"""Signing in to the API: tokens, the login throttle, sessions with CSRF, and who is refused."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from progress import roles
from progress.api.tokens import ExpiringTokenAuthentication, token_issue
from tests.api.helpers import COMPLETE, assert_error, task
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LISTS = (
    "/api/v1/regions/",
    "/api/v1/units/",
    "/api/v1/plans/",
    "/api/v1/sections/",
    "/api/v1/tasks/",
    "/api/v1/periods/",
    "/api/v1/progress/",
)


def login_limit():
    """Wrong passwords before the lockout (config/doors.py; tests/security has the rest)."""
    return settings.LOGIN_MAX_FAILURES


def test_a_token_from_username_and_password_opens_the_api(alice):
    client = APIClient()
    response = client.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert client.get("/api/v1/progress/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/progress/").status_code == 200
    again = APIClient().post(TOKEN_URL, {"username": "alice", "password": PASSWORD})
    assert again.json()["token"] == token


def test_a_wrong_password_gets_no_token(alice):
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": "wrong"})
    body = assert_error(response, 400, "invalid")
    assert "token" not in body


def test_a_bad_token_is_401(plan_000):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert_error(client.get("/api/v1/plans/"), 401, "not_authenticated")


def test_a_token_of_an_inactive_user_is_401(alice):
    token = token_issue(user=alice).key
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = assert_error(client.get("/api/v1/plans/"), 401, "not_authenticated")
    assert body["message"] == "用户未激活或者已删除。"


def test_a_token_brings_its_user_role_and_unit_in_one_query(alice, django_assert_num_queries):
    key = token_issue(user=alice).key
    with django_assert_num_queries(1):
        user, token = ExpiringTokenAuthentication().authenticate_credentials(key)
        assert (token.key, user.pk) == (key, alice.pk)
        assert roles.role_of(user) == "reporter"
        assert roles.unit_of(user).name == "州人力资源社会保障局"


def test_the_token_endpoint_answers_429_after_the_limit(alice):
    client = APIClient()
    limit = login_limit()
    for _ in range(limit):
        response = client.post(TOKEN_URL, {"username": "alice", "password": "wrong"})
        assert response.status_code == 400
    response = client.post(TOKEN_URL, {"username": "alice", "password": PASSWORD})
    assert_error(response, 429, "throttled")
    assert int(response.headers["Retry-After"]) > 0


def test_the_login_limit_starts_afresh_in_each_test(alice):
    response = APIClient().post(TOKEN_URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_requests_get_401_in_the_error_shape(url, plan_000):
    assert_error(APIClient().get(url), 401, "not_authenticated")


@pytest.mark.parametrize("url", LISTS)
def test_a_user_without_a_role_gets_403(url, api, outsider):
    assert_error(api(outsider).get(url), 403, "forbidden")


def test_the_pages_session_also_opens_the_api_and_writes_need_the_csrf_token(plan_000, alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/progress/").status_code == 200
    body = {"task": task(plan_000, "39").pk, "period": "2022Q2", **COMPLETE}
    response = client.post("/api/v1/progress/", body, format="json")
    assert_error(response, 403, "forbidden")
    assert "CSRF" in response.json()["message"]


def test_a_made_up_forwarded_address_does_not_dodge_the_throttle(alice, bob):
    client = APIClient()
    for attempt in range(login_limit()):
        client.post(
            TOKEN_URL,
            {"username": f"guess{attempt}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    response = client.post(
        TOKEN_URL, {"username": "bob", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.0.1.1"
    )
    assert_error(response, 429, "throttled")


def test_guessing_one_persons_password_from_many_addresses_is_throttled(alice):
    for attempt in range(login_limit()):
        APIClient(REMOTE_ADDR=f"10.0.0.{attempt}").post(
            TOKEN_URL, {"username": "alice", "password": "wrong"}
        )
    response = APIClient(REMOTE_ADDR="10.0.2.1").post(
        TOKEN_URL, {"username": "Alice", "password": PASSWORD}
    )
    assert_error(response, 429, "throttled")
    other = APIClient(REMOTE_ADDR="10.0.2.1").post(TOKEN_URL, {"username": "bob", "password": "x"})
    assert other.status_code == 400
