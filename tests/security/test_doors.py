"""The doors: five wrong passwords lock an account (from any address) and an address (for any
account), on the login page and the token endpoint alike; the counts live in a cache every
process shares and logins go on when Redis is down; a made-up X-Forwarded-For counts only
behind a configured proxy; API tokens expire and die with a password change; passwords are
checked by Django's validators (at least 12 characters)."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config import doors
from config.cache import fallback_reset
from progress.errors import InvalidReport
from progress.users import user_add
from tests.api.helpers import assert_error
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LOGIN_URL = "/accounts/login/"
PROXY = "192.0.2.1"  # documentation addresses (RFC 5737): never reached, only written


def web_login(username, password, address="198.51.100.1", **headers):
    return Client(REMOTE_ADDR=address).post(
        LOGIN_URL, {"username": username, "password": password}, **headers
    )


def token_request(username, password, address="198.51.100.1", **headers):
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN_URL, {"username": username, "password": password}, **headers
    )


def test_five_wrong_passwords_lock_the_account_from_any_address(alice, bob):
    for n in range(5):
        assert web_login("alice", "wrong", address=f"198.51.100.{n + 1}").status_code == 200
    response = web_login("alice", PASSWORD, address="203.0.113.9")
    assert response.status_code == 429
    assert "登录失败次数过多，请 15 分钟后再试。" in response.content.decode()
    assert_error(token_request("alice", PASSWORD, address="203.0.113.9"), 429, "throttled")
    assert web_login("bob", PASSWORD, address="203.0.113.9").status_code == 302


def test_four_wrong_passwords_do_not_lock_and_the_right_one_clears_the_accounts_count(alice):
    for n in range(4):
        web_login("alice", "wrong", address=f"198.51.100.{n + 1}")
    assert web_login("alice", PASSWORD, address="203.0.113.9").status_code == 302
    for n in range(4):
        web_login("alice", "wrong", address=f"198.51.100.{n + 11}")
    assert web_login("alice", PASSWORD, address="203.0.113.9").status_code == 302


def test_five_wrong_passwords_from_one_address_lock_that_address_for_every_account(alice):
    for name in ("bob", "carol", "olivia", "nobody", "office"):
        token_request(name, "wrong", address="198.51.100.7")
    assert web_login("alice", PASSWORD, address="198.51.100.7").status_code == 429
    assert_error(token_request("alice", PASSWORD, address="198.51.100.7"), 429, "throttled")
    assert web_login("alice", PASSWORD, address="198.51.100.8").status_code == 302


def test_the_per_address_limit_is_its_own_setting(settings, alice):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    for name in ("bob", "carol", "olivia", "nobody", "office", "x", "y"):
        web_login(name, "wrong", address="198.51.100.7")
    assert web_login("alice", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_admin_login_shares_the_lockout(olivia):
    for _ in range(5):
        Client(REMOTE_ADDR="198.51.100.3").post(
            "/admin/login/", {"username": "olivia", "password": "wrong"}
        )
    assert web_login("olivia", PASSWORD, address="203.0.113.3").status_code == 429


def test_a_form_without_a_password_does_not_count(alice):
    for _ in range(6):
        Client(REMOTE_ADDR="198.51.100.1").post(LOGIN_URL, {"username": "alice"})
    assert web_login("alice", PASSWORD).status_code == 302


def test_the_counts_are_kept_in_the_shared_database_cache_table(alice):
    for _ in range(2):
        web_login("alice", "wrong")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM plantrack_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("lockout:address:198.51.100.1" in key for key in keys), keys
    assert any("lockout:account:" in key for key in keys), keys


def test_a_made_up_forwarded_address_is_ignored_without_a_trusted_proxy(alice, bob):
    for n in range(5):
        web_login(f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
    assert web_login("bob", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429
    for n in range(5):
        token_request(
            f"guess{n}", "wrong", address="198.51.100.2", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
    response = token_request(
        "bob", PASSWORD, address="198.51.100.2", HTTP_X_FORWARDED_FOR="203.0.113.98"
    )
    assert_error(response, 429, "throttled")


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(settings, alice, bob):
    settings.TRUSTED_PROXIES = [PROXY]
    # A client writes its own X-Forwarded-For; the proxy appends the address it saw.
    for n in range(5):
        web_login(
            f"guess{n}", "wrong", address=PROXY, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5"
        )
    spoofed = {"HTTP_X_FORWARDED_FOR": "10.9.9.200, 203.0.113.5"}
    assert web_login("bob", PASSWORD, address=PROXY, **spoofed).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert web_login("bob", PASSWORD, address=PROXY, **other).status_code == 302
    assert token_request("alice", PASSWORD, address=PROXY, **other).status_code == 200
    assert_error(token_request("alice", PASSWORD, address=PROXY, **spoofed), 429, "throttled")


def test_client_address_walks_back_over_trusted_proxies_only(settings, rf):
    settings.TRUSTED_PROXIES = [PROXY, "192.0.2.128/25"]

    def address(peer, forwarded=None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
        return doors.client_address(rf.get("/", REMOTE_ADDR=peer, **headers))

    assert address("198.51.100.4", "203.0.113.1") == "198.51.100.4"
    assert address(PROXY) == PROXY
    assert address(PROXY, "203.0.113.1") == "203.0.113.1"
    assert address(PROXY, "10.0.0.1, 203.0.113.1, 192.0.2.200") == "203.0.113.1"
    assert address(PROXY, "not-an-address") == "not-an-address"


def test_the_token_rate_is_counted_per_client_not_per_forwarded_header(alice):
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]
    limit = int(rate.split("/")[0])
    for n in range(limit):
        response = token_request(
            "alice", PASSWORD, address="198.51.100.6", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
        assert response.status_code == 200
    response = token_request(
        "alice", PASSWORD, address="198.51.100.6", HTTP_X_FORWARDED_FOR="203.0.113.200"
    )
    assert_error(response, 429, "throttled")
    assert int(response.headers["Retry-After"]) > 0
    assert token_request("alice", PASSWORD, address="198.51.100.66").status_code == 200


@pytest.fixture
def redis_down(settings):
    """The doors' first cache a Redis on a port where nothing listens, as when CACHE_URL's
    Redis is down."""
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        "doors": {
            "BACKEND": "config.cache.FallbackCache",
            "OPTIONS": {"CHAIN": ["redis", "database"]},
        },
    }
    fallback_reset()
    yield
    fallback_reset()


def test_with_redis_down_logins_and_tokens_work_and_the_lockout_falls_back(redis_down, alice):
    assert web_login("alice", PASSWORD).status_code == 302
    assert token_request("alice", PASSWORD).status_code == 200
    for _ in range(5):
        assert web_login("alice", "wrong").status_code == 200
    assert web_login("alice", PASSWORD, address="203.0.113.1").status_code == 429
    assert_error(token_request("alice", PASSWORD, address="203.0.113.1"), 429, "throttled")


def test_the_counts_are_in_a_cache_every_process_shares(settings, alice):
    """Under CI the counts land in the run's own Redis (as CACHE_URL puts them in
    docker-compose); on a laptop without Redis, in the database's cache table. Another
    process reads them there."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        import redis

        url = settings.CELERY_BROKER_URL  # the test run's own Redis database
        settings.CACHES = {
            **settings.CACHES,
            "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
            "doors": {
                "BACKEND": "config.cache.FallbackCache",
                "OPTIONS": {"CHAIN": ["redis", "database"]},
            },
        }
        fallback_reset()
        other_process = redis.Redis.from_url(url)
        web_login("alice", "wrong", address="198.51.100.77")
        keys = other_process.keys("*lockout:*")
        assert any(b"lockout:address:198.51.100.77" in key for key in keys), keys
        other_process.delete(*keys)
        return
    from django.db import connection

    fallback_reset()
    web_login("alice", "wrong", address="198.51.100.77")
    with connection.cursor() as cursor:  # what another process would read
        cursor.execute("SELECT cache_key FROM plantrack_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("lockout:address:198.51.100.77" in key for key in keys), keys


def api_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_expires_after_api_token_days_and_a_new_one_is_issued(alice):
    issued = timezone.now()
    with time_machine.travel(issued, tick=False):
        token = token_request("alice", PASSWORD).json()["token"]
    before = (
        issued + datetime.timedelta(days=settings.API_TOKEN_DAYS) - datetime.timedelta(minutes=1)
    )
    with time_machine.travel(before, tick=False):
        assert api_with(token).get("/api/v1/plans/").status_code == 200
    after = issued + datetime.timedelta(days=settings.API_TOKEN_DAYS, minutes=1)
    with time_machine.travel(after, tick=False):
        body = assert_error(api_with(token).get("/api/v1/plans/"), 401, "token_expired")
        assert "令牌已过期" in body["message"]
        fresh = token_request("alice", PASSWORD, address="198.51.100.2").json()["token"]
        assert fresh != token
        assert api_with(fresh).get("/api/v1/plans/").status_code == 200


def test_the_token_lifetime_is_a_setting(settings, alice):
    settings.API_TOKEN_DAYS = 1
    token = token_request("alice", PASSWORD).json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, seconds=1)):
        assert_error(api_with(token).get("/api/v1/plans/"), 401, "token_expired")


