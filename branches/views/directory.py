"""Public directory pages: branches, satellite branches, agencies and medical centres.

No sign-in. The lists are plain GET forms with server-side pagination, so they
work without JavaScript; htmx only narrows the city select to the chosen
province, and the map (Leaflet + OpenStreetMap tiles) is an optional extra that
loads when its section is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from branches.forms.directory import (
    AgencyFilterForm,
    BranchFilterForm,
    CentreFilterForm,
    city_choices,
)
from branches.models import BranchKind
from branches.selectors import directory as selectors

PAGE_SIZE = 20


# --- Helpers --------------------------------------------------------------------


def _list_page(
    request: HttpRequest, search: Callable[[dict], Any], *, form_class, template: str, layer: str
) -> HttpResponse:
    """A directory list. The unfiltered list (only `page`, the way most people arrive) is
    a cached fragment (DIRECTORY_CACHE_SECONDS; dropped when any place changes), so its
    form and page are built lazily, only when the fragment is missing. A filtered or
    searched list is rendered every time: the cache is never keyed by what a visitor types."""
    page_number = request.GET.get("page", "")
    plain_page = not page_number or (page_number.isdigit() and len(page_number) <= 4)
    unfiltered = set(request.GET) <= {"page"} and plain_page
    form = SimpleLazyObject(lambda: form_class(request.GET))
    page = SimpleLazyObject(
        lambda: Paginator(search(form.filters()), PAGE_SIZE).get_page(page_number or None)
    )
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "page": page,
        "query": urlencode(query),
        "points_url": reverse("branches:map_points", args=[layer]) + "?" + urlencode(query),
        "filtered": bool(query),
        # {% cache %} with 0 seconds renders and keeps nothing.
        "directory_cache_seconds": settings.DIRECTORY_CACHE_SECONDS if unfiltered else 0,
        "directory_page": page_number or "1",
    }
    return render(request, template, context)


# --- Pages ----------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    context = {
        "form": BranchFilterForm(request.GET),
        "branch_count": selectors.branch_search(kind=BranchKind.BRANCH).count(),
        "satellite_count": selectors.branch_search(kind=BranchKind.SATELLITE).count(),
        "agency_count": selectors.agency_search().count(),
        "medical_documents_count": selectors.agency_search(accepts_medical_documents=True).count(),
        "centre_count": selectors.medical_centre_search().count(),
    }
    return render(request, "branches/directory/index.html", context)


@require_GET
def branch_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        lambda filters: selectors.branch_search(**filters),
        form_class=BranchFilterForm,
        template="branches/directory/branch_list.html",
        layer="branches",
    )


@require_GET
def branch_detail(request: HttpRequest, code: str) -> HttpResponse:
    branch = selectors.branch_get_public(code=code)
    return render(request, "branches/directory/branch_detail.html", {"place": branch})


@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    def search(filters: dict):
        return selectors.agency_search(
            province=filters["province"],
            city=filters["city"],
            duty=filters["duty"],
            accepts_medical_documents=True if filters["medical_documents"] else None,
            q=filters["q"],
        )

    return _list_page(
        request,
        search,
        form_class=AgencyFilterForm,
        template="branches/directory/agency_list.html",
        layer="agencies",
    )


@require_GET
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_public(code=code)
    return render(request, "branches/directory/agency_detail.html", {"place": agency})


@require_GET
def centre_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        lambda filters: selectors.medical_centre_search(**filters),
        form_class=CentreFilterForm,
        template="branches/directory/centre_list.html",
        layer="centres",
    )


@require_GET
def centre_detail(request: HttpRequest, code: str) -> HttpResponse:
    centre = selectors.medical_centre_get_public(code=code)
    return render(request, "branches/directory/centre_detail.html", {"place": centre})


@require_GET
def city_options(request: HttpRequest) -> HttpResponse:
    """htmx: the <option>s of the city select for the chosen province."""
    choices = city_choices(province=request.GET.get("province", "")[:64])
    return render(request, "branches/directory/_city_options.html", {"choices": choices})


_LAYERS = {
    "branches": (BranchFilterForm, "branches:branch_detail"),
    "agencies": (AgencyFilterForm, "branches:agency_detail"),
    "centres": (CentreFilterForm, "branches:centre_detail"),
}


@require_GET
def map_points(request: HttpRequest, layer: str) -> JsonResponse:
    """Markers of one list (same filters as the list, not paginated) as JSON."""
    if layer not in _LAYERS:
        raise Http404
    form_class, detail_name = _LAYERS[layer]
    filters = form_class(request.GET).filters()
    if layer == "branches":
        places = selectors.branch_search(**filters)
    elif layer == "agencies":
        places = selectors.agency_search(
            province=filters["province"],
            city=filters["city"],
            duty=filters["duty"],
            accepts_medical_documents=True if filters["medical_documents"] else None,
            q=filters["q"],
        )
    else:
        places = selectors.medical_centre_search(**filters)
    points = selectors.map_points(places)
    # One reverse() for all markers: the code is the only varying part of the URL.
    url_pattern = reverse(detail_name, args=["__code__"])
    for point in points:
        point["url"] = url_pattern.replace("__code__", point["code"])
    return JsonResponse({"points": points, "truncated": len(points) >= selectors.MAP_POINT_LIMIT})
