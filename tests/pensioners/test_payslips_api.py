"""Payslips API: a year's list, one payslip, the last one (compact) and the bank account;
404 for another person's payslip and for an account that is no pensioner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pensioners.services.payslips import payslip_issue_month
from tests.pensioners.factories_payslips import (
    PensionLoanFactory,
    figures,
    not_a_pensioner,
    signed_in_pensioner,
    stranger,
)

pytestmark = pytest.mark.django_db


def _issue(pension, *months):
    return [payslip_issue_month(pension=pension, year=y, month=m) for y, m in months]


def test_list_of_a_year(client):
    figures(1403)
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    _issue(pension, (1403, 12), (1404, 1), (1404, 2))
    data = client.get(reverse("api-pensioners-payslips")).json()
    assert data["years"] == [1404, 1403]
    assert data["year"] == 1404
    assert [(p["month"], p["period"], p["net"]) for p in data["payslips"]] == [
        (2, "اردیبهشت ۱۴۰۴", 117_600_000),
        (1, "فروردین ۱۴۰۴", 117_600_000),
    ]
    older = client.get(reverse("api-pensioners-payslips"), {"year": "1403"}).json()
    assert [p["month"] for p in older["payslips"]] == [12]


def test_one_payslip_with_its_rows_and_the_account_masked(client):
    figures(1404)
    _user, pensioner, pension = signed_in_pensioner(client)
    PensionLoanFactory(pension=pension)
    (payslip,) = _issue(pension, (1404, 1))
    data = client.get(reverse("api-pensioners-payslip", args=[payslip.pk])).json()
    assert [(r["kind"], r["amount"]) for r in data["rows"]] == [
        ("payment", 120_000_000),
        ("deduction", 2_400_000),
        ("loan", 5_000_000),
    ]
    assert data["net"] == 120_000_000 - 2_400_000 - 5_000_000
    assert data["paid_to_sheba_masked"] == f"{pensioner.sheba[:4]}…{pensioner.sheba[-4:]}"
    assert pensioner.sheba not in str(data)
    assert data["adjustment_period"] is None


def test_last_payslip_is_compact(client):
    figures(1404)
    _user, _pensioner, pension = signed_in_pensioner(client)
    assert client.get(reverse("api-pensioners-payslip-last")).status_code == 404
    _issue(pension, (1404, 1), (1404, 2))
    data = client.get(reverse("api-pensioners-payslip-last")).json()
    assert set(data) == {"id", "period", "year", "month", "net", "rows"}
    assert (data["period"], data["net"]) == ("اردیبهشت ۱۴۰۴", 117_600_000)
    assert data["rows"] == [
        {"kind": "payment", "title": "مستمری بازنشستگی", "amount": 120_000_000},
        {"kind": "deduction", "title": "سهم درمان", "amount": 2_400_000},
    ]


def test_bank_account(client):
    _user, pensioner, _pension = signed_in_pensioner(client)
    data = client.get(reverse("api-pensioners-bank-account")).json()
    assert data["sheba_masked"] == f"{pensioner.sheba[:4]}…{pensioner.sheba[-4:]}"
    assert data["bank_name"] == pensioner.bank_name
    assert data["last_request"] is None


def test_another_persons_payslip_is_404(client):
    figures(1404)
    _other_user, _other, other_pension = stranger()
    (theirs,) = _issue(other_pension, (1404, 1))
    signed_in_pensioner(client)
    response = client.get(reverse("api-pensioners-payslip", args=[theirs.pk]))
    assert response.status_code == 404
    assert client.get(reverse("api-pensioners-payslips")).json()["payslips"] == []
    assert client.get(reverse("api-pensioners-payslip-last")).status_code == 404


def test_no_pensioner_and_anonymous(client):
    for name in ("api-pensioners-payslips", "api-pensioners-bank-account"):
        assert client.get(reverse(name)).status_code in (401, 403)
    client.force_login(not_a_pensioner())
    for name in (
        "api-pensioners-payslips",
        "api-pensioners-payslip-last",
        "api-pensioners-bank-account",
    ):
        assert client.get(reverse(name)).status_code == 404


def test_the_schema_names_each_payslip_operation_once():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        path: ops["get"]["operationId"]
        for path, ops in schema["paths"].items()
        if path.startswith(("/api/v1/pensioners/payslips", "/api/v1/pensioners/bank-account"))
    }
    assert operations == {
        "/api/v1/pensioners/payslips/": "pensioners_payslips_list",
        "/api/v1/pensioners/payslips/last/": "pensioners_payslip_last",
        "/api/v1/pensioners/payslips/{payslip_id}/": "pensioners_payslip_retrieve",
        "/api/v1/pensioners/bank-account/": "pensioners_bank_account_retrieve",
    }
    for name in (
        "PensionerPayslipDetail",
        "PensionerPayslipLastOutput",
        "PensionerBankAccountOutput",
    ):
        assert name in schema["components"]["schemas"]
