"""Where a form sends a person back after it is done."""

from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, default=""):
    """The page the form came from (its `next`, posted or in the query) when it is a page of
    this site, else `default`: never an address elsewhere (an open redirect)."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return default
