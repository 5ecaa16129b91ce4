"""Every change to periods, reports, their files, task closure and target shares. Views, API,
Excel import, admin and commands call these; nothing else saves these rows.

By topic: `reporting` (a report written and submitted, one or a batch), `review` (reports
approved or returned, one or many in one action), `attachments` (佐证材料), `periods` (periods,
the targets they judge, closing them), `closure` (办结销号), `shares` (目标分解),
`instructions` (领导批示), `counts` (the kept counts of reports checked and counted again);
`common` holds what they share (numbers typed by people, who did something, a report's
content, version check and row lock)."""

from progress.services.attachments import (
    attachment_add,
    attachment_limits,
    attachment_remove,
    attachments_blocked,
)
from progress.services.closure import task_close, task_reopen
from progress.services.counts import report_counts_refill, report_counts_wrong
from progress.services.instructions import instruction_add, may_instruct
from progress.services.periods import (
    judged_targets_sync,
    period_close,
    period_reopen,
    periods_ensure,
)
from progress.services.reporting import (
    EDITABLE_STATES,
    Batch,
    Write,
    WriteErrors,
    clean_percent,
    clean_values,
    report_save,
    report_submit,
    reports_write,
)
from progress.services.review import (
    ReviewResult,
    report_approve,
    report_approve_many,
    report_return,
    report_return_many,
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
    "report_counts_refill",
    "report_counts_wrong",
    "Batch",
    "Write",
    "WriteErrors",
    "EDITABLE_STATES",
    "ReviewResult",
    "ShareRow",
    "SharesSaved",
    "attachment_add",
    "instruction_add",
    "may_instruct",
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
    "report_approve_many",
    "report_return",
    "report_return_many",
    "report_save",
    "reports_write",
    "report_submit",
    "target_share_delete",
    "target_share_set",
    "target_shares_save",
    "task_close",
    "task_reopen",
]
