"""Every setting is read here, once, from the environment (django-environ).

`dev.py`, `test.py` and `production.py` only change defaults (by setting
environment defaults before importing this module) — nothing exists in one
environment only. `.env.example` lists every variable read below.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("TAMIN_SITE_URL", default="http://127.0.0.1:8000")
# True on a production host (production.py forces it): the system checks of
# tamin/core/checks.py then refuse every embedded stand-in and placeholder secret.
TAMIN_PRODUCTION = env.bool("TAMIN_PRODUCTION", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI files for /api/v1/docs/, served as our static files
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "tamin.core",
    "tamin.accounts",
    "tamin.rules",
    "tamin.content",
    "notifications",
    "branches",
    "insured",
    "employers",
    "pensioners",
    "tamin.ussd",
    "tamin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside SessionMiddleware: sees the session cookie a response sets (tamin/core/middleware.py)
    "tamin.core.middleware.ContentSecurityPolicyMiddleware",
    "tamin.core.middleware.PersonalPagesNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tamin.accounts.middleware.SessionIdleTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, reading the person from one cache entry (principal.py).
    "tamin.accounts.middleware.PrincipalAuthenticationMiddleware",
    "tamin.accounts.middleware.PrincipalOTPMiddleware",
    "tamin.accounts.middleware.ActiveRoleMiddleware",
    # After the session and role are known (the 400 page uses them), before any view.
    "tamin.core.input_guard.UrlInputGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tamin.urls"
WSGI_APPLICATION = "tamin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tamin.core.context_processors.portal",
                "tamin.accounts.context_processors.roles",
            ],
            # fa: the Persian display filters; rendering: `{% url %}` of a fixed name is
            # reversed once per process (tamin/core/templatetags/rendering.py).
            "builtins": ["tamin.core.templatetags.fa", "tamin.core.templatetags.rendering"],
        },
    }
]

# --- Data -------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# Persistent connections are checked before reuse, so a restarted database is survived.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server, eager jobs and tests write concurrently.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tamin.core.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="tamin"),
        }
    }
else:
    # One process (runserver, tests): an in-memory cache is enough; production sets REDIS_URL.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Fragments built from code and settings only (the page head, the footer, a role's
# dashboard cards): kept in each process's memory, never shared, never stale.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tamin-fragments",
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Idle timeout: a session lives SESSION_IDLE_MINUTES after the last activity;
# SessionIdleTouchMiddleware renews it at most once a minute (no write per request).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=20) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_INTERVAL_SECONDS = env.int("SESSION_TOUCH_INTERVAL_SECONDS", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Auth -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend whose get_user reads the principal cache.
    "tamin.accounts.principal.PrincipalModelBackend",
]
# How long a person's cached entry (user, roles, OTP devices) may live; saves and deletes
# drop it at once, this bounds an update made behind the ORM (tamin/accounts/principal.py).
PRINCIPAL_CACHE_SECONDS = env.int("PRINCIPAL_CACHE_SECONDS", default=120)
# The record pages' tables (and the app's record summary) are cached per person under their
# records' version, so any new record shows at once; this only bounds an unread entry's life.
RECORD_PAGES_CACHE_SECONDS = env.int("RECORD_PAGES_CACHE_SECONDS", default=3600)
# /healthz's advisory checks (a year without its figures) are cached this long; a change of
# the figures drops them at once (tamin/core/health.py).
HEALTH_ADVISORY_SECONDS = env.int("HEALTH_ADVISORY_SECONDS", default=60)
# /healthz's live checks (database, cache, broker) are asked at most once in this many seconds
# per process; 0 asks them on every poll (tamin/core/views.py).
HEALTH_LIVE_SECONDS = env.int("HEALTH_LIVE_SECONDS", default=1)
# The public directory's unfiltered lists are cached this long; a change to any place drops
# them at once (branches.apps).
DIRECTORY_CACHE_SECONDS = env.int("DIRECTORY_CACHE_SECONDS", default=600)
# A staff queue page (its count and rows) is kept until a case of its place changes, a new
# day begins or this many seconds pass (the applicant's and assignee's names in it).
CASE_QUEUE_CACHE_SECONDS = env.int("CASE_QUEUE_CACHE_SECONDS", default=60)
# Who works where (a person's memberships, a place's members) is cached this long at most; a
# change to a membership or a place renews it at once (branches/selectors/staff.py), a
# renamed person shows by then.
STAFF_CACHE_SECONDS = env.int("STAFF_CACHE_SECONDS", default=60)
# Django's rules with the portal's Persian messages («گذرواژه», formal Persian).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tamin.accounts.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "tamin.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "tamin.accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "tamin.accounts.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# A lockout is per account AND client address: a stranger who guesses an owner's password
# locks out himself, never the owner (who signs in from her own address). One client
# guessing across many accounts is stopped by the second set. The SMS code of the
# second step stops guessing spread over many addresses.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "national_code"
AXES_LOCKOUT_CALLABLE = "tamin.accounts.views.lockout_response"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Lockouts count per real client address: the one function every limit and audit row uses.
AXES_CLIENT_IP_CALLABLE = "tamin.core.net.client_ip"

# Reverse proxies in front of gunicorn that append to X-Forwarded-For (1 behind nginx;
# 0 = the peer address itself). AXES_PROXY_COUNT is the variable's former name.
TAMIN_TRUSTED_PROXY_COUNT = env.int(
    "TAMIN_TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0)
)

OTP_CODE_VALID_SECONDS = env.int("OTP_CODE_VALID_SECONDS", default=300)
OTP_MAX_WRONG_TRIES = env.int("OTP_MAX_WRONG_TRIES", default=5)
# Code sends per OTP_SEND_WINDOW_SECONDS, each purpose its own budget (docs/operations.md):
# sign-in per account, registration per mobile and per national code, reset per
# national code + mobile. Registration can never spend an account's sign-in budget.
OTP_SEND_WINDOW_SECONDS = env.int("OTP_SEND_WINDOW_SECONDS", default=3600)
OTP_LOGIN_SENDS_PER_WINDOW = env.int("OTP_LOGIN_SENDS_PER_WINDOW", default=5)
OTP_REGISTER_SENDS_PER_WINDOW = env.int("OTP_REGISTER_SENDS_PER_WINDOW", default=5)
OTP_RESET_SENDS_PER_WINDOW = env.int("OTP_RESET_SENDS_PER_WINDOW", default=5)
# Registration and reset starts per client address per window (probing for accounts);
# generous, since many phones share one carrier address.
OTP_REGISTER_STARTS_PER_CLIENT = env.int("OTP_REGISTER_STARTS_PER_CLIENT", default=30)
OTP_RESET_STARTS_PER_CLIENT = env.int("OTP_RESET_STARTS_PER_CLIENT", default=30)
OTP_RESEND_COOLDOWN_SECONDS = env.int("OTP_RESEND_COOLDOWN_SECONDS", default=60)
OTP_TOTP_ISSUER = "Tamin"
OTP_TOTP_THROTTLE_FACTOR = 1

# The mobile app's tokens (docs/api.md): a short-lived access token and a refresh token,
# each refresh spending the previous one (a device unused this many days signs in again).
API_ACCESS_MINUTES = env.int("API_ACCESS_MINUTES", default=15)
# An access token seen lately is authenticated from the cache (its sign-in and expiry) for
# this long at most; revoking or deleting it drops the entry at once.
API_ACCESS_CACHE_SECONDS = env.int("API_ACCESS_CACHE_SECONDS", default=120)
API_REFRESH_DAYS = env.int("API_REFRESH_DAYS", default=30)

IDENTITY_ADAPTER = env.str(
    "IDENTITY_ADAPTER", default="tamin.accounts.identity.EmbeddedIdentityAdapter"
)
# The civil-registry adapter (tamin.accounts.identity.HttpIdentityRegistryAdapter):
# endpoint, HTTP Basic credentials and timeout in seconds (docs/deploy.md).
IDENTITY_REGISTRY_URL = env.str("IDENTITY_REGISTRY_URL", default="")
IDENTITY_REGISTRY_USERNAME = env.str("IDENTITY_REGISTRY_USERNAME", default="")
IDENTITY_REGISTRY_PASSWORD = env.str("IDENTITY_REGISTRY_PASSWORD", default="")
IDENTITY_REGISTRY_TIMEOUT = env.float("IDENTITY_REGISTRY_TIMEOUT", default=5.0)

# --- Jobs -------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TIMEZONE = "Asia/Tehran"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A worker child that has grown past this (KiB, resident) is replaced after its task; a
# child recycled every so many tasks returns what a long-lived one keeps (docs/operations.md).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=512_000)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
# Deliveries of one task for one object that may die unfinished before the task gives up
# and marks the object failed (tamin.core.task_deliveries); counter rows kept this long.
TASK_MAX_DELIVERIES = env.int("TASK_MAX_DELIVERIES", default=3)
TASK_DELIVERY_RETENTION_DAYS = env.int("TASK_DELIVERY_RETENTION_DAYS", default=7)
CELERY_BEAT_SCHEDULE = {
    "core-task-deliveries-prune": {
        "task": "tamin.core.tasks.task_deliveries_prune_task",
        "schedule": 24 * 3600.0,
    },
    # --- Accounts: expired app tokens and sign-ins (nothing deleted could still be used)
    "accounts-api-sign-ins-prune": {
        "task": "tamin.accounts.tasks.api_sign_ins_prune_task",
        "schedule": 24 * 3600.0,
    },
    "notifications-sweep-stuck": {
        "task": "notifications.tasks.sweep_stuck_notifications_task",
        "schedule": 60.0,
    },
    # --- Branches: day-before appointment reminders and slots kept open ahead
    "branches-appointment-reminders": {
        "task": "branches.tasks.appointment_reminders_task",
        "schedule": 3600.0,
    },
    "branches-appointment-slots": {
        "task": "branches.tasks.appointment_slots_top_up_task",
        "schedule": 6 * 3600.0,
    },
    # --- Employers: re-queue list parses lost with their task (broker hiccup, killed worker)
    "employers-lists-requeue-stuck": {
        "task": "employers.tasks.monthly_lists_requeue_stuck_task",
        "schedule": 300.0,
    },
}

# --- Notifications ----------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="notifications.providers.FileSMSProvider")
SMS_OUTBOX_DIR = Path(env.str("SMS_OUTBOX_DIR", default=str(VAR_DIR / "outbox")))
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_API_KEY = env.str("SMS_GATEWAY_API_KEY", default="")
SMS_GATEWAY_SENDER = env.str("SMS_GATEWAY_SENDER", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
DELIVERY_RECEIPT_TOKEN = env.str("DELIVERY_RECEIPT_TOKEN", default="")
NOTIFICATION_STUCK_AFTER_SECONDS = env.int("NOTIFICATION_STUCK_AFTER_SECONDS", default=300)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=8)
# One send attempt holds its message this long; no other worker sends it meanwhile. Must
# outlast a status query plus a send (each up to SMS_GATEWAY_TIMEOUT); a system check says so.
SMS_SEND_LEASE_SECONDS = env.int("SMS_SEND_LEASE_SECONDS", default=30)
# Sign-in codes ("high") are swept often, with a threshold of one lease by default, so a code
# whose worker died is sent again well inside OTP_CODE_VALID_SECONDS (docs/operations.md).
NOTIFICATION_OTP_STUCK_AFTER_SECONDS = env.int(
    "NOTIFICATION_OTP_STUCK_AFTER_SECONDS", default=SMS_SEND_LEASE_SECONDS
)
NOTIFICATION_OTP_SWEEP_SECONDS = env.float("NOTIFICATION_OTP_SWEEP_SECONDS", default=10.0)
CELERY_BEAT_SCHEDULE["notifications-sweep-codes"] = {
    "task": "notifications.tasks.sweep_stuck_notifications_task",
    "schedule": NOTIFICATION_OTP_SWEEP_SECONDS,
    "kwargs": {"priority": "high"},
    # On the codes' own queue, so a backlog of ordinary work never delays it; a sweep
    # that waited longer than one interval is dropped, the next one does its job.
    "options": {"queue": "otp", "expires": NOTIFICATION_OTP_SWEEP_SECONDS},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@tamin.example")

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# The private file store (tamin/core/storage.py): monthly list files, case documents and
# issued PDFs; served by no URL. PRIVATE_STORAGE_BACKEND: "filesystem" (a directory; web
# and workers must share it) or "s3" (any S3-compatible bucket through django-storages).
# Left empty it is the filesystem, and production's checks warn until one is chosen.
PRIVATE_STORAGE_BACKEND = env.str("PRIVATE_STORAGE_BACKEND", default="")
PRIVATE_STORAGE_DIR = Path(env.str("PRIVATE_STORAGE_DIR", default=str(VAR_DIR / "private")))
if PRIVATE_STORAGE_BACKEND == "s3":
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("PRIVATE_STORAGE_S3_BUCKET"),
            "endpoint_url": env.str("PRIVATE_STORAGE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("PRIVATE_STORAGE_S3_REGION", default="") or None,
            "access_key": env.str("PRIVATE_STORAGE_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("PRIVATE_STORAGE_S3_SECRET_KEY", default="") or None,
            "location": env.str("PRIVATE_STORAGE_S3_PREFIX", default=""),
            # Private objects, never replaced: a name that exists gets a new one.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif PRIVATE_STORAGE_BACKEND in ("", "filesystem"):
    PRIVATE_STORAGE = {"BACKEND": "tamin.core.storage.PrivateFileSystemStorage"}
else:
    raise ValueError(
        f"PRIVATE_STORAGE_BACKEND must be filesystem or s3, not {PRIVATE_STORAGE_BACKEND!r}"
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False)
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy of every HTML page (tamin.core.middleware): our own files only,
# no inline script or style anywhere; images also from the map tile server. Report-only
# sends the same policy without enforcing it (to try a change on production first).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # data: for Bootstrap's and Swagger UI's inline SVG icons in CSS
    "img-src": ["'self'", "data:", "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL))],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if CSP_REPORT_URI := env.str("CSP_REPORT_URI", default=""):
    CSP_DIRECTIVES["report-uri"] = [CSP_REPORT_URI]

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tamin.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "tamin.core.api.exception_handler",
    # tamin.core.api: per account when signed in, per client address otherwise (docs/api.md).
    "DEFAULT_THROTTLE_CLASSES": [
        "tamin.core.api.AccountRateThrottle",
        "tamin.core.api.ClientAddressRateThrottle",
    ],
}
# "<n>/<second|minute|hour|day>" per scope; a scope left out is not limited.
API_THROTTLE_RATES = {
    "account": env.str("API_THROTTLE_ACCOUNT", default="300/minute"),
    "address": env.str("API_THROTTLE_ADDRESS", default="120/minute"),
}
# Payroll software keys (/api/v1/payroll/, docs/payroll-api.md): requests per key.
PAYROLL_API_THROTTLE = env.str("PAYROLL_API_THROTTLE", default="60/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Tamin e-services API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our static files (drf-spectacular-sidecar), no CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge image from the public validator service
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    # The one error shape and the error statuses of every operation (tamin/core/api_schema.py)
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tamin.core.api_schema.error_responses",
    ],
}

# --- Portal -----------------------------------------------------------------
# Developer conveniences (the outbox page) exist only while the file SMS backend is active.
DEV_OUTBOX_PAGE = env.bool("DEV_OUTBOX_PAGE", default=False)
USSD_CODE_DISPLAY = env.str("USSD_CODE_DISPLAY", default="*4*1420#")
# The USSD gateway (docs/ussd.md): the secret the operator's aggregator sends in X-Ussd-Secret
# (empty: the gateway answers 503; production refuses empty or placeholder, ussd.E001/E002),
# seconds a session lives after its last request, requests per number per minute, and
# whether staff may use the simulator page.
USSD_SHARED_SECRET = env.str("USSD_SHARED_SECRET", default="")
USSD_SESSION_SECONDS = env.int("USSD_SESSION_SECONDS", default=120)
USSD_REQUESTS_PER_MINUTE = env.int("USSD_REQUESTS_PER_MINUTE", default=30)
USSD_SIMULATOR_ENABLED = env.bool("USSD_SIMULATOR_ENABLED", default=True)
CONTACT_CENTRE_HOURS = env.json(
    "CONTACT_CENTRE_HOURS",
    default={
        "sat": "08-20",
        "sun": "08-20",
        "mon": "08-20",
        "tue": "08-20",
        "wed": "08-20",
        "thu": "08-16",
    },
)

# --- Branches: case documents -------------------------------------------------
# Uploads are checked by content; files live in the private store, area case-documents/.
BRANCH_DOCUMENT_MAX_BYTES = env.int("BRANCH_DOCUMENT_MAX_BYTES", default=5 * 1024 * 1024)
BRANCH_DOCUMENT_MAX_PAGES = env.int("BRANCH_DOCUMENT_MAX_PAGES", default=20)

# --- Branches: 1420 contact desk -----------------------------------------------
# The number people text their question to (shown on the contact page) [to confirm].
CONTACT_CENTRE_SMS_NUMBER = env.str("CONTACT_CENTRE_SMS_NUMBER", default="300001420")

# --- Branches: appointments ---------------------------------------------------
# How many days ahead slots are generated (and bookable).
APPOINTMENT_SLOT_DAYS = env.int("APPOINTMENT_SLOT_DAYS", default=30)

# --- Employers: monthly lists ---------------------------------------------------
# Per uploaded file; stored in the private store, area monthly-lists/.
MONTHLY_LIST_MAX_BYTES = env.int("MONTHLY_LIST_MAX_BYTES", default=20 * 1024 * 1024)
# How many errors of each rule the list page shows (the full report is paginated and in
# the CSV); kept with the list at parse time, so a change applies to lists parsed after it.
MONTHLY_LIST_ERRORS_SHOWN_PER_RULE = env.int("MONTHLY_LIST_ERRORS_SHOWN_PER_RULE", default=20)

# --- Employers: serving notices in bulk (employers.services.serving, docs/claims.md) -------
# Workshops one batch may serve; workshops served per chunk (one transaction each); how long
# one task serves before it queues the rest as a new task (under CELERY_TASK_SOFT_TIME_LIMIT);
# how long a queued or running batch may stand still before the sweeper queues it again.
SERVING_BATCH_MAX_WORKSHOPS = env.int("SERVING_BATCH_MAX_WORKSHOPS", default=50_000)
SERVING_BATCH_CHUNK_SIZE = env.int("SERVING_BATCH_CHUNK_SIZE", default=200)
SERVING_BATCH_RUN_SECONDS = env.int("SERVING_BATCH_RUN_SECONDS", default=30)
SERVING_BATCH_STUCK_AFTER_SECONDS = env.int("SERVING_BATCH_STUCK_AFTER_SECONDS", default=300)
# The Jalali day of the month from which each branch's monthly debt notices are served
# (1–29; 0 = no monthly debt notices).
SERVING_DEBT_NOTICE_DAY = env.int("SERVING_DEBT_NOTICE_DAY", default=1)
CELERY_BEAT_SCHEDULE["employers-serving-debt-monthly"] = {
    "task": "employers.tasks.serving_debt_batches_task",
    "schedule": 3 * 3600.0,  # idempotent per branch and month (a unique key)
}
CELERY_BEAT_SCHEDULE["employers-serving-requeue-stuck"] = {
    "task": "employers.tasks.serving_batches_requeue_stuck_task",
    "schedule": 60.0,
}

# --- Employers: payments -------------------------------------------------------
# The payment adapter (dotted path to a class implementing employers.payments.PaymentGateway);
# the default is the in-portal sandbox bank. See docs/payments.md.
PAYMENT_GATEWAY = env.str("PAYMENT_GATEWAY", default="employers.payments.sandbox.SandboxGateway")
# HMAC key of the sandbox bank's signed callback; empty = derived from SECRET_KEY.
PAYMENT_SANDBOX_SECRET = env.str("PAYMENT_SANDBOX_SECRET", default="")
# A real Shaparak IPG (employers.payments.ipg.SamanGateway): the terminal the bank issued,
# its token, payment-page, verify and reverse addresses, and the timeout in seconds.
PAYMENT_IPG_TERMINAL_ID = env.str("PAYMENT_IPG_TERMINAL_ID", default="")
PAYMENT_IPG_TOKEN_URL = env.str(
    "PAYMENT_IPG_TOKEN_URL", default="https://sep.shaparak.ir/onlinepg/onlinepg"
)
PAYMENT_IPG_PAYMENT_URL = env.str(
    "PAYMENT_IPG_PAYMENT_URL", default="https://sep.shaparak.ir/OnlinePG/OnlinePG"
)
PAYMENT_IPG_VERIFY_URL = env.str(
    "PAYMENT_IPG_VERIFY_URL",
    default="https://sep.shaparak.ir/verifyTxnRandomSessionkey/ipg/VerifyTransaction",
)
PAYMENT_IPG_REVERSE_URL = env.str(
    "PAYMENT_IPG_REVERSE_URL",
    default="https://sep.shaparak.ir/verifyTxnRandomSessionkey/ipg/ReverseTransaction",
)
PAYMENT_IPG_TIMEOUT = env.float("PAYMENT_IPG_TIMEOUT", default=10.0)
# Late-payment penalties (idempotent: one row per list per month late, however often it runs).
CELERY_BEAT_SCHEDULE["employers-penalties-post"] = {
    "task": "employers.tasks.penalties_post_task",
    "schedule": 6 * 3600.0,
}
# Objections: votes not appealed and rulings not objected to in their terms become final
# (idempotent; a term ends at the end of its last day, so a few runs a day suffice).
CELERY_BEAT_SCHEDULE["employers-objections-finality"] = {
    "task": "employers.tasks.objections_finality_sweep_task",
    "schedule": 3 * 3600.0,
}
# Installment plans: default those with a missed installment, remind of installments due
# within remind_days_before days (each reminder once; each default once).
CELERY_BEAT_SCHEDULE["employers-installments-sweep"] = {
    "task": "employers.tasks.installment_plans_sweep_task",
    "schedule": 6 * 3600.0,
    "kwargs": {"remind_days_before": 3},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
