from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
]
