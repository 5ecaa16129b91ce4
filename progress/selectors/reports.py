"""Progress reports as people may read them: the reports a user may see, and a report's
佐证材料 (attachments, or their count beside each report) and its history."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from progress import roles
from progress.models import Attachment, ProgressReport, ReportEvent
from tasks.models import Target


def reports_visible_to(user):
    reports = ProgressReport.objects.select_related(
        "task", "task__plan", "unit", "period", "reviewed_by"
    ).prefetch_related("values")
    if roles.sees_everything(user):
        return reports
    unit = roles.unit_of(user)
    if roles.is_reporting_user(user) and unit is not None:
        return reports.filter(unit=unit)
    return reports.none()


def attachments_of(report):
    """The report's 佐证材料, oldest first."""
    return Attachment.objects.filter(report=report).order_by("uploaded_at", "pk")


def with_attachment_counts(reports):
    """`reports` with `attachment_count` each, counted in the same query."""
    counted = (
        Attachment.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return reports.annotate(
        attachment_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def report_history(report):
    """The report's events, oldest first, each with `lines`: its changes as people read them
    (progress.history); two queries."""
    from progress.history import history_described

    events = ReportEvent.objects.filter(report=report).select_related("actor")
    targets = {t.pk: t for t in Target.objects.filter(task_id=report.task_id)}
    return history_described(events.order_by("version", "at"), targets)
