"""Production refuses the embedded stand-ins (Django system checks, ids tamin.E001–E009).

One finding is a Warning instead (tamin.W001): a private file store left on the
filesystem by default, legitimate on one host, wrong on several (see its check).

`make run` and the tests work without any outside service because every edge
of the organization has an embedded stand-in: the sandbox bank, the accept-all
identity adapter, the file SMS outbox, the file e-mail backend and placeholder
secrets. None of them may ever serve the public. These checks run only when
`settings.TAMIN_PRODUCTION` is true (`tamin.settings.production` forces it),
and every finding is an Error, so `manage.py check --deploy` fails and so do
`migrate` and `runserver` — docker-compose starts the web server only after
`migrate` succeeded.

They are registered as ordinary checks, not `deploy=True` ones: deploy-only
checks never run when a server starts, while ordinary ones run both with every
management command and with `check --deploy`.

The kernel knows no audience app. A stand-in class says so itself
(`is_stand_in = True`); a real adapter lists the settings it needs
(`required_settings`, `secret_settings`, `url_settings`, `host_settings`). The
check imports the configured dotted path and reads those attributes; classes we
cannot annotate (Django's e-mail backends) and our own stand-ins' paths are
also known here by name.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 10

# Words that mark a value copied from .env.example or a developer settings file.
PLACEHOLDER_MARKERS = (
    "replace-me",
    "replace_me",
    "replaceme",
    "change-me",
    "change_me",
    "changeme",
    "placeholder",
    "insecure",
    "dev-only",
    "test-only",
    "example",
    "xxxxxx",
)

# Host names reserved for documentation and local use (RFC 2606, RFC 6761).
DOCUMENTATION_HOST_SUFFIXES = (".example", ".invalid", ".test")
DOCUMENTATION_HOSTS = frozenset(
    {"example.com", "example.net", "example.org", "example", "invalid", "test"}
)

# Our stand-ins declare `is_stand_in`; the paths are known too, so a typo in the
# attribute or an import problem never lets one through.
KNOWN_STAND_INS = frozenset(
    {
        "employers.payments.sandbox.SandboxGateway",
        "tamin.accounts.identity.EmbeddedIdentityAdapter",
        "notifications.providers.FileSMSProvider",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


@dataclass(frozen=True)
class AdapterNeeds:
    """Settings a real adapter cannot work without (names of Django settings)."""

    required: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()


# Classes we cannot annotate: what they need is written down here.
KNOWN_NEEDS = {
    "django.core.mail.backends.smtp.EmailBackend": AdapterNeeds(
        required=("EMAIL_HOST",), secrets=("EMAIL_HOST_PASSWORD",), hosts=("EMAIL_HOST",)
    ),
}


@dataclass(frozen=True)
class AdapterSetting:
    setting: str  # the Django setting naming the class
    env: str  # the environment variable an operator sets
    what: str  # in an English message: "The payment gateway"
    stand_in_id: str
    stand_in_hint: str


ADAPTER_SETTINGS = (
    AdapterSetting(
        setting="PAYMENT_GATEWAY",
        env="PAYMENT_GATEWAY",
        what="The payment gateway",
        stand_in_id="tamin.E003",
        stand_in_hint=(
            "Set PAYMENT_GATEWAY to a real bank adapter, e.g. "
            "employers.payments.ipg.SamanGateway, and its PAYMENT_IPG_* settings "
            "(docs/payments.md)."
        ),
    ),
    AdapterSetting(
        setting="IDENTITY_ADAPTER",
        env="IDENTITY_ADAPTER",
        what="The identity adapter",
        stand_in_id="tamin.E004",
        stand_in_hint=(
            "Set IDENTITY_ADAPTER=tamin.accounts.identity.HttpIdentityRegistryAdapter and "
            "IDENTITY_REGISTRY_URL / _USERNAME / _PASSWORD (docs/deploy.md)."
        ),
    ),
    AdapterSetting(
        setting="SMS_BACKEND",
        env="SMS_BACKEND",
        what="The SMS backend",
        stand_in_id="tamin.E005",
        stand_in_hint=(
            "Set SMS_BACKEND=notifications.providers.HttpSMSGatewayProvider and "
            "SMS_GATEWAY_URL / SMS_GATEWAY_API_KEY (docs/deploy.md)."
        ),
    ),
    AdapterSetting(
        setting="EMAIL_BACKEND",
        env="EMAIL_BACKEND",
        what="The e-mail backend",
        stand_in_id="tamin.E006",
        stand_in_hint=(
            "Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST "
            "(and EMAIL_HOST_USER / EMAIL_HOST_PASSWORD when the server asks for them)."
        ),
    ),
)


def _production() -> bool:
    return bool(getattr(settings, "TAMIN_PRODUCTION", False))


def looks_like_placeholder(value: str) -> bool:
    lowered = value.strip().lower()
    return any(marker in lowered for marker in PLACEHOLDER_MARKERS)


def _bare_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def host_is_documentation_only(host: str) -> bool:
    """True for names reserved for examples (RFC 2606): copied from .env.example."""
    host = _bare_host(host)
    return host in DOCUMENTATION_HOSTS or host.endswith(DOCUMENTATION_HOST_SUFFIXES)


def host_is_local_or_reserved(host: str) -> bool:
    """True for loopback/unspecified addresses, localhost and documentation-only names."""
    host = _bare_host(host)
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host_is_documentation_only(host)
    return address.is_loopback or address.is_unspecified or address.is_link_local


def _url_problem(value: str) -> str:
    """Why an address cannot serve the public ('' when it can)."""
    parts = urlsplit(value.strip())
    if parts.scheme != "https":
        return "is not an https:// address"
    if host_is_local_or_reserved(parts.hostname or ""):
        return "points to a local or documentation-only host"
    return ""


# --- The checks ----------------------------------------------------------------


@register(Tags.security)
def secret_key_check(app_configs=None, **kwargs) -> list[Error]:
    if not _production():
        return []
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    problems = []
    if looks_like_placeholder(key) or key.startswith("django-insecure-"):
        problems.append("is a placeholder from an example or developer file")
    if len(key) < SECRET_KEY_MIN_LENGTH:
        problems.append(f"is shorter than {SECRET_KEY_MIN_LENGTH} characters")
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problems.append(f"has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct characters")
    if not problems:
        return []
    return [
        Error(
            f"DJANGO_SECRET_KEY {' and '.join(problems)}: sessions, password-reset links "
            "and signed callbacks could be forged.",
            hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(64))".',
            id="tamin.E001",
        )
    ]


@register(Tags.security)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    if not _production():
        return []
    site_url = str(getattr(settings, "SITE_URL", "") or "")
    problem = _url_problem(site_url)
    if not problem:
        return []
    return [
        Error(
            f"TAMIN_SITE_URL {site_url!r} {problem}; SMS texts, e-mails and the QR codes "
            "on issued PDFs would send people there.",
            hint="Set TAMIN_SITE_URL to the public https:// address of the portal.",
            id="tamin.E002",
        )
    ]


@register(Tags.security)
def stand_in_adapters_check(app_configs=None, **kwargs) -> list[Error]:
    """Each configured adapter is real, importable and fully configured."""
    if not _production():
        return []
    errors: list[Error] = []
    for adapter in ADAPTER_SETTINGS:
        dotted_path = str(getattr(settings, adapter.setting, "") or "")
        try:
            adapter_class = import_string(dotted_path)
        except ImportError as exc:
            errors.append(
                Error(
                    f"{adapter.what} {dotted_path!r} cannot be imported ({exc}).",
                    hint=f"Check {adapter.env}: a dotted path to a class.",
                    id="tamin.E009",
                )
            )
            continue
        if dotted_path in KNOWN_STAND_INS or getattr(adapter_class, "is_stand_in", False):
            errors.append(
                Error(
                    f"{adapter.what} is the embedded stand-in {dotted_path!r}; "
                    "it exists for development and tests only.",
                    hint=adapter.stand_in_hint,
                    id=adapter.stand_in_id,
                )
            )
            continue
        errors.extend(_needs_errors(dotted_path, _needs_of(dotted_path, adapter_class)))
    return errors


@register(Tags.security)
def database_password_check(app_configs=None, **kwargs) -> list[Error]:
    if not _production():
        return []
    password = str(settings.DATABASES.get("default", {}).get("PASSWORD") or "")
    if not password or not looks_like_placeholder(password):
        return []
    return [
        Error(
            "The database password in DATABASE_URL is a placeholder.",
            hint="Put the real PostgreSQL password in DATABASE_URL (and POSTGRES_PASSWORD).",
            id="tamin.E008",
        )
    ]


@register(Tags.security)
def private_storage_check(app_configs=None, **kwargs) -> list[Warning]:
    """A Warning, not an Error: a filesystem private store is right on one host.

    There, web and workers share one volume (docker-compose.yml). With a second host
    each one sees only its own files (a PDF rendered by a worker elsewhere, a list
    uploaded to another web node), so the operator must choose knowingly:
    PRIVATE_STORAGE_BACKEND=filesystem for one host, =s3 for more.
    """
    if not _production() or settings.PRIVATE_STORAGE_BACKEND:
        return []
    return [
        Warning(
            "The private file store (list files, case documents, issued PDFs) defaults to "
            "this host's disk.",
            hint=(
                "Set PRIVATE_STORAGE_BACKEND=filesystem if web and workers run on one host "
                "and share PRIVATE_STORAGE_DIR, or =s3 with PRIVATE_STORAGE_S3_* "
                "(docs/deploy.md, 'Private file store')."
            ),
            id="tamin.W001",
        )
    ]


def _needs_of(dotted_path: str, adapter_class: type) -> AdapterNeeds:
    if dotted_path in KNOWN_NEEDS:
        return KNOWN_NEEDS[dotted_path]
    return AdapterNeeds(
        required=tuple(getattr(adapter_class, "required_settings", ())),
        secrets=tuple(getattr(adapter_class, "secret_settings", ())),
        urls=tuple(getattr(adapter_class, "url_settings", ())),
        hosts=tuple(getattr(adapter_class, "host_settings", ())),
    )


def _needs_errors(dotted_path: str, needs: AdapterNeeds) -> list[Error]:
    errors = [
        Error(
            f"{name} is empty, but {dotted_path} cannot work without it.",
            hint=f"Set {name} in the environment (see .env.example).",
            id="tamin.E007",
        )
        for name in needs.required
        if not str(getattr(settings, name, "") or "").strip()
    ]
    for name in needs.secrets:
        value = str(getattr(settings, name, "") or "")
        if value and looks_like_placeholder(value):
            errors.append(
                Error(
                    f"{name} is a placeholder, not the credential {dotted_path} needs.",
                    hint=f"Set {name} to the value the provider issued.",
                    id="tamin.E008",
                )
            )
    for name in needs.urls:
        value = str(getattr(settings, name, "") or "")
        problem = _url_problem(value) if value else ""
        if problem:
            errors.append(
                Error(
                    f"{name} {value!r} {problem}.",
                    hint=f"Set {name} to the provider's real https:// endpoint.",
                    id="tamin.E008",
                )
            )
    for name in needs.hosts:
        value = str(getattr(settings, name, "") or "")
        # A mail relay on the host itself is a real set-up; an example name is not.
        if value and host_is_documentation_only(value):
            errors.append(
                Error(
                    f"{name} {value!r} is a documentation-only host name.",
                    hint=f"Set {name} to the real server's host name.",
                    id="tamin.E008",
                )
            )
    return errors
