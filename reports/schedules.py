"""The periodic jobs, declared in one place and stored in django-celery-beat, where the
office can change their times in the admin."""

from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

SCHEDULES = [
    # (name, job, minute, hour)
    # Just after midnight: a deadline that passed changes every unreported task's status.
    ("每晚重算开放报告期的完成率", "reports.jobs.snapshots_nightly_job", "5", "0"),
    # Figures and bulletins whose job was lost (Redis down, a worker killed) catch up within a
    # minute or two of the broker being back, without waiting for the next report.
    ("补算待重算的完成率", "reports.jobs.recompute_sweep_job", "*", "*"),
    ("截止日后生成季度通报", "reports.jobs.bulletins_due_job", "30", "6"),
    ("报送提醒与督办", "reports.jobs.reminders_job", "0", "8"),
]


@transaction.atomic
def schedules_ensure():
    """Create the periodic tasks that do not exist yet; existing ones keep the office's edits."""
    results = []
    for name, job, minute, hour in SCHEDULES:
        if PeriodicTask.objects.filter(name=name).exists():
            results.append((name, False))
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.create(name=name, task=job, crontab=crontab)
        results.append((name, True))
    return results
