"""Claims API: objections (/api/v1/employers/workshops/<id>/objections/…): filing one with its
documents, the issue's bad input (late, second, 19th document, another workshop's ruling),
the list with statuses and history, one objection, adding documents when asked, appealing a
vote (and not at or below the threshold), and 404 for strangers — nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import Case, CaseDocument
from employers.models import LedgerEntry, Objection, RulingStatus
from employers.services.objections import objection_status_change
from notifications.models import Notification
from tamin.accounts.services import api_sign_in_create
from tamin.core.jalali import format_jalali_date
from tests.branches.factories_cases import pdf_bytes
from tests.employers.factories import RepresentativeFactory
from tests.employers.factories_objections import (
    at_hearing,
    branch_head,
    filed_objection,
    owner_of,
    served_ruling,
    vote,
)

pytestmark = pytest.mark.django_db

TEXT = "مبلغ حق بیمه ماه‌های بدون کارکرد به اشتباه محاسبه شده است."


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _files(count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"m{n}.pdf", pdf_bytes(), "application/pdf") for n in range(count)]


def _counts() -> tuple[int, ...]:
    return (
        Objection.objects.count(),
        Case.objects.count(),
        CaseDocument.objects.count(),
        LedgerEntry.objects.count(),
        Notification.objects.count(),
    )


def _list_url(workshop_id: int) -> str:
    return f"/api/v1/employers/workshops/{workshop_id}/objections/"


def _detail_url(workshop_id: int, objection_id: int) -> str:
    return f"{_list_url(workshop_id)}{objection_id}/"


def _file(client, ruling, user, data: dict | None = None, **kwargs):
    payload = {"ruling_id": ruling.pk, "text": TEXT, **(data or {})}
    return client.post(_list_url(ruling.workshop_id), payload, **kwargs, **_bearer(user))


def test_objecting_with_documents(client):
    # given a ruling served today to the owner's workshop
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    # when the app files an objection with two documents (multipart)
    response = _file(client, ruling, owner, {"documents": _files(2)})
    # then it is registered, carried by a branch case with both documents
    assert response.status_code == 201, response.content
    body = response.json()
    objection = Objection.objects.get()
    assert body["id"] == objection.pk
    assert body["tracking_code"] == objection.tracking_code == Case.objects.get().tracking_code
    assert (body["status"], body["status_label"]) == ("registered", "ثبت شد")
    assert (body["stage"], body["stage_label"]) == ("first", "هیأت بدوی")
    assert (body["side"], body["side_label"]) == ("employer", "کارفرما")
    assert body["ruling_number"] == ruling.number
    assert body["text"] == TEXT
    assert [row["status"] for row in body["history"]] == ["registered"]
    assert [doc["name"] for doc in body["documents"]] == ["m0.pdf", "m1.pdf"]
    assert body["max_documents"] == 18
    assert (body["vote"], body["appeal"], body["may_add_documents"]) == (None, None, False)
    assert body["answers_notice_id"] == ruling.notice_id
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.OBJECTED


def test_objecting_by_json_without_documents(client):
    ruling = served_ruling()
    response = _file(client, ruling, owner_of(ruling.workshop), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["documents"] == []


def test_a_late_objection_names_the_day_the_term_ended_and_changes_nothing(client):
    ruling = served_ruling(served_days_ago=35)
    before = _counts()
    response = _file(client, ruling, owner_of(ruling.workshop), {"documents": _files(1)})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "objection_late"
    ended = ruling.notice.respond_until
    assert format_jalali_date(ended) in body["message"]
    assert "به پایان رسیده است" in body["message"]
    assert body["extra"] == {"term_ended_on": ended.isoformat()}
    assert _counts() == before


def test_a_second_objection_is_refused(client):
    ruling = served_ruling()
    filed_objection(ruling)
    before = _counts()
    response = _file(client, ruling, owner_of(ruling.workshop))
    assert response.status_code == 400
    assert response.json()["code"] == "objection_exists"
    assert "اعتراض دوم" in response.json()["message"]
    assert _counts() == before


def test_a_nineteenth_document_is_refused_and_none_stored(client):
    ruling = served_ruling()
    before = _counts()
    response = _file(client, ruling, owner_of(ruling.workshop), {"documents": _files(19)})
    assert response.status_code == 400
    assert response.json()["code"] == "objection_too_many_documents"
    assert "حداکثر ۱۸ مدرک" in response.json()["message"]
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"ruling_id": "x"}, "ruling_id"),
        ({"text": "شرح\x1bاعتراض با نویسهٔ کنترلی"}, "text"),
    ],
)
def test_shapeless_input_is_a_validation_error(client, data, field):
    ruling = served_ruling()
    before = _counts()
    response = _file(client, ruling, owner_of(ruling.workshop), data)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "داده‌های ارسالی معتبر نیست."
    assert list(body["extra"]["fields"]) == [field]
    assert _counts() == before


def test_a_short_text_is_refused_by_the_service_in_persian(client):
    ruling = served_ruling()
    response = _file(client, ruling, owner_of(ruling.workshop), {"text": "نه"})
    assert response.status_code == 400
    assert response.json()["code"] == "objection_text_required"
    assert response.json()["message"] == "شرح اعتراض را دست‌کم در یک جمله بنویسید."


def test_a_ruling_of_another_workshop_is_404_and_changes_nothing(client):
    # a stranger names the owner's ruling under the stranger's own workshop
    ruling = served_ruling()
    stranger = RepresentativeFactory()
    before = _counts()
    response = client.post(
        _list_url(stranger.workshop.pk),
        {"ruling_id": ruling.pk, "text": TEXT},
        **_bearer(stranger.user),
    )
    assert response.status_code == 404
    # the owner names it under another workshop they act for
    owner = owner_of(ruling.workshop)
    second = RepresentativeFactory(user=owner)
    response = client.post(
        _list_url(second.workshop.pk), {"ruling_id": ruling.pk, "text": TEXT}, **_bearer(owner)
    )
    assert response.status_code == 404
    assert _counts() == before


def test_the_list_with_statuses_history_and_vote(client, django_assert_max_num_queries):
    # given two objections of the workshop: one moved by the branch, one voted on
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    staff = branch_head(ruling.workshop)
    moved = filed_objection(ruling, user=owner)
    objection_status_change(staff_user=staff, objection=moved, status="calculation_review")
    voted = filed_objection(served_ruling(workshop=ruling.workshop), user=owner)
    at_hearing(voted, staff=staff)
    vote(voted, staff=staff, amount=6_000_000)
    filed_objection(served_ruling())  # another workshop's
    headers = _bearer(owner)
    # when the app lists the workshop's objections
    with django_assert_max_num_queries(12):
        response = client.get(_list_url(ruling.workshop_id), **headers)
    # then both, newest first, each with its status label and history
    body = response.json()
    assert body["count"] == 2
    newest, oldest = body["objections"]
    assert newest["id"] == voted.pk
    assert (newest["status"], newest["status_label"]) == ("vote_confirmed", "تأیید رأی")
    assert newest["vote"]["amount"] == 6_000_000
    assert newest["vote"]["appeal_until"] is not None
    assert newest["hearing_at"] is not None
    assert [row["status"] for row in newest["history"]][:3] == [
        "registered",
        "before_board",
        "hearing_set",
    ]
    assert (oldest["status"], oldest["status_label"]) == ("calculation_review", "بررسی محاسبات")
    assert [row["status_label"] for row in oldest["history"]] == ["ثبت شد", "بررسی محاسبات"]
    assert oldest["vote"] is None


def test_appealing_a_vote_above_the_threshold(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=6_000_000)
    headers = _bearer(owner)
    detail = client.get(_detail_url(ruling.workshop_id, objection.pk), **headers).json()
    assert detail["appeal"]["may_appeal"] is True
    assert detail["appeal"]["appealable"] is True
    assert detail["ruling_current_amount"] == 6_000_000
    response = client.post(
        _detail_url(ruling.workshop_id, objection.pk) + "appeal/",
        {"text": TEXT, "documents": _files(1)},
        **headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    appeal = Objection.objects.get(ruling=ruling, stage="review")
    assert body["id"] == appeal.pk
    assert (body["stage"], body["stage_label"]) == ("review", "هیأت تجدیدنظر")
    assert [other["id"] for other in body["related"]] == [objection.pk]
    after = client.get(_detail_url(ruling.workshop_id, objection.pk), **headers).json()
    assert after["appeal"]["appeal_id"] == appeal.pk
    assert after["appeal"]["may_appeal"] is False


def test_an_appeal_at_or_below_the_threshold_is_refused(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner)
    staff = branch_head(ruling.workshop)
    at_hearing(objection, staff=staff)
    vote(objection, staff=staff, amount=150_000)
    before = _counts()
    response = client.post(
        _detail_url(ruling.workshop_id, objection.pk) + "appeal/",
        {"text": TEXT},
        content_type="application/json",
        **_bearer(owner),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "appeal_below_threshold"
    assert "۲۰۰٬۰۰۰" in body["message"]
    assert "تجدیدنظرخواهی از آن پذیرفته نمی‌شود" in body["message"]
    assert _counts() == before


def test_adding_documents_when_the_branch_asks(client):
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, user=owner, documents=1)
    url = _detail_url(ruling.workshop_id, objection.pk)
    headers = _bearer(owner)
    # not asked yet: refused
    response = client.post(url + "documents/", {"documents": _files(1)}, **headers)
    assert response.status_code == 400
    assert response.json()["code"] == "objection_documents_not_asked"
    # the branch says documents are missing
    objection_status_change(
        staff_user=branch_head(ruling.workshop),
        objection=objection,
        status="documents_missing",
        note="لیست حضور و غیاب کارکنان",
    )
    detail = client.get(url, **headers).json()
    assert (detail["status_label"], detail["may_add_documents"]) == ("نقص مدارک", True)
    assert detail["history"][-1]["note"] == "لیست حضور و غیاب کارکنان"
    # 1 + 18 > 18: refused, nothing stored
    before = _counts()
    response = client.post(url + "documents/", {"documents": _files(18)}, **headers)
    assert response.status_code == 400
    assert "هیچ مدرکی ذخیره نشد" in response.json()["message"]
    assert _counts() == before
    # two more: stored, back to the branch
    response = client.post(url + "documents/", {"documents": _files(2)}, **headers)
    assert response.status_code == 200, response.content
    assert len(response.json()["documents"]) == 3
    assert response.json()["may_add_documents"] is False


def test_strangers_get_404_everywhere_and_change_nothing(client):
    ruling = served_ruling()
    objection = filed_objection(ruling)
    stranger = RepresentativeFactory()
    headers = _bearer(stranger.user)
    before = _counts()
    for workshop_id in (ruling.workshop_id, stranger.workshop.pk):
        url = _detail_url(workshop_id, objection.pk)
        assert client.get(url, **headers).status_code == 404, url
        assert client.post(url + "appeal/", {"text": TEXT}, **headers).status_code == 404
        response = client.post(url + "documents/", {"documents": _files(1)}, **headers)
        assert response.status_code == 404
    assert client.get(_list_url(ruling.workshop_id), **headers).status_code == 404
    assert client.get(_list_url(stranger.workshop.pk), **headers).json()["count"] == 0
    assert _counts() == before
