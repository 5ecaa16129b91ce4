"""Reads of periods, tasks to report on and reports, shared by pages, API and Excel.

By topic: `periods` (a period by its label, the one shown by default), `asked` (the plans and
tasks assigned to a unit, how its report on each counts, the values each report is asked
for), `reports` (the reports a user may see, their attachments and history), `shares`
(目标分解), `closure` (tasks closed before a period), `instructions` (领导批示). Import them
from here: `from progress import selectors`, then `selectors.period_get(...)`."""

from progress.selectors.asked import (
    Asked,
    asked_targets,
    asked_targets_of,
    judged_of,
    my_tasks,
    plans_for_unit,
    reporting_roles,
    unit_tasks,
)
from progress.selectors.closure import closed_task_ids, task_is_closed_for
from progress.selectors.instructions import instructions_for_unit, instructions_visible_to
from progress.selectors.periods import current_period, period_get
from progress.selectors.reports import (
    attachments_of,
    report_history,
    reports_counted,
    reports_visible_to,
)
from progress.selectors.shares import (
    SHARE_SOURCES,
    ShareColumn,
    ShareLayout,
    share_history,
    share_layout,
    share_layouts,
    share_tasks,
    shares_add_up,
    shares_visible,
)

__all__ = [
    "SHARE_SOURCES",
    "Asked",
    "ShareColumn",
    "ShareLayout",
    "asked_targets",
    "asked_targets_of",
    "attachments_of",
    "closed_task_ids",
    "current_period",
    "instructions_for_unit",
    "instructions_visible_to",
    "judged_of",
    "my_tasks",
    "period_get",
    "plans_for_unit",
    "report_history",
    "reporting_roles",
    "reports_counted",
    "reports_visible_to",
    "share_history",
    "share_layout",
    "share_layouts",
    "share_tasks",
    "shares_add_up",
    "shares_visible",
    "task_is_closed_for",
    "unit_tasks",
]
