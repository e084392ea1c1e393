"""Certificates API (/api/v1/pensioners/certificates/…): issuing one with the app's token,
the list, one certificate with its PDF's state and download, the same refusals as the
pages, and 404 for strangers."""

from __future__ import annotations

import pytest

from pensioners.models import Pension, PensionCertificate
from pensioners.services.certificates import CERTIFICATES_PER_DAY, certificate_issue
from tamin.accounts.services import api_sign_in_create
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.accounts.factories import UserFactory
from tests.pensioners.factories import PensionFactory, PensionRulingFactory
from tests.pensioners.factories_certificates import PensionLoanFactory, raised_pensioner
from tests.pensioners.test_certificates import with_payslips_and_loans

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/pensioners/certificates/"
BANK = "بانک ملت شعبهٔ میدان انقلاب"


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(client, user, data: dict, capture=None):
    def send():
        return client.post(LIST_URL, data, content_type="application/json", **_bearer(user))

    if capture is None:
        return send()
    # the worker renders the PDF after commit (eager in tests)
    with capture(execute=True):
        return send()


def test_the_app_issues_a_salary_certificate_and_downloads_its_pdf(
    client, django_capture_on_commit_callbacks
):
    user, _pensioner, pension = with_payslips_and_loans()
    # when the app asks for a salary certificate without naming the pension (it has one)
    response = _post(
        client,
        user,
        {"kind": "salary", "addressee": f" {BANK} "},
        django_capture_on_commit_callbacks,
    )
    # then it is issued with its figures; its PDF is being prepared (the worker runs after
    # the transaction), and asking again finds it ready
    assert response.status_code == 201, response.content
    assert response.json()["document"]["status"] == "pending"
    body = client.get(f"{LIST_URL}{response.json()['id']}/", **_bearer(user)).json()
    certificate = PensionCertificate.objects.get()
    assert body["id"] == certificate.pk
    assert (body["kind"], body["kind_label"]) == ("salary", "گواهی حقوق")
    assert body["addressee"] == BANK
    assert (body["pension_id"], body["pension_number"]) == (pension.pk, pension.number)
    assert body["content"]["monthly_amount"] == 150_000_000
    assert body["content"]["payslip"] == {
        "year": 1404,
        "month": 2,
        "total_payments": 159_000_000,
        "total_deductions": 3_000_000,
        "total_loans": 15_000_000,
        "net": 141_000_000,
    }
    document = IssuedDocument.objects.get()
    pdf_url = f"http://testserver{LIST_URL}{certificate.pk}/pdf/"
    assert body["document"] == {
        "request_id": certificate.document_request_id,
        "status": "ready",
        "status_label": "آماده",
        "ready": True,
        "failure": "",
        "verification_code": document.verification_code,
        "download_url": pdf_url,
    }
    # and the PDF downloads with the token
    download = client.get(pdf_url, **_bearer(user))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_while_the_worker_has_not_run_the_state_is_pending_and_the_pdf_404(client):
    user, _pensioner, _pension = raised_pensioner()
    response = _post(client, user, {"kind": "salary", "addressee": BANK})
    body = response.json()
    assert response.status_code == 201
    assert body["document"]["status"] == "pending"
    assert body["document"]["ready"] is False
    assert body["document"]["download_url"] is None
    pdf = client.get(f"{LIST_URL}{body['id']}/pdf/", **_bearer(user))
    assert pdf.status_code == 404
    assert pdf["Content-Type"] == "application/json"


def test_the_list_and_one_certificate(client):
    user, _pensioner, pension = with_payslips_and_loans()
    first = certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    second = certificate_issue(
        user=user, pension=pension, kind="overdue_installments", addressee="دادگاه خانواده"
    )
    listing = client.get(LIST_URL, **_bearer(user))
    assert listing.status_code == 200
    body = listing.json()
    assert (body["page"], body["num_pages"], body["count"]) == (1, 1, 2)
    assert [item["id"] for item in body["certificates"]] == [second.pk, first.pk]
    assert body["certificates"][0]["kind_label"] == "گواهی کسر اقساط معوق"
    assert "content" not in body["certificates"][0]
    one = client.get(f"{LIST_URL}{second.pk}/", **_bearer(user)).json()
    assert one["content"]["overdue_total"] == 14_000_000
    assert [loan["overdue_total"] for loan in one["content"]["loans"]] == [4_000_000, 10_000_000]


