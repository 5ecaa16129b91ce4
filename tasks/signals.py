from django.dispatch import Signal

# Sent by plan_load after a plan was created or updated: plan=Plan.
plan_loaded = Signal()
