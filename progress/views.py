"""Reporting pages: my tasks, the report form, a report with its history and its review,
periods, task closure, and the Excel template download and upload. (The review queue shows
figures, so it lives in reports/review/.)"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from config.redirects import back_to
from plans.models import Plan, Unit
from progress import roles, selectors, services
from progress.errors import Conflict, NotAllowed, ReportError
from progress.forms import ReportForm, ReviewForm, UploadForm
from progress.models import Period, ProgressReport
from progress.periods import days_left, days_overdue
from progress.text import text_limit
from tasks.models import Task


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _plan_period(plan_key, label):
    plan = get_object_or_404(Plan, key=plan_key)
    try:
        period = selectors.period_get(plan, label)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    if period is None:
        raise Http404(f"计划没有报告期 {label}")
    return plan, period


def _id_or_404(value):
    """A row id from a query or form, or a 404 for anything that is not one."""
    if not str(value or "").isdigit() or len(str(value)) > 18:
        raise Http404("编号无效")
    return int(value)


def _read_only(user, period):
    """A closed period is read-only on every page for everyone but the office (which may
    still correct a report)."""
    return period is not None and not period.is_open and not roles.is_office(user)


def _deadline(period):
    """What the pages say about the deadline: days overdue (0 before it passes) and days left
    (None once it passed), for reports not yet submitted."""
    if period is None:
        return {"overdue_days": 0, "days_left": None}
    return {
        "overdue_days": days_overdue(period.deadline),
        "days_left": days_left(period.deadline),
    }


def _acting_unit(request):
    """The unit a page acts for: the user's own, or ?unit= for the office and readers."""
    if roles.is_reporting_user(request.user):
        return roles.unit_of(request.user)
    unit_id = request.GET.get("unit") or request.POST.get("unit")
    if roles.sees_everything(request.user) and unit_id:
        return get_object_or_404(Unit, pk=_id_or_404(unit_id))
    return None


@login_required
def no_role(request):
    return _forbidden(request, "您的账号尚未分配角色，请联系领导小组办公室。")


@login_required
def my_tasks(request):
    """A reporter's tasks in a period, each with its quarterly plan and report state."""
    unit = _acting_unit(request)
    if unit is None:
        return (
            _forbidden(request, "只有填报单位的用户有“我的任务”。")
            if not roles.sees_everything(request.user)
            else redirect("home")
        )
    plans = list(selectors.plans_for_unit(unit))
    if not plans:
        return render(request, "progress/my_tasks.html", {"unit": unit, "plans": []})
    plan = next((p for p in plans if p.key == request.GET.get("plan")), plans[0])
    period = None
    if request.GET.get("period"):
        try:
            period = selectors.period_get(plan, request.GET["period"])
        except ValueError as exc:
            messages.error(request, str(exc))
    period = period or selectors.current_period(plan)
    rows = selectors.my_tasks(unit, period) if period else []
    return render(
        request,
        "progress/my_tasks.html",
        {
            "unit": unit,
            "plans": plans,
            "plan": plan,
            "period": period,
            "periods": plan.periods.all(),
            "rows": rows,
            "returned": [
                r for _t, _roles, r in rows if r and r.state == ProgressReport.State.RETURNED
            ],
            "upload_form": UploadForm(),
            "read_only": _read_only(request.user, period),
            **_deadline(period),
            # 目标分解: a lead unit's people divide the targets of the tasks their unit leads.
            "divides_targets": roles.is_reporting_user(request.user)
            and bool(selectors.share_tasks(request.user, plan)),
        },
    )


@login_required
def report_form(request, plan_key, period_label, number):
    """The form for one unit's report on one task, with the quarter's plan beside it."""
    plan, period = _plan_period(plan_key, period_label)
    task = get_object_or_404(Task.objects.select_related("section"), plan=plan, number=number)
    unit = _acting_unit(request)
    if unit is None:
        return _forbidden(request, "请先选择报送单位。")
    can_write = roles.may_report(request.user, task=task, unit=unit)
    if not can_write and not roles.sees_everything(request.user):
        return _forbidden(request, "您的单位没有承担这项任务，不能填报。")
    report = (
        ProgressReport.objects.filter(task=task, unit=unit, period=period)
        .prefetch_related("values")
        .first()
    )
    asked = selectors.asked_targets(task, unit, period)
    status = 200
    if request.method == "POST" and not can_write:
        return _forbidden(request, "您只能查看，不能修改该报告。")
    if request.method == "POST":
        form = ReportForm(request.POST, asked=asked)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                # Save and submit together: a refused submission saves nothing either.
                with transaction.atomic():
                    saved = services.report_save(
                        user=request.user,
                        task=task,
                        unit=unit,
                        period=period,
                        data=form.service_data(),
                        version=form.cleaned_data["version"] or None,
                    )
                    if submit:
                        services.report_submit(
                            user=request.user, report=saved, version=saved.version
                        )
                done = "已报送" if submit else "已保存为草稿"
                messages.success(request, f"任务{task.number}的进展{done}。")
                return redirect(_form_url(plan, period, task, unit, request))
            except Conflict as error:
                form.add_error(None, error.message)
                status = 409
            except ReportError as error:
                form.add_service_error(error)
                status = error.status
        else:
            status = 400
    else:
        form = ReportForm(initial=ReportForm.initial_for(report, asked), asked=asked)
    return render(
        request,
        "progress/report_form.html",
        {
            "plan": plan,
            "period": period,
            "task": task,
            "unit": unit,
            "report": report,
            "form": form,
            "asked": asked,
            "can_write": can_write,
            "can_submit": report is None or report.state in services.EDITABLE_STATES,
            "quarter_plan": task.quarter_plan(period.quarter),
            "history": selectors.report_history(report) if report else [],
            "read_only": _read_only(request.user, period),
            **_deadline(period),
            **_attachments_context(request, report),
        },
        status=status,
    )


