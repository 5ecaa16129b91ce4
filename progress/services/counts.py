"""The kept counts of reports (progress.models.ReportCount) checked against the reports, and
counted again: for after a restore that loaded reports with the triggers off, or loaded the
counts beside reports whose triggers counted them already (`loaddata` of a whole dump)."""

from django.db import connection, transaction
from django.db.models import Count

from progress.models import ProgressReport, ReportCount


def _counted():
    """{(period id, unit id): reports}, counted from the reports."""
    rows = ProgressReport.objects.order_by().values("period_id", "unit_id")
    return {(r["period_id"], r["unit_id"]): r["n"] for r in rows.annotate(n=Count("pk"))}


def report_counts_wrong():
    """[(period id, unit id, kept, counted)] wherever the two differ."""
    counted = _counted()
    kept = {
        (period, unit): n
        for period, unit, n in ReportCount.objects.values_list("period_id", "unit_id", "reports")
    }
    return [
        (period, unit, kept.get((period, unit), 0), counted.get((period, unit), 0))
        for period, unit in sorted(counted.keys() | kept.keys())
        if kept.get((period, unit), 0) != counted.get((period, unit), 0)
    ]


@transaction.atomic
def report_counts_refill():
    """Count every unit's reports again, with report writes held off meanwhile."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ProgressReport._meta.db_table} IN SHARE MODE")
    ReportCount.objects.all().delete()
    ReportCount.objects.bulk_create(
        ReportCount(period_id=period, unit_id=unit, reports=n)
        for (period, unit), n in _counted().items()
    )
