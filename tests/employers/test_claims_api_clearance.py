"""Claims API: clearance certificates (/api/v1/employers/workshops/<id>/clearances/…):
requesting one (issued at once, or forwarded with its reasons), the list, one request with
its certificate, the PDF with the app's token, and 404 for strangers."""

from __future__ import annotations

import datetime

import pytest

from branches.models import Case
from employers.models import ClearanceRequest, ClearanceStatus, Notice
from tamin.accounts.services import api_sign_in_create
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_clearance import at, clean_representative, list_sent, month_back

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _list_url(workshop_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/clearances/"


def _detail_url(workshop_id: int, clearance_id: int) -> str:
    return f"{_list_url(workshop_id)}{clearance_id}/"


CONTRACT = {
    "kind": "contract",
    "contract_number": "123/45",
    "contract_party": "شهرداری منطقه ۳",
    "contract_amount": 100_000_000,
    "contract_start": "2025-04-21",
    "contract_end": "2026-04-19",
}


def _ask(client, representative, data: dict, capture):
    # the worker renders the certificate after commit (eager in tests)
    with capture(execute=True):
        return client.post(
            _list_url(representative.workshop.pk),
            data,
            content_type="application/json",
            **_bearer(representative.user),
        )


def test_a_clean_workshop_gets_its_certificate_at_once(client, django_capture_on_commit_callbacks):
    # given a workshop with every list sent and paid
    owner = clean_representative()
    # when the app asks for a contract certificate
    response = _ask(client, owner, CONTRACT, django_capture_on_commit_callbacks)
    # then it is issued at once, with its verification code and download
    assert response.status_code == 201, response.content
    body = response.json()
    clearance = ClearanceRequest.objects.get()
    assert body["id"] == clearance.pk
    assert (body["status"], body["status_label"]) == ("issued", "صادر شد")
    assert (body["kind"], body["kind_label"]) == ("contract", "پیمان (ماده ۳۸)")
    assert body["contract"] == {
        "number": "123/45",
        "party": "شهرداری منطقه ۳",
        "amount": 100_000_000,
        "start": "2025-04-21",
        "end": "2026-04-19",
    }
    assert (body["reasons"], body["reasons_summary"], body["review"]) == ([], "", None)
    # the worker prepares the PDF after the request: the answer says so
    assert body["certificate"] == {
        "ready": False,
        "pending": True,
        "failure": "",
        "verification_code": None,
        "download_url": None,
        "notice_id": None,
    }
    # and once prepared (here at commit), the request shows it
    detail = client.get(_detail_url(owner.workshop.pk, clearance.pk), **_bearer(owner.user))
    certificate = detail.json()["certificate"]
    document = IssuedDocument.objects.get()
    assert certificate["ready"] is True
    assert certificate["verification_code"] == document.verification_code
    assert certificate["notice_id"] == Notice.objects.get().pk
    assert certificate["download_url"] == (
        f"http://testserver{_detail_url(owner.workshop.pk, clearance.pk)}certificate/"
    )
    # and the PDF downloads with the app's token
    download = client.get(certificate["download_url"], **_bearer(owner.user))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # also when the app asks for a PDF by name
    named = client.get(
        certificate["download_url"], HTTP_ACCEPT="application/pdf", **_bearer(owner.user)
    )
    assert named.status_code == 200


def test_in_debt_the_request_goes_to_the_branch_with_its_reasons(
    client, django_capture_on_commit_callbacks
):
    # given a clean workshop whose last list (not yet due) is sent and unpaid
    owner = clean_representative()
    list_sent(owner.workshop, month_back(1), on=at(month_back(0), 1, 0))
    # when the app asks for a transfer certificate
    response = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks)
    # then nothing is issued: forwarded, each reason in Persian, the branch's case
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["status_label"]) == ("forwarded", "ارجاع به شعبه")
    assert body["certificate"] is None
    assert body["contract"] is None
    [reason] = body["reasons"]
    assert reason["code"] == "list_debt"
    assert reason["amount"] == 1_000_000
    assert "پرداخت نشده است" in reason["message"]
    assert body["reasons_summary"] == "کارگاه بدهی دارد"
    case = Case.objects.get()
    assert body["tracking_code"] == case.tracking_code
    assert body["review"]["branch_name"] == owner.workshop.branch.name
    assert body["review"]["status_label"]
    assert not IssuedDocument.objects.exists()
    assert not DocumentRequest.objects.exists()
    # and the PDF is 404 (in JSON)
    missing = client.get(
        _detail_url(owner.workshop.pk, body["id"]) + "certificate/",
        HTTP_ACCEPT="application/pdf",
        **_bearer(owner.user),
    )
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert set(missing.json()) == {"code", "message", "extra"}


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"contract_number": ""}, "contract_field_required", "شمارهٔ قرارداد را وارد کنید."),
        (
            {"contract_end": "2025-04-01"},
            "contract_end_before_start",
            "تاریخ پایان قرارداد باید بعد از تاریخ شروع آن باشد.",
        ),
        ({"kind": "other"}, "clearance_kind", "نوع مفاصا حساب را انتخاب کنید."),
        (
            {"contract_start": "2099-01-01", "contract_end": "2099-06-01"},
            "contract_start_in_future",
            "تاریخ شروع قرارداد نمی‌تواند در آینده باشد.",
        ),
    ],
)
def test_a_bad_request_is_refused_in_persian_and_files_nothing(
    client, django_capture_on_commit_callbacks, changes, code, message
):
    owner = clean_representative()
    response = _ask(client, owner, {**CONTRACT, **changes}, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["message"]) == (code, message)
    assert not ClearanceRequest.objects.exists()
    assert not Case.objects.exists()


