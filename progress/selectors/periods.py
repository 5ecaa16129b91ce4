"""Reporting periods: a plan's period by its label, and the one a page shows by default."""

from progress import periods as p
from progress.models import Period


def period_get(plan, label):
    """The plan's period written `label` (2022Q3), or None."""
    year, quarter = p.parse_period_label(label)
    return Period.objects.filter(plan=plan, year=year, quarter=quarter).first()


def current_period(plan):
    """The period to show by default: today's quarter while the plan runs, else the last
    open period (or the last one) of a plan in the past, else its first."""
    periods = list(plan.periods.all())
    if not periods:
        return None
    year, quarter = p.quarter_of(p.today())
    for period in periods:
        if (period.year, period.quarter) == (year, quarter):
            return period
    if (year, quarter) < (periods[0].year, periods[0].quarter):
        return periods[0]
    open_periods = [x for x in periods if x.is_open]
    return (open_periods or periods)[-1]
