from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("no-role/", views.no_role, name="no_role"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:pk>/toggle/", views.period_toggle, name="period_toggle"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
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
