"""What the branches API views share: the page query and the largest id."""

from __future__ import annotations

from rest_framework import serializers

# No row has a larger id (a 64-bit column); a bigger number is refused as input.
ID_MAX = 2**63 - 1


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=1_000_000, help_text="past the last: the last"
    )

    class Meta:
        ref_name = "BranchesPageQuery"
