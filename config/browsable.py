"""The browsable API in Chinese: the API root is 接口目录 (not DRF's "Api Root"), and every
view is named from its model's verbose name and its action (单位列表, 进展报告·报送) rather
than from its class name ("Unit List"). Descriptions shown there are the views' Chinese
`description_zh` only; the English docstrings are for developers (the OpenAPI schema keeps
its own Chinese summaries)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import routers

SUFFIXES = {"List": "列表", "Instance": "详情"}
ACTIONS = {
    "list": "列表",
    "retrieve": "详情",
    "create": "新建",
    "update": "修改",
    "partial_update": "修改",
    "destroy": "删除",
    "submit": "报送",
    "approve": "审核通过",
    "return_": "退回",
    "history": "修改历史",
    "asked": "本期要求填报的目标",
    "download": "下载",
}


def view_name(view):
    """VIEW_NAME_FUNCTION: the view's own Chinese `name`, else its model's verbose name with
    the action (列表, 详情, 报送 …), else 接口."""
    name = getattr(view, "name", None)
    if name and any("\u4e00" <= ch <= "\u9fff" for ch in name):
        return name
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(meta, "model", None)
    base = str(model._meta.verbose_name) if model is not None else "接口"
    action = getattr(view, "action", None)
    label = ACTIONS.get(action) or SUFFIXES.get(getattr(view, "suffix", None) or "", "")
    if action and action not in ("list", "retrieve") and label:
        return f"{base}·{label}"
    return f"{base}{label}"


def view_description(view, html=False):
    """VIEW_DESCRIPTION_FUNCTION: the view's `description_zh` (plain text), else nothing."""
    text = getattr(view, "description_zh", "")
    return mark_safe(f"<p>{escape(text)}</p>") if html and text else text


class APIRootView(routers.APIRootView):
    name = "接口目录"
    description_zh = (
        "计划任务跟踪系统接口（第1版）：区划、单位、计划、部分、任务、报告期、进展报告、"
        "完成率、通报与报告导出。用令牌认证（Authorization: Token …，由 /api/v1/auth/token/ "
        "换取）；接口说明见 /api/docs/。"
    )


class Router(routers.DefaultRouter):
    APIRootView = APIRootView


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with each filter's form field built for this filter set. A
    filter caches its form field; drf-spectacular reads the field of the class's filters
    (which know no model, so no verbose name) while making the schema, and the cached field
    would then label the browsable API's filter form "Level" rather than 层级."""

    def filter_queryset(self, request, queryset, view):
        """A list's filters apply to the list. An object named by its id (a viewset's detail
        routes: retrieve, update, submit, approve …) is found without them: building and
        checking the filter set cost such a request about a tenth of its time."""
        if getattr(view, "detail", False):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for each in filterset.filters.values():
                each.__dict__.pop("_field", None)
        return filterset
