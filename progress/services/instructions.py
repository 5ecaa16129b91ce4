"""领导批示 (DOMAIN.md "Reminders and escalation": leaders may write instructions on a task or
a report; the units concerned see them, and they stay in the task's history). The office, or a
leader (单位负责人) of one of the task's units, writes one; a reporter or a reader cannot."""

from django.db import transaction
from django.utils import timezone

from progress import roles
from progress.errors import InvalidReport, NotAllowed
from progress.models import Instruction, Profile, TaskEvent
from progress.services.common import actor_fields
from progress.text import text_clean
from tasks.models import TaskAssignment


def may_instruct(user, task):
    """The office on any task; a unit's leader on a task of that unit."""
    if roles.is_office(user):
        return True
    unit = roles.unit_of(user)
    return (
        roles.role_of(user) == Profile.Role.LEADER
        and unit is not None
        and TaskAssignment.objects.filter(task=task, unit=unit).exists()
    )


@transaction.atomic
def instruction_add(*, user, task, text, report=None):
    """Store the instruction on task (about `report`, one of its reports, when given) and
    its event in the task's history. Text is required, without control characters, at most
    COMMENT_MAX_CHARS characters."""
    if not may_instruct(user, task):
        raise NotAllowed("只有领导小组办公室或本任务责任单位的负责人可以批示。")
    if report is not None and report.task_id != task.pk:
        raise InvalidReport("批示针对的报告不属于该任务。", {"report": "不属于该任务"})
    if report is not None and not roles.may_see_report(user, report):
        raise NotAllowed("您只能批示本单位的报告。")
    text = text_clean(text, field="text", label="批示内容", kind="comment")
    if not text:
        raise InvalidReport("请填写批示内容。", {"text": "请填写批示内容"})
    now = timezone.now()
    actor = actor_fields(user)
    instruction = Instruction.objects.create(
        task=task,
        report=report,
        text=text,
        author=actor["actor"],
        author_name=actor["actor_name"],
        created_at=now,
    )
    TaskEvent.objects.create(
        task=task,
        action=TaskEvent.Action.INSTRUCT,
        period=report.period if report is not None else None,
        at=now,
        text=text,
        **actor,
    )
    return instruction
