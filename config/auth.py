"""Login with a throttle: after too many failed attempts from one address for one user name,
the login page refuses further attempts for a while (Django's deployment checklist)."""

from django.contrib.auth import views as auth_views
from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 300


def _key(request):
    username = (request.POST.get("username") or "").strip().lower()
    return f"login-failures:{request.META.get('REMOTE_ADDR', '')}:{username}"


class ThrottledLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if cache.get(_key(request), 0) >= MAX_FAILURES:
            form = self.get_form()
            form.add_error(None, f"登录失败次数过多，请 {WINDOW_SECONDS // 60} 分钟后再试。")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _key(self.request)
        cache.set(key, cache.get(key, 0) + 1, WINDOW_SECONDS)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key(self.request))
        return super().form_valid(form)