def test_a_stranger_gets_404_on_every_path(client, django_capture_on_commit_callbacks):
    owner, _pensioner, pension = with_payslips_and_loans()
    response = _post(
        client, owner, {"kind": "salary", "addressee": BANK}, django_capture_on_commit_callbacks
    )
    certificate_id = response.json()["id"]
    stranger, _other, _other_pension = raised_pensioner()
    for url in (f"{LIST_URL}{certificate_id}/", f"{LIST_URL}{certificate_id}/pdf/"):
        assert client.get(url, **_bearer(stranger)).status_code == 404
    assert client.get(LIST_URL, **_bearer(stranger)).json()["count"] == 0
    # and issuing on another person's pension is a 404 too, with nothing created
    refused = _post(
        client, stranger, {"kind": "salary", "pension_id": pension.pk, "addressee": BANK}
    )
    assert refused.status_code == 404
    assert PensionCertificate.objects.count() == 1
    # an account that is no pensioner: 404 from every path
    nobody = UserFactory()
    assert client.get(LIST_URL, **_bearer(nobody)).status_code == 404
    assert _post(client, nobody, {"kind": "salary", "addressee": BANK}).status_code == 404
    # and signed out: 401
    assert client.get(LIST_URL).status_code in (401, 403)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "salary", "addressee": ""}, "addressee_required"),
        ({"kind": "salary", "addressee": "ب"}, "addressee_too_short"),
        ({"kind": "salary", "addressee": "ب" * 121}, "addressee_too_long"),
        ({"kind": "salary", "addressee": "بانک\u0000ملت"}, "validation_error"),  # DRF: no NUL
        ({"kind": "salary", "addressee": "بانک\u001bملت"}, "control_characters"),
        ({"kind": "salary", "addressee": "بانک\u202eملت"}, "control_characters"),
        ({"kind": "overdue_installments", "addressee": BANK}, "certificate_nothing_overdue"),
        ({"kind": "loan", "addressee": BANK}, "certificate_kind"),
        ({"addressee": BANK}, "validation_error"),
        ({"kind": "salary"}, "validation_error"),
    ],
)
def test_bad_input_is_refused_in_persian_with_nothing_created(client, data, code):
    user, _pensioner, _pension = raised_pensioner()
    response = _post(client, user, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])
    assert not PensionCertificate.objects.exists()
    assert not DocumentRequest.objects.exists()


def test_several_pensions_need_pension_id_and_the_daily_limit_holds(client):
    user, pensioner, pension = raised_pensioner()
    second = PensionFactory(pensioner=pensioner, kind=Pension.Kind.SURVIVORS, relation="spouse")
    PensionRulingFactory(pension=second, amount_after=60_000_000)
    PensionLoanFactory(pension=second, overdue_installments=1)
    response = _post(client, user, {"kind": "salary", "addressee": BANK})
    assert response.status_code == 400
    assert response.json()["code"] == "certificate_pension_required"
    response = _post(
        client, user, {"kind": "overdue_installments", "pension_id": second.pk, "addressee": BANK}
    )
    assert response.status_code == 201
    assert response.json()["content"]["overdue_total"] == 5_000_000
    for _index in range(CERTIFICATES_PER_DAY - 1):
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    response = _post(client, user, {"kind": "salary", "pension_id": pension.pk, "addressee": BANK})
    assert response.status_code == 400
    assert response.json()["code"] == "certificate_daily_limit"
    assert PensionCertificate.objects.count() == CERTIFICATES_PER_DAY


def test_the_list_takes_a_few_queries_however_many_certificates(
    client, django_assert_max_num_queries
):
    user, _pensioner, pension = raised_pensioner()
    headers = _bearer(user)
    for _index in range(6):
        certificate_issue(user=user, pension=pension, kind="salary", addressee=BANK)
    # token, user, roles, pensioner, count, page, document requests (+ the token's touch)
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL, **headers)
    assert len(response.json()["certificates"]) == 6
