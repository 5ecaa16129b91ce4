"""Read-only API of regions, units, plans and their sections.

Who may read is the API's default permission (settings: any authenticated user with a role).
"""

import django_filters
from django import forms
from rest_framework import serializers, viewsets

from plans.models import Plan, Region, Section, Unit


class IdFilter(django_filters.NumberFilter):
    """An id in a query: a positive whole number the database can hold; anything else is
    refused with 400 instead of reaching the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class WarningSerializer(serializers.Serializer):
    """A defect the document reader noticed (解析提示)."""

    code = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    reviewed = serializers.BooleanField(read_only=True, default=False)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "short_name", "level", "parent"]


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "short_name"]


class UnitSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "region", "aliases"]


class PlanSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    warnings = WarningSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "key",
            "title",
            "region",
            "level",
            "year_start",
            "year_end",
            "source",
            "layout",
            "reporting_deadlines",
            "lag_threshold",
            "self_review_allowed",
            "warnings",
            "loaded_at",
        ]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["id", "plan", "parent", "key", "numbering", "title", "order"]


class RegionFilter(django_filters.FilterSet):
    class Meta:
        model = Region
        fields = ["level", "parent"]


class UnitFilter(django_filters.FilterSet):
    plan = IdFilter(method="filter_plan", label="计划（id）：只列出该计划中有分工的单位")

    class Meta:
        model = Unit
        fields = ["region", "kind", "plan"]

    def filter_plan(self, queryset, name, value):
        return queryset.filter(assignments__task__plan=value).distinct()


class PlanFilter(django_filters.FilterSet):
    class Meta:
        model = Plan
        fields = ["region", "level"]


class SectionFilter(django_filters.FilterSet):
    class Meta:
        model = Section
        fields = ["plan", "parent"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """行政区划（省、州、县）。"""

    queryset = Region.objects.order_by("code")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """单位：部门、人民政府及其他机构，附别名。"""

    queryset = (
        Unit.objects.select_related("region")
        .prefetch_related("aliases")
        .order_by("region__code", "name")
    )
    serializer_class = UnitSerializer
    filterset_class = UnitFilter


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """计划：一份文件，含层级、起止年度与报送截止日。"""

    queryset = Plan.objects.select_related("region")
    serializer_class = PlanSerializer
    filterset_class = PlanFilter


class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    """计划的部分（一、与（一））。"""

    queryset = Section.objects.order_by("plan", "order")
    serializer_class = SectionSerializer
    filterset_class = SectionFilter
