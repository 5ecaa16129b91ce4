"""The completion figures of a snapshot, through the API.

GET /api/v1/completion/?plan=ID&period=2022Q3 reads the live snapshot of that plan-period
(`?snapshot=ID` a given one, so a bulletin's figures can be compared with the API's). A GET
never computes: without a snapshot it is a 404 in the error shape. Task rows come a page at a
time; the totals on every page, sections and unit roll-ups on the first. `?unit=ID` gives that
unit's own rows instead (a county's against its shares). ETag and Last-Modified follow the
snapshot, so that other systems poll cheaply (304), and a page built once is kept by the
snapshot it shows (reports/figures_cache.py) for the next reader. While another reader builds
a new version of the page, a reader gets the version it replaces, with that version's ETag
and Last-Modified: what it is given always says which figures it is.
"""

from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from plans.models import Plan, Unit
from progress.api.serializers import ErrorSerializer
from progress.periods import parse_period_label
from reports import figures_cache, rules, selectors
from reports.models import Snapshot

STATUS_FIELDS = tuple(rules.STATUS_LABELS)
LIGHT_FIELDS = tuple(rules.LIGHT_LABELS)
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


class SnapshotSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title")
    period = serializers.CharField(source="period.label")
    deadline = serializers.DateField(source="period.deadline")

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "live",
            "version",
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
    completion = serializers.FloatField(
        allow_null=True,
        help_text="截止日前为已报送任务的平均完成率（reported_tasks 项），截止日后未报送计 0",
    )
    expected = serializers.FloatField(allow_null=True)

    class Meta:
        model = Snapshot
        fields = [
            "tasks",
            "reported_tasks",
            "completion",
            "expected",
            *STATUS_FIELDS,
            *LIGHT_FIELDS,
            "expected_reports",
            "submitted_reports",
            "on_time_reports",
            "late_reports",
            "missing_reports",
            "reporting_rate",
            "on_time_rate",
        ]


def _counts(*names):
    return {name: serializers.IntegerField() for name in names}


class SectionRowSerializer(serializers.Serializer):
    section = serializers.IntegerField(source="section_id")
    key = serializers.CharField(source="section.key")
    title = serializers.CharField(source="section.__str__")
    parent = serializers.IntegerField(source="section.parent_id", allow_null=True)
    tasks = serializers.IntegerField()
    reported_tasks = serializers.IntegerField()
    completion = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(allow_null=True)
    completed = serializers.IntegerField()
    on_schedule = serializers.IntegerField()
    lagging = serializers.IntegerField()
    returned = serializers.IntegerField()
    not_due = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    closed = serializers.IntegerField()


class UnitRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField(source="unit.name")
    role = serializers.CharField()
    rank = serializers.IntegerField()
    tasks = serializers.IntegerField()
    reported_tasks = serializers.IntegerField()
    completion = serializers.FloatField(allow_null=True)
    expected = serializers.FloatField(allow_null=True)
    completed = serializers.IntegerField()
    on_schedule = serializers.IntegerField()
    lagging = serializers.IntegerField()
    returned = serializers.IntegerField()
    not_due = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    closed = serializers.IntegerField()
    expected_reports = serializers.IntegerField()
    submitted_reports = serializers.IntegerField()
    on_time_reports = serializers.IntegerField()
    late_reports = serializers.IntegerField()
    missing_reports = serializers.IntegerField()
    reporting_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)


STATUS_HELP = "completed 已完成 / on_schedule 序时推进 / lagging 滞后 / returned 退回修改 / " + (
    "not_due 待报送 / not_reported 未报送 / closed 已办结"
)
LIGHT_HELP = "green 绿灯 / yellow 黄灯 / red 红灯 / grey 灰灯（未到截止日）"


class TaskRowSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="task_id")
    number = serializers.CharField(source="task.number")
    section = serializers.IntegerField(source="section_id", allow_null=True)
    expected = serializers.FloatField(help_text="序时进度 E")
    completion = serializers.FloatField(allow_null=True, help_text="完成率 C（封顶 1）")
    completion_uncapped = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUS_FIELDS, help_text=STATUS_HELP)
    light = serializers.ChoiceField(choices=LIGHT_FIELDS, help_text=LIGHT_HELP)
    reason = serializers.CharField(help_text="亮灯原因（一句话）")
    late = serializers.BooleanField()
    report = serializers.IntegerField(source="report_id", allow_null=True)
    lead_units = serializers.SerializerMethodField()
    lead_count = serializers.IntegerField()
    reported_leads = serializers.IntegerField()
    closure_reason = serializers.CharField()

    def get_lead_units(self, row) -> list[str]:
        return self.context["lead_names"].get(row.task_id, [])


