"""The rules of DOMAIN.md "Numbers": the one implementation.

The database applies them: reports/snapshots/ turns every report of a plan-period into stored
figures with one set of statements, built from the SQL pieces below (a target's ratio, a
status, a light), whether it computes a whole snapshot or brings one task up to date. Which
targets a period judges and their 序时进度 are read when the plan is loaded
(progress/judging.py: the reporting pages ask for exactly those). This module also words the
figures for people (the sentence that says why a task has its colour), from stored values.
Ratios are floats in [0, ∞); percentages for people are ratio × 100.

Choices where DOMAIN.md is silent (and why):
- A report asked for values but giving only some (an old report, or one from before the rule)
  is judged on its percent where it gives one, else the missing values count 0.
- Several lead units: the task is 退回修改 only when no lead unit has a counted report and one
  was returned; once one has counted, the task is judged on its completion, and the sentence
  names the lead units still missing.
- Ranking puts a unit with nothing to average (before the deadline) after every unit with a
  figure.
"""

from decimal import Decimal

from progress.judging import elapsed_fraction  # noqa: F401  (one home for elapsed time)

COMPLETED = "completed"
ON_SCHEDULE = "on_schedule"
LAGGING = "lagging"
RETURNED = "returned"
NOT_DUE = "not_due"
NOT_REPORTED = "not_reported"
CLOSED = "closed"

STATUS_LABELS = {
    COMPLETED: "已完成",
    ON_SCHEDULE: "序时推进",
    LAGGING: "滞后",
    RETURNED: "退回修改",
    NOT_DUE: "待报送",
    NOT_REPORTED: "未报送",
    CLOSED: "已办结",
}
# A report that counts (approved, else submitted) gives one of these.
COUNTED_STATUSES = (COMPLETED, ON_SCHEDULE, LAGGING)
GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
LIGHT_LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", GREY: "灰灯"}
DEFAULT_LAG_THRESHOLD = 30
# Comparisons absorb float error (0.75 - 0.45 = 0.30000000000000004).
EPSILON = 1e-9


# The rules as SQL, over the columns named by the caller. Portable between PostgreSQL and
# SQLite: CASE, comparisons, and arithmetic in floats (DOUBLE PRECISION is REAL to SQLite),
# which never divide integers and cost far less than PostgreSQL's numeric.


def float_sql(value):
    return f"CAST({value} AS DOUBLE PRECISION)"


def ratio_sql(actual, goal, lower_is_better):
    """One target's ratio, uncapped: actual/target for >=, = and ≈ targets; target/actual for
    <= and falling targets, 1 when met; a missing actual counts 0."""
    return f"""CASE
        WHEN {actual} IS NULL THEN 0.0
        WHEN ({lower_is_better}) AND {actual} <= {goal} THEN 1.0
        WHEN ({lower_is_better}) THEN {float_sql(goal)} / {float_sql(actual)}
        WHEN {goal} = 0 THEN 1.0
        ELSE {float_sql(actual)} / {float_sql(goal)} END"""


def capped_sql(ratio):
    """A ratio capped at 1 for roll-ups (the uncapped one is shown as 超额)."""
    return f"CASE WHEN ({ratio}) > 1 THEN 1.0 ELSE ({ratio}) END"


def status_sql(*, closed, counted, returned, completion, expected, deadline_passed):
    """已办结 (closed before the period) / 已完成 C >= 1 / 序时推进 C >= E / 滞后 C < E, for a
    counted report; 退回修改 for a returned one; else 未报送 after the deadline, 待报送 before."""
    return f"""CASE
        WHEN {closed} THEN '{CLOSED}'
        WHEN {counted} AND {completion} >= 1 - {EPSILON} THEN '{COMPLETED}'
        WHEN {counted} AND {completion} >= {expected} - {EPSILON} THEN '{ON_SCHEDULE}'
        WHEN {counted} THEN '{LAGGING}'
        WHEN {returned} THEN '{RETURNED}'
        WHEN {deadline_passed} THEN '{NOT_REPORTED}'
        ELSE '{NOT_DUE}' END"""


