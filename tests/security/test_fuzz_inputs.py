"""No 500 on any input: random Unicode into every public form, query string and API body.

Each test signs in whoever the form is for, then lets Hypothesis fill every field with
hostile text — st.text() (NUL and other control characters included), fullwidth and
other non-Persian digits, huge numbers, very long strings, RTL marks, Jalali-looking
dates with impossible years — and asserts the answer is below 500. Django's test client
re-raises a view's exception, so a 500 shows up here as that exception with its traceback.

With DATABASE_URL set the same tests run on PostgreSQL, which refuses NUL in text and
jsonb — the case SQLite lets through.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tamin.accounts.services import api_sign_in_create
from tests.accounts.conftest import last_code_sent_to
from tests.accounts.factories import UserFactory
from tests.branches.factories import (
    AgencyDutyFactory,
    AgencyFactory,
    BranchFactory,
    CityFactory,
    MedicalCentreFactory,
    SpecialtyFactory,
    StaffMembershipFactory,
)
from tests.branches.factories_appointments import AppointmentServiceFactory, SlotFactory
from tests.branches.factories_desk import DeskFaqFactory, TicketCategoryFactory, TicketFactory
from tests.employers.factories import RepresentativeFactory
from tests.insured.factories_inquiries import WORKSHOP, person_with_records

pytestmark = pytest.mark.django_db

EXAMPLES = 30  # per form: enough to hit each kind of hostile input, quick on SQLite

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Digits people do type (ASCII, Persian, Arabic-Indic) beside ones Python also calls
# digits (fullwidth, superscripts, Devanagari), separators, and invisible direction marks.
DIGIT_SOUP = (
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹०१२٫٬/-+., :\x00\t\n\r"
    "\u200c\u200e\u200f\u202b\u202e\u2066\ufeff"
)
SEEN = [
    "\x00",
    "00135\x0042419",
    "0912\x001234567",
    "9378/01/01",
    "9999/12/29",
    "0001/01/01",
    "００１３５４２４１９",
    "０９１２１２３４５６７",
    "1403/13/40",
    "-1",
    "0",
    str(2**31),
    str(2**63),
    "9" * 400,
    "\u202e1403/01/01",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


def _jalali_like(year: int, month: int, day: int, sep: str) -> str:
    return f"{year}{sep}{month:02d}{sep}{day:02d}"


HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=DIGIT_SOUP, max_size=24),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from(["9", "۹", "a", "ی", "\x00", "\u202e", "０", " "]),
        st.integers(min_value=200, max_value=20_000),
    ),
    st.builds(
        _jalali_like,
        st.integers(min_value=0, max_value=99_999),
        st.integers(min_value=0, max_value=99),
        st.integers(min_value=0, max_value=99),
        st.sampled_from(["/", "-", ""]),
    ),
    st.sampled_from(SEEN),
)

# JSON bodies also carry numbers, nulls, lists and objects where a string is expected.
HOSTILE_JSON = st.one_of(
    HOSTILE_TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def hostile_fields(*names: str, values=HOSTILE_TEXT) -> st.SearchStrategy[dict]:
    """Every named field gets a hostile value; any of them may also be left out."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, values))


def fuzz(
    send: Callable[[dict], object],
    *names: str,
    values=HOSTILE_TEXT,
    valid: dict | None = None,
) -> None:
    """Send hostile values for `names` through `send`; every answer must be below 500.

    With `valid`, half the examples fill the fields left out with those good values, so
    one hostile field travels past the others' checks to the deeper code.
    """

    @FUZZ
    @given(hostile_fields(*names, values=values), st.booleans())
    def run(hostile: dict, fill_valid: bool) -> None:
        cache.clear()  # rate limits must not hide the code path behind a 429
        data = {**(valid or {}), **hostile} if fill_valid else hostile
        response = send(data)
        assert response.status_code < 500, (data, response.status_code)

    run()


def post(client, url: str, **headers) -> Callable[[dict], object]:
    return lambda data: client.post(url, data, **headers)


def get(client, url: str, **headers) -> Callable[[dict], object]:
    return lambda data: client.get(url, data, **headers)


