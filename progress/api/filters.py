"""The query filters of the API's lists of periods and of progress reports (django-filter
FilterSets): by plan, year and quarter, a period written 2022Q3, unit, task and state. A
period label that does not parse is a 400 on its field."""

import functools

import django_filters
from django_filters.constants import EMPTY_VALUES
from rest_framework import serializers

from plans.api import IdFilter
from progress import periods as p
from progress import selectors
from progress.models import Period, ProgressReport


def _label(value, field):
    try:
        return p.parse_period_label(value)
    except ValueError as exc:
        raise serializers.ValidationError({field: str(exc)}) from None


class PeriodFilter(django_filters.FilterSet):
    label = django_filters.CharFilter(method="filter_label", label="报告期，如 2022Q3")
    state = django_filters.ChoiceFilter(
        choices=[("open", "开放填报"), ("closed", "已关闭")], method="filter_state", label="状态"
    )

    class Meta:
        model = Period
        fields = ["plan", "year", "quarter", "label", "state"]

    def filter_label(self, queryset, name, value):
        year, quarter = _label(value, name)
        return queryset.filter(year=year, quarter=quarter)

    def filter_state(self, queryset, name, value):
        return queryset.filter(closed_at__isnull=value == "open")


class ReportFilter(django_filters.FilterSet):
    plan = IdFilter(method="filter_plan", label="计划（id）")
    period = django_filters.CharFilter(
        method="filter_period", label="报告期，如 2022Q3；不指定计划时为各计划的该季度"
    )
    state = django_filters.ChoiceFilter(choices=ProgressReport.State.choices, label="状态")

    class Meta:
        model = ProgressReport
        fields = ["plan", "period", "unit", "task", "state"]

    def filter_queryset(self, queryset):
        """The filtered reports, with `kept_count`, their number from the counts the database
        keeps (KeysFirstPaginator's total), when no filter but plan, period and unit is given;
        filtered by state or task, the list's total is counted from the reports."""
        self.period_ids = None  # what the plan and period filters narrow the list to
        reports = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        given = {name for name, value in data.items() if value not in EMPTY_VALUES}
        if given <= {"plan", "period", "unit"}:
            reports.kept_count = functools.partial(
                selectors.reports_counted,
                self.request.user,
                periods=self.period_ids,
                unit=data["unit"] if "unit" in given else None,
            )
        return reports

    def filter_plan(self, queryset, name, value):
        # By the plan's periods' ids, as the period below: no join to the tasks.
        return queryset.filter(period__in=self._narrowed(plan=value))

    def filter_period(self, queryset, name, value):
        year, quarter = _label(value, name)
        # By the periods' ids (read first): the reports' own (period, task, unit) index then
        # orders and pages them.
        return queryset.filter(period__in=self._narrowed(year=year, quarter=quarter))

    def _narrowed(self, **lookup):
        """The ids of the periods `lookup` finds; the list's periods narrowed to them."""
        ids = list(Period.objects.filter(**lookup).order_by().values_list("pk", flat=True))
        self.period_ids = set(ids) if self.period_ids is None else self.period_ids & set(ids)
        return ids
