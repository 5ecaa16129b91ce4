"""How many progress reports each unit has in each period, kept by the database itself.

The progress list's total (`count` of /api/v1/progress/) counted a period's reports on every
page: a scan of a million index entries at province scale. These rows hold the same number
per (period, unit), so the total of an unfiltered or unit-filtered list is a sum of a few
thousand rows.

Triggers keep them (migration progress/0010): every INSERT and
DELETE of reports, and an UPDATE that moves a report to another period or unit, whatever
wrote it (the services, an upload's one INSERT, the admin, a cascade, COPY). On PostgreSQL
one statement-level trigger a kind adds each statement's reports grouped by (period, unit),
so an upload of 500 reports changes its unit's row once; SQLite adds them row by row. Only
creating or deleting a report takes the row's lock, never a save, a submission or a review.
"""

from django.db import models

from plans.models import Unit
from progress.models.periods import Period


class ReportCount(models.Model):
    """The number of a unit's progress reports in a period (kept by triggers; never written
    by the application)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    reports = models.IntegerField(default=0)

    class Meta:
        verbose_name = "报告数"
        verbose_name_plural = "报告数"
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="report_count_per_unit"),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.unit_id}: {self.reports}"
