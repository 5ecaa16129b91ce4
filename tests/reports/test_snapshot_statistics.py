"""A new snapshot's rows are known to the database's planner once it is committed
(reports.snapshots.compute.statistics_refresh): it expects as many rows for the new snapshot as
it holds, and reads a page of them by the (snapshot, order) index instead of sorting them all."""

import json

import pytest
from django.db import connection

from reports.models import SnapshotEntry, SnapshotTask
from reports.snapshots import compute, snapshot_compute


def _planned_rows(model, snapshot):
    """How many rows of `model` the planner expects for `snapshot` (PostgreSQL), or for the
    whole table (SQLite's statistics keep only an average per value)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} WHERE snapshot_id = %s",
                [snapshot.pk],
            )
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            return plan[0]["Plan"]["Plan Rows"]
        # SQLite: "rows in the table, rows per value of the index's first column, ...".
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        return max((int(row[0].split()[0]) for row in cursor.fetchall()), default=0)


@pytest.mark.django_db(transaction=True)
def test_the_planner_expects_a_new_snapshots_rows_once_it_is_committed(
    plan_000, period_q2, period_q3
):
    snapshot_compute(plan=plan_000, period=period_q2)
    newest = snapshot_compute(plan=plan_000, period=period_q3)
    for model in (SnapshotTask, SnapshotEntry):
        rows = model.objects.filter(snapshot=newest).count()
        if connection.vendor != "postgresql":
            rows = model.objects.count()
        assert rows > 50
        assert rows / 2 <= _planned_rows(model, newest) <= rows * 2, model.__name__


def _index_used(sql, params):
    """The index names the planner's plan for `sql` reads."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            text = plan if isinstance(plan, str) else json.dumps(plan)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            text = " ".join(str(row) for row in cursor.fetchall())
    return {i.name for i in SnapshotEntry._meta.indexes if i.name in text}


@pytest.mark.django_db(transaction=True)
def test_without_statistics_of_the_task_column_the_first_snapshot_analyses_every_column(
    plan_000, period_q3
):
    """A new database (autovacuum not yet run, or off): once a snapshot is committed, a task's
    entries are read by the (snapshot, task) index, not by scanning the snapshot's leads."""
    table = SnapshotEntry._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM pg_statistic WHERE starelid IN (%s::regclass, %s::regclass)",
                [table, SnapshotTask._meta.db_table],
            )
            assert not compute._columns_analysed(cursor, table)
    snapshot = snapshot_compute(plan=plan_000, period=period_q3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            assert compute._columns_analysed(cursor, table)
    task_id = SnapshotEntry.objects.filter(snapshot=snapshot, role="lead").first().task_id
    by_task = next(i.name for i in SnapshotEntry._meta.indexes if i.fields == ["snapshot", "task"])
    used = _index_used(
        f"SELECT * FROM {table} WHERE snapshot_id = %s AND role = 'lead' AND task_id = %s",
        [snapshot.pk, task_id],
    )
    assert used == {by_task}