class UnitTaskRowSerializer(serializers.Serializer):
    """One unit's own figures on a task (?unit=): a lead unit's report, or a county's against
    its shares (`shared`) or its percent."""

    task = serializers.IntegerField(source="task_id")
    number = serializers.CharField(source="task.number")
    role = serializers.CharField(help_text="lead 牵头单位 / county 下级政府")
    shared = serializers.BooleanField(help_text="按分解目标考核")
    expected = serializers.FloatField()
    completion = serializers.FloatField(allow_null=True)
    completion_uncapped = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUS_FIELDS, help_text=STATUS_HELP)
    light = serializers.ChoiceField(choices=LIGHT_FIELDS, help_text=LIGHT_HELP)
    reason = serializers.CharField()
    late = serializers.BooleanField()
    report = serializers.IntegerField(source="report_id", allow_null=True)


class CompletionSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    totals = TotalsSerializer()
    sections = SectionRowSerializer(many=True, allow_null=True, help_text="仅第 1 页")
    units = UnitRowSerializer(many=True, allow_null=True, help_text="牵头单位排名，仅第 1 页")
    counties = UnitRowSerializer(many=True, allow_null=True, help_text="下级政府排名，仅第 1 页")
    county_label = serializers.CharField()
    count = serializers.IntegerField(help_text="任务行总数")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    tasks = TaskRowSerializer(many=True)


class UnitCompletionSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    rollups = UnitRowSerializer(many=True, help_text="该单位作为牵头单位、下级政府的汇总")
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    tasks = UnitTaskRowSerializer(many=True)


def _int(params, name, label):
    try:
        return int(params[name])
    except (TypeError, ValueError):
        raise ValidationError({name: f"{label}必须是整数。"}) from None


def _snapshot_from(params):
    if params.get("snapshot"):
        snapshot_id = _int(params, "snapshot", "快照编号")
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
    plan_id = _int(params, "plan", "计划编号")
    try:
        snapshot = selectors.latest_snapshot_by(plan_id, *parse_period_label(params["period"]))
    except ValueError:
        snapshot = None
    if snapshot is not None:  # one query; what is missing is told apart below
        return snapshot
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    try:
        year, quarter = parse_period_label(params["period"])
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    period = plan.periods.filter(year=year, quarter=quarter).first()
    if period is None:
        raise NotFound(f"计划“{plan.title}”没有报告期{params['period']}。")
    snapshot = selectors.latest_snapshot(plan, period)
    if snapshot is None:
        raise NotFound(f"{plan.title} {period.label} 尚无完成率（尚未计算），请稍后再试。")
    return snapshot


def _page(request, rows, count=None):
    """(page rows, paging fields) of a queryset: ?page= (from 1), ?page_size= (up to
    MAX_PAGE_SIZE); `count`: the rows' number when known, else they are counted."""
    params = request.query_params
    size = _int(params, "page_size", "page_size") if params.get("page_size") else PAGE_SIZE
    number = _int(params, "page", "page") if params.get("page") else 1
    if size < 1 or number < 1:
        raise ValidationError({"page": "page 与 page_size 须为正整数。"})
    size = min(size, MAX_PAGE_SIZE)
    count = rows.count() if count is None else count
    start = (number - 1) * size
    if start and start >= count:
        raise NotFound("没有这一页。")

    def link(n):
        query = params.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    paging = {
        "count": count,
        "page": number,
        "page_size": size,
        "next": link(number + 1) if start + size < count else None,
        "previous": link(number - 1) if number > 1 else None,
    }
    return rows[start : start + size], paging


def _not_modified(request, snapshot_id, version, computed_at):
    """(ETag, Last-Modified, whether the request's If-None-Match / If-Modified-Since says the
    client has it) of a snapshot version."""
    etag = quote_etag(f"{snapshot_id}-{version}")
    modified = int(computed_at.timestamp())
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        unmodified = etag in [tag.strip() for tag in if_none_match.split(",")]
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        unmodified = since is not None and modified <= since
    return etag, http_date(modified), unmodified


