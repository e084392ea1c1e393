"""Insured API: the person (identity, insurance number), the active relationship, bank accounts.

Every view starts from `insured_person_get_for_user` (404 for an account with no
insured record), so nothing of another person is reachable.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insured.models import Sex
from insured.selectors import insured_person_get_for_user
from insured.selectors.inquiries import bank_accounts_for_person, relationship_for_person
from insured.services.inquiries import bank_account_add


class InsuredMeApi(APIView):
    class OutputSerializer(serializers.Serializer):
        insurance_number = serializers.CharField()
        national_code = serializers.CharField()
        first_name = serializers.CharField()
        last_name = serializers.CharField()
        father_name = serializers.CharField(allow_blank=True)
        birth_date = serializers.DateField()
        sex = serializers.ChoiceField(choices=Sex.choices)
        nationality = serializers.CharField()

        class Meta:
            ref_name = "InsuredMeOutput"

    @extend_schema(responses=OutputSerializer, summary="The insured person: identity and number")
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        return Response(self.OutputSerializer(person).data)


class InsuredRelationshipApi(APIView):
    class OutputSerializer(serializers.Serializer):
        class WorkshopSerializer(serializers.Serializer):
            code = serializers.CharField()
            name = serializers.CharField()

            class Meta:
                ref_name = "InsuredRelationshipWorkshop"

        is_active = serializers.BooleanField()
        last_year = serializers.IntegerField(allow_null=True)
        last_month = serializers.IntegerField(allow_null=True)
        months_since = serializers.IntegerField(allow_null=True)
        active_within_months = serializers.IntegerField()
        workshops = WorkshopSerializer(many=True)

        class Meta:
            ref_name = "InsuredRelationshipOutput"

    @extend_schema(
        responses=OutputSerializer,
        summary="Active relationship: current workshop(s) and last month recorded",
        description="Active when the last recorded month is at most `active_within_months` "
        "months before the current Jalali month.",
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        return Response(self.OutputSerializer(relationship_for_person(person=person)).data)


class BankAccountOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sheba = serializers.CharField()
    bank_name = serializers.CharField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "InsuredBankAccountOutput"


class BankAccountsApi(APIView):
    """One path, two operations: GET lists my accounts, POST registers one."""

    class InputSerializer(serializers.Serializer):
        sheba = serializers.CharField(max_length=40)

        class Meta:
            ref_name = "InsuredBankAccountAddInput"

    @extend_schema(
        responses=BankAccountOutputSerializer(many=True), summary="My registered bank accounts"
    )
    def get(self, request: Request) -> Response:
        person = insured_person_get_for_user(user=request.user)
        accounts = bank_accounts_for_person(person=person)
        return Response(BankAccountOutputSerializer(accounts, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: BankAccountOutputSerializer},
        summary="Register a bank account (Sheba checked; bank named from its code)",
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = insured_person_get_for_user(user=request.user)
        account = bank_account_add(
            person=person, actor=request.user, sheba=data.validated_data["sheba"]
        )
        return Response(BankAccountOutputSerializer(account).data, status=status.HTTP_201_CREATED)
