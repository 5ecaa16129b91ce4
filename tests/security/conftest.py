"""Faults the tests of this folder play: Redis down for the cache of the doors, and for Celery's
broker and result store on the web side. A port where nothing listens stands for Redis down;
under CI the worker and the real Redis stay up, as they would on another host."""

import contextlib

import pytest

from config.cache import fallback_reset
from reports.snapshots.requests import broker_reset

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    """The doors' first cache a Redis on a port where nothing listens, as when CACHE_URL's
    Redis is down."""
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
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


def _reconnect(app):
    """Forget the app's broker connections and result store so the next use reads the
    configuration again."""
    # Only forgotten, not closed: kombu keeps one pool per URL for the whole process.
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextlib.contextmanager
def broker_down(url=DEAD_REDIS):
    """Inside the block this process's Celery publishes to, and stores results in, a Redis
    where nothing listens (`url`; and is not eager, so it really tries); afterwards it is as
    it was, and tries the broker again at once."""
    from config.celery import app

    # The write URL: CELERY_BROKER_URL in the environment (CI) outranks broker_url itself.
    keys = ("broker_write_url", "result_backend", "task_always_eager")
    saved = {key: app.conf.get(key) for key in keys}
    app.conf.update(broker_write_url=url, result_backend=url, task_always_eager=False)
    _reconnect(app)
    broker_reset()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reconnect(app)
        broker_reset()
