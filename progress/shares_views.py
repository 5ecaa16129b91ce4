"""The target shares pages (目标分解): a task's grid of shares with their sums and history,
and the shares workbook's download and upload for a task or a whole plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from config.redirects import back_to
from plans.models import Plan
from progress import roles, selectors, services
from progress.errors import Conflict, NotAllowed, ReportError
from progress.forms import SharesForm, UploadForm
from progress.views import _forbidden, _id_or_404
from tasks.amounts import amount_text
from tasks.models import Task

FORBIDDEN = "只有领导小组办公室和该任务的牵头单位可以分解目标。"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY_PER_PAGE = 50


def _history(task, page_number):
    page = Paginator(selectors.share_history(task), HISTORY_PER_PAGE).get_page(page_number)
    rows = [
        {
            "event": event,
            "before": amount_text(event.before, event.target),
            "after": amount_text(event.after, event.target),
            "source": selectors.SHARE_SOURCES.get(event.source, event.source),
        }
        for event in page
    ]
    return page, rows


@login_required
def shares(request, pk):
    """The task's shares: a grid of responsible units by annual targets, editable by the
    office and the task's lead units, read-only for readers; saved all or nothing."""
    task = get_object_or_404(Task.objects.select_related("plan", "plan__region"), pk=pk)
    may_edit = roles.may_set_shares(request.user, task)
    if not may_edit and not roles.sees_everything(request.user):
        return _forbidden(request, FORBIDDEN)
    layout = selectors.share_layout(task)
    status = 200
    if request.method == "POST":
        if not may_edit:
            return _forbidden(request, FORBIDDEN)
        form = SharesForm(request.POST, layout=layout)
        if form.is_valid():
            try:
                saved = services.target_shares_save(
                    user=request.user, rows=form.rows(), source="page"
                )
            except Conflict as error:
                status = 409
                layout = selectors.share_layout(task)
                form = SharesForm.after_conflict(
                    request.POST, layout=layout, message=error.message, notes=error.fields
                )
            except NotAllowed as error:
                return _forbidden(request, error.message)
            except ReportError as error:
                status = error.status
                form.add_error(None, error.message)
                form.notes = error.fields
            else:
                if saved.changed:
                    messages.success(request, saved.message)
                else:
                    messages.info(request, "没有改动，未保存任何内容。")
                return redirect("progress:shares", pk=task.pk)
        else:
            status = 400
    else:
        form = SharesForm(initial=SharesForm.current(layout), layout=layout)
    history_page, history = _history(task, request.GET.get("page"))
    return render(
        request,
        "progress/shares.html",
        {
            "task": task,
            "plan": task.plan,
            "layout": layout,
            "form": form,
            "grid": form.grid(),
            "may_edit": may_edit,
            "history": history,
            "history_page": history_page,
        },
        status=status,
    )


@login_required
def shares_download(request, plan_key):
    """The shares workbook of the user's scope in a plan (?task= for one task)."""
    from progress.excel.shares import shares_filename, shares_workbook_build

    plan = get_object_or_404(Plan.objects.select_related("region"), key=plan_key)
    task = None
    if request.GET.get("task"):
        task = get_object_or_404(Task, pk=_id_or_404(request.GET["task"]), plan=plan)
    try:
        data = shares_workbook_build(user=request.user, plan=plan, task=task)
    except NotAllowed as error:
        return _forbidden(request, error.message)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, shares_filename(user=request.user, plan=plan, task=task)
    )
    return response


@login_required
def shares_upload(request, plan_key):
    """Upload a filled-in shares workbook of the plan: imported all or nothing, every bad row
    listed. ?next= (a page of this site) is where the result page leads back to."""
    from progress.excel.shares_import import shares_import

    plan = get_object_or_404(Plan.objects.select_related("region"), key=plan_key)
    if not (roles.is_office(request.user) or selectors.share_tasks(request.user, plan)):
        return _forbidden(request, "只有领导小组办公室和任务的牵头单位可以上传目标分解表。")
    back = back_to(request)
    result = error = None
    status = 200
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = shares_import(user=request.user, data=form.cleaned_data["file"], plan=plan)
        except ReportError as exc:  # InvalidUpload lists the bad rows
            error, status = exc, exc.status
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "progress/shares_upload.html",
        {
            "plan": plan,
            "form": form,
            "result": result,
            "error": error,
            "back": back,
            "download": reverse("progress:shares_download", args=[plan.key]),
        },
        status=status,
    )
