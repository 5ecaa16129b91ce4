"""Every change to periods, reports, their files, task closure and target shares. Views, API, Excel import,
admin and commands call these; nothing else saves these rows.

By topic: `reporting` (a report's life), `attachments` (佐证材料), `periods` (periods, the targets they judge, closing
them), `closure` (办结销号), `shares` (目标分解)."""

from progress.services.attachments import (
    attachment_add,
    attachment_limits,
    attachment_remove,
    attachments_blocked,
)
from progress.services.closure import task_close, task_reopen
from progress.services.periods import (
    judged_targets_sync,
    period_close,
    period_reopen,
    periods_ensure,
)
from progress.services.reporting import (
    EDITABLE_STATES,
    clean_percent,
    clean_values,
    report_approve,
    report_return,
    report_save,
    report_submit,
    submission_problems,
)
from progress.services.shares import (
    ShareRow,
    SharesSaved,
    target_share_delete,
    target_share_set,
    target_shares_save,
)
from tasks.amounts import number_text

__all__ = [
    "EDITABLE_STATES",
    "ShareRow",
    "SharesSaved",
    "attachment_add",
    "attachment_limits",
    "attachment_remove",
    "attachments_blocked",
    "clean_percent",
    "clean_values",
    "judged_targets_sync",
    "number_text",
    "period_close",
    "period_reopen",
    "periods_ensure",
    "report_approve",
    "report_return",
    "report_save",
    "report_submit",
    "submission_problems",
    "target_share_delete",
    "target_share_set",
    "target_shares_save",
    "task_close",
    "task_reopen",
]
