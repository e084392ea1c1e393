"""Conformance of /api/v1/ to its own OpenAPI schema (issue #14, item 3), by schemathesis.

The schema is the one `/api/v1/schema/` serves (drf-spectacular's generator with the same
settings and hooks). Each operation becomes a test; schemathesis generates requests for it
and sends them to Django's WSGI application in this process (no server; the test
database), as the caller who owns the path (`CALLER_OF_PREFIX`), and checks every answer
(`CHECKS`): no 5xx; a status the operation declares; the content type, the body and the
declared headers of that status as the schema says.

Two passes:

* `test_api_conforms_to_its_schema` — every operation, valid and invalid input: the
  coverage phase (each parameter's boundaries and wrong types, missing and unexpected
  fields) then `MAX_EXAMPLES` random requests. Generated ids mostly name nothing, so the
  404s and 400s are checked here.
* `test_api_conforms_with_real_ids` — each operation with path parameters again, with
  valid input and ids of the caller's own objects (read once from the API's own lists),
  so the found answers (200, 201, a business rule's 400) are checked too.

The data is the demo (`seed_demo`) and a few requests it leaves for the visitor, filed
through the API, once per module and test process inside a transaction that is rolled
back at the end; each operation's test runs in a savepoint of
its own, so what one POST created is gone before the next test. Derandomized: a run
repeats exactly. No operation is left out.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import jdatetime
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from employers.models import Representative, RepresentativeRole
from employers.services.payroll import payroll_key_issue
from tamin.accounts.models import User
from tamin.accounts.services import api_sign_in_create

# Random requests per operation and pass, after the coverage phase's own (bounded) set;
# TAMIN_API_EXAMPLES=200 explores deeper on a developer's machine (not in `make test`).
MAX_EXAMPLES = int(os.environ.get("TAMIN_API_EXAMPLES", "5"))

# Who calls each path: the first prefix that matches; a path under none is called by the
# demo's insured person (a new endpoint most likely wants a signed-in caller). The people are
# the demo's (tamin/accounts/demo/accounts.py); PAYROLL is a payroll program with a key its
# workshop's owner issued; PUBLIC paths are called without an account.
INSURED = "0013542419"
EMPLOYER = "0071234561"
PENSIONER = "0491234562"
PAYROLL = "payroll"
PUBLIC = None
CALLER_OF_PREFIX = (
    ("/api/v1/accounts/login/", PUBLIC),
    ("/api/v1/accounts/token/refresh/", PUBLIC),
    ("/api/v1/centres/", PUBLIC),
    ("/api/v1/content/", PUBLIC),
    ("/api/v1/rules/", PUBLIC),
    # Any account may ask for the insurance of Iranians abroad, up to 50 years old: the
    # demo's insured person is 55, the employer's representative 48.
    ("/api/v1/insured/abroad/", EMPLOYER),
    ("/api/v1/insured/", INSURED),
    ("/api/v1/employers/", EMPLOYER),
    ("/api/v1/payroll/", PAYROLL),
    ("/api/v1/pensioners/", PENSIONER),
)


def caller_of(path: str) -> str | None:
    for prefix, caller in CALLER_OF_PREFIX:
        if path.startswith(prefix):
            return caller
    return INSURED


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # The demo fixture is module-scoped; the calls are in-process and cheap.
    suppress_health_check=list(HealthCheck),
)


def _served_schema() -> dict:
    """The schema exactly as `/api/v1/schema/?format=json` renders it."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))


def _load(config: dict) -> schemathesis.BaseSchema:
    loaded = schemathesis.openapi.from_dict(SCHEMA, config=schemathesis.Config.from_dict(config))
    loaded.app = APP
    return loaded


