"""GET /api/v1/reminders/: the reminders and 督办单 a user may see (a unit's people their
unit's, the office and readers all), as the reminders page shows them; filters unit, period
(2022Q3), level (blue / yellow / red) and plan. GET /api/v1/reminders/{id}/document/: the
督办单 as a .docx (numbered the first time)."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from plans.api import IdFilter
from progress.api.serializers import ErrorSerializer
from progress.periods import parse_period_label
from reports import selectors
from reports.api import DOCX_TYPE, DocxRenderer, FileRenderer
from reports.models import Reminder
from reports.supervision.views import document_response

NOTICE, REMINDER = "notice", "reminder"


class ReminderFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="unit", label="单位（id）")
    plan = IdFilter(field_name="period__plan", label="计划（id）")
    period = django_filters.CharFilter(method="filter_period", label="报告期，如 2022Q3")
    level = django_filters.ChoiceFilter(
        field_name="kind", choices=Reminder.Kind.choices, label="级别（提醒为蓝，督办单为黄、红）"
    )

    class Meta:
        model = Reminder
        fields = ["unit", "plan", "period", "level"]

    def filter_period(self, queryset, name, value):
        try:
            year, quarter = parse_period_label(value)
        except ValueError as exc:
            raise serializers.ValidationError({"period": str(exc)}) from None
        return queryset.filter(period__year=year, period__quarter=quarter)


class ReminderTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="任务序号")


class ReminderSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label", help_text="如 2022Q3")
    plan = serializers.IntegerField(source="period.plan_id")
    unit_name = serializers.CharField(source="unit.name")
    level = serializers.ChoiceField(
        source="kind", choices=Reminder.Kind.choices, help_text="blue 提醒 / yellow、red 督办单"
    )
    kind = serializers.SerializerMethodField(help_text="reminder 提醒（蓝）/ notice 督办单")
    number = serializers.SerializerMethodField(help_text="督办单编号；尚未生成文书时为空")
    tasks = ReminderTaskSerializer(many=True)
    sent_by = serializers.SerializerMethodField(help_text="手动催办人姓名；系统定时发送为空")
    document = serializers.SerializerMethodField(help_text="督办单 Word 文书；蓝色提醒为空")

    class Meta:
        model = Reminder
        fields = [
            "id",
            "period",
            "plan",
            "unit",
            "unit_name",
            "level",
            "kind",
            "number",
            "message",
            "tasks",
            "created_at",
            "manual",
            "sent_by",
            "emailed",
            "document",
        ]

    def get_kind(self, reminder) -> str:
        return NOTICE if reminder.is_notice else REMINDER

    def get_number(self, reminder) -> str | None:
        return reminder.number or None

    def get_sent_by(self, reminder) -> str | None:
        return (reminder.sent_by_name or None) if reminder.manual else None

    def get_document(self, reminder) -> str | None:
        if not reminder.is_notice:
            return None
        request = self.context.get("request")
        path = f"/api/v1/reminders/{reminder.pk}/document/"
        return request.build_absolute_uri(path) if request else path


class DocxOnly(BaseContentNegotiation):
    """The document is a .docx whatever the request accepts."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReminderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reminders (催办提醒) and 督办单: read only; the office sends them on the reminders page."""

    serializer_class = ReminderSerializer
    filterset_class = ReminderFilter

    def get_queryset(self):
        return selectors.reminders_visible_to(self.request.user)

    @extend_schema(
        summary="下载督办单（Word，GB/T 9704 版式）",
        responses={
            (200, DOCX_TYPE): OpenApiTypes.BINARY,
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description="没有该督办单，或是蓝色提醒（没有文书）"
            ),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[DocxRenderer],
        content_negotiation_class=DocxOnly,
    )
    def document(self, request, pk=None):
        return document_response(self.get_object())

    def finalize_response(self, request, response, *args, **kwargs):
        """An error of the download is JSON in the error shape, not a file."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False) and isinstance(
            response.accepted_renderer, FileRenderer
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response
