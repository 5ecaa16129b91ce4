"""Celery jobs of the tasks room: thin wrappers over services."""

from celery import shared_task

from tasks.services import plan_reload


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def plan_reload_job(key):
    """Reload plan `key` from its fixture; returns its task count."""
    return plan_reload(key=key).tasks.count()
