"""Signals progress sends; higher rooms (reports) connect to them in AppConfig.ready()."""

from django.dispatch import Signal

# Sent after the transaction that changed reports committed: changes=[(ProgressReport,
# action)] (a batch of writes sends one signal).
reports_changed = Signal()

# Sent while reports are being submitted, inside their transaction, with their content
# written: reports=[ProgressReport] (of one unit and period). A receiver returns
# {report id: {"field": "中文说明"}} for rules the reports break (e.g. 存在问题 missing while
# a report leaves its task lagging), or None.
reports_submitting = Signal()

# Sent while a task is being closed (办结销号), inside the transaction: task=Task,
# period=Period. A receiver returns the task's counted completion in that period (0..1, or
# None when nothing is counted).
task_closing = Signal()

# Sent after a task was closed or reopened, or its targets' shares changed: task=Task.
task_changed = Signal()

# Sent after a period was closed or reopened: plan=Plan.
plan_progress_changed = Signal()