SCHEMA = _served_schema()
APP = WSGIHandler()
# Auth comes from the caller (below), never generated; no stateful phase (links).
schema = _load(
    {
        "generation": {"with-security-parameters": False},
        "phases": {
            # Other methods than the documented ones answer DRF's one 405 in the error shape
            # (tests/api/test_error_shape.py); asking each path for each of them doubled the run.
            "coverage": {"unexpected-methods": []},
            "stateful": {"enabled": False},
        },
    }
)
real_ids_schema = _load(
    {
        "generation": {"mode": "positive", "with-security-parameters": False},
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": False},
            "stateful": {"enabled": False},
        },
    }
).include(path_regex=r"\{")


# --- Real ids: each path parameter's values that name the caller's own objects -------------

PARAMETER = re.compile(r"\{([^}]+)\}")
# A parameter's values are read from the list one level up (`…/{name}/…` → `…/`), under the
# key `id` for `…_id` and the parameter's own name otherwise (`code`, `year`), unless listed
# here (a path's own entry wins over the parameter's). Other parameters of the source are
# filled with values found before.
LISTED_ELSEWHERE = {
    "/api/v1/insured/records/{year}/": ("/api/v1/insured/records/summary/", "year"),
    "/api/v1/employers/lists/{list_id}/errors/": (
        "/api/v1/employers/workshops/{workshop_id}/lists/",
        "id",
    ),
    "package_code": ("/api/v1/insured/abroad/quotes/", "code"),
    "number": ("/api/v1/employers/workshops/{workshop_id}/installments/plans/{plan_id}/", "number"),
    "/api/v1/insured/benefits/requests/{request_id}/": (
        "/api/v1/insured/benefits/requests/",
        "benefit_request_id",
    ),
}
REAL_IDS: dict[str, dict[str, list]] = {}


def _values_in(payload, key: str) -> list:
    """Every value of `key` in an object anywhere in the JSON, in order, once each."""
    found: list = []
    stack = [payload]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            value = item.get(key)
            if isinstance(value, (int, str)) and not isinstance(value, bool) and value not in found:
                found.append(value)
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _call(callers: Callers, method: str, path: str, **kwargs):
    """A request as the path's caller; for the fixture (the tests' calls are schemathesis')."""
    return Client(APP).open(path, method=method, headers=callers.headers(path), **kwargs)


def _get(callers: Callers, path: str) -> object:
    response = _call(callers, "GET", path)
    return response.get_json(silent=True) if response.status_code == 200 else None


def _enum_parameters(path: str) -> set[str]:
    """Path parameters the schema enumerates: generated values are already real."""
    return {
        parameter["name"]
        for operation in SCHEMA["paths"][path].values()
        for parameter in operation.get("parameters", [])
        if parameter.get("in") == "path" and "enum" in parameter.get("schema", {})
    }


def _collect_real_ids(callers: Callers) -> None:
    """REAL_IDS[path]: up to 5 values of each parameter, for the paths where each is found
    (as the path's caller: public paths list public objects)."""
    seen: dict[str, str] = {}
    for _ in range(2):  # the second round fills sources that name a parameter found later
        for path in SCHEMA["paths"]:
            if not PARAMETER.search(path) or path in REAL_IDS:
                continue
            values: dict[str, list] = {}
            for name in PARAMETER.findall(path):
                if name in _enum_parameters(path):
                    continue
                one_level_up = (
                    path.split("{" + name + "}")[0],
                    "id" if name == "id" or name.endswith("_id") else name,
                )
                source, key = LISTED_ELSEWHERE.get(path, LISTED_ELSEWHERE.get(name, one_level_up))
                chosen = {**seen, **{n: str(v[0]) for n, v in values.items()}}
                source = PARAMETER.sub(
                    lambda m, chosen=chosen: chosen.get(m.group(1), m.group(0)), source
                )
                found = _values_in(_get(callers, source), key)[:5] if "{" not in source else []
                if not found:
                    break
                values[name] = found
                seen.setdefault(name, str(found[0]))
            else:
                REAL_IDS[path] = values


