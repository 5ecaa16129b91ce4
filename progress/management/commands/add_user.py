import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plans.models import Unit, UnitAlias
from progress.errors import ReportError
from progress.models import Profile
from progress.users import user_add


def find_unit(name):
    """The unit written `name` (canonical name or alias); refuses unknown or ambiguous names."""
    units = list(Unit.objects.filter(name=name)) or [
        alias.unit for alias in UnitAlias.objects.filter(name=name).select_related("unit")
    ]
    if not units:
        raise CommandError(f"找不到单位“{name}”。")
    if len({u.pk for u in units}) > 1:
        where = "、".join(f"{u.name}（{u.region}）" for u in units)
        raise CommandError(f"单位“{name}”不唯一：{where}。")
    return units[0]


class Command(BaseCommand):
    help = "创建或更新用户：add_user 用户名 --role reporter|leader|office|reader [--unit 单位] [--password 密码]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Profile.Role.values)
        parser.add_argument("--unit", help="所属单位（填报人、单位负责人必填）")
        parser.add_argument("--password", help="密码；不给则生成随机密码并打印")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, unit=None, password=None, email="", **options):
        unit_obj = find_unit(unit) if unit else None
        # A new user without --password gets a random one; an existing user keeps theirs.
        generated = (
            password is None and not get_user_model().objects.filter(username=username).exists()
        )
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            user_add(username=username, role=role, unit=unit_obj, password=password, email=email)
        except ReportError as exc:
            raise CommandError(exc.message) from exc
        label = dict(Profile.Role.choices)[role]
        line = f"{username}（{label}{'，' + unit_obj.name if unit_obj else ''}）"
        self.stdout.write(f"已保存用户 {line}" + (f"，密码：{password}" if generated else ""))
