"""Roll-ups of a snapshot (sections, units, the plan's totals): aggregates over its stored
rows, written whole or for a few keys. DOMAIN.md: the mean of task completions, equal
weights, beside the counts per status; before the deadline over the tasks reported so far
(rollup_completion is NULL for the others, which AVG leaves out), after it with an unreported
task counting 0; reporting rates over the expected reports, returned ones counted as
reported."""

from django.db import connection
from django.db.models import Avg, Case, Count, F, Q, Sum, When
from django.db.models.functions import Coalesce

from reports import rules
from reports.models import Snapshot, SnapshotTask, SnapshotUnit

_STATUSES = list(rules.STATUS_LABELS)


def _status_sums(column="status"):
    return ",\n".join(
        f"SUM(CASE WHEN {column} = '{s}' THEN 1 ELSE 0 END) AS {s}" for s in _STATUSES
    )


def _ids(ids):
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def sections_write(snapshot, sections=None):
    """(Re)write the section rows of `sections` (ids; all when None): each part and each
    section below a part, over the tasks in it."""
    parts = "" if sections is None else f"AND part_id IN ({_ids(sections)})"
    below = "" if sections is None else f"AND section_id IN ({_ids(sections)})"
    if sections is not None:
        snapshot.section_rows.filter(section__in=sections).delete()
    status_columns = ", ".join(_STATUSES)
    sql = f"""
INSERT INTO reports_snapshotsection
    (snapshot_id, section_id, "order", tasks, {status_columns}, reported_tasks, completion,
     expected)
SELECT %(snapshot)s, x.key, s."order", COUNT(*), {_status_sums("x.status")},
       COUNT(x.rollup_completion), AVG(x.rollup_completion),
       AVG(CASE WHEN x.rollup_completion IS NOT NULL THEN x.expected END)
FROM (
    SELECT part_id AS key, status, rollup_completion, expected
    FROM reports_snapshottask
    WHERE snapshot_id = %(snapshot)s AND part_id IS NOT NULL {parts}
    UNION ALL
    -- a task directly under a part is counted once, as the part's
    SELECT section_id AS key, status, rollup_completion, expected
    FROM reports_snapshottask
    WHERE snapshot_id = %(snapshot)s AND section_id IS NOT NULL AND section_id <> part_id
          {below}
) x
JOIN plans_section s ON s.id = x.key
GROUP BY x.key, s."order"
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"snapshot": snapshot.pk})


def units_write(snapshot, units=None):
    """(Re)write the unit rows of `units` (ids; all when None), each role apart: a lead unit's
    own reports on the tasks it leads, a county's on the tasks it is responsible for. Ranks
    are left to ranks_write."""
    only = "" if units is None else f"AND e.unit_id IN ({_ids(units)})"
    if units is not None:
        SnapshotUnit.objects.filter(snapshot=snapshot, unit__in=units).delete()
    status_columns = ", ".join(_STATUSES)
    sql = f"""
INSERT INTO reports_snapshotunit
    (snapshot_id, unit_id, role, rank, tasks, {status_columns}, reported_tasks, completion,
     expected, expected_reports, submitted_reports, on_time_reports, late_reports,
     reporting_rate, on_time_rate)
SELECT g.*,
       CASE WHEN g.expected_reports > 0 THEN g.submitted_reports * 1.0 / g.expected_reports END,
       CASE WHEN g.expected_reports > 0 THEN g.on_time_reports * 1.0 / g.expected_reports END
FROM (
    SELECT %(snapshot)s AS snapshot_id, e.unit_id, e.role, 0 AS rank, COUNT(*) AS tasks,
           {_status_sums("e.status")},
           COUNT(e.rollup_completion) AS reported_tasks,
           AVG(e.rollup_completion) AS completion,
           AVG(CASE WHEN e.rollup_completion IS NOT NULL THEN e.expected END) AS expected,
           SUM(CASE WHEN e.report_expected THEN 1 ELSE 0 END) AS expected_reports,
           SUM(CASE WHEN e.report_expected AND e.submitted THEN 1 ELSE 0 END)
               AS submitted_reports,
           SUM(CASE WHEN e.report_expected AND e.on_time THEN 1 ELSE 0 END) AS on_time_reports,
           SUM(CASE WHEN e.report_expected AND e.late THEN 1 ELSE 0 END) AS late_reports
    FROM reports_snapshotentry e
    WHERE e.snapshot_id = %(snapshot)s {only}
    GROUP BY e.unit_id, e.role
) g
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"snapshot": snapshot.pk})


def ranks_write(snapshot):
    """Rank the units of each role: by completion, then on-time rate (both descending), then
    name (in code-point order on every database); a unit with nothing to average comes last."""
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    sql = f"""
UPDATE reports_snapshotunit SET rank = ranked.position
FROM (
    SELECT su.id, ROW_NUMBER() OVER (
        PARTITION BY su.role
        ORDER BY COALESCE(su.completion, -1) DESC, COALESCE(su.on_time_rate, -1) DESC,
                 u.name{collate}, u.id) AS position
    FROM reports_snapshotunit su JOIN plans_unit u ON u.id = su.unit_id
    WHERE su.snapshot_id = %(snapshot)s
) ranked
WHERE reports_snapshotunit.id = ranked.id
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"snapshot": snapshot.pk})


def totals_write(snapshot):
    """The plan's totals: tasks by status and light and the mean completion over the task
    rows; reports summed over the unit rows (each expected report is in exactly one)."""
    counted = Q(rollup_completion__isnull=False)
    tasks = SnapshotTask.objects.filter(snapshot=snapshot).aggregate(
        tasks=Count("id"),
        reported_tasks=Count("rollup_completion"),
        completion=Avg("rollup_completion"),
        expected=Avg(Case(When(counted, then=F("expected")))),
        **{s: Count("id", filter=Q(status=s)) for s in _STATUSES},
        **{light: Count("id", filter=Q(light=light)) for light in rules.LIGHT_LABELS},
    )
    reports = SnapshotUnit.objects.filter(snapshot=snapshot).aggregate(
        **{
            field: Coalesce(Sum(field), 0)
            for field in (
                "expected_reports",
                "submitted_reports",
                "on_time_reports",
                "late_reports",
            )
        }
    )
    reports["reporting_rate"] = rules.rate(
        reports["submitted_reports"], reports["expected_reports"]
    )
    reports["on_time_rate"] = rules.rate(reports["on_time_reports"], reports["expected_reports"])
    Snapshot.objects.filter(pk=snapshot.pk).update(**tasks, **reports)
    for key, value in {**tasks, **reports}.items():
        setattr(snapshot, key, value)
