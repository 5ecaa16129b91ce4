from django.core.management.base import BaseCommand, CommandError

from plans.documents import fixtures_read
from plans.services import regions_load
from tasks.errors import PlanLoadError
from tasks.services import plan_load


class Command(BaseCommand):
    help = "载入行政区划与 fixtures/plans/ 中的全部计划（可重复运行，不会重复或丢失数据）。"

    def handle(self, *args, **options):
        regions_load()
        for key, parse in fixtures_read():
            try:
                plan = plan_load(parse=parse, key=key)
            except PlanLoadError as exc:
                raise CommandError(f"{key}: {exc}") from exc
            flagged = plan.tasks.filter(needs_review=True).count()
            self.stdout.write(f"{plan.title}：{plan.tasks.count()} 项任务，{flagged} 项待复核")
