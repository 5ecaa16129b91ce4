"""Fixtures of the API tests; the people and the loaded plan come from tests/conftest.py."""

import pytest
from django.core.cache import cache

from tests.api.helpers import client_for


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """api(user) is a client sending user's token; api(None) an anonymous one."""
    return client_for
