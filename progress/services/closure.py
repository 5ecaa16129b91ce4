"""办结销号: closing a task that needs no more reports, and undoing it. DOMAIN.md: the office
closes a task whose counted completion is 1 directly, any other only with a written reason,
kept and shown; either can be undone; both are events in the task's history."""

from django.db import transaction
from django.utils import timezone

from progress import roles
from progress.errors import Conflict, InvalidReport, NotAllowed
from progress.models import TaskClosure, TaskEvent
from progress.services.common import actor_fields
from progress.signals import task_changed, task_closing
from progress.text import text_clean

COMPLETE = 1 - 1e-9


def counted_completion(task, period):
    """The task's counted completion in period (0..1), or None when nothing is counted; the
    reports room answers (the figures are its own)."""
    answers = [
        answer
        for _receiver, answer in task_closing.send(sender=TaskClosure, task=task, period=period)
    ]
    return next((a for a in answers if a is not None), None)


def _changed(task):
    transaction.on_commit(
        lambda: task_changed.send_robust(sender=TaskClosure, task=task), robust=True
    )


@transaction.atomic
def task_close(*, user, task, period, reason=""):
    """Close the task in period: no reports are expected after it. Refused (InvalidReport)
    without a reason when its counted completion in period is below 1."""
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以办结销号。")
    if period.plan_id != task.plan_id:
        raise InvalidReport("报告期不属于该任务的计划。", {"period": "不属于该任务的计划"})
    if TaskClosure.objects.filter(task=task).exists():
        raise Conflict(f"任务{task.number}已办结销号；如需改为其他报告期，请先撤销办结。")
    reason = text_clean(reason, field="reason", label="办结说明", kind="comment")
    completion = counted_completion(task, period)
    if (completion is None or completion < COMPLETE) and not reason:
        shown = "未报送" if completion is None else f"{round(completion * 100, 1):g}%"
        raise InvalidReport(
            f"任务{task.number}在{period.label}的完成率为{shown}，未达100%，办结销号须写明理由。",
            {"reason": "完成率未达100%，请写明办结理由"},
        )
    now = timezone.now()
    actor = actor_fields(user)
    closure = TaskClosure.objects.create(
        task=task,
        period=period,
        closed_by=user,
        closed_by_name=actor["actor_name"],
        closed_at=now,
        reason=reason,
        completion=completion,
    )
    TaskEvent.objects.create(
        task=task,
        action=TaskEvent.Action.CLOSE,
        period=period,
        at=now,
        text=reason,
        completion=completion,
        **actor,
    )
    _changed(task)
    return closure


@transaction.atomic
def task_reopen(*, user, task, reason=""):
    """Undo the task's closure; its later periods expect reports again."""
    if not roles.is_office(user):
        raise NotAllowed("只有领导小组办公室可以撤销办结。")
    reason = text_clean(reason, field="reason", label="撤销说明", kind="comment")
    closure = TaskClosure.objects.filter(task=task).select_related("period").first()
    if closure is None:
        raise Conflict(f"任务{task.number}未办结销号，无需撤销。")
    closure.delete()
    TaskEvent.objects.create(
        task=task,
        action=TaskEvent.Action.REOPEN,
        period=closure.period,
        at=timezone.now(),
        text=reason,
        **actor_fields(user),
    )
    _changed(task)