def change_with_set_password(user):
    user.set_password("Another-long-password-1")
    user.save()


def change_with_user_add(user):
    user_add(
        username=user.username,
        role="reporter",
        unit=user.profile.unit,
        password="Z" * 4 + "q9-x-long-enough",
    )


def change_to_unusable(user):
    user.set_unusable_password()
    user.save()


@pytest.mark.parametrize(
    "change", [change_with_set_password, change_with_user_add, change_to_unusable]
)
def test_a_password_change_kills_the_token(alice, change):
    token = token_request("alice", PASSWORD).json()["token"]
    change(alice)
    assert not Token.objects.filter(key=token).exists()
    assert_error(api_with(token).get("/api/v1/plans/"), 401, "not_authenticated")


def test_the_admins_password_form_kills_the_token(client, alice, olivia):
    token = token_request("alice", PASSWORD).json()["token"]
    client.force_login(olivia)
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    new = "Admin-set-password-42"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Token.objects.filter(key=token).exists()


def test_the_changepassword_command_kills_the_token(monkeypatch, alice):
    from django.contrib.auth.management.commands import changepassword
    from django.core.management import call_command

    token = token_request("alice", PASSWORD).json()["token"]
    monkeypatch.setattr(
        changepassword.Command, "_get_pass", lambda self, prompt="": "Command-set-password-7"
    )
    call_command("changepassword", "alice", stdout=io.StringIO())
    assert not Token.objects.filter(key=token).exists()


def test_other_saves_of_the_user_keep_the_token(alice):
    token = token_request("alice", PASSWORD).json()["token"]
    alice.email = "alice@example.gov.cn"
    alice.save()
    web_login("alice", PASSWORD)  # updates last_login
    assert api_with(token).get("/api/v1/plans/").status_code == 200


def test_a_password_shorter_than_12_characters_is_refused(plan_000):
    with pytest.raises(InvalidReport) as error:
        user_add(username="dora", role="reader", password="Kq7-plan-11")
    assert "密码不符合要求" in error.value.message and "12" in error.value.message
    assert user_add(username="dora", role="reader", password="Kq7-plan-12c").pk
