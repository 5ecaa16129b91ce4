from progress import roles


def role(request):
    """The signed-in user's role and unit, for the navigation of every page."""
    user = getattr(request, "user", None)
    return {
        "user_role": roles.role_of(user),
        "user_unit": roles.unit_of(user),
        "is_office": roles.is_office(user),
        "sees_everything": roles.sees_everything(user),
    }
