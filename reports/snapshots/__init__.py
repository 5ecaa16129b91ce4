"""Completion snapshots: computing them (compute.py, from the statements of rows.py and
rollups.py) and asking for them to be recomputed (requests.py)."""

from reports.snapshots.compute import period_lock, snapshot_compute, snapshot_tasks_refresh
from reports.snapshots.requests import (
    figures_refresh,
    open_periods_recompute,
    plan_recompute,
    recompute_request,
    recompute_requests,
    recompute_sweep,
    recomputes_deferred,
    task_recompute,
)

__all__ = [
    "figures_refresh",
    "open_periods_recompute",
    "period_lock",
    "plan_recompute",
    "recompute_request",
    "recompute_requests",
    "recompute_sweep",
    "recomputes_deferred",
    "snapshot_compute",
    "snapshot_tasks_refresh",
    "task_recompute",
]
