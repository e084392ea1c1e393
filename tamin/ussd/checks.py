"""Production refuses a USSD gateway without a real shared secret (ids ussd.E001, ussd.E002).

The operator's aggregator authenticates with `X-Ussd-Secret`; an empty secret makes the
gateway answer 503 everywhere, a placeholder or short one lets anyone who read the
example file ask for people's records. Like `tamin.core.checks`, these run only when
`TAMIN_PRODUCTION` is true, as ordinary checks (so `migrate` and the server refuse too).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

from tamin.core.checks import looks_like_placeholder

SECRET_MIN_LENGTH = 32
HINT = (
    "Set USSD_SHARED_SECRET to the secret agreed with the USSD aggregator, e.g. python -c "
    '"import secrets; print(secrets.token_urlsafe(48))" (docs/ussd.md).'
)


@register(Tags.security)
def ussd_shared_secret_check(app_configs=None, **kwargs) -> list[Error]:
    if not getattr(settings, "TAMIN_PRODUCTION", False):
        return []
    secret = str(getattr(settings, "USSD_SHARED_SECRET", "") or "")
    if not secret.strip():
        return [
            Error(
                "USSD_SHARED_SECRET is empty: the USSD gateway would refuse every request (503).",
                hint=HINT,
                id="ussd.E001",
            )
        ]
    if looks_like_placeholder(secret) or len(secret) < SECRET_MIN_LENGTH:
        return [
            Error(
                f"USSD_SHARED_SECRET is a placeholder or shorter than {SECRET_MIN_LENGTH} "
                "characters: anyone could ask the gateway for people's records.",
                hint=HINT,
                id="ussd.E002",
            )
        ]
    return []
