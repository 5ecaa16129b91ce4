"""The rules of DOMAIN.md "Numbers", as plain functions over plain values.

This is the one implementation: snapshots, the API, dashboards and bulletins only read what
these functions produced. Ratios are floats in [0, ∞); percentages for people are ratio × 100.

Choices where DOMAIN.md is silent (and why):
- Several lead units: the task's completion is the mean over the lead units that reported;
  the task counts as reported when one of them did (each missing one still lowers 报送率).
- A report with complete actual values is judged on them; without values, on its percent; with
  only some values (and no percent) the missing ones count as 0.
- A target whose text says the value should fall (下降至10%左右) is judged like a <= target.
- Roll-ups count a task that was not reported with completion 0, so not reporting never
  raises a department's or county's figure.
"""

from decimal import Decimal

COMPLETED = "completed"
ON_SCHEDULE = "on_schedule"
LAGGING = "lagging"
NOT_REPORTED = "not_reported"
CLOSED = "closed"

STATUS_LABELS = {
    COMPLETED: "已完成",
    ON_SCHEDULE: "序时推进",
    LAGGING: "滞后",
    NOT_REPORTED: "未报送",
    CLOSED: "已办结",
}
GREEN, YELLOW, RED = "green", "yellow", "red"
LIGHT_LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯"}
DEFAULT_LAG_THRESHOLD = 30


def elapsed_fraction(year, quarter, year_start, year_end):
    """Elapsed time at the end of (year, quarter): q/4 in a one-year plan, elapsed quarters /
    all quarters in a multi-year plan."""
    total = (year_end - year_start + 1) * 4
    elapsed = (year - year_start) * 4 + quarter
    return min(max(elapsed / total, 0.0), 1.0)


def expected_progress(milestone_ratios, annual_targets, time_fraction):
    """序时进度 E: per annual target, the quarter's milestone over the annual target where the
    quarterly plan has one for the same metric (given as its ratio, capped at 1), else elapsed
    time; the mean over the task's annual targets. Without numeric targets: elapsed time.

    milestone_ratios: the ratios of the targets that have a milestone this quarter.
    """
    if not annual_targets:
        return time_fraction
    without = annual_targets - len(milestone_ratios)
    return (sum(min(r, 1.0) for r in milestone_ratios) + without * time_fraction) / annual_targets


def completion(*, annual_targets, values_given, capped_sum, uncapped_sum, percent):
    """完成率 C as (capped, uncapped), or None when the report gives nothing to judge by.

    The database sums, over the values a report gives, each target's ratio (actual/target for
    >= and = targets, target/actual for <= targets, 1 when met): capped at 1 and uncapped.
    With every value given, C is their mean; else the reported percent / 100; else the given
    values' mean over all targets (a missing value counts 0).
    """
    if annual_targets and values_given >= annual_targets:
        return capped_sum / annual_targets, uncapped_sum / annual_targets
    if percent is not None:
        ratio = float(percent) / 100
        return min(ratio, 1.0), ratio
    if annual_targets and values_given:
        return capped_sum / annual_targets, uncapped_sum / annual_targets
    return None


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else None


def status(completion_capped, expected, reported=True):
    if not reported or completion_capped is None:
        return NOT_REPORTED
    if completion_capped >= 1 - 1e-9:
        return COMPLETED
    if completion_capped >= expected - 1e-9:
        return ON_SCHEDULE
    return LAGGING


def points_behind(completion_capped, expected):
    """Percentage points behind 序时进度, rounded for the sentence only."""
    return round(100 * (expected - completion_capped), 1)


def light(task_status, completion_capped, expected, lag_threshold=DEFAULT_LAG_THRESHOLD):
    if task_status in (COMPLETED, ON_SCHEDULE, CLOSED):
        return GREEN
    if task_status == NOT_REPORTED:
        return RED
    # Yellow while less than R points behind (the unrounded gap; the tolerance absorbs
    # float error such as 0.75 - 0.45 = 0.30000000000000004).
    gap = 100 * (expected - completion_capped)
    return YELLOW if gap < lag_threshold - 1e-9 else RED


def percent_text(ratio):
    """45% / 12.5% / 100%: whole numbers where they are whole."""
    value = Decimal(str(round(ratio * 100, 1))).normalize()
    return f"{value:f}%"


def light_reason(
    task_status,
    completion_capped,
    expected,
    *,
    uncapped=None,
    late=False,
    lag_threshold=DEFAULT_LAG_THRESHOLD,
    deadline_text="",
    deadline_passed=True,
    has_lead=True,
):
    """The one sentence that says why a task has its colour. A task without a lead unit
    cannot be reported on: it stays red until the office names one."""
    if task_status == CLOSED:
        return "已办结销号，无需再报送。"
    if task_status == NOT_REPORTED and not has_lead:
        return "未明确牵头单位，无人报送；请在任务分工中指定牵头单位。"
    if task_status == NOT_REPORTED and not deadline_passed:
        return f"尚未报送进展（{deadline_text}截止）。" if deadline_text else "尚未报送进展。"
    if task_status == NOT_REPORTED:
        return f"截至{deadline_text}未报送进展。" if deadline_text else "本期未报送进展。"
    late_note = "（逾期报送）" if late else ""
    done = percent_text(completion_capped)
    due = percent_text(expected)
    if task_status == COMPLETED:
        extra = (
            f"，超额完成（实际{percent_text(uncapped)}）"
            if uncapped and uncapped > 1 + 1e-9
            else ""
        )
        return f"完成率{done}，已完成{extra}。{late_note}".rstrip()
    if task_status == ON_SCHEDULE:
        return f"完成率{done}，达到序时进度{due}。{late_note}".rstrip()
    behind = Decimal(str(points_behind(completion_capped, expected))).normalize()
    level = (
        "亮红灯"
        if light(task_status, completion_capped, expected, lag_threshold) == RED
        else "亮黄灯"
    )
    return f"完成率{done}，低于序时进度{due}（差{behind:f}个百分点），{level}。{late_note}".rstrip()


def rate(part, whole):
    """A rate in [0, 1]; None when nothing was expected."""
    return None if not whole else part / whole


def rank_key(completion_mean, on_time_rate, name):
    """Ranking: by completion, then on-time rate (both descending), then unit name."""
    return (-(completion_mean or 0.0), -(on_time_rate or 0.0), name)


def ranked(rows, completion_of, on_time_of, name_of):
    """Rows sorted by rank_key, each paired with its rank (1-based; ties share no rank)."""
    ordered = sorted(rows, key=lambda r: rank_key(completion_of(r), on_time_of(r), name_of(r)))
    return list(enumerate(ordered, start=1))
