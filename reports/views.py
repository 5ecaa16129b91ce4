"""Pages of the reports room: the reminders and supervision notices (催办提醒), the bulletins
(通报) with their downloads, and the office's wording of a plan's bulletin."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from plans.models import Plan
from progress import roles
from progress.errors import ReportError
from progress.periods import parse_period_label
from reports import selectors
from reports.bulletin_docx.placeholders import PLACEHOLDERS
from reports.bulletin_templates import bulletin_template_of, bulletin_template_save
from reports.bulletins import FORMATS, XLSX, bulletin_file, bulletin_request
from reports.models import Bulletin, Reminder


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _reminder_filters(request):
    """{kind, year, quarter} from ?kind=yellow&period=2022Q3; a bad period is reported."""
    kind = request.GET.get("kind", "")
    filters = {"kind": kind if kind in Reminder.Kind.values else None}
    label = request.GET.get("period", "").strip()
    if label:
        try:
            filters["year"], filters["quarter"] = parse_period_label(label)
        except ValueError as exc:
            messages.error(request, str(exc))
    return filters


@login_required
def reminders(request):
    """The reminders the user may see: a unit's own, or all for the office and readers."""
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，无权查看催办提醒。")
    filters = _reminder_filters(request)
    reminders = selectors.reminders_visible_to(request.user, **filters)
    page = Paginator(reminders, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/reminders.html",
        {
            "page": page,
            "kinds": Reminder.Kind.choices,
            "kind": filters["kind"] or "",
            "period": request.GET.get("period", "").strip(),
            "query": query.urlencode(),
            "days_before": settings.REMINDER_DAYS_BEFORE,
            "red_days": settings.RED_NOTICE_DAYS_OVERDUE,
            "is_office": roles.is_office(request.user),
        },
    )


def _plan_and_period(request, source):
    """(plans, plan, period) chosen by ?plan=<key>&period=2022Q3, defaulting to the latest."""
    plans = list(Plan.objects.select_related("region").order_by("-year_start", "key"))
    plan = next((p for p in plans if p.key == source.get("plan")), plans[0] if plans else None)
    period = None
    if plan and source.get("period"):
        try:
            year, quarter = parse_period_label(source["period"])
            period = plan.periods.filter(year=year, quarter=quarter).first()
        except ValueError as exc:
            messages.error(request, str(exc))
    if plan and period is None:
        period = selectors.default_period(plan)
    return plans, plan, period


def _requested_plan_and_period(source):
    """The plan and period a POST names exactly, or (None, None): a bulletin is never made
    for a plan or period other than the one asked for."""
    plan = Plan.objects.filter(key=source.get("plan", "")).first()
    try:
        year, quarter = parse_period_label(source.get("period", ""))
    except ValueError:
        return None, None
    period = plan.periods.filter(year=year, quarter=quarter).first() if plan else None
    return (plan, period) if period else (None, None)


@login_required
def bulletins(request):
    """Bulletins of a plan: the list with downloads; the office asks for a new one here and
    sees its progress while the job runs (the page refreshes itself until it is ready)."""
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，无权查看通报。")
    if request.method == "POST":
        plan, period = _requested_plan_and_period(request.POST)
        if plan is None:
            messages.error(request, "请选择有效的计划和报告期，未生成通报。")
            return redirect(request.path)
        try:
            bulletin_request(user=request.user, plan=plan, period=period)
        except ReportError as error:
            return _forbidden(request, error.message)
        messages.success(request, f"已开始生成 {plan.title} {period.label} 通报，完成后可下载。")
        return redirect(f"{request.path}?plan={plan.key}&period={period.label}")
    plans, plan, period = _plan_and_period(request, request.GET)
    items = list(selectors.bulletins_for(plan=plan)) if plan else []
    # A bulletin still marked running long after it started was lost with its worker; the
    # page stops refreshing for it (the next job run or the schedule takes it up).
    recent = timezone.now() - datetime.timedelta(minutes=10)
    working = any(
        b.state == "pending" or (b.state == "running" and b.started_at and b.started_at > recent)
        for b in items
    )
    return render(
        request,
        "reports/bulletins.html",
        {
            "plans": plans,
            "plan": plan,
            "period": period,
            "periods": plan.periods.all() if plan else [],
            "bulletins": items,
            "working": working,
        },
    )


