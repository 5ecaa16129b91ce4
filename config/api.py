"""The REST API: the router under /api/v1/, the token endpoint, the OpenAPI schema and its
offline docs (Swagger UI from drf-spectacular-sidecar; not Redoc, whose page loads web fonts
from the internet), and the one exception handler that gives every error the same shape:
{"code": "...", "message": "中文说明", "fields": {...}}."""

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import include, path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from config import doors
from config.browsable import Router
from config.views import too_large_message
from plans.api import PlanViewSet, RegionViewSet, SectionViewSet, UnitViewSet
from progress.api.closure import TaskCloseView, TaskReopenView
from progress.api.instructions import TaskInstructionsView
from progress.api.periods import PeriodViewSet
from progress.api.reports import ProgressReportViewSet
from progress.api.serializers import ErrorSerializer
from progress.api.shares import TargetShareViewSet
from progress.api.tokens import token_issue
from progress.errors import ReportError
from reports.api import BulletinViewSet, CompletionView
from reports.exports.api import ReportsExportView
from reports.supervision.api import ReminderViewSet
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
SERVER_ERROR = "服务器内部错误，已记录。请稍后重试或联系管理员。"
request_logger = logging.getLogger("django.request")


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
    errors with DRF's status (400, 401, 403, 404, 405, 415, 429); a body too large 413.
    Anything else is a bug: logged with its traceback (as Django logs one) and answered 500
    in the same shape."""
    if isinstance(exc, ReportError):
        set_rollback()
        return Response(_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        return Response(_body("request_too_large", too_large_message()), status=413)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        request = context.get("request")
        request_logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        set_rollback()
        return Response(_body("server_error", SERVER_ERROR), status=500)
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


class TokenView(ObtainAuthToken):
    """POST username and password, get the token to send as `Authorization: Token …`; it is
    valid for API_TOKEN_DAYS and dies with a password change. Wrong passwords count towards
    the lockout of the account and of the client address (config/doors.py), shared with the
    login page; requests per address are throttled at the "login" rate. Both answer 429."""

    name = "换取令牌"
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [doors.ClientAddressThrottle]
    throttle_scope = "login"

    @extend_schema(
        summary="用用户名和密码换取令牌",
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(ErrorSerializer, description="用户名或密码错误"),
            429: OpenApiResponse(ErrorSerializer, description="尝试过于频繁或失败次数过多"),
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        username = str(data.get("username") or "")
        if doors.login_locked(request, username):
            locked = exceptions.Throttled(detail=doors.lockout_message())
            locked.wait = settings.LOGIN_LOCKOUT_SECONDS
            raise locked
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if username and data.get("password"):
                doors.login_failed(request, username)
            raise exceptions.ValidationError(serializer.errors)
        doors.login_succeeded(request, username)
        return Response({"token": token_issue(user=serializer.validated_data["user"]).key})


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for signed-in users; its start script is a separate request (no inline
    script under the Content-Security-Policy), and a person not signed in is sent to log in."""

    template_name = "api/swagger_ui.html"

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


router = Router()
router.register("regions", RegionViewSet, basename="region")
router.register("units", UnitViewSet, basename="unit")
router.register("plans", PlanViewSet, basename="plan")
router.register("sections", SectionViewSet, basename="section")
router.register("tasks", TaskViewSet, basename="task")
router.register("periods", PeriodViewSet, basename="period")
router.register("progress", ProgressReportViewSet, basename="progress")
router.register("target-shares", TargetShareViewSet, basename="target-share")
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("reminders", ReminderViewSet, basename="reminder")

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("completion/", CompletionView.as_view(), name="completion"),
    path("exports/reports/", ReportsExportView.as_view(), name="export_reports"),
    path("tasks/<int:pk>/close/", TaskCloseView.as_view(), name="task-close"),
    path("tasks/<int:pk>/reopen/", TaskReopenView.as_view(), name="task-reopen"),
    path("tasks/<int:pk>/instructions/", TaskInstructionsView.as_view(), name="task-instructions"),
    *router.urls,
]

urlpatterns = [
    path("api/v1/", include((v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
