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


def _in_scope(column, tasks):
    """A condition keeping the rows of `tasks` (ids) only; empty for the whole plan."""
    if tasks is None:
        return ""
    ids = ", ".join(str(int(t)) for t in tasks) or "NULL"
    return f" AND {column} IN ({ids})"


def _task_expected(tasks):
    """序时进度 E of each task that has judged targets: their mean (progress/judging.py wrote
    each judged target's E); a task without any takes the elapsed time."""
    return f"""
    SELECT j.task_id, AVG(j.expected) AS expected
    FROM progress_judgedtarget j
    WHERE j.period_id = %(period)s{_in_scope("j.task_id", tasks)}
    GROUP BY j.task_id"""


def _closed(tasks):
    """The tasks closed (办结销号) in a period before this one: no report is expected."""
    return f"""
    SELECT c.task_id FROM progress_taskclosure c
    JOIN progress_period cp ON cp.id = c.period_id
    JOIN tasks_task t ON t.id = c.task_id
    WHERE t.plan_id = %(plan)s{_in_scope("c.task_id", tasks)}
      AND cp.year * 4 + cp.quarter < %(year)s * 4 + %(quarter)s"""


def _ratios(tasks, *, shared):
    """Per report, its judged targets' ratios summed (capped and uncapped) and counted: a lead
    unit's report against every target the period judges, a county's against the targets it
    has a share of (with the mean 序时进度 of those)."""
    ratio = rules.ratio_sql("v.value", "x.goal", "x.lower_is_better")
    lower = "(tg.comparator = '<=' OR tg.decreasing)"
    if shared:
        judged = f"""
        SELECT r.id AS report_id, j.target_id, j.expected, s.value AS goal,
               {lower} AS lower_is_better
        FROM progress_targetshare s
        JOIN progress_judgedtarget j
          ON j.target_id = s.target_id AND j.period_id = %(period)s AND j.kind = 'annual'
        JOIN tasks_target tg ON tg.id = j.target_id
        JOIN progress_progressreport r
          ON r.task_id = j.task_id AND r.unit_id = s.unit_id AND r.period_id = %(period)s
        WHERE 1 = 1{_in_scope("j.task_id", tasks)}"""
    else:
        judged = f"""
        SELECT r.id AS report_id, j.target_id, j.expected, tg.value AS goal,
               {lower} AS lower_is_better
        FROM progress_judgedtarget j
        JOIN tasks_target tg ON tg.id = j.target_id
        JOIN progress_progressreport r ON r.task_id = j.task_id AND r.period_id = %(period)s
        JOIN tasks_taskassignment a
          ON a.task_id = r.task_id AND a.unit_id = r.unit_id AND a.role = 'lead'
        WHERE j.period_id = %(period)s{_in_scope("j.task_id", tasks)}"""
    return f"""
    SELECT y.report_id, COUNT(*) AS judged_n, COUNT(y.value_id) AS given_n,
           SUM({rules.capped_sql("y.ratio")}) AS capped, SUM(y.ratio) AS uncapped
    FROM (
        SELECT x.report_id, v.id AS value_id, {ratio} AS ratio
        FROM ({judged}) x
        LEFT JOIN progress_reportvalue v
          ON v.report_id = x.report_id AND v.target_id = x.target_id
    ) y
    GROUP BY y.report_id"""


