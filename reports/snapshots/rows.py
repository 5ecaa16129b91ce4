"""The rows of a snapshot: one per expected report (entries), one per task.

Two statements, the same for a whole plan-period and for a few tasks (`tasks`): the first
judges every expected report by the rules (reports/rules.py) and inserts the entries; the
second derives each task's row from its lead units' entries. Expected reports are one per lead
unit of a task, plus one per government one level below the plan's region that is responsible
for it (a county in a prefecture's plan) and does not lead it.
"""

from django.db import connection

from reports import rules

COUNTED = ", ".join(f"'{s}'" for s in rules.COUNTED_STATUSES)


def _scope(tasks):
    """The tasks a statement covers: the plan's, or the given ids only."""
    where = "t.plan_id = %(plan)s"
    if tasks is not None:
        ids = ", ".join(str(int(t)) for t in tasks) or "NULL"
        where += f" AND t.id IN ({ids})"
    return f"SELECT t.id AS task_id FROM tasks_task t WHERE {where}"


def _task_expected():
    """序时进度 E of each task: the mean over the targets its period judges, else the elapsed
    time (progress/judging.py wrote each judged target's E)."""
    return """
    SELECT scope.task_id, COALESCE(AVG(j.expected), %(time)s) AS expected
    FROM scope
    LEFT JOIN progress_judgedtarget j ON j.task_id = scope.task_id AND j.period_id = %(period)s
    GROUP BY scope.task_id"""


def _closed():
    """The tasks closed (办结销号) in a period before this one: no report is expected."""
    return """
    SELECT c.task_id FROM progress_taskclosure c
    JOIN progress_period cp ON cp.id = c.period_id
    JOIN scope ON scope.task_id = c.task_id
    WHERE cp.year * 4 + cp.quarter < %(year)s * 4 + %(quarter)s"""


