"""领导批示 (instructions) as people may read them: those on a task a user may see, and the
latest concerning a unit."""

from django.db.models import Q

from progress import roles
from progress.models import Instruction


def instructions_visible_to(user, task):
    """The task's 领导批示 user may see, newest first: all for those who see everything; for a
    unit's people those on the whole task and those on their unit's reports."""
    instructions = Instruction.objects.filter(task=task).select_related(
        "report", "report__unit", "report__period"
    )
    if roles.sees_everything(user):
        return instructions.order_by("-created_at", "-pk")
    unit = roles.unit_of(user)
    if unit is None:
        return instructions.none()
    return instructions.filter(Q(report__isnull=True) | Q(report__unit=unit)).order_by(
        "-created_at", "-pk"
    )


def instructions_for_unit(unit, *, limit=10):
    """The latest 领导批示 concerning unit: on a task it is assigned to (lead or responsible),
    or on its own report."""
    return (
        Instruction.objects.filter(
            Q(report__isnull=True, task__assignments__unit=unit) | Q(report__unit=unit)
        )
        .select_related("task", "report__period")
        .distinct()
        .order_by("-created_at", "-pk")[:limit]
    )