def _attachments_context(request, report):
    """The report's 佐证材料 and whether the user may change them now (why not, if not)."""
    if report is None:
        return {"attachments": [], "attachments_blocked": None}
    return {
        "attachments": list(selectors.attachments_of(report)),
        "attachments_blocked": services.attachments_blocked(request.user, report),
        "attachment_max_bytes": settings.ATTACHMENT_MAX_BYTES,
        "attachment_max_count": settings.ATTACHMENT_MAX_COUNT,
    }


def _form_url(plan, period, task, unit, request):
    url = reverse("progress:report_form", args=[plan.key, period.label, task.number])
    return url + (f"?unit={unit.pk}" if not roles.is_reporting_user(request.user) else "")


def _report_for_detail(pk):
    return get_object_or_404(
        ProgressReport.objects.select_related(
            "task", "task__plan", "unit", "period", "reviewed_by"
        ).prefetch_related("values__target"),
        pk=pk,
    )


def _detail(request, report, review_form=None, status=200):
    return render(
        request,
        "progress/report_detail.html",
        {
            "report": report,
            "history": selectors.report_history(report),
            "review_form": review_form or ReviewForm(initial={"version": report.version}),
            **_attachments_context(request, report),
        },
        status=status,
    )


@login_required
def report_detail(request, pk):
    report = _report_for_detail(pk)
    if not roles.may_see_report(request.user, report):
        return _forbidden(request, "您无权查看该报告。")
    return _detail(request, report)


@login_required
@require_POST
def report_review(request, pk):
    report = get_object_or_404(ProgressReport, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "审核表单无效，请刷新后重试。")
        return redirect("progress:report_detail", pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.report_approve(
                user=request.user,
                report=report,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, "报告已审核通过。")
        elif action == "return":
            services.report_return(
                user=request.user,
                report=report,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, "报告已退回，填报单位会看到退回意见。")
        else:
            messages.error(request, "未知的审核操作。")
    except ReportError as error:
        if error.status == 403:
            return _forbidden(request, error.message)
        if "comment" in error.fields:
            # The comment stays in the form, its problem beside it.
            form.add_error("comment", error.message)
            return _detail(request, _report_for_detail(pk), form, status=error.status)
        messages.error(request, error.message)
    return redirect("progress:report_detail", pk=pk)


@login_required
def periods(request):
    """The office's periods: each with its state, a close or reopen button with an optional
    reason, and its history (who closed or reopened it, when, why)."""
    if not roles.is_office(request.user):
        return _forbidden(request, "只有领导小组办公室可以管理报告期。")
    plans = Plan.objects.prefetch_related("periods__events").order_by("-year_start", "key")
    return render(
        request,
        "progress/periods.html",
        {"plans": plans, "comment_max": text_limit("comment")},
    )


@login_required
@require_POST
def period_toggle(request, pk):
    period = get_object_or_404(Period.objects.select_related("plan"), pk=pk)
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("action") == "close":
            services.period_close(user=request.user, period=period, reason=reason)
            messages.success(request, f"{period.plan.title} {period.label} 已关闭。")
        else:
            services.period_reopen(user=request.user, period=period, reason=reason)
            messages.success(request, f"{period.plan.title} {period.label} 已重新开放。")
    except NotAllowed as error:
        return _forbidden(request, error.message)
    except ReportError as error:
        messages.error(request, f"{period.plan.title} {period.label}：{error.message}")
    return redirect(reverse("progress:periods") + f"#period-{period.pk}")


@login_required
@require_POST
def task_close(request, pk):
    """办结销号 (or its undoing) by the office, from the task's page."""
    task = get_object_or_404(Task, pk=pk)
    back = back_to(request)
    reason = request.POST.get("reason", "")
    try:
        if request.POST.get("action") == "reopen":
            services.task_reopen(user=request.user, task=task, reason=reason)
            messages.success(request, f"任务{task.number}已撤销办结。")
        else:
            period = get_object_or_404(
                Period, pk=_id_or_404(request.POST.get("period")), plan=task.plan
            )
            services.task_close(user=request.user, task=task, period=period, reason=reason)
            messages.success(
                request, f"任务{task.number}已于{period.label}办结销号，此后无需再报送。"
            )
    except NotAllowed as error:
        return _forbidden(request, error.message)
    except ReportError as error:
        messages.error(request, error.message)
    return redirect(back or reverse("dashboards:task", args=[task.pk]))


@login_required
def template_download(request, plan_key, period_label):
    from progress.excel import template_build, template_filename

    plan, period = _plan_period(plan_key, period_label)
    unit = _acting_unit(request)
    if unit is None:
        return _forbidden(request, "请先选择报送单位。")
    data = template_build(unit=unit, period=period)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, template_filename(unit=unit, period=period)
    )
    return response


@login_required
def template_upload(request, plan_key, period_label):
    from progress.excel import template_import

    plan, period = _plan_period(plan_key, period_label)
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，请联系领导小组办公室。")
    unit = _acting_unit(request)
    result = error = None
    status = 200
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = template_import(user=request.user, data=upload, unit=unit, period=period)
        except ReportError as exc:  # InvalidUpload lists the bad rows
            error, status = exc, exc.status
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "progress/upload.html",
        {
            "plan": plan,
            "period": period,
            "unit": unit,
            "form": form,
            "result": result,
            "error": error,
            "read_only": _read_only(request.user, period),
        },
        status=status,
    )
