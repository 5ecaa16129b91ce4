from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
    path("closures/", views.closures, name="closures"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/download/", views.bulletin_download, name="bulletin_download"),
]
