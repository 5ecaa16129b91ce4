"""Computing snapshots: a whole plan-period (a new snapshot), or the live one brought up to date
for a few tasks. Both run the same statements (rows.py, rollups.py). Two transaction-level
locks per plan-period keep concurrent jobs from writing over each other: the period's lock,
held by whatever writes its live snapshot, and the whole recompute's, held by every whole
recompute (one at a time), taken in that order. A bulletin's frozen snapshot takes only the
second: the live figures go on being brought up to date while it is computed (12 s at
1,000,000 reports)."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from reports.models import Bulletin, Snapshot, SnapshotEntry, SnapshotTask
from reports.snapshots import rollups, rows
from reports.snapshots.context import Context

# pg_advisory_xact_lock(space, period id): this module's locks.
_PERIOD_LOCK = 7301
_WHOLE_RECOMPUTE_LOCK = 7302


def _lock(space, period):
    """Hold a lock of the plan-period until the transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway). The statements that follow are planned without JIT: compiling
    their long CASE expressions costs seconds, far more than running them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [space, period.pk])
            cursor.execute("SET LOCAL jit = off")


def period_lock(period):
    """The period's lock: its live snapshot's writers (a figures job, a live whole recompute)
    one at a time."""
    _lock(_PERIOD_LOCK, period)


def whole_recompute_lock(period):
    """The whole recompute's lock: one at a time per plan-period, live or frozen. Taken after
    period_lock where both are held."""
    _lock(_WHOLE_RECOMPUTE_LOCK, period)


def _write_all(snapshot, context):
    rows.entries_insert(snapshot, context)
    rows.tasks_insert(snapshot, context)
    rollups.sections_write(snapshot)
    rollups.units_write(snapshot)
    rollups.ranks_write(snapshot)
    rollups.totals_write(snapshot)


@transaction.atomic
def snapshot_compute(*, plan, period, now=None, live=True, bulletin=None):
    """Compute and store a new snapshot of plan for period as of `now`, from scratch.

    live: it becomes the plan-period's live snapshot (the one report changes keep up to date);
    the previous live one is kept, frozen, as the day's record. Otherwise it is frozen from
    the start: a bulletin's (`bulletin`, linked at once, so no prune can take it away).
    A frozen one leaves the live snapshot and its lock alone."""
    if live:
        period_lock(period)
    whole_recompute_lock(period)
    context = Context.of(plan, period, now)
    if live:
        Snapshot.objects.filter(period=period, live=True).update(live=False)
    snapshot = Snapshot.objects.create(
        plan=plan,
        period=period,
        live=live,
        computed_at=context.now,
        lag_threshold=context.threshold,
        deadline_passed=context.deadline_passed,
    )
    if connection.vendor == "postgresql":
        # Snapshot rows can always be recomputed: no need to wait for the disk at commit.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
    _write_all(snapshot, context)
    if bulletin is not None:
        Bulletin.objects.filter(pk=bulletin.pk).update(snapshot=snapshot)
    _prune(snapshot)
    transaction.on_commit(statistics_refresh, robust=True)
    return snapshot


def statistics_refresh():
    """ANALYZE the snapshot rows' two large tables once a new snapshot is committed. A new
    snapshot's id lies past what the planner's statistics know, so PostgreSQL guesses a few
    dozen rows where there are thousands, then joins and sorts a whole snapshot for a page of
    100 (28 ms instead of 5 at 200,000 reports). ANALYZE reads a fixed sample, and runs after
    the commit so that its lock never waits inside a recompute. On PostgreSQL only the snapshot
    column is analysed (a quarter of the time): the other columns' statistics do not move with
    a new snapshot, and autovacuum keeps them. Until they exist (the first snapshots of a new
    database, autovacuum not yet run or turned off) every column is: without them PostgreSQL
    reads a task's entries through the wrong index (a task brought up to date in 100 ms
    instead of 3 at 1,000,000 reports)."""
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for model in (SnapshotTask, SnapshotEntry):
            name = model._meta.db_table
            table = connection.ops.quote_name(name)
            if postgresql and _columns_analysed(cursor, name):
                cursor.execute(f"ANALYZE {table} (snapshot_id)")
            else:
                cursor.execute(f"ANALYZE {table}")


def _columns_analysed(cursor, table):
    """Whether PostgreSQL has statistics of the table's task column (those of every column
    but the snapshot's come with them)."""
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema() "
        "AND tablename = %s AND attname = 'task_id')",
        [table],
    )
    return cursor.fetchone()[0]


def _entry_state(task_ids, snapshot):
    fields = ("task_id", "unit_id", "role", "status", "completion", "report_id", "submitted")
    return {
        (row[0], row[1], row[2]): row
        for row in SnapshotEntry.objects.filter(snapshot=snapshot, task__any=task_ids).values_list(
            *fields
        )
    }


@transaction.atomic
def snapshot_tasks_refresh(*, plan, period, tasks, now=None):
    """Bring the live snapshot of plan-period up to date for `tasks` (ids): their rows, and the
    roll-ups they touch (their sections, the units whose rows changed, the totals, the ranks).
    Without a live snapshot, or when the deadline passed since it was computed (every status
    may change), a whole new one is computed. Returns the live snapshot."""
    period_lock(period)
    context = Context.of(plan, period, now)
    snapshot = (
        Snapshot.objects.select_for_update(of=("self",))
        .filter(period=period, live=True)
        .order_by()
        .first()
    )
    if snapshot is None or snapshot.deadline_passed != context.deadline_passed:
        return snapshot_compute(plan=plan, period=period, now=context.now)
    task_ids = sorted(set(tasks))
    before = _entry_state(task_ids, snapshot)
    SnapshotEntry.objects.filter(snapshot=snapshot, task__any=task_ids).delete()
    SnapshotTask.objects.filter(snapshot=snapshot, task__any=task_ids).delete()
    rows.entries_insert(snapshot, context, task_ids)
    rows.tasks_insert(snapshot, context, task_ids)
    after = _entry_state(task_ids, snapshot)
    changed_units = {
        key[1] for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    }
    sections = set()
    for section_id, part_id in SnapshotTask.objects.filter(
        snapshot=snapshot, task__any=task_ids
    ).values_list("section_id", "part_id"):
        sections |= {section_id, part_id} - {None}
    rollups.sections_write(snapshot, sections)
    if changed_units:
        rollups.units_write(snapshot, changed_units)
        rollups.ranks_write(snapshot)
    rollups.totals_write(snapshot)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        version=snapshot.version + 1, computed_at=context.now
    )
    snapshot.version += 1
    snapshot.computed_at = context.now
    return snapshot


def _prune(snapshot):
    """Keep, per plan-period, the live snapshot, one frozen snapshot a day (the live one
    stands for today; yesterday's live one, frozen, for yesterday), and every snapshot a
    bulletin was made from: history stays, the tables do not grow with every recompute."""
    day = timezone.localdate(snapshot.computed_at)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    stale = Snapshot.objects.filter(
        period=snapshot.period, live=False, computed_at__gte=start, computed_at__lt=end
    ).filter(bulletins__isnull=True)
    if not snapshot.live:
        stale = stale.exclude(pk=snapshot.pk)
    stale.delete()
