"""Progress reports as people may read them: the reports a user may see (and how many, from
the kept counts), and a report's 佐证材料 (attachments, or their count beside each report) and
its history."""

from django.db.models import Sum

from progress import roles
from progress.models import Attachment, ProgressReport, ReportCount, ReportEvent
from tasks.models import Target

EVERY_UNIT = object()  # what _visible_unit says of a user who sees every unit's reports


def _visible_unit(user):
    """EVERY_UNIT, the one unit whose reports the user may see, or None: no reports."""
    if roles.sees_everything(user):
        return EVERY_UNIT
    unit = roles.unit_of(user)
    return unit if roles.is_reporting_user(user) and unit is not None else None


def reports_visible_to(user):
    reports = ProgressReport.objects.select_related(
        "task", "task__plan", "unit", "period", "reviewed_by"
    ).prefetch_related("values")
    unit = _visible_unit(user)
    if unit is EVERY_UNIT:
        return reports
    return reports.filter(unit=unit) if unit is not None else reports.none()


def reports_counted(user, *, periods=None, unit=None):
    """How many reports of `reports_visible_to(user)` are in `periods` (ids; None: every
    period) and of `unit` (None: every unit), summed from the counts the database keeps
    (ReportCount) instead of counting the reports themselves."""
    visible = _visible_unit(user)
    if visible is None:
        return 0
    counts = ReportCount.objects.all()
    if visible is not EVERY_UNIT:
        counts = counts.filter(unit=visible)
    if unit is not None:
        counts = counts.filter(unit=unit)
    if periods is not None:
        counts = counts.filter(period__in=periods)
    return counts.aggregate(n=Sum("reports"))["n"] or 0


def attachments_of(report):
    """The report's 佐证材料, oldest first."""
    return Attachment.objects.filter(report=report).order_by("uploaded_at", "pk")


def report_history(report):
    """The report's events, oldest first, each with `lines`: its changes as people read them
    (progress.history); two queries."""
    from progress.history import history_described

    events = ReportEvent.objects.filter(report=report).select_related("actor")
    targets = {t.pk: t for t in Target.objects.filter(task_id=report.task_id)}
    return history_described(events.order_by("version", "at"), targets)
