"""Public reads of the directory: branches (incl. satellites), agencies, medical centres.

Everything here is public; only active places are shown and a detail page of an
inactive or unknown code is a 404. Filters are optional and ignore blank values,
so a GET form can pass its raw fields.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from branches.models import (
    Agency,
    AgencyDuty,
    Branch,
    City,
    MedicalCentre,
    Province,
    Specialty,
)


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("name")


def cities_for_province(*, province: str = "") -> QuerySet[City]:
    """Cities of one province (by slug); every city when no province is chosen."""
    cities = City.objects.select_related("province").order_by("name")
    if province:
        cities = cities.filter(province__slug=province)
    return cities


def agency_duties() -> QuerySet[AgencyDuty]:
    return AgencyDuty.objects.order_by("title")


def specialties() -> QuerySet[Specialty]:
    return Specialty.objects.order_by("name")


def _place_filter(
    places: QuerySet, *, province: str = "", city: int | str | None = None, q: str = ""
) -> QuerySet:
    """Province by slug, city by id, free text over name/address/city/code."""
    if province:
        places = places.filter(province__slug=province)
    if city not in (None, ""):
        try:
            places = places.filter(city_id=int(city))
        except (TypeError, ValueError):
            return places.none()
    q = (q or "").strip()
    if q:
        places = places.filter(
            Q(name__icontains=q)
            | Q(address__icontains=q)
            | Q(city__name__icontains=q)
            | Q(code__iexact=q)
        )
    return places


def branch_search(
    *, province: str = "", city: int | str | None = None, kind: str = "", q: str = ""
) -> QuerySet[Branch]:
    branches = Branch.objects.filter(is_active=True).select_related("province", "city", "parent")
    if kind:
        branches = branches.filter(kind=kind)
    return _place_filter(branches, province=province, city=city, q=q)


def branch_get_public(*, code: str) -> Branch:
    """An active branch with its active satellites and agencies; 404 otherwise."""
    branch = (
        Branch.objects.filter(is_active=True, code=code)
        .select_related("province", "city", "parent")
        .prefetch_related(
            Prefetch(
                "satellites",
                queryset=Branch.objects.filter(is_active=True).select_related("city"),
            ),
            Prefetch(
                "agencies",
                queryset=Agency.objects.filter(is_active=True)
                .select_related("city")
                .prefetch_related("duties"),
            ),
        )
        .first()
    )
    if branch is None:
        raise Http404
    return branch


def agency_search(
    *,
    province: str = "",
    city: int | str | None = None,
    duty: str = "",
    accepts_medical_documents: bool | None = None,
    q: str = "",
) -> QuerySet[Agency]:
    agencies = (
        Agency.objects.filter(is_active=True, branch__is_active=True)
        .select_related("province", "city", "branch")
        .prefetch_related("duties")
    )
    if duty:
        agencies = agencies.filter(duties__key=duty)
    if accepts_medical_documents is not None:
        agencies = agencies.filter(accepts_medical_documents=accepts_medical_documents)
    return _place_filter(agencies, province=province, city=city, q=q)


def agency_get_public(*, code: str) -> Agency:
    agency = (
        Agency.objects.filter(is_active=True, code=code)
        .select_related("province", "city", "branch")
        .prefetch_related("duties")
        .first()
    )
    if agency is None:
        raise Http404
    return agency


def medical_centre_search(
    *,
    province: str = "",
    city: int | str | None = None,
    kind: str = "",
    ownership: str = "",
    specialty: int | str | None = None,
    q: str = "",
) -> QuerySet[MedicalCentre]:
    centres = (
        MedicalCentre.objects.filter(is_active=True)
        .select_related("province", "city")
        .prefetch_related("specialties")
    )
    if kind:
        centres = centres.filter(kind=kind)
    if ownership:
        centres = centres.filter(ownership=ownership)
    if specialty not in (None, ""):
        try:
            centres = centres.filter(specialties__id=int(specialty))
        except (TypeError, ValueError):
            return centres.none()
    return _place_filter(centres, province=province, city=city, q=q)


def medical_centre_get_public(*, code: str) -> MedicalCentre:
    centre = (
        MedicalCentre.objects.filter(is_active=True, code=code)
        .select_related("province", "city")
        .prefetch_related("specialties")
        .first()
    )
    if centre is None:
        raise Http404
    return centre


MAP_POINT_LIMIT = 2000


def map_points(places: QuerySet) -> list[dict]:
    """Markers for the map: places with coordinates, at most MAP_POINT_LIMIT of them."""
    rows = (
        places.exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
        .prefetch_related(None)
        .values("code", "name", "address", "phone", "latitude", "longitude", "city__name")
    )[:MAP_POINT_LIMIT]
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "address": row["address"],
            "phone": row["phone"],
            "city": row["city__name"],
            "lat": float(row["latitude"]),
            "lng": float(row["longitude"]),
        }
        for row in rows
    ]
