from django.urls import path

from reports import views
from reports.supervision import views as supervision

app_name = "reports"

urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/send/", supervision.reminders_send, name="reminders_send"),
    path("reminders/<int:pk>/document/", supervision.reminder_document, name="reminder_document"),
    path("closures/", views.closures, name="closures"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/download/", views.bulletin_download, name="bulletin_download"),
    path("bulletins/template/", views.bulletin_template, name="bulletin_template"),
]
