"""What the conformance run (tests/api/test_schemathesis.py) found, fixed and kept fixed:

* a path under /api/ that no route matches (`/api/v1/insured/records/abc/`: the year is an
  `<int:…>`) answered Django's HTML 404 page; Django's error handlers answer the API's
  error shape under /api/ (the portal's pages elsewhere);
* a dependent's birth date of year 500 (or 9999) answered 500: it has no Jalali day for the
  rule to read; it is a 400 on the field, like the page's form;
* a benefit's `kind` in the path was any string in the schema; it lists the benefits.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from tamin.core.api_schema import ERROR_RESPONSES
from tests.insured.factories_dependents import insured_family, j

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"code", "message", "extra"}


@pytest.fixture
def api():
    user, _person, _branch = insured_family()
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_path_no_route_matches_answers_the_error_shape_under_api(client):
    # when a path under /api/ matches no route (the year must be a number)
    response = client.get("/api/v1/insured/records/abc/")
    # then 404 in the API's shape, in Persian
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "not_found"
    assert body["message"] == "یافت نشد."
    assert body["extra"] == {}


def test_a_page_no_route_matches_is_still_the_html_page(client):
    response = client.get("/insured/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_the_operation_does_not_have_answers_405_in_the_error_shape(api):
    response = api.delete("/api/v1/insured/dependents/")
    assert response.status_code == 405
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == "method_not_allowed"


def _request(path: str):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = {}
    return request


def _handle(status: int, path: str):
    handler = get_resolver().resolve_error_handler(status)
    if status == 500:
        return handler(_request(path))
    return handler(_request(path), exception=None)


@pytest.mark.parametrize(
    ("status", "code"),
    [(400, "bad_request"), (403, "permission_denied"), (500, "server_error")],
)
def test_djangos_other_error_handlers_answer_the_shape_under_api_only(status, code):
    # Django calls these when it refuses a request before any view (400: e.g. a body over
    # DATA_UPLOAD_MAX_MEMORY_SIZE), a non-DRF view refuses it (403), or a view raises (500)
    response = _handle(status, "/api/v1/insured/me/")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == ERROR_KEYS
    assert body["code"] == code
    assert body["message"]
    # and a page's is still the portal's page
    page = _handle(status, "/insured/")
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("born", ["0500-04-17", "9999-12-31", "1850-01-01"])
def test_a_birth_date_without_a_jalali_day_in_range_is_a_400_on_the_field(api, born):
    # given a birth date the page's form would refuse (before 1280 or no Jalali day at all)
    response = api.post(
        "/api/v1/insured/dependents/check/",
        {"relation": "son", "birth_date": born},
        format="json",
    )
    # then 400 on the field, with the years in Persian, not a 500
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["extra"]["fields"]["birth_date"] == ["سال باید میان ۱۲۸۰ و ۱۵۰۰ شمسی باشد."]


def test_a_birth_date_in_the_future_is_a_400_and_a_real_one_answers(api):
    future = api.post(
        "/api/v1/insured/dependents/check/",
        {
            "relation": "son",
            "birth_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert future.status_code == 400
    assert future.json()["extra"]["fields"]["birth_date"] == ["این تاریخ نمی‌تواند در آینده باشد."]
    real = api.post(
        "/api/v1/insured/dependents/check/",
        {"relation": "daughter", "birth_date": j(1390, 1, 1).isoformat()},
        format="json",
    )
    assert real.status_code == 200
    assert real.json()["eligible"] is True


def test_a_student_certificate_date_without_a_jalali_day_is_a_400(api):
    response = api.post(
        "/api/v1/insured/dependents/check/",
        {
            "relation": "son",
            "birth_date": j(1383, 1, 1).isoformat(),
            "student_certificate_until": "9999-12-31",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "student_certificate_until" in response.json()["extra"]["fields"]


def test_the_benefit_kind_in_the_path_is_one_of_the_benefits(api, tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", out)
    schema = json.loads(out.read_text())
    operation = schema["paths"]["/api/v1/insured/benefits/{kind}/eligibility/"]["get"]
    kind = next(p for p in operation["parameters"] if p["name"] == "kind")
    assert kind["in"] == "path"
    assert sorted(kind["schema"]["enum"]) == [
        "funeral",
        "marriage",
        "maternity",
        "orthotics",
        "sickness",
        "unemployment",
    ]
    # and any other kind is the documented 404
    response = api.get("/api/v1/insured/benefits/pension/eligibility/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert set(ERROR_RESPONSES) <= set(operation["responses"])