def post_json(client, url: str, **headers) -> Callable[[dict], object]:
    return lambda data: client.post(
        url, json.dumps(data), content_type="application/json", **headers
    )


def bearer(user) -> dict:
    token = api_sign_in_create(user=user, device_name="fuzz").access
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- Public pages -------------------------------------------------------------------

REGISTRATION = {"national_code": "0013542419", "birth_date": "1364/01/10", "mobile": "09121234567"}


def test_registration_form(client):
    fuzz(
        post(client, reverse("accounts:register")),
        "national_code",
        "birth_date",
        "mobile",
        valid=REGISTRATION,
    )


def test_sign_in_form(client):
    UserFactory(national_code="0013542419")
    fuzz(
        post(client, reverse("accounts:login")),
        "national_code",
        "password",
        valid={"national_code": "0013542419", "password": "Tamin-Test-Pass-99"},
    )


def test_password_reset_form(client):
    UserFactory(national_code="0013542419", mobile="09121234567")
    fuzz(
        post(client, reverse("accounts:password_reset")),
        "national_code",
        "mobile",
        valid={"national_code": "0013542419", "mobile": "09121234567"},
    )


def test_registration_code_and_password_forms(client):
    # given a registration waiting for its SMS code
    assert client.post(reverse("accounts:register"), REGISTRATION).status_code == 302
    # then any code is a form error, never a 500
    fuzz(post(client, reverse("accounts:register_verify")), "code")
    # and once the code is right, so is any password
    cache.clear()
    assert client.post(reverse("accounts:register"), {**REGISTRATION}).status_code == 302
    code = last_code_sent_to(REGISTRATION["mobile"])
    assert client.post(reverse("accounts:register_verify"), {"code": code}).status_code == 302
    fuzz(post(client, reverse("accounts:register_password")), "password1", "password2")


def test_sign_in_code_form(client):
    user = UserFactory(national_code="0013542419")
    client.post(
        reverse("accounts:login"),
        {"national_code": user.national_code, "password": "Tamin-Test-Pass-99"},
    )
    fuzz(post(client, reverse("accounts:login_verify")), "code")


def test_password_reset_code_form(client):
    UserFactory(national_code="0013542419", mobile="09121234567")
    client.post(
        reverse("accounts:password_reset"),
        {"national_code": "0013542419", "mobile": "09121234567"},
    )
    fuzz(post(client, reverse("accounts:password_reset_verify")), "code")


def test_verify_form_and_page(client):
    fuzz(get(client, reverse("verify_form")), "code")

    @FUZZ
    @given(HOSTILE_TEXT.filter(lambda code: code.strip("/")))
    def verify_path(code: str) -> None:
        from urllib.parse import quote

        response = client.get("/verify/" + quote(code.replace("/", ""), safe=""))
        assert response.status_code < 500

    verify_path()


DIRECTORY_FILTERS = (
    "province",
    "city",
    "q",
    "kind",
    "duty",
    "medical_documents",
    "ownership",
    "specialty",
    "page",
)


def test_directory_filters(client):
    # given a little of each kind of place, so filters reach real queries
    city = CityFactory()
    BranchFactory(city=city)
    AgencyFactory(city=city, duties=[AgencyDutyFactory()])
    MedicalCentreFactory(city=city, specialties=[SpecialtyFactory()])
    for name in ("directory", "branch_list", "agency_list", "centre_list", "city_options"):
        fuzz(get(client, reverse(f"branches:{name}")), *DIRECTORY_FILTERS)
    for layer in ("branches", "agencies", "centres"):
        fuzz(get(client, reverse("branches:map_points", args=[layer])), *DIRECTORY_FILTERS)


def test_appointment_pages(client):
    # given a bookable service with a free slot tomorrow
    slot = SlotFactory(service=AppointmentServiceFactory())
    fuzz(get(client, reverse("branches:appointments")), "kind", "province", "city")
    calendar = reverse("branches:appointment_calendar", args=[slot.service_id])
    fuzz(get(client, calendar), "month", "day")
    # when a signed-in person books with hostile slot ids and back links
    client.force_login(UserFactory())
    fuzz(post(client, reverse("branches:appointment_book")), "slot_id", "back")


