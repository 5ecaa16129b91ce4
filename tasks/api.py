"""Read-only API of tasks with their units, quarterly plans, targets and warnings.

Who may read is the API's default permission (settings: any authenticated user with a role).
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from plans.api import IdFilter, WarningSerializer
from plans.models import Section
from tasks.models import Target, Task, TaskAssignment


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class SectionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "key", "numbering", "title"]


class QuarterPlansSerializer(serializers.Serializer):
    Q1 = serializers.CharField(read_only=True, label="一季度计划")
    Q2 = serializers.CharField(read_only=True, label="二季度计划")
    Q3 = serializers.CharField(read_only=True, label="三季度计划")
    Q4 = serializers.CharField(read_only=True, label="四季度计划")


class TargetSerializer(serializers.ModelSerializer):
    period = serializers.CharField(
        source="period_label", read_only=True, help_text="2022 或 2022Q3"
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "metric",
            "comparator",
            "value",
            "unit",
            "value_as_written",
            "period",
            "due_year",
            "due_quarter",
            "cumulative",
            "decreasing",
            "source_field",
            "annual",
            "role",
            "judged",
            "year_to_date",
            "own_amount",
            "aspirational",
        ]


class TaskSerializer(serializers.ModelSerializer):
    section = SectionRefSerializer(read_only=True, allow_null=True)
    quarter_plans = QuarterPlansSerializer(read_only=True)
    lead_units = serializers.SerializerMethodField()
    responsible_units = serializers.SerializerMethodField()
    targets = TargetSerializer(many=True, read_only=True)
    warnings = WarningSerializer(many=True, read_only=True)
    closed_in = serializers.SerializerMethodField(
        help_text="办结销号的报告期（2022Q3），未办结为 null"
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "number",
            "order",
            "title",
            "section",
            "annual_target",
            "quarter_plans",
            "remarks",
            "lead_units",
            "responsible_units",
            "targets",
            "warnings",
            "needs_review",
            "closed_in",
        ]

    def _units(self, task, role):
        return [
            {"id": a.unit_id, "name": a.unit.name} for a in task.assignments.all() if a.role == role
        ]

    @extend_schema_field(UnitRefSerializer(many=True))
    def get_lead_units(self, task):
        return self._units(task, TaskAssignment.Role.LEAD)

    @extend_schema_field(UnitRefSerializer(many=True))
    def get_responsible_units(self, task):
        return self._units(task, TaskAssignment.Role.RESPONSIBLE)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_closed_in(self, task):
        closure = getattr(task, "closure", None)
        return closure.period.label if closure else None


class TaskFilter(django_filters.FilterSet):
    unit = IdFilter(method="filter_nothing", label="单位（id）：该单位有分工（牵头或责任）的任务")
    role = django_filters.ChoiceFilter(
        choices=TaskAssignment.Role.choices,
        method="filter_nothing",
        label="与 unit 同用：该单位作为牵头单位（lead）或责任单位（responsible）的任务",
    )
    flagged = django_filters.BooleanFilter(field_name="needs_review", label="待复核")

    class Meta:
        model = Task
        fields = ["plan", "section", "unit", "role", "flagged"]

    def filter_nothing(self, queryset, name, value):
        """unit and role narrow the same assignment; filter_queryset applies them together."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        unit = self.form.cleaned_data.get("unit")
        role = self.form.cleaned_data.get("role")
        if role and unit is None:
            raise serializers.ValidationError({"role": "按角色筛选时须同时指定单位（unit）。"})
        if unit is not None:
            assignments = TaskAssignment.objects.filter(unit=unit)
            if role:
                assignments = assignments.filter(role=role)
            queryset = queryset.filter(pk__in=assignments.values("task"))
        return queryset


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """任务：年度目标、季度计划、牵头与责任单位、目标值、解析提示。"""

    queryset = (
        Task.objects.select_related("section", "closure__period")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("unit").order_by("role", "order"),
            ),
            Prefetch("targets", queryset=Target.objects.order_by("order")),
        )
        .order_by("plan", "order")
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
