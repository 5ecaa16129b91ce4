"""A Celery app for the killed-worker test of the figures: the real app, with the recompute
made slow once it has taken its marks (it writes a marker file first), so the test can kill
the worker inside the job's transaction."""

import os
import time
from pathlib import Path

from celery.signals import worker_init, worker_process_init

from config.celery import app  # noqa: F401  (the worker runs this app)


def _slow(original):
    def slow_refresh(*args, **kwargs):
        Path(os.environ["SLOW_WORKER_MARKER"]).write_text("computing")
        time.sleep(120)
        return original(*args, **kwargs)

    return slow_refresh


def _patch():
    from reports.snapshots import requests

    requests.snapshot_tasks_refresh = _slow(requests.snapshot_tasks_refresh)
    requests.snapshot_compute = _slow(requests.snapshot_compute)


worker_init.connect(lambda **kwargs: _patch(), weak=False)
worker_process_init.connect(lambda **kwargs: _patch(), weak=False)
