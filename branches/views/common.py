"""Helpers shared by the branch pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from branches.selectors.staff import case_desk_memberships_for_user, staff_memberships_for_user


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in AND a member of at least one branch; sets request.staff_memberships.

    Anyone else gets 404, not 403: staff pages do not exist for them.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        memberships = list(staff_memberships_for_user(user=request.user))
        if not memberships:
            raise Http404
        request.staff_memberships = memberships
        return view(request, *args, **kwargs)

    return wrapper


def case_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`staff_required` of the case pages: a member of a branch OR of an agency (agency staff
    review the cases routed to their agency in the same queue); sets request.staff_memberships
    (branch memberships first, then agency ones). Anyone else gets 404.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        memberships = case_desk_memberships_for_user(user=request.user)
        if not memberships:
            raise Http404
        request.staff_memberships = memberships
        return view(request, *args, **kwargs)

    return wrapper
