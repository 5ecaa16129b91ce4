"""API view of periods (报告期): /api/v1/periods/, read only, filtered by
progress/api/filters.py's PeriodFilter."""

from rest_framework import viewsets

from progress.api.filters import PeriodFilter
from progress.api.serializers import PeriodSerializer
from progress.models import Period


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """报告期：计划年度的各季度，写作 2022Q3，含报送截止日与开放/关闭状态。"""

    queryset = Period.objects.order_by("plan", "year", "quarter")
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
