from django.urls import path

from progress import evidence_views, instruction_views, shares_views, views

app_name = "progress"

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("no-role/", views.no_role, name="no_role"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:pk>/toggle/", views.period_toggle, name="period_toggle"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path(
        "tasks/<int:pk>/instructions/",
        instruction_views.instruction_add,
        name="instruction_add",
    ),
    path("tasks/<int:pk>/shares/", shares_views.shares, name="shares"),
    path("plans/<str:plan_key>/shares.xlsx", shares_views.shares_download, name="shares_download"),
    path("plans/<str:plan_key>/shares/upload/", shares_views.shares_upload, name="shares_upload"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/attachments/", evidence_views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", evidence_views.attachment_download, name="attachment_download"),
    path(
        "attachments/<int:pk>/thumbnail/",
        evidence_views.attachment_thumbnail,
        name="attachment_thumbnail",
    ),
    path(
        "attachments/<int:pk>/remove/",
        evidence_views.attachment_remove,
        name="attachment_remove",
    ),
    path(
        "<str:plan_key>/<str:period_label>/tasks/<str:number>/",
        views.report_form,
        name="report_form",
    ),
    path(
        "<str:plan_key>/<str:period_label>/template.xlsx",
        views.template_download,
        name="template_download",
    ),
    path(
        "<str:plan_key>/<str:period_label>/upload/", views.template_upload, name="template_upload"
    ),
]
