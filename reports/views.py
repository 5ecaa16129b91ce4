"""Pages of the reports room: the reminders and supervision notices (催办提醒)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from progress import roles
from progress.periods import parse_period_label
from reports import selectors
from reports.models import Reminder


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
        },
    )
