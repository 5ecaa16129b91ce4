"""The database's part of the rules: per-target ratios summed per report, and milestone
ratios per annual target, each in one query for a whole plan-period.

`target_ratio` is the one implementation of the per-target completion rule of DOMAIN.md
(actual/target for >= and = targets; target/actual for <= targets, 1 when met). A target
whose text says the value should fall (下降至…左右) counts as a <= target.
"""

from django.db.models import Case, Count, F, FloatField, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Least

from progress.models import ProgressReport, ReportValue
from tasks.models import Target

COUNTED_STATES = (ProgressReport.State.SUBMITTED, ProgressReport.State.APPROVED)


def _lower_is_better(prefix):
    return Q(**{f"{prefix}comparator": Target.Comparator.AT_MOST}) | Q(
        **{f"{prefix}decreasing": True}
    )


def target_ratio(actual, target, target_prefix):
    """Expression: the uncapped ratio of `actual` against `target` (field paths), where
    `target_prefix` reaches the target row whose comparator and direction apply."""
    actual_f = Cast(F(actual), FloatField())
    target_f = Cast(F(target), FloatField())
    lower = _lower_is_better(target_prefix)
    return Case(
        When(lower & Q(**{f"{actual}__lte": F(target)}), then=Value(1.0)),
        When(lower, then=target_f / actual_f),
        When(Q(**{target: 0}), then=Value(1.0)),
        default=actual_f / target_f,
        output_field=FloatField(),
    )


def report_value_sums(period=None, *, report=None):
    """{report id: (values given, capped sum, uncapped sum)} over the annual-target values of
    every counted report of the period (or of one report, whatever its state): one query."""
    ratio = target_ratio("value", "target__value", "target__")
    if report is not None:
        values = ReportValue.objects.filter(report=report)
    else:
        values = ReportValue.objects.filter(report__period=period, report__state__in=COUNTED_STATES)
    rows = (
        values.filter(target__annual__isnull=True)
        .values("report_id")
        .annotate(
            given=Count("id"),
            capped=Sum(Least(ratio, Value(1.0), output_field=FloatField())),
            uncapped=Sum(ratio),
        )
    )
    return {r["report_id"]: (r["given"], r["capped"], r["uncapped"]) for r in rows}


def milestone_ratios(plan, period):
    """{annual target id: ratio} of the period's quarterly milestones against their annual
    targets: one query. Where a quarter names two milestones of one metric (完成17家，力争完成
    20家) the smaller ratio, the commitment, counts."""
    ratio = target_ratio("value", "annual__value", "annual__")
    rows = (
        Target.objects.filter(
            task__plan=plan, annual__isnull=False, due_year=period.year, due_quarter=period.quarter
        )
        .values("annual_id")
        .annotate(ratio=Min(ratio))
    )
    return {r["annual_id"]: r["ratio"] for r in rows}
