"""领导批示 from the task page: the office or a leader of one of the task's units writes one,
on the whole task or on one of the reports the page lists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.redirects import back_to
from progress import roles, services
from progress.errors import NotAllowed, ReportError
from progress.models import ProgressReport
from tasks.models import Task


@login_required
@require_POST
def instruction_add(request, pk):
    task = get_object_or_404(Task, pk=pk)
    back = back_to(request, reverse("dashboards:task", args=[task.pk]))
    report = None
    chosen = request.POST.get("report", "")
    if chosen:
        report = ProgressReport.objects.filter(
            pk=int(chosen) if chosen.isdigit() else 0, task=task
        ).first()
        if report is None or not roles.may_see_report(request.user, report):
            messages.error(request, "批示针对的报告不属于该任务。")
            return redirect(back)
    try:
        services.instruction_add(
            user=request.user, task=task, text=request.POST.get("text", ""), report=report
        )
    except NotAllowed as error:
        return render(request, "progress/forbidden.html", {"message": error.message}, status=403)
    except ReportError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"已对任务{task.number}作出批示，相关单位将在首页看到。")
    return redirect(back + "#instructions" if "#" not in back else back)