def _tasks_counted(snapshot, params):
    """How many of the snapshot's task rows _filtered leaves, from the snapshot's totals
    (counted from the same rows when they were written: totals_write), or None when no total
    says it (a status and a light at once)."""
    statuses = {s for s in params.getlist("status") if s}
    light = params.get("light")
    if statuses and light:
        return None
    if light:
        return getattr(snapshot, light)
    if statuses:
        return sum(getattr(snapshot, s) for s in statuses)
    return snapshot.tasks


def _filtered(rows, params):
    statuses = [s for s in params.getlist("status") if s]
    if any(s not in STATUS_FIELDS for s in statuses):
        raise ValidationError({"status": f"状态须为：{'、'.join(STATUS_FIELDS)}。"})
    light = params.get("light")
    if light and light not in LIGHT_FIELDS:
        raise ValidationError({"light": f"亮灯须为：{'、'.join(LIGHT_FIELDS)}。"})
    if statuses:
        rows = rows.filter(status__in=statuses)
    if light:
        rows = rows.filter(light=light)
    return rows


class CompletionView(APIView):
    name = "完成率"

    @extend_schema(
        summary="计划某报告期的完成情况（快照）",
        parameters=[
            OpenApiParameter("plan", OpenApiTypes.INT, description="计划编号"),
            OpenApiParameter("period", OpenApiTypes.STR, description="报告期，如 2022Q3"),
            OpenApiParameter("snapshot", OpenApiTypes.INT, description="指定快照编号（可选）"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="只看该单位自己的任务行"),
            OpenApiParameter("status", OpenApiTypes.STR, many=True, description=STATUS_HELP),
            OpenApiParameter("light", OpenApiTypes.STR, description=LIGHT_HELP),
            OpenApiParameter("page", OpenApiTypes.INT, description="页码，从 1 开始"),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description=f"每页行数（默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}）",
            ),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="CompletionOrUnitCompletion",
                serializers=[CompletionSerializer, UnitCompletionSerializer],
                resource_type_field_name=None,
            ),
            304: OpenApiResponse(description="快照未变（If-None-Match / If-Modified-Since）"),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request):
        params = request.query_params
        snapshot = _snapshot_from(params)
        version = (snapshot.pk, snapshot.version, snapshot.computed_at)
        etag, modified, unmodified = _not_modified(request, *version)
        data = None
        if not unmodified:
            build = self._unit if params.get("unit") else self._plan
            data = figures_cache.built_from(
                [snapshot], [request.build_absolute_uri()], lambda: build(request, snapshot)
            )
            shown = data["snapshot"]
            if (shown["id"], shown["version"]) != version[:2]:
                # The answer another reader's build of this version replaces: its headers.
                computed_at = parse_datetime(shown["computed_at"])
                etag, modified, unmodified = _not_modified(
                    request, shown["id"], shown["version"], computed_at
                )
        if unmodified:
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(data)
        response["ETag"], response["Last-Modified"] = etag, modified
        response["Cache-Control"] = "private, no-cache"
        return response

    def _plan(self, request, snapshot):
        params = request.query_params
        rows, paging = _page(
            request,
            _filtered(selectors.api_task_rows(snapshot), params),
            count=_tasks_counted(snapshot, params),
        )
        rows = list(rows)
        lead_names = selectors.lead_names_of([row.task_id for row in rows])
        first = paging["page"] == 1
        data = {
            "snapshot": snapshot,
            "totals": snapshot,
            "sections": selectors.section_rows(snapshot) if first else None,
            "units": selectors.unit_rows(snapshot, "lead") if first else None,
            "counties": selectors.unit_rows(snapshot, "county") if first else None,
            "county_label": selectors.county_label(snapshot.plan),
            "tasks": rows,
            **paging,
        }
        return CompletionSerializer(data, context={"lead_names": lead_names}).data

    def _unit(self, request, snapshot):
        unit = get_object_or_404(Unit, pk=_int(request.query_params, "unit", "单位编号"))
        entries = _filtered(selectors.entry_rows(snapshot, unit=unit), request.query_params)
        rows, paging = _page(request, entries)
        data = {
            "snapshot": snapshot,
            "unit": unit.pk,
            "unit_name": unit.name,
            "rollups": selectors.unit_rows_of([snapshot], unit=unit),
            "tasks": rows,
            **paging,
        }
        return UnitCompletionSerializer(data).data
