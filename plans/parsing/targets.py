"""Numeric targets pulled out of task text (目标值)."""


def task_targets(task, year_start, year_end):
    """The numeric targets of one parsed task, annual targets first, milestones linked."""
    return []
