"""A Celery app for the killed-worker test: the real app, with the bulletin workbook writer
made slow (it writes a marker file first), so the test can kill the worker mid-job."""

import os
import time
from pathlib import Path

from celery.signals import worker_init, worker_process_init

from config.celery import app  # noqa: F401  (the worker runs this app)


def _slow(original):
    def slow_workbook(snapshot, **options):
        Path(os.environ["SLOW_WORKER_MARKER"]).write_text("writing")
        time.sleep(120)
        return original(snapshot, **options)

    return slow_workbook


def _patch():
    import reports.bulletins

    reports.bulletins.bulletin_workbook = _slow(reports.bulletins.bulletin_workbook)


worker_init.connect(lambda **kwargs: _patch(), weak=False)
worker_process_init.connect(lambda **kwargs: _patch(), weak=False)
