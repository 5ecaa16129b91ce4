"""Who reports, reporting periods, progress reports, their values and history, task closure.

By topic: `profiles` (who reports), `periods` (periods, their history, the targets they
judge), `reports` (progress reports, their values and history), `counts` (how many reports
a unit has in a period, kept by triggers), `closure` (办结销号 and a task's history),
`instructions` (领导批示), `shares` (目标分解), `attachments` (佐证材料 and where they are
stored). Import them from here: `from progress.models import ProgressReport`.
Migrations name `progress.models.attachment_path` and `progress.models.attachment_storage`,
so those stay importable from here too."""

from progress.models.attachments import Attachment, attachment_path, attachment_storage
from progress.models.closure import TaskClosure, TaskEvent
from progress.models.counts import ReportCount
from progress.models.instructions import Instruction
from progress.models.periods import JudgedTarget, Period, PeriodEvent
from progress.models.profiles import Profile
from progress.models.reports import ProgressReport, ReportEvent, ReportValue
from progress.models.shares import TargetShare, TargetShareEvent

__all__ = [
    "Attachment",
    "Instruction",
    "JudgedTarget",
    "Period",
    "PeriodEvent",
    "Profile",
    "ProgressReport",
    "ReportCount",
    "ReportEvent",
    "ReportValue",
    "TargetShare",
    "TargetShareEvent",
    "TaskClosure",
    "TaskEvent",
    "attachment_path",
    "attachment_storage",
]
