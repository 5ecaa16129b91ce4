from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views import defaults

from progress import roles


@login_required
def home(request):
    """Each role's start page: reporters their unit's page (which leads to their tasks), the
    office its review queue."""
    if roles.is_reporting_user(request.user):
        return redirect("dashboards:unit", pk=roles.unit_of(request.user).pk)
    if roles.sees_everything(request.user):
        return redirect("progress:review")
    return redirect("progress:no_role")


# Errors Django answers itself (no route, a body too large, an exception outside DRF): under
# /api/ in the API's shape {"code", "message", "fields"}, elsewhere the Chinese pages of
# templates/ (404.html, 403.html, 400.html, 500.html).


def is_api(request):
    return request.path.startswith("/api/")


def api_error(status, code, message, fields=None):
    body = {"code": code, "message": message, "fields": fields or {}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def too_large_message():
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return f"请求内容过大（超过 {limit:g} MB 上限）。"


def too_large():
    return api_error(413, "request_too_large", too_large_message())


def bad_request(request, exception):
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return too_large()
        return api_error(400, "bad_request", "请求无法处理：格式或内容有误。")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return api_error(403, "forbidden", "您无权进行此操作。")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return api_error(
            404, "not_found", f"没有这个 API 地址：{request.path[:200]}（可用的地址见 /api/docs/）"
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return api_error(500, "server_error", "服务器内部错误，已记录。请稍后重试或联系管理员。")
    return defaults.server_error(request)
