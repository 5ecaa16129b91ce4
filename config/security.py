"""Middleware of our own beside Django's SecurityMiddleware.

- SecurityHeadersMiddleware: every response gets a Content-Security-Policy (everything from
  this site only: plotly.js and the Swagger UI come from static/, the pages have no inline
  scripts, handlers or style attributes; chart data rides in <script type="application/json">,
  which is not run) and a Permissions-Policy that turns off the browser features the app
  never uses. Django 5.2 has no CSP of its own. The one exception is the <style> elements
  plotly.js adds while drawing: a page with charts hands them this request's nonce
  (request.csp_nonce, static/js/csp-styles.js).
- ApiBodyLimitMiddleware: an API request whose declared body is above
  DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 in the API's error shape before it is read
  (DRF reads a JSON body as a stream, past Django's own check).
"""

import secrets

from django.conf import settings

from config.views import is_api, too_large


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY.replace("{nonce}", nonce)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ApiBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request) and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return too_large()
        return self.get_response(request)
