"""The bulletins (通报) and reminders (催办) made from the figures, as their lists (pages and
API) show them: a plan's or a period's bulletins, and the reminders a user may see."""

from django.db.models import Prefetch

from reports.models import Bulletin


def bulletins_for(plan=None, period=None):
    bulletins = Bulletin.objects.select_related(
        "plan", "period", "snapshot", "requested_by", "number"
    )
    if plan is not None:
        bulletins = bulletins.filter(plan=plan)
    if period is not None:
        bulletins = bulletins.filter(period=period)
    return bulletins.order_by("-requested_at", "-pk")


def reminders_visible_to(user, *, kind=None, year=None, quarter=None):
    """The reminders (催办) user may see, newest first: a unit's reporters and leaders their
    unit's, the office and readers all, anyone else none; optionally of one kind and quarter."""
    from progress import roles
    from reports.models import Reminder
    from tasks.models import Task

    reminders = Reminder.objects.select_related("period", "period__plan", "unit").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.order_by("order")), "recipients"
    )
    if not roles.sees_everything(user):
        unit = roles.unit_of(user)
        if not (roles.is_reporting_user(user) and unit is not None):
            return reminders.none()
        reminders = reminders.filter(unit=unit)
    if kind:
        reminders = reminders.filter(kind=kind)
    if year and quarter:
        reminders = reminders.filter(period__year=year, period__quarter=quarter)
    return reminders.order_by("-created_at", "-pk")
