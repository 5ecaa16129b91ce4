from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from progress import roles


@login_required
def home(request):
    """Each role's start page: reporters their tasks, the office its review queue."""
    if roles.is_reporting_user(request.user):
        return redirect("progress:my_tasks")
    if roles.sees_everything(request.user):
        return redirect("progress:review")
    return redirect("progress:no_role")
