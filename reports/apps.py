from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "完成率与通报"

    def ready(self):
        from progress.signals import plan_progress_changed, report_changed, report_submitting
        from reports import checks, jobs

        report_submitting.connect(
            checks.problems_required_when_lagging, dispatch_uid="reports.problems_required"
        )
        report_changed.connect(
            jobs.recompute_after_report_change, dispatch_uid="reports.recompute_on_report"
        )
        plan_progress_changed.connect(
            lambda sender, plan, **kwargs: jobs.plan_recompute_job.delay(plan.pk),
            weak=False,
            dispatch_uid="reports.recompute_on_plan",
        )