def light_sql(*, status, completion, expected, threshold):
    """绿 completed, on schedule or closed; 黄 lagging by less than R points (unrounded) or
    returned; 红 lagging by R points or more, or not reported after the deadline; 灰 not due."""
    return f"""CASE
        WHEN {status} IN ('{COMPLETED}', '{ON_SCHEDULE}', '{CLOSED}') THEN '{GREEN}'
        WHEN {status} = '{LAGGING}' AND 100 * ({expected} - {completion}) < {threshold} - {EPSILON}
            THEN '{YELLOW}'
        WHEN {status} = '{RETURNED}' THEN '{YELLOW}'
        WHEN {status} = '{NOT_DUE}' THEN '{GREY}'
        ELSE '{RED}' END"""


def rollup_sql(*, status, completion, deadline_passed):
    """What a row adds to a roll-up's mean: its completion when counted, 1 when closed; a row
    without a counted report counts 0 after the deadline and is left out (NULL) before it."""
    counted = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)
    return f"""CASE
        WHEN {status} = '{CLOSED}' THEN 1.0
        WHEN {status} IN ({counted}) THEN {completion}
        WHEN {deadline_passed} THEN 0.0
        ELSE NULL END"""


def rate(part, whole):
    """A rate in [0, 1]; None when nothing was expected."""
    return None if not whole else part / whole


# Wording for people, from stored figures.


def percent_text(ratio):
    """45% / 12.5% / 100%: whole numbers where they are whole; — for none."""
    if ratio is None:
        return "—"
    value = Decimal(str(round(ratio * 100, 1))).normalize()
    return f"{value:f}%"


def date_text(day):
    """2022年9月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def points_behind(completion, expected):
    """Percentage points behind 序时进度, rounded for the sentence only."""
    return Decimal(str(round(100 * (expected - completion), 1))).normalize()


def light_reason(
    status,
    completion,
    expected,
    *,
    uncapped=None,
    late=False,
    lag_threshold=DEFAULT_LAG_THRESHOLD,
    deadline=None,
    deadline_passed=True,
    has_lead=True,
    missing="",
    returned_at=None,
    return_comment="",
    closure_reason="",
):
    """The one sentence that says why a task (or a unit's own report) has its colour, its
    figures agreeing with the colour. `missing` names lead units without a counted report
    (a task with several)."""
    deadline_text = date_text(deadline) if deadline else ""
    if status == CLOSED:
        return "已办结销号，无需再报送。" + (
            f"办结说明：{closure_reason}" if closure_reason else ""
        )
    if not has_lead and status in (NOT_DUE, NOT_REPORTED):
        return "未明确牵头单位，无人报送；请在任务分工中指定牵头单位。"
    if status == NOT_DUE:
        return f"尚未到报送截止日（{deadline_text}）。" if deadline_text else "尚未到报送截止日。"
    if status == NOT_REPORTED:
        return f"截至{deadline_text}未报送进展。" if deadline_text else "本期未报送进展。"
    if status == RETURNED:
        when = f"于{date_text(_local_date(returned_at))}" if returned_at else ""
        why = f"（退回意见：{return_comment}）" if return_comment else ""
        return f"报告已{when}退回修改{why}，待重新报送。"
    done = percent_text(completion)
    if status == COMPLETED:
        extra = (
            f"，超额完成（实际{percent_text(uncapped)}）"
            if uncapped is not None and uncapped > 1 + EPSILON
            else ""
        )
        sentence = f"完成率{done}，已完成{extra}。"
    elif status == ON_SCHEDULE:
        sentence = f"完成率{done}，达到序时进度{percent_text(expected)}。"
    else:
        gap = 100 * (expected - completion)
        level = "亮黄灯" if gap < lag_threshold - EPSILON else "亮红灯"
        sentence = (
            f"完成率{done}，低于序时进度{percent_text(expected)}"
            f"（差{points_behind(completion, expected):f}个百分点），{level}。"
        )
    if missing:
        counts = "按0计" if deadline_passed else "暂不计入"
        sentence += f"{missing}尚无计入的报告，{counts}。"
    return sentence + ("（逾期报送）" if late else "")


def _local_date(moment):
    from django.utils import timezone

    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
