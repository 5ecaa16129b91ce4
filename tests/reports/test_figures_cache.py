"""Answers kept by snapshot (reports/figures_cache.py): the completion API's pages and the
overview are built once per snapshot version and viewer, and a change shows at once."""

import datetime

import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.cache import fallback_reset
from reports import figures_cache
from reports.models import Snapshot
from reports.snapshots import snapshot_compute
from reports.snapshots.compute import snapshot_tasks_refresh
from tests.api.helpers import client_for, complete_for
from tests.reports.test_dashboards import (
    at,
    build_progress,
    figure,
    headline,
    login,
    overview_url,
    report,
    task,
)

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(queries)


def test_a_completion_page_is_built_once_per_snapshot_version(
    plan_000, alice, bob, carol, leo, olivia
):
    snapshots = build_progress(plan_000, alice, bob, carol)
    q3 = snapshots["2022Q3"].period
    api = client_for(olivia)
    params = {"plan": plan_000.pk, "period": "2022Q3"}
    first, built = _get(api, "/api/v1/completion/", **params)
    # token, user and profile, plan, period, snapshot; rows: page, lead names, sections,
    # lead units, counties (their count is the snapshot's): a fixed number whatever the rows.
    assert built <= 12
    again, kept = _get(api, "/api/v1/completion/", **params)
    assert again.json() == first.json()
    assert kept <= built - 5  # auth and the snapshot only, no rows
    other_page, _ = _get(api, "/api/v1/completion/", **params, page_size=10, page=2)
    assert other_page.json()["page"] == 2 and len(other_page.json()["tasks"]) == 10

    # A report submitted and its task brought up to date: the same URL shows the new figure.
    t5 = task(plan_000, "5")
    row = next(r for r in first.json()["tasks"] if r["task"] == t5.pk)
    assert row["status"] == "not_reported"
    report(leo, t5, q3, when=at(9, 26), **complete_for(t5, leo.profile.unit, q3))
    live = snapshot_tasks_refresh(plan=plan_000, period=q3, tasks=[t5.pk], now=at(9, 26))
    assert live.pk == snapshots["2022Q3"].pk and live.version == 2
    changed = _get(api, "/api/v1/completion/", **params)[0].json()
    assert changed["snapshot"]["version"] == 2
    assert next(r for r in changed["tasks"] if r["task"] == t5.pk)["status"] == "completed"

    # A new live snapshot freezes the old one: read by id, it says so.
    by_id = {"snapshot": live.pk}
    assert _get(api, "/api/v1/completion/", **by_id)[0].json()["snapshot"]["live"] is True
    newer = snapshot_compute(plan=plan_000, period=q3, now=at(9, 27))
    assert _get(api, "/api/v1/completion/", **by_id)[0].json()["snapshot"]["live"] is False
    assert _get(api, "/api/v1/completion/", **params)[0].json()["snapshot"]["id"] == newer.pk


def test_the_overview_is_built_once_per_snapshots_and_viewer(
    client, plan_000, alice, bob, carol, leo, olivia
):
    snapshots = build_progress(plan_000, alice, bob, carol)
    login(client, olivia)
    first, built = _get(client, overview_url())
    again, kept = _get(client, overview_url())
    assert kept < built - 3
    assert figure(again.content.decode(), "units") == figure(first.content.decode(), "units")
    linked = [url for url in figure(first.content.decode(), "units")["data"][0]["customdata"]]
    assert all(linked)  # the office opens every unit's page

    # The same page for a reporter is built for a reporter: only his own unit is linked.
    login(client, bob)
    chart = figure(_get(client, overview_url())[0].content.decode(), "units")["data"][0]
    linked = [label for label, url in zip(chart["y"], chart["customdata"], strict=True) if url]
    assert [label.split(" ", 1)[1] for label in linked] == [bob.profile.unit.name]

    # A report and its task brought up to date: the office's page shows it at once.
    login(client, olivia)
    before = headline(first.content.decode(), "已完成")[0]
    q3 = snapshots["2022Q3"].period
    t5 = task(plan_000, "5")
    report(leo, t5, q3, when=at(9, 26), **complete_for(t5, leo.profile.unit, q3))
    snapshot_tasks_refresh(plan=plan_000, period=q3, tasks=[t5.pk], now=at(9, 26))
    assert Snapshot.objects.get(pk=snapshots["2022Q3"].pk).version == 2
    after = headline(_get(client, overview_url())[0].content.decode(), "已完成")[0]
    assert int(after) == int(before) + 1


