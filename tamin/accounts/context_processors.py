"""Role switcher entries for the header."""

from tamin.accounts.models import Role


def roles(request):
    available = getattr(request, "available_roles", ())
    return {"role_choices": [role for role in Role if role.value in available]}
