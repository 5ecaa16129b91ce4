from django.core.management.base import BaseCommand

from reports.schedules import schedules_ensure


class Command(BaseCommand):
    help = "在 django-celery-beat 中建立定时任务（已存在的不改动，办公室可在管理后台调整）。"

    def handle(self, *args, **options):
        for name, created in schedules_ensure():
            self.stdout.write(f"定时任务“{name}”{'已建立' if created else '已存在'}")
