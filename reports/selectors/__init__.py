"""Reads of stored snapshots: the one source of every figure the API, the bulletins and the
dashboards show. Nothing here computes a figure; it only selects and shapes stored rows.

By topic: `snapshots` (the latest snapshot of a plan-period and its task, section, unit and
expected-report rows, lead units' names, status counts), `documents` (bulletins and
reminders), `dashboards` (the overview and unit pages: the latest snapshot of each period, the
period shown, the plans, rows across several snapshots), `tasks` (the task page, and the tasks
awaiting closure), `regions` (the region view and its drill-down)."""

from reports.selectors.dashboards import (
    dashboard_plan,
    dashboard_plans,
    default_period,
    default_period_from,
    latest_snapshots_of,
    plan_with_latest_snapshot,
    ranked_units_count,
    reporting_period,
    task_rows_filtered,
    unit_entries,
    unit_rows_of,
)
from reports.selectors.documents import bulletins_for, reminders_visible_to
from reports.selectors.regions import (
    government_entries,
    government_rows,
    lower_government_rows,
    region_ancestors,
    region_governments,
    region_plans,
    region_tree,
)
from reports.selectors.snapshots import (
    API_TASK_FIELDS,
    COUNTY_LABELS,
    LATEST_FIRST,
    api_task_rows,
    county_label,
    entry_rows,
    latest_snapshot,
    latest_snapshot_by,
    lead_names,
    lead_names_of,
    section_rows,
    status_counts,
    task_rows,
    task_rows_all,
    unit_rows,
)
from reports.selectors.tasks import (
    dashboard_task,
    task_actuals,
    task_entries_of,
    task_events,
    task_reports_for,
    task_rows_of,
    task_shares,
    tasks_awaiting_closure,
)

__all__ = [
    "API_TASK_FIELDS",
    "COUNTY_LABELS",
    "LATEST_FIRST",
    "api_task_rows",
    "bulletins_for",
    "county_label",
    "dashboard_plan",
    "dashboard_plans",
    "dashboard_task",
    "default_period",
    "default_period_from",
    "entry_rows",
    "government_entries",
    "government_rows",
    "latest_snapshot",
    "latest_snapshot_by",
    "latest_snapshots_of",
    "lead_names",
    "lead_names_of",
    "lower_government_rows",
    "plan_with_latest_snapshot",
    "ranked_units_count",
    "region_ancestors",
    "region_governments",
    "region_plans",
    "region_tree",
    "reminders_visible_to",
    "reporting_period",
    "section_rows",
    "status_counts",
    "task_actuals",
    "task_entries_of",
    "task_events",
    "task_reports_for",
    "task_rows",
    "task_rows_all",
    "task_rows_filtered",
    "task_rows_of",
    "task_shares",
    "tasks_awaiting_closure",
    "unit_entries",
    "unit_rows",
    "unit_rows_of",
]