def test_a_shapeless_request_is_a_validation_error(client, django_capture_on_commit_callbacks):
    owner = clean_representative()
    response = _ask(
        client,
        owner,
        {**CONTRACT, "contract_amount": "صد میلیون", "contract_start": "1404-02-01"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "داده‌های ارسالی معتبر نیست."
    assert set(body["extra"]["fields"]) == {"contract_amount", "contract_start"}
    assert not ClearanceRequest.objects.exists()


def test_a_second_request_while_one_is_before_the_branch_is_refused(
    client, django_capture_on_commit_callbacks
):
    owner = clean_representative()
    list_sent(owner.workshop, month_back(1), on=at(month_back(0), 1, 0))
    first = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks)
    second = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks)
    assert second.status_code == 400
    assert second.json()["code"] == "clearance_duplicate"
    assert ClearanceRequest.objects.get().pk == first.json()["id"]


def test_the_list_newest_first(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    owner = clean_representative()
    _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks)
    _ask(client, owner, CONTRACT, django_capture_on_commit_callbacks)
    headers = _bearer(owner.user)
    # token, representative, count, page + the session middleware's: nothing per row
    with django_assert_max_num_queries(8):
        body = client.get(_list_url(owner.workshop.pk), **headers).json()
    assert body["count"] == 2
    assert [(row["kind"], row["contract_number"]) for row in body["clearances"]] == [
        ("contract", "123/45"),
        ("transfer", ""),
    ]
    assert body["clearances"][0]["status_label"] == "صادر شد"
    one = client.get(
        _detail_url(owner.workshop.pk, body["clearances"][1]["id"]), **_bearer(owner.user)
    ).json()
    assert one["kind_label"] == "انتقال کارگاه (ماده ۳۷)"


def test_preparing_a_failed_certificate_again(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    # given an issued certificate whose render failed (the store's directory is a file)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.PRIVATE_STORAGE_DIR = blocked
    owner = clean_representative()
    body = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks).json()
    failed = client.get(_detail_url(owner.workshop.pk, body["id"]), **_bearer(owner.user))
    certificate = failed.json()["certificate"]
    assert (certificate["ready"], certificate["pending"]) == (False, False)
    assert certificate["failure"] == "آماده‌سازی سند با خطا روبه‌رو شد. لطفاً دوباره تلاش کنید."
    assert certificate["download_url"] is None
    # when the store works again and the app asks to prepare it again
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    url = _detail_url(owner.workshop.pk, body["id"]) + "certificate/prepare/"
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, **_bearer(owner.user))
    assert again.status_code == 202
    clearance = ClearanceRequest.objects.get()
    assert clearance.document is not None
    detail = client.get(_detail_url(owner.workshop.pk, clearance.pk), **_bearer(owner.user))
    assert detail.json()["certificate"]["ready"] is True


def test_preparing_a_forwarded_request_is_refused(client, django_capture_on_commit_callbacks):
    owner = clean_representative()
    list_sent(owner.workshop, month_back(1), on=at(month_back(0), 1, 0))
    body = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks).json()
    url = _detail_url(owner.workshop.pk, body["id"]) + "certificate/prepare/"
    response = client.post(url, **_bearer(owner.user))
    assert response.status_code == 400
    assert response.json()["code"] == "clearance_not_issued"
    assert not DocumentRequest.objects.exists()


def test_strangers_get_404_and_file_nothing(client, django_capture_on_commit_callbacks):
    owner = clean_representative()
    body = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks).json()
    stranger = RepresentativeFactory(workshop__started_on=datetime.date(2024, 1, 1))
    headers = _bearer(stranger.user)
    for workshop_id in (owner.workshop.pk, stranger.workshop.pk):
        detail = _detail_url(workshop_id, body["id"])
        for url in (detail, detail + "certificate/"):
            assert client.get(url, **headers).status_code == 404, url
        assert client.post(detail + "certificate/prepare/", **headers).status_code == 404
    assert client.get(_list_url(owner.workshop.pk), **headers).status_code == 404
    response = client.post(
        _list_url(owner.workshop.pk),
        {"kind": "transfer"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert ClearanceRequest.objects.count() == 1
    assert ClearanceRequest.objects.get().status == ClearanceStatus.ISSUED


def test_a_request_of_my_other_workshop_is_404_under_this_one(
    client, django_capture_on_commit_callbacks
):
    owner = clean_representative()
    body = _ask(client, owner, {"kind": "transfer"}, django_capture_on_commit_callbacks).json()
    second = RepresentativeFactory(user=owner.user)
    headers = _bearer(owner.user)
    detail = _detail_url(second.workshop.pk, body["id"])
    for url in (detail, detail + "certificate/"):
        assert client.get(url, **headers).status_code == 404, url
    assert client.post(detail + "certificate/prepare/", **headers).status_code == 404
    assert client.get(_detail_url(owner.workshop.pk, body["id"]), **headers).status_code == 200
