"""Payroll software API (/api/v1/payroll/): the done-when journey — the owner issues a key on
the page, the vendor uploads the invalid sample pair and reads its errors as JSON (those of
`monthly_list check --json` on the same files), then the valid pair; submitting with and
without the right; only the key's own workshop; revoked and unknown keys; every call audited."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

import pytest
import yaml
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from employers.listfile.samples import SAMPLE_MONTH, SAMPLE_YEAR
from employers.models import ListStatus, MonthlyList
from employers.services.payroll import payroll_key_revoke
from tamin.core.models import AuditLog
from tests.employers.factories import AccountantFactory, RepresentativeFactory
from tests.employers.payroll_helpers import (
    API,
    SAMPLES,
    auth,
    issue_key,
    issue_key_on_the_page,
    sample_paths,
    sample_workshop,
    upload_form,
)

pytestmark = pytest.mark.django_db

# What only the portal can check (its registry); the command, which has no registry,
# reports the file's own errors and these never.
REGISTRY_CODES = {
    "unknown_worker",
    "national_code_mismatch",
    "workshop_mismatch",
    "period_mismatch",
}


@pytest.fixture(autouse=True)
def _media_and_limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the per-key request counts
    yield
    cache.clear()


def _command_json(paths) -> dict:
    """`python manage.py monthly_list check <paths> --json`, as a vendor runs it."""
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # exit 1: the list is invalid
        call_command("monthly_list", "check", *map(str, paths), "--json", stdout=out)
    return json.loads(out.getvalue())


def _every_error(client, list_id: int, headers: dict, base: str) -> list[dict]:
    first = client.get(f"{base}/lists/{list_id}/errors/", **headers).json()
    errors = list(first["errors"])
    for number in range(2, first["num_pages"] + 1):
        errors += client.get(f"{base}/lists/{list_id}/errors/?page={number}", **headers).json()[
            "errors"
        ]
    assert len(errors) == first["count"]
    return errors


def _upload(client, raw: str, kind: str, capture):
    with capture(execute=True):  # the parse runs after commit (Celery eager in tests)
        return client.post(f"{API}/lists/", upload_form(kind), **auth(raw))


def test_done_when_a_vendor_uploads_the_invalid_then_the_valid_sample_pair(
    client, django_capture_on_commit_callbacks
):
    # given the sample workshop's owner, who issues a key on the portal (upload only)
    sample = sample_workshop()
    raw = issue_key_on_the_page(client, sample.owner, may_submit=False)
    headers = auth(raw)

    # when the vendor asks which workshop the key is for
    me = client.get(f"{API}/key/", **headers)
    assert me.status_code == 200
    assert me.json() == {
        "workshop_code": sample.workshop.code,
        "workshop_name": sample.workshop.name,
        "key_prefix": raw.split("_")[1],
        "key_name": "نرم‌افزار حقوق سپیدار",
        "may_submit": False,
    }

    # when it uploads the invalid sample pair
    response = _upload(client, raw, "invalid", django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "uploaded"
    assert (created["year"], created["month"]) == (SAMPLE_YEAR, SAMPLE_MONTH)
    list_id = created["id"]

    # then polling the list says invalid, with its error count
    detail = client.get(f"{API}/lists/{list_id}/", **headers).json()
    assert detail["status"] == "invalid"
    assert detail["error_count"] > 0

    # and every error, read as JSON, is {file, row, field, code, message}
    errors = _every_error(client, list_id, headers, API)
    assert len(errors) == detail["error_count"]
    assert all(set(error) == {"file", "row", "field", "code", "message"} for error in errors)

    # and the file's errors are exactly those of `monthly_list check --json` on the same
    # files, in the same order; the portal adds only what its registry knows, after them
    command = _command_json(sample_paths("invalid"))
    assert command["ok"] is False
    file_errors = errors[: len(command["errors"])]
    assert file_errors == command["errors"]
    registry_only = errors[len(command["errors"]) :]
    assert {e["code"] for e in registry_only} <= REGISTRY_CODES
    # (row 1's national code is not the one the registry holds for insurance number 12345678)
    assert [(e["file"], e["row"], e["field"], e["code"]) for e in registry_only] == [
        ("DSKWOR00", 1, "PER_NATCOD", "national_code_mismatch")
    ]
    codes = {e["code"] for e in command["errors"]}
    assert {"national_code_checksum", "days_over_month", "bime_rounding", "sex_unknown"} <= codes
    assert {"total_mismatch"} <= codes

    # and they are the portal API's own errors of that list, word for word
    client.force_login(sample.user)
    portal = _every_error(client, list_id, {}, "/api/v1/employers")
    client.logout()
    assert portal == errors
    # one rule alone
    only = client.get(f"{API}/lists/{list_id}/errors/?code=sex_unknown", **headers).json()
    assert [(e["file"], e["row"], e["field"]) for e in only["errors"]] == [
        ("DSKWOR00", 3, "DSW_SEX")
    ]

    # when it uploads the valid sample pair
    response = _upload(client, raw, "valid", django_capture_on_commit_callbacks)
    assert response.status_code == 201
    valid_id = response.json()["id"]
    # then the list is valid, with its totals, and the command agrees
    valid = client.get(f"{API}/lists/{valid_id}/", **headers).json()
    assert valid["status"] == "valid"
    assert valid["error_count"] == 0
    assert valid["worker_count"] == 3
    command = _command_json(sample_paths("valid"))
    assert command["ok"] is True
    assert valid["totals"]["insured_share"] == command["totals"]["insured_share"]
    assert valid["totals"]["employer_share"] == command["totals"]["employer_share"]
    # and the workshop's lists name both, newest first
    listed = client.get(f"{API}/lists/", **headers).json()
    assert [item["id"] for item in listed] == [valid_id, list_id]

    # when it tries to submit without the right: 403 with a stable code, nothing sent
    refused = client.post(f"{API}/lists/{valid_id}/submit/", **headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "payroll_submit_not_allowed"
    assert "ارسال" in refused.json()["message"]
    assert MonthlyList.objects.get(pk=valid_id).status == ListStatus.VALID

    # when the owner issues a key allowed to submit, the vendor submits with it
    submitter = issue_key_on_the_page(client, sample.owner, may_submit=True)
    sent = client.post(f"{API}/lists/{valid_id}/submit/", **auth(submitter))
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "submitted"
    monthly_list = MonthlyList.objects.get(pk=valid_id)
    assert monthly_list.status == ListStatus.SUBMITTED
    assert monthly_list.submitted_by == sample.user  # the owner who issued the key
    # and the invalid list cannot be submitted (the portal's own rule)
    not_valid = client.post(f"{API}/lists/{list_id}/submit/", **auth(submitter))
    assert not_valid.status_code == 400
    assert not_valid.json()["code"] == "not_valid"


def test_one_csv_file_is_taken_in_file(client, django_capture_on_commit_callbacks):
    # given a key of the sample workshop
    sample = sample_workshop()
    raw, _key = issue_key(sample.owner)
    csv_file = SimpleUploadedFile("list.csv", (SAMPLES / "valid" / "list.csv").read_bytes())
    # when the CSV sample is sent as `file`
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/lists/",
            {"year": SAMPLE_YEAR, "month": SAMPLE_MONTH, "file": csv_file},
            **auth(raw),
        )
    # then it is read as CSV and found valid
    assert response.status_code == 201
    monthly_list = MonthlyList.objects.get(pk=response.json()["id"])
    assert (monthly_list.file_format, monthly_list.status) == ("csv", ListStatus.VALID)


def test_bad_uploads_are_refused_in_the_one_error_shape(client, settings):
    sample = sample_workshop()
    raw, _key = issue_key(sample.owner)
    # neither files nor file
    none = client.post(f"{API}/lists/", {"year": SAMPLE_YEAR, "month": SAMPLE_MONTH}, **auth(raw))
    assert none.status_code == 400
    assert none.json()["code"] == "validation_error"
    # one DBF alone: the portal's recogniser refuses it with the portal's words
    form = upload_form("valid")
    form["files"] = form["files"][1:]
    lone = client.post(f"{API}/lists/", form, **auth(raw))
    assert lone.status_code == 400
    assert lone.json()["code"] == "bad_file_set"
    # a body larger than two files of the list limit: refused before it is read
    settings.MONTHLY_LIST_MAX_BYTES = 1024
    big = SimpleUploadedFile("DSKWOR00.DBF", b"x" * 200_000)
    huge = client.post(
        f"{API}/lists/",
        {"year": SAMPLE_YEAR, "month": SAMPLE_MONTH, "files": [big]},
        **auth(raw),
    )
    assert huge.status_code == 413
    assert huge.json()["code"] == "file_too_large"
    # a file over the list limit within the body's margin: the upload service's own check
    over = upload_form("valid")
    over["files"][1] = SimpleUploadedFile("DSKWOR00.DBF", b"x" * 2048)
    large = client.post(f"{API}/lists/", over, **auth(raw))
    assert large.status_code == 400
    assert large.json()["code"] == "file_too_large"
    assert not MonthlyList.objects.exists()


def test_only_the_api_key_authenticates(client):
    # given the owner signed in on the portal, and a key of the workshop
    sample = sample_workshop()
    raw, _key = issue_key(sample.owner)
    client.force_login(sample.user)
    # then the session alone is not enough
    missing = client.get(f"{API}/lists/")
    assert missing.status_code == 401
    assert missing.json()["code"] == "payroll_key_missing"
    assert missing["WWW-Authenticate"] == "Api-Key"
    client.logout()
    # an unknown or malformed key: 401, and no audit row (no key was identified)
    for header in (f"Api-Key tpk_aaaaaaaa_{'x' * 43}", "Api-Key", "Api-Key a b"):
        refused = client.get(f"{API}/lists/", HTTP_AUTHORIZATION=header)
        assert refused.status_code == 401
        assert refused.json()["code"] == "payroll_key_invalid"
    assert not AuditLog.objects.filter(action="payroll_api.call").exists()
    # the key works
    assert client.get(f"{API}/lists/", **auth(raw)).status_code == 200


def test_a_revoked_key_is_refused_and_the_refusal_audited(client):
    # given a key that was used, then revoked by the owner
    sample = sample_workshop()
    raw, key = issue_key(sample.owner)
    assert client.get(f"{API}/lists/", **auth(raw)).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    payroll_key_revoke(actor=sample.user, workshop=sample.workshop, key_id=key.pk)
    # when the vendor calls again
    refused = client.get(f"{API}/lists/", **auth(raw))
    # then 401 with its own code, and the refused call is audited against the key
    assert refused.status_code == 401
    assert refused.json()["code"] == "payroll_key_revoked"
    last = AuditLog.objects.filter(action="payroll_api.call").order_by("-id").first()
    assert last.target_id == str(key.pk)
    assert last.detail["status"] == 401


def test_a_key_dies_with_its_issuers_ownership(client):
    # given a key whose issuer is no longer an active owner of the workshop
    sample = sample_workshop()
    raw, _key = issue_key(sample.owner)
    assert client.get(f"{API}/key/", **auth(raw)).status_code == 200
    sample.owner.is_active = False
    sample.owner.save(update_fields=["is_active"])
    # then it is refused
    refused = client.get(f"{API}/lists/", **auth(raw))
    assert refused.status_code == 401
    assert refused.json()["code"] == "payroll_key_revoked"
    # and so is the key of an owner whose account was disabled
    other = RepresentativeFactory()
    other_raw, _other = issue_key(other)
    other.user.is_active = False
    other.user.save(update_fields=["is_active"])
    assert client.get(f"{API}/key/", **auth(other_raw)).json()["code"] == "payroll_key_revoked"
    # and a key of a workshop no longer active
    third = RepresentativeFactory()
    third_raw, _third = issue_key(third)
    third.workshop.is_active = False
    third.workshop.save(update_fields=["is_active"])
    assert client.get(f"{API}/key/", **auth(third_raw)).status_code == 401


def test_another_workshops_list_is_404_like_a_missing_one(
    client, django_capture_on_commit_callbacks
):
    # given a list of the sample workshop, and a key (allowed to submit) of another workshop
    sample = sample_workshop()
    own_raw, _own = issue_key(sample.owner)
    response = _upload(client, own_raw, "valid", django_capture_on_commit_callbacks)
    list_id = response.json()["id"]
    other = RepresentativeFactory()
    raw, _key = issue_key(other, may_submit=True)
    # then every path of that list is 404 for it, as for a list that does not exist
    for target in (list_id, list_id + 1000):
        for method, path in (
            ("get", f"{API}/lists/{target}/"),
            ("get", f"{API}/lists/{target}/errors/"),
            ("post", f"{API}/lists/{target}/submit/"),
        ):
            answer = getattr(client, method)(path, **auth(raw))
            assert answer.status_code == 404, (method, path)
            assert answer.json()["code"] == "not_found"
    # and its list of lists is its own (empty)
    assert client.get(f"{API}/lists/", **auth(raw)).json() == []
    assert MonthlyList.objects.get(pk=list_id).status == ListStatus.VALID


def test_requests_are_limited_per_key(client, settings, time_machine):
    # given a tiny limit and two keys of the same workshop (and a second into a minute: the
    # limit counts per minute, so the calls fall in one)
    settings.PAYROLL_API_THROTTLE = "2/minute"
    time_machine.move_to(dt.datetime(2026, 12, 4, 10, 0, 1, tzinfo=dt.UTC), tick=False)
    sample = sample_workshop()
    raw, key = issue_key(sample.owner)
    other_raw, _other = issue_key(sample.owner, name="نرم‌افزار دوم")
    # when one key makes three calls
    assert client.get(f"{API}/lists/", **auth(raw)).status_code == 200
    assert client.get(f"{API}/key/", **auth(raw)).status_code == 200
    refused = client.get(f"{API}/lists/", **auth(raw))
    # then the third is 429 in the one error shape, with when to come back
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "throttled"
    assert "دوباره بفرستید" in body["message"]
    assert body["extra"]["retry_after"] >= 1
    assert int(refused["Retry-After"]) >= 1
    # and the refusal is audited against the key
    last = AuditLog.objects.filter(action="payroll_api.call").order_by("-id").first()
    assert (last.target_id, last.detail["status"]) == (str(key.pk), 429)
    # and the other key keeps its own budget
    assert client.get(f"{API}/lists/", **auth(other_raw)).status_code == 200


def test_every_call_with_a_key_is_audited(client):
    # given a key
    sample = sample_workshop()
    raw, key = issue_key(sample.owner)
    # when the vendor reads its lists, a list that is not there, and tries to submit it
    client.get(f"{API}/lists/", **auth(raw))
    client.get(f"{API}/lists/999999/", **auth(raw))
    client.post(f"{API}/lists/999999/submit/", **auth(raw))
    # then each call is one audit row naming the key, the method, the path and the answer
    rows = AuditLog.objects.filter(action="payroll_api.call").order_by("id")
    assert [
        (r.target_type, r.target_id, r.detail["method"], r.detail["path"], r.detail["status"])
        for r in rows
    ] == [
        ("employers.payrollapikey", str(key.pk), "GET", f"{API}/lists/", 200),
        ("employers.payrollapikey", str(key.pk), "GET", f"{API}/lists/999999/", 404),
        ("employers.payrollapikey", str(key.pk), "POST", f"{API}/lists/999999/submit/", 404),
    ]
    assert all(r.detail["key_id"] == key.pk for r in rows)
    assert all(r.detail["workshop"] == sample.workshop.pk for r in rows)


def test_an_accountant_cannot_use_the_api_without_a_key(client):
    # given an accountant of the workshop signed in on the portal
    sample = sample_workshop()
    accountant = AccountantFactory(workshop=sample.workshop)
    client.force_login(accountant.user)
    # then the payroll API still wants a key
    assert client.get(f"{API}/lists/").status_code == 401


def test_the_schema_documents_the_key_and_every_payroll_path(tmp_path):
    # given the schema, built as CI builds it (a drf-spectacular warning fails it)
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    # then the key is a security scheme of its own, in the Authorization header
    scheme = schema["components"]["securitySchemes"]["payrollApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    # and every payroll operation takes that key alone, and says what each refusal looks like
    operations = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/payroll/")
        for method, operation in methods.items()
    }
    assert set(operations) == {
        ("/api/v1/payroll/key/", "get"),
        ("/api/v1/payroll/lists/", "get"),
        ("/api/v1/payroll/lists/", "post"),
        ("/api/v1/payroll/lists/{list_id}/", "get"),
        ("/api/v1/payroll/lists/{list_id}/errors/", "get"),
        ("/api/v1/payroll/lists/{list_id}/submit/", "post"),
    }
    for operation in operations.values():
        assert operation["security"] == [{"payrollApiKey": []}]
        assert {"401", "429"} <= set(operation["responses"])
    submit = operations[("/api/v1/payroll/lists/{list_id}/submit/", "post")]
    assert {"403", "404"} <= set(submit["responses"])
    # and the upload is multipart with the files as binary
    upload = operations[("/api/v1/payroll/lists/", "post")]["requestBody"]["content"]
    reference = upload["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][reference]["properties"]
    assert fields["files"]["items"]["format"] == "binary"
    assert fields["file"]["format"] == "binary"
