"""People: creating users with their role (and unit) for pages, API and commands."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from progress import roles
from progress.errors import InvalidReport
from progress.models import Profile

# The office manages plans, reports, schedules and users in the admin.
OFFICE_APPS = ["plans", "tasks", "progress", "reports", "auth", "django_celery_beat"]


@transaction.atomic
def user_add(*, username, role, unit=None, password=None, email=""):
    """Create or update a user with a role. Unit roles need a unit; the password is checked
    by Django's validators. Returns the user."""
    if role not in Profile.Role.values:
        raise InvalidReport(f"未知角色“{role}”，可选：{'、'.join(Profile.Role.values)}。")
    if role in roles.REPORTING_ROLES and unit is None:
        raise InvalidReport("填报人与单位负责人必须指定所属单位。", {"unit": "必须指定"})
    if role not in roles.REPORTING_ROLES and unit is not None:
        # Pages act for ?unit= when the user has no unit of its own; an office or reader
        # account tied to a unit would be confined to it.
        raise InvalidReport(
            "领导小组办公室与只读用户不属于某个填报单位，请不要指定单位。", {"unit": "不应指定"}
        )
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    user.email = email or user.email
    user.is_staff = role == Profile.Role.OFFICE
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidReport(
                "密码不符合要求：" + "；".join(exc.messages), {"password": exc.messages}
            ) from None
        user.set_password(password)
    elif user.pk is None:
        user.set_unusable_password()
    user.save()
    if user.is_staff:
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=OFFICE_APPS)
        )
    Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
    return user
