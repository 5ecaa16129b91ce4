"""What every statement of a snapshot needs to know about its plan-period and its moment."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from progress import periods
from progress.judging import county_level, elapsed_fraction


@dataclass(frozen=True)
class Context:
    plan: object
    period: object
    now: datetime
    deadline_end: datetime
    time: float
    threshold: int
    county_level: str | None

    @classmethod
    def of(cls, plan, period, now=None):
        return cls(
            plan=plan,
            period=period,
            now=now or timezone.now(),
            deadline_end=periods.deadline_passed_at(period.deadline),
            time=elapsed_fraction(period.year, period.quarter, plan.year_start, plan.year_end),
            threshold=plan.lag_threshold,
            county_level=county_level(plan.region.level),
        )

    @property
    def deadline_passed(self):
        return self.now >= self.deadline_end

    def params(self, **extra):
        """The statements' parameters (pyformat, for PostgreSQL and SQLite alike)."""
        return {
            "plan": self.plan.pk,
            "period": self.period.pk,
            "year": self.period.year,
            "quarter": self.period.quarter,
            "time": self.time,
            "threshold": self.threshold,
            "county_level": self.county_level or "",
            "deadline_end": connection.ops.adapt_datetimefield_value(self.deadline_end),
            "deadline_passed": self.deadline_passed,
            **extra,
        }