def _entry_figures(tasks, unit=None, assume=()):
    """SELECT of every expected report's figures (CTEs and all), before its light. Each CTE is
    used once, so that PostgreSQL plans the whole statement at once (none is materialised)."""
    only_unit = "" if unit is None else f" AND a.unit_id = {int(unit)}"
    # Reports counted as if submitted (drafts being submitted): their would-be figures.
    assumed = (
        ", ".join(str(int(report)) for report in assume) or "-1"
    )  # (NULL would match nothing, not even NOT IN)
    return f"""
WITH expected_units AS (
    -- One row per (task, unit) expected to report: a lead unit (also when it is a county
    -- government), or a county government among the responsible units.
    SELECT a.task_id, a.unit_id,
           CASE WHEN MIN(CASE WHEN a.role = 'lead' THEN 0 ELSE 1 END) = 0
                THEN 'lead' ELSE 'county' END AS role,
           MIN(CASE WHEN a.role = 'lead' THEN a."order" END) AS lead_position,
           MIN(a."order") AS any_position
    FROM tasks_taskassignment a
    WHERE a.task_id IN (SELECT t.id FROM tasks_task t WHERE t.plan_id = %(plan)s)
      {_in_scope("a.task_id", tasks)}{only_unit}
      AND (a.role = 'lead' OR a.unit_id IN (
          -- the county governments: a few dozen units, looked up in a hash (not the units
          -- and regions joined to each of 200,000 assignments: 0.1 s of a whole recompute)
          SELECT u.id FROM plans_unit u JOIN plans_region g ON g.id = u.region_id
          WHERE u.kind = 'government' AND g.level = %(county_level)s))
    GROUP BY a.task_id, a.unit_id
),
task_expected AS ({_task_expected(tasks)}),
county_expected AS (
    SELECT j.task_id, s.unit_id, AVG(j.expected) AS expected
    FROM progress_targetshare s
    JOIN progress_judgedtarget j
      ON j.target_id = s.target_id AND j.period_id = %(period)s AND j.kind = 'annual'
    WHERE 1 = 1{_in_scope("j.task_id", tasks)}
    GROUP BY j.task_id, s.unit_id
),
lead_ratios AS ({_ratios(tasks, shared=False)}),
county_ratios AS ({_ratios(tasks, shared=True)}),
closed AS ({_closed(tasks)}),
-- Completion: with judged targets, the mean of their ratios when every value is given (or no
-- percent stands in); else the reported percent / 100.
figures AS (
    SELECT eu.task_id, eu.unit_id, eu.role,
           COALESCE(eu.lead_position, eu.any_position) AS position,
           r.id AS report_id,
           closed.task_id IS NOT NULL AS closed,
           COALESCE(r.state IN ('submitted', 'approved') OR r.id IN ({assumed}), FALSE)
               AS counted,
           COALESCE(r.state = 'returned' AND r.id NOT IN ({assumed}), FALSE) AS returned,
           r.first_submitted_at, r.reviewed_at, r.review_comment,
           eu.role = 'county' AND ce.expected IS NOT NULL AS shared,
           CASE WHEN eu.role = 'lead' THEN COALESCE(te.expected, %(time)s)
                ELSE COALESCE(ce.expected, %(time)s) END AS expected,
           r.percent,
           CASE WHEN eu.role = 'lead' THEN lr.judged_n ELSE cr.judged_n END AS judged_n,
           CASE WHEN eu.role = 'lead' THEN lr.given_n ELSE cr.given_n END AS given_n,
           CASE WHEN eu.role = 'lead' THEN lr.capped ELSE cr.capped END AS capped,
           CASE WHEN eu.role = 'lead' THEN lr.uncapped ELSE cr.uncapped END AS uncapped_sum
    FROM expected_units eu
    LEFT JOIN task_expected te ON te.task_id = eu.task_id
    LEFT JOIN county_expected ce ON ce.task_id = eu.task_id AND ce.unit_id = eu.unit_id
    LEFT JOIN progress_progressreport r
      ON r.task_id = eu.task_id AND r.unit_id = eu.unit_id AND r.period_id = %(period)s
    LEFT JOIN lead_ratios lr ON lr.report_id = r.id
    LEFT JOIN county_ratios cr ON cr.report_id = r.id
    LEFT JOIN closed ON closed.task_id = eu.task_id
),
judged_figures AS (
    SELECT f.*,
           CASE WHEN f.judged_n > 0 AND (f.given_n >= f.judged_n OR f.percent IS NULL)
                  THEN f.capped / f.judged_n
                WHEN f.percent >= 100 THEN 1.0
                WHEN f.percent IS NOT NULL THEN {rules.float_sql("f.percent")} / 100
                ELSE 0.0 END AS completion,
           CASE WHEN f.judged_n > 0 AND (f.given_n >= f.judged_n OR f.percent IS NULL)
                  THEN f.uncapped_sum / f.judged_n
                WHEN f.percent IS NOT NULL THEN {rules.float_sql("f.percent")} / 100
                ELSE 0.0 END AS uncapped
    FROM figures f
),
-- Computed once (materialised): the columns below use status, completion and expected many
-- times each, which would otherwise be evaluated again at every use.
statused AS MATERIALIZED (
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
    FROM judged_figures f
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
FROM statused f
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params(snapshot=snapshot.pk))


def entry_figures(context, *, tasks, unit, assume):
    """{task id: (completion, expected, status)} unit's reports on `tasks` (ids) would have
    with the reports `assume` (ids: drafts being submitted) counted: the statement the
    snapshots use, not stored."""
    sql = f"""{_entry_figures(tasks, unit=unit, assume=assume)}
