"""Identity checks at registration, behind one adapter interface.

The real service asks the civil registry (ثبت احوال) whether the national code
and birth date belong together, and the mobile-ownership registry (شاهکار)
whether the mobile is the person's. Production plugs an adapter for those
services in through the IDENTITY_ADAPTER setting:

- `HttpIdentityRegistryAdapter` — the registry over HTTP (JSON protocol in
  docs/deploy.md, "Adapters production needs"). A registry that does not
  answer, or answers something we do not understand, is never an accept: the
  result is `unavailable` and the person is asked to try later.
- `EmbeddedIdentityAdapter` — the stand-in for `make run` and tests: accepts
  every valid national code and says so in `source`, which is stored on the
  user. It declares `is_stand_in`, so production's system check refuses it.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import jdatetime
import requests
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tamin.core.http import UpstreamUnavailable, post_json

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdentityResult:
    ok: bool
    source: str
    first_name: str = ""
    last_name: str = ""
    reason: str = ""  # Persian, shown to the person when ok is False
    # The registry could not be asked (down, slow, garbled): "try later", not "wrong data".
    unavailable: bool = False


class IdentityAdapter:
    source = "abstract"
    is_stand_in = False

    def check(self, *, national_code: str, birth_date: dt.date, mobile: str) -> IdentityResult:
        raise NotImplementedError


class EmbeddedIdentityAdapter(IdentityAdapter):
    """Accepts any valid national code; records that no registry was asked."""

    source = "embedded-accept-all"
    is_stand_in = True

    def check(self, *, national_code: str, birth_date: dt.date, mobile: str) -> IdentityResult:
        return IdentityResult(ok=True, source=self.source)


class HttpIdentityRegistryAdapter(IdentityAdapter):
    """The civil registry + Shahkar over HTTP: one JSON POST per registration attempt.

    Request (HTTP Basic auth): national_code, birth_date (ISO Gregorian),
    birth_date_jalali (YYYY/MM/DD), mobile, request_id. Answer 200 with
    `result` "match" (and `mobile_matches` true, names) or "mismatch".
    """

    source = "civil-registry"
    # What production's system check (tamin.core.checks) makes sure is configured.
    required_settings = (
        "IDENTITY_REGISTRY_URL",
        "IDENTITY_REGISTRY_USERNAME",
        "IDENTITY_REGISTRY_PASSWORD",
    )
    secret_settings = ("IDENTITY_REGISTRY_PASSWORD",)
    url_settings = ("IDENTITY_REGISTRY_URL",)

    def __init__(self, *, session: requests.Session | None = None):
        self.url = settings.IDENTITY_REGISTRY_URL
        self.auth = (settings.IDENTITY_REGISTRY_USERNAME, settings.IDENTITY_REGISTRY_PASSWORD)
        self.timeout = settings.IDENTITY_REGISTRY_TIMEOUT
        self.session = session or requests.Session()

    def check(self, *, national_code: str, birth_date: dt.date, mobile: str) -> IdentityResult:
        request_id = uuid.uuid4().hex
        payload = {
            "request_id": request_id,
            "national_code": national_code,
            "birth_date": birth_date.isoformat(),
            "birth_date_jalali": jdatetime.date.fromgregorian(date=birth_date).strftime("%Y/%m/%d"),
            "mobile": mobile,
        }
        try:
            answer = post_json(
                session=self.session,
                url=self.url,
                body=payload,
                timeout=self.timeout,
                auth=self.auth,
            )
            return self._result(answer, request_id=request_id)
        except UpstreamUnavailable as exc:
            # Logged without the person's data; the request id ties it to the registry's log.
            logger.warning("Identity registry unavailable (%s): %s", request_id, exc)
            return IdentityResult(
                ok=False,
                source=self.source,
                unavailable=True,
                reason=_("سامانهٔ ثبت احوال پاسخ نمی‌دهد؛ لطفاً کمی بعد دوباره تلاش کنید."),
            )

    def _result(self, answer: dict, *, request_id: str) -> IdentityResult:
        if answer.get("request_id", request_id) != request_id:
            raise UpstreamUnavailable("reply is for another request")
        result = answer.get("result")
        if result == "mismatch":
            return self._mismatch()
        if result != "match" or not isinstance(answer.get("mobile_matches"), bool):
            raise UpstreamUnavailable(f"unknown result {str(result)[:20]!r}")
        if not answer["mobile_matches"]:
            return self._mismatch()
        return IdentityResult(
            ok=True,
            source=self.source,
            first_name=str(answer.get("first_name") or "")[:60],
            last_name=str(answer.get("last_name") or "")[:80],
        )

    def _mismatch(self) -> IdentityResult:
        # One message for every mismatch: the answer must not tell which part was wrong.
        return IdentityResult(
            ok=False,
            source=self.source,
            reason=_(
                "کد ملی، تاریخ تولد و شمارهٔ همراه واردشده با هم تأیید نشد. "
                "شماره همراه باید به نام خودتان باشد؛ اطلاعات را بررسی کنید."
            ),
        )


def identity_adapter() -> IdentityAdapter:
    return import_string(settings.IDENTITY_ADAPTER)()
