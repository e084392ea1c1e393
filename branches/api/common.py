"""What the branches API views share: a page of a list."""

from __future__ import annotations

from django.core.paginator import Paginator
from rest_framework import serializers

PAGE_SIZE = 20
# No row has a larger id (a 64-bit column); a bigger number is refused as input.
ID_MAX = 2**63 - 1


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=1_000_000, help_text="past the last: the last"
    )

    class Meta:
        ref_name = "BranchesPageQuery"


def page_of(items, *, page: int | None, per_page: int = PAGE_SIZE) -> dict:
    """`{page, num_pages, count, results}` of a queryset (a COUNT and one page's rows)."""
    paginator = Paginator(items, per_page)
    current = paginator.get_page(page or 1)
    return {
        "page": current.number,
        "num_pages": paginator.num_pages,
        "count": paginator.count,
        "results": list(current.object_list),
    }