@login_required
def bulletin_download(request, pk):
    """The bulletin's workbook, or its 公文 with ?format=docx."""
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，无权下载通报。")
    kind = request.GET.get("format", XLSX)
    if kind not in FORMATS:
        raise Http404("下载格式只能是 xlsx（Excel）或 docx（Word 公文）")
    bulletin = get_object_or_404(Bulletin.objects.select_related("plan", "period", "number"), pk=pk)
    handle, name = bulletin_file(bulletin, kind)
    return FileResponse(handle, as_attachment=True, filename=name)


TEMPLATE_FIELDS = (
    ("office_name", "发文机关", "发文机关标志与版记中的名称"),
    ("number_prefix", "发文字号机关代字", "文号为 代字〔年份〕序号号，年份和序号由系统编排"),
    ("title", "标题", ""),
    ("recipients", "主送机关", "末尾的全角冒号由系统加上"),
    ("opening", "开头", "正文第一段"),
    ("requirements", "工作要求", "“下一步工作要求”一节，一行一段；以（一）开头的段落首句用楷体"),
    ("closing", "结束语", "如“特此通报。”"),
    ("signature", "落款", "发文机关署名，成文日期由系统加上"),
)


@login_required
def bulletin_template(request):
    """The office edits the wording of a plan's 通报 (?plan=<key>): fixed text with
    placeholders for the figures; unknown placeholders are refused, nothing is half saved."""
    if not roles.is_office(request.user):
        return _forbidden(request, "只有领导小组办公室可以修改通报模板。")
    source = request.POST if request.method == "POST" else request.GET
    plans, plan, _period = _plan_and_period(request, {"plan": source.get("plan", "")})
    if plan is None:
        return _forbidden(request, "还没有载入任何计划。")
    template = bulletin_template_of(plan)
    values = {field: getattr(template, field) for field, _label, _help in TEMPLATE_FIELDS}
    errors = {}
    if request.method == "POST":
        values = {field: request.POST.get(field, "") for field in values}
        try:
            bulletin_template_save(user=request.user, plan=plan, data=values)
        except ReportError as error:
            errors = error.fields
            messages.error(request, error.message)
        else:
            messages.success(request, f"已保存 {plan.title} 的通报模板，下次生成通报时使用。")
            return redirect(f"{request.path}?plan={plan.key}")
    fields = [
        {
            "name": name,
            "label": label,
            "help": help_text,
            "value": values[name],
            "error": errors.get(name, ""),
            "long": name in ("opening", "requirements"),
        }
        for name, label, help_text in TEMPLATE_FIELDS
    ]
    return render(
        request,
        "reports/bulletin_template.html",
        {
            "plans": plans,
            "plan": plan,
            "fields": fields,
            "saved": template.pk is not None,
            "template": template,
            "placeholders": PLACEHOLDERS.items(),
        },
        status=400 if errors else 200,
    )


@login_required
def closures(request):
    """The office's list of completed tasks awaiting 办结销号, plan by plan."""
    if not roles.is_office(request.user):
        return _forbidden(request, "只有领导小组办公室可以办结销号。")
    plans = list(Plan.objects.select_related("region").order_by("-year_start", "key"))
    plan = next((p for p in plans if p.key == request.GET.get("plan")), plans[0] if plans else None)
    rows = selectors.tasks_awaiting_closure(plan) if plan else []
    return render(
        request,
        "reports/closures.html",
        {"plans": plans, "plan": plan, "rows": rows, "next": request.get_full_path()},
    )
