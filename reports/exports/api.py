"""GET /api/v1/exports/reports/?plan=ID&period=2022Q3&format=xlsx|csv: every report of a
plan-period in long format, as a file (reports.exports.reports). The office and readers get
every unit's reports, a unit's reporters and leaders their unit's only. Errors are the usual
JSON {code, message, fields}, whatever format was asked for."""

from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from plans.models import Plan
from progress.api.serializers import ErrorSerializer
from progress.periods import parse_period_label
from reports.exports.renderers import XLSX, CSVRenderer, XLSXRenderer
from reports.exports.reports import COLUMNS, export_filename, reports_frame

FORMATS = {"xlsx": XLSXRenderer, "csv": CSVRenderer}


def plan_period(params):
    """(plan, period) of ?plan=ID&period=2022Q3; 400 for missing or malformed values, 404 for
    a plan or period that is not there."""
    errors = {}
    if not params.get("plan"):
        errors["plan"] = "请提供计划编号 plan。"
    if not params.get("period"):
        errors["period"] = "请提供报告期 period，如 2022Q3。"
    if errors:
        raise ValidationError(errors)
    try:
        plan_id = int(params["plan"])
    except (TypeError, ValueError):
        raise ValidationError({"plan": "计划编号必须是整数。"}) from None
    try:
        year, quarter = parse_period_label(params["period"])
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    period = plan.periods.filter(year=year, quarter=quarter).first()
    if period is None:
        raise NotFound(f"计划“{plan.title}”没有报告期{params['period']}。")
    return plan, period


class ReportsExportView(APIView):
    name = "进展报告明细导出"
    description_zh = (
        "一个计划某报告期的全部进展报告，每份报告的每个考核目标一行（长表），下载为 Excel 或 CSV。"
    )
    renderer_classes = [XLSXRenderer, CSVRenderer]

    def perform_content_negotiation(self, request, force=False):
        wanted = request.query_params.get("format")
        if wanted and wanted not in FORMATS and not force:
            raise ValidationError({"format": "格式须为 xlsx 或 csv。"})
        return super().perform_content_negotiation(request, force)

    def finalize_response(self, request, response, *args, **kwargs):
        # An error is JSON whatever file was asked for: a client reads {code, message}.
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        summary="导出计划某报告期的全部进展报告（长表，Excel 或 CSV）",
        description=(
            "每份报告的每个考核目标一行；无数值目标的报告（或未分解目标的下级政府）一行。"
            "列：" + "、".join(label for _, label in COLUMNS) + "。"
            "金额与数量为存储单位（见“计量单位”列），时间为北京时间；"
            "本单位完成率、状态、亮灯取自该报告期最新的完成率快照。"
            "领导小组办公室与只读用户得到全部单位的报告，填报单位只得到本单位的。"
        ),
        parameters=[
            OpenApiParameter("plan", OpenApiTypes.INT, required=True, description="计划编号"),
            OpenApiParameter(
                "period", OpenApiTypes.STR, required=True, description="报告期，如 2022Q3"
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=list(FORMATS),
                description="文件格式：xlsx（默认）或 csv（UTF-8，带 BOM）",
            ),
        ],
        responses={
            (200, XLSX): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            400: OpenApiResponse(ErrorSerializer, description="参数缺失或格式不对"),
            403: OpenApiResponse(ErrorSerializer, description="没有角色的账号"),
            404: OpenApiResponse(ErrorSerializer, description="没有该计划或报告期"),
        },
    )
    def get(self, request):
        plan, period = plan_period(request.query_params)
        frame = reports_frame(request.user, plan, period)
        name = export_filename(plan, period, request.accepted_renderer.format)
        response = Response(frame)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
