"""Which targets a period judges, and their 序时进度 (DOMAIN.md "Numbers", its first two
rules), as plain functions over plain values.

This is the part of the rules that the reporting pages need too (a form asks only for what is
judged), so it lives in the progress room; reports/rules.py holds the rest and uses these.

- annual targets: the figures of the 年度目标任务 due in the period's year; in a multi-year plan
  with none due that year, the end-year ones;
- a milestone: the quarterly-plan figure judged for an annual target in the quarter, as a
  year-to-date figure (read when the plan is loaded: Target.year_to_date);
- quarter targets: quarterly-plan figures with no annual target of their metric, judged only
  in their own quarter.

E per judged target: the milestone over the annual target (the annual target over the
milestone for a falling target), capped at 1, where the quarter has a milestone; else the
elapsed time; 1 for a quarter target.
"""

from dataclasses import dataclass

from tasks.models import Target

ANNUAL, QUARTER = "annual", "quarter"


def elapsed_fraction(year, quarter, year_start, year_end):
    """Elapsed time at the end of (year, quarter): q/4 in a one-year plan, elapsed quarters /
    all quarters in a multi-year plan."""
    total = (year_end - year_start + 1) * 4
    elapsed = (year - year_start) * 4 + quarter
    return min(max(elapsed / total, 0.0), 1.0)


def milestone_expected(milestone, annual, lower_is_better):
    """E of an annual target whose quarter has a milestone: milestone / annual target, or
    annual target / milestone for a falling target; capped at 1."""
    milestone, annual = float(milestone), float(annual)
    if lower_is_better:
        ratio = 1.0 if milestone <= 0 else annual / milestone
    else:
        ratio = 1.0 if annual == 0 else milestone / annual
    return min(max(ratio, 0.0), 1.0)


@dataclass(frozen=True)
class Judged:
    target: Target
    kind: str
    milestone: Target | None
    expected: float


def annual_targets_of(targets, year, year_end):
    """The annual targets judged in `year`: those due that year, else the end-year ones."""
    annual = [t for t in targets if t.role == Target.Role.ANNUAL and t.judged]
    of_year = [t for t in annual if t.due_year == year]
    return of_year or [t for t in annual if t.due_year == year_end]


def judged_targets(targets, *, year, quarter, year_start, year_end):
    """[Judged] of one task's targets (all of them, any order) in period (year, quarter): its
    annual targets in the task's order, then its quarter targets."""
    time = elapsed_fraction(year, quarter, year_start, year_end)
    targets = sorted(targets, key=lambda t: t.order)
    milestones = {
        t.annual_id: t
        for t in targets
        if t.role == Target.Role.MILESTONE
        and t.judged
        and (t.due_year, t.due_quarter) == (year, quarter)
    }
    judged = []
    for annual in annual_targets_of(targets, year, year_end):
        milestone = milestones.get(annual.pk)
        if milestone is None:
            expected = time
        else:
            value = (
                milestone.year_to_date if milestone.year_to_date is not None else milestone.value
            )
            expected = milestone_expected(value, annual.value, annual.lower_is_better)
        judged.append(Judged(annual, ANNUAL, milestone, expected))
    judged += [
        Judged(t, QUARTER, None, 1.0)
        for t in targets
        if t.role == Target.Role.QUARTER
        and t.judged
        and (t.due_year, t.due_quarter) == (year, quarter)
    ]
    return judged


# The governments one level below a plan's region report their own part of a task they are
# responsible for: counties in a prefecture's plan, prefectures in the province's.
COUNTY_LEVELS = {"province": "prefecture", "prefecture": "county"}


def county_level(region_level):
    """The level of the governments expected to report as counties in a plan of a region of
    `region_level`, or None (a county's plan: its townships are not loaded)."""
    return COUNTY_LEVELS.get(region_level)
