"""Benchmarks: `make bench` (`python -m bench.run --all`), or `python -m bench.run [--reports N]`.

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/plantrack_bench;
the bench makes its own throw-away database test_<name>_<size> beside it) and Redis
(CELERY_BROKER_URL, default redis://127.0.0.1:6379/13, a database of its own: it is emptied).
For each size it generates one plan-period of N submitted reports and a 20,000-report plan to
compare with, then prints one line per measured item, "name: measured (ratio Nx, goal ≤ Gx)
ok/MISSED", each ratio against a floor timed in the same run (the machine may be shared:
load from elsewhere weighs on both sides), with the absolute numbers:
  b. the full recompute against one raw GROUP BY over the same rows (≤ 5x);
  e. the completion API: page 1 against the small plan's, 304, pagination, no write on GET;
  h. the progress list's first and last page against the small plan's;
  k. the review queue's first and last page against the small plan's (a figure, no goal);
  i. the overview page against reading its snapshot rows (≤ 3x), its queries;
  g. the bulletin workbook against openpyxl write_only with named styles (≤ 2x);
  j. parse_plan of the 000 seed, beside `manage.py check`;
  f. the Excel upload of a 520-row template, as saves and as submits, against openpyxl
     read_only reading the file (≤ 3x);
then starts gunicorn (2 workers x 2 threads) and one Celery worker and measures
  c. submit-to-figure latency: 20 submissions through the API, p95 < 1 s;
  d. 50 clients for 60 s: 0 5xx, 0 lost updates, 0 deadlocks, read p95 < 300 ms.
"""

import argparse
import os
import re
import sys
import tempfile
import time
import traceback

SMALL = 20_000
SIZES = (200_000, 1_000_000)


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=200_000, help="reports in the period")
    parser.add_argument("--all", action="store_true", help="200,000 and 1,000,000 reports")
    parser.add_argument(
        "--quick", action="store_true", help=f"a smoke run: {SMALL:,} reports, a 20 s load"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="how long the load runs")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean pause of a load client between requests (s)"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="the servers' CONN_MAX_AGE (?conn_max_age= on their DATABASE_URL); default: "
        "as DATABASE_URL and settings say (60 s; 0 closes one a request)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and reuse it next time (development)"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated parts to run (recompute,completion,...)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.reports, args.seconds = SMALL, min(args.seconds, 20)
    args.sizes = SIZES if args.all else (args.reports,)
    args.only = {p.strip() for p in args.only.split(",") if p.strip()}
    return args


def _refuse(problems):
    sys.stderr.write(
        "make bench 需要 PostgreSQL 与 Redis / the bench needs PostgreSQL and Redis:\n"
        + "".join(f"  - {p}\n" for p in problems)
        + "设置 DATABASE_URL 与 CELERY_BROKER_URL，或启动本机服务（bash .ci/services 在 CI=true 时"
        "会启动它们）/ set DATABASE_URL and CELERY_BROKER_URL, or start the local services.\n"
    )
    raise SystemExit(2)


def _checkpoint():
    """Flush what the parts before wrote (six snapshots of 220,000 rows at 200,000 reports:
    over a gigabyte of WAL) before the next part is timed, so that PostgreSQL's checkpoint of
    it does not write to the disk while that part runs (it did, and an upload's commits took
    a quarter longer). Skipped where the bench's database user may not (CHECKPOINT needs a
    superuser or pg_checkpoint)."""
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        pass


def _part(report, name, only, fn, *args, **kwargs):
    """Run one measured part; a part that fails is reported as missed, the others go on."""
    if only and name not in only:
        return None
    try:
        _checkpoint()
        return fn(*args, **kwargs)
    except Exception as exc:
        report.check(name, False, f"not measured: {type(exc).__name__}: {exc}")
        traceback.print_exc(file=sys.stderr)
        return None


