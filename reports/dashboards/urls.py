from django.urls import path

from reports.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/download/<slug:table>/", views.task, name="task_download"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/download/<slug:table>/", views.unit, name="unit_download"),
    path("regions/", views.region_index, name="region_index"),
    path("regions/<str:code>/", views.region, name="region"),
    path("regions/<str:code>/download/<slug:table>/", views.region, name="region_download"),
    path("<str:plan_key>/", views.overview, name="overview"),
    path("<str:plan_key>/download/<slug:table>/", views.overview, name="overview_download"),
    path("<str:plan_key>/tasks/", views.task_list, name="task_list"),
    path(
        "<str:plan_key>/tasks/download/<slug:table>/",
        views.task_list,
        name="task_list_download",
    ),
]
