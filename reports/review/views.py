"""The review queue and the office's workbench. Thin: the forms parse, reports/review/queue.py
and workbench.py read, progress.services reviews."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.redirects import back_to
from plans.models import Plan, Unit
from progress import periods as p
from progress import roles, services
from progress.errors import ReportError
from progress.models import Period, ReportCount
from reports.review import queue, workbench
from reports.review.forms import BulkReviewForm, QueueFilterForm
from reports.supervision.open import open_counts

PER_PAGE = 100


class CountedPaginator(Paginator):
    """A Paginator told its count (counted more cheaply than its sorted list)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _forbidden(request, message):
    return render(request, "progress/forbidden.html", {"message": message}, status=403)


def _filters(request):
    """(form, queue_reports keyword arguments) from the query. The state defaults to
    submitted (what waits for review) until the person chooses another, or 全部状态."""
    params = request.GET.copy()
    if "state" not in params:
        params["state"] = "submitted"
    plans = list(Plan.objects.prefetch_related("periods").order_by("-year_start", "key"))
    plan = next((x for x in plans if x.key == params.get("plan")), None)
    if plan is not None:
        labels = [x.label for x in plan.periods.all()]
    else:
        quarters = Period.objects.values_list("year", "quarter").distinct()
        labels = [p.period_label(y, q) for y, q in sorted(quarters)]
    # The units with reports, from the counts the database keeps (not a scan of every report).
    with_reports = ReportCount.objects.filter(reports__gt=0).values("unit")
    units = Unit.objects.filter(pk__in=with_reports).order_by("name")
    form = QueueFilterForm(params, plans=plans, period_labels=labels, units=list(units))
    form.is_valid()
    for name in ("plan", "period", "unit"):
        if name in form.errors:
            messages.warning(request, "；".join(form.errors[name]))
    filters = {
        "plan": plan,
        "state": form.value("state"),
        "light": form.value("light"),
        "status": form.value("status"),
        "late": form.value("late"),
        "sort": form.sort_order,
    }
    label = form.value("period")
    if label and plan is not None:
        filters["period"] = next(x for x in plan.periods.all() if x.label == label)
    elif label:
        filters["quarter"] = p.parse_period_label(label)
    if form.value("unit"):
        filters["unit"] = next(u for u in units if str(u.pk) == form.value("unit"))
    return form, filters


@login_required
def review_queue(request):
    """The office's queue (readers see it without the review actions): reports with their
    unit's completion, light, sentence, lateness and version; the lagging and late first."""
    if not roles.sees_everything(request.user):
        return (
            redirect("progress:my_tasks")
            if roles.is_reporting_user(request.user)
            else redirect("progress:no_role")
        )
    form, filters = _filters(request)
    reports = queue.queue_reports(request.user, **filters)
    # Counted without the order (and the entries it joins): a scan of the reports, not a sort.
    count = queue.queue_reports(request.user, **{**filters, "sort": None}).count()
    ids = reports.values_list("pk", flat=True)
    page = CountedPaginator(ids, PER_PAGE, count).get_page(request.GET.get("page"))
    rows = queue.with_entries(queue.page_reports(request.user, list(page.object_list)))
    query = request.GET.copy()
    query.pop("select", None)
    select_query = query.copy()
    select_query["select"] = "page"
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "review/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "select_query": select_query.urlencode(),
            "sort": form.sort_order,
            "select_all": request.GET.get("select") == "page",
            "here": request.get_full_path(),
        },
    )


def _label(report):
    return f"任务{report.task.number}（{report.unit.name}，{report.period.label}）"


def _summary(action, results):
    """The page's message: how many were done, and each refused report with its reason."""
    verb = "审核通过" if action == "approve" else "退回"
    done = [r for r in results if r.done]
    refused = [r for r in results if not r.done]
    text = f"已{verb} {len(done)} 份"
    if refused:
        reasons = "；".join(
            f"{_label(r.report) if r.report else f'报告{r.id}'}：{r.message.rstrip('。')}"
            for r in refused
        )
        text += f"，{len(refused)} 份未{verb}：{reasons}。"
    else:
        text += "。"
    level = messages.SUCCESS if not refused else messages.WARNING if done else messages.ERROR
    return level, text


@login_required
@require_POST
def review_bulk(request):
    """批量审核: approve, or return with one comment, the reports ticked on the queue; each
    report its own event and transaction. Back to the queue page it came from."""
    if not roles.is_office(request.user):
        return _forbidden(request, "只有领导小组办公室可以审核报告。")
    form = BulkReviewForm(request.POST)
    back = back_to(request, reverse("review:queue"))
    if not form.is_valid():
        messages.error(request, "请选择“审核通过”或“退回”。")
        return redirect(back)
    action = form.cleaned_data["action"]
    try:
        if action == "approve":
            results = services.report_approve_many(
                user=request.user,
                ids=form.ids,
                versions=form.versions(),
                comment=form.cleaned_data["comment"],
            )
        else:
            results = services.report_return_many(
                user=request.user,
                ids=form.ids,
                versions=form.versions(),
                comment=form.cleaned_data["comment"],
            )
    except ReportError as error:
        messages.error(request, error.message)
        return redirect(back)
    level, text = _summary(action, results)
    messages.add_message(request, level, text)
    return redirect(back)


def _queue_url(**params):
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{reverse('review:queue')}?{query}"


@login_required
def office_workbench(request):
    """The office's start page: per open period what waits for review or resubmission, what
    lags and which units are overdue, each number a link into the queue or the unit's page."""
    if not roles.is_office(request.user):
        return redirect("home")
    plans = list(Plan.objects.order_by("-year_start", "key"))
    plan = next((x for x in plans if x.key == request.GET.get("plan")), None)
    work = workbench.work_by_period(plan=plan)
    for row in work:
        key, label = row.period.plan.key, row.period.label
        row.links = {
            "waiting": _queue_url(plan=key, period=label, state="submitted"),
            "returned": _queue_url(plan=key, period=label, state="returned"),
            "lagging": _queue_url(plan=key, period=label, state="", status="lagging"),
        }
    shown = [row for row in work if row.has_work]
    overdue = workbench.overdue_list(work)
    totals = {
        "waiting": sum(row.waiting for row in work),
        "returned": sum(row.returned for row in work),
        "lagging": sum(row.lagging or 0 for row in work),
        "overdue_units": len({o.unit_id for o in overdue}),
        "overdue_tasks": sum(o.tasks for o in overdue),
    }
    return render(
        request,
        "review/workbench.html",
        {
            "plans": plans,
            "plan": plan,
            "work": shown,
            "quiet": len(work) - len(shown),
            "overdue": overdue[: workbench.OVERDUE_SHOWN],
            "overdue_count": len(overdue),
            "totals": totals,
            "notices": open_counts(plan=plan),
            "queue_all": _queue_url(plan=plan and plan.key, state="submitted"),
            "queue_returned": _queue_url(plan=plan and plan.key, state="returned"),
            "queue_lagging": _queue_url(plan=plan and plan.key, state="", status="lagging"),
        },
    )
