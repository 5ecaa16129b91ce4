"""Reads of the office's workbench: per open period whose quarter has begun, the reports
waiting for review and for resubmission (counted from the reports), the reports lagging and
the units overdue (read from the unit rows of the period's live snapshot); in five queries
whatever the number of periods."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum

from progress import periods as p
from progress.models import Period, ProgressReport
from reports.models import Snapshot, SnapshotUnit

# The overdue list shows this many rows (the most recent deadlines first); the counts are whole.
OVERDUE_SHOWN = 200


@dataclass
class Overdue:
    """A unit with tasks unreported after the deadline of an open period."""

    period: Period
    unit_id: int
    unit_name: str
    tasks: int
    days: int


@dataclass
class PeriodWork:
    """What the office has to do in one open period. lagging and overdue are None while the
    period has no live snapshot (its figures were never computed)."""

    period: Period
    waiting: int = 0
    returned: int = 0
    lagging: int | None = None
    overdue: list = field(default_factory=list)
    computed: bool = False

    @property
    def deadline_passed(self):
        return p.days_overdue(self.period.deadline) > 0

    @property
    def overdue_units(self):
        return len(self.overdue) if self.computed else None

    @property
    def days_overdue(self):
        return p.days_overdue(self.period.deadline)

    @property
    def has_work(self):
        return bool(self.waiting or self.returned or self.lagging or self.overdue) or (
            not self.computed
        )


def work_by_period(*, plan=None, day=None):
    """[PeriodWork] of every open period (of `plan`, else of every plan) whose quarter has
    begun by `day` (today): those with reports waiting for review or resubmission first, then
    the others, each latest deadline first."""
    day = day or p.today()
    periods = Period.objects.filter(closed_at__isnull=True).select_related("plan")
    if plan is not None:
        periods = periods.filter(plan=plan)
    periods = [x for x in periods if (x.year, x.quarter) <= p.quarter_of(day)]
    periods.sort(key=lambda x: (x.deadline, x.plan.key), reverse=True)
    work = {x.pk: PeriodWork(x) for x in periods}
    states = (
        ProgressReport.objects.filter(
            period__in=list(work),
            state__in=(ProgressReport.State.SUBMITTED, ProgressReport.State.RETURNED),
        )
        .values_list("period_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for period_id, state, n in states:
        if state == ProgressReport.State.SUBMITTED:
            work[period_id].waiting = n
        else:
            work[period_id].returned = n
    live = dict(
        Snapshot.objects.filter(period__in=list(work), live=True).values_list("pk", "period_id")
    )
    for period_id in live.values():
        work[period_id].computed = True
        work[period_id].lagging = 0
    # The live snapshots' unit rows (a unit's expected reports by status, one row a role),
    # not their entries grouped again: a few hundred rows, not every expected report.
    units = (
        SnapshotUnit.objects.filter(snapshot__in=list(live))
        .values_list("snapshot_id", "unit_id", "unit__name")
        .annotate(lagging=Sum("lagging"), not_reported=Sum("not_reported"))
        .order_by("unit__name", "unit_id")
    )
    for snapshot_id, unit_id, unit_name, lagging, not_reported in units:
        row = work[live[snapshot_id]]
        row.lagging += lagging
        if not_reported:
            row.overdue.append(
                Overdue(
                    row.period,
                    unit_id,
                    unit_name,
                    not_reported,
                    p.days_overdue(row.period.deadline, day),
                )
            )
    rows = list(work.values())
    rows.sort(key=lambda row: not (row.waiting or row.returned))
    return rows


def overdue_list(work):
    """Every Overdue of `work`, most recent deadline first, most tasks first within it."""
    rows = [o for row in work for o in row.overdue]
    rows.sort(key=lambda o: (o.days, -o.tasks, o.unit_name))
    return rows
