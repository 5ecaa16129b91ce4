from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "进展报送"

    def ready(self):
        from django.db.models.signals import post_delete

        from plans.signals import plan_changed
        from progress.models import Attachment
        from progress.services import periods_ensure
        from progress.services.attachments import attachment_files_delete

        plan_changed.connect(
            lambda sender, plan, **kwargs: periods_ensure(plan=plan),
            weak=False,
            dispatch_uid="progress.periods_ensure",
        )
        post_delete.connect(
            attachment_files_delete,
            sender=Attachment,
            dispatch_uid="progress.attachment_files_delete",
        )
