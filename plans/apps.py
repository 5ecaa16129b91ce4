from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "计划与单位"
