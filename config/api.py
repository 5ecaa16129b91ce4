"""The REST API: the router under /api/v1/, the token endpoint, the OpenAPI schema and its
offline docs (Swagger UI from drf-spectacular-sidecar; not Redoc, whose page loads web fonts
from the internet), and the one exception handler that gives every error the same shape:
{"code": "...", "message": "中文说明", "fields": {...}}."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import include, path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from config.browsable import Router
from plans.api import PlanViewSet, RegionViewSet, SectionViewSet, UnitViewSet
from progress.api.serializers import ErrorSerializer
from progress.api.views import PeriodViewSet, ProgressReportViewSet
from progress.errors import ReportError
from reports.api import BulletinViewSet, CompletionView
from reports.exports.api import ReportsExportView
from tasks.api import TaskViewSet

# DRF's own codes, renamed where our services already use a word for the same thing.
CODES = {
    "authentication_failed": "not_authenticated",
    "permission_denied": "forbidden",
}
INVALID = "提交的数据有误，请按 fields 中的说明修改。"
MESSAGES = {
    "parse_error": "请求内容无法解析，请检查格式",
    "not_authenticated": "请先登录或提供有效的令牌（Authorization: Token …）",
    "forbidden": "您无权进行此操作",
    "not_found": "没有找到该对象",
    "method_not_allowed": "不支持该请求方法",
    "not_acceptable": "无法按请求的格式返回",
    "unsupported_media_type": "不支持该请求内容类型",
    "throttled": "请求过于频繁，请稍后再试",
}
CSRF_FAILED = "CSRF 校验失败：网页提交须带 CSRF 令牌，API 客户端请改用令牌认证"


def _chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _message(code, detail):
    """DRF's own message where it is in Chinese, else ours with DRF's in brackets."""
    detail = str(detail or "")
    if _chinese(detail):
        return detail
    general = (
        CSRF_FAILED if detail.startswith("CSRF Failed") else MESSAGES.get(code, "请求无法处理")
    )
    return f"{general}（{detail}）" if detail else f"{general}。"


def _plain(detail):
    """DRF error details as plain values: a list of messages becomes one sentence."""
    if isinstance(detail, dict):
        return {str(key): _plain(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return "；".join(str(item) for item in detail)
        return [_plain(item) for item in detail]
    return str(detail)


def _body(code, message, fields=None):
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc, context):
    """Domain errors of progress/errors.py with their own code and status; DRF and Django
    errors with DRF's status (400, 401, 403, 404, 405, 415, 429). Anything else is a bug
    and stays a 500."""
    if isinstance(exc, ReportError):
        set_rollback()
        return Response(_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = _plain(detail)
        general = fields.get("non_field_errors")
        response.data = _body("invalid", general if isinstance(general, str) else INVALID, fields)
        return response
    code = CODES.get(exc.default_code, exc.default_code)
    detail = exc.detail if isinstance(exc.detail, str) else None
    response.data = _body(code, _message(code, detail))
    return response


class UsernameRateThrottle(SimpleRateThrottle):
    """Attempts on one user name from any address, at the "login" rate: guessing one
    person's password from many addresses is throttled too."""

    scope = "login"

    def get_cache_key(self, request, view):
        data = request.data if isinstance(request.data, dict) else {}
        username = str(data.get("username", "")).strip().lower()
        return self.cache_format % {"scope": "login-username", "ident": username}


class TokenView(ObtainAuthToken):
    """POST username and password, get the token to send as `Authorization: Token …`.
    Throttled per address and per user name (rate "login"): too many attempts get 429."""

    name = "换取令牌"
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle, UsernameRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        summary="用用户名和密码换取令牌",
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(ErrorSerializer, description="用户名或密码错误"),
            429: OpenApiResponse(ErrorSerializer, description="尝试过于频繁（throttled）"),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


router = Router()
router.register("regions", RegionViewSet, basename="region")
router.register("units", UnitViewSet, basename="unit")
router.register("plans", PlanViewSet, basename="plan")
router.register("sections", SectionViewSet, basename="section")
router.register("tasks", TaskViewSet, basename="task")
router.register("periods", PeriodViewSet, basename="period")
router.register("progress", ProgressReportViewSet, basename="progress")
router.register("bulletins", BulletinViewSet, basename="bulletin")

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("completion/", CompletionView.as_view(), name="completion"),
    path("exports/reports/", ReportsExportView.as_view(), name="export_reports"),
    *router.urls,
]

urlpatterns = [
    path("api/v1/", include((v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
