"""The tables of the reports room, by topic: completion snapshots, their rows and roll-ups,
and the requests to recompute them (snapshots.py); bulletins with their templates and 文号
(bulletins.py); reminders and supervision notices (reminders.py). Everything is imported here,
so that Django finds the models and other code imports them from reports.models."""

from reports.models.bulletins import Bulletin, BulletinNumber, BulletinTemplate
from reports.models.reminders import Reminder
from reports.models.snapshots import (
    LIGHT_CHOICES,
    STATUS_CHOICES,
    RecomputeRequest,
    Snapshot,
    SnapshotEntry,
    SnapshotSection,
    SnapshotTask,
    SnapshotUnit,
)

__all__ = [
    "LIGHT_CHOICES",
    "STATUS_CHOICES",
    "Bulletin",
    "BulletinNumber",
    "BulletinTemplate",
    "RecomputeRequest",
    "Reminder",
    "Snapshot",
    "SnapshotEntry",
    "SnapshotSection",
    "SnapshotTask",
    "SnapshotUnit",
]
