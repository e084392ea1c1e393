"""Pieces the claims API modules share (notices, rulings, objections, installments,
clearance): one page of a queryset, and the guard that an object reached by its id
under `/workshops/<id>/…` belongs to that workshop (404 otherwise, like a missing one).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from tamin.core.api import Page, page_of  # noqa: F401  (the employers API's pages: the kernel's)

# An ISO date before this is a Jalali date typed by mistake (1404-01-01 is a valid ISO date).
EARLIEST_YEAR = 1900


class IsoDateField(serializers.DateField):
    """A Gregorian ISO date (YYYY-MM-DD); a Jalali date typed in its place is refused."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day.year < EARLIEST_YEAR:
            raise serializers.ValidationError(
                _("تاریخ را میلادی و به شکل YYYY-MM-DD بنویسید (مانند 2025-03-21).")
            )
        return day


PAGE_PARAMETER = OpenApiParameter(
    "page", OpenApiTypes.INT, description="1 = the newest; past the last page: the last page"
)


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=1_000_000, help_text="1 = the newest"
    )

    class Meta:
        ref_name = "EmployerClaimsPageQuery"


def same_workshop(obj, *, workshop) -> None:
    """404 when `obj` (reached by its own id) is not of the workshop in the path."""
    if obj.workshop_id != workshop.pk:
        raise Http404