def test_desk_ticket_form(client):
    TicketCategoryFactory(key="records")
    client.force_login(UserFactory())
    fuzz(
        post(client, reverse("branches:ticket_new")),
        "category",
        "subject",
        "body",
        valid={"category": "records", "subject": "سوابق", "body": "سابقه ثبت نشده است."},
    )
    fuzz(get(client, reverse("branches:my_tickets")), "page")


def test_desk_staff_queue_and_ticket(client):
    ticket = TicketFactory()
    client.force_login(StaffMembershipFactory().user)
    fuzz(get(client, reverse("branches:ticket_queue")), "status", "category", "page")
    url = reverse("branches:ticket_detail_staff", args=[ticket.pk])
    fields = (
        "action",
        "faq_id",
        "answer-body",
        "faq-category",
        "faq-audience",
        "faq-question",
        "faq-answer",
    )
    fuzz(post(client, url), *fields)
    # Good values for the fields left out, so a hostile one reaches the desk's and the
    # content's services (a question the desk published from this ticket to take down).
    faq = DeskFaqFactory(ticket=ticket)
    valid = {
        "faq_id": str(faq.pk),
        "answer-body": "پاسخ.",
        "faq-category": ticket.category.key,
        "faq-audience": "all",
        "faq-question": "پرسش؟",
        "faq-answer": "پاسخ.",
    }
    for action in ("answer", "publish_faq", "unpublish_faq", "republish_faq"):
        fuzz(post(client, url), *fields[1:], valid={**valid, "action": action})


# --- The API -------------------------------------------------------------------------


def test_api_sign_in(client):
    UserFactory(national_code="0013542419")
    fuzz(
        post_json(client, reverse("api-accounts-login")),
        "national_code",
        "password",
        values=HOSTILE_JSON,
    )
    fuzz(
        post_json(client, reverse("api-accounts-login-verify")),
        "challenge",
        "code",
        "device_name",
        values=HOSTILE_JSON,
    )
    # a refresh token: hostile text alone and after a real sign-in's handle
    handle = api_sign_in_create(user=UserFactory()).refresh.split(".")[0]
    fuzz(post_json(client, reverse("api-accounts-token-refresh")), "refresh", values=HOSTILE_JSON)
    fuzz(
        lambda data: client.post(
            reverse("api-accounts-token-refresh"),
            json.dumps({"refresh": f"{handle}.{data.get('refresh', '')}"}),
            content_type="application/json",
        ),
        "refresh",
    )


@pytest.mark.parametrize(
    "body",
    [
        b'{"national_code": "00135\\u000042419", "password": "x"}',
        b'{"national_code": "\\ud800", "password": "\\udfff"}',
        b'{"national_code": ',
        b"\x00\xff\xfe",
        b"[]",
        b'"text"',
    ],
)
def test_api_sign_in_raw_bodies(client, body):
    # given JSON with escaped NUL or lone surrogates, or no JSON at all
    response = client.post(reverse("api-accounts-login"), body, content_type="application/json")
    # then the API answers 4xx, never 500
    assert 400 <= response.status_code < 500


# --- Signed-in forms of each role ----------------------------------------------------


def test_insured_forms_and_api(client):
    user, _person, _short, _branch = person_with_records()
    client.force_login(user)
    fuzz(
        post(client, reverse("insured:objection_missing_days")),
        "workshop_code",
        "year",
        "month",
        "claimed_days",
        "description",
        valid={"workshop_code": WORKSHOP, "year": "1403", "month": "3", "claimed_days": "31"},
    )
    fuzz(get(client, reverse("insured:objection_missing_days")), "workshop_code", "year", "month")
    fuzz(
        post(client, reverse("insured:objection_missing_record")),
        "workshop_code",
        "workshop_name",
        "from_year",
        "from_month",
        "to_year",
        "to_month",
        "daily_wage",
        "description",
        valid={
            "workshop_code": "1234567890",
            "workshop_name": "کارگاه",
            "from_year": "1401",
            "from_month": "1",
            "to_year": "1401",
            "to_month": "2",
            "daily_wage": "1000000",
        },
    )
    fuzz(post(client, reverse("insured:bank_accounts")), "sheba")
    fuzz(
        post(client, reverse("insured:inspection_request")),
        "workshop_code",
        "workshop_name",
        "description",
    )
    fuzz(post(client, reverse("insured:declaration_new")), "institution", "purpose")
    fuzz(
        post_json(client, reverse("api-insured-bank-accounts"), **bearer(user)),
        "sheba",
        values=HOSTILE_JSON,
    )


