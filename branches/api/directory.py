"""Centres guide API (راهنمای مراکز): branches and satellite branches, agencies, medical centres.

Public (no sign-in needed; a signed-in app is still limited per account) and read-only:
the same selectors as the directory pages (`branches.selectors.directory`) with the same
filters — province by slug, city by id, free text `q` over name, address, city and code,
and each list's own (branch kind; agency duty and medical documents; centre kind,
ownership, specialty) — 20 a page. A detail is by code; an inactive or unknown code is 404.
The filters' own lists: provinces, cities (of a province), agency duties, specialties.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from branches.api.common import ID_MAX, PageQuerySerializer
from branches.models import BranchKind, MedicalCentreKind, Ownership
from branches.selectors import directory as selectors
from tamin.core.api import page_of


class _PublicApi(APIView):
    """Anyone may read; the token or session, when sent, still identifies the caller so the
    request limit is per account (docs/api.md)."""

    permission_classes = (AllowAny,)


# --- The filters' lists ------------------------------------------------------------------


class ProvinceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(help_text="the `province` filter of the centres lists")
    name = serializers.CharField()

    class Meta:
        ref_name = "CentresProvince"


class CentresProvincesApi(_PublicApi):
    @extend_schema(
        operation_id="centres_provinces",
        responses=ProvinceSerializer(many=True),
        summary="Provinces, by name: `slug` filters the centres lists, `id` the appointments",
    )
    def get(self, request: Request) -> Response:
        return Response(ProvinceSerializer(selectors.provinces(), many=True).data)


class CentresCitiesApi(_PublicApi):
    class InputSerializer(serializers.Serializer):
        province = serializers.SlugField(required=False, allow_blank=True, max_length=64)

        class Meta:
            ref_name = "CentresCitiesQuery"

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(help_text="the `city` filter")
        name = serializers.CharField()
        province = serializers.CharField(source="province.slug")
        province_name = serializers.CharField(source="province.name")

        class Meta:
            ref_name = "CentresCity"

    @extend_schema(
        operation_id="centres_cities",
        parameters=[InputSerializer],
        responses=OutputSerializer(many=True),
        summary="Cities of a province (by slug), by name; every city without one",
    )
    def get(self, request: Request) -> Response:
        query = self.InputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cities = selectors.cities_for_province(province=query.validated_data.get("province", ""))
        return Response(self.OutputSerializer(cities, many=True).data)


class AgencyDutySerializer(serializers.Serializer):
    key = serializers.CharField(help_text="the `duty` filter of the agencies")
    title = serializers.CharField()

    class Meta:
        ref_name = "CentresAgencyDuty"


class CentresAgencyDutiesApi(_PublicApi):
    @extend_schema(
        operation_id="centres_agency_duties",
        responses=AgencyDutySerializer(many=True),
        summary="What agencies do (their duties), by title",
    )
    def get(self, request: Request) -> Response:
        return Response(AgencyDutySerializer(selectors.agency_duties(), many=True).data)


class SpecialtySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the `specialty` filter of the medical centres")
    name = serializers.CharField()

    class Meta:
        ref_name = "CentresSpecialty"


class CentresSpecialtiesApi(_PublicApi):
    @extend_schema(
        operation_id="centres_specialties",
        responses=SpecialtySerializer(many=True),
        summary="Medical specialties, by name",
    )
    def get(self, request: Request) -> Response:
        return Response(SpecialtySerializer(selectors.specialties(), many=True).data)


# --- Places ------------------------------------------------------------------------------


class PlaceSerializer(serializers.Serializer):
    """Where a place is and how to reach it (every kind of place)."""

    code = serializers.CharField()
    name = serializers.CharField()
    province = serializers.CharField(source="province.name")
    province_slug = serializers.CharField(source="province.slug")
    city = serializers.CharField(source="city.name")
    city_id = serializers.IntegerField()
    address = serializers.CharField()
    postal_code = serializers.CharField()
    phone = serializers.CharField()
    hours = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class BranchSerializer(PlaceSerializer):
    kind = serializers.CharField(help_text="one of: " + ", ".join(BranchKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    parent_code = serializers.CharField(
        source="parent.code", allow_null=True, help_text="a satellite's main branch"
    )

    class Meta:
        ref_name = "CentresBranch"


class AgencySerializer(PlaceSerializer):
    branch_code = serializers.CharField(source="branch.code", help_text="the supervising branch")
    branch_name = serializers.CharField(source="branch.name")
    accepts_medical_documents = serializers.BooleanField()
    duties = AgencyDutySerializer(many=True, source="duties.all")

    class Meta:
        ref_name = "CentresAgency"


class MedicalCentreSerializer(PlaceSerializer):
    kind = serializers.CharField(help_text="one of: " + ", ".join(MedicalCentreKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    ownership = serializers.CharField(help_text="one of: " + ", ".join(Ownership.values))
    ownership_label = serializers.CharField(source="get_ownership_display")
    specialties = SpecialtySerializer(many=True, source="specialties.all")

    class Meta:
        ref_name = "CentresMedicalCentre"


class PlaceQuerySerializer(PageQuerySerializer):
    province = serializers.SlugField(
        required=False, allow_blank=True, max_length=64, help_text="a province's slug"
    )
    city = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX, help_text="a city's id"
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=80, help_text="name, address, city, code"
    )

    def filters(self) -> dict:
        data = dict(self.validated_data)
        data.pop("page", None)
        return data


def _page(request: Request, query_class, search, serializer_class) -> Response:
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    page = page_of(search(**query.filters()), page=query.validated_data.get("page"))
    return Response(page.body("results", serializer_class(page.items, many=True).data))


class CentresBranchesApi(_PublicApi):
    class InputSerializer(PlaceQuerySerializer):
        kind = serializers.ChoiceField(choices=BranchKind.choices, required=False, allow_blank=True)

        class Meta:
            ref_name = "CentresBranchesQuery"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        results = BranchSerializer(many=True)

        class Meta:
            ref_name = "CentresBranchesPage"

    @extend_schema(
        operation_id="centres_branches",
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Active branches and satellite branches (شعب اقماری), 20 a page, filtered as "
        "on the directory page",
    )
    def get(self, request: Request) -> Response:
        return _page(request, self.InputSerializer, selectors.branch_search, BranchSerializer)


class CentresBranchDetailApi(_PublicApi):
    class OutputSerializer(BranchSerializer):
        class NearbySerializer(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()
            city = serializers.CharField(source="city.name")
            address = serializers.CharField()
            phone = serializers.CharField()

            class Meta:
                ref_name = "CentresBranchNearby"

        satellites = NearbySerializer(many=True, source="satellites.all")
        agencies = NearbySerializer(many=True, source="agencies.all")

        class Meta:
            ref_name = "CentresBranchDetail"

    @extend_schema(
        operation_id="centres_branch",
        responses=OutputSerializer,
        summary="One active branch with its active satellite branches and agencies; 404 otherwise",
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(self.OutputSerializer(selectors.branch_get_public(code=code)).data)


class CentresAgenciesApi(_PublicApi):
    class InputSerializer(PlaceQuerySerializer):
        duty = serializers.SlugField(
            required=False, allow_blank=True, max_length=48, help_text="a duty's key"
        )
        medical_documents = serializers.BooleanField(
            required=False, default=False, help_text="only agencies accepting medical documents"
        )

        class Meta:
            ref_name = "CentresAgenciesQuery"

        def filters(self) -> dict:
            data = super().filters()
            # as on the page: ticked → only those accepting them; else every agency
            data["accepts_medical_documents"] = True if data.pop("medical_documents") else None
            return data

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        results = AgencySerializer(many=True)

        class Meta:
            ref_name = "CentresAgenciesPage"

    @extend_schema(
        operation_id="centres_agencies",
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Active agencies (کارگزاری) of active branches, 20 a page, filtered as on the "
        "directory page",
    )
    def get(self, request: Request) -> Response:
        return _page(request, self.InputSerializer, selectors.agency_search, AgencySerializer)


class CentresAgencyDetailApi(_PublicApi):
    @extend_schema(
        operation_id="centres_agency",
        responses=AgencySerializer,
        summary="One active agency with its duties; 404 otherwise",
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(AgencySerializer(selectors.agency_get_public(code=code)).data)


class CentresMedicalCentresApi(_PublicApi):
    class InputSerializer(PlaceQuerySerializer):
        kind = serializers.ChoiceField(
            choices=MedicalCentreKind.choices, required=False, allow_blank=True
        )
        ownership = serializers.ChoiceField(
            choices=Ownership.choices, required=False, allow_blank=True
        )
        specialty = serializers.IntegerField(
            required=False, min_value=1, max_value=ID_MAX, help_text="a specialty's id"
        )

        class Meta:
            ref_name = "CentresMedicalCentresQuery"

    class OutputSerializer(serializers.Serializer):
        page = serializers.IntegerField()
        num_pages = serializers.IntegerField()
        count = serializers.IntegerField()
        results = MedicalCentreSerializer(many=True)

        class Meta:
            ref_name = "CentresMedicalCentresPage"

    @extend_schema(
        operation_id="centres_medical_centres",
        parameters=[InputSerializer],
        responses=OutputSerializer,
        summary="Active medical centres (owned and contracted), 20 a page, filtered as on the "
        "directory page",
    )
    def get(self, request: Request) -> Response:
        return _page(
            request,
            self.InputSerializer,
            selectors.medical_centre_search,
            MedicalCentreSerializer,
        )


class CentresMedicalCentreDetailApi(_PublicApi):
    @extend_schema(
        operation_id="centres_medical_centre",
        responses=MedicalCentreSerializer,
        summary="One active medical centre with its specialties; 404 otherwise",
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(
            MedicalCentreSerializer(selectors.medical_centre_get_public(code=code)).data
        )
