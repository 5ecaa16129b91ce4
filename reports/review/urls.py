"""Mounted at the site's root (config/urls.py), before progress, so that the queue keeps its
address under /progress/."""

from django.urls import path

from reports.review import views

app_name = "review"

urlpatterns = [
    path("progress/review/", views.review_queue, name="queue"),
    path("progress/review/bulk/", views.review_bulk, name="bulk"),
    path("workbench/", views.office_workbench, name="workbench"),
]
