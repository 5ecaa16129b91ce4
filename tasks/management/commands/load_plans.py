from django.core.management.base import BaseCommand, CommandError

from plans.documents import fixtures_read
from plans.models import Plan
from plans.services import regions_load
from tasks.errors import PlanLoadError
from tasks.services import plan_load


class Command(BaseCommand):
    help = "载入行政区划与 fixtures/plans/ 中的全部计划（可重复运行，不会重复或丢失数据）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only", action="store_true", help="只载入数据库中还没有的计划（部署启动时用）"
        )

    def handle(self, *args, missing_only=False, **options):
        regions_load()
        for key, parse in fixtures_read():
            if missing_only and Plan.objects.filter(key=key).exists():
                continue
            try:
                plan = plan_load(parse=parse, key=key)
            except PlanLoadError as exc:
                raise CommandError(f"{key}: {exc}") from exc
            flagged = plan.tasks.filter(needs_review=True).count()
            self.stdout.write(f"{plan.title}：{plan.tasks.count()} 项任务，{flagged} 项待复核")
