"""What every pensioner page shares: the pensioner of the signed-in account, or 404."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from pensioners.selectors.pensions import pensioner_for_user


def pensioner_required(view):
    """Signed in, and a pensioner (by national code).

    Anyone else opening one of the service pages (a GET without an id: the home page's
    service desk links there, so it must not be a dead end) gets a page saying no pension
    is on file for them; any other request — an object by its id, a POST — is a 404.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pensioner = pensioner_for_user(user=request.user)
        if pensioner is None:
            if request.method == "GET" and not kwargs:
                return render(request, "pensioners/no_pensioner.html")
            raise Http404
        request.pensioner = pensioner
        return view(request, *args, **kwargs)

    return wrapper