SELECT f.task_id, f.completion, f.expected, f.status FROM statused f"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params())
        return {task_id: rest for task_id, *rest in cursor.fetchall()}


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
    and is left out before it). One pass over the entries, grouped by task; every CTE used
    once (see _entry_figures)."""
    counted = f"l.status IN ({COUNTED})"
    missing = f"CASE WHEN l.status NOT IN ({COUNTED}, '{rules.CLOSED}') THEN u.name END"
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
WITH leads AS (
    -- nth: a lead unit's place among the task's lead units of the same kind (counted,
    -- returned, other), in document order: the first counted one's report is the task's.
    SELECT e.task_id, e.unit_id, e.position, e.status, e.completion, e.completion_uncapped,
           e.late, e.report_id, e.returned_at, e.return_comment,
           ROW_NUMBER() OVER (
               PARTITION BY e.task_id,
                            CASE WHEN e.status IN ({COUNTED}) THEN 0
                                 WHEN e.status = '{rules.RETURNED}' THEN 1 ELSE 2 END
               ORDER BY e.position, e.unit_id) AS nth
    FROM reports_snapshotentry e
    WHERE e.snapshot_id = %(snapshot)s AND e.role = 'lead'{_in_scope("e.task_id", tasks)}
    ORDER BY e.task_id, e.position
),
grouped AS (
    SELECT l.task_id, COUNT(*) AS lead_count,
           SUM(CASE WHEN {counted} THEN 1 ELSE 0 END) AS counted_n,
           SUM(CASE WHEN {counted} THEN l.completion ELSE 0.0 END) AS c_sum,
           SUM(CASE WHEN {counted} THEN l.completion_uncapped ELSE 0.0 END) AS u_sum,
           SUM(CASE WHEN l.status = '{rules.RETURNED}' THEN 1 ELSE 0 END) AS returned_n,
           MAX(CASE WHEN {counted} AND l.late THEN 1 ELSE 0 END) AS late,
           MAX(CASE WHEN l.nth = 1 AND {counted} THEN l.report_id END) AS first_report,
           MAX(CASE WHEN l.nth = 1 AND l.status = '{rules.RETURNED}' THEN l.returned_at END)
               AS returned_at,
           MAX(CASE WHEN l.nth = 1 AND l.status = '{rules.RETURNED}' THEN l.return_comment END)
               AS return_comment,
           {_names(missing, "l.position")} AS missing
    FROM leads l JOIN plans_unit u ON u.id = l.unit_id
    GROUP BY l.task_id
),
task_expected AS ({_task_expected(tasks)}),
closed AS ({_closed(tasks)}),
x AS (
    SELECT t.id AS task_id, t.section_id, COALESCE(s.parent_id, t.section_id) AS part_id,
           t."order", COALESCE(te.expected, %(time)s) AS expected,
           closed.task_id IS NOT NULL AS closed,
           COALESCE(g.lead_count, 0) AS lead_count, COALESCE(g.counted_n, 0) AS counted_n,
           COALESCE(g.returned_n, 0) AS returned_n, COALESCE(g.late, 0) AS late,
           g.first_report, g.returned_at, g.return_comment, g.missing,
           CASE WHEN closed.task_id IS NOT NULL THEN 1.0
                WHEN COALESCE(g.counted_n, 0) = 0 THEN NULL
                WHEN %(deadline_passed)s THEN g.c_sum / g.lead_count
                ELSE g.c_sum / g.counted_n END AS completion,
           CASE WHEN closed.task_id IS NOT NULL THEN 1.0
                WHEN COALESCE(g.counted_n, 0) = 0 THEN NULL
                WHEN %(deadline_passed)s THEN g.u_sum / g.lead_count
                ELSE g.u_sum / g.counted_n END AS uncapped
    FROM tasks_task t
    LEFT JOIN plans_section s ON s.id = t.section_id
    LEFT JOIN grouped g ON g.task_id = t.id
    LEFT JOIN task_expected te ON te.task_id = t.id
    LEFT JOIN closed ON closed.task_id = t.id
    WHERE t.plan_id = %(plan)s{_in_scope("t.id", tasks)}
),
y AS MATERIALIZED (SELECT x.*, {status} AS status FROM x)
INSERT INTO reports_snapshottask ({TASK_COLUMNS})
SELECT %(snapshot)s, y.task_id, y.section_id, y.part_id, y."order",
       y.expected, y.completion, y.uncapped, {rollup}, y.status, {light}, y.late = 1,
       y.first_report, COALESCE(r.narrative, ''), COALESCE(r.problems, ''),
       y.lead_count, y.counted_n, COALESCE(y.missing, ''),
       CASE WHEN y.status = '{rules.RETURNED}' THEN y.returned_at END,
       CASE WHEN y.status = '{rules.RETURNED}' THEN y.return_comment ELSE '' END,
       CASE WHEN y.status = '{rules.CLOSED}' THEN COALESCE(c.reason, '') ELSE '' END
FROM y
LEFT JOIN progress_progressreport r ON r.id = y.first_report
LEFT JOIN progress_taskclosure c ON c.task_id = y.task_id
"""
    with connection.cursor() as cursor:
        cursor.execute(sql, context.params(snapshot=snapshot.pk))
