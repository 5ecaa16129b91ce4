from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.auth import ThrottledLoginView
from config.views import home

admin.site.site_header = "计划任务跟踪系统 · 管理"
admin.site.site_title = "计划任务跟踪系统"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The admin's own login form (staff only), with the same throttle and no redirect loop
    # for a signed-in user who is not staff.
    path(
        "admin/login/",
        ThrottledLoginView.as_view(
            authentication_form=AdminAuthenticationForm,
            redirect_authenticated_user=False,
            template_name="admin/login.html",
            extra_context={
                "site_header": admin.site.site_header,
                "site_title": admin.site.site_title,
            },
        ),
    ),
    path("admin/", admin.site.urls),
    path("", include("config.api")),
    path("progress/", include("progress.urls")),
    path("dashboard/", include("reports.dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("plans/", include("tasks.urls")),
]

# Under /api/ in the API's error shape, elsewhere the Chinese pages (config/views.py).
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
