from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "进展报送"

    def ready(self):
        from plans.signals import plan_changed
        from progress.services import periods_ensure

        plan_changed.connect(
            lambda sender, plan, **kwargs: periods_ensure(plan=plan),
            weak=False,
            dispatch_uid="progress.periods_ensure",
        )
