"""Bulletins (通报) through the API: list and read them, ask for a new one (made in the
background), and download its workbook or 公文 (the renderers are in files.py)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from plans.models import Plan
from progress.api.serializers import ErrorSerializer
from progress.periods import parse_period_label
from reports import selectors
from reports.api.files import (
    DOCX_TYPE,
    FORMAT_HELP,
    XLSX_TYPE,
    DocxRenderer,
    DownloadNegotiation,
    FileRenderer,
    XlsxRenderer,
)
from reports.bulletins import DOCX, XLSX, bulletin_file, bulletin_request
from reports.models import Bulletin


class BulletinSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label")
    number = serializers.SerializerMethodField(help_text="文号，如 黔东南增收办〔2022〕3号")
    download = serializers.SerializerMethodField(help_text="Excel 工作簿")
    download_docx = serializers.SerializerMethodField(help_text="Word 公文")

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
            "number",
            "download",
            "download_docx",
        ]

    def get_number(self, bulletin) -> str | None:
        return bulletin.number.text if bulletin.number_id else None

    def _link(self, bulletin, query=""):
        request = self.context.get("request")
        path = f"/api/v1/bulletins/{bulletin.pk}/download/{query}"
        return request.build_absolute_uri(path) if request else path

    def get_download(self, bulletin) -> str | None:
        if bulletin.state != Bulletin.State.READY:
            return None
        return self._link(bulletin)

    def get_download_docx(self, bulletin) -> str | None:
        if bulletin.state != Bulletin.State.READY or not bulletin.document:
            return None
        return self._link(bulletin, f"?format={DOCX}")


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
        summary="下载通报：Excel 工作簿（默认）或 Word 公文（?format=docx）",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=[XLSX, DOCX], description=FORMAT_HELP)
        ],
        responses={
            (200, XLSX_TYPE): OpenApiTypes.BINARY,
            (200, DOCX_TYPE): OpenApiTypes.BINARY,
            (400, "application/json"): OpenApiResponse(
                ErrorSerializer, description="format 不是 xlsx 或 docx"
            ),
            (404, "application/json"): OpenApiResponse(
                ErrorSerializer, description="通报尚未生成，或生成时还没有 Word 版本"
            ),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[XlsxRenderer, DocxRenderer],
        content_negotiation_class=DownloadNegotiation,
    )
    def download(self, request, pk=None):
        handle, name = bulletin_file(self.get_object(), request.accepted_renderer.format)
        response = FileResponse(handle, as_attachment=True, filename=name)
        response["Content-Type"] = request.accepted_media_type
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        """An error of the download (404, a bad format) is JSON in the error shape like every
        other, not a file."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False) and isinstance(
            response.accepted_renderer, FileRenderer
        ):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
        return response
