from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = "进展报送"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, pre_save

        from plans.signals import plan_changed
        from progress.api.tokens import tokens_revoke_on_password_change
        from progress.models import Attachment
        from progress.services import periods_ensure
        from progress.services.attachments import attachment_files_delete

        pre_save.connect(
            tokens_revoke_on_password_change,
            sender=get_user_model(),
            dispatch_uid="progress.tokens_revoke_on_password_change",
        )

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
