from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from progress import roles
from progress.models import Profile


@login_required
def home(request):
    """Each role's start page, where it works: reporters their tasks, the office its
    workbench, leaders and readers the dashboard."""
    role = roles.role_of(request.user)
    if role == Profile.Role.REPORTER:
        return redirect("progress:my_tasks")
    if role == Profile.Role.OFFICE:
        return redirect("review:workbench")
    if role in (Profile.Role.LEADER, Profile.Role.READER):
        return redirect("dashboards:index")
    return redirect("progress:no_role")
