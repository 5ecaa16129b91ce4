from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from progress import roles


@login_required
def home(request):
    """Each role's start page: reporters their unit's page (which leads to their tasks), the
    office its review queue."""
    if roles.is_reporting_user(request.user):
        return redirect("dashboards:unit", pk=roles.unit_of(request.user).pk)
    if roles.sees_everything(request.user):
        return redirect("progress:review")
    return redirect("progress:no_role")
