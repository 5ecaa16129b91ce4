"""API views of progress reports: /api/v1/progress/, the reports, their review (one or
many at a time), the targets a report is asked for, its history and its attachments (佐证材料).
Every change goes through progress/services.py; its errors become the API's error shape in
config/api.py's exception handler."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from plans.models import Unit
from progress import roles, selectors, services
from progress.api.filters import ReportFilter
from progress.api.pagination import KeysFirstPagination
from progress.api.permissions import HasRole, ReportAccess
from progress.api.serializers import (
    AskedSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BulkApproveSerializer,
    BulkResultsSerializer,
    BulkReturnSerializer,
    ErrorSerializer,
    ReportContentSerializer,
    ReportCreateSerializer,
    ReportEventSerializer,
    ReportReviewSerializer,
    ReportSerializer,
    ReportSubmitSerializer,
    ReportUpdateSerializer,
)
from progress.evidence_views import file_response
from progress.models import Attachment, ProgressReport
from tasks.models import Task


def _error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


WRITE_ERRORS = {
    400: _error("输入有误（invalid），fields 说明各字段的问题"),
    401: _error("未登录（not_authenticated）"),
    403: _error("无权操作（forbidden）"),
    404: _error("报告不存在（not_found）"),
    409: _error("版本已过期（conflict）或报告期已关闭（period_closed）"),
}


ATTACHMENT_ID = OpenApiParameter(
    "aid", OpenApiTypes.INT, OpenApiParameter.PATH, description="佐证材料 id"
)


def _pk(params, name):
    """A positive id from the query; 400 for anything else."""
    value = str(params.get(name, ""))
    if not value.isdigit() or len(value) > 18:
        raise serializers.ValidationError({name: "必须是正整数编号。"})
    return int(value)


def _base_reports():
    """A report with what ReportSerializer shows of its task, unit and period. Only those are
    joined: each request reads a report once or twice, and PostgreSQL took longer to plan the
    join of six tables (the plan and the reviewer too) than to run it."""
    return ProgressReport.objects.select_related("task", "unit", "period").prefetch_related(
        "values"
    )


@extend_schema_view(
    list=extend_schema(summary="进展报告列表（填报人与单位负责人只看到本单位的报告）"),
    retrieve=extend_schema(summary="一份进展报告"),
)
class ProgressReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """进展报告：一个单位就一项任务在一个报告期的报告。"""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    permission_classes = [HasRole, ReportAccess]
    pagination_class = KeysFirstPagination

    def get_queryset(self):
        if self.action == "list":
            # On the (period, task, unit) index: a page never sorts the whole period.
            return selectors.reports_visible_to(self.request.user).order_by(
                "period_id", "task_id", "unit_id"
            )
        # Other units' reports are found, then refused (403) by ReportAccess.
        if self.action == "retrieve":
            return _base_reports()
        # A write, its history or attachments: the report with its task, unit and period, not
        # its values (a write reads them again, locked, and shows the report read anew).
        return ProgressReport.objects.select_related("task", "unit", "period")

    def _written(self, write, code=status.HTTP_200_OK):
        """Make `write` (a call of progress.services that returns the report) and answer with
        the report as it wrote it, read again before its transaction ends, under its lock.
        Read after the commit, a write that came at once after it was shown instead: a client
        that took that version for its own would overwrite the other write unseen (the load
        bench found two such answers in 1,500 writes)."""
        with transaction.atomic():
            written = write()
            report = _base_reports().get(pk=written.pk)
        return Response(ReportSerializer(report, context={"request": self.request}).data, code)

    @extend_schema(
        summary="新建进展报告（草稿）",
        request=ReportCreateSerializer,
        responses={201: ReportSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        given = ReportCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        task, period = data.pop("task"), data.pop("period")
        unit = data.pop("unit", None) or roles.unit_of(request.user)
        if unit is None:
            raise serializers.ValidationError({"unit": "请指定报送单位（unit）。"})
        return self._written(
            lambda: services.report_save(
                user=request.user, task=task, unit=unit, period=period, data=data
            ),
            status.HTTP_201_CREATED,
        )

    def _update(self, request, *, whole):
        report = self.get_object()
        given = ReportUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        version = data.pop("version")
        if whole:
            data = {**ReportContentSerializer.EMPTY, **data}
        return self._written(
            lambda: services.report_save(
                user=request.user,
                task=report.task,
                unit=report.unit,
                period=report.period,
                data=data,
                version=version,
            )
        )

    @extend_schema(
        summary="修改进展报告（全部内容；未给出的部分清空）",
        request=ReportUpdateSerializer,
        responses={200: ReportSerializer, **WRITE_ERRORS},
    )
    def update(self, request, pk=None):
        return self._update(request, whole=True)

    @extend_schema(
        summary="修改进展报告（只改给出的部分）",
        request=ReportUpdateSerializer,
        responses={200: ReportSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        return self._update(request, whole=False)

    @extend_schema(
        summary="报送",
        request=ReportSubmitSerializer,
        responses={200: ReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        given = ReportSubmitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        version = given.validated_data["version"]
        return self._written(
            lambda: services.report_submit(user=request.user, report=report, version=version)
        )

    @extend_schema(
        summary="审核通过（领导小组办公室）",
        request=ReportReviewSerializer,
        responses={200: ReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = self.get_object()
        given = ReportReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        review = given.validated_data
        return self._written(
            lambda: services.report_approve(user=request.user, report=report, **review)
        )

    @extend_schema(
        summary="退回（领导小组办公室，须写明意见）",
        request=ReportReviewSerializer,
        responses={200: ReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        given = ReportReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        review = given.validated_data
        return self._written(
            lambda: services.report_return(user=request.user, report=report, **review)
        )

    def _results(self, results):
        rows = [
            {"id": r.id, "status": r.status, "code": r.code, "message": r.message} for r in results
        ]
        return Response(BulkResultsSerializer({"results": rows}).data)

    @extend_schema(
        summary="批量审核通过（领导小组办公室）：逐份处理，逐份答复",
        description="每份报告单独审核、单独记入历史；某份不能通过（本人填写或报送过、版本已变、"
        "状态不允许）不影响其他报告。即使全部未通过也返回 200，原因见各项的 code 与 message。",
        request=BulkApproveSerializer,
        responses={
            200: BulkResultsSerializer,
            400: WRITE_ERRORS[400],
            401: WRITE_ERRORS[401],
            403: WRITE_ERRORS[403],
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk-approve",
        url_name="bulk-approve",
        filter_backends=[],
        pagination_class=None,
    )
    def bulk_approve(self, request):
        given = BulkApproveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._results(
            services.report_approve_many(user=request.user, **given.validated_data)
        )

    @extend_schema(
        summary="批量退回（领导小组办公室，一条退回意见）：逐份处理，逐份答复",
        description="每份报告各记一次退回（意见相同）；某份不能退回不影响其他报告。",
        request=BulkReturnSerializer,
        responses={
            200: BulkResultsSerializer,
            400: WRITE_ERRORS[400],
            401: WRITE_ERRORS[401],
            403: WRITE_ERRORS[403],
        },
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="bulk-return",
        url_name="bulk-return",
        filter_backends=[],
        pagination_class=None,
    )
    def bulk_return(self, request):
        given = BulkReturnSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        return self._results(services.report_return_many(user=request.user, **given.validated_data))

    @extend_schema(
        summary="本期要求填报的数值目标（只接受这些目标的实际值）",
        parameters=[
            OpenApiParameter("task", OpenApiTypes.INT, required=True, description="任务 id"),
            OpenApiParameter("period", OpenApiTypes.STR, required=True, description="如 2022Q3"),
            OpenApiParameter(
                "unit", OpenApiTypes.INT, description="报送单位 id；填报人省略时为本单位"
            ),
        ],
        responses={200: AskedSerializer(many=True), 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def asked(self, request):
        params = request.query_params
        errors = {name: "必填" for name in ("task", "period") if not params.get(name)}
        if errors:
            raise serializers.ValidationError(errors)
        task = get_object_or_404(Task.objects.select_related("plan"), pk=_pk(params, "task"))
        try:
            period = selectors.period_get(task.plan, params["period"])
        except ValueError as exc:
            raise serializers.ValidationError({"period": str(exc)}) from None
        if period is None:
            raise serializers.ValidationError({"period": "该任务的计划没有这个报告期。"})
        unit = (
            get_object_or_404(Unit, pk=_pk(params, "unit"))
            if params.get("unit")
            else roles.unit_of(request.user)
        )
        if unit is None:
            raise serializers.ValidationError({"unit": "请指定报送单位（unit）。"})
        asked = selectors.asked_targets(task, unit, period)
        return Response(AskedSerializer(asked, many=True).data)

    @extend_schema(
        summary="报告的历史：谁、何时、做了什么、改了什么",
        responses=ReportEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        report = self.get_object()
        page = self.paginate_queryset(selectors.report_history(report))
        return self.get_paginated_response(ReportEventSerializer(page, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="报告的佐证材料",
        responses={200: AttachmentSerializer(many=True), 403: _error("无权查看（forbidden）")},
    )
    @extend_schema(
        methods=["POST"],
        summary="上传佐证材料（multipart/form-data，字段 file；草稿或被退回时）",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            **WRITE_ERRORS,
            400: _error("文件类型不在允许范围、已损坏或与扩展名不符（invalid_file）"),
            409: _error(
                "报告已报送或审核（conflict）、报告期已关闭（period_closed）、"
                "文件已上传过（conflict）或已达数量上限（too_many_files）"
            ),
            413: _error("文件过大（too_large）"),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        report = self.get_object()
        context = {"request": request}
        if request.method == "POST":
            given = AttachmentUploadSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            attachment = services.attachment_add(
                user=request.user, report=report, file=given.validated_data["file"]
            )
            return Response(
                AttachmentSerializer(attachment, context=context).data, status.HTTP_201_CREATED
            )
        found = selectors.attachments_of(report)
        return Response(AttachmentSerializer(found, many=True, context=context).data)

    @extend_schema(
        summary="删除佐证材料（草稿或被退回时）",
        parameters=[ATTACHMENT_ID],
        request=None,
        responses={204: None, **WRITE_ERRORS, 404: _error("报告或佐证材料不存在（not_found）")},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<aid>[0-9]+)",
        url_name="attachment",
    )
    def attachment(self, request, pk=None, aid=None):
        report = self.get_object()
        found = get_object_or_404(Attachment, pk=aid, report=report)
        services.attachment_remove(user=request.user, attachment=found)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="下载佐证材料（原文件名）",
        parameters=[ATTACHMENT_ID],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="文件内容；Content-Type 为上传时识别的类型"
            ),
            403: _error("无权查看（forbidden）"),
            404: _error("不存在（not_found）"),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<aid>[0-9]+)/download",
        url_name="attachment-download",
        filter_backends=[],
        pagination_class=None,
    )
    def attachment_download(self, request, pk=None, aid=None):
        report = self.get_object()
        return file_response(get_object_or_404(Attachment, pk=aid, report=report))
