"""Reads of the review queue: progress reports with the figures of the live snapshot's entry
for each (its unit's completion, light, status and sentence in the period), how late each
was first submitted, filtered and sorted in the database; a page of them in a fixed number of
queries whatever its size."""

from django.db.models import (
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from progress import periods as p
from progress import selectors as progress_selectors
from reports import rules
from reports.models import SnapshotEntry

# The sort orders a person can choose; the first is the default.
SORTS = {
    "attention": "滞后、逾期在前",
    "completion": "完成率从低到高",
    "late": "逾期天数从多到少",
    "submitted": "报送时间从早到晚",
    "task": "报告期与任务序号",
    "unit": "单位名称",
}
DEFAULT_SORT = "attention"
LATE_CHOICES = {"yes": "逾期报送", "no": "按时报送"}

_PLAN_ORDER = ("period__year", "period__quarter", "task__order", "unit__name", "pk")
# The entry's place in the default order: red, lagging (yellow), returned (yellow), green, grey;
# a report without an entry after them all.
_ENTRY_ORDER = Case(
    When(light=rules.RED, then=Value(0)),
    When(status=rules.LAGGING, then=Value(1)),
    When(light=rules.YELLOW, then=Value(2)),
    When(light=rules.GREEN, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)
NO_ENTRY = 5


def _entry(field, output_field=None):
    """A column of the report's entry in its period's live snapshot (one per report: the unit's
    expected report on the task; a lead unit's when it is both). NULL for a report of a unit
    that is not expected to report (a responsible department), or before any snapshot counted
    it. Found through the live snapshot of the period and the (snapshot, task) index: entries
    are written in bulk and keep no index of their own for this."""
    entries = (
        SnapshotEntry.objects.filter(
            snapshot__live=True,
            snapshot__period=OuterRef("period"),
            task=OuterRef("task"),
            unit=OuterRef("unit"),
            report=OuterRef("pk"),
        )
        .annotate(rank=_ENTRY_ORDER)
        .order_by("-role")
    )
    return Subquery(entries.values(field)[:1], output_field=output_field)


def _is_late():
    return Q(submitted_day__gt=F("period__deadline"))


def queue_reports(
    user,
    *,
    plan=None,
    period=None,
    quarter=None,
    unit=None,
    state=None,
    light=None,
    status=None,
    late=None,
    sort=DEFAULT_SORT,
):
    """The reports user may see, each annotated with `entry_id` (its entry in the live
    snapshot, or None: with_entries reads them), `late_by` (a timedelta: first submission's
    day minus the deadline; None before any submission) and `attachment_count` (佐证材料). The entry's light, status and
    completion are filtered and sorted on in the database but not selected.

    Filters: plan, period (a Period of the plan), quarter ((year, quarter): that quarter of
    every plan), unit, state (the report's), light and status (its entry's), late ("yes": first
    submitted after the deadline day, "no": by it). Sorted by `sort` (SORTS), each order ending
    in period, task order, unit name. The default puts first lagging or red reports (red before
    yellow, lowest completion first), then late ones (latest first), then the rest."""
    reports = (
        progress_selectors.with_attachment_counts(progress_selectors.reports_visible_to(user))
        .prefetch_related(None)
        .annotate(entry_id=_entry("pk"), submitted_day=p.submitted_day())
        # Not selected: each subquery is evaluated only where a filter or the order needs it.
        .alias(
            entry_light=_entry("light"),
            entry_status=_entry("status"),
            entry_completion=_entry("completion"),
            entry_rank=Coalesce(_entry("rank", IntegerField()), Value(NO_ENTRY)),
        )
        .annotate(
            late_by=ExpressionWrapper(
                F("submitted_day") - F("period__deadline"), output_field=DurationField()
            )
        )
    )
    if plan is not None:
        reports = reports.filter(task__plan=plan)
    if period is not None:
        reports = reports.filter(period=period)
    if quarter is not None:
        reports = reports.filter(period__year=quarter[0], period__quarter=quarter[1])
    if unit is not None:
        reports = reports.filter(unit=unit)
    if state:
        reports = reports.filter(state=state)
    if light:
        reports = reports.filter(entry_light=light)
    if status:
        reports = reports.filter(entry_status=status)
    if late == "yes":
        reports = reports.filter(_is_late())
    elif late == "no":
        reports = reports.filter(first_submitted_at__isnull=False).exclude(_is_late())
    return reports.order_by(*_order(sort))


def _order(sort):
    late_first = F("late_by").desc(nulls_last=True)
    if sort == "completion":
        return (F("entry_completion").asc(nulls_last=True), *_PLAN_ORDER)
    if sort == "late":
        return (late_first, *_PLAN_ORDER)
    if sort == "submitted":
        return (F("submitted_at").asc(nulls_last=True), *_PLAN_ORDER)
    if sort == "task":
        return _PLAN_ORDER
    if sort == "unit":
        return ("unit__name", *_PLAN_ORDER)
    attention = Case(
        When(entry_rank__lte=1, then=Value(0)),
        When(_is_late(), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        attention,
        "entry_rank",
        F("entry_completion").asc(nulls_last=True),
        late_first,
        *_PLAN_ORDER,
    )


def with_entries(reports):
    """The reports (a page of queue_reports), each given `entry`: its SnapshotEntry, ready for
    its sentence (entry.reason), or None; `completion_text` (the entry's, "—" without one);
    and `late_days` (0 when on time, None when never submitted). One query."""
    reports = list(reports)
    ids = [r.entry_id for r in reports if r.entry_id is not None]
    entries = SnapshotEntry.objects.filter(pk__in=ids).select_related(
        "snapshot", "snapshot__period"
    )
    by_id = {e.pk: e for e in entries} if ids else {}
    for report in reports:
        report.entry = by_id.get(report.entry_id)
        report.completion_text = rules.percent_text(report.entry and report.entry.completion)
        report.late_days = p.days_late(report.first_submitted_at, report.period.deadline)
    return reports
