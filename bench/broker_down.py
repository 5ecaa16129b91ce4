"""What Redis being down costs a request: `python -m bench.broker_down [--requests N]`.

Creates a throw-away database (as the tests do) with the 000 plan, then times report saves
and submissions through the API (token, JSON, the on-commit hooks run as in production), with
the broker reachable (or eager, without CELERY_BROKER_URL), then pointed at a port where
nothing listens (connection refused: a stopped Redis), at an address that does not answer
(a host that is gone: the connect timeout, where the network drops rather than refuses) and
at a server that accepts and never answers (a hung Redis: the read timeout). The first request
of an outage tries the broker; the next ones within BROKER_RETRY_AFTER
(reports/snapshots/requests.py) leave the job to the sweep.
"""

import argparse
import os
import socket
import statistics
import threading
import time

import django


def _time_reports(user, tasks, period):
    from rest_framework.test import APIClient

    from progress import selectors
    from tests.api.helpers import COMPLETE, client_for

    client: APIClient = client_for(user)
    seconds = []
    for task in tasks:
        asked = selectors.asked_targets(task, user.profile.unit, period)
        values = {str(a.target.pk): str(a.goal) for a in asked}
        body = {"task": task.pk, "period": period.label, **COMPLETE, "values": values}
        started = time.perf_counter()
        created = client.post("/api/v1/progress/", body, format="json")
        assert created.status_code == 201, created.content
        report = created.json()
        submitted = client.post(
            f"/api/v1/progress/{report['id']}/submit/", {"version": report["version"]}
        )
        assert submitted.status_code == 200, submitted.content
        seconds.append(time.perf_counter() - started)
    return seconds


def _line(name, seconds):
    return (
        f"{name:<34} first {seconds[0] * 1000:7.0f} ms   median "
        f"{statistics.median(seconds) * 1000:6.0f} ms   max {max(seconds) * 1000:7.0f} ms "
        f"({len(seconds)} saves + submissions)"
    )


def _silent_server():
    """A TCP server on a free local port that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []

    def accept():
        while True:
            held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()

    from django.core.management import call_command
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from django.conf import settings

        from plans.models import Plan, Unit
        from progress.users import user_add
        from tests.security.conftest import broker_down

        with open(os.devnull, "w") as devnull:
            call_command("load_plans", stdout=devnull)
        plan = Plan.objects.get(source__startswith="000")
        period = plan.periods.get(year=plan.year_start, quarter=3)
        unit = Unit.objects.get(name="州人力资源社会保障局")
        user = user_add(username="bench-reporter", role="reporter", unit=unit)
        tasks = list(plan.tasks.filter(assignments__unit=unit).distinct().order_by("order"))
        chunks = [tasks[i::4][: args.requests] for i in range(4)]
        broker = "eager" if settings.CELERY_TASK_ALWAYS_EAGER else settings.CELERY_BROKER_URL
        print(_line(f"broker up ({broker})", _time_reports(user, chunks[0], period)))
        with broker_down("redis://127.0.0.1:1/0"):
            seconds = _time_reports(user, chunks[1], period)
        print(_line("Redis stopped (connection refused)", seconds))
        with broker_down("redis://192.0.2.1:6379/0"):
            seconds = _time_reports(user, chunks[2], period)
        print(_line("Redis host gone (192.0.2.1)", seconds))
        with broker_down(f"redis://127.0.0.1:{_silent_server()}/0"):
            seconds = _time_reports(user, chunks[3], period)
        print(_line("Redis hung (accepts, never answers)", seconds))
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
