"""The bench's people: made through progress.users.user_add (no password: nobody logs in with
one), with an API token (progress.api.tokens.token_issue) and, for pages, a session made as a
login makes it, so that no password hashing weighs on the timed parts."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from progress.api.tokens import token_issue
from progress.users import user_add


def person(username, role, unit=None):
    """(user, token key) of a bench user with `role` (and `unit`)."""
    user = user_add(username=username, role=role, unit=unit)
    return user, token_issue(user=user).key


def session_for(user):
    """The key of a signed-in session of `user` (what the session cookie carries)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key
