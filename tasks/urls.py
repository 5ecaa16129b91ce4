from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("import/", views.plan_import, name="import"),
    path("import/<int:pk>/", views.plan_import_review, name="import_review"),
    path("import/<int:pk>/decide/", views.plan_import_decide, name="import_decide"),
]
