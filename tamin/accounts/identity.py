"""Identity checks at registration, behind one adapter interface.

The real service asks the civil registry (ثبت احوال) whether the national code
and birth date belong together, and the mobile-ownership registry (شاهکار)
whether the mobile is the person's. Production plugs an adapter for those
services in through the IDENTITY_ADAPTER setting; the embedded default accepts
every valid national code and says so in `source`, which is stored on the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class IdentityResult:
    ok: bool
    source: str
    first_name: str = ""
    last_name: str = ""
    reason: str = ""  # Persian, shown to the person when ok is False


class IdentityAdapter:
    source = "abstract"

    def check(self, *, national_code: str, birth_date: dt.date, mobile: str) -> IdentityResult:
        raise NotImplementedError


class EmbeddedIdentityAdapter(IdentityAdapter):
    """Accepts any valid national code; records that no registry was asked."""

    source = "embedded-accept-all"

    def check(self, *, national_code: str, birth_date: dt.date, mobile: str) -> IdentityResult:
        return IdentityResult(ok=True, source=self.source)


def identity_adapter() -> IdentityAdapter:
    return import_string(settings.IDENTITY_ADAPTER)()
