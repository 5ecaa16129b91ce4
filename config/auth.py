"""Login with a lockout (config/doors.py): after too many wrong passwords for one account, or
from one client address, the login page refuses further attempts for a while (Django's
deployment checklist)."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from config import doors


class ThrottledLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def _username(self):
        return self.request.POST.get("username") or ""

    def post(self, request, *args, **kwargs):
        if doors.login_locked(request, self._username()):
            form = self.get_form()
            form.add_error(None, doors.lockout_message())
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(settings.LOGIN_LOCKOUT_SECONDS)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        # A wrong password counts; a form sent without one does not.
        if self._username() and self.request.POST.get("password"):
            doors.login_failed(self.request, self._username())
        return super().form_invalid(form)

    def form_valid(self, form):
        doors.login_succeeded(self.request, self._username())
        return super().form_valid(form)
