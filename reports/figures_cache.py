"""Answers built from snapshots, kept by the snapshots they were built from.

A snapshot's figures change only with it: a recompute bumps its version and its time, a new
snapshot has a new id, freezing it clears `live`. So an answer built from given snapshots (the
completion API's page, the overview's charts and tables) stays right while they stay as they
were, and is kept under a key naming them: the next reader of the same page gets it without
building it again; a change makes a new key, never a stale answer. The cache (settings.CACHES
["figures"]) is CACHE_URL's Redis while it answers, shared by the web processes: under a
stream of reports, each version is built once between them rather than once in each.
What a snapshot does not carry, the names of units and tasks, follows within the cache's
TIMEOUT (settings.CACHES["figures"], FIGURES_CACHE_SECONDS, 5 minutes).

One reader builds a new version; a reader that asks for it while it is being built gets, at
once, the answer it replaces (the same page of the same snapshots, one version older: its own
figures say which) rather than building it too or waiting: under a stream of reports and
reads, one build a version, and no reader held by another's. A reader alone, or the first,
always gets the version it asked for.
"""

import hashlib

from django.core.cache import caches

# How long a builder's mark stands if its process dies mid-build.
BUILDING_SECONDS = 30


def snapshot_key(snapshot):
    return (
        f"{snapshot.pk}.{snapshot.version}.{int(snapshot.live)}.{snapshot.computed_at.isoformat()}"
    )


def _key(prefix, names):
    return f"{prefix}:" + hashlib.sha256("|".join(names).encode()).hexdigest()


def built_from(snapshots, parts, build):
    """build(), or what it gave for the same `snapshots` as they are now and the same `parts`
    (whatever else the answer depends on: the request's URL, the viewer's scope); while
    another reader builds it, the last answer built for the same snapshots and parts."""
    parts = [str(p) for p in parts]
    key = _key("figures", [*(snapshot_key(s) for s in snapshots), *parts])
    latest = _key("figures-latest", [*(str(s.pk) for s in snapshots), *parts])
    cache = caches["figures"]
    answer = cache.get(key)
    if answer is not None:
        return answer
    building = f"{key}:building"
    builder = cache.add(building, 1, BUILDING_SECONDS)
    if not builder:
        answer = cache.get(latest)
        if answer is not None:
            return answer
    try:
        answer = build()
        cache.set(key, answer)
        cache.set(latest, answer)
    finally:
        if builder:
            cache.delete(building)
    return answer
