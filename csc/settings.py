"""CSC settings: everything that differs between machines comes from the environment (see README, Configuration).

With no environment at all the project runs on the embedded default: a SQLite file and kombu's filesystem
broker under var/, so `make run` needs no server process. DATABASE_URL and REDIS_URL / CELERY_BROKER_URL
switch the same code to PostgreSQL and Redis (SPEC A-1, A-2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from csc.config import env_bool, env_database, env_email, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

# A local .env (written by `make setup`, never committed) fills in what the real environment leaves unset.
_env_file = os.environ.get("CSC_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file and Path(_env_file).is_file():
    environ.Env.read_env(_env_file, overwrite=False)

VAR_DIR = Path(env_str("CSC_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("Environment variable SECRET_KEY must be set to a private value when DEBUG is off.")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("Environment variable SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    # ours
    "csc",
    "accounts",
    "customers",
    "compliance",
    "tickets",
    "complaints",
    "callbacks",
    "quality",
    "duty",
    "callcenter",
    "notifications",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "csc.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.PasswordExpiryMiddleware",  # P-6
    "accounts.middleware.HtmxSignInMiddleware",  # an ended session sends the whole page to sign in
    "axes.middleware.AxesMiddleware",  # P-6: last, turns a lockout into its page
]

ROOT_URLCONF = "csc.urls"
WSGI_APPLICATION = "csc.wsgi.application"
ASGI_APPLICATION = "csc.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csc.context_processors.navigation",
            ],
            # |list_time |detail_time |report_date … (csc.text) and {% icon %} on every template.
            "builtins": ["csc.templatetags.csc_text", "csc.templatetags.icons"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'csc.sqlite3'}")}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers run beside the writer, IMMEDIATE avoids
    # "database is locked" on upgrade from read to write, and a busy timeout waits instead of failing.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    _db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured, otherwise the database (shared by web, worker and beat) ----------------
REDIS_URL = env_url("REDIS_URL", "", schemes={"redis", "rediss"}) if os.environ.get("REDIS_URL") else ""
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "csc_cache"}}

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: every request pushes expiry forward (P-6)

# --- I18N (X-5) ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names need `collectstatic` first (make setup does it); tests and DEBUG use plain names.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------------------------
vars().update(env_email("EMAIL_URL", "consolemail://"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "csc@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------------------
_broker_default = REDIS_URL or "filesystem://"
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", _broker_default, schemes={"redis", "rediss", "amqp", "amqps", "pyamqp", "filesystem"}
)
CELERY_BROKER_IS_EMBEDDED = CELERY_BROKER_URL.startswith("filesystem")
if CELERY_BROKER_IS_EMBEDDED:
    _queue_dir = VAR_DIR / "broker"
    for _folder in ("processed", "control"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True  # task name and args kept with the result: failures are readable in the admin
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
DJANGO_CELERY_BEAT_TZ_AWARE = True

# --- REST API (SPEC §7) ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "csc.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "csc.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "CSC API",
    "DESCRIPTION": "Customer-service centre: telephony integration, tickets, complaints, callbacks, reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- History (X-2) --------------------------------------------------------------------------------------
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Security -------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# HSTS preload is a promise to browser vendors about a public domain; an intranet host cannot make it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Logging --------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Product settings (defaults; supervisors change the per-category ones in the app) -------------------
CSC_DEMO_PASSWORD = "demo12345"

# --- Notifications, escalation and reports (R-1 … R-5) -------------------------------------------------
CSC_SITE_URL = env_str("CSC_SITE_URL", "http://127.0.0.1:8000")  # links in e-mails and webhook bodies
ESCALATION_SWEEP_MINUTES = env_int("ESCALATION_SWEEP_MINUTES", 5, minimum=1)
ESCALATION_GM_AFTER_HOURS = env_int("ESCALATION_GM_AFTER_HOURS", 24, minimum=0)  # past due this long → GM office
ESCALATION_TICKET_SUPERVISOR_AFTER_MINUTES = env_int("ESCALATION_TICKET_SUPERVISOR_AFTER_MINUTES", 30, minimum=0)
ESCALATION_REPLY_WARN_MINUTES = env_int("ESCALATION_REPLY_WARN_MINUTES", 30, minimum=0)  # owner warned before a promise
ESCALATION_DIGEST_ABOVE = env_int("ESCALATION_DIGEST_ABOVE", 20, minimum=1)  # more items at once → one summary
ESCALATION_LOAN_SUPERVISOR_AFTER_DAYS = env_int("ESCALATION_LOAN_SUPERVISOR_AFTER_DAYS", 2, minimum=0)  # P-4 loans
ESCALATION_LOAN_GM_AFTER_DAYS = env_int("ESCALATION_LOAN_GM_AFTER_DAYS", 7, minimum=0)
ESCALATION_ENFORCEMENT_OWNER_AFTER_HOURS = env_int("ESCALATION_ENFORCEMENT_OWNER_AFTER_HOURS", 24, minimum=0)  # P-3
ESCALATION_ENFORCEMENT_SUPERVISOR_AFTER_HOURS = env_int("ESCALATION_ENFORCEMENT_SUPERVISOR_AFTER_HOURS", 72, minimum=0)
ESCALATION_ENFORCEMENT_GM_AFTER_HOURS = env_int("ESCALATION_ENFORCEMENT_GM_AFTER_HOURS", 168, minimum=0)
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", [])  # private networks webhooks may reach
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
DAILY_REPORT_TIME = env_str("DAILY_REPORT_TIME", "07:30")  # Asia/Shanghai; the day before is reported
HEATING_SEASON_START = env_str("HEATING_SEASON_START", "11-01")  # month-day: the daily report's cumulative figures
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90, minimum=1)  # P-6
PASSWORD_REMIND_DAYS = env_int("PASSWORD_REMIND_DAYS", 7, minimum=1)

# --- Lists (D-2): an export holds at most this many rows; above it the list says so and exports nothing ------
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 200_000, minimum=1)

# --- Customers: a landline written without its area code is in the centre's own (customers/phones.py) ------
LOCAL_AREA_CODE = env_str("LOCAL_AREA_CODE", env_str("CALLCENTER_LOCAL_AREA_CODE", "010"))

# --- Call centre (K-1, K-2, K-3; callcenter/README.md) ---------------------------------------------------
# Answer within 3 rings (seeds 004, 001): a mainland ring cycle is about 5 s, so 3 rings is 15 s.
CALLCENTER_ANSWER_WITHIN_SECONDS = env_int("CALLCENTER_ANSWER_WITHIN_SECONDS", 15, minimum=1)
# K-10 (callcenter/metrics.py): a caller who hangs up within this many seconds is a short abandon, set apart; a call
# is "resolved at first contact" when the same number does not call again about the same kind of matter within
# CALLCENTER_REPEAT_CONTACT_DAYS days.
CALLCENTER_SHORT_ABANDON_SECONDS = env_int("CALLCENTER_SHORT_ABANDON_SECONDS", 5, minimum=0)
CALLCENTER_REPEAT_CONTACT_DAYS = env_int("CALLCENTER_REPEAT_CONTACT_DAYS", 3, minimum=1)
# The supervisor dashboard's figures refresh this often without reloading the page (D-1).
DASHBOARD_REFRESH_SECONDS = env_int("DASHBOARD_REFRESH_SECONDS", 30, minimum=5)
CALLCENTER_DESK_POLL_SECONDS = env_int("CALLCENTER_DESK_POLL_SECONDS", 1, minimum=1)  # screen-pop within 2 s
CALLCENTER_RECORDING_MAX_BYTES = env_int("CALLCENTER_RECORDING_MAX_BYTES", 200 * 1024 * 1024, minimum=1024)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {  # one schema name per call-centre choice set
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    "HangupCauseEnum": "callcenter.choices.HangupCause",
    "CallStatusEnum": "callcenter.choices.CallStatus",
    "CallEventTypeEnum": "callcenter.choices.CallEventType",
}

# Complaints (SPEC C-6, C-13): the outbox gateway keeps SMS on the machine; a real gateway is a dotted path.
SMS_BACKEND = env_str("SMS_BACKEND", "csc.sms.OutboxBackend")
COMPLAINT_FIRST_REPLY_HOURS = env_int("COMPLAINT_FIRST_REPLY_HOURS", 2, minimum=1)
COMPLAINT_STATUS_RATE = env_str("COMPLAINT_STATUS_RATE", "10/minute")
COMPLAINT_STATUS_PER_NUMBER_RATE = env_str("COMPLAINT_STATUS_PER_NUMBER_RATE", "20/hour")

# --- Customer-record protection (P-1 … P-7, X-3; compliance/README.md) ------------------------------------
# P-6: failed sign-ins lock the account (django-axes; the lockout counts survive restarts and are shared by all
# web nodes because they live in the database). The first backend only refuses locked accounts.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "accounts.auth_cache.CachedPermissionsBackend",  # ModelBackend, permission sets kept in the cache
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours, as django-axes counts
AXES_LOCKOUT_PARAMETERS = ["username"]  # lock the account whatever machine the attempts come from
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # the lockout page, or JSON for the API
AXES_HTTP_RESPONSE_CODE = 403
AXES_VERBOSE = False
# A call centre signs in from behind one NAT address: locking by address would lock every agent at once, so the
# lock is per account, and django-axes' warning about that is silenced on purpose.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "axes.W006"]
# P-6: the last N passwords cannot be used again; passwords expire after PASSWORD_MAX_AGE_DAYS (default 90).
PASSWORD_HISTORY_COUNT = env_int("PASSWORD_HISTORY_COUNT", 5, minimum=1)
AUTH_PASSWORD_VALIDATORS = [*AUTH_PASSWORD_VALIDATORS, {"NAME": "accounts.passwords.PasswordHistoryValidator"}]
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [  # the same authentication, refusing expired passwords
    "accounts.api.authentication.TokenAuthentication",
    "accounts.api.authentication.SessionAuthentication",
]
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {  # one name per choice set in the schema
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    "RequestedRecordEnum": "compliance.models.RequestedRecord",
    "DisclosureChannelEnum": "compliance.models.DisclosureChannel",
}
# Quality (K-4, K-8) and duty (K-7, K-9): one schema name per choice set ("kind", "state", "channel" recur).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    "MarkKindEnum": "quality.choices.MarkKind",
    "MarkStateEnum": "quality.choices.MarkState",
    "MarkSourceEnum": "quality.choices.MarkSource",
    "SheetKindEnum": "quality.choices.SheetKind",
    "SpotCheckPurposeEnum": "quality.choices.Purpose",
    "CheckerLevelEnum": "quality.choices.CheckerLevel",
    "IncidentKindEnum": "duty.choices.IncidentKind",
    "IncidentStateEnum": "duty.choices.IncidentState",
    "IncidentNoticeChannelEnum": "duty.choices.NoticeChannel",
    "HandoverStateEnum": "duty.choices.HandoverState",
    "HandoverItemKindEnum": "duty.choices.ItemKind",
    "SwapStateEnum": "duty.choices.SwapState",
}
# P-2: the service password locks after this many wrong attempts, for this long.
SERVICE_PASSWORD_MAX_FAILURES = env_int("SERVICE_PASSWORD_MAX_FAILURES", 5, minimum=1)
SERVICE_PASSWORD_LOCK_MINUTES = env_int("SERVICE_PASSWORD_LOCK_MINUTES", 30, minimum=1)
# P-3: an uploaded letter scan is a PDF, JPEG, PNG or TIFF (checked by content) of at most this size.
ENFORCEMENT_LETTER_MAX_BYTES = env_int("ENFORCEMENT_LETTER_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# P-1: a member of staff is flagged when one day's distinct customers exceed their peers' mean + N sigma
# (peers: the others holding the same role, over the window) and at least the floor.
UNUSUAL_ACCESS_WINDOW_DAYS = env_int("UNUSUAL_ACCESS_WINDOW_DAYS", 30, minimum=1)
UNUSUAL_ACCESS_SIGMA = env_int("UNUSUAL_ACCESS_SIGMA", 3, minimum=1)
UNUSUAL_ACCESS_MIN_CUSTOMERS = env_int("UNUSUAL_ACCESS_MIN_CUSTOMERS", 20, minimum=1)
UNUSUAL_ACCESS_EXCLUDED_ROLES = env_list("UNUSUAL_ACCESS_EXCLUDED_ROLES", ["integration_client"])
# P-7: days a record type is kept after it ended (customer: after the account was closed); 0 = kept permanently.
# Recordings are kept permanently (K-3) unless a policy sets RETENTION_RECORDING_DAYS.
RETENTION_DAYS = {
    "customer": env_int("RETENTION_CUSTOMER_DAYS", 3 * 365, minimum=0),
    "disclosure": env_int("RETENTION_DISCLOSURE_DAYS", 3 * 365, minimum=0),
    "enforcement_request": env_int("RETENTION_ENFORCEMENT_DAYS", 5 * 365, minimum=0),
    "recording": env_int("RETENTION_RECORDING_DAYS", 0, minimum=0),
}
