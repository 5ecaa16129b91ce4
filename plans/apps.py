from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "计划与单位"

    def ready(self):
        from django.db import models

        from plans.bulk import AnyId

        for field in (models.AutoField, models.BigAutoField, models.ForeignKey):
            field.register_lookup(AnyId)
