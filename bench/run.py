"""Benchmarks: `make bench` (or `python -m bench.run [--reports N]`).

Creates a throw-away database (as the tests do), generates one plan-period with N submitted
reports (default 200,000), then times:
- the snapshot recompute (reports/snapshots.py), beside one raw SQL aggregate over the same
  report and value rows, which is the floor any recompute must read;
- the dashboard overview page rendered from the stored snapshot, and its query count.
Run it against PostgreSQL (DATABASE_URL) for figures that mean something.
"""

import argparse
import os
import time

import django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from bench.data import bench_plan_create
        from bench.measure import measure

        started = time.perf_counter()
        plan, period = bench_plan_create(reports=args.reports)
        print(
            f"database: {connection.vendor}; generated {args.reports:,} reports in "
            f"{time.perf_counter() - started:.1f} s"
        )
        for line in measure(plan, period):
            print(line)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
