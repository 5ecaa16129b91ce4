"""The Celery app. Jobs live in each room's `jobs.py` and are found by autodiscovery."""

import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("plantrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@worker_init.connect
def _lower_priority(**kwargs):
    """Background work yields the CPU to the web processes: a bulletin or a recompute being
    made never slows the pages and the API people are waiting for (WORKER_NICE, the pool's
    processes inherit it; 0 leaves the priority as it is)."""
    from django.conf import settings

    if settings.WORKER_NICE:
        try:
            os.nice(settings.WORKER_NICE)
        except (AttributeError, OSError) as exc:  # no os.nice (not POSIX), or refused
            logging.getLogger(__name__).warning("未能降低后台任务的 CPU 优先级：%s", exc)
