"""Who may do what: the permission rules of pages and API alike.

- reporter (填报人) and leader (单位负责人): their own unit's reports on tasks the unit is
  assigned to (lead or responsible); they see their unit's reports only.
- office (领导小组办公室): sees everything, reviews, closes and reopens periods, closes tasks,
  manages users and plans, and may correct any report, also in a closed period.
- reader (只读用户, API clients): sees everything, changes nothing.
A superuser without a profile counts as the office.
"""

from progress.models import Profile
from tasks.models import TaskAssignment

REPORTING_ROLES = (Profile.Role.REPORTER, Profile.Role.LEADER)


def role_of(user):
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.role
    return Profile.Role.OFFICE if user.is_superuser else None


def unit_of(user):
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    return profile.unit if profile else None


def is_office(user):
    return role_of(user) == Profile.Role.OFFICE


def sees_everything(user):
    return role_of(user) in (Profile.Role.OFFICE, Profile.Role.READER)


def is_reporting_user(user):
    return role_of(user) in REPORTING_ROLES


def may_report(user, *, task, unit):
    """Whether user may write unit's report on task (not counting period and state rules)."""
    role = role_of(user)
    if role == Profile.Role.OFFICE:
        return TaskAssignment.objects.filter(task=task, unit=unit).exists()
    if role in REPORTING_ROLES:
        profile_unit = unit_of(user)
        return (
            profile_unit is not None
            and profile_unit.pk == unit.pk
            and TaskAssignment.objects.filter(task=task, unit=unit).exists()
        )
    return False


def may_see_report(user, report):
    if sees_everything(user):
        return True
    unit = unit_of(user)
    return is_reporting_user(user) and unit is not None and unit.pk == report.unit_id


def may_set_shares(user, task):
    """目标分解: the office, or the people of one of the task's lead units."""
    if is_office(user):
        return True
    unit = unit_of(user)
    return (
        is_reporting_user(user)
        and unit is not None
        and TaskAssignment.objects.filter(
            task=task, unit=unit, role=TaskAssignment.Role.LEAD
        ).exists()
    )
