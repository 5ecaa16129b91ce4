"""Period labels, boundaries and deadlines: the one place that knows about quarters and time.

A period is written 2022Q3. Its default deadline is the 18th of the quarter's last month
(DOMAIN.md); a plan may set its own per quarter as {"Q1": "MM-DD"}. A report is late when
it is first submitted after the end of the deadline day, Asia/Shanghai.
"""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.db.models.functions import TruncDate
from django.utils import timezone

_LABEL = re.compile(r"^(\d{4})Q([1-4])$")


def period_label(year, quarter):
    return f"{year}Q{quarter}"


def parse_period_label(label):
    """(year, quarter) of "2022Q3"; ValueError with a Chinese message otherwise."""
    match = _LABEL.match(str(label or "").strip().upper())
    if not match:
        raise ValueError(f"报告期“{label}”格式不对，应写作 2022Q3。")
    return int(match.group(1)), int(match.group(2))


def default_deadline(year, quarter):
    return datetime.date(year, quarter * 3, 18)


def plan_deadline(reporting_deadlines, year, quarter):
    """The deadline of (year, quarter) under a plan's own deadlines, else the default.

    A month earlier than the quarter's first month means the next year (a Q4 deadline
    of "01-10" is in January of the year after).
    """
    own = (reporting_deadlines or {}).get(f"Q{quarter}")
    if not own:
        return default_deadline(year, quarter)
    month, day = (int(part) for part in own.split("-"))
    if month < quarter * 3 - 2:
        year += 1
    return datetime.date(year, month, day)


def deadline_passed_at(deadline):
    """The first instant after the deadline day, in Asia/Shanghai."""
    next_day = deadline + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def is_late(submitted_at, deadline):
    return submitted_at is not None and submitted_at >= deadline_passed_at(deadline)


def days_overdue(deadline, day=None):
    """Whole days since the deadline day for a report still not submitted on `day` (today):
    1 on the day after the deadline; 0 up to and on the deadline day."""
    return max(((day or today()) - deadline).days, 0)


def days_left(deadline, day=None):
    """Whole days until the deadline day (0 on the day itself), or None once it passed."""
    left = (deadline - (day or today())).days
    return left if left >= 0 else None


def days_late(first_submitted_at, deadline):
    """Days between the deadline day and the first submission's day (0 when on time)."""
    if first_submitted_at is None:
        return None
    return max((timezone.localdate(first_submitted_at) - deadline).days, 0)


def submitted_day(field="first_submitted_at"):
    """The local day of a submission as a database expression: a report is late when this
    day is after its period's deadline (is_late, for queries that filter or sort by it)."""
    return TruncDate(field, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def today():
    return timezone.localdate()


def closure_covers(closure_period, period):
    """Whether a task closed (办结销号) in closure_period needs no report for `period`: the
    period it was closed in still has its report; every later one needs none."""
    return closure_period is not None and (closure_period.year, closure_period.quarter) < (
        period.year,
        period.quarter,
    )
