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
"""

import hashlib

from django.core.cache import caches


def snapshot_key(snapshot):
    return (
        f"{snapshot.pk}.{snapshot.version}.{int(snapshot.live)}.{snapshot.computed_at.isoformat()}"
    )


def built_from(snapshots, parts, build):
    """build(), or what it gave for the same `snapshots` as they are now and the same `parts`
    (whatever else the answer depends on: the request's URL, the viewer's scope)."""
    text = "|".join([*(snapshot_key(s) for s in snapshots), *(str(p) for p in parts)])
    key = "figures:" + hashlib.sha256(text.encode()).hexdigest()
    cache = caches["figures"]
    answer = cache.get(key)
    if answer is None:
        answer = build()
        cache.set(key, answer)
    return answer