def test_employer_forms(client):
    owner = RepresentativeFactory()
    workshop = owner.workshop
    client.force_login(owner.user)
    fuzz(
        post(client, reverse("employers:workshop_register")),
        "code",
        "name",
        "employer_name",
        "address",
        "branch_code",
        valid={
            "code": "1234567890",
            "name": "کارگاه",
            "employer_name": "علی",
            "address": "تهران",
            "branch_code": workshop.branch.code,
        },
    )
    fuzz(post(client, reverse("employers:representatives", args=[workshop.pk])), "national_code")
    fuzz(
        post(client, reverse("employers:worker_new", args=[workshop.pk])),
        "national_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "sex",
        "nationality",
        valid={
            "national_code": "0013542419",
            "first_name": "علی",
            "last_name": "رضایی",
            "father_name": "حسن",
            "birth_date": "1370/05/21",
            "sex": "male",
            "nationality": "ایرانی",
        },
    )
    fuzz(
        post(client, reverse("employers:list_upload", args=[workshop.pk])),
        "year",
        "month",
        valid={"year": "1403", "month": "7"},
    )
    fuzz(get(client, reverse("employers:turnover", args=[workshop.pk])), "page")
    fuzz(post(client, reverse("employers:payment_start", args=[workshop.pk])), "list_id")
    fuzz(
        get(
            client,
            reverse("api-employers-workshop-turnover", args=[workshop.pk]),
            **bearer(owner.user),
        ),
        "page",
    )


def test_branch_staff_employer_forms(client):
    owner = RepresentativeFactory()
    client.force_login(StaffMembershipFactory(branch=owner.workshop.branch).user)
    fuzz(get(client, reverse("employers:staff_workshops")), "q")
    url = reverse("employers:staff_e_notification", args=[owner.workshop.pk])
    fuzz(
        post(client, url), "opt_in", "signed_on", valid={"opt_in": "on", "signed_on": "1403/01/15"}
    )


def test_payment_callback(client):
    # the bank's return is public: anyone can post anything to it
    fuzz(post(client, reverse("employers:payment_callback")), "order_id", "status", "signature")


@pytest.mark.parametrize(
    "path",
    [
        "/branches/offices/%00/",
        "/branches/agencies/%00/",
        "/branches/medical-centres/%00/",
        "/employers/money/result/%00/",
        "/accounts/dashboard/%00/",
        "/verify/%00",
        "/branches/offices/?q=%00",
        "/api/v1/employers/workshops/?page=%00",
    ],
)
def test_nul_in_url_is_a_400(client, path):
    # given a signed-in person (so the personal routes reach their lookups)
    client.force_login(UserFactory())
    # when a path segment or query value carries %00
    response = client.get(path)
    # then the request is refused before any lookup (PostgreSQL would refuse the NUL)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/employers/99999999999999999999/",
        "/branches/desk/tickets/99999999999999999999/",
        "/insured/records/99999999999999999999/",
        "/api/v1/employers/workshops/99999999999999999999/debt/",
    ],
)
def test_path_id_beyond_any_column_is_a_404(client, path):
    # given a signed-in person
    client.force_login(UserFactory())
    # when an <int:…> part of the path is larger than a 64-bit integer (SQLite cannot bind it)
    response = client.get(path)
    # then it is an unknown id like any other
    assert response.status_code == 404


def test_delivery_receipt_webhook(client, settings):
    # given the SMS gateway's token (the body is still whatever the caller sends)
    settings.DELIVERY_RECEIPT_TOKEN = "fuzz-receipt-token"
    url = reverse("notifications:receipts")
    send = post_json(client, url, HTTP_AUTHORIZATION="Token fuzz-receipt-token")
    fuzz(send, "message_id", "status", values=HOSTILE_JSON)
    # and with a real status, so the hostile message id reaches the lookup
    fuzz(lambda data: send({**data, "status": "delivered"}), "message_id", values=HOSTILE_JSON)
