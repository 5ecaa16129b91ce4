"""Fixtures of the API tests; the people and the loaded plan come from tests/conftest.py."""

import pytest

from tests.api.helpers import client_for


@pytest.fixture
def api():
    """api(user) is a client sending user's token; api(None) an anonymous one."""
    return client_for
