"""Reads of the review queue: progress reports with the figures of the live snapshot's entry
for each (its unit's completion, light, status and sentence in the period), how late each
was first submitted, filtered and sorted in the database; a page of them in a fixed number of
queries whatever its size."""

from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)

from progress import periods as p
from progress import selectors as progress_selectors
from progress.models import Attachment
from reports import rules
from reports.models import Snapshot, SnapshotEntry

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
# The orders that read nothing of the entries (any other, the default included, does).
_ORDERS_WITHOUT_ENTRIES = ("late", "submitted", "task", "unit")
NO_ENTRY = 5
# A report's entries in its period's live snapshot, joined: at most one a role (the unit's
# expected report on the task, as its lead unit or as a county). The lead's is the report's
# entry when it has both.
_ROLES = ("lead_entry", "county_entry")


def _entries_joined(reports):
    """`reports` LEFT JOINed to their entries in the live snapshots, one join a role: each
    report's figures are read once, in the same scan, rather than looked up report by report
    in subqueries (8 s for the default order at 200,000 reports)."""
    live = list(Snapshot.objects.filter(live=True).values_list("pk", flat=True))
    return reports.alias(
        **{
            name: FilteredRelation(
                "snapshot_entries",
                condition=Q(snapshot_entries__snapshot__in=live, snapshot_entries__role=role),
            )
            for name, role in zip(
                _ROLES, (SnapshotEntry.Role.LEAD, SnapshotEntry.Role.COUNTY), strict=True
            )
        }
    )


def _entry(field):
    """A column of the report's entry (_entries_joined): the lead's, else the county's; NULL
    for a report of a unit that is not expected to report (a responsible department), or
    before any snapshot counted it."""
    lead, county = _ROLES
    return Case(
        When(**{f"{lead}__id__isnull": False}, then=F(f"{lead}__{field}")),
        default=F(f"{county}__{field}"),
    )


def _entry_rank():
    """The entry's place in the default order (over the entry_light and entry_status aliases):
    red, lagging (yellow), returned (yellow), green, grey; a report without an entry after
    them all."""
    lead, county = _ROLES
    return Case(
        When(
            Q(**{f"{lead}__id__isnull": True, f"{county}__id__isnull": True}), then=Value(NO_ENTRY)
        ),
        When(entry_light=rules.RED, then=Value(0)),
        When(entry_status=rules.LAGGING, then=Value(1)),
        When(entry_light=rules.YELLOW, then=Value(2)),
        When(entry_light=rules.GREEN, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )


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
    """The reports user may see, each annotated with `late_by` (a timedelta: first submission's
    day minus the deadline; None before any submission). The entry's light, status and
    completion are filtered and sorted on in the database but not selected (with_entries
    reads a page's entries).

    Filters: plan, period (a Period of the plan), quarter ((year, quarter): that quarter of
    every plan), unit, state (the report's), light and status (its entry's), late ("yes": first
    submitted after the deadline day, "no": by it). Sorted by `sort` (SORTS), each order ending
    in period, task order, unit name. The default puts first lagging or red reports (red before
    yellow, lowest completion first), then late ones (latest first), then the rest. Without a
    sort (None), unordered: what the queue counts."""
    reports = (
        progress_selectors.reports_visible_to(user)
        .prefetch_related(None)
        .annotate(submitted_day=p.submitted_day())
        .annotate(
            late_by=ExpressionWrapper(
                F("submitted_day") - F("period__deadline"), output_field=DurationField()
            )
        )
    )
    if light or status or (sort and sort not in _ORDERS_WITHOUT_ENTRIES):
        # The entries are joined only where a filter or the order reads them; a page's own
        # entries are read by with_entries.
        reports = (
            _entries_joined(reports)
            .alias(
                entry_light=_entry("light"),
                entry_status=_entry("status"),
                entry_completion=_entry("completion"),
            )
            .alias(entry_rank=_entry_rank())
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
    return reports.order_by(*_order(sort)) if sort else reports


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


def page_reports(user, ids):
    """The reports of `ids` (a page of queue_reports' ids, in its order) with what a row shows
    (queue_reports' columns): a page is ordered on its ids alone, without dragging every
    report's task, plan and unit through the sort (the default page at 200,000 reports 0.8 ->
    0.3 s), then read for itself."""
    found = {r.pk: r for r in queue_reports(user, sort=None).filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def with_entries(reports):
    """The reports (a page of queue_reports), each given `entry`: its SnapshotEntry, ready for
    its sentence (entry.reason), or None; `completion_text` (the entry's, "—" without one);
    `late_days` (0 when on time, None when never submitted); and `attachment_count` (佐证材料).
    Two queries: the page's entries, and its attachments counted."""
    reports = list(reports)
    by_report = {}
    # The live snapshots of the page's periods as a subquery, so that PostgreSQL reads the
    # entries through the (snapshot, task) index (snapshot__live scanned that whole index for
    # the tasks: 45 ms a page at 200,000 reports, 0.3 ms this way).
    live = Snapshot.objects.filter(live=True, period__in={r.period_id for r in reports})
    # The lead's entry before the county's ("lead" > "county"), as _entry reads them.
    for entry in (
        SnapshotEntry.objects.filter(
            snapshot__in=live,
            task__any={r.task_id for r in reports},
            report__any=[r.pk for r in reports],
        )
        .select_related("snapshot", "snapshot__period")
        .order_by("report_id", "-role")
    ):
        by_report.setdefault(entry.report_id, entry)
    counted = dict(
        Attachment.objects.filter(report__in=[r.pk for r in reports])
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values_list("report", "n")
    )
    for report in reports:
        report.entry = by_report.get(report.pk)
        report.completion_text = rules.percent_text(report.entry and report.entry.completion)
        report.late_days = p.days_late(report.first_submitted_at, report.period.deadline)
        report.attachment_count = counted.get(report.pk, 0)
    return reports