def _size_run(size, args, report):
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from bench import env, latency, load, measure, workbooks
    from bench.data import bench_plan_create, bench_plan_find
    from bench.people import person
    from bench.report import machine_line
    from config.loading import loaded_freeze

    report.scope = f"{size:,}"
    database = connection.settings_dict
    base = database["NAME"]
    database["TEST"]["NAME"] = f"test_{base}_{size}"
    started = time.perf_counter()
    old = setup_databases(
        verbosity=0, interactive=False, keepdb=args.keep, serialized_aliases=set()
    )
    try:
        env.broker_flush(os.environ["CELERY_BROKER_URL"])
        key = f"bench-{size}"
        bench = bench_plan_find(key) if args.keep else None
        small = bench_plan_find(f"bench-small-{SMALL}") if args.keep else None
        if bench is None:
            bench = bench_plan_create(reports=size, key=key)
        if small is None:
            small = bench_plan_create(
                reports=SMALL, key=f"bench-small-{SMALL}", with_reserved=False
            )
        report.figure(
            f"data at {size:,}",
            f"{bench.reports:,} submitted reports on {bench.tasks:,} tasks and a "
            f"{small.reports:,}-report plan, made in {time.perf_counter() - started:.1f} s "
            f"(database {connection.settings_dict['NAME']}; {machine_line()})",
        )
        # The parts timed in this process run as a server runs them: what loading (and the
        # data) made is frozen out of the garbage collector's walks, as config/wsgi.py does.
        loaded_freeze()
        from reports.snapshots import snapshot_compute

        snapshot_compute(plan=small.plan, period=small.period)
        office, office_token = person("bench-office", "office")
        only = args.only
        if _part(report, "recompute", only, measure.recompute_measure, report, bench) is None:
            snapshot_compute(plan=bench.plan, period=bench.period)
        _part(report, "bulletin", only, workbooks.bulletin_measure, report, bench,
              repeat=1 if size > 500_000 else 3)  # fmt: skip
        _part(report, "completion", only, measure.completion_measure, report, bench, small,
              office_token)  # fmt: skip
        _part(report, "progress", only, measure.progress_list_measure, report, bench, small,
              office_token)  # fmt: skip
        _part(report, "queue", only, measure.review_queue_measure, report, bench, small, office)
        _part(report, "overview", only, measure.overview_measure, report, bench, office)
        if size == args.sizes[0]:
            _part(report, "parse", only, measure.parse_plan_measure, report)
        _part(report, "upload", only, workbooks.upload_measure, report, bench)
        if only and not only & {"latency", "load"}:
            return
        env.broker_flush(os.environ["CELERY_BROKER_URL"])  # the uploads' jobs: done above
        url = env.database_url_of(connection.settings_dict, args.conn_max_age)
        shown = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)  # no password printed
        report.figure("servers", f"gunicorn 2 workers x 2 threads and one Celery worker on {shown}")
        servers = env.Servers(url)
        try:
            try:
                servers.start()
            except RuntimeError as exc:
                report.check("servers", False, f"not started: {exc}")
                return
            result = _part(report, "latency", only, latency.latency_measure, bench, servers.port)
            if result is not None:
                latency.latency_lines(report, result, size)
            result = _part(
                report, "load", only, load.load_run, bench, servers,
                clients=args.clients, seconds=args.seconds, think=args.think,
            )  # fmt: skip
            if result is not None:
                load.load_lines(report, result, args.seconds)
            if not servers.alive():
                report.check("servers", False, f"a server died; logs in {servers.logs}")
        finally:
            servers.stop()
        report.figure(f"done at {size:,}", f"{machine_line()}; server logs in {servers.logs}")
    finally:
        connection.close()
        if not args.keep:
            teardown_databases(old, verbosity=0)
        database["NAME"] = base


def main(argv=None):
    args = _arguments(argv)
    from bench import env

    database_url = os.environ.get("DATABASE_URL") or env.DEFAULT_DATABASE_URL
    broker_url = os.environ.get("CELERY_BROKER_URL") or env.DEFAULT_BROKER_URL
    problems = env.services_check(database_url, broker_url)
    if problems:
        _refuse(problems)
    media = tempfile.mkdtemp(prefix="plantrack-bench-media-")
    env.environment_prepare(database_url, broker_url, media)

    import django

    django.setup()
    from bench.report import Report, machine_line

    report = Report(out=lambda line: print(line, flush=True))
    report.figure("machine", machine_line())
    with open(os.devnull, "wb") as devnull:
        env.static_collect(devnull)
    for size in args.sizes:
        _size_run(size, args, report)
    missed = report.missed()
    print(
        f"\n{len(report.items)} lines, {len(missed)} missed"
        + ("".join(f"\n  MISSED {i.name}" for i in missed) if missed else "")
    )


if __name__ == "__main__":
    main()
