from django.dispatch import Signal

# Sent after a plan was loaded or its settings (reporting deadlines, threshold) changed:
# plan=Plan. Progress keeps the plan's periods in line with it.
plan_changed = Signal()