def _entry_figures(tasks, unit=None):
    """SELECT of every expected report's figures (CTEs and all), before status and light."""
    only_unit = "" if unit is None else f"WHERE units.unit_id = {int(unit)}"
    lower = "(tg.comparator = '<=' OR tg.decreasing)"
    ratio = rules.ratio_sql("v.value", "judged.goal", "judged.lower_is_better")
    return f"""
WITH scope AS ({_scope(tasks)}),
units AS (
    SELECT a.task_id, a.unit_id, 'lead' AS role, a."order" AS position
    FROM tasks_taskassignment a JOIN scope ON scope.task_id = a.task_id
    WHERE a.role = 'lead'
    UNION ALL
    SELECT a.task_id, a.unit_id, 'county' AS role, a."order" AS position
    FROM tasks_taskassignment a
    JOIN scope ON scope.task_id = a.task_id
    JOIN plans_unit u ON u.id = a.unit_id
    JOIN plans_region g ON g.id = u.region_id
    WHERE a.role = 'responsible' AND u.kind = 'government' AND g.level = %(county_level)s
      AND NOT EXISTS (
          SELECT 1 FROM tasks_taskassignment l
          WHERE l.task_id = a.task_id AND l.unit_id = a.unit_id AND l.role = 'lead')
),
reports AS (
    SELECT r.id, r.task_id, r.unit_id, r.state, r.percent, r.first_submitted_at,
           r.reviewed_at, r.review_comment
    FROM progress_progressreport r JOIN scope ON scope.task_id = r.task_id
    WHERE r.period_id = %(period)s
),
-- The targets each expected report is judged on, and the figure it is judged against: a lead
-- unit on every target the period judges, a county on those it has a share of.
judged AS (
    SELECT units.task_id, units.unit_id, j.target_id, j.expected, tg.value AS goal,
           {lower} AS lower_is_better
    FROM units
    JOIN progress_judgedtarget j ON j.task_id = units.task_id AND j.period_id = %(period)s
    JOIN tasks_target tg ON tg.id = j.target_id
    WHERE units.role = 'lead'
    UNION ALL
    SELECT units.task_id, units.unit_id, j.target_id, j.expected, s.value AS goal,
           {lower} AS lower_is_better
    FROM units
    JOIN progress_judgedtarget j
      ON j.task_id = units.task_id AND j.period_id = %(period)s AND j.kind = 'annual'
    JOIN progress_targetshare s ON s.target_id = j.target_id AND s.unit_id = units.unit_id
    JOIN tasks_target tg ON tg.id = j.target_id
    WHERE units.role = 'county'
),
ratios AS (
    SELECT x.task_id, x.unit_id, COUNT(*) AS judged_n, COUNT(x.value_id) AS given_n,
           SUM({rules.capped_sql("x.ratio")}) AS capped, SUM(x.ratio) AS uncapped,
           AVG(x.expected) AS expected
    FROM (
        SELECT judged.task_id, judged.unit_id, judged.expected, v.id AS value_id,
               {ratio} AS ratio
        FROM judged
        LEFT JOIN reports r ON r.task_id = judged.task_id AND r.unit_id = judged.unit_id
        LEFT JOIN progress_reportvalue v ON v.report_id = r.id AND v.target_id = judged.target_id
    ) x
    GROUP BY x.task_id, x.unit_id
),
task_expected AS ({_task_expected()}),
closed AS ({_closed()}),
-- Completion: with judged targets, the mean of their ratios when every value is given (or no
-- percent stands in); else the reported percent / 100.
figures AS (
    SELECT units.task_id, units.unit_id, units.role, units.position, r.id AS report_id,
           closed.task_id IS NOT NULL AS closed,
           COALESCE(r.state IN ('submitted', 'approved') OR r.id = %(assume)s, FALSE) AS counted,
           COALESCE(r.state = 'returned' AND r.id <> %(assume)s, FALSE) AS returned,
           r.first_submitted_at, r.reviewed_at, r.review_comment,
           ratios.judged_n IS NOT NULL AND units.role = 'county' AS shared,
           CASE WHEN units.role = 'lead' THEN te.expected
                ELSE COALESCE(ratios.expected, %(time)s) END AS expected,
           CASE WHEN ratios.judged_n > 0 AND (ratios.given_n >= ratios.judged_n
                                              OR r.percent IS NULL)
                  THEN ratios.capped / ratios.judged_n
                WHEN r.percent >= 100 THEN 1.0
                WHEN r.percent IS NOT NULL THEN r.percent / 100.0
                ELSE 0.0 END AS completion,
           CASE WHEN ratios.judged_n > 0 AND (ratios.given_n >= ratios.judged_n
                                              OR r.percent IS NULL)
                  THEN ratios.uncapped / ratios.judged_n
                WHEN r.percent IS NOT NULL THEN r.percent / 100.0
                ELSE 0.0 END AS uncapped
    FROM units
    JOIN task_expected te ON te.task_id = units.task_id
    LEFT JOIN reports r ON r.task_id = units.task_id AND r.unit_id = units.unit_id
    LEFT JOIN ratios ON ratios.task_id = units.task_id AND ratios.unit_id = units.unit_id
    LEFT JOIN closed ON closed.task_id = units.task_id
    {only_unit}
),
judged_figures AS (
    SELECT f.*, {
        rules.status_sql(
            closed="f.closed",
            counted="f.counted",
            returned="f.returned",
            completion="f.completion",
            expected="f.expected",
            deadline_passed="%(deadline_passed)s",
        )
    } AS status
    FROM figures f
)
"""


ENTRY_COLUMNS = (
    "snapshot_id, task_id, unit_id, role, position, report_id, report_expected, submitted, "
    "on_time, late, shared, expected, completion, completion_uncapped, rollup_completion, "
    "status, light, returned_at, return_comment"
)


