"""Period labels, boundaries and deadlines: the one place that knows about quarters and time.

A period is written 2022Q3. Its default deadline is the 18th of the quarter's last month
(DOMAIN.md); a plan may set its own per quarter as {"Q1": "MM-DD"}. A report is late when
it is first submitted after the end of the deadline day, Asia/Shanghai.
"""

import datetime
import re

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