def _shared_figures(settings, chain, timeout=300):
    """The figures cache on `chain` (aliases of CACHES), as settings make it when CACHE_URL is
    set; this thread's cache objects made again, as in a new process."""
    settings.CACHES = {
        **settings.CACHES,
        "figures": {
            "BACKEND": "config.cache.FallbackCache",
            "LOCATION": "figures",
            "TIMEOUT": timeout,
            "OPTIONS": {"CHAIN": chain, "MEMORY_MAX_ENTRIES": 100},
        },
    }
    fallback_reset()
    caches._connections = Local()  # every cache object made again, its memory empty


@pytest.fixture
def another_process(settings):
    """Call to stand for another web process: cache objects (and their memories) made anew."""
    yield lambda: setattr(caches, "_connections", Local())
    caches._connections = Local()
    fallback_reset()


def test_a_page_built_by_one_web_process_is_read_by_another_through_the_shared_cache(
    settings, another_process, plan_000, alice, bob, carol, olivia
):
    """CACHE_URL's Redis shares the pages between processes; the database cache table stands
    for it here (shared by processes too, and there on a laptop)."""
    _shared_figures(settings, ["database"], timeout=77)
    build_progress(plan_000, alice, bob, carol)
    api = client_for(olivia)
    params = {"plan": plan_000.pk, "period": "2022Q3"}
    first, built = _get(api, "/api/v1/completion/", **params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM plantrack_cache")
        kept = [(key, expires) for key, expires in cursor.fetchall() if "figures:" in key]
    assert len(kept) == 1
    # Kept for the figures cache's own TIMEOUT, not the database cache's default (300 s).
    expires = kept[0][1]
    if timezone.is_naive(expires):  # SQLite's column: UTC without its zone
        expires = timezone.make_aware(expires, datetime.UTC)
    seconds = (expires - timezone.now()).total_seconds()
    assert 60 < seconds <= 77

    another_process()
    again, read = _get(api, "/api/v1/completion/", **params)
    assert again.json() == first.json()
    assert read <= built - 5  # not built again: auth, the snapshot and the cache


def test_with_the_shared_cache_down_pages_are_built_and_kept_in_the_process(
    settings, another_process, plan_000, alice, bob, carol, olivia
):
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: Redis down
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    _shared_figures(settings, ["redis"])
    build_progress(plan_000, alice, bob, carol)
    api = client_for(olivia)
    params = {"plan": plan_000.pk, "period": "2022Q3"}
    first, built = _get(api, "/api/v1/completion/", **params)
    again, read = _get(api, "/api/v1/completion/", **params)
    assert again.json() == first.json()
    assert read <= built - 5  # kept in this process's memory


def test_while_another_reader_builds_a_version_a_reader_gets_the_one_it_replaces(
    plan_000, alice, bob, carol, leo, olivia
):
    """A reader is never held by another's build: it gets the last answer built, with that
    answer's own ETag (so a poller is told of the new version once it is built)."""
    snapshots = build_progress(plan_000, alice, bob, carol)
    q3 = snapshots["2022Q3"].period
    api = client_for(olivia)
    url = f"/api/v1/completion/?plan={plan_000.pk}&period=2022Q3"
    first = api.get(url)
    assert first.status_code == 200 and first.json()["snapshot"]["version"] == 1
    t5 = task(plan_000, "5")
    report(leo, t5, q3, when=at(9, 26), **complete_for(t5, leo.profile.unit, q3))
    live = snapshot_tasks_refresh(plan=plan_000, period=q3, tasks=[t5.pk], now=at(9, 26))
    assert live.version == 2

    # Another process is building version 2 of this page right now (its mark in the cache).
    uri = "http://testserver" + url
    stored = Snapshot.objects.get(pk=live.pk)  # as the view reads it (its time in UTC)
    building = figures_cache._key("figures", [figures_cache.snapshot_key(stored), uri])
    caches["figures"].add(f"{building}:building", 1, 30)
    meanwhile = api.get(url)
    assert meanwhile.status_code == 200
    assert meanwhile.json() == first.json()  # version 1, whole and as it was
    assert meanwhile["ETag"] == first["ETag"] == f'"{live.pk}-1"'
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    # The build done (its mark gone), every reader gets version 2, with its ETag.
    caches["figures"].delete(f"{building}:building")
    after = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["snapshot"]["version"] == 2 and after["ETag"] == f'"{live.pk}-2"'
    row = next(r for r in after.json()["tasks"] if r["task"] == t5.pk)
    assert row["status"] == "completed"
    assert api.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