def _create_what_the_demo_lacks(callers: Callers) -> None:
    """Requests the demo leaves for the visitor, filed through the API as a person would,
    so their pages have an id to name: a salary certificate, an abroad request, a medical
    commission request with its booking and the marriage allowance (held: no documents)."""
    _call(
        callers,
        "POST",
        "/api/v1/pensioners/certificates/",
        json={"kind": "salary", "addressee": "بانک ملت"},
    )
    quotes = _get(callers, "/api/v1/insured/abroad/quotes/") or []
    eligible = [quote["package"]["code"] for quote in quotes if quote.get("eligible")]
    if eligible:
        _call(
            callers,
            "POST",
            "/api/v1/insured/abroad/requests/",
            data={
                "package_code": eligible[0],
                "country": "ترکیه",
                "passport_number": "P12345678",
                "sex": "male",
            },
            content_type="multipart/form-data",
        )
    places = _values_in(_get(callers, "/api/v1/insured/commissions/places/"), "id")
    slots = _values_in(
        _get(callers, f"/api/v1/insured/commissions/places/{places[0]}/slots/") if places else [],
        "id",
    )
    if slots:
        _call(
            callers,
            "POST",
            "/api/v1/insured/commissions/requests/",
            data={"commission_id": places[0], "reason": "review", "slot_id": slots[0]},
            content_type="multipart/form-data",
        )
    married = jdatetime.date(1384, 2, 20).togregorian().isoformat()  # insured.demo.benefits
    _call(
        callers,
        "POST",
        "/api/v1/insured/benefits/marriage/requests/",
        data={"marriage_date": married, "first_marriage": "true"},
        content_type="multipart/form-data",
    )


@real_ids_schema.hook
def flatmap_path_parameters(context, path_parameters):
    known = REAL_IDS.get(context.operation.path, {})
    return st.fixed_dictionaries({name: st.sampled_from(v) for name, v in known.items()}).map(
        lambda real: {**path_parameters, **real}
    )


# --- Callers and data -----------------------------------------------------------------------


def bearer(user: User) -> str:
    """A new access token for `user` from the accounts service (not the sign-in calls, so
    this does not depend on their answers)."""
    return api_sign_in_create(user=user, device_name="conformance", ip=None).access


@dataclass
class Callers:
    users: dict[str, User]
    payroll_key: str

    def headers(self, path: str) -> dict[str, str]:
        """The headers that sign a request to `path` in as its caller (a new token each)."""
        caller = caller_of(path)
        if caller is PUBLIC:
            return {}
        if caller == PAYROLL:
            return {"Authorization": f"Api-Key {self.payroll_key}"}
        return {"Authorization": f"Bearer {bearer(self.users[caller])}"}


@pytest.fixture(scope="module")
def callers(django_db_setup, django_db_blocker) -> Iterator[Callers]:
    """The demo, once per module and process, in a transaction rolled back at the end.

    Django closes the connection at the end of each request (`close_old_connections`);
    like Django's test client, the requests here keep it, with its transaction, open.
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            users = {
                code: User.objects.get(national_code=code)
                for code in (INSURED, EMPLOYER, PENSIONER)
            }
            owner = Representative.objects.filter(
                user=users[EMPLOYER], role=RepresentativeRole.OWNER, is_active=True
            ).first()
            key, _row = payroll_key_issue(
                actor=owner.user, workshop=owner.workshop, name="conformance", may_submit=True
            )
            found = Callers(users=users, payroll_key=key)
            _create_what_the_demo_lacks(found)
            _collect_real_ids(found)
            yield found
        finally:
            REAL_IDS.clear()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            for signal in (signals.request_started, signals.request_finished):
                signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@HYPOTHESIS
def test_api_conforms_to_its_schema(case, callers):
    case.call_and_validate(headers=callers.headers(case.path), checks=CHECKS)


@pytest.mark.django_db
@real_ids_schema.parametrize()
@HYPOTHESIS
def test_api_conforms_with_real_ids(case, callers):
    if case.path not in REAL_IDS:
        pytest.skip(f"{case.path}: the demo has no object of the caller's to name")
    case.call_and_validate(headers=callers.headers(case.path), checks=CHECKS)
