"""Who is knocking, and how often they got the password wrong.

- `client_address`: the peer, or, when the peer is one of TRUSTED_PROXIES, the last address
  of X-Forwarded-For that is not a trusted proxy (what the outermost trusted proxy saw). A
  client that writes its own X-Forwarded-For only adds addresses to the left of that.
- The lockout: after LOGIN_MAX_FAILURES wrong passwords for one account, or
  LOGIN_MAX_FAILURES_PER_ADDRESS from one client address, within LOGIN_LOCKOUT_SECONDS, logins
  are refused until the count expires; either count locks. The web login, the admin login and the API token endpoint share the counts,
  kept in the "doors" cache, which every process shares (config/cache.py).
- `ClientAddressThrottle`: DRF throttles counting per client address in the same cache.
"""

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import ScopedRateThrottle

doors_cache = ConnectionProxy(caches, "doors")


@functools.lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request):
    """The client's address, believing X-Forwarded-For only from TRUSTED_PROXIES."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:64]
    return hops[0][:64] if hops else peer


def _keys(request, username):
    account = hashlib.sha256(str(username or "").strip().casefold().encode()).hexdigest()[:32]
    return f"lockout:account:{account}", f"lockout:address:{client_address(request)}"


def lockout_message():
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    return f"登录失败次数过多，请 {minutes} 分钟后再试。"


def login_locked(request, username):
    """Whether logins as `username`, or from this client, are refused for now."""
    account, address = (doors_cache.get(key, 0) for key in _keys(request, username))
    return (
        account >= settings.LOGIN_MAX_FAILURES or address >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS
    )


def login_failed(request, username):
    """Count a wrong password against the account and the client address."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    for key in _keys(request, username):
        if not doors_cache.add(key, 1, window):
            try:
                doors_cache.incr(key)
            except ValueError:  # expired in between
                doors_cache.set(key, 1, window)


def login_succeeded(request, username):
    """A right password clears the account's count. The address's count stays until it
    expires: a guesser with an account of its own could otherwise clear it between tries."""
    doors_cache.delete(_keys(request, username)[0])


class ClientAddressThrottle(ScopedRateThrottle):
    """ScopedRateThrottle per client address (not DRF's NUM_PROXIES), in the doors cache."""

    cache = doors_cache

    def get_ident(self, request):
        return client_address(request)
