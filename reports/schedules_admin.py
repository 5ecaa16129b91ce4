"""django-celery-beat's admin (the schedules the office edits in the admin) with Chinese column
headers where it lists a property or method: its own translations cover only model fields."""

from django.contrib import admin
from django_celery_beat.admin import CrontabScheduleAdmin, PeriodicTaskAdmin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

admin.site.unregister(PeriodicTask)
admin.site.unregister(CrontabSchedule)


class JobFilter(admin.AllValuesFieldListFilter):
    """The filter on the job's name ("Task Name" is not in the package's translation)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "任务名"


@admin.register(PeriodicTask)
class PeriodicTaskChineseAdmin(PeriodicTaskAdmin):
    list_display = [
        "schedule_name" if name == "scheduler" else name for name in PeriodicTaskAdmin.list_display
    ]
    list_filter = [
        ("task", JobFilter) if name == "task" else name for name in PeriodicTaskAdmin.list_filter
    ]

    @admin.display(description="调度方式")
    def schedule_name(self, task):
        return task.scheduler


@admin.register(CrontabSchedule)
class CrontabScheduleChineseAdmin(CrontabScheduleAdmin):
    list_display = ["__str__", "described"]

    @admin.display(description="说明")
    def described(self, schedule):
        return schedule.human_readable