def entries_insert(snapshot, context, tasks=None):
    """Insert the entries of `tasks` (ids; all the plan's when None) into snapshot."""
    light = rules.light_sql(
        status="f.status",
        completion="f.completion",
        expected="f.expected",
        threshold="%(threshold)s",
    )
    rollup = rules.rollup_sql(
        status="f.status", completion="f.completion", deadline_passed="%(deadline_passed)s"
    )
    submitted = "(NOT f.closed AND (f.counted OR f.returned))"
    sql = f"""{_entry_figures(tasks)}
INSERT INTO reports_snapshotentry ({ENTRY_COLUMNS})
SELECT %(snapshot)s, f.task_id, f.unit_id, f.role, f.position, f.report_id,
       NOT f.closed,
       {submitted},
       COALESCE({submitted} AND f.first_submitted_at < %(deadline_end)s, FALSE),
       COALESCE({submitted} AND f.first_submitted_at >= %(deadline_end)s, FALSE),
       f.shared, f.expected,
       CASE WHEN f.status = '{rules.CLOSED}' THEN 1.0
            WHEN f.status IN ({COUNTED}) THEN f.completion END,
       CASE WHEN f.status = '{rules.CLOSED}' THEN 1.0
            WHEN f.status IN ({COUNTED}) THEN f.uncapped END,
       {rollup},
       f.status,
       {light},
       CASE WHEN f.status = '{rules.RETURNED}' THEN f.reviewed_at END,
       CASE WHEN f.status = '{rules.RETURNED}' THEN f.review_comment ELSE '' END
FROM judged_figures f
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params(snapshot=snapshot.pk))


def entry_figures(context, *, task, unit, assume_report):
    """(completion, expected, status) unit's report on task would have with `assume_report`
    (a draft being submitted) counted: the same statement the snapshots use, not stored."""
    sql = f"""{_entry_figures([task.pk], unit=unit.pk)}
SELECT f.completion, f.expected, f.status FROM judged_figures f"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params(assume=assume_report.pk))
        return cursor.fetchone()


TASK_COLUMNS = (
    'snapshot_id, task_id, section_id, part_id, "order", expected, completion, '
    "completion_uncapped, rollup_completion, status, light, late, report_id, narrative, "
    "problems, lead_count, reported_leads, missing_leads, returned_at, return_comment, "
    "closure_reason"
)


def _names(column, order):
    """The names of a group's units, 、-separated, in document order."""
    if connection.vendor == "postgresql":
        return f"string_agg({column}, '、' ORDER BY {order})"
    return f"group_concat({column}, '、')"  # SQLite keeps the order of the ordered input


