"""A cache that outlives its server: the login lockout and the API throttles count here, and a
login must work while Redis is down.

FallbackCache asks the caches named in OPTIONS["CHAIN"] (aliases of CACHES) in order and uses
the first that answers; one that fails is skipped for RETRY_AFTER seconds (so a dead Redis
costs one timeout, not one per request) and the failure is logged. When none answers, this
process's own memory stands in: counts are then per process, but nothing fails.
"""

import contextlib
import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency (celery[redis])
    RedisError = OSError

UNAVAILABLE = (RedisError, DatabaseError, OSError)

# Shared by every thread of the process (Django makes a cache object per thread).
_down_until = {}
_lock = threading.Lock()


class FallbackCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.chain = list(options.get("CHAIN", []))
        self.retry_after = options.get("RETRY_AFTER", 30)
        entries = options.get("MEMORY_MAX_ENTRIES", 100_000)
        self.memory = LocMemCache(f"fallback-{location}", {"OPTIONS": {"MAX_ENTRIES": entries}})

    def _timeout(self, timeout):
        """This cache's own TIMEOUT for a call without one (not each chained cache's)."""
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout

    def _call(self, method, *args, **kwargs):
        for alias in self.chain:
            if _down_until.get(alias, 0) > time.monotonic():
                continue
            try:
                return getattr(caches[alias], method)(*args, **kwargs)
            except UNAVAILABLE as exc:
                with _lock:
                    _down_until[alias] = time.monotonic() + self.retry_after
                logger.error(
                    "缓存“%s”不可用（%s: %s），%s 秒内改用下一个。",
                    alias,
                    type(exc).__name__,
                    exc,
                    self.retry_after,
                )
        return getattr(self.memory, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, self._timeout(timeout), version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, self._timeout(timeout), version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, self._timeout(timeout), version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def clear(self):
        """Every cache of the chain that answers, and the memory."""
        for alias in self.chain:
            with contextlib.suppress(UNAVAILABLE):
                caches[alias].clear()
        self.memory.clear()


def fallback_reset():
    """Ask every cache again at once (tests, and after a repair)."""
    with _lock:
        _down_until.clear()
