"""API of the reports room: completion figures of a snapshot, and bulletins.

GET /api/v1/completion/?plan=ID&period=2022Q3 returns the latest snapshot of that plan-period
(computing one if none exists yet); ?snapshot=ID returns that very snapshot, so a bulletin's
figures can be compared with the API's. Everything is read from stored rows.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from plans.models import Plan
from progress.api.serializers import ErrorSerializer
from progress.periods import parse_period_label
from reports import selectors
from reports.bulletins import bulletin_file, bulletin_request
from reports.models import Bulletin, Snapshot
from reports.snapshots import snapshot_compute

STATUS_FIELDS = ("completed", "on_schedule", "lagging", "not_reported", "closed")


class SnapshotSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title")
    period = serializers.CharField(source="period.label")
    deadline = serializers.DateField(source="period.deadline")

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "computed_at",
            "plan",
            "plan_title",
            "period",
            "deadline",
            "deadline_passed",
            "lag_threshold",
        ]


class TotalsSerializer(serializers.ModelSerializer):
    missing_reports = serializers.IntegerField()

    class Meta:
        model = Snapshot
        fields = [
            "tasks",
            "completion",
            "expected",
            *STATUS_FIELDS,
            "green",
            "yellow",
            "red",
            "expected_reports",
            "submitted_reports",
            "on_time_reports",
            "late_reports",
            "missing_reports",
            "reporting_rate",
            "on_time_rate",
        ]


class SectionRowSerializer(serializers.Serializer):
    section = serializers.IntegerField(source="section_id")
    key = serializers.CharField(source="section.key")
    title = serializers.CharField(source="section.__str__")
    parent = serializers.IntegerField(source="section.parent_id", allow_null=True)
    tasks = serializers.IntegerField()
    completion = serializers.FloatField()
    expected = serializers.FloatField()
    completed = serializers.IntegerField()
    on_schedule = serializers.IntegerField()
    lagging = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    closed = serializers.IntegerField()


class UnitRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField(source="unit.name")
    rank = serializers.IntegerField()
    tasks = serializers.IntegerField()
    completion = serializers.FloatField()
    completed = serializers.IntegerField()
    on_schedule = serializers.IntegerField()
    lagging = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    closed = serializers.IntegerField()
    expected_reports = serializers.IntegerField()
    submitted_reports = serializers.IntegerField()
    on_time_reports = serializers.IntegerField()
    late_reports = serializers.IntegerField()
    missing_reports = serializers.IntegerField()
    reporting_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)


class TaskRowSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="task_id")
    number = serializers.CharField(source="task.number")
    section = serializers.IntegerField(source="section_id", allow_null=True)
    expected = serializers.FloatField()
    completion = serializers.FloatField(allow_null=True)
    completion_uncapped = serializers.FloatField(allow_null=True)
    status = serializers.CharField()
    light = serializers.CharField()
    reason = serializers.CharField()
    late = serializers.BooleanField()
    report = serializers.IntegerField(source="report_id", allow_null=True)
    lead_units = serializers.SerializerMethodField()

    def get_lead_units(self, row) -> list[str]:
        return [a.unit.name for a in row.task.leads]


class CompletionSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    totals = TotalsSerializer()
    sections = SectionRowSerializer(many=True)
    units = UnitRowSerializer(many=True)
    counties = UnitRowSerializer(many=True)
    county_label = serializers.CharField()
    tasks = TaskRowSerializer(many=True)


def _snapshot_from(params):
    if params.get("snapshot"):
        try:
            snapshot_id = int(params["snapshot"])
        except ValueError:
            raise ValidationError({"snapshot": "快照编号必须是整数。"}) from None
        return get_object_or_404(
            Snapshot.objects.select_related("plan", "plan__region", "period"), pk=snapshot_id
        )
    errors = {}
    if not params.get("plan"):
        errors["plan"] = "请提供计划编号 plan。"
    if not params.get("period"):
        errors["period"] = "请提供报告期 period，如 2022Q3。"
    if errors:
        raise ValidationError(errors)
    try:
        plan = get_object_or_404(Plan.objects.select_related("region"), pk=int(params["plan"]))
    except ValueError:
        raise ValidationError({"plan": "计划编号必须是整数。"}) from None
    try:
        year, quarter = parse_period_label(params["period"])
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    period = plan.periods.filter(year=year, quarter=quarter).first()
    if period is None:
        raise Http404
    return selectors.latest_snapshot(plan, period) or snapshot_compute(plan=plan, period=period)


class CompletionView(APIView):
    @extend_schema(
        summary="计划某报告期的完成情况（快照）",
        parameters=[
            OpenApiParameter("plan", OpenApiTypes.INT, description="计划编号"),
            OpenApiParameter("period", OpenApiTypes.STR, description="报告期，如 2022Q3"),
            OpenApiParameter("snapshot", OpenApiTypes.INT, description="指定快照编号（可选）"),
        ],
        responses={200: CompletionSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        snapshot = _snapshot_from(request.query_params)
        data = {
            "snapshot": snapshot,
            "totals": snapshot,
            "sections": selectors.section_rows(snapshot),
            "units": selectors.unit_rows(snapshot, "lead"),
            "counties": selectors.unit_rows(snapshot, "county"),
            "county_label": selectors.county_label(snapshot.plan),
            "tasks": selectors.task_rows(snapshot),
        }
        return Response(CompletionSerializer(data).data)


class BulletinSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "plan",
            "period",
            "snapshot",
            "trigger",
            "state",
            "requested_at",
            "started_at",
            "generated_at",
            "error",
            "download",
        ]

    def get_download(self, bulletin) -> str | None:
        if bulletin.state != Bulletin.State.READY:
            return None
        request = self.context.get("request")
        path = f"/api/v1/bulletins/{bulletin.pk}/download/"
        return request.build_absolute_uri(path) if request else path


class BulletinRequestSerializer(serializers.Serializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    period = serializers.CharField(help_text="报告期，如 2022Q3")


class BulletinViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bulletins (通报): list, read, download; the office asks for a new one (made in the background)."""

    serializer_class = BulletinSerializer
    filterset_fields = ["plan", "state", "trigger"]

    def get_queryset(self):
        bulletins = selectors.bulletins_for()
        period = self.request.query_params.get("period")
        if period:
            try:
                year, quarter = parse_period_label(period)
            except ValueError as exc:
                raise ValidationError({"period": str(exc)}) from None
            bulletins = bulletins.filter(period__year=year, period__quarter=quarter)
        return bulletins

    @extend_schema(
        summary="生成通报（后台任务）",
        request=BulletinRequestSerializer,
        responses={202: BulletinSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def create(self, request):
        incoming = BulletinRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = incoming.validated_data["plan"]
        try:
            year, quarter = parse_period_label(incoming.validated_data["period"])
        except ValueError as exc:
            raise ValidationError({"period": str(exc)}) from None
        period = plan.periods.filter(year=year, quarter=quarter).first()
        if period is None:
            raise ValidationError({"period": "该计划没有这个报告期。"})
        bulletin = bulletin_request(user=request.user, plan=plan, period=period)
        data = BulletinSerializer(bulletin, context={"request": request}).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="下载通报 Excel 文件",
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            404: OpenApiResponse(ErrorSerializer, description="通报尚未生成"),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        handle, name = bulletin_file(self.get_object())
        return FileResponse(handle, as_attachment=True, filename=name)
