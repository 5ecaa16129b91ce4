"""What progress asks of the rules before it changes something: whether a report being
submitted leaves its task lagging (存在问题 is then required), and a task's counted completion
before it is closed. Both use the snapshot statements themselves (reports/snapshots/)."""

from reports import rules
from reports.models import SnapshotTask
from reports.snapshots import snapshot_tasks_refresh
from reports.snapshots.context import Context
from reports.snapshots.rows import entry_figures


def problems_required_when_lagging(sender, reports, **kwargs):
    """存在问题 is required when a report leaves its task lagging (DOMAIN.md): a lead unit's
    against the task's targets, a county's against its shares. `reports` (of one unit and
    period, their content written) are judged together, in one statement."""
    quiet = [r for r in reports if not r.problems.strip()]
    if not quiet:
        return None
    first = quiet[0]
    context = Context.of(first.period.plan, first.period)
    figures = entry_figures(
        context,
        tasks=[r.task_id for r in quiet],
        unit=first.unit_id,
        assume=[r.pk for r in quiet],
    )
    problems = {}
    for report in quiet:
        row = figures.get(report.task_id)
        if row is None or row[2] != rules.LAGGING:
            continue  # not judged (a responsible department), or not lagging
        completion, expected, _status = row
        problems[report.pk] = {
            "problems": (
                f"按本次填报，完成率{rules.percent_text(completion)}低于序时进度"
                f"{rules.percent_text(expected)}，任务滞后，必须填写存在问题。"
            )
        }
    return problems


def counted_completion(sender, task, period, **kwargs):
    """Receiver of progress's task_closing: the task's counted completion in period, from its
    live row brought up to date (None when nothing is counted)."""
    snapshot = snapshot_tasks_refresh(plan=task.plan, period=period, tasks=[task.pk])
    row = SnapshotTask.objects.filter(snapshot=snapshot, task=task).first()
    if row is None or row.status not in rules.COUNTED_STATUSES:
        return None
    return row.completion
