"""What progress asks of the rules before it changes something: whether a report being
submitted leaves its task lagging (存在问题 is then required), and a task's counted completion
before it is closed. Both use the snapshot statements themselves (reports/snapshots/)."""

from reports import rules
from reports.models import SnapshotTask
from reports.snapshots import snapshot_tasks_refresh
from reports.snapshots.context import Context
from reports.snapshots.rows import entry_figures


def report_figures(report):
    """(completion, expected, status) the report would give its unit once submitted."""
    task, period = report.task, report.period
    context = Context.of(task.plan, period)
    row = entry_figures(context, task=task, unit=report.unit, assume_report=report)
    if row is None:  # a unit whose report is not counted (a responsible department)
        return None
    completion, expected, status = row
    return float(completion), float(expected), status


def problems_required_when_lagging(sender, report, **kwargs):
    """存在问题 is required when the report leaves its task lagging (DOMAIN.md): a lead unit's
    against the task's targets, a county's against its shares."""
    if report.problems.strip():
        return None
    figures = report_figures(report)
    if figures is None or figures[2] != rules.LAGGING:
        return None
    completion, expected, _status = figures
    return {
        "problems": (
            f"按本次填报，完成率{rules.percent_text(completion)}低于序时进度"
            f"{rules.percent_text(expected)}，任务滞后，必须填写存在问题。"
        )
    }


def counted_completion(sender, task, period, **kwargs):
    """Receiver of progress's task_closing: the task's counted completion in period, from its
    live row brought up to date (None when nothing is counted)."""
    snapshot = snapshot_tasks_refresh(plan=task.plan, period=period, tasks=[task.pk])
    row = SnapshotTask.objects.filter(snapshot=snapshot, task=task).first()
    if row is None or row.status not in rules.COUNTED_STATUSES:
        return None
    return row.completion
