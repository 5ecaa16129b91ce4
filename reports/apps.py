from django.apps import AppConfig
from django.db import transaction


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "完成率与通报"

    def ready(self):
        from plans.signals import plan_changed
        from progress.signals import (
            plan_progress_changed,
            reports_changed,
            reports_submitting,
            task_changed,
            task_closing,
        )
        from reports import checks, jobs
        from reports.snapshots import plan_recompute

        reports_submitting.connect(
            checks.problems_required_when_lagging, dispatch_uid="reports.problems_required"
        )
        task_closing.connect(checks.counted_completion, dispatch_uid="reports.counted_completion")
        reports_changed.connect(
            jobs.recompute_after_reports_change, dispatch_uid="reports.recompute_on_report"
        )
        task_changed.connect(jobs.recompute_after_task_change, dispatch_uid="reports.on_task")

        def recompute_plan(sender, plan, **kwargs):
            # After the commit: the plan's periods (made by progress on the same signal) exist.
            transaction.on_commit(lambda: plan_recompute(plan_id=plan.pk), robust=True)

        plan_changed.connect(recompute_plan, weak=False, dispatch_uid="reports.on_plan")
        plan_progress_changed.connect(
            recompute_plan, weak=False, dispatch_uid="reports.recompute_on_plan"
        )
