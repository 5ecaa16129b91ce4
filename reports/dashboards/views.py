"""Dashboard pages. Everyone with a role sees the overview, task and region pages (read-only);
a unit's page is for the office, readers and that unit's own people. Each page can hand any
of its tables over as .xlsx (…/download/<table>/ with the page's query)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from plans.models import Region, Unit
from progress import roles
from reports import selectors
from reports.dashboards.detail import task_page, unit_page
from reports.dashboards.excel import download_name, xlsx_response
from reports.dashboards.links import may_open_unit
from reports.dashboards.overview import overview_page, task_list_page
from reports.dashboards.regions import region_page


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _no_role(request):
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，不能查看看板，请联系领导小组办公室。")
    return None


def _download(context, table_key, caption, *name_parts):
    """The table as .xlsx, named in Chinese after what it shows:
    黔东南州2022年度促进居民增收实施计划表_2022Q3_牵头单位排名.xlsx."""
    table = context["tables"].get(table_key)
    if table is None:
        raise Http404("没有这个表格")
    return xlsx_response(table, f"{caption} {table.title}", download_name(*name_parts, table.title))


def _page_url(request, name, *args):
    """The page's own URL with its query (download links keep the filters)."""
    url = reverse(name, args=args)
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url


def _plan(plan_key):
    plan = selectors.dashboard_plan(plan_key)
    if plan is None:
        raise Http404("没有这个计划")
    return plan


@login_required
def index(request):
    """/dashboard/: the chosen plan (?plan=, from the selector form) or the latest one."""
    if denied := _no_role(request):
        return denied
    key = request.GET.get("plan") or selectors.plan_with_latest_snapshot()
    if key is None:
        return render(request, "dashboards/empty.html")
    plan = _plan(key)
    url = reverse("dashboards:overview", args=[key])
    # A period chosen for the plan shown before is kept only if the chosen plan has it too.
    label = (request.GET.get("period") or "").strip().upper()
    if any(p.label == label for p in plan.periods.all()):
        url += f"?period={label}"
    return redirect(url)


@login_required
def overview(request, plan_key, table=None):
    if denied := _no_role(request):
        return denied
    plan = _plan(plan_key)
    page_url = _page_url(request, "dashboards:overview", plan_key)
    context = overview_page(request.user, plan, request.GET.get("period"), page_url, download=table)
    if table:
        label = context["period"].label if context["period"] else ""
        return _download(context, table, f"{plan.title} {label}", plan.title, label)
    return render(request, "dashboards/overview.html", context)


@login_required
def task_list(request, plan_key, table=None):
    if denied := _no_role(request):
        return denied
    plan = _plan(plan_key)
    page_url = _page_url(request, "dashboards:task_list", plan_key)
    context = task_list_page(request.user, plan, request.GET, page_url, full=bool(table))
    if table:
        label = context["period"].label if context["period"] else ""
        return _download(context, table, f"{plan.title} {label}", plan.title, label)
    return render(request, "dashboards/task_list.html", context)


@login_required
def task(request, pk, table=None):
    if denied := _no_role(request):
        return denied
    found = selectors.dashboard_task(pk)
    if found is None:
        raise Http404("没有这项任务")
    context = task_page(request.user, found, _page_url(request, "dashboards:task", pk))
    if table:
        caption = f"{found.plan.title} 任务{found.number}"
        return _download(context, table, caption, found.plan.title, f"任务{found.number}")
    return render(request, "dashboards/task.html", context)


@login_required
def unit(request, pk, table=None):
    if denied := _no_role(request):
        return denied
    found = get_object_or_404(Unit.objects.select_related("region"), pk=pk)
    if not may_open_unit(request.user, found.pk):
        return _forbidden(request, "您只能查看本单位的看板。")
    page_url = _page_url(request, "dashboards:unit", pk)
    context = unit_page(request.user, found, request.GET, page_url, full=table == "tasks")
    if table:
        plan, period = context.get("plan"), context.get("period")
        caption = " ".join(
            x for x in (found.name, plan and plan.title, period and period.label) if x
        )
        return _download(
            context, table, caption, found.name, plan and plan.title, period and period.label
        )
    return render(request, "dashboards/unit.html", context)


@login_required
def region_index(request):
    if denied := _no_role(request):
        return denied
    top = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if top is None:
        return render(request, "dashboards/empty.html")
    return redirect("dashboards:region", code=top.code)


@login_required
def region(request, code, table=None):
    if denied := _no_role(request):
        return denied
    found = get_object_or_404(Region.objects.select_related("parent__parent"), code=code)
    page_url = _page_url(request, "dashboards:region", code)
    context = region_page(request.user, found, request.GET, page_url)
    if table:
        return _download(context, table, found.name, found.name, context["period_label"])
    return render(request, "dashboards/region.html", context)
