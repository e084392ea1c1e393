"""Dependents API (/api/v1/pensioners/dependents/…): the list with each paper's state and due
date, filing one with its documents (multipart), refusals with nothing stored, strangers 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from branches.models import Case, CaseDocument
from pensioners.models import DependentObligationFiling
from tamin.accounts.services import api_sign_in_create
from tests.accounts.factories import UserFactory
from tests.branches.factories_cases import pdf_bytes
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_dependents import TODAY, daughter, son

pytestmark = pytest.mark.django_db

LIST = "/api/v1/pensioners/dependents/"
Filing = DependentObligationFiling


@pytest.fixture(autouse=True)
def _on_mehr_15_1405(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="test").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _filings_url(dependent) -> str:
    return f"{LIST}{dependent.pk}/filings/"


def _pdf(name="govahi.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def _file(client, user, dependent, **overrides):
    data = {"kind": "student_certificate", "period_key": "1405-1", "documents": [_pdf()]}
    return client.post(_filings_url(dependent), data | overrides, **_bearer(user))


def _counts():
    return (Filing.objects.count(), Case.objects.count(), CaseDocument.objects.count())


def test_the_list_gives_each_dependent_with_its_papers_state_and_due_date(client):
    user, _pensioner, pension = pensioner_with_account()
    student = son(pension, national_code="0012345679")
    daughter(pension)
    son(pension, age_on_mehr_1405=19)
    response = client.get(LIST, **_bearer(user))
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 3
    row = next(row for row in rows if row["id"] == student.pk)
    assert row["national_code"] == "0012345679"
    assert row["relation"] == "son"
    assert row["pension_number"] == pension.number
    assert row["papers"] == [
        {
            "kind": "student_certificate",
            "kind_label": "گواهی اشتغال به تحصیل پسر",
            "period_key": "1405-1",
            "period_label": "نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶",
            "opens_on": "2026-09-23",
            "due_on": "2026-11-21",
            "state": "missing",
            "state_label": "ثبت نشده",
            "overdue": False,
            "held": False,
            "warning": True,
            "filing_id": None,
            "case_id": None,
        }
    ]
    papers = {paper["kind"]: paper for row in rows for paper in row["papers"]}
    assert papers["daughter_declaration"]["due_on"] == "2026-06-21"
    assert papers["daughter_declaration"]["overdue"] is True
    assert sum(len(row["papers"]) for row in rows) == 2  # the son of 19 owes nothing


def test_filing_creates_a_case_at_the_branch_and_the_list_shows_it_submitted(client):
    user, pensioner, pension = pensioner_with_account()
    student = son(pension)
    # when
    response = _file(client, user, student)
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["case_id"])
    assert body["status"] == "submitted"
    assert body["held"] is False
    assert body["tracking_code"] == case.tracking_code
    assert body["period_label"] == "نیم‌سال اول سال تحصیلی ۱۴۰۵–۱۴۰۶"
    assert case.branch_id == pensioner.branch_id
    (row,) = client.get(LIST, **_bearer(user)).json()
    assert row["papers"][0]["state"] == "submitted"
    assert row["papers"][0]["filing_id"] == body["id"]


def test_filing_without_documents_is_held(client):
    user, _pensioner, pension = pensioner_with_account()
    response = _file(client, user, son(pension), documents=[])
    assert response.status_code == 201
    assert response.json()["held"] is True
    (row,) = client.get(LIST, **_bearer(user)).json()
    assert row["papers"][0]["held"] is True


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"kind": "pension_grant"}, None),
        ({"period_key": "1405-2"}, "paper_not_owed"),
        ({"kind": "daughter_declaration", "period_key": "1405"}, "paper_not_owed"),
        ({"documents": [_pdf(f"m{n}.pdf") for n in range(6)]}, "filing_too_many_documents"),
    ],
    ids=["unknown-kind", "term-not-opened", "wrong-paper", "six-files"],
)
def test_bad_input_is_400_and_stores_nothing(client, overrides, code):
    user, _pensioner, pension = pensioner_with_account()
    response = _file(client, user, son(pension), **overrides)
    assert response.status_code == 400
    if code is not None:
        assert response.json()["code"] == code
    assert _counts() == (0, 0, 0)


def test_a_second_filing_is_400(client):
    user, _pensioner, pension = pensioner_with_account()
    student = son(pension)
    assert _file(client, user, student).status_code == 201
    before = _counts()
    response = _file(client, user, student)
    assert response.status_code == 400
    assert response.json()["code"] == "filing_exists"
    assert _counts() == before


def test_strangers_get_404(client):
    _owner, _pensioner, pension = pensioner_with_account()
    student = son(pension)
    stranger, _other, _other_pension = pensioner_with_account()
    assert _file(client, stranger, student).status_code == 404
    assert client.get(LIST, **_bearer(stranger)).json() == []
    # an account that is no pensioner at all
    nobody = UserFactory()
    assert client.get(LIST, **_bearer(nobody)).status_code == 404
    assert _file(client, nobody, student).status_code == 404
    assert _counts() == (0, 0, 0)


def test_the_list_costs_the_same_queries_for_many_dependents(client, django_assert_max_num_queries):
    def family_of(count):
        user, _pensioner, pension = pensioner_with_account()
        for index in range(count):
            dependent = son(pension) if index % 2 else daughter(pension)
            if index % 3 == 0:
                Filing.objects.create(
                    dependent=dependent, kind="daughter_declaration", period_key="1405"
                )
        return user

    counts = []
    for user in (family_of(2), family_of(12)):
        headers = _bearer(user)
        client.get(LIST, **headers)  # the token's first use records it (once a minute)
        with django_assert_max_num_queries(8) as captured:
            assert client.get(LIST, **headers).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
