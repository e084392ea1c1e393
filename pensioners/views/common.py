"""What every pensioner page shares: the pensioner of the signed-in account, or 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from pensioners.selectors.pensions import pensioner_for_user


def pensioner_required(view):
    """Signed in, and a pensioner (by national code); anyone else gets a 404."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pensioner = pensioner_for_user(user=request.user)
        if pensioner is None:
            raise Http404
        request.pensioner = pensioner
        return view(request, *args, **kwargs)

    return wrapper
