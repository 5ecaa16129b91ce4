"""Pages of 催办 by hand and the 督办单 download. The reminders list is reports/views.py."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from plans.models import Plan, Unit
from progress import roles
from progress.errors import ReportError
from progress.periods import parse_period_label
from reports import selectors
from reports.supervision.document import supervision_document, supervision_file_name
from reports.supervision.sending import reminders_preview, reminders_send_by_hand

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _period_of(source):
    """(plans, plan, period) of ?plan=<key>&period=2022Q3; the plan's open period with the
    nearest deadline by default."""
    plans = list(Plan.objects.select_related("region").order_by("-year_start", "key"))
    plan = next((p for p in plans if p.key == source.get("plan")), plans[0] if plans else None)
    if plan is None:
        return plans, None, None
    try:
        year, quarter = parse_period_label(source.get("period", ""))
    except ValueError:
        return plans, plan, selectors.reporting_period(plan) or selectors.default_period(plan)
    return plans, plan, plan.periods.filter(year=year, quarter=quarter).first()


@login_required
def reminders_send(request):
    """The office picks a period, sees which units would be reminded of which tasks (blue
    before the deadline, yellow after), and sends to all of them or to those ticked."""
    if not roles.is_office(request.user):
        return _forbidden(request, "只有领导小组办公室可以手动催办。")
    source = request.POST if request.method == "POST" else request.GET
    plans, plan, period = _period_of(source)
    if request.method == "POST":
        if period is None:
            messages.error(request, "请选择有效的计划和报告期。")
            return redirect(request.path)
        units = None
        if request.POST.get("scope") == "chosen":
            ids = [i for i in request.POST.getlist("unit") if i.isdigit()]
            units = list(Unit.objects.filter(pk__in=ids))
            if not units:
                messages.error(request, "请勾选要催办的单位。")
                return redirect(f"{request.path}?plan={plan.key}&period={period.label}")
        try:
            made = reminders_send_by_hand(user=request.user, period=period, units=units)
        except ReportError as error:
            messages.error(request, error.message)
            return redirect(f"{request.path}?plan={plan.key}&period={period.label}")
        if made:
            messages.success(request, f"已向{len(made)}个单位发出催办（{period.label}）。")
        else:
            messages.info(request, "所选单位没有未报送的任务，未发出催办。")
        return redirect(f"{reverse('reports:reminders')}?period={period.label}")
    notices = reminders_preview(period=period) if period else []
    return render(
        request,
        "reports/reminders_send.html",
        {
            "plans": plans,
            "plan": plan,
            "period": period,
            "periods": plan.periods.all() if plan else [],
            "notices": notices,
            "kind": notices[0].kind if notices else "",
        },
    )


def reminder_visible(user, pk):
    """The reminder `pk` if user may see it (as on the reminders page), else Http404."""
    reminder = selectors.reminders_visible_to(user).filter(pk=pk).first()
    if reminder is None:
        raise Http404("没有这份督办单")
    return reminder


def document_response(reminder):
    """The 督办单 as a download with its Chinese file name; Http404 for a blue 提醒."""
    if not reminder.is_notice:
        raise Http404("蓝色提醒不是督办单，没有督办单文书")
    data = supervision_document(reminder)
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=supervision_file_name(reminder),
        content_type=DOCX_TYPE,
    )


@login_required
def reminder_document(request, pk):
    if roles.role_of(request.user) is None:
        return _forbidden(request, "您的账号尚未分配角色，无权下载督办单。")
    return document_response(reminder_visible(request.user, pk))