def tasks_insert(snapshot, context, tasks=None):
    """Insert the task rows of `tasks` (ids; all when None), from their lead entries: C is the
    mean over the lead units (one without a counted report counts 0 once the deadline passed,
    and is left out before it)."""
    status = rules.status_sql(
        closed="x.closed",
        counted="x.counted_n > 0",
        returned="x.returned_n > 0",
        completion="x.completion",
        expected="x.expected",
        deadline_passed="%(deadline_passed)s",
    )
    light = rules.light_sql(
        status="y.status",
        completion="y.completion",
        expected="y.expected",
        threshold="%(threshold)s",
    )
    rollup = rules.rollup_sql(
        status="y.status", completion="y.completion", deadline_passed="%(deadline_passed)s"
    )
    sql = f"""
WITH scope AS ({_scope(tasks)}),
task_expected AS ({_task_expected()}),
leads AS (
    SELECT e.task_id, e.unit_id, e.position, e.status, e.completion, e.completion_uncapped,
           e.late, e.report_id, e.returned_at, e.return_comment,
           ROW_NUMBER() OVER (
               PARTITION BY e.task_id,
                            CASE WHEN e.status IN ({COUNTED}) THEN 0
                                 WHEN e.status = '{rules.RETURNED}' THEN 1 ELSE 2 END
               ORDER BY e.position, e.unit_id) AS nth
    FROM reports_snapshotentry e JOIN scope ON scope.task_id = e.task_id
    WHERE e.snapshot_id = %(snapshot)s AND e.role = 'lead'
),
missing AS (
    SELECT m.task_id, {_names("m.name", "m.position")} AS names
    FROM (
        SELECT leads.task_id, leads.position, u.name FROM leads
        JOIN plans_unit u ON u.id = leads.unit_id
        WHERE leads.status NOT IN ({COUNTED}, '{rules.CLOSED}')
        ORDER BY leads.task_id, leads.position
    ) m
    GROUP BY m.task_id
),
closed AS ({_closed()}),
grouped AS (
    SELECT scope.task_id, COUNT(leads.task_id) AS lead_count,
           COALESCE(SUM(CASE WHEN leads.status IN ({COUNTED}) THEN 1 ELSE 0 END), 0)
               AS counted_n,
           COALESCE(SUM(CASE WHEN leads.status IN ({COUNTED})
                             THEN leads.completion ELSE 0.0 END), 0.0) AS c_sum,
           COALESCE(SUM(CASE WHEN leads.status IN ({COUNTED})
                             THEN leads.completion_uncapped ELSE 0.0 END), 0.0) AS u_sum,
           COALESCE(SUM(CASE WHEN leads.status = '{rules.RETURNED}' THEN 1 ELSE 0 END), 0)
               AS returned_n,
           COALESCE(MAX(CASE WHEN leads.status IN ({COUNTED}) AND leads.late
                             THEN 1 ELSE 0 END), 0) AS late
    FROM scope LEFT JOIN leads ON leads.task_id = scope.task_id
    GROUP BY scope.task_id
),
x AS (
    SELECT g.*, te.expected, closed.task_id IS NOT NULL AS closed,
           CASE WHEN closed.task_id IS NOT NULL THEN 1.0
                WHEN g.counted_n = 0 THEN NULL
                WHEN %(deadline_passed)s THEN g.c_sum / g.lead_count
                ELSE g.c_sum / g.counted_n END AS completion,
           CASE WHEN closed.task_id IS NOT NULL THEN 1.0
                WHEN g.counted_n = 0 THEN NULL
                WHEN %(deadline_passed)s THEN g.u_sum / g.lead_count
                ELSE g.u_sum / g.counted_n END AS uncapped
    FROM grouped g
    JOIN task_expected te ON te.task_id = g.task_id
    LEFT JOIN closed ON closed.task_id = g.task_id
),
y AS (SELECT x.*, {status} AS status FROM x)
INSERT INTO reports_snapshottask ({TASK_COLUMNS})
SELECT %(snapshot)s, t.id, t.section_id, COALESCE(s.parent_id, t.section_id), t."order",
       y.expected, y.completion, y.uncapped, {rollup}, y.status, {light}, y.late = 1,
       first.report_id, COALESCE(r.narrative, ''), COALESCE(r.problems, ''),
       y.lead_count, y.counted_n, COALESCE(missing.names, ''),
       CASE WHEN y.status = '{rules.RETURNED}' THEN back.returned_at END,
       CASE WHEN y.status = '{rules.RETURNED}' THEN back.return_comment ELSE '' END,
       CASE WHEN y.status = '{rules.CLOSED}' THEN COALESCE(c.reason, '') ELSE '' END
FROM y
JOIN tasks_task t ON t.id = y.task_id
LEFT JOIN plans_section s ON s.id = t.section_id
LEFT JOIN leads first ON first.task_id = y.task_id AND first.nth = 1
     AND first.status IN ({COUNTED})
LEFT JOIN progress_progressreport r ON r.id = first.report_id
LEFT JOIN leads back ON back.task_id = y.task_id AND back.nth = 1
     AND back.status = '{rules.RETURNED}'
LEFT JOIN missing ON missing.task_id = y.task_id
LEFT JOIN progress_taskclosure c ON c.task_id = y.task_id
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params(snapshot=snapshot.pk))
